/* This file holds the subcommands that are not built yet; each module's
 * issue replaces its entry with a file of its own. */
#include "cli.h"

static int not_yet(const char *name)
{
    return cli_error(EXIT_USAGE, "'%s' is not implemented yet", name);
}

int cmd_rank(int argc, char **argv) { (void)argc; (void)argv; return not_yet("rank"); }

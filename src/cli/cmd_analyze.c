/* This file contains `jobmatch analyze`: each term-bearing token of a file,
 * with its text as written, its term and its byte offsets. */
#include <stdlib.h>

#include "cli/cli.h"

static const char usage[] =
    "usage: jobmatch analyze [--json] [--lang NAME] FILE|-\n"
    "Prints each token: its text as written, its term, its byte offsets.\n";

struct printer {
    int json;
    size_t count;
};

static int print_token(void *ud, const jm_token *t)
{
    struct printer *p = ud;
    if (p->json) {
        fputs(p->count ? ",\n  " : "\n  ", stdout);
        fputs("{\"text\":", stdout);
        json_str(stdout, t->text, t->text_len);
        fputs(",\"term\":", stdout);
        json_str(stdout, t->term, t->term_len);
        printf(",\"start\":%zu,\"end\":%zu}", t->start, t->end);
    } else {
        printf("%zu\t%zu\t%.*s\t%.*s\n", t->start, t->end, (int)t->text_len,
               t->text, (int)t->term_len, t->term);
    }
    p->count++;
    return 0;
}

int cmd_analyze(int argc, char **argv)
{
    cli_opts o;
    int st = cli_parse(argc, argv, 0, usage, &o);
    if (st >= 0) return st;
    if (o.nargs != 1) {
        free(o.args);
        return cli_error(EXIT_USAGE, "analyze takes one FILE (see --help)");
    }
    jm_engine *e = cli_engine(&o);
    size_t len;
    char *buf = e ? cli_read_file(o.args[0], &len) : NULL;
    st = EXIT_FAIL;
    if (buf) {
        struct printer p = { o.json, 0 };
        if (o.json) fputs("{\"tokens\":[", stdout);
        int rc = jm_analyze(e, buf, len, print_token, &p);
        if (o.json) fputs(p.count ? "\n]}\n" : "]}\n", stdout);
        st = rc ? cli_error(EXIT_FAIL, "%s: %s", o.args[0], jm_errmsg(e))
                : EXIT_OK;
    }
    free(buf);
    jm_engine_free(e);
    free(o.args);
    return cli_finish(st);
}

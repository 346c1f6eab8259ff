/* This file contains main(): it dispatches to the subcommands. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

static const char usage[] =
    "usage: jobmatch COMMAND [options] ARGS...\n"
    "\n"
    "  score    [opts] CV POSTING        score, coverage, per-section explanation\n"
    "  gaps     [opts] CV POSTING        missing keywords by score gain\n"
    "  keywords [opts] POSTING           what a posting asks for, by weight\n"
    "  rank     [opts] CV POSTINGS...    rank postings (files, folders, .jsonl, - for stdin)\n"
    "  rank --cvs [opts] POSTING CVS...  rank CVs for one posting\n"
    "  match    [opts] CVS POSTINGS...   many CVs x many postings, each posting read once\n"
    "  report   [-o FILE] CV POSTING     one self-contained HTML page (rank --html: a list)\n"
    "  sections [opts] FILE              how a CV or posting was split into sections\n"
    "  analyze  [opts] FILE              tokens, terms, offsets\n"
    "  model build|finalize|info|merge|occupations   background models, titles\n"
    "\n"
    "common options: --json, --top N, --model FILE, --lang NAME, --threads N,\n"
    "                --weights SPEC, --lexicon FILE, --stopwords FILE, --skills FILE,\n"
    "                --occupations FILE|none, --help, --version\n"
    "\n"
    "exit status: 0 success, 1 runtime failure, 2 usage error, 3 records skipped\n";

static const struct {
    const char *name;
    int (*fn)(int, char **);
} commands[] = {
    { "analyze", cmd_analyze },   { "sections", cmd_sections },
    { "model", cmd_model },       { "score", cmd_score },
    { "gaps", cmd_gaps },         { "keywords", cmd_keywords },
    { "rank", cmd_rank },         { "match", cmd_match },
    { "report", cmd_report },
};

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(usage, stderr);
        return EXIT_USAGE;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        fputs(usage, stdout);
        return cli_finish(EXIT_OK);
    }
    if (!strcmp(argv[1], "--version")) {
        printf("jobmatch %s\n", jm_version());
        return cli_finish(EXIT_OK);
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (!strcmp(argv[1], commands[i].name))
            return commands[i].fn(argc - 1, argv + 1);
    fprintf(stderr, "jobmatch: unknown command '%s'\n\n%s", argv[1], usage);
    return EXIT_USAGE;
}

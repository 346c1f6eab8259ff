/* This file contains `jobmatch rank`: postings ranked for one CV, or (with
 * --cvs) CVs ranked for one posting. */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

static const char usage[] =
    "usage: jobmatch rank [--json] [--top N] [--threads N] [--min-score S] [--dedup] CV POSTINGS...\n"
    "       jobmatch rank --cvs [--json] [--top N] [--min-score S] POSTING CVS...\n"
    "Ranks postings (JSON Lines, text or Markdown files, folders, - for stdin)\n"
    "for a CV, or CVs (files, folders, JSON Resume) for a posting.\n"
    "Malformed records are reported as FILE:LINE: reason, skipped and counted;\n"
    "the run then ends with exit status 3.\n";

static void print_json(const jm_rank_result *res, size_t n,
                       const jm_rank_stats *st, int dedup)
{
    fputs("{\"results\":[", stdout);
    for (size_t i = 0; i < n; i++) {
        fputs(i ? ",\n " : "\n ", stdout);
        cli_result_json(&res[i]);
    }
    printf("%s],\"ranked\":%llu,\"skipped\":%llu", n ? "\n" : "", st->ranked,
           st->skipped);
    if (dedup) printf(",\"duplicates\":%llu", st->duplicates);
    fputs("}\n", stdout);
}

static void print_text(const jm_rank_result *res, size_t n,
                       const jm_rank_stats *st, int dedup, int cvs)
{
    cli_results_text(res, n, cvs);
    printf("%llu %s ranked, %llu skipped", st->ranked, cvs ? "CVs" : "postings",
           st->skipped);
    if (dedup) printf(", %llu duplicates dropped", st->duplicates);
    putchar('\n');
}

int cmd_rank(int argc, char **argv)
{
    cli_opts o;
    int st = cli_parse(argc, argv, OPT_CVS | OPT_MIN_SCORE | OPT_DEDUP, usage, &o);
    if (st >= 0) return st;
    if (o.nargs < 2) {
        free(o.args);
        return cli_error(EXIT_USAGE, "rank takes %s (see --help)",
                         o.cvs ? "POSTING and CVS..." : "CV and POSTINGS...");
    }
    if (o.cvs && o.dedup) {
        free(o.args);
        return cli_error(EXIT_USAGE, "--dedup is for postings, not with --cvs");
    }
    jm_engine *e = cli_engine(&o);
    jm_doc *one = e ? cli_read_doc(e, o.cvs ? JM_DOC_POSTING : JM_DOC_CV,
                                   o.args[0]) : NULL;
    jm_rank_options opt = { o.top > 0 ? (size_t)o.top : (o.json ? 20 : 10),
                            (int)o.threads, o.min_score > 0 ? o.min_score : 0,
                            o.dedup };
    cli_reporter rep;
    cli_reporter_init(&rep);
    jm_rank_result *res = NULL;
    size_t n = 0;
    jm_rank_stats stats = {0};
    const char *const *paths = (const char *const *)o.args + 1;
    size_t n_paths = (size_t)o.nargs - 1;

    st = EXIT_FAIL;
    if (one) {
        int rc = o.cvs ? jm_rank_cvs(e, one, paths, n_paths, &opt, cli_on_skip, &rep,
                                     &res, &n, &stats)
                       : jm_rank_postings(e, one, paths, n_paths, &opt, cli_on_skip,
                                          cli_on_progress, &rep, &res, &n, &stats);
        cli_reporter_done(&rep);
        if (rc) {
            cli_error(EXIT_FAIL, "%s", jm_errmsg(e));
        } else {
            if (o.json) print_json(res, n, &stats, o.dedup);
            else print_text(res, n, &stats, o.dedup, o.cvs);
            st = stats.skipped ? EXIT_SKIPPED : EXIT_OK;
            if (stats.skipped)
                cli_error(EXIT_SKIPPED, "%llu malformed record%s skipped",
                          stats.skipped, stats.skipped == 1 ? "" : "s");
        }
    }
    jm_rank_results_free(res, n);
    jm_doc_free(one);
    jm_engine_free(e);
    free(o.args);
    return cli_finish(st);
}

/* This file contains `jobmatch match`: many CVs against many postings in
 * one pass (each posting read once), the top postings of each CV or the
 * top CVs of each posting. */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

static const char usage[] =
    "usage: jobmatch match [--json] [--top K] [--threads N] [--per cv|posting]\n"
    "                      [--min-score S] [--dedup] CVS POSTINGS...\n"
    "Matches every CV of CVS (a folder of Markdown, text or JSON Resume files,\n"
    "or a JSON Lines file of JSON Resumes) against the postings (JSON Lines,\n"
    "text or Markdown files, folders, - for stdin), each posting read once.\n"
    "--per cv (default): each CV's top K postings, as `rank --top K CV\n"
    "POSTINGS` gives them; --per posting: each posting's top K CVs, as the\n"
    "postings are scored. --json writes JSON Lines, one object per CV or\n"
    "posting. Bad CVs and malformed postings are reported, skipped and\n"
    "counted; the run then ends with exit status 3.\n";

/* What the callbacks print with; one ud serves them all, so the reporter
 * comes first (cli_on_skip and cli_on_progress read it there). */
typedef struct {
    cli_reporter rep;         /* skips and progress, on stderr */
    int json;
    int first;                /* no block printed yet (text) */
} printer;

static int print_cv(void *ud, size_t cv, const char *name,
                    const jm_rank_result *res, size_t n)
{
    printer *p = ud;
    (void)cv;
    if (p->json) {
        fputs("{\"cv\":", stdout);
        json_cstr(stdout, name);
        fputs(",\"results\":[", stdout);
        for (size_t i = 0; i < n; i++) {
            if (i) putchar(',');
            cli_result_json(&res[i]);
        }
        fputs("]}\n", stdout);
        return 0;
    }
    printf("%s== %s ==\n", p->first ? "" : "\n", name);
    p->first = 0;
    if (!n) puts("(no postings)");
    cli_results_text(res, n, 0);
    return 0;
}

static int print_posting(void *ud, const jm_rank_result *posting,
                         const jm_cv_hit *hits, size_t n)
{
    printer *p = ud;
    if (p->json) {
        fputs("{\"posting\":", stdout);
        json_cstr(stdout, posting->id);
        fputs(",\"title\":", stdout);
        json_cstr(stdout, posting->title);
        fputs(",\"results\":[", stdout);
        for (size_t i = 0; i < n; i++) {
            printf("%s{\"rank\":%zu,\"cv\":", i ? "," : "", hits[i].rank);
            json_cstr(stdout, hits[i].name);
            fputs(",\"score\":", stdout);
            json_num(stdout, hits[i].score);
            fputs(",\"coverage\":", stdout);
            json_num(stdout, hits[i].coverage);
            putchar('}');
        }
        fputs("]}\n", stdout);
        return 0;
    }
    printf("%s== %s%s%s [%s] ==\n", p->first ? "" : "\n",
           posting->title ? posting->title : "(no title)",
           posting->company ? " / " : "", posting->company ? posting->company : "",
           posting->id);
    p->first = 0;
    if (!n) puts("(no CVs)");
    /* the CV rows as rank --cvs prints them */
    jm_rank_result *rows = calloc(n + 1, sizeof *rows);
    if (!rows) return 1;   /* stops the run: the table would be missing */
    for (size_t i = 0; i < n; i++) {
        rows[i].rank = hits[i].rank;
        rows[i].id = (char *)hits[i].name;
        rows[i].score = hits[i].score;
        rows[i].coverage = hits[i].coverage;
    }
    cli_results_text(rows, n, 1);
    free(rows);
    return 0;
}

int cmd_match(int argc, char **argv)
{
    cli_opts o;
    int st = cli_parse(argc, argv, OPT_MIN_SCORE | OPT_DEDUP | OPT_PER, usage, &o);
    if (st >= 0) return st;
    if (o.nargs < 2) {
        free(o.args);
        return cli_error(EXIT_USAGE, "match takes CVS and POSTINGS... (see --help)");
    }
    printer pr = { .json = o.json, .first = 1 };
    cli_reporter_init(&pr.rep);
    jm_match_options opt = {
        .rank = { o.top > 0 ? (size_t)o.top : (o.json ? 20 : 10), (int)o.threads,
                  o.min_score > 0 ? o.min_score : 0, o.dedup },
        .per = o.per_posting ? JM_PER_POSTING : JM_PER_CV,
        .skip = cli_on_skip, .progress = cli_on_progress,
        .cv_results = print_cv, .posting_results = print_posting, .ud = &pr,
    };
    jm_rank_stats cvst = {0}, st_post = {0};
    jm_matcher *m = NULL;
    jm_engine *e = cli_engine(&o);
    int rc = e ? jm_matcher_new(e, &m) : JM_EINVAL;
    st = EXIT_FAIL;
    if (!rc) jm_matcher_set_threads(m, (int)o.threads);
    if (!rc) rc = jm_matcher_add_cvs(m, o.args[0], cli_on_skip, &pr.rep, &cvst);
    if (!rc)
        rc = jm_matcher_run(m, (const char *const *)o.args + 1, (size_t)o.nargs - 1,
                            &opt, &st_post);
    cli_reporter_done(&pr.rep);
    if (e && rc) {
        cli_error(EXIT_FAIL, "%s", jm_errmsg(e));
    } else if (e) {
        unsigned long long skipped = cvst.skipped + st_post.skipped;
        fprintf(stderr, "jobmatch: %llu CVs, %llu postings ranked, %llu skipped "
                "(%llu CVs, %llu postings)", cvst.ranked, st_post.ranked, skipped,
                cvst.skipped, st_post.skipped);
        if (o.dedup) fprintf(stderr, ", %llu duplicates dropped", st_post.duplicates);
        fprintf(stderr, ", %.2f s\n", cli_now() - pr.rep.start);
        st = skipped ? EXIT_SKIPPED : EXIT_OK;
    }
    jm_matcher_free(m);
    jm_engine_free(e);
    free(o.args);
    return cli_finish(st);
}

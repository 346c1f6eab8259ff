/* This file contains `jobmatch rank`: postings ranked for one CV, or (with
 * --cvs) CVs ranked for one posting. */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/html.h"

static const char usage[] =
    "usage: jobmatch rank [--json | --html [-o FILE]] [--top N] [--threads N] [--min-score S]\n"
    "                     [--dedup] CV POSTINGS...\n"
    "       jobmatch rank --cvs [--json] [--top N] [--min-score S] POSTING CVS...\n"
    "Ranks postings (JSON Lines, text or Markdown files, folders, - for stdin)\n"
    "for a CV, or CVs (files, folders, JSON Resume) for a posting.\n"
    "Malformed records are reported as FILE:LINE: reason, skipped and counted;\n"
    "the run then ends with exit status 3. --html writes the ranked list as one\n"
    "self-contained HTML page (to stdout, or to FILE with -o); each row opens\n"
    "its explanation.\n";

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

/* Up to three names from a list of the match, joined by commas. */
static void html_names(FILE *f, const char *label, const jm_match *m, int gaps)
{
    size_t n = gaps ? m->n_missing : m->n_matched;
    if (!n) return;
    const char *names[3];
    const char *shown[3];
    size_t k = 0;
    for (; k < n && k < 3; k++)
        names[k] = gaps ? m->missing[k].display : m->matched[k].display;
    /* gaps are distinct already (gaps list no word within a phrase above) */
    size_t n_shown = gaps ? k : cli_names_shown(names, k, shown, 3);
    fprintf(f, "%s: ", label);
    for (size_t j = 0; j < n_shown; j++) {
        if (j) fputs(", ", f);
        html_cstr(f, gaps ? names[j] : shown[j], 0);
    }
    fputs(". ", f);
}

/* The ranked list as a page: a row per posting (rank, score, coverage,
 * title, company, id, top matched terms and gaps) that opens its
 * explanation. */
static void print_html(FILE *f, const jm_rank_result *res, size_t n,
                       const jm_rank_stats *st, const cli_opts *o)
{
    char title[512];
    snprintf(title, sizeof title, "%zu postings ranked for %s \xE2\x80\x94 jobmatch", n,
             o->args[0]);
    html_begin(f, title);
    fputs("<header>\n<p class=\"kicker\">jobmatch rank</p>\n<h1>Postings ranked for the CV "
          "<code>", f);
    html_cstr(f, o->args[0], 0);
    fprintf(f, "</code></h1>\n<p>The best %zu of %llu postings ranked (%llu malformed records "
               "skipped", n, st->ranked, st->skipped);
    if (o->dedup) fprintf(f, ", %llu duplicates dropped", st->duplicates);
    fputs("). Open a row for its explanation.</p>\n</header>\n<main>\n<ol class=\"ranked\" "
          "aria-label=\"ranked postings\">\n", f);
    for (size_t i = 0; i < n; i++) {
        const jm_rank_result *x = &res[i];
        const jm_match *m = x->match;
        fprintf(f, "<li id=\"r%zu\"", x->rank);
        html_num_attr(f, "data-score", x->score);
        html_num_attr(f, "data-coverage", x->coverage);
        fputs(" data-id=\"", f);
        html_cstr(f, x->id, 1);
        fprintf(f, "\"><details><summary><span class=\"row\"><span class=\"rank\">%zu</span>"
                   "<span class=\"num\">score %.3f</span><span class=\"num\">coverage %.0f%%"
                   "</span><strong>", x->rank, x->score, x->coverage * 100);
        html_cstr(f, x->title ? x->title : "(no title)", 0);
        fputs("</strong>", f);
        if (x->company) {
            fputs("<span>", f);
            html_cstr(f, x->company, 0);
            fputs("</span>", f);
        }
        fputs("<span class=\"muted\">", f);
        html_cstr(f, x->id, 0);
        fputs("</span><span class=\"terms\">", f);
        if (m) {
            html_names(f, "matched", m, 0);
            html_names(f, "missing", m, 1);
        }
        fputs("</span></span></summary>\n", f);
        if (m) {
            fprintf(f, "<h2>%zu. ", x->rank);
            html_cstr(f, x->title ? x->title : x->id, 0);
            fputs(": where the score comes from</h2>\n", f);
            html_section_bars(f, m);
            html_matched_table(f, m, 10, 3);
            html_gaps_table(f, m, 10, 3);
        }
        fputs("</details></li>\n", f);
    }
    fputs("</ol>\n</main>\n", f);
    html_end(f, html_model_name(o->model));
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
    int st = cli_parse(argc, argv, OPT_CVS | OPT_MIN_SCORE | OPT_DEDUP | OPT_HTML | OPT_OUTPUT,
                       usage, &o);
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
    if ((o.html && (o.cvs || o.json)) || (o.output && !o.html)) {
        free(o.args);
        return cli_error(EXIT_USAGE, o.output && !o.html ? "-o is for --html"
                                                        : "--html ranks postings, without "
                                                          "--cvs or --json");
    }
    jm_engine *e = cli_engine(&o);
    jm_doc *one = e ? cli_read_doc(e, o.cvs ? JM_DOC_POSTING : JM_DOC_CV,
                                   o.args[0]) : NULL;
    jm_rank_options opt = { o.top > 0 ? (size_t)o.top : (o.json ? 20 : 10),
                            (int)o.threads, o.min_score > 0 ? o.min_score : 0,
                            o.dedup, o.html };
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
            st = stats.skipped ? EXIT_SKIPPED : EXIT_OK;
            if (o.html) {
                int created;
                FILE *f = cli_output_open(o.output, &created);
                if (f) print_html(f, res, n, &stats, &o);
                st = f ? cli_output_close(f, o.output, created, st) : EXIT_FAIL;
            } else if (o.json) {
                print_json(res, n, &stats, o.dedup);
            } else {
                print_text(res, n, &stats, o.dedup, o.cvs);
            }
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

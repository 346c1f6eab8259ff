/* This file contains `jobmatch model`: build (count a corpus), merge (add
 * counts of shards), finalize (prune and choose phrases), info, and
 * occupations (compile the occupation titles). */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

static const char usage[] =
    "usage: jobmatch model build -o OUT [--finalize [--min-df N]] CORPUS...\n"
    "       jobmatch model merge -o OUT COUNTS...\n"
    "       jobmatch model finalize -o OUT [--min-df N] COUNTS\n"
    "       jobmatch model info [--json] [--top N] [MODEL]\n"
    "       jobmatch model occupations -o OUT [--occupations FILE]\n"
    "\n"
    "build     counts the documents of every term and adjacent pair in CORPUS\n"
    "          (JSON Lines, text or Markdown files, folders, - for stdin) and\n"
    "          writes exact counts; shards' counts add up with merge. With\n"
    "          --finalize, writes a finalized model at once.\n"
    "merge     adds counts files made by the same analyzer.\n"
    "finalize  drops terms in fewer than N documents (--min-df, default 2) and\n"
    "          keeps the adjacent pairs that are phrases: the model that\n"
    "          --model FILE loads.\n"
    "info      documents, vocabulary, phrases, most and least frequent terms\n"
    "          (the built-in model when MODEL is not given).\n"
    "occupations  analyzes the occupation titles (the built-in ones or\n"
    "          --occupations FILE) and writes them compiled, as make model\n"
    "          makes data/occupations.bin, which is embedded.\n"
    "Malformed records are reported as FILE:LINE: reason and skipped (exit 3).\n";

/* Prints a skipped record. */
static int on_skip(void *ud, const char *file, size_t line, const char *reason)
{
    (void)ud;
    if (line) fprintf(stderr, "%s:%zu: %s\n", file, line, reason);
    else fprintf(stderr, "%s: %s\n", file, reason);
    return 0;
}

static void print_terms(const char *title, const jm_model_term *t, size_t n)
{
    if (!n) return;
    printf("%s\n", title);
    for (size_t i = 0; i < n; i++) printf("  %-32s %lld\n", t[i].term, t[i].df);
}

static void json_terms(const char *key, const jm_model_term *t, size_t n)
{
    printf(",\n  \"%s\": [", key);
    for (size_t i = 0; i < n; i++) {
        fputs(i ? ", {\"term\": " : "{\"term\": ", stdout);
        json_cstr(stdout, t[i].term);
        printf(", \"df\": %lld}", t[i].df);
    }
    putchar(']');
}

static int info(jm_engine *e, const cli_opts *o)
{
    const char *path = o->nargs > 1 ? o->args[1] : NULL;
    jm_model_info *mi;
    size_t k = o->top > 0 ? (size_t)o->top : 10;
    if (jm_model_info_read(e, path, k, &mi))
        return cli_error(EXIT_FAIL, "%s", jm_errmsg(e));
    const char *name = path ? path : "(built-in)";
    if (o->json) {
        fputs("{\n  \"model\": ", stdout);
        json_cstr(stdout, name);
        fputs(",\n  \"kind\": ", stdout);
        json_cstr(stdout, mi->kind);
        fputs(",\n  \"lang\": ", stdout);
        json_cstr(stdout, mi->lang);
        printf(",\n  \"analyzer\": \"%s\",\n  \"lexicon\": \"%s\",\n"
               "  \"stopwords\": \"%s\",\n  \"docs\": %llu,\n  \"terms\": %llu,\n"
               "  \"%s\": %llu", mi->analyzer, mi->lexicon, mi->stopwords, mi->docs,
               mi->terms, strcmp(mi->kind, "final") ? "pairs" : "phrases", mi->phrases);
        if (!strcmp(mi->kind, "final")) {
            printf(",\n  \"min_df\": %lld,\n  \"phrase_min_df\": %lld,\n"
                   "  \"phrase_min_g2\": ", mi->min_df, mi->phrase_min_df);
            json_num(stdout, mi->phrase_min_g2);
        }
        json_terms("most_frequent", mi->most, mi->n_most);
        json_terms("least_frequent", mi->least, mi->n_least);
        json_terms(strcmp(mi->kind, "final") ? "top_pairs" : "top_phrases",
                   mi->top_phrases, mi->n_top_phrases);
        fputs("\n}\n", stdout);
    } else {
        int fin = !strcmp(mi->kind, "final");
        printf("model       %s\n", name);
        printf("kind        %s\n", fin ? "final" : "counts (finalize before use)");
        printf("language    %s\n", mi->lang);
        printf("analyzer    %s (lexicon %s, stopwords %s)\n", mi->analyzer,
               mi->lexicon, mi->stopwords);
        printf("documents   %llu\n", mi->docs);
        printf("vocabulary  %llu terms\n", mi->terms);
        printf("%-11s %llu\n", fin ? "phrases" : "pairs", mi->phrases);
        if (fin)
            printf("finalized   terms in >= %lld documents; phrases in >= %lld "
                   "documents with G2 >= %g\n", mi->min_df, mi->phrase_min_df,
                   mi->phrase_min_g2);
        print_terms("most frequent terms (documents):", mi->most, mi->n_most);
        print_terms("least frequent terms (documents):", mi->least, mi->n_least);
        print_terms(fin ? "most frequent phrases (documents):"
                        : "most frequent pairs (documents):",
                    mi->top_phrases, mi->n_top_phrases);
    }
    jm_model_info_free(mi);
    return EXIT_OK;
}

int cmd_model(int argc, char **argv)
{
    cli_opts o;
    int st = cli_parse(argc, argv, OPT_OUTPUT | OPT_FINALIZE, usage, &o);
    if (st >= 0) return st;
    const char *sub = o.nargs ? o.args[0] : "";
    int is_build = !strcmp(sub, "build"), is_merge = !strcmp(sub, "merge");
    int is_fin = !strcmp(sub, "finalize"), is_info = !strcmp(sub, "info");
    int is_occ = !strcmp(sub, "occupations");
    const char *err = NULL;
    if (!is_build && !is_merge && !is_fin && !is_info && !is_occ)
        err = "model needs build, merge, finalize, info or occupations (see --help)";
    else if (!is_info && !o.output) err = "-o OUT is required";
    else if ((is_build || is_merge) && o.nargs < 2) err = "nothing to read";
    else if (is_fin && o.nargs != 2) err = "finalize takes one counts file";
    else if (is_info && o.nargs > 2) err = "info takes one model file";
    else if (is_occ && o.nargs > 1) err = "occupations takes no file (--occupations FILE)";
    else if ((o.finalize || o.min_df) && !is_build && !is_fin)
        err = "--finalize and --min-df go with build or finalize";
    else if (o.min_df && is_build && !o.finalize)
        err = "--min-df needs --finalize";
    if (err) {
        free(o.args);
        return cli_error(EXIT_USAGE, "%s", err);
    }
    /* counting must not depend on a model, and a model that does not fit
     * the analyzer must not stop the commands that make or show one */
    o.model = "none";
    o.skills = "none";
    jm_engine *e = cli_engine(&o);
    if (!e) { free(o.args); return EXIT_FAIL; }

    jm_model_stats stats;
    jm_finalize_options fin = { o.min_df, 0, 0 };
    const char *const *in = (const char *const *)o.args + 1;
    size_t n_in = (size_t)o.nargs - 1;
    int rc;
    if (is_info) {
        st = info(e, &o);
    } else if (is_occ) {
        st = jm_occupations_write(e, o.output) ? cli_error(EXIT_FAIL, "%s", jm_errmsg(e))
                                               : EXIT_OK;
    } else {
        if (is_build)
            rc = jm_model_build_write(e, in, n_in, o.output, o.finalize ? &fin : NULL,
                                      on_skip, NULL, &stats);
        else if (is_merge)
            rc = jm_model_merge(e, in, n_in, o.output, &stats);
        else
            rc = jm_model_finalize(e, in[0], o.output, &fin, &stats);
        if (rc) {
            st = cli_error(EXIT_FAIL, "%s", jm_errmsg(e));
        } else {
            if (is_build)
                fprintf(stderr, "jobmatch: %llu documents counted, %llu records "
                        "skipped\n", stats.docs, stats.skipped);
            fprintf(stderr, "jobmatch: wrote %s: %llu documents, %llu terms, "
                    "%llu %s\n", o.output, stats.docs, stats.terms, stats.pairs,
                    (is_fin || o.finalize) ? "phrases" : "pairs");
            st = stats.skipped ? EXIT_SKIPPED : EXIT_OK;
        }
    }
    jm_engine_free(e);
    free(o.args);
    return cli_finish(st);
}

/* Tests of the background model: counts on a small corpus checked by hand,
 * merge equals build, determinism, finalizing (pruning, phrases, idf),
 * damaged, truncated and foreign models refused, the built-in model in step
 * with the analyzer. */
#include "unit.h"
#include "score/engine.h"
#include "model/model.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

static char dir[64];

static int mkdir_tmp(void) { return unit_mkdtemp(dir, sizeof dir, "model"); }
static void rm_tmp(void) { unit_rmtree(dir); }
static const char *at(const char *name) { return unit_path(dir, name); }
static void put(const char *name, const char *text) { unit_put(dir, name, text); }

static char *get(const char *path, size_t *len)
{
    size_t l;
    char *s = unit_read(path, &l);
    if (len) *len = l;
    return s;
}

static int build(jm_engine *e, const char **paths, size_t n, const char *out,
                 const jm_finalize_options *fin)
{
    int rc = jm_model_build_write(e, paths, n, out, fin, NULL, NULL, NULL);
    CHECK_MSG(rc == JM_OK, "build: %s", jm_errmsg(e));
    return rc;
}

/* Two files have the same bytes. */
static int same_file(const char *a, const char *b)
{
    size_t la, lb;
    char *x = get(a, &la), *y = get(b, &lb);
    int same = x && y && la == lb && !memcmp(x, y, la);
    free(x);
    free(y);
    return same;
}

/* The hand-checked corpus: three one-line postings of words that neither the
 * stemmer nor the stopword list nor the lexicon changes. */
static void hand_corpus(void)
{
    mkdir(at("a"), 0700);
    mkdir(at("b"), 0700);
    put("a/1.txt", "alpha beta alpha beta\n");   /* a term counts once per doc */
    put("a/2.txt", "alpha beta. gamma\n");       /* '.' ends the clause: no pair */
    put("b/3.txt", "gamma delta\n");
}

TEST(model_build_should_count_documents_once_per_document)
{
    if (mkdir_tmp()) return;
    hand_corpus();
    jm_engine *e = unit_engine_no_model();
    if (!e) { rm_tmp(); return; }
    const char *paths[] = { at("a"), at("b") };
    jm_model_stats st;
    int rc = jm_model_build_write(e, paths, 2, at("all.jm"), NULL, NULL, NULL, &st);
    CHECK_MSG(rc == JM_OK, "%s", jm_errmsg(e));
    CHECK_INT(st.docs, 3);
    CHECK_INT(st.terms, 4);
    CHECK_INT(st.pairs, 3);
    char *s = get(at("all.jm"), NULL);
    CHECK(s != NULL);
    if (s) {
        CHECK(!strncmp(s, "jobmatch-model 1 kind=counts lang=english analyzer=", 51));
        CHECK(strstr(s, " docs=3 terms=4 pairs=3 fnv1a64=") != NULL);
        const char *body = strchr(s, '\n');
        /* term \t documents \t occurrences; then a \t b \t documents \t occurrences:
         * alpha: docs 1 and 2, 3 times; alpha->beta: docs 1 and 2, 3 times
         * (twice in doc 1); beta->alpha only in doc 1; gamma->delta in doc 3;
         * no beta->gamma across the full stop. */
        CHECK_STR(body ? body + 1 : NULL,
                  "alpha\t2\t3\n"
                  "beta\t2\t3\n"
                  "delta\t1\t1\n"
                  "gamma\t2\t2\n"
                  "alpha\tbeta\t2\t3\n"
                  "beta\talpha\t1\t1\n"
                  "gamma\tdelta\t1\t1\n");
    }
    free(s);
    jm_engine_free(e);
    rm_tmp();
}

TEST(model_merge_of_halves_should_equal_the_build_of_the_whole)
{
    if (mkdir_tmp()) return;
    hand_corpus();
    jm_engine *e = unit_engine_no_model();
    if (!e) { rm_tmp(); return; }
    const char *whole[] = { at("a"), at("b") };
    const char *half1[] = { at("a") }, *half2[] = { at("b") };
    build(e, whole, 2, at("whole.jm"), NULL);
    build(e, half1, 1, at("h1.jm"), NULL);
    build(e, half2, 1, at("h2.jm"), NULL);
    const char *parts[] = { at("h1.jm"), at("h2.jm") };
    CHECK_MSG(jm_model_merge(e, parts, 2, at("merged.jm"), NULL) == JM_OK, "%s", jm_errmsg(e));
    CHECK(same_file(at("whole.jm"), at("merged.jm")));
    /* the order of the shards does not matter either */
    const char *rev[] = { at("h2.jm"), at("h1.jm") };
    CHECK(jm_model_merge(e, rev, 2, at("merged2.jm"), NULL) == JM_OK);
    CHECK(same_file(at("whole.jm"), at("merged2.jm")));
    /* finalized models are pruned: merging them would not add up */
    jm_finalize_options fin = { 1, 1, 0.001 };
    CHECK(jm_model_finalize(e, at("whole.jm"), at("final.jm"), &fin, NULL) == JM_OK);
    const char *bad[] = { at("h1.jm"), at("final.jm") };
    CHECK_INT(jm_model_merge(e, bad, 2, at("x.jm"), NULL), JM_EMODEL);
    CHECK(strstr(jm_errmsg(e), "final.jm") != NULL);
    jm_engine_free(e);
    rm_tmp();
}

TEST(model_merge_should_equal_build_on_real_postings)
{
    UNIT_NEED_SHARED();
    if (mkdir_tmp()) return;
    jm_engine *e = unit_engine_no_model();
    if (!e) { rm_tmp(); return; }
    char p1[512], p2[512];
    snprintf(p1, sizeof p1, "%s/corpora/postings/linkedin-sample.jsonl", unit_shared());
    snprintf(p2, sizeof p2, "%s/corpora/postings/usajobs-duties-series.jsonl", unit_shared());
    const char *whole[] = { p1, p2 }, *h1[] = { p1 }, *h2[] = { p2 };
    const char *rev[] = { p2, p1 };
    build(e, whole, 2, at("whole.jm"), NULL);
    build(e, rev, 2, at("rev.jm"), NULL);
    build(e, h1, 1, at("h1.jm"), NULL);
    build(e, h2, 1, at("h2.jm"), NULL);
    const char *parts[] = { at("h1.jm"), at("h2.jm") };
    CHECK(jm_model_merge(e, parts, 2, at("merged.jm"), NULL) == JM_OK);
    CHECK(same_file(at("whole.jm"), at("merged.jm")));
    /* counts do not depend on the order documents come in */
    CHECK(same_file(at("whole.jm"), at("rev.jm")));
    /* and the finalized models are the same bytes too */
    CHECK(jm_model_finalize(e, at("whole.jm"), at("f1.jm"), NULL, NULL) == JM_OK);
    CHECK(jm_model_finalize(e, at("merged.jm"), at("f2.jm"), NULL, NULL) == JM_OK);
    CHECK(same_file(at("f1.jm"), at("f2.jm")));
    jm_engine_free(e);
    rm_tmp();
}

TEST(model_finalize_should_prune_rare_terms_and_keep_real_phrases)
{
    if (mkdir_tmp()) return;
    /* "zorb quix" always together: a collocation. "alpha" and "beta" are
     * frequent and meet 6 times, but less often than chance would have
     * them meet: not a phrase, although its document count passes. The
     * fillers fx.. are in one document each. */
    char name[32], text[160];
    for (int i = 0; i < 30; i++) {
        char f[4][8];
        for (int k = 0; k < 4; k++)
            snprintf(f[k], sizeof f[k], "fx%c%c", 'a' + i % 26, 'a' + k + 4 * (i / 26));
        snprintf(name, sizeof name, "p%02d.txt", i);
        if (i < 6)
            snprintf(text, sizeof text, "alpha beta %s alpha %s beta %s zorb quix\n",
                     f[1], f[2], f[3]);
        else
            snprintf(text, sizeof text, "alpha %s beta %s alpha %s beta %s zorb quix\n",
                     f[0], f[1], f[2], f[3]);
        put(name, text);
    }
    put("rare.txt", "alpha singleton\n");
    jm_engine *e = unit_engine_no_model();
    if (!e) { rm_tmp(); return; }
    const char *paths[] = { dir };
    jm_finalize_options fin = { 2, 5, 10.0 };
    build(e, paths, 1, at("final.jm"), &fin);
    jm_engine_free(e);

    jm_options o = { 0 };
    o.model_path = at("final.jm");
    int rc = jm_engine_new(&o, &e);
    CHECK_MSG(rc == JM_OK, "%s", jm_errmsg(e));
    if (!rc) {
        const struct jm_model *m = e->model;
        CHECK_INT(jm_model_docs(m), 31);
        CHECK_INT(jm_model_df(m, "alpha", 5), 31);
        CHECK_INT(jm_model_df(m, "zorb quix", 9), 30);     /* a phrase */
        CHECK_INT(jm_model_df(m, "singleton", 9), 0);      /* pruned: df 1 < 2 */
        CHECK_INT(jm_model_df(m, "alpha beta", 10), 0);    /* chance meetings */
        CHECK_INT(jm_model_df(m, "fxaa", 4), 0);
        CHECK_INT(jm_model_phrases(m), 1);
        CHECK_NEAR(jm_model_idf(m, "alpha", 5), log(32.0 / 32.0) + 1, 1e-12);
        CHECK_NEAR(jm_model_idf(m, "quix", 4), log(32.0 / 31.0) + 1, 1e-12);
        /* unseen: the idf of df = 0, the largest */
        CHECK_NEAR(jm_model_idf(m, "never", 5), log(32.0) + 1, 1e-12);
        CHECK_NEAR(jm_model_idf_unseen(m), log(32.0) + 1, 1e-12);
    }
    jm_engine_free(e);
    /* no model: every idf is 1 */
    CHECK_NEAR(jm_model_idf(NULL, "alpha", 5), 1.0, 0);
    CHECK_NEAR(jm_model_idf_unseen(NULL), 1.0, 0);
    CHECK_INT(jm_model_df(NULL, "alpha", 5), 0);
    rm_tmp();
}

/* Writes text to dir/name and tries to load it as the engine's model. */
static int try_load(const char *name, const char *text, size_t len, char *msg, size_t msglen)
{
    FILE *f = fopen(at(name), "wb");
    if (!f) return -1;
    fwrite(text, 1, len, f);
    fclose(f);
    jm_options o = { 0 };
    o.model_path = at(name);
    jm_engine *e;
    int rc = jm_engine_new(&o, &e);
    snprintf(msg, msglen, "%s", jm_errmsg(e));
    jm_engine_free(e);
    return rc;
}

TEST(model_load_should_refuse_damaged_truncated_and_foreign_models)
{
    if (mkdir_tmp()) return;
    hand_corpus();
    jm_engine *e = unit_engine_no_model();
    if (!e) { rm_tmp(); return; }
    const char *paths[] = { at("a"), at("b") };
    jm_finalize_options fin = { 1, 1, 0.001 };
    build(e, paths, 2, at("good.jm"), &fin);
    build(e, paths, 2, at("counts.jm"), NULL);
    jm_engine_free(e);
    size_t len, clen;
    char *good = get(at("good.jm"), &len);
    char *counts = get(at("counts.jm"), &clen);
    if (!good || !counts) { CHECK(good && counts); free(good); free(counts); rm_tmp(); return; }
    char msg[1024], *bad = malloc(len + 64);
    const char *hdr_end = strchr(good, '\n');
    size_t body = (size_t)(hdr_end - good) + 1;

    CHECK_INT(try_load("ok.jm", good, len, msg, sizeof msg), JM_OK);

    static const struct { const char *what, *expect; } rows[] = {
        /* a flipped byte in the body (disk or copy damage) */
        { "flip", "checksum" },
        /* the file cut short (an interrupted download) */
        { "truncate", "checksum" },
        /* cut inside the header */
        { "header-cut", "truncated" },
        /* some other file given as --model */
        { "not-model", "not a jobmatch model" },
        /* a model from a future jobmatch */
        { "version", "format version 2" },
        /* made by another analyzer (lexicon or stopwords changed) */
        { "analyzer", "does not fit this analyzer: the analyzer changed" },
        /* a counts file (build without finalize) */
        { "counts", "finalize" },
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        const char *w = rows[i].what;
        size_t n = len;
        memcpy(bad, good, len);
        if (!strcmp(w, "flip")) bad[body + 2] ^= 0x20;
        else if (!strcmp(w, "truncate")) n = len - 7;
        else if (!strcmp(w, "header-cut")) n = 40;
        else if (!strcmp(w, "not-model")) { memcpy(bad, "hello, world\n", 13); n = 13; }
        else if (!strcmp(w, "version")) bad[15] = '2';
        else if (!strcmp(w, "analyzer")) {
            char *a = strstr(bad, "analyzer=");
            a[9] = a[9] == '0' ? '1' : '0';
        } else if (!strcmp(w, "counts")) { memcpy(bad, counts, clen); n = clen; }
        int rc = try_load(w, bad, n, msg, sizeof msg);
        CHECK_MSG(rc == JM_EMODEL, "%s: rc %d (%s)", w, rc, msg);
        CHECK_MSG(strstr(msg, rows[i].expect) != NULL, "%s: message '%s'", w, msg);
        CHECK_MSG(strstr(msg, w) != NULL, "%s: the message does not name the file: '%s'", w, msg);
    }
    free(bad);
    free(good);
    free(counts);
    rm_tmp();
}

TEST(model_parse_should_survive_allocation_failures)
{
    if (mkdir_tmp()) return;
    hand_corpus();
    jm_engine *e = unit_engine_no_model();
    if (!e) { rm_tmp(); return; }
    const char *paths[] = { at("a"), at("b") };
    jm_finalize_options fin = { 1, 1, 0.001 };
    build(e, paths, 2, at("good.jm"), &fin);
    size_t len;
    char *s = get(at("good.jm"), &len);
    int ok = 0;
    for (long n = 0; s && n < 50 && !ok; n++) {
        struct jm_model *m = NULL;
        jm_alloc_fail_after(n);
        jm_model_env env;
        jm_engine_model_env(e, NULL, &env);
        int rc = jm_model_parse(&env, s, len, "good.jm", &m);
        jm_alloc_fail_after(-1);
        CHECK(rc == JM_OK || rc == JM_ENOMEM);
        ok = rc == JM_OK;
        if (ok) CHECK_INT(jm_model_df(m, "gamma", 5), 2);
        jm_model_free(m);
    }
    CHECK(ok);
    free(s);
    jm_engine_free(e);
    rm_tmp();
}

/* Collects skipped records. */
static int on_skip(void *ud, const char *file, size_t line, const char *reason)
{
    char *out = ud;
    size_t n = strlen(out);
    snprintf(out + n, 512 - n, "%s:%zu: %s\n", strrchr(file, '/') + 1, line, reason);
    return 0;
}

TEST(model_build_should_report_malformed_records_and_count_the_rest)
{
    if (mkdir_tmp()) return;
    put("p.jsonl", "{\"title\":\"Nurse\",\"description\":\"Care for patients\"}\n"
                   "{\"title\":\"Broken\n"
                   "{\"company\":\"No text\"}\n"
                   "{\"title\":\"Welder\"}\n");
    jm_engine *e = unit_engine_no_model();
    if (!e) { rm_tmp(); return; }
    const char *paths[] = { at("p.jsonl") };
    char skipped[512] = "";
    jm_model_stats st;
    int rc = jm_model_build_write(e, paths, 1, at("m.jm"), NULL, on_skip, skipped, &st);
    CHECK_MSG(rc == JM_OK, "%s", jm_errmsg(e));
    CHECK_INT(st.docs, 2);
    CHECK_INT(st.skipped, 2);
    CHECK_STR(skipped, "p.jsonl:2: invalid JSON: unterminated string at column 10\n"
                       "p.jsonl:3: no description or title\n");
    /* a missing input is an error, and nothing is written */
    const char *missing[] = { at("nope.jsonl") };
    CHECK_INT(jm_model_build_write(e, missing, 1, at("n.jm"), NULL, NULL, NULL, NULL), JM_EIO);
    CHECK(strstr(jm_errmsg(e), "nope.jsonl") != NULL);
    struct stat sb;
    CHECK(stat(at("n.jm"), &sb) != 0);
    jm_engine_free(e);
    rm_tmp();
}

TEST(model_info_should_summarize_a_model)
{
    if (mkdir_tmp()) return;
    hand_corpus();
    jm_engine *e = unit_engine_no_model();
    if (!e) { rm_tmp(); return; }
    const char *paths[] = { at("a"), at("b") };
    build(e, paths, 2, at("c.jm"), NULL);
    jm_model_info *mi;
    int rc = jm_model_info_read(e, at("c.jm"), 2, &mi);
    CHECK_MSG(rc == JM_OK, "%s", jm_errmsg(e));
    if (!rc) {
        CHECK_STR(mi->kind, "counts");
        CHECK_INT(mi->docs, 3);
        CHECK_INT(mi->terms, 4);
        CHECK_INT(mi->phrases, 3);
        CHECK_INT(mi->n_most, 2);
        CHECK_STR(mi->most[0].term, "alpha");     /* df 2, ties by bytes */
        CHECK_STR(mi->most[1].term, "beta");
        CHECK_STR(mi->least[0].term, "delta");    /* df 1 */
        CHECK_STR(mi->top_phrases[0].term, "alpha beta");
        jm_model_info_free(mi);
    }
    jm_engine_free(e);
    rm_tmp();
}

TEST(builtin_model_should_match_the_current_analyzer)
{
    /* The built-in model (data/model.jm) is tied to the analyzer, lexicon
     * and stopwords by a fingerprint. When any of them changes, every
     * engine refuses it until the model is rebuilt. */
    jm_engine *e;
    int rc = jm_engine_new(NULL, &e);
    CHECK_MSG(rc != JM_EMODEL,
              "data/model.jm no longer matches the analyzer (lexicon, stopwords "
              "or analyzer code changed): run `make model`, make, and commit "
              "data/model.jm (%s)", jm_errmsg(e));
    CHECK_MSG(rc == JM_OK, "engine: %s", jm_errmsg(e));
    jm_engine_free(e);
}

/* Recomputes the header's checksum of a model in place (the header's
 * fnv1a64 field is the last 16 characters of its line). */
static void fix_checksum(char *s, size_t len)
{
    char *nl = memchr(s, '\n', len);
    if (!nl || nl - s < 17) return;
    uint64_t h = jm_fnv1a64(nl + 1, len - (size_t)(nl + 1 - s), JM_FNV_SEED);
    char hex[17];
    snprintf(hex, sizeof hex, "%016llx", (unsigned long long)h);
    memcpy(nl - 16, hex, 16);
}

TEST(model_parse_should_refuse_crafted_bodies_without_crashing)
{
    /* Files with a valid checksum but a mangled body (a hand edit, a bad
     * tool): the line parser must refuse or accept them, never read out of
     * bounds (run under SANITIZE=1). */
    if (mkdir_tmp()) return;
    hand_corpus();
    jm_engine *e = unit_engine_no_model();
    if (!e) { rm_tmp(); return; }
    const char *paths[] = { at("a"), at("b") };
    jm_finalize_options fin = { 1, 1, 0.001 };
    build(e, paths, 2, at("final.jm"), &fin);
    build(e, paths, 2, at("counts.jm"), NULL);
    static const char junk[] = "\t\n 0123456789az\x01\xff";
    unsigned seed = 12345;
    for (int which = 0; which < 2; which++) {
        size_t len;
        char *good = get(at(which ? "counts.jm" : "final.jm"), &len);
        if (!good) { CHECK(good != NULL); continue; }
        char *s = malloc(len + 1);
        size_t body = (size_t)(strchr(good, '\n') - good) + 1;
        int accepted = 0;
        for (int round = 0; round < 3000; round++) {
            memcpy(s, good, len + 1);
            size_t n = len;
            int edits = 1 + round % 3;
            for (int k = 0; k < edits; k++) {
                seed = seed * 1103515245u + 12345u;
                size_t at_ = body + (seed >> 8) % (n - body);
                seed = seed * 1103515245u + 12345u;
                if (round % 7 == 0) n = at_ + 1;   /* cut the file */
                else s[at_] = junk[(seed >> 8) % (sizeof junk - 1)];
            }
            s[n] = '\0';
            fix_checksum(s, n);
            struct jm_model *m = NULL;
            jm_model_env env;
            jm_engine_model_env(e, NULL, &env);
            int rc = jm_model_parse(&env, s, n, "fuzz.jm", &m);
            CHECK_MSG(rc == JM_OK || rc == JM_EMODEL, "round %d: rc %d", round, rc);
            if (!rc) {
                accepted++;
                (void)jm_model_idf(m, "alpha", 5);
            }
            jm_model_free(m);
        }
        /* some edits keep the file valid (a digit for a digit) */
        CHECK(accepted < 3000);
        free(s);
        free(good);
    }
    jm_engine_free(e);
    rm_tmp();
}

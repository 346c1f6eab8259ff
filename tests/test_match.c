/* Tests of matching (jm_matcher_*) on the real CVs of
 * ../shared/eval/cvs-vanetik and ../shared/cv/seed-cv.md against real
 * postings of ../shared/corpora/postings: each CV's results are those of
 * jm_rank_postings() (ids, scores, coverage, matched words, order), every
 * score is jm_score()'s for the pair, the output is the same for any
 * thread count, per posting mode gives each posting's best CVs by
 * jm_score(), and bad CVs are skipped and counted. Fault injection along
 * the match path is in tests/test_faults.c. */
#include "unit.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* The postings these tests read: 763 real ones of two sources. */
static const char *const posting_files[] = { "linkedin-sample.jsonl", "skillspan.jsonl" };

static void posting_paths(char paths[2][512])
{
    for (size_t i = 0; i < 2; i++)
        snprintf(paths[i], sizeof paths[i], "%s/corpora/postings/%s", unit_shared(),
                 posting_files[i]);
}

/* Every result of a run, per CV, kept for comparison. */
typedef struct {
    size_t n_cv;
    char **names;             /* per CV */
    jm_rank_result **res;     /* per CV: deep copies */
    size_t *n;
} collected;

static char *dup(const char *s)
{
    if (!s) return NULL;
    char *d = malloc(strlen(s) + 1);
    if (d) strcpy(d, s);
    return d;
}

static int collect_cv(void *ud, size_t cv, const char *name, const jm_rank_result *res,
                      size_t n)
{
    collected *c = ud;
    CHECK_MSG(cv == c->n_cv, "CV %zu reported out of order (expected %zu)", cv, c->n_cv);
    size_t i = c->n_cv++;
    c->names = realloc(c->names, c->n_cv * sizeof *c->names);
    c->res = realloc(c->res, c->n_cv * sizeof *c->res);
    c->n = realloc(c->n, c->n_cv * sizeof *c->n);
    c->names[i] = dup(name);
    c->n[i] = n;
    c->res[i] = calloc(n + 1, sizeof **c->res);
    for (size_t k = 0; k < n; k++) {
        jm_rank_result *x = &c->res[i][k];
        *x = res[k];
        x->id = dup(res[k].id);
        x->title = dup(res[k].title);
        x->company = dup(res[k].company);
        x->file = dup(res[k].file);
        for (size_t j = 0; j < res[k].n_matched; j++) x->matched[j] = dup(res[k].matched[j]);
    }
    return 0;
}

static void collected_free(collected *c)
{
    for (size_t i = 0; i < c->n_cv; i++) {
        for (size_t k = 0; k < c->n[i]; k++) {
            jm_rank_result *x = &c->res[i][k];
            free(x->id);
            free(x->title);
            free(x->company);
            free(x->file);
            for (size_t j = 0; j < x->n_matched; j++) free(x->matched[j]);
        }
        free(c->res[i]);
        free(c->names[i]);
    }
    free(c->names);
    free(c->res);
    free(c->n);
    memset(c, 0, sizeof *c);
}

static int count_skip(void *ud, const char *file, size_t line, const char *reason)
{
    (void)file, (void)line;
    CHECK_MSG(reason && *reason, "a skip without a reason");
    ++*(int *)ud;
    return 0;
}

/* A matcher with the real CVs: the seed CV, then the folder (whose
 * vacancies.jsonl holds 5 postings, which are not CVs: skipped). */
static jm_matcher *real_matcher(jm_engine *e, jm_doc **seed)
{
    char path[512];
    jm_matcher *m = NULL;
    snprintf(path, sizeof path, "%s/cv/seed-cv.md", unit_shared());
    size_t len;
    char *text = unit_read(path, &len);
    CHECK_MSG(text != NULL, "cannot read %s", path);
    if (!text) return NULL;
    CHECK(jm_doc_read(e, JM_DOC_CV, text, len, path, seed) == JM_OK);
    free(text);
    CHECK(jm_matcher_new(e, &m) == JM_OK);
    CHECK(jm_matcher_add_cv(m, *seed, "seed") == JM_OK);
    snprintf(path, sizeof path, "%s/eval/cvs-vanetik", unit_shared());
    int skipped = 0;
    jm_rank_stats st = { 0 };
    CHECK_MSG(jm_matcher_add_cvs(m, path, count_skip, &skipped, &st) == JM_OK, "%s",
              jm_errmsg(e));
    CHECK_INT(st.ranked, 65);
    CHECK_INT(st.skipped, 5);
    CHECK_INT(skipped, 5);
    CHECK_INT(jm_matcher_cv_count(m), 66);
    return m;
}

static int run(jm_matcher *m, size_t top, int threads, collected *c, jm_rank_stats *st)
{
    char paths[2][512];
    posting_paths(paths);
    const char *p[2] = { paths[0], paths[1] };
    jm_match_options opt = { 0 };
    opt.rank.top = top;
    opt.rank.threads = threads;
    opt.cv_results = collect_cv;
    opt.ud = c;
    return jm_matcher_run(m, p, 2, &opt, st);
}

/* The document of CV i of a run over real_matcher(): the seed (i = 0) or
 * its file read again; NULL (and a failure) when it cannot be read. Free
 * with jm_doc_free() (the seed is the caller's: not for i = 0). */
static jm_doc *cv_again(jm_engine *e, const collected *c, size_t i, jm_doc *seed)
{
    if (i == 0) return seed;
    size_t len;
    jm_doc *cv = NULL;
    char *text = unit_read(c->names[i], &len);
    if (!text || jm_doc_read(e, JM_DOC_CV, text, len, c->names[i], &cv))
        CHECK_MSG(0, "cannot read %s", c->names[i]);
    free(text);
    return cv;
}

/* The real CVs in a matcher, and one run over the real postings. */
typedef struct {
    jm_engine *e;             /* the default engine */
    jm_doc *seed;             /* the seed CV (CV 0) */
    jm_matcher *m;            /* the seed and the 65 CVs of the folder */
    collected c;              /* the run's results */
    jm_rank_stats st;         /* its counts */
} real_run;

/* Makes r and runs it with top and threads; failures are the test's. */
static void real_run_open(real_run *r, size_t top, int threads)
{
    memset(r, 0, sizeof *r);
    r->e = unit_engine(NULL);
    r->m = r->e ? real_matcher(r->e, &r->seed) : NULL;
    if (r->m) CHECK_MSG(run(r->m, top, threads, &r->c, &r->st) == JM_OK, "%s", jm_errmsg(r->e));
    CHECK_INT(r->c.n_cv, 66);
    CHECK_INT(r->st.ranked, 763);
}

static void real_run_close(real_run *r)
{
    collected_free(&r->c);
    jm_matcher_free(r->m);
    jm_doc_free(r->seed);
    jm_engine_free(r->e);
}

TEST(match_should_give_each_cv_the_results_of_rank)
{
    UNIT_NEED_SHARED();
    real_run rr;
    real_run_open(&rr, 15, 2);
    jm_engine *e = rr.e;
    const collected c = rr.c;
    char paths[2][512];
    posting_paths(paths);
    const char *p[2] = { paths[0], paths[1] };
    /* each CV of the folder (and the seed), ranked alone, one thread */
    for (size_t i = 0; i < c.n_cv; i++) {
        jm_doc *cv = e ? cv_again(e, &c, i, rr.seed) : NULL;
        if (!cv) continue;
        jm_rank_options ro = { 0 };
        ro.top = 15;
        ro.threads = 1;
        jm_rank_result *r = NULL;
        size_t n = 0;
        CHECK(jm_rank_postings(e, cv, p, 2, &ro, NULL, NULL, NULL, &r, &n, NULL) == JM_OK);
        CHECK_MSG(n == c.n[i], "%s: rank gives %zu results, match %zu", c.names[i], n, c.n[i]);
        for (size_t k = 0; k < n && k < c.n[i]; k++) {
            const jm_rank_result *a = &r[k], *b = &c.res[i][k];
            CHECK_MSG(!strcmp(a->id, b->id) && a->score == b->score &&
                          a->coverage == b->coverage && a->rank == b->rank &&
                          a->input_index == b->input_index && a->line == b->line &&
                          a->n_matched == b->n_matched,
                      "%s, rank %zu: rank has %s %.17g, match %s %.17g", c.names[i], k + 1,
                      a->id, a->score, b->id, b->score);
            for (size_t j = 0; j < a->n_matched && j < b->n_matched; j++)
                CHECK_MSG(!strcmp(a->matched[j], b->matched[j]), "%s: matched %s vs %s",
                          c.names[i], a->matched[j], b->matched[j]);
        }
        jm_rank_results_free(r, n);
        if (cv != rr.seed) jm_doc_free(cv);
    }
    real_run_close(&rr);
}

/* The line'th line (1-based) of a file, or NULL. */
static char *line_of(const char *path, size_t line, size_t *len)
{
    size_t n;
    char *text = unit_read(path, &n);
    if (!text) return NULL;
    char *s = text;
    for (size_t i = 1; i < line && s; i++) {
        s = strchr(s, '\n');
        if (s) s++;
    }
    char *out = NULL;
    if (s) {
        char *end = strchr(s, '\n');
        *len = end ? (size_t)(end - s) : strlen(s);
        out = malloc(*len + 1);
        if (out) {
            memcpy(out, s, *len);
            out[*len] = '\0';
        }
    }
    free(text);
    return out;
}

TEST(match_scores_should_equal_what_score_gives_for_the_pair)
{
    UNIT_NEED_SHARED();
    real_run rr;
    real_run_open(&rr, 5, 2);
    jm_engine *e = rr.e;
    const collected c = rr.c;
    size_t checked = 0, merged = 0;
    /* the seed and every 8th CV: each of its results scored by jm_score */
    for (size_t i = 0; i < c.n_cv; i += 8) {
        jm_doc *cv = e ? cv_again(e, &c, i, rr.seed) : NULL;
        size_t len;
        for (size_t k = 0; cv && k < c.n[i]; k++) {
            const jm_rank_result *x = &c.res[i][k];
            char *rec = line_of(x->file, x->line, &len);
            jm_doc *d = NULL;
            jm_match *sm = NULL;
            CHECK_MSG(rec != NULL, "cannot read %s:%zu", x->file, x->line);
            if (rec && !jm_doc_read(e, JM_DOC_POSTING, rec, len, x->id, &d) &&
                !jm_score(e, cv, d, &sm)) {
                CHECK_MSG(sm->score == x->score && sm->coverage == x->coverage,
                          "%s x %s: score %.17g/%.17g, match %.17g/%.17g", c.names[i], x->id,
                          sm->score, sm->coverage, x->score, x->coverage);
                /* the same first entries, a role term within its word's
                 * entry on both paths ("Developer, Developer, Java" was
                 * rank's list for a developer's CV) */
                size_t want = sm->n_matched < 3 ? sm->n_matched : 3;
                CHECK_MSG(x->n_matched == want, "%s x %s: %zu matched, score has %zu",
                          c.names[i], x->id, x->n_matched, sm->n_matched);
                for (size_t j = 0; j < x->n_matched && j < sm->n_matched; j++) {
                    CHECK_MSG(!strcmp(sm->matched[j].display, x->matched[j]),
                              "%s x %s: matched %s vs %s", c.names[i], x->id,
                              sm->matched[j].display, x->matched[j]);
                    merged += sm->matched[j].role_contribution > 0;
                }
                checked++;
            }
            jm_match_free(sm);
            jm_doc_free(d);
            free(rec);
        }
        if (cv != rr.seed) jm_doc_free(cv);
    }
    CHECK_MSG(checked >= 40, "only %zu pairs checked", checked);
    /* developers' CVs against postings titled Developer: the pairing is
     * exercised */
    CHECK_MSG(merged >= 10, "only %zu listed words hold their role term", merged);
    real_run_close(&rr);
}

TEST(match_should_give_the_same_results_for_any_thread_count)
{
    UNIT_NEED_SHARED();
    real_run rr;
    real_run_open(&rr, 25, 1);
    const collected one = rr.c;
    collected many = { 0 };
    jm_rank_stats s3 = { 0 };
    /* the same matcher runs again */
    if (rr.m) CHECK(run(rr.m, 25, 3, &many, &s3) == JM_OK);
    CHECK_INT(one.n_cv, many.n_cv);
    CHECK_INT(rr.st.ranked, s3.ranked);
    for (size_t i = 0; i < one.n_cv && i < many.n_cv; i++) {
        CHECK_INT(one.n[i], many.n[i]);
        for (size_t k = 0; k < one.n[i] && k < many.n[i]; k++)
            CHECK_MSG(!strcmp(one.res[i][k].id, many.res[i][k].id) &&
                          one.res[i][k].score == many.res[i][k].score,
                      "%s rank %zu: %s vs %s", one.names[i], k + 1, one.res[i][k].id,
                      many.res[i][k].id);
    }
    collected_free(&many);
    real_run_close(&rr);
}

/* Per posting mode: the hits of a few postings, kept. */
typedef struct {
    size_t seen;              /* postings reported */
    size_t last_index;        /* input_index of the last one */
    jm_engine *e;
    jm_matcher *m;
    jm_doc **cvs;             /* every CV, by index, to score by jm_score */
    size_t checked;
} by_posting;

static int check_posting(void *ud, const jm_rank_result *posting, const jm_cv_hit *hits,
                         size_t n)
{
    by_posting *b = ud;
    CHECK_MSG(b->seen == 0 || posting->input_index > b->last_index,
              "posting %s out of input order", posting->id);
    b->last_index = posting->input_index;
    if (b->seen++ % 97) return 0;   /* every 97th posting, by brute force */
    size_t len;
    char *rec = line_of(posting->file, posting->line, &len);
    jm_doc *d = NULL;
    if (!rec || jm_doc_read(b->e, JM_DOC_POSTING, rec, len, posting->id, &d)) {
        CHECK_MSG(0, "cannot read %s:%zu", posting->file, posting->line);
        free(rec);
        return 0;
    }
    /* every CV scored by jm_score: the hits are the best, in order */
    size_t n_cv = jm_matcher_cv_count(b->m);
    double *all = calloc(n_cv, sizeof *all);
    for (size_t i = 0; all && i < n_cv; i++) {
        jm_match *sm = NULL;
        if (!jm_score(b->e, b->cvs[i], d, &sm)) all[i] = sm->score;
        jm_match_free(sm);
    }
    CHECK_INT(n, 4);
    for (size_t k = 0; all && k < n; k++) {
        const jm_cv_hit *h = &hits[k];
        CHECK_MSG(h->score == all[h->cv], "%s x CV %zu: %.17g, jm_score %.17g", posting->id,
                  h->cv, h->score, all[h->cv]);
        CHECK(!strcmp(h->name, jm_matcher_cv_name(b->m, h->cv)));
        CHECK_INT(h->rank, k + 1);
        /* no CV left out scores above the last hit (or ties it earlier) */
        for (size_t i = 0; k == n - 1 && i < n_cv; i++) {
            int in = 0;
            for (size_t j = 0; j < n; j++) in |= hits[j].cv == i;
            CHECK_MSG(in || all[i] < h->score || (all[i] == h->score && i > h->cv),
                      "%s: CV %zu (%.17g) left out above %.17g", posting->id, i, all[i],
                      h->score);
        }
    }
    b->checked++;
    free(all);
    jm_doc_free(d);
    free(rec);
    return 0;
}

TEST(match_per_posting_should_give_each_posting_its_best_cvs_by_score)
{
    UNIT_NEED_SHARED();
    jm_engine *e = unit_engine(NULL);
    jm_matcher *m = NULL;
    jm_doc *cvs[80] = { 0 };
    size_t n_cv = 0;
    char path[512];
    /* the CVs added one by one, as documents (the API's other way in) */
    CHECK(e && jm_matcher_new(e, &m) == JM_OK);
    for (int i = 1; m && i <= 65; i++) {
        snprintf(path, sizeof path, "%s/eval/cvs-vanetik/%d.txt", unit_shared(), i);
        size_t len;
        char *text = unit_read(path, &len);
        if (!text) continue;
        if (!jm_doc_read(e, JM_DOC_CV, text, len, path, &cvs[n_cv])) {
            CHECK(jm_matcher_add_cv(m, cvs[n_cv], path) == JM_OK);
            n_cv++;
        }
        free(text);
    }
    CHECK_INT(n_cv, 65);
    by_posting b = { 0, 0, e, m, cvs, 0 };
    char paths[2][512];
    posting_paths(paths);
    const char *p[2] = { paths[0], paths[1] };
    jm_match_options opt = { 0 };
    opt.rank.top = 4;
    opt.rank.threads = 2;
    opt.per = JM_PER_POSTING;
    opt.posting_results = check_posting;
    opt.ud = &b;
    jm_rank_stats st = { 0 };
    if (m) CHECK_MSG(jm_matcher_run(m, p, 2, &opt, &st) == JM_OK, "%s", jm_errmsg(e));
    CHECK_INT(b.seen, 763);
    CHECK_INT(b.checked, 8);
    for (size_t i = 0; i < n_cv; i++) jm_doc_free(cvs[i]);
    jm_matcher_free(m);
    jm_engine_free(e);
}

TEST(match_should_skip_and_count_bad_cvs_and_match_the_others)
{
    UNIT_NEED_SHARED();
    char dir[64];
    if (unit_mkdtemp(dir, sizeof dir, "match")) return;
    char src[512];
    snprintf(src, sizeof src, "%s/eval/cvs-vanetik/1.txt", unit_shared());
    size_t len;
    char *real = unit_read(src, &len);
    CHECK(real != NULL);
    unit_put(dir, "a-real.txt", real ? real : "");
    unit_put(dir, "b-empty.txt", "");
    FILE *f = fopen(unit_path(dir, "c-binary.md"), "wb");
    if (f) {
        fwrite("\x89PNG\r\n\x1a\n\0\0\0", 1, 12, f);
        fclose(f);
    }
    unit_put(dir, "d-resumes.jsonl",
             "{\"id\":\"ann\",\"basics\":{\"name\":\"Ann\",\"summary\":\"Java developer\"},"
             "\"skills\":[{\"name\":\"Java\",\"keywords\":[\"SQL\",\"Spring\"]}]}\n"
             "{\"basics\":{\"name\":\"Bob\",\"summary\":\"Nurse\"}}\n"
             "{\"basics\":\n");
    jm_engine *e = unit_engine(NULL);
    jm_matcher *m = NULL;
    int skipped = 0;
    jm_rank_stats st = { 0 };
    CHECK(e && jm_matcher_new(e, &m) == JM_OK);
    if (m) CHECK(jm_matcher_add_cvs(m, dir, count_skip, &skipped, &st) == JM_OK);
    /* the real CV and two resumes of the JSON Lines; the empty file, the
     * binary one and the broken line are skipped */
    CHECK_INT(st.ranked, 3);
    CHECK_INT(st.skipped, 3);
    CHECK_INT(skipped, 3);
    CHECK_INT(jm_matcher_cv_count(m), 3);
    if (m) {
        CHECK(!strcmp(jm_matcher_cv_name(m, 0), unit_path(dir, "a-real.txt")));
        CHECK(!strcmp(jm_matcher_cv_name(m, 1), "ann"));   /* its id */
        const char *bob = jm_matcher_cv_name(m, 2);
        const char *want = unit_path(dir, "d-resumes.jsonl");
        CHECK_MSG(!strncmp(bob, want, strlen(want)) && !strcmp(bob + strlen(want), ":2"),
                  "a resume without an id is named %s", bob);
        CHECK(jm_matcher_cv_name(m, 3) == NULL);
        collected c = { 0 };
        CHECK(run(m, 3, 2, &c, &st) == JM_OK);
        CHECK_INT(c.n_cv, 3);
        for (size_t i = 0; i < c.n_cv; i++) CHECK_INT(c.n[i], 3);
        collected_free(&c);
    }
    /* a CV set that cannot be opened is an error naming it */
    jm_matcher *m2 = NULL;
    CHECK(e && jm_matcher_new(e, &m2) == JM_OK);
    if (m2) {
        CHECK(jm_matcher_add_cvs(m2, unit_path(dir, "missing"), NULL, NULL, NULL) == JM_EIO);
        CHECK(strstr(jm_errmsg(e), "missing") != NULL);
    }
    jm_matcher_free(m2);
    jm_matcher_free(m);
    jm_engine_free(e);
    free(real);
    unit_rmtree(dir);
}

TEST(match_over_documents_in_memory_should_equal_match_over_their_file)
{
    UNIT_NEED_SHARED();
    char path[512];
    snprintf(path, sizeof path, "%s/corpora/postings/linkedin-sample.jsonl", unit_shared());
    size_t len;
    char *text = unit_read(path, &len);
    CHECK_MSG(text != NULL, "cannot read %s", path);
    jm_engine *e = unit_engine(NULL);
    jm_doc *seed = NULL;
    jm_matcher *m = e && text ? real_matcher(e, &seed) : NULL;
    /* the file's lines as documents, read as the corpus reads them */
    jm_doc *docs[600] = { 0 };
    size_t n = 0;
    for (char *s = text, *end; s && *s && n < 600; s = end ? end + 1 : NULL) {
        end = strchr(s, '\n');
        size_t l = end ? (size_t)(end - s) : strlen(s);
        char name[600];
        snprintf(name, sizeof name, "%s:%zu", path, n + 1);
        CHECK(jm_doc_read(e, JM_DOC_POSTING, s, l, name, &docs[n]) == JM_OK);
        n++;
    }
    CHECK_INT(n, 500);
    collected a = { 0 }, b = { 0 };
    jm_match_options opt = { 0 };
    opt.rank.top = 6;
    opt.cv_results = collect_cv;
    opt.ud = &a;
    const char *p[1] = { path };
    jm_rank_stats sa = { 0 }, sb = { 0 };
    if (m) CHECK(jm_matcher_run(m, p, 1, &opt, &sa) == JM_OK);
    opt.ud = &b;
    if (m) CHECK(jm_matcher_run_docs(m, (const jm_doc *const *)docs, n, &opt, &sb) == JM_OK);
    CHECK_INT(sa.ranked, 500);
    CHECK_INT(sb.ranked, 500);
    CHECK_INT(a.n_cv, b.n_cv);
    for (size_t i = 0; i < a.n_cv && i < b.n_cv; i++) {
        CHECK_INT(a.n[i], b.n[i]);
        for (size_t k = 0; k < a.n[i] && k < b.n[i]; k++) {
            const jm_rank_result *x = &a.res[i][k], *y = &b.res[i][k];
            CHECK_MSG(!strcmp(x->id, y->id) && x->score == y->score &&
                          x->coverage == y->coverage && x->input_index == y->input_index &&
                          x->n_matched == y->n_matched && !strcmp(y->file, "") && y->line == 0,
                      "%s rank %zu: file %s %.17g, documents %s %.17g", a.names[i], k + 1,
                      x->id, x->score, y->id, y->score);
        }
    }
    collected_free(&a);
    collected_free(&b);
    for (size_t i = 0; i < n; i++) jm_doc_free(docs[i]);
    jm_matcher_free(m);
    jm_doc_free(seed);
    jm_engine_free(e);
    free(text);
}

/* Writes the postings of the floor tests: n postings titled Python whose
 * description says "Python." 1, 2, ... 60 times, over and over (as
 * sentences: adjacent words would also count as the pair term
 * "python|python", which the CV lacks). Each scores
 * exactly 1 against a CV that says only Python (one term on both sides:
 * the cosine is x / x), while its x (log1p(tf) x idf) varies, and x x
 * (1 / x) is 1 - 2^-53 for about a quarter of them. */
static void put_python_postings(const char *dir, size_t n)
{
    size_t cap = n * 600 + 1, len = 0;
    char *text = malloc(cap);
    if (!text) return;
    for (size_t i = 0; i < n; i++) {
        len += (size_t)snprintf(text + len, cap - len,
                                "{\"id\":\"p%zu\",\"title\":\"Python\",\"description\":\"", i + 1);
        for (size_t k = 0; k <= i % 60; k++)
            len += (size_t)snprintf(text + len, cap - len, "%sPython", k ? ". " : "");
        len += (size_t)snprintf(text + len, cap - len, "\"}\n");
    }
    unit_put(dir, "postings.jsonl", text);
    free(text);
}

/* Matches the CVs of folder cvs against postings with top, min and
 * threads, and checks each CV's results against jm_rank_postings() of it
 * alone (ids, scores, order); returns how many results the first CV got. */
static size_t match_as_rank(jm_engine *e, const char *cvs, const char *postings,
                            size_t top, double min, int threads)
{
    jm_matcher *m = NULL;
    collected c = { 0 };
    CHECK(jm_matcher_new(e, &m) == JM_OK);
    if (!m) return 0;
    CHECK(jm_matcher_add_cvs(m, cvs, NULL, NULL, NULL) == JM_OK);
    jm_match_options opt = { 0 };
    opt.rank.top = top;
    opt.rank.min_score = min;
    opt.rank.threads = threads;
    opt.cv_results = collect_cv;
    opt.ud = &c;
    const char *p[1] = { postings };
    CHECK_MSG(jm_matcher_run(m, p, 1, &opt, NULL) == JM_OK, "%s", jm_errmsg(e));
    for (size_t i = 0; i < c.n_cv; i++) {
        size_t len;
        char *text = unit_read(c.names[i], &len);
        jm_doc *cv = NULL;
        CHECK(text && jm_doc_read(e, JM_DOC_CV, text, len, c.names[i], &cv) == JM_OK);
        free(text);
        jm_rank_options ro = { 0 };
        ro.top = top;
        ro.min_score = min;
        ro.threads = 1;
        jm_rank_result *r = NULL;
        size_t n = 0;
        if (cv) CHECK(jm_rank_postings(e, cv, p, 1, &ro, NULL, NULL, NULL, &r, &n, NULL) == JM_OK);
        CHECK_MSG(n == c.n[i], "%s, top %zu, min %g, %d threads: rank gives %zu results, "
                  "match %zu", c.names[i], top, min, threads, n, c.n[i]);
        for (size_t k = 0; k < n && k < c.n[i]; k++)
            CHECK_MSG(!strcmp(r[k].id, c.res[i][k].id) && r[k].score == c.res[i][k].score,
                      "%s rank %zu: rank has %s %.17g, match %s %.17g", c.names[i], k + 1,
                      r[k].id, r[k].score, c.res[i][k].id, c.res[i][k].score);
        jm_rank_results_free(r, n);
        jm_doc_free(cv);
    }
    size_t first = c.n_cv ? c.n[0] : 0;
    collected_free(&c);
    jm_matcher_free(m);
    return first;
}

/* The gate that passes a pair over before its score is computed
 * (match.c's set_floor()) must never drop a pair that can enter: here
 * every posting scores exactly the minimum score (1), and the bound,
 * computed with 1 / x where the score divides by x, falls an ulp below 1
 * for many of them; a gate without its margin kept 45 of 60. Also ties
 * at the floor on two threads (the shared floor equals every score).
 * One CV alone (every posting touches it: the dense pass) and with 39
 * CVs that share nothing (the listed candidates). */
TEST(match_should_keep_pairs_scoring_exactly_the_floor_or_the_minimum)
{
    char dir[256];
    if (unit_mkdtemp(dir, sizeof dir, "floor")) return;
    jm_engine *e = unit_engine(NULL);
    put_python_postings(dir, 1200);   /* over two batches: both threads work */
    char postings[300], one[300], many[300];
    snprintf(postings, sizeof postings, "%s", unit_path(dir, "postings.jsonl"));
    snprintf(one, sizeof one, "%s", unit_path(dir, "one"));
    snprintf(many, sizeof many, "%s", unit_path(dir, "many"));
    CHECK(mkdir(one, 0700) == 0 && mkdir(many, 0700) == 0);
    unit_put(one, "python.md", "Python\n");
    unit_put(many, "00-python.md", "Python\n");
    for (int i = 1; i < 40; i++) {
        char name[32], text[64];
        snprintf(name, sizeof name, "%02d-other.md", i);
        snprintf(text, sizeof text, "Welding%c%c and carpentry\n", 'a' + i / 26, 'a' + i % 26);
        unit_put(many, name, text);
    }
    for (int t = 1; e && t <= 2; t++) {
        CHECK_INT(match_as_rank(e, one, postings, 2000, 1, t), 1200);
        CHECK_INT(match_as_rank(e, many, postings, 2000, 1, t), 1200);
        CHECK_INT(match_as_rank(e, one, postings, 5, 1, t), 5);
        CHECK_INT(match_as_rank(e, many, postings, 7, 0, t), 7);
    }
    jm_engine_free(e);
    unit_rmtree(dir);
}

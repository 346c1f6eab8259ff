/* Fault injection along the public paths: every allocation of a score run
 * (engine, CV and posting read, jm_score, jm_keywords), of the rank runs
 * (jm_rank_postings on 2 threads, jm_rank_cvs) and of the match runs
 * (jm_matcher_*, per cv and per posting) fails in turn, N = 0, 1, ...
 * until a run meets no failure. At each N the run must either fail cleanly
 * (JM_ENOMEM and "out of memory" on the engine) or, where a failure is
 * recoverable (a cache that cannot grow, a thread that cannot start), give
 * exactly the output of the run without failures: never a crash, never a
 * silently different answer. Leaks are caught by LeakSanitizer (make test
 * SANITIZE=1; checked at the end of each sweep) or valgrind (VALGRIND=1).
 *
 * The data are tiny (a model built here from four postings, the test
 * lexicon, no skills model) so that each sweep takes a few seconds even
 * under the sanitizers. cJSON allocates through global hooks, which the
 * library leaves alone (they belong to the whole program); the sweeps route
 * them to the same failing allocator here, and accept "invalid JSON"
 * (JM_EINPUT) when that allocation was cJSON's: cJSON cannot tell the two
 * apart (see libjobmatch(3), Memory). */
#include "unit.h"
#include "base/common.h"

#include <cjson/cJSON.h>
#include <stdatomic.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>

#if defined(__has_feature)   /* clang */
#if __has_feature(address_sanitizer)
#define JM_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(JM_ASAN)   /* gcc, clang */
#include <sanitizer/lsan_interface.h>
#define LEAK_CHECK() __lsan_do_recoverable_leak_check()
#else
#define LEAK_CHECK() 0
#endif

#define MAX_N 200000L   /* a sweep that never ends is a bug of its own */

static char dir[64];

static const char *at(const char *name) { return unit_path(dir, name); }
static void put(const char *name, const char *text) { unit_put(dir, name, text); }

/* cJSON through the failing allocator; notes when one of its allocations
 * was refused (worker threads parse too). */
static atomic_int cjson_refused;

static void *cjson_malloc(size_t n)
{
    void *p = jm_malloc(n);
    if (!p) atomic_store(&cjson_refused, 1);
    return p;
}

static void route_cjson(void)
{
    cJSON_Hooks h = { cjson_malloc, jm_free };
    cJSON_InitHooks(&h);
}

/* A run's output, written into a fixed buffer (no allocation of its own). */
typedef struct {
    char s[16384];
    size_t n;
} out_t;

static void say(out_t *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say(out_t *o, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(o->s + o->n, sizeof o->s - o->n, fmt, ap);
    va_end(ap);
    if (k > 0) o->n = JM_MIN(o->n + (size_t)k, sizeof o->s - 1);
}

/* The data: a tiny model built from four postings, a CV, a posting, a
 * JSON Lines file (a flat record, one with an array field that takes
 * cJSON's path, a malformed line, a duplicate) and a folder of CVs (a
 * Markdown one and a JSON Resume). */
static int make_data(void)
{
    if (unit_mkdtemp(dir, sizeof dir, "faults")) return -1;
    mkdir(at("corpus"), 0700);
    mkdir(at("cvs"), 0700);
    put("corpus/1.txt", "Data engineer\nPython, SQL, Kubernetes. Machine learning pipelines.\n");
    put("corpus/2.txt", "Nurse\nPatient care, machine learning is not needed. Care plans.\n");
    put("corpus/3.txt", "Java developer\nJava, Spring, SQL and Kubernetes; data pipelines.\n");
    put("corpus/4.txt", "Accountant\nLedgers, audits and budget reports; Excel.\n");
    put("cv.md", "# Jane Doe\nData engineer, formerly Java developer\n\n"
                 "## Skills\nPython, SQL, k8s, machine learning\n\n"
                 "## Experience\nBuilt data pipelines withPython (2019-2023), S QL.\n");
    put("posting.txt", "Senior Data Engineer\n\nRequirements:\n- Python and SQL\n"
                       "- Kubernetes, machine learning pipelines\n\nBenefits: care plans\n");
    put("postings.jsonl",
        "{\"id\":\"a\",\"title\":\"Data Engineer\",\"description\":\"Python, SQL, machine learning pipelines\"}\n"
        "{\"id\":\"b\",\"title\":\"Nurse\",\"description\":\"Patient care plans\",\"skills\":[\"care\",\"plans\"]}\n"
        "{\"id\":\"c\",\"title\":\n"
        "{\"id\":\"d\",\"title\":\"Java developer\",\"description\":\"Java, SQL and Kubernetes\"}\n"
        "{\"id\":\"e\",\"title\":\"Data Engineer\",\"description\":\"Python, SQL, machine learning pipelines\"}\n");
    put("posting.json", "{\"title\": \"Data Engineer\", \"company\": \"X\", "
                        "\"description\": \"About us\\nWe build pipelines.\\n\\nRequirements:\\n- SQL\", "
                        "\"responsibilities\": [\"Run Kubernetes\", \"Write Python\"], "
                        "\"skills\": [\"machine learning\"]}\n");
    put("cvs/1.md", "SKILLS\nJava, SQL, Kubernetes\n");
    put("cvs/2.json", "{\"basics\":{\"name\":\"Ann\",\"summary\":\"Data engineer\"},"
                      "\"skills\":[{\"name\":\"Python\",\"keywords\":[\"SQL\",\"machine learning\"]}]}\n");
    put("cvs/3.md", "");   /* skipped: empty */
    /* three batches of records (512 a batch), new words all along, a few
     * malformed lines and duplicates: the ring, the helping reader, the
     * heap growing, workers learning terms */
    FILE *f = fopen(at("many.jsonl"), "wb");
    if (!f) { unit_fail(__FILE__, __LINE__, "cannot write many.jsonl"); return -1; }
    for (int i = 0; i < 1100; i++) {
        if (i % 250 == 3) fputs("{\"title\": \"broken\",\n", f);
        else if (i % 300 == 7) fputs("{\"title\": \"Dup\", \"description\": \"Python\"}\n", f);
        else fprintf(f, "{\"id\": \"m%d\", \"title\": \"Engineer w%dx\", \"description\": "
                        "\"Python and SQL%s, word%d and term%d\"}\n", i, i, i % 3 ? "" : ", Kubernetes",
                     i, i * 7);
    }
    fclose(f);

    jm_options o = { 0 };
    o.model_path = "none";
    o.lexicon_path = "tests/data/lexicon.tsv";
    jm_engine *e = unit_engine(&o);
    if (!e) return -1;
    const char *paths[] = { at("corpus") };
    jm_finalize_options fin = { 1, 1, 0.001 };
    int rc = jm_model_build_write(e, paths, 1, at("tiny.jm"), &fin, NULL, NULL, NULL);
    CHECK_MSG(rc == JM_OK, "model: %s", jm_errmsg(e));
    jm_engine_free(e);
    return rc ? -1 : 0;
}

static void rm_data(void) { unit_rmtree(dir); }

static int new_engine(jm_engine **e)
{
    jm_options o = { 0 };
    o.model_path = at("tiny.jm");
    o.lexicon_path = "tests/data/lexicon.tsv";
    o.skills_path = at("tiny.jm");   /* any model will do as skills */
    /* a few titles: the table is built at every N, as the real one would
     * be, but 60,000 titles at every allocation would take minutes */
    o.occupations_path = "tests/data/occupations.tsv";
    return jm_engine_new(&o, e);
}

static char *slurp(const char *name, size_t *len)
{
    char *s = unit_read(at(name), len);
    if (!s) unit_fail(__FILE__, __LINE__, "cannot read %s", name);
    return s;
}

/* A failed step: its status and message must say "out of memory" (or, for
 * an allocation of cJSON's, "invalid JSON"). Returns the status. */
static int failed(out_t *o, const char *step, int rc, const jm_engine *e)
{
    say(o, "%s: status %d: %s\n", step, rc, jm_errmsg(e));
    return rc;
}

/* jm_doc_terms() callback: says each occurrence. */
static int say_term(void *ud, const jm_doc_term *t)
{
    say(ud, " term %.*s %zu %zu %zu\n", (int)t->term_len, t->term, t->section, t->start,
        t->end);
    return 0;
}

/* The score path, from the engine on: a text posting scored and its
 * keywords, then a JSON posting (arrays: cJSON's path) scored. Returns
 * JM_OK or the first failure. */
static int score_run(const char *cv_text, size_t cv_len, const char *p_text,
                     size_t p_len, const char *j_text, size_t j_len, out_t *o)
{
    jm_engine *e = NULL;
    jm_doc *cv = NULL, *p = NULL, *j = NULL;
    jm_match *m = NULL, *mj = NULL;
    jm_keyword *k = NULL;
    size_t nk = 0;
    int rc = new_engine(&e);
    if (rc) { failed(o, "engine", rc, e); goto done; }
    if ((rc = jm_doc_read(e, JM_DOC_CV, cv_text, cv_len, "cv.md", &cv))) {
        failed(o, "cv", rc, e);
        goto done;
    }
    if ((rc = jm_doc_read(e, JM_DOC_POSTING, p_text, p_len, "posting.txt", &p))) {
        failed(o, "posting", rc, e);
        goto done;
    }
    if ((rc = jm_score(e, cv, p, &m))) { failed(o, "score", rc, e); goto done; }
    say(o, "score %.17g coverage %.17g sections %zu matched %zu missing %zu\n",
        m->score, m->coverage, m->n_sections, m->n_matched, m->n_missing);
    for (size_t i = 0; i < m->n_matched; i++)
        say(o, " matched %s %s %.17g\n", m->matched[i].term, m->matched[i].display,
            m->matched[i].contribution);
    for (size_t i = 0; i < m->n_missing; i++)
        say(o, " missing %s %.17g\n", m->missing[i].term, m->missing[i].gain);
    if ((rc = jm_keywords(e, p, &k, &nk))) { failed(o, "keywords", rc, e); goto done; }
    for (size_t i = 0; i < nk; i++)
        say(o, " keyword %s %s %.17g\n", k[i].term, k[i].display, k[i].weight);
    /* the occurrences a report marks (jm_doc_terms) */
    if ((rc = jm_doc_terms(e, cv, say_term, o)) || (rc = jm_doc_terms(e, p, say_term, o))) {
        failed(o, "terms", rc, e);
        goto done;
    }
    if ((rc = jm_doc_read(e, JM_DOC_POSTING, j_text, j_len, "posting.json", &j))) {
        failed(o, "posting.json", rc, e);
        goto done;
    }
    if ((rc = jm_score(e, cv, j, &mj))) { failed(o, "score json", rc, e); goto done; }
    say(o, "json %s %s score %.17g matched %zu missing %zu\n", jm_doc_title(j),
        jm_doc_company(j), mj->score, mj->n_matched, mj->n_missing);
done:
    jm_keywords_free(k, nk);
    jm_match_free(m);
    jm_match_free(mj);
    jm_doc_free(j);
    jm_doc_free(p);
    jm_doc_free(cv);
    jm_engine_free(e);
    return rc;
}

static int on_skip(void *ud, const char *file, size_t line, const char *reason)
{
    out_t *o = ud;
    const char *base = strrchr(file, '/');
    say(o, " skip %s:%zu: %s\n", base ? base + 1 : file, line, reason);
    return 0;
}

static void say_results(out_t *o, const jm_rank_result *r, size_t n,
                        const jm_rank_stats *st)
{
    say(o, "ranked %llu skipped %llu duplicates %llu\n", st->ranked, st->skipped,
        st->duplicates);
    for (size_t i = 0; i < n; i++) {
        say(o, " %zu %s %s %.17g %.17g", r[i].rank, r[i].id,
            r[i].title ? r[i].title : "-", r[i].score, r[i].coverage);
        for (size_t k = 0; k < r[i].n_matched; k++) say(o, " %s", r[i].matched[k]);
        if (r[i].match)    /* kept by opt.explain */
            say(o, " match %.17g %zu %zu", r[i].match->score, r[i].match->n_matched,
                r[i].match->n_missing);
        say(o, "\n");
    }
}

/* jm_rank_postings on 2 threads (or jm_rank_cvs), with e and doc made
 * beforehand; only the ranking itself is under fault injection. */
static int rank_run(jm_engine *e, const jm_doc *doc, int cvs, const char *file,
                    out_t *o)
{
    jm_rank_result *r = NULL;
    size_t n = 0;
    jm_rank_stats st = { 0 };
    jm_rank_options opt = { 0 };
    opt.top = cvs ? 3 : 20;
    opt.threads = 2;
    opt.dedup = !cvs;
    opt.explain = !cvs;   /* each result keeps its jm_match (rank --html) */
    int rc;
    if (cvs) {
        const char *paths[] = { at("cvs") };
        rc = jm_rank_cvs(e, doc, paths, 1, &opt, on_skip, o, &r, &n, &st);
    } else {
        const char *paths[] = { at(file) };
        rc = jm_rank_postings(e, doc, paths, 1, &opt, on_skip, NULL, o, &r, &n, &st);
    }
    if (rc) failed(o, cvs ? "rank --cvs" : "rank", rc, e);
    else say_results(o, r, n, &st);
    jm_rank_results_free(r, n);
    return rc;
}

/* Checks one step of a sweep: a run that met a failure (refused > 0) either
 * failed cleanly or gave the reference output. */
static void judge(const char *what, long n, long refused, int rc, const out_t *o,
                  const out_t *ref)
{
    /* cJSON's own allocation failed: reported as invalid JSON, which rank
     * skips (see the top of the file); anything else must be as expected */
    int cjson = atomic_load(&cjson_refused) && strstr(o->s, "invalid JSON");
    if (rc == JM_OK) {
        if (cjson) return;
        CHECK_MSG(o->n == ref->n && !memcmp(o->s, ref->s, o->n),
                  "%s, allocation %ld failed: status 0 but a different output:\n%s"
                  "-- expected:\n%s", what, n, o->s, ref->s);
        return;
    }
    CHECK_MSG(refused > 0, "%s: status %d without any failure: %s", what, rc, o->s);
    if (rc == JM_EINPUT && cjson) return;
    CHECK_MSG(rc == JM_ENOMEM && strstr(o->s, "out of memory"),
              "%s, allocation %ld failed: %s", what, n, o->s);
}

static void report(const char *what, long points, clock_t t0)
{
    if (getenv("JM_SWEEP_REPORT"))
        fprintf(stderr, "  %s: %ld allocation points, both modes %.2f s CPU\n", what,
                points, (double)(clock() - t0) / CLOCKS_PER_SEC);
}

/* Two modes: only allocation n fails (recovery paths must give the same
 * answer), or n and every one after it (cleanup while nothing works). */
static void arm(int every_after, long n)
{
    if (every_after) jm_alloc_fail_after(n);
    else jm_alloc_fail_at(n);
}

TEST(score_path_should_fail_cleanly_at_every_allocation)
{
    if (make_data()) { rm_data(); return; }
    route_cjson();
    size_t cl, pl, jl;
    char *cv = slurp("cv.md", &cl), *p = slurp("posting.txt", &pl);
    char *j = slurp("posting.json", &jl);
    out_t *ref = calloc(1, sizeof *ref), *o = calloc(1, sizeof *o);
    clock_t t0 = clock();
    long n = 0, points = 0;
    if (cv && p && j && ref && o) {
        CHECK_MSG(score_run(cv, cl, p, pl, j, jl, ref) == JM_OK, "%s", ref->s);
        for (int mode = 0; mode < 2; mode++) {
            for (n = 0; n < MAX_N; n++) {
                memset(o, 0, sizeof *o);
                atomic_store(&cjson_refused, 0);
                arm(mode, n);
                int rc = score_run(cv, cl, p, pl, j, jl, o);
                long refused = jm_alloc_failures();
                jm_alloc_fail_at(-1);
                judge(mode ? "score (every allocation from n)" : "score", n, refused,
                      rc, o, ref);
                if (!refused) break;
            }
            CHECK(n < MAX_N);
            if (!mode) points = n;
        }
        report("score path (engine, 3 reads, 2 scores, keywords)", points, t0);
    }
    CHECK_INT(LEAK_CHECK(), 0);
    free(cv);
    free(p);
    free(j);
    free(ref);
    free(o);
    rm_data();
}

/* One run of a path under fault injection: a document made beforehand
 * (doc), a mode (flag) and an input file of the data folder. */
typedef int (*path_run)(jm_engine *e, const jm_doc *doc, int flag, const char *file,
                        out_t *o);

/* Sweeps one entry point (run, with flag and file; the document read from
 * doc_name as a posting or a CV): each N gets a fresh engine and document
 * made without failures, so that every first-time allocation (terms
 * learned, caches grown) is reached at some N. what names it in failures. */
static void sweep(const char *what, path_run run, int flag, const char *doc_name,
                  jm_doc_type type, const char *file, long stride)
{
    if (make_data()) { rm_data(); return; }
    route_cjson();
    size_t len;
    char *text = slurp(doc_name, &len);
    out_t *ref = calloc(1, sizeof *ref), *o = calloc(1, sizeof *o);
    clock_t t0 = clock();
    long n = -1, points = 0;
    char label[160];
    for (int mode = 0; mode < 2; mode++) {
        snprintf(label, sizeof label, "%s%s", what, mode ? " (every allocation from n)" : "");
        for (n = mode ? 0 : -1; text && ref && o && n < MAX_N; n += n < 0 ? 1 : stride) {
            jm_engine *e = NULL;
            jm_doc *d = NULL;
            if (new_engine(&e) || jm_doc_read(e, type, text, len, doc_name, &d)) {
                unit_fail(__FILE__, __LINE__, "setup: %s", jm_errmsg(e));
                jm_engine_free(e);
                break;
            }
            out_t *w = n < 0 ? ref : o;
            memset(w, 0, sizeof *w);
            atomic_store(&cjson_refused, 0);
            arm(mode, n);   /* n = -1: the reference run, no failure */
            int rc = run(e, d, flag, file, w);
            long refused = jm_alloc_failures();
            jm_alloc_fail_at(-1);
            if (n < 0) CHECK_MSG(rc == JM_OK, "%s", ref->s);
            else judge(label, n, refused, rc, o, ref);
            jm_doc_free(d);
            jm_engine_free(e);
            if (n >= 0 && !refused) break;
        }
        CHECK(n < MAX_N);
        if (!mode) points = n;
    }
    snprintf(label, sizeof label, "%s (%s, every %ld%s allocation)", what, file, stride,
             stride == 1 ? "" : stride % 10 == 1 ? "st" : stride % 10 == 3 ? "rd" : "th");
    report(label, points, t0);
    CHECK_INT(LEAK_CHECK(), 0);
    free(text);
    free(ref);
    free(o);
    rm_data();
}

static void rank_sweep(int cvs, const char *file, long stride)
{
    sweep(cvs ? "rank --cvs" : "rank", rank_run, cvs, cvs ? "posting.txt" : "cv.md",
          cvs ? JM_DOC_POSTING : JM_DOC_CV, file, stride);
}

TEST(rank_path_should_fail_cleanly_at_every_allocation)
{
    rank_sweep(0, "postings.jsonl", 1);
}

TEST(rank_cvs_path_should_fail_cleanly_at_every_allocation)
{
    rank_sweep(1, "cvs", 1);
}

TEST(rank_over_several_batches_should_fail_cleanly_at_every_41st_allocation)
{
    /* 1100 records, 20,000 allocations: each one would take minutes; a
     * prime stride still lands on every kind of allocation (it found lean
     * scores cut short in silence when a worker's analyzer ran out of
     * memory, which changed the top 20) */
    /* under valgrind (tests/run.sh exports RUN) a coarser stride keeps
     * the run to a minute or two */
    const char *run = getenv("RUN");
    rank_sweep(0, "many.jsonl", run && strstr(run, "valgrind") ? 1009 : 41);
}

/* The match path: a matcher made, the CVs of the folder (a Markdown CV, a
 * JSON Resume, an empty file skipped; on 2 threads) and one more CV
 * document added, the
 * postings matched on 2 threads with dedup, per cv or per posting. The
 * engine and the document are made beforehand; everything else is under
 * fault injection. */
static int on_cv_results(void *ud, size_t cv, const char *name, const jm_rank_result *r,
                         size_t n)
{
    out_t *o = ud;
    const char *base = strrchr(name, '/');
    say(o, "cv %zu %s\n", cv, base ? base + 1 : name);
    jm_rank_stats none = { 0 };
    say_results(o, r, n, &none);
    return 0;
}

static int on_posting_results(void *ud, const jm_rank_result *p, const jm_cv_hit *h,
                              size_t n)
{
    out_t *o = ud;
    say(o, "posting %s %s\n", p->id, p->title ? p->title : "-");
    for (size_t i = 0; i < n; i++)
        say(o, " %zu cv %zu %.17g %.17g\n", h[i].rank, h[i].cv, h[i].score, h[i].coverage);
    return 0;
}

static int match_run(jm_engine *e, const jm_doc *cv, int per_posting, const char *file,
                     out_t *o)
{
    jm_matcher *m = NULL;
    jm_rank_stats cst = { 0 }, st = { 0 };
    jm_match_options opt = { 0 };
    opt.rank.top = 2;
    opt.rank.threads = 2;
    opt.rank.dedup = 1;
    opt.per = per_posting ? JM_PER_POSTING : JM_PER_CV;
    opt.skip = on_skip;
    opt.cv_results = on_cv_results;
    opt.posting_results = on_posting_results;
    opt.ud = o;
    const char *paths[] = { at(file) };
    int rc = jm_matcher_new(e, &m);
    /* the CVs read and counted on 2 threads too (worker engines, chunks
     * added in order) */
    if (!rc) jm_matcher_set_threads(m, 2);
    if (!rc) rc = jm_matcher_add_cvs(m, at("cvs"), on_skip, o, &cst);
    if (!rc) rc = jm_matcher_add_cv(m, cv, "cv.md");
    if (!rc) rc = jm_matcher_run(m, paths, 1, &opt, &st);
    if (rc) failed(o, per_posting ? "match --per posting" : "match", rc, e);
    else say(o, "cvs %llu skipped %llu; ranked %llu skipped %llu duplicates %llu\n",
             cst.ranked, cst.skipped, st.ranked, st.skipped, st.duplicates);
    jm_matcher_free(m);
    return rc;
}

TEST(match_path_should_fail_cleanly_at_every_allocation)
{
    sweep("match", match_run, 0, "cv.md", JM_DOC_CV, "postings.jsonl", 1);
}

TEST(match_per_posting_path_should_fail_cleanly_at_every_allocation)
{
    sweep("match --per posting", match_run, 1, "cv.md", JM_DOC_CV, "postings.jsonl", 1);
}

TEST(match_over_several_batches_should_fail_cleanly_at_every_43rd_allocation)
{
    const char *run = getenv("RUN");
    sweep("match", match_run, 0, "cv.md", JM_DOC_CV, "many.jsonl",
          run && strstr(run, "valgrind") ? 1013 : 43);
}

TEST(allocator_should_fail_only_the_chosen_allocation)
{
    jm_alloc_fail_at(1);
    void *a = jm_malloc(8), *b = jm_malloc(8), *c = jm_malloc(8);
    CHECK(a != NULL);
    CHECK(b == NULL);
    CHECK(c != NULL);
    CHECK_INT(jm_alloc_failures(), 1);
    jm_alloc_fail_at(-1);
    CHECK_INT(jm_alloc_failures(), 0);
    jm_free(a);
    jm_free(c);
    jm_alloc_fail_after(1);
    a = jm_malloc(8);
    b = jm_realloc(NULL, 8);
    CHECK(a != NULL);
    CHECK(b == NULL);
    CHECK(jm_fault());
    CHECK_INT(jm_alloc_failures(), 2);
    jm_alloc_fail_after(-1);
    CHECK(!jm_fault());
    jm_free(a);
}

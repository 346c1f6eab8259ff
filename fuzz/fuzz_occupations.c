/* Fuzz target: the occupation title table (jm_options.occupations_path,
 * `jobmatch --occupations FILE`: lines "code<TAB>title<TAB>other|other",
 * the format of data/occupations.tsv). The engine reads the file whole
 * (jm_engine_new) and builds the table from its bytes on first use
 * (src/score/occupation.c); there is no public in-memory entry, so the target
 * gives the input's bytes to the process's engine as its table's bytes
 * (what jm_engine_new does with the file it read) and drops the table built
 * from the previous input: the buffer is libFuzzer's own, exactly the
 * input's size, so that AddressSanitizer sees a read past its end (the file
 * path adds a NUL that would hide it). Per input:
 *  - the table is built (never NULL: only out of memory fails);
 *  - the occupation vectors of fixed texts and of the input itself (its
 *    first TEXT_MAX bytes, which name the table's own titles): keys in
 *    range, sorted, weights finite and positive, each key described by the
 *    table (an occupation or a group, never "?"), the norm finite, a
 *    vector's cosine with itself 1, cosines in [0, 1] and symmetric, the
 *    same text added again after jm_occvec_clear giving the same vector,
 *    a copy plus more text finishing like the original plus that text;
 *  - two fixed CVs scored against two fixed postings (jm_score): the checks
 *    of fuzz.h, every shared occupation named; one pair again by a worker
 *    engine (jm_engine_worker: a clone of the analyzer must agree on the
 *    table's term ids) and by jm_rank_postings' lean path, which must give
 *    the same score.
 * Once per process, the file path itself: the first input written to a
 * scratch file and loaded by jm_engine_new (its bytes kept as they are),
 * and a missing file and a folder as the table, which must fail with
 * JM_EIO and a message naming the path. */
#include "fuzz.h"
#include "base/embedded.h"
#include "score/occupation.h"

/* Bytes of the input analyzed as a text (the table build analyzes all). */
#define TEXT_MAX 8192

static char in_path[64], missing_path[64], posting_path[64], dir_path[64];

static void remove_paths(void)
{
    unlink(in_path);
    unlink(posting_path);
}

/* The fixed documents: CVs and postings that name occupations of
 * data/occupations.tsv and of tests/data/occupations.tsv. */
static const char cv2[] =
    "# John Roe\nJava developer and QA engineer\n\n## Summary\nSoftware engineer "
    "turned machine learning engineer; staff nurse before that.\n\n## Experience\n"
    "Backend developer, Initech (2016 - 2020)\n- ETL developer for the data team\n"
    "Registered nurse, St. Mary (2010 - 2016)\n\n## Skills\nJava, Python, SQL\n";
static const char posting2[] =
    "Java Developer / Software Engineer\n\nRequirements:\n- Java, Spring, SQL\n"
    "- Test automation\n";

/* The error branch and the file path, once per process (see above). */
static void check_files(const uint8_t *data, size_t size)
{
    const char *dir = fuzz_tmp_dir();
    long pid = (long)getpid();
    snprintf(in_path, sizeof in_path, "%s/jm-fuzz-occ-%ld.tsv", dir, pid);
    snprintf(posting_path, sizeof posting_path, "%s/jm-fuzz-occ-%ld-posting.txt", dir, pid);
    snprintf(missing_path, sizeof missing_path, "%s/jm-fuzz-occ-%ld-missing.tsv", dir, pid);
    snprintf(dir_path, sizeof dir_path, "%s", dir);
    atexit(remove_paths);
    fuzz_write_file(posting_path, posting2, sizeof posting2 - 1);

    const char *const bad[2] = { missing_path, dir_path };
    for (int i = 0; i < 2; i++) {
        jm_options o = { .model_path = "none", .skills_path = "none",
                         .occupations_path = bad[i] };
        jm_engine *e = NULL;
        int rc = jm_engine_new(&o, &e);
        FUZZ_CHECK(rc == JM_EIO && e && strstr(jm_errmsg(e), bad[i]));
        jm_engine_free(e);
    }

    fuzz_write_file(in_path, (const char *)data, size);
    jm_options o = { .model_path = "none", .skills_path = "none",
                     .occupations_path = in_path };
    jm_engine *e = NULL;
    int rc = jm_engine_new(&o, &e);
    if (rc) {
        /* documented: JM_EIO, the path named (or JM_ENOMEM, never here) */
        FUZZ_CHECK(rc == JM_EIO && strstr(jm_errmsg(e), in_path));
    } else {
        FUZZ_CHECK(e->occ_len == size && !memcmp(e->occ_data, data, size));
        FUZZ_CHECK(jm_engine_occupations(e) != NULL);
    }
    jm_engine_free(e);
}

/* Checks a finished vector against table t. */
static void check_vec(const jm_occtab *t, const jm_occvec *v)
{
    FUZZ_CHECK(v->n == v->n_keys && v->n <= v->n_acc);
    FUZZ_CHECK(isfinite(v->norm) && v->norm >= 0 && (v->norm > 0) == (v->n > 0));
    for (size_t i = 0; i < v->n; i++) {
        const jm_occ_entry *x = &v->e[i];
        FUZZ_CHECK(x->key < v->n_acc && (i == 0 || v->e[i - 1].key < x->key));
        FUZZ_CHECK(isfinite(x->w) && x->w > 0);
        char code[16], title[192];
        jm_occtab_describe(t, x->key, code, sizeof code, title, sizeof title);
        FUZZ_CHECK(strcmp(code, "?") != 0 && strlen(title) < sizeof title);
    }
    if (v->n) FUZZ_CHECK(fabs(jm_occvec_cosine(v, v) - 1) <= 1e-9);
}

static void same_vec(const jm_occvec *a, const jm_occvec *b)
{
    FUZZ_CHECK(a->n == b->n && a->norm == b->norm);
    for (size_t i = 0; i < a->n; i++)
        FUZZ_CHECK(a->e[i].key == b->e[i].key && a->e[i].w == b->e[i].w);
}

static void add_text(jm_engine *e, const jm_occtab *t, const char *s, size_t len,
                     jm_occvec *v)
{
    FUZZ_CHECK(jm_occvec_add_text(e->an, t, s, len, v) == JM_OK);
}

/* The vectors of the fixed texts and of the input (see above). */
static void check_vectors(jm_engine *e, const jm_occtab *t, const char *in, size_t size)
{
    size = JM_MIN(size, (size_t)TEXT_MAX);
    static const char *const texts[] = {
        "Senior Data Engineer", "Java developer and QA engineer, data scientist",
        "chief executive officer; software developer; registered nurse",
        "machine learning engineer", "", "a b c d e f g h i j k l",
    };
    jm_occvec a = {0}, b = {0}, c = {0};
    for (size_t i = 0; i < JM_ARRAY_LEN(texts); i++) {
        add_text(e, t, texts[i], strlen(texts[i]), &a);
        jm_occvec_finish(&a);
        check_vec(t, &a);
    }
    add_text(e, t, in, size, &b);
    jm_occvec_finish(&b);
    check_vec(t, &b);
    double ab = jm_occvec_cosine(&a, &b), ba = jm_occvec_cosine(&b, &a);
    FUZZ_CHECK(fuzz_unit(ab) && fabs(ab - ba) <= 1e-12);

    /* the same text again, after clearing: the same vector */
    FUZZ_CHECK(jm_occvec_copy(&c, &b) == JM_OK);
    same_vec(&b, &c);
    jm_occvec_clear(&b);
    FUZZ_CHECK(b.n == 0 && b.norm == 0 && jm_occvec_cosine(&b, &a) == 0);
    add_text(e, t, in, size, &b);
    jm_occvec_finish(&b);
    same_vec(&b, &c);

    /* a copy with more text finishes like the original with that text */
    jm_occvec d = {0};
    FUZZ_CHECK(jm_occvec_copy(&d, &a) == JM_OK);
    add_text(e, t, texts[1], strlen(texts[1]), &d);
    add_text(e, t, texts[1], strlen(texts[1]), &a);
    jm_occvec_finish(&d);
    jm_occvec_finish(&a);
    same_vec(&a, &d);
    jm_occvec_free(&a);
    jm_occvec_free(&b);
    jm_occvec_free(&c);
    jm_occvec_free(&d);
}

/* Scores cv against posting by e, and when worker by a worker engine too,
 * and checks them. Returns the score. */
static double score(jm_engine *e, const jm_doc *cv, const jm_doc *posting, int worker)
{
    jm_match *m = NULL, *mw = NULL;
    FUZZ_CHECK(jm_score(e, cv, posting, &m) == JM_OK && m);
    fuzz_check_match(m);
    FUZZ_CHECK(m->occupation_weight == 0 || m->occupation_weight == e->weights.occupation);
    if (m->occupation_weight == 0) FUZZ_CHECK(m->occupation_contribution == 0);
    for (size_t i = 0; i < m->n_occupations; i++)
        FUZZ_CHECK(strcmp(m->occupations[i].code, "?") != 0 &&
                   isfinite(m->occupations[i].cv_weight) && m->occupations[i].cv_weight > 0 &&
                   isfinite(m->occupations[i].posting_weight) &&
                   m->occupations[i].posting_weight > 0);
    if (worker) {
        jm_engine *w = NULL;
        FUZZ_CHECK(jm_engine_worker(e, &w) == JM_OK);
        FUZZ_CHECK(jm_score(w, cv, posting, &mw) == JM_OK && mw);
        FUZZ_CHECK(fabs(mw->score - m->score) <= 1e-12 &&
                   fabs(mw->occupation - m->occupation) <= 1e-12 &&
                   mw->n_occupations == m->n_occupations);
        jm_engine_worker_free(w);
        jm_match_free(mw);
    }
    double s = m->score;
    jm_match_free(m);
    return s;
}

/* Ranks the posting file (posting2) for cv: its score must be jm_score's. */
static void rank(jm_engine *e, const jm_doc *cv, double want)
{
    const char *const list[1] = { posting_path };
    jm_rank_options opt = { .top = 3, .threads = 1 };
    jm_rank_result *r = NULL;
    jm_rank_stats st;
    size_t n = 0;
    FUZZ_CHECK(jm_rank_postings(e, cv, list, 1, &opt, NULL, NULL, NULL, &r, &n, &st) == JM_OK);
    FUZZ_CHECK(n == 1 && fabs(r[0].score - want) <= 1e-9);
    jm_rank_results_free(r, n);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int once;
    if (!once++) check_files(data, size);

    jm_engine *e = fuzz_engine(NULL);
    /* the input as the table's bytes, as jm_engine_new would have them */
    FUZZ_CHECK(!e->occ_none && !e->occ_owned);
    jm_occtab_free(e->occupations);
    e->occupations = NULL;
    e->occ_data = (const char *)data;
    e->occ_len = size;

    const jm_occtab *t = jm_engine_occupations(e);
    FUZZ_CHECK(t);
    check_vectors(e, t, (const char *)data, size);

    jm_doc *cv1 = fuzz_fixed_doc(e, JM_DOC_CV);
    jm_doc *p1 = fuzz_fixed_doc(e, JM_DOC_POSTING);
    jm_doc *c2 = fuzz_read_fixed(e, JM_DOC_CV, cv2, sizeof cv2 - 1);
    jm_doc *p2 = fuzz_read_fixed(e, JM_DOC_POSTING, posting2, sizeof posting2 - 1);
    score(e, cv1, p1, 0);
    score(e, cv1, p2, 0);
    score(e, c2, p1, 0);
    double s = score(e, c2, p2, 1);
    rank(e, c2, s);
    jm_doc_free(cv1);
    jm_doc_free(p1);
    jm_doc_free(c2);
    jm_doc_free(p2);

    /* the table points into data, which libFuzzer frees next */
    jm_occtab_free(e->occupations);
    e->occupations = NULL;
    e->occ_data = jm_embedded_occupations;
    e->occ_len = (size_t)(jm_embedded_occupations_end - jm_embedded_occupations);
    return 0;
}

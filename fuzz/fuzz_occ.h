/* This file contains what the two occupation table targets share
 * (fuzz_occupations.c: the titles, fuzz_occbin.c: the compiled table):
 * the checks of a table's occupation vectors and of scores made with it.
 * See fuzz_occupations.c for what is checked. */
#ifndef JM_FUZZ_OCC_H
#define JM_FUZZ_OCC_H

#include "fuzz.h"
#include "score/occupation.h"

/* Bytes of an input analyzed as a text (a table build analyzes all). */
#define TEXT_MAX 8192

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

/* Checks a finished vector against table t. */
static inline void check_vec(const jm_occtab *t, const jm_occvec *v)
{
    FUZZ_CHECK(v->n == v->n_keys && v->n <= v->n_acc);
    FUZZ_CHECK(isfinite(v->norm) && v->norm >= 0 && (v->norm > 0) == (v->n > 0));
    for (size_t i = 0; i < v->n; i++) {
        const jm_occ_entry *x = &v->e[i];
        FUZZ_CHECK(x->key < v->n_acc && (i == 0 || v->e[i - 1].key < x->key));
        FUZZ_CHECK(isfinite(x->w) && x->w > 0);
        char code[16], title[192];
        jm_occtab_describe(t, x->key, code, sizeof code, title, sizeof title);
        /* described: not the pair ("?", "?") of an unknown key (a code
         * alone may print "?": the bytes of a table's codes are free) */
        FUZZ_CHECK((strcmp(code, "?") || strcmp(title, "?")) && strlen(title) < sizeof title);
    }
    if (v->n) FUZZ_CHECK(fabs(jm_occvec_cosine(v, v) - 1) <= 1e-9);
}

static inline void same_vec(const jm_occvec *a, const jm_occvec *b)
{
    FUZZ_CHECK(a->n == b->n && a->norm == b->norm);
    for (size_t i = 0; i < a->n; i++)
        FUZZ_CHECK(a->e[i].key == b->e[i].key && a->e[i].w == b->e[i].w);
}

static inline void add_text(jm_engine *e, const jm_occtab *t, const char *s, size_t len,
                     jm_occvec *v)
{
    FUZZ_CHECK(jm_occvec_add_text(e->an, t, s, len, v) == JM_OK);
}

/* The vectors of the fixed texts and of the input (see above). */
static inline void check_vectors(jm_engine *e, const jm_occtab *t, const char *in, size_t size)
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
static inline double score(jm_engine *e, const jm_doc *cv, const jm_doc *posting, int worker)
{
    jm_match *m = NULL, *mw = NULL;
    FUZZ_CHECK(jm_score(e, cv, posting, &m) == JM_OK && m);
    fuzz_check_match(m);
    FUZZ_CHECK(m->occupation_weight == 0 || m->occupation_weight == e->weights.occupation);
    if (m->occupation_weight == 0) FUZZ_CHECK(m->occupation_contribution == 0);
    for (size_t i = 0; i < m->n_occupations; i++)
        FUZZ_CHECK((strcmp(m->occupations[i].code, "?") ||
                    strcmp(m->occupations[i].title, "?")) &&
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

/* Scores the fixed CVs against the fixed postings by e's table (see
 * score()), one pair by a worker engine too; then, when then is not NULL,
 * calls then(e, the CV cv2, its score against posting2). */
static inline void score_fixed(jm_engine *e,
                               void (*then)(jm_engine *e, const jm_doc *cv, double s))
{
    jm_doc *cv1 = fuzz_fixed_doc(e, JM_DOC_CV);
    jm_doc *p1 = fuzz_fixed_doc(e, JM_DOC_POSTING);
    jm_doc *c2 = fuzz_read_fixed(e, JM_DOC_CV, cv2, sizeof cv2 - 1);
    jm_doc *p2 = fuzz_read_fixed(e, JM_DOC_POSTING, posting2, sizeof posting2 - 1);
    score(e, cv1, p1, 0);
    score(e, cv1, p2, 0);
    score(e, c2, p1, 0);
    double s = score(e, c2, p2, 1);
    if (then) then(e, c2, s);
    jm_doc_free(cv1);
    jm_doc_free(p1);
    jm_doc_free(c2);
    jm_doc_free(p2);
}

#endif

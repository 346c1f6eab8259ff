/* Tests of the scorer: exactness of the explanation on real postings, exact
 * gap gains, keywords without boilerplate, section weights. */
#include "unit.h"
#include "jobmatch.h"

#include <math.h>
#include <stdlib.h>

#define COUNT_OF(a) (sizeof(a) / sizeof((a)[0]))

static jm_engine *engine(const char *weights)
{
    jm_options o = {0};
    o.weights = weights;
    return unit_engine(&o);
}

static jm_doc *doc(jm_engine *e, jm_doc_type type, const char *text,
                   size_t len, const char *name)
{
    jm_doc *d = NULL;
    int rc = jm_doc_read(e, type, text, len, name, &d);
    CHECK_MSG(rc == JM_OK, "%s: %s", name, jm_errmsg(e));
    return d;
}

static jm_doc *seed_cv(jm_engine *e, char **text, size_t *len)
{
    char path[512];
    snprintf(path, sizeof path, "%s/cv/seed-cv.md", unit_shared());
    *text = unit_read(path, len);
    CHECK_MSG(*text != NULL, "cannot read %s", path);
    return *text ? doc(e, JM_DOC_CV, *text, *len, path) : NULL;
}

/* Every shown number re-derives from the others: the contribution of a
 * term in a section is x_cv x x_p / (norms) x section_tf / cv_tf, scaled
 * by 1 / (1 + o) for the applied occupation weight o; the sections and the
 * occupation part add up to the score, the shared occupations to that
 * part. */
static void check_exact(const jm_match *m, const char *what)
{
    double sum = 0;
    CHECK_MSG(m->score >= 0 && m->score <= 1 + 1e-12, "%s: score %g", what, m->score);
    CHECK_MSG(m->coverage >= 0 && m->coverage <= 1 + 1e-12, "%s: coverage", what);
    for (size_t i = 0; i < m->n_sections; i++) {
        const jm_section_score *s = &m->sections[i];
        double ssum = 0;
        for (size_t k = 0; k < s->n_terms; k++) {
            const jm_term_score *t = &s->terms[k];
            double xc = log1p(t->cv_tf) * t->idf, xp = log1p(t->posting_tf) * t->idf;
            double c = xc * xp / (m->cv_norm * m->posting_norm) * t->section_tf / t->cv_tf /
                       (1 + m->occupation_weight);
            CHECK_MSG(fabs(c - t->contribution) < 1e-12, "%s: term %s: %.17g != %.17g",
                      what, t->term, c, t->contribution);
            CHECK_MSG(fabs(t->section_tf - s->weight * round(t->section_tf / s->weight)) < 1e-9,
                      "%s: section_tf %g is not weight x count", what, t->section_tf);
            ssum += t->contribution;
        }
        CHECK_MSG(fabs(ssum - s->contribution) < 1e-9, "%s: section %zu terms sum %.17g != %.17g",
                  what, i, ssum, s->contribution);
        sum += s->contribution;
    }
    CHECK_MSG(fabs(sum + m->occupation_contribution - m->score) < 1e-9,
              "%s: sections sum %.17g + occupations %.17g != score %.17g", what, sum,
              m->occupation_contribution, m->score);
    CHECK_MSG(fabs(sum - m->cosine / (1 + m->occupation_weight)) < 1e-9,
              "%s: sections sum %.17g != scaled cosine", what, sum);
    CHECK_MSG(fabs(m->occupation_contribution - m->occupation_weight * m->occupation /
                   (1 + m->occupation_weight)) < 1e-12, "%s: occupation part", what);
    double osum = 0;
    for (size_t i = 0; i < m->n_occupations; i++) osum += m->occupations[i].contribution;
    CHECK_MSG(fabs(osum - m->occupation_contribution) < 1e-9,
              "%s: occupations sum %.17g != their part %.17g", what, osum,
              m->occupation_contribution);
    double msum = 0;
    for (size_t i = 0; i < m->n_matched; i++) {
        const jm_term_score *t = &m->matched[i];
        double norms = m->cv_norm * m->posting_norm * (1 + m->occupation_weight);
        double own = log1p(t->cv_tf) * t->idf * log1p(t->posting_tf) * t->idf / norms;
        double role = log1p(t->role_cv_tf) * t->role_idf * log1p(t->role_posting_tf) *
                      t->role_idf / norms;
        /* a matched word shows its role term's part too (re-derivable) */
        CHECK_MSG(fabs(role - t->role_contribution) < 1e-12 &&
                  fabs(own + role - t->contribution) < 1e-12,
                  "%s: matched %s: %.17g + %.17g != %.17g", what, t->term, own, role,
                  t->contribution);
        /* ... and a role term is never an entry of its own next to its word */
        for (size_t k = 0; t->term[0] == '^' && k < m->n_matched; k++)
            CHECK_MSG(strcmp(m->matched[k].term, t->term + 1), "%s: %s and %s both listed",
                      what, t->term, t->term + 1);
        msum += t->contribution;
    }
    CHECK_MSG(fabs(msum + m->occupation_contribution - m->score) < 1e-9,
              "%s: matched sum %.17g != score", what, msum);
    for (size_t i = 0; i < m->n_missing; i++) {
        CHECK_MSG(m->missing[i].gain > 0, "%s: gap %s has gain %g", what,
                  m->missing[i].term, m->missing[i].gain);
        if (i) CHECK(m->missing[i - 1].gain >= m->missing[i].gain);
        CHECK_MSG(m->missing[i].posting_section != JM_SEC_LEGAL &&
                  m->missing[i].posting_section != JM_SEC_BENEFITS,
                  "%s: boilerplate gap %s", what, m->missing[i].display);
        for (size_t k = 0; k < m->n_matched; k++)
            CHECK_MSG(strcmp(m->matched[k].term, m->missing[i].term),
                      "%s: %s both matched and missing", what, m->missing[i].term);
    }
}

TEST(score_explanation_should_add_up_for_the_seed_cv_against_60_real_postings)
{
    UNIT_NEED_SHARED();
    jm_engine *e = engine(NULL);
    if (!e) return;
    char *cvtext;
    size_t cvlen;
    jm_doc *cv = seed_cv(e, &cvtext, &cvlen);
    static const char *const files[] = { "linkedin-sample.jsonl", "usajobs-ai-cyber.jsonl",
                                         "usajobs-2017-qualifications.jsonl" };
    int scored = 0, positive = 0;
    for (size_t f = 0; f < COUNT_OF(files) && cv; f++) {
        char path[512];
        snprintf(path, sizeof path, "%s/corpora/postings/%s", unit_shared(), files[f]);
        FILE *in = fopen(path, "r");
        CHECK_MSG(in != NULL, "cannot open %s", path);
        if (!in) continue;
        char *line = NULL;
        size_t cap = 0;
        ssize_t n;
        for (int i = 0; i < 20 && (n = getline(&line, &cap, in)) > 0; i++) {
            jm_doc *p = doc(e, JM_DOC_POSTING, line, (size_t)n, path);
            jm_match *m = NULL;
            if (p && jm_score(e, cv, p, &m) == JM_OK) {
                char what[600];
                snprintf(what, sizeof what, "%s line %d", files[f], i + 1);
                check_exact(m, what);
                scored++;
                positive += m->score > 0;
            }
            jm_match_free(m);
            jm_doc_free(p);
        }
        free(line);
        fclose(in);
    }
    CHECK_INT(scored, 60);
    CHECK_MSG(positive >= 55, "only %d of 60 scores are positive", positive);
    jm_doc_free(cv);
    free(cvtext);
    jm_engine_free(e);
}

/* Appends "heading\ntext\n" to the CV and scores again: the gain shown for
 * a gap must be the real change of the score. */
static double rescore_with(jm_engine *e, const char *cvtext, size_t cvlen,
                           const char *heading, const char *text,
                           const jm_doc *posting)
{
    size_t n = cvlen + strlen(heading) + strlen(text) + 8;
    char *buf = malloc(n);
    snprintf(buf, n, "%s\n\n%s\n%s\n", cvtext, heading, text);
    jm_doc *cv = doc(e, JM_DOC_CV, buf, strlen(buf), "cv+gap");
    jm_match *m = NULL;
    double s = -1;
    if (cv && jm_score(e, cv, posting, &m) == JM_OK) s = m->score;
    jm_match_free(m);
    jm_doc_free(cv);
    free(buf);
    return s;
}

TEST(gap_gain_should_equal_the_real_change_of_the_score)
{
    UNIT_NEED_SHARED();
    jm_engine *e = engine(NULL);
    if (!e) return;
    char *cvtext;
    size_t cvlen;
    jm_doc *cv = seed_cv(e, &cvtext, &cvlen);
    static const char posting[] =
        "Machine Learning Engineer\n\n"
        "Requirements\n"
        "- Experience with Kubernetes and Docker for model serving\n"
        "- Strong Python and PyTorch; distributed training at scale\n"
        "- Familiarity with Apache Spark and Airflow pipelines\n\n"
        "Benefits\n"
        "Dental insurance, gym membership.\n";
    jm_doc *p = doc(e, JM_DOC_POSTING, posting, sizeof posting - 1, "inline");
    jm_match *m = NULL;
    if (cv && p && jm_score(e, cv, p, &m) == JM_OK) {
        int checked = 0;
        for (size_t i = 0; i < m->n_missing && checked < 3; i++) {
            const jm_keyword *k = &m->missing[i];
            if (k->section != JM_SEC_SKILLS) continue;
            double s = rescore_with(e, cvtext, cvlen, "#### **SKILLS**", k->display, p);
            CHECK_MSG(fabs((s - m->score) - k->gain) < 1e-9,
                      "gap %s: gain %.17g, real change %.17g", k->display, k->gain,
                      s - m->score);
            checked++;
        }
        CHECK_MSG(checked >= 2, "only %d skills gaps", checked);
        for (size_t i = 0; i < m->n_missing; i++) {
            CHECK_MSG(!strstr(m->missing[i].display, "ental"), "benefit %s is a gap",
                      m->missing[i].display);
            CHECK_MSG(strcmp(m->missing[i].display, "kubernet"), "gap shown as a stem");
        }
    }
    jm_match_free(m);
    jm_doc_free(p);
    jm_doc_free(cv);
    free(cvtext);
    jm_engine_free(e);
}

TEST(keywords_should_leave_out_boilerplate_and_show_the_postings_own_words)
{
    jm_engine *e = engine(NULL);
    if (!e) return;
    static const char posting[] =
        "Data Engineer\n\n"
        "Requirements:\n"
        "Kubernetes, Apache Spark, SQL.\n\n"
        "Equal Opportunity Employer\n"
        "We are an equal opportunity employer and do not discriminate on veteran status.\n";
    jm_doc *p = doc(e, JM_DOC_POSTING, posting, sizeof posting - 1, "inline");
    jm_keyword *k = NULL;
    size_t n = 0;
    if (p && jm_keywords(e, p, &k, &n) == JM_OK) {
        int saw_kube = 0;
        for (size_t i = 0; i < n; i++) {
            CHECK_MSG(!strstr(k[i].display, "veteran"), "legal term %s kept", k[i].display);
            if (!strcmp(k[i].display, "Kubernetes")) saw_kube = 1;
            if (i) CHECK(k[i - 1].weight >= k[i].weight);
        }
        CHECK_MSG(saw_kube, "Kubernetes is not a keyword (as written)");
    }
    jm_keywords_free(k, n);
    jm_doc_free(p);
    jm_engine_free(e);
}

TEST(a_zero_section_weight_should_remove_that_sections_contribution)
{
    UNIT_NEED_SHARED();
    static const char posting[] =
        "Research Scientist\n\nRequirements\nPyTorch, DeepSpeed, distributed training, "
        "language models, code generation, mathematics.\n";
    jm_engine *e0 = engine(NULL), *e1 = engine("skills=0,experience=2.5");
    if (!e0 || !e1) { jm_engine_free(e0); jm_engine_free(e1); return; }
    char *cvtext;
    size_t cvlen;
    jm_doc *cv = seed_cv(e1, &cvtext, &cvlen);
    jm_doc *p = doc(e1, JM_DOC_POSTING, posting, sizeof posting - 1, "inline");
    jm_match *m = NULL;
    if (cv && p && jm_score(e1, cv, p, &m) == JM_OK) {
        for (size_t i = 0; i < m->n_sections; i++) {
            if (m->sections[i].kind == JM_SEC_SKILLS)
                CHECK(m->sections[i].contribution == 0 && m->sections[i].weight == 0);
            if (m->sections[i].kind == JM_SEC_EXPERIENCE)
                CHECK(m->sections[i].weight == 2.5);
        }
        check_exact(m, "weights skills=0");
    }
    jm_match_free(m);
    jm_doc_free(p);
    jm_doc_free(cv);
    free(cvtext);
    jm_engine_free(e0);
    jm_engine_free(e1);
}

/* Scores cv against posting (texts) into *m with engine e. */
static int score_texts(jm_engine *e, const char *cv, const char *posting, jm_match **m)
{
    jm_doc *c = doc(e, JM_DOC_CV, cv, strlen(cv), "cv");
    jm_doc *p = doc(e, JM_DOC_POSTING, posting, strlen(posting), "posting");
    int rc = c && p ? jm_score(e, c, p, m) : JM_EINPUT;
    jm_doc_free(p);
    jm_doc_free(c);
    return rc;
}

/* The score of cv (text) against posting (text), and whether a role term
 * ("^...") was among the matched terms. -1 on failure. */
static double score_of(jm_engine *e, const char *cv, const char *posting, int *role_matched)
{
    jm_match *m = NULL;
    double score = -1;
    if (score_texts(e, cv, posting, &m) == JM_OK) {
        score = m->score;
        *role_matched = 0;
        for (size_t i = 0; i < m->n_matched; i++)
            if (m->matched[i].term[0] == '^' || m->matched[i].role_contribution > 0)
                *role_matched = 1;
        check_exact(m, "role terms");
        for (size_t i = 0; i < m->n_missing; i++)
            CHECK_MSG(m->missing[i].term[0] != '^', "role term %s among gaps", m->missing[i].term);
    }
    jm_match_free(m);
    return score;
}

TEST(a_title_naming_the_cvs_role_should_outrank_the_same_words_among_duties)
{
    static const char cv[] =
        "Java developer\n\nSummary\nBackend developer, five years of Java and Spring.\n\n"
        "Skills\nJava, Spring, SQL, REST APIs\n";
    static const char developer[] =
        "{\"title\":\"Java Developer\",\"description\":\"Responsibilities: support the "
        "business development team; build REST APIs in Java and Spring; SQL reporting.\"}";
    static const char development[] =
        "{\"title\":\"Business Development Lead\",\"description\":\"Responsibilities: support "
        "the Java developer team; build REST APIs in Java and Spring; SQL reporting.\"}";
    jm_engine *e = engine(NULL);
    if (!e) return;
    int r1 = 0, r2 = 0, r3 = 0;
    double s1 = score_of(e, cv, developer, &r1);
    double s2 = score_of(e, cv, development, &r2);
    CHECK_MSG(s1 > s2, "titled Java Developer %.4f, not above the same words as a duty %.4f", s1, s2);
    CHECK_MSG(r1 && !r2, "the role term matched: developer title %d, other title %d", r1, r2);
    /* A CV with no headline or summary has no role terms: the posting's do
     * not count, so its title weighs as a section, no more. */
    double s3 = score_of(e, "Skills\nJava, Spring, SQL, REST APIs, developer\n", developer, &r3);
    CHECK(s3 > 0 && !r3);
    jm_engine_free(e);
}

TEST(a_posting_for_the_cvs_occupation_should_share_it_and_score_above_one_that_does_not)
{
    static const char cv[] =
        "Dana Levi\nQA Automation Engineer\n\nExperience\n"
        "QA automation engineer at Acme, 2019-2023: Selenium and Python test suites, "
        "CI pipelines, bug reports.\n";
    static const char qa[] =
        "{\"title\":\"Software Quality Assurance Engineer\",\"description\":\"Write test "
        "plans, automate regression tests in Python, report bugs, work in CI pipelines.\"}";
    static const char nurse[] =
        "{\"title\":\"Registered Nurse\",\"description\":\"Write test plans, automate "
        "regression tests in Python, report bugs, work in CI pipelines.\"}";
    jm_engine *e = engine(NULL), *off = engine("occupation=0");
    jm_match *a = NULL, *b = NULL, *c = NULL;
    if (e && off && score_texts(e, cv, qa, &a) == JM_OK &&
        score_texts(e, cv, nurse, &b) == JM_OK && score_texts(off, cv, qa, &c) == JM_OK) {
        CHECK_MSG(a->occupation_weight > 0 && a->occupation > 0.3,
                  "QA engineer vs QA engineer: occupation match %g", a->occupation);
        int qa_found = 0;
        for (size_t i = 0; i < a->n_occupations; i++)
            qa_found |= !strcmp(a->occupations[i].code, "15-1253.00");   /* QA analysts and testers */
        CHECK_MSG(qa_found, "QA occupation not shared (first: %s)",
                  a->n_occupations ? a->occupations[0].title : "none");
        CHECK_MSG(b->occupation == 0 && b->n_occupations == 0,
                  "a nurse shares the QA engineer's occupation: %g", b->occupation);
        CHECK_MSG(a->score > b->score, "QA posting %.4f not above nurse posting %.4f",
                  a->score, b->score);
        check_exact(a, "occupations");
        check_exact(b, "no shared occupation");
        /* occupation=0 turns the part off: the score is the cosine */
        CHECK(c->occupation_weight == 0 && c->score == c->cosine && c->n_occupations == 0);
        CHECK_MSG(fabs(c->cosine - a->cosine) < 1e-12, "the cosine changed: %.17g %.17g",
                  c->cosine, a->cosine);
    }
    jm_match_free(a);
    jm_match_free(b);
    jm_match_free(c);
    jm_engine_free(e);
    jm_engine_free(off);
}

TEST(an_engine_should_take_its_occupation_titles_from_a_file_or_none)
{
    static const char cv[] = "Ann Lee\nQA engineer\n\nExperience\nRegression suites.\n";
    static const char posting[] =
        "{\"title\":\"Test Automation Engineer\",\"description\":\"Regression suites.\"}";
    jm_options mine = { .occupations_path = "tests/data/occupations.tsv" };
    jm_options none = { .occupations_path = "none" };
    jm_options missing = { .occupations_path = "tests/data/no-such-file.tsv" };
    jm_engine *e = unit_engine(&mine), *n = unit_engine(&none), *bad = NULL;
    jm_match *a = NULL, *b = NULL;
    if (e && n && score_texts(e, cv, posting, &a) == JM_OK &&
        score_texts(n, cv, posting, &b) == JM_OK) {
        CHECK_MSG(a->n_occupations > 0 && !strcmp(a->occupations[0].code, "10-1002.00") &&
                  !strcmp(a->occupations[0].title, "Quality Assurance Testers"),
                  "first shared occupation: %s", a->n_occupations ? a->occupations[0].code : "none");
        CHECK(b->occupation_weight == 0 && b->score == b->cosine);
    }
    CHECK_INT(jm_engine_new(&missing, &bad), JM_EIO);
    CHECK_MSG(bad && strstr(jm_errmsg(bad), "no-such-file.tsv") &&
              strstr(jm_errmsg(bad), "occupations"), "message: %s", bad ? jm_errmsg(bad) : "");
    jm_match_free(a);
    jm_match_free(b);
    jm_engine_free(e);
    jm_engine_free(n);
    jm_engine_free(bad);
}

TEST(a_gap_that_names_an_occupation_should_gain_exactly_what_adding_it_changes)
{
    /* "Scientist" is a one-word title: adding it changes the CV's
     * occupations as well as its terms, and the gain must say both. */
    static const char cv[] =
        "## Experience\nStatistician at Acme: regression models in SAS, survey data.\n";
    static const char posting[] =
        "{\"title\":\"Data Scientist\",\"description\":\"Requirements: regression models, "
        "SAS, survey data, Python, Spark.\"}";
    jm_engine *e = engine(NULL);
    jm_match *m = NULL;
    if (e && score_texts(e, cv, posting, &m) == JM_OK) {
        int checked = 0;
        for (size_t i = 0; i < m->n_missing; i++) {
            const jm_keyword *k = &m->missing[i];
            char buf[512];
            snprintf(buf, sizeof buf, "%s\n\n## %s\n%s\n", cv,
                     jm_section_kind_name(k->section), k->display);
            jm_match *m2 = NULL;
            if (score_texts(e, buf, posting, &m2) == JM_OK) {
                CHECK_MSG(fabs((m2->score - m->score) - k->gain) < 1e-9,
                          "gap %s -> %s: gain %.17g, real change %.17g", k->display,
                          jm_section_kind_name(k->section), k->gain, m2->score - m->score);
                checked += m2->occupation != m->occupation;
            }
            jm_match_free(m2);
        }
        CHECK_MSG(checked >= 1, "no gap changed the occupation match (%zu gaps)", m->n_missing);
    }
    jm_match_free(m);
    jm_engine_free(e);
}

TEST(bad_weights_should_be_refused_with_a_message)
{
    static const struct { const char *spec, *why; } rows[] = {
        { "skills=-1", "negative weights would make ln(1 + tf) undefined" },
        { "skils=2", "a typo must not be ignored silently" },
        { "skills", "a kind without a number" },
        { "skills=abc", "not a number" },
        { "skills=nan", "NaN would poison every score" },
    };
    for (size_t i = 0; i < COUNT_OF(rows); i++) {
        jm_options o = {0};
        o.weights = rows[i].spec;
        jm_engine *e;
        int rc = jm_engine_new(&o, &e);
        CHECK_MSG(rc == JM_EINVAL, "%s accepted (%s)", rows[i].spec, rows[i].why);
        CHECK_MSG(e && strstr(jm_errmsg(e), "weights"), "no message for %s", rows[i].spec);
        jm_engine_free(e);
    }
}

TEST(keywords_should_rank_named_skills_above_words_a_posting_merely_contains)
{
    /* Guards the skills model: without it "love" and the company name rank
     * with the technologies (SkillSpan precision@20 0.45 instead of 0.61). */
    jm_engine *e = engine(NULL);
    if (!e) return;
    static const char posting[] =
        "Backend Engineer at Zorblax\n\n"
        "Requirements\n"
        "We love Zorblax. You love Kafka. Zorblax loves Kafka and budgets.\n";
    jm_doc *p = doc(e, JM_DOC_POSTING, posting, sizeof posting - 1, "inline");
    jm_keyword *k = NULL;
    size_t n = 0;
    if (p && jm_keywords(e, p, &k, &n) == JM_OK) {
        long kafka = -1, love = -1, zorblax = -1;
        for (size_t i = 0; i < n; i++) {
            if (!strcmp(k[i].term, "apache kafka")) kafka = (long)i;  /* the canonical name */
            if (!strcmp(k[i].term, "love")) love = (long)i;
            if (!strcmp(k[i].term, "zorblax")) zorblax = (long)i;
            CHECK_MSG(k[i].skill >= 1, "skill factor %g below 1", k[i].skill);
            CHECK_MSG(fabs(k[i].weight - k[i].skill * log1p(k[i].posting_tf) * k[i].idf) < 1e-9,
                      "weight of %s is not skill x ln(1 + tf) x idf", k[i].term);
        }
        CHECK_MSG(kafka == 0, "kafka is at %ld, not first", kafka);
        CHECK_MSG(love > kafka && zorblax > kafka, "love %ld, zorblax %ld above kafka %ld",
                  love, zorblax, kafka);
    }
    jm_keywords_free(k, n);
    jm_doc_free(p);
    jm_engine_free(e);
}

/* Calls fn on each of the first max postings of SHARED/corpora/postings/
 * file (JSON Lines); returns how many it read. */
static int each_posting(jm_engine *e, const char *file, int max,
                        void (*fn)(jm_engine *, const jm_doc *, const char *, void *),
                        void *ud)
{
    char path[512];
    snprintf(path, sizeof path, "%s/corpora/postings/%s", unit_shared(), file);
    FILE *in = fopen(path, "r");
    CHECK_MSG(in != NULL, "cannot open %s", path);
    if (!in) return 0;
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    int count = 0;
    for (; count < max && (n = getline(&line, &cap, in)) > 0; count++) {
        jm_doc *p = doc(e, JM_DOC_POSTING, line, (size_t)n, path);
        if (p) fn(e, p, line, ud);
        jm_doc_free(p);
    }
    free(line);
    fclose(in);
    return count;
}

/* What the role-term test counts over the postings. */
typedef struct {
    const jm_doc *cv;     /* the CV scored against each posting */
    int merged;           /* matched entries that hold a role term's part */
} role_count;

static void score_for_roles(jm_engine *e, const jm_doc *p, const char *line, void *ud)
{
    role_count *rc = ud;
    jm_match *m = NULL;
    (void)line;
    CHECK_INT(jm_score(e, rc->cv, p, &m), JM_OK);
    if (!m) return;
    const char *id = jm_doc_id(p) ? jm_doc_id(p) : "posting";
    check_exact(m, id);
    for (size_t i = 0; i < m->n_matched; i++) rc->merged += m->matched[i].role_contribution > 0;
    /* a role term is its word again: never a gap nor a keyword of its own */
    for (size_t i = 0; i < m->n_missing; i++)
        CHECK_MSG(m->missing[i].term[0] != '^', "%s: role term %s among gaps", id,
                  m->missing[i].term);
    jm_match_free(m);
    jm_keyword *k = NULL;
    size_t nk = 0;
    CHECK_INT(jm_keywords(e, p, &k, &nk), JM_OK);
    for (size_t i = 0; i < nk; i++)
        CHECK_MSG(k[i].term[0] != '^', "%s: role term %s among keywords", id, k[i].term);
    jm_keywords_free(k, nk);
}

/* Bug: "Developer, Developer, Java": the role term "^developer" (the word
 * in the posting's title and the CV's headline) was listed as a second
 * matched term next to "developer". */
TEST(a_role_term_and_its_word_should_be_one_matched_entry_for_a_real_cv)
{
    UNIT_NEED_SHARED();
    jm_engine *e = engine(NULL);
    if (!e) return;
    char path[512];
    size_t len;
    snprintf(path, sizeof path, "%s/eval/cvs-vanetik/1.txt", unit_shared());
    char *text = unit_read(path, &len);
    CHECK_MSG(text != NULL, "cannot read %s", path);
    role_count rc = { text ? doc(e, JM_DOC_CV, text, len, path) : NULL, 0 };
    if (rc.cv) CHECK_INT(each_posting(e, "linkedin-sample.jsonl", 500, score_for_roles, &rc), 500);
    /* a Java developer's CV against 500 postings, dozens titled Developer */
    CHECK_MSG(rc.merged >= 10, "only %d matched words hold their role term", rc.merged);
    jm_doc_free((jm_doc *)rc.cv);
    free(text);
    jm_engine_free(e);
}

/* What the pair-term test counts over the postings. */
typedef struct {
    const jm_doc *cv;
    int pairs;            /* matched pair terms */
    int keywords;         /* check the postings' keywords too */
} pair_count;

static const jm_term_score *matched_term(const jm_match *m, const char *term, size_t len)
{
    for (size_t i = 0; i < m->n_matched; i++)
        if (strlen(m->matched[i].term) == len && !memcmp(m->matched[i].term, term, len))
            return &m->matched[i];
    return NULL;
}

static void score_for_pairs(jm_engine *e, const jm_doc *p, const char *line, void *ud)
{
    pair_count *pc = ud;
    jm_match *m = NULL;
    (void)line;
    CHECK_INT(jm_score(e, pc->cv, p, &m), JM_OK);
    if (!m) return;
    const char *id = jm_doc_id(p) ? jm_doc_id(p) : "posting";
    check_exact(m, id);
    for (size_t i = 0; i < m->n_matched; i++) {
        const jm_term_score *t = &m->matched[i];
        const char *bar = strchr(t->term, '|');
        if (!bar) continue;
        pc->pairs++;
        /* both words match too (the pair's sides hold them), and the
         * pair's idf is the rarer word's */
        const jm_term_score *a = matched_term(m, t->term, (size_t)(bar - t->term));
        const jm_term_score *b = matched_term(m, bar + 1, strlen(bar + 1));
        CHECK_MSG(a && b, "%s: matched pair %s without its words", id, t->term);
        if (a && b)
            CHECK_MSG(t->idf == (a->idf > b->idf ? a->idf : b->idf),
                      "%s: pair %s idf %.17g, words %.17g %.17g", id, t->term, t->idf,
                      a->idf, b->idf);
    }
    for (size_t i = 0; i < m->n_missing; i++)
        CHECK_MSG(!strchr(m->missing[i].term, '|'), "%s: pair %s among gaps", id,
                  m->missing[i].term);
    jm_match_free(m);
    if (!pc->keywords) return;   /* a posting's keywords: once is enough */
    jm_keyword *k = NULL;
    size_t nk = 0;
    CHECK_INT(jm_keywords(e, p, &k, &nk), JM_OK);
    for (size_t i = 0; i < nk; i++)
        CHECK_MSG(!strchr(k[i].term, '|'), "%s: pair %s among keywords", id, k[i].term);
    jm_keywords_free(k, nk);
}

/* Pair terms (jobmatch.h): 8 real CVs against 200 real postings each
 * match pairs, each weighted by its rarer word, and none is a gap or a
 * keyword. (Two words side by side in both a CV and a posting are rare
 * outside postings of the CV's own kind: 17 of 1,600 pairs here.) */
TEST(pair_terms_should_match_at_the_rarer_words_idf_and_never_be_gaps_or_keywords)
{
    UNIT_NEED_SHARED();
    jm_engine *e = engine(NULL);
    if (!e) return;
    pair_count pc = { NULL, 0, 1 };
    for (int i = 1; i <= 8; i++) {
        char path[512];
        size_t len;
        snprintf(path, sizeof path, "%s/eval/cvs-vanetik/%d.txt", unit_shared(), i);
        char *text = unit_read(path, &len);
        CHECK_MSG(text != NULL, "cannot read %s", path);
        pc.cv = text ? doc(e, JM_DOC_CV, text, len, path) : NULL;
        if (pc.cv) CHECK_INT(each_posting(e, "linkedin-sample.jsonl", 200, score_for_pairs, &pc), 200);
        jm_doc_free((jm_doc *)pc.cv);
        free(text);
        pc.keywords = 0;
    }
    CHECK_MSG(pc.pairs >= 10, "only %d matched pair terms", pc.pairs);
    jm_engine_free(e);
}

TEST(words_side_by_side_should_score_above_the_same_words_apart)
{
    static const char posting[] =
        "{\"title\":\"Analytics Engineer\",\"description\":\"Requirements: you build "
        "customer retention dashboards and maintain warehouse models.\"}";
    static const char together[] =
        "Experience\nBuilt customer retention dashboards. Maintained warehouse models.\n";
    static const char apart[] =
        "Experience\nBuilt customer dashboards. Retention models. Maintained warehouse.\n";
    jm_engine *e = engine(NULL);
    if (!e) return;
    int r;
    double s1 = score_of(e, together, posting, &r);
    double s2 = score_of(e, apart, posting, &r);
    CHECK_MSG(s1 > s2, "side by side %.4f, not above apart %.4f", s1, s2);
    jm_engine_free(e);
}

/* The terms of one name (jm_analyze), for the company test. */
typedef struct {
    char terms[8][64];
    int n, phrases;
} name_terms;

static int on_name(void *ud, const jm_token *t)
{
    name_terms *nt = ud;
    if (t->flags & JM_TOKEN_PHRASE) { nt->phrases++; return 0; }
    if (nt->n < 8 && t->term_len < 64) snprintf(nt->terms[nt->n], 64, "%.*s", (int)t->term_len, t->term);
    nt->n++;
    return 0;
}

/* What the company test counts over the postings. */
typedef struct {
    const jm_doc *cv;     /* the seed CV, for gaps */
    int checked;          /* postings whose one-word company name was looked for */
} company_count;

/* Checks that the one term of name is neither among p's keywords nor its
 * gaps against cv. */
static void check_not_offered(jm_engine *e, const jm_doc *cv, const jm_doc *p, const char *name,
                              company_count *cc)
{
    name_terms nt = {0};
    CHECK_INT(jm_analyze(e, name, strlen(name), on_name, &nt), JM_OK);
    if (nt.n != 1) return;
    jm_keyword *k = NULL;
    size_t nk = 0;
    CHECK_INT(jm_keywords(e, p, &k, &nk), JM_OK);
    for (size_t i = 0; i < nk; i++)
        CHECK_MSG(strcmp(k[i].term, nt.terms[0]), "%s: company %s is a keyword (%s)",
                  jm_doc_id(p), name, k[i].display);
    jm_keywords_free(k, nk);
    jm_match *m = NULL;
    CHECK_INT(jm_score(e, cv, p, &m), JM_OK);
    for (size_t i = 0; m && i < m->n_missing; i++)
        CHECK_MSG(strcmp(m->missing[i].term, nt.terms[0]), "%s: company %s is a gap (%s)",
                  jm_doc_id(p), name, m->missing[i].display);
    jm_match_free(m);
    cc->checked++;
}

static void check_company(jm_engine *e, const jm_doc *p, const char *line, void *ud)
{
    (void)line;
    if (jm_doc_company(p)) check_not_offered(e, ((company_count *)ud)->cv, p, jm_doc_company(p), ud);
}

/* Bug: "Northwind" (the posting's employer) was offered as a gap, +0.008,
 * "add to experience", and listed as a keyword. */
TEST(a_postings_company_name_should_never_be_a_gap_nor_a_keyword)
{
    UNIT_NEED_SHARED();
    jm_engine *e = engine(NULL);
    if (!e) return;
    char *cvtext;
    size_t cvlen;
    company_count cc = { seed_cv(e, &cvtext, &cvlen), 0 };
    if (!cc.cv) { jm_engine_free(e); return; }
    each_posting(e, "linkedin-sample.jsonl", 500, check_company, &cc);
    /* of the 500 LinkedIn postings, 65 name a one-word company */
    CHECK_MSG(cc.checked >= 60, "only %d one-word company names checked", cc.checked);

    /* The name a posting gives itself in its text: a real posting that
     * says "USLI's implementation" and "At USLI, our goal ...", with its
     * company field emptied. */
    char path[512];
    snprintf(path, sizeof path, "%s/corpora/postings/linkedin-sample.jsonl", unit_shared());
    size_t len;
    char *all = unit_read(path, &len);
    CHECK_MSG(all != NULL, "cannot read %s", path);
    char *line = all ? strstr(all, "{\"id\": \"linkedin-3475933396\"") : NULL;
    CHECK_MSG(line != NULL, "linkedin-3475933396 not in %s", path);
    char *end = line ? strchr(line, '\n') : NULL;
    char *field = line ? strstr(line, "\"company\": \"USLI\"") : NULL;
    CHECK(end && field && field < end);
    if (end && field && field < end) {
        memcpy(field + strlen("\"company\": \""), "    ", 4);   /* "company": "    " */
        jm_doc *p = doc(e, JM_DOC_POSTING, line, (size_t)(end - line), path);
        CHECK(p && !(jm_doc_company(p) && strstr(jm_doc_company(p), "USLI")));
        int before = cc.checked;
        if (p) check_not_offered(e, cc.cv, p, "USLI", &cc);
        CHECK_INT(cc.checked, before + 1);
        jm_doc_free(p);
    }
    free(all);
    jm_doc_free((jm_doc *)cc.cv);
    free(cvtext);
    jm_engine_free(e);
}

/* The JSON line of posting id in SHARED/corpora/postings/file (or the
 * JSON file path itself when file is NULL), its "company" value replaced by
 * company when that is not NULL; malloc'd, NULL when not found. */
static char *posting_json(const char *file, const char *id, const char *company, size_t *len)
{
    char path[512];
    if (file) snprintf(path, sizeof path, "%s/corpora/postings/%s", unit_shared(), file);
    else snprintf(path, sizeof path, "%s", id);
    size_t all_len;
    char *all = unit_read(path, &all_len);
    CHECK_MSG(all != NULL, "cannot read %s", path);
    if (!all) return NULL;
    char key[128];
    snprintf(key, sizeof key, "\"id\": \"%s\"", file ? id : "");
    char *line = file ? strstr(all, key) : all;
    char *start = line;
    while (start && start > all && start[-1] != '\n') start--;
    char *end = start && file ? strchr(start, '\n') : NULL;   /* a line; a file whole */
    if (!end && start) end = all + all_len;
    char *out = NULL;
    if (start) {
        char *field = strstr(start, "\"company\": \"");
        char *value = field && field < end ? field + strlen("\"company\": \"") : NULL;
        char *close = value ? strchr(value, '"') : NULL;
        if (!company || !close) value = close = end;
        size_t clen = company && close != end ? strlen(company) : 0;
        *len = (size_t)(value - start) + clen + (size_t)(end - close);
        out = malloc(*len + 1);
        if (out) {
            memcpy(out, start, (size_t)(value - start));
            memcpy(out + (value - start), company ? company : "", clen);
            memcpy(out + (value - start) + clen, close, (size_t)(end - close));
            out[*len] = '\0';
        }
    }
    CHECK_MSG(out != NULL, "%s not in %s", id, path);
    free(all);
    return out;
}

/* Whether the term of word is among posting text's keywords (*kw) and
 * among its gaps against cv (*gap). */
static void offered(jm_engine *e, const jm_doc *cv, const char *text, size_t len,
                    const char *word, int *kw, int *gap)
{
    name_terms nt = {0};
    *kw = *gap = 0;
    CHECK_INT(jm_analyze(e, word, strlen(word), on_name, &nt), JM_OK);
    /* the term of a two-word word is its phrase: its words' last term */
    const char *term = nt.n ? nt.terms[nt.n - 1] : "";
    char phrase[130];
    if (nt.n == 2) snprintf(phrase, sizeof phrase, "%s %s", nt.terms[0], nt.terms[1]);
    if (nt.n == 2) term = phrase;
    jm_doc *p = doc(e, JM_DOC_POSTING, text, len, word);
    if (!p) return;
    jm_keyword *k = NULL;
    size_t nk = 0;
    CHECK_INT(jm_keywords(e, p, &k, &nk), JM_OK);
    for (size_t i = 0; i < nk; i++) *kw |= !strcmp(k[i].term, term);
    jm_keywords_free(k, nk);
    jm_match *m = NULL;
    CHECK_INT(jm_score(e, cv, p, &m), JM_OK);
    for (size_t i = 0; m && i < m->n_missing; i++) *gap |= !strcmp(m->missing[i].term, term);
    jm_match_free(m);
    jm_doc_free(p);
}

/* A word of a company's name in a real posting, and whether the posting
 * asks for it elsewhere. */
typedef struct {
    const char *file;       /* in SHARED/corpora/postings; NULL: id is a path */
    const char *id;
    const char *company;    /* the company field put in, NULL: as it is */
    const char *word;
    int offered;            /* 1: a keyword or a gap; 0: neither */
    const char *why;
} company_row;

/* Bug: a multi-word name kept only its words that name no skill, so
 * "Harrow" of "Harrow & Pike Manufacturing" (the text says "Harrow &
 * Pike" throughout; harrow is farm machinery to ESCO) was a gap, +0.0116,
 * "add to experience"; and the first word alone ("the Sylvan curriculum"),
 * capitals ("DIEPENBROCK & COTTER LLP") and parentheses ("KLA (Kim Lundgren
 * Associates)") hid a name. A word the posting also uses on its own, and
 * a technology it asks for, stay. */
TEST(a_company_names_words_should_be_offered_only_where_the_posting_asks_for_them)
{
    UNIT_NEED_SHARED();
    static const company_row rows[] = {
        { NULL, "data/examples/posting-accountant-cpa.json", NULL, "Harrow", 0,
          "\"Harrow & Pike\": the name's first two words" },
        { NULL, "data/examples/posting-accountant-cpa.json", NULL, "Pike", 0, "the same" },
        { NULL, "data/examples/posting-accountant-cpa.json", NULL, "Manufacturing", 1,
          "\"Manufacturing or cost accounting experience\" is preferred" },
        { NULL, "data/examples/posting-accountant-cpa.json", "Oracle Corporation", "Oracle", 1,
          "\"ERP such as SAP, Oracle or Microsoft Dynamics\": a technology asked for" },
        { NULL, "data/examples/posting-accountant-cpa.json", "SAP SE", "SAP", 1, "the same" },
        { "linkedin-sample.jsonl", "linkedin-3840166122", "Salesforce", "Salesforce", 1,
          "titled \"Senior Salesforce Developer\"" },
        { "linkedin-sample.jsonl", "linkedin-3840166122", NULL, "Tanisha", 0,
          "\"Tanisha Systems, Inc\": a word that names no skill" },
        { "linkedin-sample.jsonl", "linkedin-3821190632", NULL, "Sylvan", 0,
          "\"Sylvan Learning\", and \"Sylvan\" alone" },
        { "linkedin-sample.jsonl", "linkedin-3825550267", NULL, "Skyline", 0,
          "\"Skyline Smiles\", \"our Skyline Family\"" },
        { "linkedin-sample.jsonl", "linkedin-2157930553", NULL, "Brady", 0,
          "\"Brady Insurance Group LLC\"" },
        { "linkedin-sample.jsonl", "linkedin-3831148511", NULL, "Cotter", 0,
          "\"DIEPENBROCK & COTTER LLP\" in the field" },
        { "linkedin-sample.jsonl", "linkedin-3277232283", NULL, "Lundgren", 0,
          "\"KLA (Kim Lundgren Associates)\": the part in parentheses" },
        { "linkedin-sample.jsonl", "linkedin-3812809624", NULL, "medical device", 1,
          "\"advancing medical device regulatory science\"" },
        { "linkedin-sample.jsonl", "linkedin-1218575", NULL, "children", 1,
          "\"the children we serve\" at Children's Nebraska" },
    };
    jm_engine *e = engine(NULL);
    if (!e) return;
    char *cvtext;
    size_t cvlen;
    jm_doc *cv = seed_cv(e, &cvtext, &cvlen);
    for (size_t i = 0; cv && i < COUNT_OF(rows); i++) {
        const company_row *r = &rows[i];
        size_t len = 0;
        char *text = posting_json(r->file, r->id, r->company, &len);
        if (!text) continue;
        int kw, gap;
        offered(e, cv, text, len, r->word, &kw, &gap);
        if (r->offered)
            CHECK_MSG(kw || gap, "%s: %s is neither a keyword nor a gap (%s)", r->id, r->word,
                      r->why);
        else
            CHECK_MSG(!kw && !gap, "%s: %s is a %s (%s)", r->id, r->word, kw ? "keyword" : "gap",
                      r->why);
        free(text);
    }
    jm_doc_free(cv);
    free(cvtext);
    jm_engine_free(e);
}

/* What jm_doc_terms() found: every occurrence, kept for the checks. */
typedef struct {
    char term[128];          /* the term, cut to fit */
    size_t section, start, end;
} occ;

typedef struct {
    occ v[8192];
    size_t n;
    size_t stop_after;       /* stop the run after this many (0: never) */
} occs;

static int keep_occ(void *ud, const jm_doc_term *t)
{
    occs *o = ud;
    if (o->n < COUNT_OF(o->v)) {
        occ *x = &o->v[o->n];
        snprintf(x->term, sizeof x->term, "%.*s", (int)t->term_len, t->term);
        x->section = t->section;
        x->start = t->start;
        x->end = t->end;
    }
    o->n++;
    return o->stop_after && o->n >= o->stop_after;
}

/* The marks of `jobmatch report` come from jm_doc_terms(): it must report
 * the occurrences the score counted. The scorer's first evidence of each
 * matched term in the real seed CV is one of them, every matched term
 * occurs in each example posting, and the offsets lie in their section. */
TEST(doc_terms_should_report_the_occurrences_the_score_counted)
{
    UNIT_NEED_SHARED();
    jm_engine *e = engine(NULL);
    char *cv_text = NULL, *p_text = NULL;
    size_t cv_len, p_len;
    jm_doc *cv = e ? seed_cv(e, &cv_text, &cv_len) : NULL;
    p_text = unit_read("data/examples/posting-llm-research-scientist.md", &p_len);
    jm_doc *p = cv && p_text ? doc(e, JM_DOC_POSTING, p_text, p_len, "llm") : NULL;
    jm_match *m = NULL;
    static occs in_cv, in_p;
    memset(&in_cv, 0, sizeof in_cv);
    memset(&in_p, 0, sizeof in_p);
    if (p && jm_score(e, cv, p, &m) == JM_OK) {
        CHECK(jm_doc_terms(e, cv, keep_occ, &in_cv) == JM_OK);
        CHECK(jm_doc_terms(e, p, keep_occ, &in_p) == JM_OK);
        CHECK(in_cv.n > 100 && in_cv.n <= COUNT_OF(in_cv.v) && in_p.n > 100);
        size_t n_secs;
        const jm_section *secs = jm_doc_sections(p, &n_secs);
        for (size_t i = 0; i < in_p.n && i < COUNT_OF(in_p.v); i++) {
            const occ *o = &in_p.v[i];
            CHECK_MSG(o->section < n_secs && o->start < o->end &&
                      o->start >= secs[o->section].start && o->end <= secs[o->section].end,
                      "%s at %zu-%zu outside its section", o->term, o->start, o->end);
        }
        for (size_t i = 0; i < m->n_matched; i++) {
            const jm_term_score *t = &m->matched[i];
            if (t->term[0] == '^') continue;     /* a second count of its word */
            int in_posting = 0, evidence = 0;
            for (size_t k = 0; k < in_p.n && k < COUNT_OF(in_p.v); k++)
                in_posting |= !strcmp(in_p.v[k].term, t->term);
            for (size_t k = 0; k < in_cv.n && k < COUNT_OF(in_cv.v); k++)
                evidence |= !strcmp(in_cv.v[k].term, t->term) && in_cv.v[k].start == t->start &&
                            in_cv.v[k].end == t->end;
            CHECK_MSG(in_posting, "matched %s: no occurrence in the posting", t->term);
            CHECK_MSG(evidence, "matched %s: its evidence %zu-%zu is not an occurrence",
                      t->term, t->start, t->end);
        }
        size_t len;
        CHECK(jm_doc_input(p, &len) != p_text && len == p_len);   /* its own copy */
        static occs few;
        memset(&few, 0, sizeof few);
        few.stop_after = 3;
        CHECK(jm_doc_terms(e, p, keep_occ, &few) == JM_ESTOP && few.n == 3);
    }
    jm_match_free(m);
    jm_doc_free(p);
    jm_doc_free(cv);
    free(p_text);
    free(cv_text);
    jm_engine_free(e);
}

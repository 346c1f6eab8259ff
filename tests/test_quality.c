/* Tests of scoring quality on real postings: the seed CV must score clearly
 * higher against machine-learning and AI postings than against nursing,
 * legal, teaching and sales postings (the 40 + 4 x 40 postings chosen by
 * bench/auc.py, listed by id in bench/auc-sets.tsv), and its matched terms
 * against ML postings must name the skills of its SKILLS and research
 * sections. */
#include "unit.h"
#include "jobmatch.h"

#include <stdlib.h>

#define MAX_SET 256

typedef struct {
    char id[64];
    int ml;          /* 1: ML/AI posting, 0: another occupation */
    double score;
    int found;
} labelled;

static size_t read_sets(labelled *set)
{
    size_t len, n = 0;
    char *text = unit_read("bench/auc-sets.tsv", &len);
    CHECK_MSG(text != NULL, "cannot read bench/auc-sets.tsv (run from the repository root)");
    for (char *line = text ? strtok(text, "\n") : NULL; line && n < MAX_SET;
         line = strtok(NULL, "\n")) {
        char *tab = strchr(line, '\t');
        if (line[0] == '#' || !tab) continue;
        *tab = '\0';
        set[n].ml = !strcmp(line, "ml");
        snprintf(set[n].id, sizeof set[n].id, "%s", tab + 1);
        n++;
    }
    free(text);
    return n;
}

/* The skills of the seed CV's SKILLS and research sections, as terms. */
static const char *const seed_skills[] = {
    "pytorch", "deepspeed", "distributed training", "language model", "code generation",
};

static int posting_has(const jm_match *m, const char *term)
{
    for (size_t i = 0; i < m->n_matched; i++)
        if (!strcmp(m->matched[i].term, term)) return 1;
    for (size_t i = 0; i < m->n_missing; i++)
        if (!strcmp(m->missing[i].term, term)) return 1;
    return 0;
}

TEST(seed_cv_should_score_ml_postings_above_other_occupations_with_auc_at_least_0_90)
{
    UNIT_NEED_SHARED();
    static labelled set[MAX_SET];
    size_t n = read_sets(set);
    CHECK_INT(n, 200);
    jm_engine *e = unit_engine(NULL);
    if (!e) return;
    char path[512], *cvtext;
    size_t cvlen;
    snprintf(path, sizeof path, "%s/cv/seed-cv.md", unit_shared());
    cvtext = unit_read(path, &cvlen);
    jm_doc *cv = NULL;
    CHECK(cvtext && jm_doc_read(e, JM_DOC_CV, cvtext, cvlen, path, &cv) == JM_OK);

    static const char *const files[] = {
        "linkedin-sample.jsonl", "usajobs-ai-cyber.jsonl", "usajobs-2017-qualifications.jsonl",
        "usajobs-2019-summaries.jsonl", "usajobs-duties-series.jsonl", "skillspan.jsonl",
    };
    for (size_t f = 0; cv && f < sizeof files / sizeof *files; f++) {
        snprintf(path, sizeof path, "%s/corpora/postings/%s", unit_shared(), files[f]);
        FILE *in = fopen(path, "r");
        CHECK_MSG(in != NULL, "cannot open %s", path);
        char *line = NULL;
        size_t cap = 0;
        ssize_t got;
        while (in && (got = getline(&line, &cap, in)) > 0) {
            labelled *x = NULL;
            for (size_t i = 0; i < n && !x; i++) {
                char key[sizeof set[i].id + 16];
                snprintf(key, sizeof key, "\"id\": \"%.63s\"", set[i].id);
                if (!set[i].found && strstr(line, key)) x = &set[i];
            }
            if (!x) continue;
            jm_doc *p = NULL;
            jm_match *m = NULL;
            if (jm_doc_read(e, JM_DOC_POSTING, line, (size_t)got, path, &p) == JM_OK &&
                jm_score(e, cv, p, &m) == JM_OK) {
                x->score = m->score;
                x->found = 1;
            }
            jm_match_free(m);
            jm_doc_free(p);
        }
        free(line);
        if (in) fclose(in);
    }

    /* AUC: the share of (ML, other) pairs the score orders right. */
    double right = 0, pairs = 0;
    for (size_t i = 0; i < n; i++) {
        CHECK_MSG(set[i].found, "posting %s not found in ../shared", set[i].id);
        for (size_t j = 0; set[i].ml && j < n; j++) {
            if (set[j].ml) continue;
            pairs++;
            right += set[i].score > set[j].score ? 1 : set[i].score == set[j].score ? 0.5 : 0;
        }
    }
    double auc = pairs ? right / pairs : 0;
    CHECK_MSG(auc >= 0.90, "AUC %.3f below 0.90", auc);
    jm_doc_free(cv);
    free(cvtext);
    jm_engine_free(e);
}

/* Checks that every seed skill m's posting names is matched, with evidence
 * in a section where skills live; returns how many are in the top 10. */
static int check_skills(const jm_match *m, const char *what, int *asked)
{
    int top = 0;
    for (size_t k = 0; k < sizeof seed_skills / sizeof *seed_skills; k++) {
        if (!posting_has(m, seed_skills[k])) continue;
        (*asked)++;
        size_t i = 0;
        while (i < m->n_matched && strcmp(m->matched[i].term, seed_skills[k])) i++;
        CHECK_MSG(i < m->n_matched, "%s: asks for %s, which the seed CV has, yet it is "
                  "not matched", what, seed_skills[k]);
        if (i == m->n_matched) continue;
        jm_section_kind where = m->matched[i].section;
        CHECK_MSG(where == JM_SEC_SKILLS || where == JM_SEC_PROJECTS ||
                  where == JM_SEC_EXPERIENCE || where == JM_SEC_PUBLICATIONS,
                  "%s: %s found in the CV's %s section", what, seed_skills[k],
                  jm_section_kind_name(where));
        top += i < 10;
    }
    return top;
}

TEST(seed_cv_matched_terms_should_name_its_skills_where_a_posting_asks_for_them)
{
    UNIT_NEED_SHARED();
    jm_engine *e = unit_engine(NULL);
    if (!e) return;
    char path[512];
    size_t len;
    snprintf(path, sizeof path, "%s/cv/seed-cv.md", unit_shared());
    char *cvtext = unit_read(path, &len);
    jm_doc *cv = NULL;
    CHECK(cvtext && jm_doc_read(e, JM_DOC_CV, cvtext, len, path, &cv) == JM_OK);

    /* the project's own LLM posting names all five */
    char *ptext = unit_read("data/examples/posting-llm-research-scientist.md", &len);
    jm_doc *p = NULL;
    jm_match *m = NULL;
    int asked = 0;
    if (cv && ptext && jm_doc_read(e, JM_DOC_POSTING, ptext, len, "llm", &p) == JM_OK &&
        jm_score(e, cv, p, &m) == JM_OK) {
        int top = check_skills(m, "posting-llm-research-scientist.md", &asked);
        CHECK_MSG(asked == 5 && top >= 3, "LLM posting: %d of %d seed skills in the top 10",
                  top, asked);
    }
    jm_match_free(m);
    jm_doc_free(p);
    free(ptext);

    /* every real posting that names one of them (a handful in ../shared) */
    static const char *const files[] = {
        "linkedin-sample.jsonl", "usajobs-ai-cyber.jsonl", "usajobs-2017-qualifications.jsonl",
        "usajobs-2019-summaries.jsonl", "usajobs-duties-series.jsonl", "skillspan.jsonl",
    };
    static const char *const phrases[] = {
        "pytorch", "deepspeed", "distributed training", "language model", "code generation",
    };
    int real = 0;
    asked = 0;
    for (size_t f = 0; cv && f < sizeof files / sizeof *files; f++) {
        snprintf(path, sizeof path, "%s/corpora/postings/%s", unit_shared(), files[f]);
        FILE *in = fopen(path, "r");
        char *line = NULL, *low = NULL;
        size_t cap = 0, lowcap = 0;
        ssize_t got;
        while (in && (got = getline(&line, &cap, in)) > 0) {
            if ((size_t)got + 1 > lowcap && !(low = realloc(low, lowcap = (size_t)got + 1))) break;
            for (ssize_t i = 0; i <= got; i++)
                low[i] = (char)(line[i] >= 'A' && line[i] <= 'Z' ? line[i] + 32 : line[i]);
            int names = 0;
            for (size_t k = 0; k < sizeof phrases / sizeof *phrases; k++)
                names |= strstr(low, phrases[k]) != NULL;
            if (!names) continue;
            p = NULL;
            m = NULL;
            if (jm_doc_read(e, JM_DOC_POSTING, line, (size_t)got, path, &p) == JM_OK &&
                jm_score(e, cv, p, &m) == JM_OK) {
                check_skills(m, path, &asked);
                real++;
            }
            jm_match_free(m);
            jm_doc_free(p);
        }
        free(line);
        free(low);
        if (in) fclose(in);
    }
    CHECK_MSG(real >= 3 && asked >= 3, "only %d real postings name the seed skills (%d asked)",
              real, asked);
    jm_doc_free(cv);
    free(cvtext);
    jm_engine_free(e);
}

/* This file declares what the scorer offers other modules beyond the public
 * jm_score() and jm_keywords(): a document's term weights, for rank's lean
 * path, which must weigh terms exactly as jm_score() does. */
#ifndef JM_SCORER_H
#define JM_SCORER_H

#include "base/common.h"
#include "score/occupation.h"

/* The factor by which a term of a section of kind k also counts as a role
 * term (see jm_analyzer_role_term): the CV's headline and summary, the
 * posting's title; 0 for every other section. */
double jm_role_factor(jm_section_kind k);

/* The occupations doc names (occupation.h): a CV's in every section of
 * non-zero weight, a posting's in its title; v is finished. Nothing is
 * added when the occupation weight is 0. JM_OK or JM_ENOMEM. */
struct jm_occvec;
int jm_doc_occupations(jm_engine *e, const jm_doc *d, int is_cv,
                       struct jm_occvec *v);

/* The occupation weight that applies for a CV's finished occupation
 * vector: o, or 0 when the CV names no occupation (a posting whose title
 * names none simply matches none); and the score from the cosine and the
 * occupation match (jobmatch.h): (cosine + oa x occ) / (1 + oa). */
double jm_occupation_applied(double o, const struct jm_occvec *cv);
/* inline: match calls it for every CV and posting that share a term */
static inline double jm_score_combine(double cosine, double occ, double oa)
{
    return (cosine + oa * occ) / (1 + oa);
}

/* Benefits and legal text: a posting's boilerplate. */
static inline int jm_section_is_boilerplate(jm_section_kind k)
{
    return k == JM_SEC_BENEFITS || k == JM_SEC_LEGAL;
}

/* A posting term's display is its first occurrence in the section where
 * it weighs most (an earlier section wins a tie, so requirements, weighted
 * above preferred, win over it); boilerplate only when the term occurs
 * nowhere else. Whether the section being counted (kind now, the term's
 * count cur in it so far) takes the display from the one that holds it
 * (has: one does; kind was, count best). jm_score() and match both choose
 * by it, so that their displays agree. */
static inline int jm_display_moves(int has, jm_section_kind was, double best,
                                   jm_section_kind now, double cur)
{
    int was_boiler = has && jm_section_is_boilerplate(was);
    int now_boiler = jm_section_is_boilerplate(now);
    return !has || (was_boiler && !now_boiler) || (was_boiler == now_boiler && cur > best);
}

/* ---- the brief score: score, coverage and the first matched terms ----
 * What rank and match show of a pair, computed from the two vectors alone,
 * without jm_score()'s explanation and gaps, but with the very same
 * numbers: the sums run in jm_score()'s order, so that every bit agrees
 * (tests/test_match.c compares them on real CVs and postings). */

/* A CV's vector as jm_score() counts it: its terms in order of first
 * occurrence, each with a key (an analyzer term id of the engine that
 * counted it, which a caller may replace with keys of its own) and x_cv. */
typedef struct {
    uint32_t *keys;           /* term keys, in the CV's order (owned) */
    double *x;                /* x_cv(t) of each (owned) */
    uint32_t *partner;        /* 1 + index of the term paired with each: a
                                 word's role term (always after it), a role
                                 term's word (before it); 0 for none. A
                                 role term matched with its word is shown
                                 within the word's matched entry (owned) */
    size_t n;                 /* terms */
    double norm;              /* L2 norm, summed in that order */
    int roles;                /* jm_score() counts the postings' role terms
                                 for this CV (it has a non-empty headline
                                 or summary) */
    jm_occvec occ;            /* the occupations the CV names (finished) */
} jm_cvvec;

/* Counts cv into v (which it overwrites). JM_OK or JM_ENOMEM (v is then
 * empty). Free with jm_cvvec_free(). */
int jm_cvvec_count(jm_engine *e, const jm_doc *cv, jm_cvvec *v);
void jm_cvvec_free(jm_cvvec *v);

/* One term of a posting as jm_score() counts it (role terms included). */
typedef struct {
    uint32_t id;              /* analyzer term id of the engine that counted */
    int role;                 /* a role term ("^developer") */
    double x;                 /* x_posting(t) = ln(1 + tf) x idf */
    const char *disp;         /* the posting's words for it (jm_score()'s
                                 display before folding), in the posting's
                                 section text */
    size_t disp_len;
} jm_pterm;

/* Reusable working memory for counting postings (one per thread). */
typedef struct jm_pcount jm_pcount;
int jm_pcount_new(jm_pcount **out);
void jm_pcount_free(jm_pcount *p);

/* Counts posting as jm_score() counts it for a CV with role terms: *terms
 * (n of them) in jm_score()'s order, owned by p and valid until the next
 * run or free; their disp point into posting. JM_OK or JM_ENOMEM. */
int jm_pcount_run(jm_engine *e, jm_pcount *p, const jm_doc *posting,
                  const jm_pterm **terms, size_t *n);

/* A counted posting as jm_brief_score() reads it. */
typedef struct {
    const jm_pterm *terms;    /* its terms, in order */
    size_t n;
    const uint32_t *slot;     /* by CV key: 1 + index into terms, 0 when the
                                 posting lacks the term */
    size_t n_slots;           /* keys covered by slot (others: 0) */
    const jm_occvec *occ;     /* the posting's occupations (finished) */
} jm_pside;

#define JM_BRIEF_MATCHED 3

/* What rank shows of a pair: jm_score()'s score and coverage, and its
 * first matched terms (indexes into the posting's terms). */
typedef struct {
    double score, coverage;
    size_t matched[JM_BRIEF_MATCHED];
    size_t n_matched;
} jm_brief;

/* Computes the brief score of cv against p; e is the engine that counted
 * the posting (its terms' strings break ties). hit: p->n bytes of scratch,
 * all 0, left all 0. */
void jm_brief_score(const jm_engine *e, const jm_cvvec *cv,
                    const jm_pside *p, unsigned char *hit, jm_brief *out);

/* Appends a display (the posting's words) with runs of white space folded
 * to one space, as jm_score() shows it. JM_OK or JM_ENOMEM. */
int jm_display_append(jm_buf *b, const char *disp, size_t len);

#endif

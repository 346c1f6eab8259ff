/* This file declares what the scorer offers other modules beyond the public
 * jm_score() and jm_keywords(): a document's term weights, for rank's lean
 * path, which must weigh terms exactly as jm_score() does. */
#ifndef JM_SCORER_H
#define JM_SCORER_H

#include "base/common.h"

/* Called once per term of a document with its weight x(t) = ln(1 + tf) x
 * idf, tf the section-weighted count (not normalized). term is valid
 * during the call only. */
typedef void (*jm_vector_fn)(void *ud, const char *term, size_t len, double x);

/* Calls fn for every term of d (read as a CV: its section weights apply),
 * in order of first occurrence. JM_OK, JM_ENOMEM. */
int jm_doc_vector(jm_engine *e, const jm_doc *d, jm_vector_fn fn, void *ud);

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
double jm_score_combine(double cosine, double occ, double oa);

#endif

/* This file declares the background model: document frequencies of terms
 * and of adjacent-term pairs counted over a corpus of postings, the idf the
 * scorer weighs terms by, and the model file format (see model.c for the
 * format and corpora/README.md for how the default model is made). */
#ifndef JM_MODEL_H
#define JM_MODEL_H

#include "base/common.h"

struct jm_model;

/* Current version of the model file format (the header's second word). */
#define JM_MODEL_FORMAT 1

/* Finalizing defaults (see corpora/README.md for why these values). */
#define JM_MODEL_MIN_DF 2             /* terms seen in fewer docs are pruned */
#define JM_MODEL_PHRASE_MIN_DF 5      /* a phrase needs this many docs ... */
#define JM_MODEL_PHRASE_MIN_G2 100.0  /* ... and this log-likelihood ratio */

/* Documents the model was counted over; 0 for NULL (no model). */
size_t jm_model_docs(const struct jm_model *m);

/* Document frequency of term (a unigram term, or a phrase term "a b" as the
 * analyzer emits it); 0 when the model never saw it (or pruned it), or when
 * m is NULL. */
long jm_model_df(const struct jm_model *m, const char *term, size_t len);

/* Smoothed idf: ln((1 + N) / (1 + df)) + 1, where N = jm_model_docs(m).
 * A term the model never saw gets jm_model_idf_unseen(m), the idf of
 * df = 0: the largest value, because a term too rare to be kept is at least
 * as specific as the rarest term kept. With no model (m NULL) every idf is
 * 1, so that all terms weigh the same. */
double jm_model_idf(const struct jm_model *m, const char *term, size_t len);
double jm_model_idf_unseen(const struct jm_model *m);

/* Number of phrases (adjacent pairs kept as terms of their own). */
size_t jm_model_phrases(const struct jm_model *m);

/* Loads the engine's model from path (NULL: the embedded default, which may
 * be empty = no model; "" or "none": no model), checks that it was made by
 * e's analyzer, and registers its phrases with the analyzer. Sets e->model
 * (NULL for no model). On failure the message on e names the file. */
int jm_model_load_engine(jm_engine *e, const char *path);

/* The largest document frequency of any term of m; 0 for NULL. */
long jm_model_max_df(const struct jm_model *m);

/* Loads the skills model (document frequencies over skill statements, see
 * scripts/build_skills.sh) into e->skills, the same way: path, or NULL for
 * the built-in data/skills.jm; "none": no skills model. Its phrases are
 * not registered: it only tells how often a term names a skill. */
int jm_model_load_skills(jm_engine *e, const char *path);

/* Parses a model from bytes (not copied: buf must outlive the model, and
 * stay NUL-terminated at buf[len]); name is used in messages. Checks the
 * header and the checksum, not the analyzer. */
int jm_model_parse(jm_engine *e, const char *buf, size_t len,
                   const char *name, struct jm_model **out);

void jm_model_free(struct jm_model *m);

#endif

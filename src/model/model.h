/* This file declares the background model: document frequencies of terms
 * and of adjacent-term pairs counted over a corpus of postings, the idf the
 * scorer weighs terms by, and the model file format (see model.c for the
 * format and corpora/README.md for how the default model is made). */
#ifndef JM_MODEL_H
#define JM_MODEL_H

#include "base/common.h"
#include "base/error.h"
#include "read/document.h"
#include "text/analyzer.h"

struct jm_model;

/* What the model's functions need: the analyzer that counts terms (a model
 * records its fingerprint and the hashes of its data, and is refused by
 * another), the reader of postings (model build), and where a failure is
 * told. The engine makes one (jm_engine_model_env). */
typedef struct {
    jm_analyzer *an;          /* counts terms; learns a model's phrases */
    uint64_t lexicon_hash;    /* FNV-1a 64 of the lexicon's bytes */
    uint64_t stopwords_hash;  /* FNV-1a 64 of the stopword list's bytes */
    const jm_reader *reader;  /* reads postings (model build only; may be
                                 NULL otherwise) */
    jm_error *err;            /* the message of a failure */
} jm_model_env;

/* Current version of the model file format (the header's second word). */
#define JM_MODEL_FORMAT 1

/* Finalizing defaults (see corpora/README.md for why these values). */
#define JM_MODEL_MIN_DF 2             /* terms seen in fewer docs are pruned */
#define JM_MODEL_PHRASE_MIN_DF 5      /* a phrase needs this many docs ... */
#define JM_MODEL_PHRASE_MIN_G2 10.83  /* ... and this log-likelihood ratio (p < 0.001) */

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

/* Loads a finalized model from path (NULL: the embedded default, which may
 * be empty = no model; "" or "none": no model), checks that it was made by
 * env's analyzer, and registers its phrases with that analyzer. *out is
 * NULL for no model. On failure the message names the file. */
int jm_model_load_main(const jm_model_env *env, const char *path, struct jm_model **out);

/* The largest document frequency of any term of m; 0 for NULL. */
long jm_model_max_df(const struct jm_model *m);

/* Loads the skills model (document frequencies over skill statements, see
 * scripts/build_skills.sh) the same way: path, or NULL for the built-in
 * data/skills.jm; "none": no skills model. Its phrases are not registered:
 * it only tells how often a term names a skill. */
int jm_model_load_skills(const jm_model_env *env, const char *path, struct jm_model **out);

/* Parses a model from bytes (not copied: buf must outlive the model, and
 * stay NUL-terminated at buf[len]); name is used in messages. Checks the
 * header and the checksum, not the analyzer. */
int jm_model_parse(const jm_model_env *env, const char *buf, size_t len,
                   const char *name, struct jm_model **out);

void jm_model_free(struct jm_model *m);

/* The work of the public jm_model_build_write(), jm_model_merge(),
 * jm_model_finalize() and jm_model_info_read() (see jobmatch.h), which the
 * engine calls with its environment. */
int jm_model_build_file(const jm_model_env *env, const char *const *paths, size_t n,
                        const char *out_path, const jm_finalize_options *fin,
                        jm_skip_fn skip, void *ud, jm_model_stats *stats);
int jm_model_merge_files(const jm_model_env *env, const char *const *in, size_t n,
                         const char *out_path, jm_model_stats *stats);
int jm_model_finalize_file(const jm_model_env *env, const char *in_path,
                           const char *out_path, const jm_finalize_options *fin,
                           jm_model_stats *stats);
int jm_model_info_load(const jm_model_env *env, const char *path, size_t k,
                       jm_model_info **out);

#endif

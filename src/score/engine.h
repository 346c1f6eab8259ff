/* This file defines the engine: every stage's configuration assembled
 * (analyzer, section names, background and skills models, weights,
 * occupation titles) and its error message, with the views of it that the
 * stages below take: a reader (read/document.h) and a model environment
 * (model/model.h). The scorer and rank work on the engine itself. */
#ifndef JM_ENGINE_H
#define JM_ENGINE_H

#include "base/common.h"
#include "base/error.h"
#include "text/analyzer.h"
#include "read/document.h"
#include "model/model.h"
#include "score/occupation.h"
#include "score/weights.h"

struct jm_engine {
    jm_error err;             /* last failure, "" when none */
    char *lang;               /* Snowball language name (owned) */
    jm_analyzer *an;          /* analyzer with stemmer and stem cache */
    struct jm_model *model;   /* background model, NULL when none */
    struct jm_model *skills;  /* df over skill statements (keywords), NULL
                                 when none */
    uint64_t lexicon_hash;    /* FNV-1a 64 of the lexicon's bytes (model
                                 headers name the lexicon by it) */
    uint64_t stopwords_hash;  /* FNV-1a 64 of the stopword list's bytes */
    jm_weights weights;       /* section weights (defaults + overrides) */
    struct jm_sectab *sections; /* heading names, parsed on first use
                                   (jm_engine_reader); NULL before */
    jm_occtab *occupations;   /* job titles, built on first use
                                 (jm_engine_occupations); NULL before */
    const char *occ_data;     /* the titles' bytes (embedded or occ_owned) */
    size_t occ_len;
    char *occ_owned;          /* read from --occupations FILE */
    int occ_none;             /* "none": no occupation match */
};

/* Makes an engine for a worker thread: a shallow copy of e that shares its
 * model, weights and section table (read-only) and has its own analyzer
 * (a clone) and error message. e must have parsed its section table
 * (jm_engine_reader) and built its occupation table
 * (jm_engine_occupations) and must outlive the worker; no other thread may
 * use e while this runs. Free with jm_engine_worker_free(). */
int jm_engine_worker(jm_engine *e, jm_engine **out);
void jm_engine_worker_free(jm_engine *w);

/* Sets *r to e's reader: its heading names (parsed on first use), its
 * analyzer and model as the repairs' dictionary, its error. Valid while e
 * lives and is not changed. JM_OK, or JM_ENOMEM with e's message set. */
int jm_engine_reader(jm_engine *e, jm_reader *r);

/* Sets *env to e's model environment, reading postings with r (NULL when
 * no posting will be read). */
void jm_engine_model_env(jm_engine *e, const jm_reader *r, jm_model_env *env);

/* The engine's occupation table, made on first use with its analyzer, so
 * that workers, cloned later, agree on its term ids: the default titles
 * are loaded compiled (data/occupations.bin, embedded: no analysis), when
 * the analyzer is the one that compiled them; otherwise, and for
 * jm_options.occupations_path, built from the titles. One read-only table
 * serves every thread. NULL when it could not be made: out of memory (e's
 * message says so). */
const jm_occtab *jm_engine_occupations(jm_engine *e);

/* jm_doc_read() with options: flags JM_READ_* (read/document.h). */
int jm_doc_read_with(jm_engine *e, jm_doc_type type, const char *buf, size_t len,
                     const char *name, unsigned flags, jm_doc **out);

#endif

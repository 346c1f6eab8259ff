/* This file defines the engine: the configuration shared by every stage
 * (analyzer, section names, model, weights) and its error message. */
#ifndef JM_ENGINE_H
#define JM_ENGINE_H

#include "base/common.h"
#include "text/analyzer.h"
#include "score/weights.h"

struct jm_model;

struct jm_engine {
    char errmsg[1024];        /* last failure, "" when none */
    char *lang;               /* Snowball language name (owned) */
    jm_analyzer *an;          /* analyzer with stemmer and stem cache */
    struct jm_model *model;   /* background model, NULL when none */
    struct jm_model *skills;  /* df over skill statements (keywords), NULL
                                 when none */
    uint64_t lexicon_hash;    /* FNV-1a 64 of the lexicon's bytes (model
                                 headers name the lexicon by it) */
    uint64_t stopwords_hash;  /* FNV-1a 64 of the stopword list's bytes */
    jm_weights weights;       /* section weights (defaults + overrides) */
    struct jm_sectab *sections; /* heading names, parsed on first use by
                                   the readers (document.c); NULL before */
    struct jm_occtab *occupations; /* job titles, built on first use by the
                                      scorer (occupation.c); NULL before */
    const char *occ_data;     /* the titles' bytes (embedded or occ_owned) */
    size_t occ_len;
    char *occ_owned;          /* read from --occupations FILE */
    int occ_none;             /* "none": no occupation match */
};

/* Makes an engine for a worker thread: a shallow copy of e that shares its
 * model, weights and section table (read-only) and has its own analyzer
 * (a clone) and error message. e must have parsed its section table
 * (jm_engine_sections) and built its occupation table
 * (jm_engine_occupations) and must outlive the worker; no other thread may
 * use e while this runs. Free with jm_engine_worker_free(). */
int jm_engine_worker(jm_engine *e, jm_engine **out);
void jm_engine_worker_free(jm_engine *w);

/* Sets e's message from a printf format; returns code, so that callers can
 * write `return jm_fail(e, JM_EIO, "%s: %s", path, strerror(errno));`. */
int jm_fail(jm_engine *e, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif

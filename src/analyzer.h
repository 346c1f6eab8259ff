/* This file declares the analyzer: text to terms (see jm_analyze() in
 * jobmatch.h for what it does). One analyzer per thread: it owns a Snowball
 * stemmer and a stem cache. */
#ifndef JM_ANALYZER_H
#define JM_ANALYZER_H

#include "common.h"

typedef struct jm_analyzer jm_analyzer;

/* Makes an analyzer for Snowball language lang from a stopword list (one
 * word a line, '#' comments) and an alias lexicon (see data/lexicon.tsv).
 * On failure *out is NULL and a message is written to err. */
int jm_analyzer_new(const char *lang, const char *stopwords, size_t stop_len,
                    const char *lexicon, size_t lex_len, jm_analyzer **out,
                    char *err, size_t errlen);
void jm_analyzer_free(jm_analyzer *an);

/* Runs the analyzer over text, calling fn for each term (see jm_analyze). */
int jm_analyzer_run(jm_analyzer *an, const char *text, size_t len,
                    jm_token_fn fn, void *ud);

#endif

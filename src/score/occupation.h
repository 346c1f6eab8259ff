/* This file declares occupations: the job titles of O*NET (data/
 * occupations.tsv, about 60,000 titles of 1,016 occupations) found in a
 * text, as a vector over occupations and their groups. The scorer compares
 * the occupations a CV names (its job titles, its headline: "Java
 * developer", "QA engineer") with those of a posting's title, so that a
 * posting for the CV's own occupation ranks above one that merely shares
 * its words.
 *
 * A title is found by its analyzer terms, as one run of adjacent terms in
 * one clause (jm_aterm.joins_prev), longest first, left to right, at most
 * JM_OCC_MAX_WORDS terms: "senior java developer" finds "java developer".
 * A find of n terms naming k occupations adds n / k to each of them, half
 * that to its broad group (15-125x) and a quarter to its minor group
 * (15-12xx), so that a software developer and a web developer are near,
 * not equal. Titles with a word the analyzer drops inside ("director of
 * operations") are not looked for. */
#ifndef JM_OCCUPATION_H
#define JM_OCCUPATION_H

#include "base/common.h"
#include "text/analyzer.h"

#define JM_OCC_MAX_WORDS 6

typedef struct jm_occtab jm_occtab;

/* One component of an occupation vector: an occupation or a group (see
 * jm_occtab_describe), with its weight. */
typedef struct {
    uint32_t key;
    double w;
} jm_occ_entry;

/* An occupation vector. Weights add up in a dense array by key (the table
 * has about 1,600 keys), so that a text naming one title a million times
 * costs a million additions, not a million searches. */
typedef struct jm_occvec {
    double *acc;       /* weight by key while adding; NULL before */
    uint32_t *keys;    /* keys with a weight, in the order first added */
    size_t n_keys, n_acc;
    jm_occ_entry *e;   /* the weights by key, set by jm_occvec_finish() */
    size_t n;
    double norm;       /* L2 norm, set by jm_occvec_finish() */
} jm_occvec;

/* Builds the occupation table from titles data[0..len) (the embedded
 * data/occupations.tsv or jm_options.occupations_path) with analyzer an,
 * whose term ids the table keeps: texts must be read by an or a clone made
 * after this call. Lines that are not "code<TAB>title<TAB>others" are
 * passed over. data must outlive the table. About 20 ms for O*NET's
 * 60,000 titles: the default ones come compiled (jm_occtab_load). JM_OK
 * or JM_ENOMEM. */
int jm_occtab_build(jm_analyzer *an, const char *data, size_t len, jm_occtab **out);

/* Appends table t, built from titles[0..titles_len) by analyzer an, to out
 * in the compiled form that jm_occtab_load reads (native byte order; the
 * same table gives the same bytes). JM_OK or JM_ENOMEM. */
int jm_occtab_write(jm_analyzer *an, const jm_occtab *t, const char *titles,
                    size_t titles_len, jm_buf *out);

/* Loads a compiled table data[0..len) (8-byte aligned; it must outlive the
 * table, which points into it) made from titles of titles_len bytes:
 * nothing is analyzed, its words are only interned into an (about 1 ms),
 * with the same rule as jm_occtab_build for clones. JM_OK; JM_ENOMEM;
 * JM_EMODEL when it does not fit: another analyzer (fingerprint), other
 * titles (their length), or damaged bytes. */
int jm_occtab_load(jm_analyzer *an, const void *data, size_t len, size_t titles_len,
                   jm_occtab **out);
void jm_occtab_free(jm_occtab *t);

/* Adds the occupations named in text to v. JM_OK or JM_ENOMEM. */
int jm_occvec_add_text(jm_analyzer *an, const jm_occtab *t, const char *text,
                       size_t len, jm_occvec *v);

/* Sets v's entries (by key) and norm from what was added; call before
 * jm_occvec_cosine(). More text may be added after. */
void jm_occvec_finish(jm_occvec *v);

/* Makes dst (empty) a copy of src, to add more to. JM_OK or JM_ENOMEM. */
int jm_occvec_copy(jm_occvec *dst, const jm_occvec *src);

/* Makes dst a copy of src, reusing dst's memory when it has room for
 * the same table (it costs src's keys, not the table's); dst is empty or
 * was used before. JM_OK or JM_ENOMEM. */
int jm_occvec_set(jm_occvec *dst, const jm_occvec *src);

/* Empties v, keeping its memory (for the next posting). */
void jm_occvec_clear(jm_occvec *v);

/* The cosine of two finished vectors; 0 when either is empty. */
double jm_occvec_cosine(const jm_occvec *a, const jm_occvec *b);

/* The contribution of each key shared by a and b to their cosine, in key
 * order: calls fn(ud, key, a's weight, b's weight, part). */
void jm_occvec_shared(const jm_occvec *a, const jm_occvec *b,
                      void (*fn)(void *ud, uint32_t key, double wa,
                                 double wb, double part),
                      void *ud);

/* Keeps only a finished v's entries and norm (what jm_occvec_cosine()
 * reads), freeing the per-key arrays: a CV held for a whole run (rank,
 * match) keeps a few entries instead of arrays over the whole table.
 * Nothing may be added to v after. */
void jm_occvec_compact(jm_occvec *v);
void jm_occvec_free(jm_occvec *v);

/* What key names: an occupation's code and title ("15-1252.00", "Software
 * Developers") or a group's code pattern and the title of its first
 * occupation ("15-125x", "Software Developers and ..."): code and title
 * are written to the buffers. */
void jm_occtab_describe(const jm_occtab *t, uint32_t key, char *code,
                        size_t code_size, char *title, size_t title_size);

#endif

/* This file declares the analyzer: text to terms (see jm_analyze() in
 * jobmatch.h for what it does). One analyzer per thread: it owns a Snowball
 * stemmer, a stem cache and a term table; jm_analyzer_clone() makes more
 * that share the immutable tables (stopwords, lexicon, phrases).
 *
 * What a term is:
 *  - a lexicon entry: its canonical string, unstemmed ("kubernetes",
 *    "machine learning", "node.js"); an alias gives the same string as its
 *    canonical form (k8s -> kubernetes); a multi-word entry is one term whose
 *    offsets span all its words;
 *  - any other word: its Snowball stem (lowercased first);
 *  - a token with digits and letters (3D, H.264) or symbols (g++): its
 *    folded text; a dotted abbreviation (U.S., Ph.D.): its letters ("phd");
 *  - a phrase: "a b" when the model registered the pair (a, b) and term b
 *    directly follows term a (see jm_aterm.joins_prev).
 * Not terms: stopwords, numbers alone, emails, URLs, phone numbers, e.g./
 * i.e./etc., a number with a unit (5ml, "5 ml"), and the ambiguous short
 * forms when their rule (analyzer.c, jobmatch(1) TERMS) says so. */
#ifndef JM_ANALYZER_H
#define JM_ANALYZER_H

#include "base/common.h"
#include "text/tokenizer.h"

typedef struct jm_analyzer jm_analyzer;

/* Makes an analyzer for Snowball language lang from a stopword list (one
 * word a line, '#' comments) and an alias lexicon (see lexicon.h). The
 * analyzer keeps no pointer into stopwords or lexicon. On failure *out is
 * NULL and a message is written to err. */
int jm_analyzer_new(const char *lang, const char *stopwords, size_t stop_len,
                    const char *lexicon, size_t lex_len, jm_analyzer **out,
                    char *err, size_t errlen);

/* Frees an analyzer or a clone (NULL is fine). An original must outlive its
 * clones. */
void jm_analyzer_free(jm_analyzer *an);

/* Runs the analyzer over text, calling fn for each term (see jm_analyze). */
int jm_analyzer_run(jm_analyzer *an, const char *text, size_t len,
                    jm_token_fn fn, void *ud);

/* A term as the model, scorer and ranker see it. */
typedef struct {
    jm_token pub;        /* the public token (text, term, offsets, flags) */
    uint32_t term_id;    /* dense id (0..) in the analyzer's term table */
    unsigned joins_prev; /* 1 when a phrase may span the previous term and
                            this one: same clause (no , ; : . ! ? bracket,
                            bullet, dash or list line break between), and
                            no token dropped between them (stopword, number,
                            contact detail, non-term). Phrase tokens have 0. */
    unsigned kind;       /* lexicon kind (JM_KIND_* in lexicon.h) or 0 */
    uint32_t pair_prev;  /* the previous term's id when it and this one make
                            a pair term (see below), else JM_NO_PAIR */
    size_t pair_start;   /* with pair_prev: the previous term's start */
} jm_aterm;

/* Pair terms: two adjacent terms (joins_prev) that the model registered
 * no phrase for also count as the pair "a|b", weighted by the idf of the
 * rarer of the two (jm_model_idf): a document's pairs can hold no more
 * postings than its rarer word does, so that is the pair's idf at least,
 * and the model need not store every pair it has seen. The scorer counts
 * them after each section's run (jm_analyzer_pair_term). */
#define JM_PAIR_MARK '|'
#define JM_NO_PAIR UINT32_MAX

/* Called once per term, in text order; a phrase term comes right after its
 * second word. t is valid only during the call. Nonzero stops the run. */
typedef int (*jm_aterm_fn)(void *ud, const jm_aterm *t);

/* Analyzes text[0..len). Returns JM_OK, JM_ESTOP (fn asked to stop) or
 * JM_ENOMEM (the term table could not grow; the run stops there). */
int jm_analyzer_terms(jm_analyzer *an, const char *text, size_t len,
                      jm_aterm_fn fn, void *ud);

/* The same terms for a callback that counts them by id: t->pub.term is
 * NULL and t->pub.term_len 0 (jm_analyzer_term_str() gives the string);
 * the rest as jm_analyzer_terms() sets it. Faster: the term table is not
 * read for each term. */
int jm_analyzer_ids(jm_analyzer *an, const char *text, size_t len,
                    jm_aterm_fn fn, void *ud);

/* The string of term id (NUL-terminated; *len its length when len is not
 * NULL), owned by the analyzer and stable for its life; NULL for an unknown
 * id. */
const char *jm_analyzer_term_str(const jm_analyzer *an, uint32_t id, size_t *len);

/* The lexicon kind of term id, or 0. */
unsigned jm_analyzer_term_kind(const jm_analyzer *an, uint32_t id);

/* The id of term[0..len), added to the table when new. JM_OK or JM_ENOMEM. */
int jm_analyzer_intern(jm_analyzer *an, const char *term, size_t len, uint32_t *id);

/* Number of terms in the table (ids are 0..count-1). */
size_t jm_analyzer_term_count(const jm_analyzer *an);

/* Registers the phrase pair (a, b) of term strings: when term b directly
 * follows term a (joins_prev), the phrase term "a b" is emitted after b with
 * JM_TOKEN_PHRASE, offsets spanning both. Only on an original analyzer,
 * before it is cloned (clones share the phrase table): JM_EINVAL on a clone.
 * JM_OK or JM_ENOMEM. */
/* Role terms: an occupation noun (a lexicon entry of kind role: developer,
 * engineer, manager) in the words that say what a job is (a posting's
 * title, the CV's headline and summary) counts a second time as "^word",
 * with JM_ROLE_COUNT_FACTOR times its section-weighted count and
 * JM_ROLE_IDF_FACTOR times its word's idf. So a posting titled "Java
 * Developer" weighs "developer" beyond the same word among its duties, as
 * a recruiter does, and ranks above "Data Scientist" for a CV headed
 * "Full-stack developer". The posting's role terms count only when the CV
 * has some (a CV with no headline is ranked on the rest). Both factors
 * were chosen by bench/ndcg.py and bench/auc.py (doc/scoring.md, "Role
 * terms").
 * Sets *out to the role term of term id, or UINT32_MAX when it has none
 * (not an occupation noun, or too long). JM_OK, JM_ENOMEM, JM_EINVAL (no
 * such term). */
#define JM_ROLE_MARK '^'
#define JM_ROLE_TERM_MAX 256
#define JM_ROLE_COUNT_FACTOR 5.0
#define JM_ROLE_IDF_FACTOR 2.0
int jm_analyzer_role_term(jm_analyzer *an, uint32_t id, uint32_t *out);

/* Sets *out to the pair term of adjacent terms a and b ("a|b", added to
 * the term table when new), or UINT32_MAX when longer than
 * JM_PAIR_TERM_MAX. JM_OK, JM_ENOMEM, JM_EINVAL (no such term). Like a
 * role term, make it after the run. */
#define JM_PAIR_TERM_MAX (2 * JM_ROLE_TERM_MAX)
int jm_analyzer_pair_term(jm_analyzer *an, uint32_t a, uint32_t b, uint32_t *out);

/* Writes the pair term of a and b to buf (size bytes, not NUL-terminated)
 * without adding it to the term table; returns its length, 0 when either
 * id is unknown or the pair does not fit. */
size_t jm_analyzer_pair_str(const jm_analyzer *an, uint32_t a, uint32_t b, char *buf,
                            size_t size);

int jm_analyzer_add_phrase(jm_analyzer *an, const char *a, size_t alen,
                           const char *b, size_t blen);

/* What a word is to the analyzer on its own (jm_analyzer_word). */
enum {
    JM_WORD_NONE,       /* no term: a unit, a single letter, empty */
    JM_WORD_STOP,       /* a stopword */
    JM_WORD_LEXICON,    /* a lexicon entry, or a short form that may be
                           one (go, it, cv): term is the entry */
    JM_WORD_TERM        /* any other word: term is its stem */
};
typedef struct {
    unsigned what;      /* JM_WORD_* */
    const char *term;   /* its term, NUL-terminated (LEXICON, TERM) */
    size_t len;         /* its length */
} jm_word;

/* Tells what the folded word s[0..n) (one token's folded text) would be as
 * a term, alone and out of context (no multi-word entry, no rule of the
 * ambiguous short forms), without adding anything to the term table: for
 * the CV repairs (repair.c), which try words that are not in the text.
 * out->term is valid until the next call on an. JM_OK or JM_ENOMEM. */
int jm_analyzer_word(jm_analyzer *an, const char *s, size_t n, jm_word *out);

/* The same for a token of the text (the tokenizer's), through the
 * analyzer's cache: its term joins the term table, as a run would add it.
 * out->term is owned by an and stable for its life. */
int jm_analyzer_token(jm_analyzer *an, const jm_rawtok *tok, jm_word *out);

/* A hash of the analyzer version, language, stopword bytes and lexicon
 * bytes: a model records it and refuses an analyzer that differs. */
uint64_t jm_analyzer_fingerprint(const jm_analyzer *an);

/* The Snowball language name (owned by the analyzer). */
const char *jm_analyzer_lang(const jm_analyzer *an);

/* Makes an analyzer for another thread: it shares the immutable tables of
 * an (stopwords, lexicon, phrases) and has its own stemmer, cache and term
 * table, which starts as a copy of an's (so the ids of terms that existed
 * when it was cloned agree). an must outlive the clone, and must not be
 * used by another thread while it is being cloned. JM_OK or JM_ENOMEM. */
int jm_analyzer_clone(const jm_analyzer *an, jm_analyzer **out);

#endif

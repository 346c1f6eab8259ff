/* This file declares the alias lexicon: data/lexicon.tsv parsed into lookup
 * tables. A line is `canonical<TAB>kind<TAB>variant|variant|...` ('#'
 * starts a comment line); canonical is the lowercase term string
 * ("kubernetes", "machine learning", "node.js"), kind one of tech,
 * language, skill, degree, cert, soft, field, role.
 *
 * Every form (the canonical and each variant) is run through the tokenizer
 * and its key is the concatenation of its tokens' keys, where a token's key
 * is its folded text without inner dots (jm_lexicon_tokkey). So "Node.js",
 * "nodejs", "node js" and "NODE.JS" all have the key "nodejs", and
 * "scikit-learn", "scikit learn", "scikitlearn" the key "scikitlearn": the
 * spelling variants of an entry are the same term. The analyzer matches a
 * run of up to JM_LEX_MAX_WORDS tokens by the same concatenation, longest
 * first, extending it only while it is a known prefix. */
#ifndef JM_LEXICON_H
#define JM_LEXICON_H

#include <stddef.h>
#include <stdint.h>

#include "base/strtab.h"
#include "text/tokenizer.h"

/* The most tokens a multi-word form may have. */
#define JM_LEX_MAX_WORDS 6

/* Lexicon kinds (0: none). */
enum {
    JM_KIND_NONE = 0,
    JM_KIND_TECH,      /* a technology, tool, framework, platform */
    JM_KIND_LANGUAGE,  /* a programming language */
    JM_KIND_SKILL,     /* a technical skill or method */
    JM_KIND_DEGREE,    /* an academic degree */
    JM_KIND_CERT,      /* a certification */
    JM_KIND_SOFT,      /* a soft skill */
    JM_KIND_FIELD,     /* a field of study or work */
    JM_KIND_ROLE,      /* an occupation noun, kept whole (developer) */
    JM_KIND_COUNT      /* number of kinds, not a kind */
};

/* "tech", "language", ...; "" for JM_KIND_NONE or an unknown value. */
const char *jm_kind_name(unsigned kind);

typedef struct {
    jm_strtab canon;     /* canonical strings by entry id; val = kind */
    jm_strtab keys;      /* form keys; val = entry id in canon */
    jm_strtab prefixes;  /* every key prefix that ends at a token or inner
                            dot of a form ("a", "ab", "abtesting";
                            "node", "nodejs"): a match grows only while
                            its key is one */
    jm_strtab starts;    /* the prefixes that a form goes on after ("a",
                            "ab"; "node"; not "python"): a token whose key
                            is one may start a multi-word match */
    size_t max_words;    /* most tokens in one form (2..JM_LEX_MAX_WORDS) */
    uint64_t *pfilter;   /* a blocked Bloom filter of the prefixes' hashes
                            (jm_lexicon_maybe_prefix); NULL: none */
    size_t pfilter_mask; /* its words - 1 */
} jm_lexicon;

/* 0 when no prefix has jm_hash h (then jm_strtab_find(&lx->prefixes, ...)
 * fails); 1 when one may. Most runs of words the analyzer tries start no
 * multi-word form: this answers them from a few KB, where the table is a
 * slot, a key and its bytes read in turn. */
static inline int jm_lexicon_maybe_prefix(const jm_lexicon *lx, uint64_t h)
{
    if (!lx->pfilter) return 1;
    uint64_t bits = 1ULL << (h >> 58) | 1ULL << (h >> 52 & 63);
    return (lx->pfilter[(h >> 20) & lx->pfilter_mask] & bits) == bits;
}

/* Parses text[0..len) into lx (zeroed by the caller). A line that cannot be
 * used (no canonical, too many words) is skipped; an unknown kind is kept
 * as JM_KIND_NONE. When stop is not NULL, a multi-word form whose first
 * word is a stopword not glued to the next ("a programming language", a
 * description rather than a name; "A/B testing" stays) is skipped. Returns
 * JM_OK or JM_ENOMEM (then lx is freed). */
int jm_lexicon_parse(jm_lexicon *lx, const char *text, size_t len,
                     const jm_strtab *stop);
void jm_lexicon_free(jm_lexicon *lx);

/* Writes a token's key into out (room for JM_TOK_MAX + 1 bytes): its fold
 * without inner dots (a leading dot stays: ".net"). Returns the length. */
size_t jm_lexicon_tokkey(const char *fold, size_t len, char *out);

#endif

/* This file declares the tokenizer: UTF-8 text to raw tokens (words,
 * numbers, emails, URLs, phone numbers) with byte offsets into the original
 * input, a folded (lowercase, normalized) copy of each token's text, and the
 * clause and sentence breaks between tokens. It knows no lexicon: a slash
 * or hyphen between two words always splits them and marks the second as
 * glued (JM_TF_GLUE), and the analyzer joins glued words the lexicon lists
 * (CI/CD, T-SQL, Objective-C, scikit-learn).
 *
 * What stays one token: C++, C#, F#, .NET, ASP.NET, Node.js, Vue.js, H.264
 * (internal dots), R&D, AT&T (a short word, '&', a letter), don't, O'Brien
 * (apostrophes), 3D, 10ml (digits and letters), e.g., U.S., Ph.D. (dotted
 * abbreviations, with their final dot). A dot between a lowercase word and a
 * capitalized word with no space ("The Woodlands.Minimum Requirements",
 * "Deep learning.Education") is a sentence break glued by scraping. */
#ifndef JM_TOKENIZER_H
#define JM_TOKENIZER_H

#include <stddef.h>
#include <stdint.h>

/* Longest folded text kept; longer tokens are cut and flagged JM_TF_LONG. */
#define JM_TOK_MAX 96

/* Token types. */
enum {
    JM_TT_WORD = 1,   /* has a letter: a word, an acronym, 3D, C++ */
    JM_TT_NUMBER,     /* digits only (with . or , inside): 2019, 3.5, 1,000 */
    JM_TT_EMAIL,      /* name@example.com */
    JM_TT_URL,        /* http(s)://..., www...., or a bare domain such as
                         benathi.github.io (then JM_TF_DOMAIN is set) */
    JM_TT_PHONE       /* (555) 010-0199, +1 555 010 0199, 555-010-0199 */
};

/* Token flags. */
#define JM_TF_BREAK   0x0001u  /* a clause break comes before this token:
                                  , ; : ( ) [ ] | bullets, a spaced dash,
                                  a line break that ends a list item */
#define JM_TF_SENT    0x0002u  /* a sentence break comes before (. ! ? or
                                  a blank line); JM_TF_BREAK is set too */
#define JM_TF_GLUE    0x0004u  /* joined to the previous token by '-', '/'
                                  or a dash, with no space */
#define JM_TF_SLASH   0x0008u  /* that glue was a slash */
#define JM_TF_UPPER   0x0010u  /* the first character is uppercase */
#define JM_TF_ALLCAPS 0x0020u  /* has letters, all of them uppercase */
#define JM_TF_DIGIT   0x0040u  /* has a digit */
#define JM_TF_ALPHA   0x0080u  /* has a letter */
#define JM_TF_DOTTED  0x0100u  /* has an inner dot (node.js, e.g.) or a
                                  leading one (.net) */
#define JM_TF_ABBREV  0x0200u  /* dotted abbreviation of parts of at most
                                  two characters: e.g., U.S., Ph.D. */
#define JM_TF_DOMAIN  0x0400u  /* a URL that is only a bare domain (maybe a
                                  technology name: asp.net) */
#define JM_TF_LONG    0x0800u  /* folded text longer than JM_TOK_MAX, cut */
#define JM_TF_SYMBOL  0x1000u  /* has + # & or an apostrophe */
#define JM_TF_LOWER   0x2000u  /* has a lowercase letter */

/* One raw token. fold has room for JM_TOK_MAX bytes, a NUL and padding so
 * that hash functions may read it in 8-byte words. */
typedef struct {
    size_t start, end;            /* byte offsets in the input, end exclusive */
    unsigned type;                /* JM_TT_* */
    unsigned flags;               /* JM_TF_* */
    size_t len;                   /* bytes of fold */
    char fold[JM_TOK_MAX + 16];   /* lowercase text: ASCII and Latin/Greek/
                                     Cyrillic folded, ’ as ', NUL-terminated;
                                     the 8 bytes after len are zeros */
    uint64_t key[2];              /* the first 16 bytes of fold, zero-padded,
                                     as two words (written as words, so that
                                     reading them right away does not stall
                                     on store forwarding) */
} jm_rawtok;

/* A pull tokenizer over one text; plain struct, no allocation. */
typedef struct {
    const unsigned char *s;  /* the text (borrowed) */
    size_t len;              /* its length */
    size_t pos;              /* next byte to look at */
    size_t prev_end;         /* end of the last token (for glue) */
    size_t line_start;       /* first byte of the current line */
    size_t at;               /* next '@' at or after pos (len when none) */
    unsigned pending;        /* break and glue flags for the next token */
    int simd;                /* 1: ASCII words are classed 16 bytes at a
                                time (SSE2), 0: 8 (SWAR); see base/bytes.h */
} jm_tokenizer;

/* Starts tokenizing s[0..len). */
void jm_tokenizer_init(jm_tokenizer *t, const char *s, size_t len);

/* Reads the next token into *out; returns 1, or 0 at the end of the text.
 * Never reads outside s[0..len). */
int jm_tokenizer_next(jm_tokenizer *t, jm_rawtok *out);

/* Reads up to want tokens, the i-th into ring[(at + i) & mask], as that
 * many calls of jm_tokenizer_next() would; returns how many it read (fewer
 * only at the end of the text). One call for many tokens: the analyzer's
 * look-ahead fills its ring with it. */
size_t jm_tokenizer_fill(jm_tokenizer *t, jm_rawtok *ring, size_t mask, size_t at,
                         size_t want);

/* Callback form (sqlite FTS5 xToken style): calls fn for each token in text
 * order; fn returns nonzero to stop, and jm_tokenize returns that value. */
typedef int (*jm_rawtok_fn)(void *ud, const jm_rawtok *tok);
int jm_tokenize(const char *s, size_t len, jm_rawtok_fn fn, void *ud);

#endif

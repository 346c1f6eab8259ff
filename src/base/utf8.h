/* This file declares the UTF-8 helpers of the analyzer: decoding that never
 * over-reads and replaces invalid bytes with U+FFFD, encoding, lowercase
 * folding (ASCII, Latin-1 Supplement, Latin Extended-A and Additional,
 * Greek, Cyrillic, fullwidth Latin) and the character classes the
 * tokenizer uses to normalize punctuation (curly quotes, dashes, bullets). */
#ifndef JM_UTF8_H
#define JM_UTF8_H

#include <stddef.h>
#include <stdint.h>

#define JM_UTF8_REPLACEMENT 0xFFFDu

/* Decodes the code point at s[0..len) (len >= 1). Sets *adv to the number
 * of bytes it used (1..4, never more than len). An invalid or truncated
 * sequence, an overlong form, a surrogate or a value above U+10FFFF gives
 * U+FFFD with *adv = 1, so that decoding resumes at the next byte. */
uint32_t jm_utf8_decode(const unsigned char *s, size_t len, size_t *adv);

/* Writes cp as UTF-8 into out (room for 4 bytes); returns the byte count.
 * Values that cannot be encoded are written as U+FFFD. */
size_t jm_utf8_encode(uint32_t cp, char *out);

/* The simple lowercase of cp (Müller -> müller, CAFÉ -> café, ΣΟΦΊΑ ->
 * σοφία, МОСКВА -> москва); cp itself when it has none or is unknown. */
uint32_t jm_utf8_lower(uint32_t cp);

/* 1 when cp is uppercase (has a different lowercase). */
int jm_utf8_is_upper(uint32_t cp);

/* What a code point is to the tokenizer. */
typedef enum {
    JM_CC_OTHER = 0,  /* symbol or unknown: a separator, not a break */
    JM_CC_WORD,       /* letter, digit or combining mark: part of a word */
    JM_CC_SPACE,      /* blank (NBSP, thin space, ...): a separator */
    JM_CC_NEWLINE,    /* line or paragraph separator (U+2028, U+2029, NEL) */
    JM_CC_BREAK,      /* clause break: bullets (• ▪ · ◦ ● ■ ►), em dash,
                         ellipsis, CJK full stop and comma */
    JM_CC_DASH,       /* en dash, figure dash, minus: a hyphen between
                         letters with no space, a break otherwise */
    JM_CC_HYPHEN,     /* Unicode hyphens (U+2010, U+2011): like '-' */
    JM_CC_APOS,       /* curly single quotes: an apostrophe inside a word */
    JM_CC_QUOTE,      /* curly double quotes, guillemets: a separator */
    JM_CC_IGNORE      /* zero-width and BOM: skipped */
} jm_cclass;

/* The class of a non-ASCII code point (cp >= 0x80). */
jm_cclass jm_utf8_class(uint32_t cp);

/* Folds s[0..len) into out (lowercase, invalid bytes as U+FFFD, curly
 * apostrophes as '\''). out needs room for 3 * len + 1 bytes (U+FFFD is
 * 3 bytes for each invalid byte); it is NUL-terminated. Returns the byte
 * length written. */
size_t jm_utf8_fold(const char *s, size_t len, char *out);

/* 1 when s[0..len) is valid UTF-8. */
int jm_utf8_valid(const char *s, size_t len);

#endif

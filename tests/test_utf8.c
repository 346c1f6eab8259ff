/* Tests of the UTF-8 helpers: decoding with replacement (never an
 * over-read: the truncated rows run on exactly-sized heap buffers, which
 * ASan checks under SANITIZE=1), encoding, case folding, punctuation
 * classes. */
#include "unit.h"
#include "base/utf8.h"

#include <stdlib.h>

TEST(utf8_decode_should_replace_invalid_bytes_and_advance_one)
{
    static const struct {
        const char *bytes; size_t len; uint32_t cp; size_t adv;
        const char *why;
    } rows[] = {
        { "A", 1, 'A', 1, "ASCII fast path" },
        { "\xC3\xA9", 2, 0xE9, 2, "é: a 2-byte form" },
        { "\xE2\x80\xA2", 3, 0x2022, 3, "bullet: a 3-byte form" },
        { "\xF0\x9F\x98\x80", 4, 0x1F600, 4, "emoji: a 4-byte form" },
        { "\xC3", 1, 0xFFFD, 1, "truncated lead byte at the end: no over-read" },
        { "\xE2\x80", 2, 0xFFFD, 1, "truncated 3-byte form at the end" },
        { "\xF0\x9F\x98", 3, 0xFFFD, 1, "truncated 4-byte form at the end" },
        { "\x80", 1, 0xFFFD, 1, "a stray continuation byte" },
        { "\xC0\xAF", 2, 0xFFFD, 1, "overlong '/' (a classic filter bypass)" },
        { "\xE0\x80\xAF", 3, 0xFFFD, 1, "overlong 3-byte form" },
        { "\xED\xA0\x80", 3, 0xFFFD, 1, "UTF-16 surrogate" },
        { "\xF4\x90\x80\x80", 4, 0xFFFD, 1, "above U+10FFFF" },
        { "\xFF", 1, 0xFFFD, 1, "never valid" },
        { "\xC3(", 2, 0xFFFD, 1, "bad continuation: resume at '('" },
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        unsigned char *buf = malloc(rows[i].len);   /* exact size */
        memcpy(buf, rows[i].bytes, rows[i].len);
        size_t adv;
        uint32_t cp = jm_utf8_decode(buf, rows[i].len, &adv);
        CHECK_MSG(cp == rows[i].cp && adv == rows[i].adv,
                  "row %zu (%s): U+%04X adv %zu", i, rows[i].why, (unsigned)cp, adv);
        free(buf);
    }
}

TEST(utf8_encode_should_round_trip_every_plane)
{
    static const uint32_t cps[] = { 0x41, 0xE9, 0x7FF, 0x800, 0x2022, 0xFFFD,
                                    0x10000, 0x1F600, 0x10FFFF };
    for (size_t i = 0; i < sizeof cps / sizeof cps[0]; i++) {
        char out[4];
        size_t n = jm_utf8_encode(cps[i], out), adv;
        CHECK_INT(jm_utf8_decode((const unsigned char *)out, n, &adv), cps[i]);
        CHECK_INT(adv, n);
    }
    char out[4];
    CHECK_INT(jm_utf8_encode(0xD800, out), 3);   /* a surrogate becomes U+FFFD */
}

TEST(utf8_fold_should_lowercase_latin_greek_and_cyrillic)
{
    static const struct { const char *in, *out, *why; } rows[] = {
        { "Müller", "müller", "Latin-1 letter inside a name" },
        { "CAFÉ", "café", "uppercase accented vowel" },
        { "NAÏVE", "naïve", "diaeresis" },
        { "ŁÓDŹ ŻÓŁĆ", "łódź żółć", "Latin Extended-A (Polish)" },
        { "ŠKODA ČEŠTINA", "škoda čeština", "Latin Extended-A (Czech)" },
        { "İSTANBUL", "istanbul", "dotted capital I folds to plain i" },
        { "ΣΟΦΊΑ", "σοφία", "Greek with tonos" },
        { "МОСКВА Ёж", "москва ёж", "Cyrillic, including Ё" },
        { "ＡＢＣ", "ａｂｃ", "fullwidth Latin" },
        { "don’t", "don't", "curly apostrophe becomes ASCII (stopword match)" },
        { "a\xFF" "b", "a\xEF\xBF\xBD" "b", "invalid byte becomes U+FFFD" },
        { "ẞ", "ß", "capital sharp s" },
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        char out[256];
        jm_utf8_fold(rows[i].in, strlen(rows[i].in), out);
        CHECK_MSG(!strcmp(out, rows[i].out), "row %zu (%s): \"%s\"", i, rows[i].why, out);
    }
}

TEST(utf8_class_should_normalize_quotes_dashes_and_bullets)
{
    static const struct { uint32_t cp; jm_cclass cls; const char *why; } rows[] = {
        { 0x2022, JM_CC_BREAK, "• bullet separates list items" },
        { 0x25AA, JM_CC_BREAK, "▪ small square bullet" },
        { 0x00B7, JM_CC_BREAK, "· middle dot used as a bullet" },
        { 0x25E6, JM_CC_BREAK, "◦ white bullet" },
        { 0x2014, JM_CC_BREAK, "— em dash between clauses" },
        { 0x2013, JM_CC_DASH, "– en dash: hyphen or break by context" },
        { 0x2019, JM_CC_APOS, "’ right single quote as apostrophe" },
        { 0x201C, JM_CC_QUOTE, "“ left double quote" },
        { 0x00A0, JM_CC_SPACE, "NBSP is a blank" },
        { 0x2028, JM_CC_NEWLINE, "line separator" },
        { 0x00E9, JM_CC_WORD, "é is a letter" },
        { 0x4E2D, JM_CC_WORD, "CJK ideograph is a word character" },
        { 0x0301, JM_CC_WORD, "combining acute accent stays in its word" },
        { 0xFEFF, JM_CC_IGNORE, "BOM is skipped" },
        { 0xFFFD, JM_CC_OTHER, "replacement character separates" },
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        CHECK_MSG(jm_utf8_class(rows[i].cp) == rows[i].cls, "row %zu (%s)", i, rows[i].why);
}

TEST(utf8_valid_should_accept_text_and_reject_garbage)
{
    CHECK(jm_utf8_valid("Müller café", strlen("Müller café")));
    CHECK(jm_utf8_valid("\xEF\xBF\xBD", 3));    /* a real U+FFFD is valid */
    CHECK(!jm_utf8_valid("ab\xC3", 3));
    CHECK(!jm_utf8_valid("\xED\xA0\x80", 3));
}

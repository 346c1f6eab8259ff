/* This file contains the UTF-8 helpers (see utf8.h): a strict decoder, the
 * encoder, simple lowercase folding by ranges, and the character classes
 * behind punctuation normalization. */
#include "base/utf8.h"

uint32_t jm_utf8_decode(const unsigned char *s, size_t len, size_t *adv)
{
    unsigned c = s[0];
    *adv = 1;
    if (c < 0x80) return c;
    size_t n;
    uint32_t cp, min;
    if (c >= 0xC2 && c <= 0xDF) { n = 2; cp = c & 0x1F; min = 0x80; }
    else if (c >= 0xE0 && c <= 0xEF) { n = 3; cp = c & 0x0F; min = 0x800; }
    else if (c >= 0xF0 && c <= 0xF4) { n = 4; cp = c & 0x07; min = 0x10000; }
    else return JM_UTF8_REPLACEMENT;
    if (n > len) return JM_UTF8_REPLACEMENT;   /* truncated: no over-read */
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80) return JM_UTF8_REPLACEMENT;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return JM_UTF8_REPLACEMENT;
    *adv = n;
    return cp;
}

size_t jm_utf8_encode(uint32_t cp, char *out)
{
    unsigned char *o = (unsigned char *)out;
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        cp = JM_UTF8_REPLACEMENT;
    if (cp < 0x80) { o[0] = (unsigned char)cp; return 1; }
    if (cp < 0x800) {
        o[0] = (unsigned char)(0xC0 | (cp >> 6));
        o[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (unsigned char)(0xE0 | (cp >> 12));
        o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (unsigned char)(0xF0 | (cp >> 18));
    o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

uint32_t jm_utf8_lower(uint32_t cp)
{
    if (cp < 0x80) return (cp >= 'A' && cp <= 'Z') ? cp + 32 : cp;
    if (cp < 0x100)                                   /* Latin-1 */
        return (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) ? cp + 32 : cp;
    if (cp < 0x180) {                                 /* Latin Extended-A */
        if (cp == 0x130) return 'i';                  /* İ */
        if (cp == 0x178) return 0xFF;                 /* Ÿ */
        if ((cp >= 0x100 && cp <= 0x137) || (cp >= 0x14A && cp <= 0x177))
            return (cp & 1) ? cp : cp + 1;
        if ((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E))
            return (cp & 1) ? cp + 1 : cp;
        return cp;
    }
    if (cp >= 0x370 && cp < 0x400) {                  /* Greek */
        if (cp >= 0x391 && cp <= 0x3AB && cp != 0x3A2) return cp + 32;
        if (cp == 0x386) return 0x3AC;
        if (cp >= 0x388 && cp <= 0x38A) return cp + 37;
        if (cp == 0x38C) return 0x3CC;
        if (cp == 0x38E || cp == 0x38F) return cp + 63;
        return cp;
    }
    if (cp >= 0x400 && cp < 0x530) {                  /* Cyrillic */
        if (cp <= 0x40F) return cp + 80;
        if (cp <= 0x42F) return cp + 32;
        if ((cp >= 0x460 && cp <= 0x481) || (cp >= 0x48A && cp <= 0x4BF) ||
            (cp >= 0x4D0 && cp <= 0x52F))
            return (cp & 1) ? cp : cp + 1;
        if (cp == 0x4C0) return 0x4CF;
        if (cp >= 0x4C1 && cp <= 0x4CE) return (cp & 1) ? cp + 1 : cp;
        return cp;
    }
    if (cp >= 0x1E00 && cp <= 0x1EFF) {               /* Latin Ext. Additional */
        if (cp == 0x1E9E) return 0xDF;                /* ẞ -> ß */
        if (cp <= 0x1E95 || cp >= 0x1EA0) return (cp & 1) ? cp : cp + 1;
        return cp;
    }
    if (cp >= 0xFF21 && cp <= 0xFF3A) return cp + 32; /* fullwidth A-Z */
    return cp;
}

int jm_utf8_is_upper(uint32_t cp) { return jm_utf8_lower(cp) != cp; }

jm_cclass jm_utf8_class(uint32_t cp)
{
    if (cp < 0x80) {
        if ((cp | 32) >= 'a' && (cp | 32) <= 'z') return JM_CC_WORD;
        if (cp >= '0' && cp <= '9') return JM_CC_WORD;
        if (cp == '\n' || cp == '\r') return JM_CC_NEWLINE;
        if (cp == ' ' || cp == '\t' || cp == '\f' || cp == '\v') return JM_CC_SPACE;
        return JM_CC_OTHER;
    }
    if (cp < 0x100) {
        switch (cp) {
        case 0x85: return JM_CC_NEWLINE;
        case 0xA0: return JM_CC_SPACE;
        case 0xAD: return JM_CC_IGNORE;               /* soft hyphen */
        case 0xAA: case 0xB5: case 0xBA: return JM_CC_WORD;
        case 0xB7: case 0xA1: case 0xBF: return JM_CC_BREAK;
        case 0xAB: case 0xBB: return JM_CC_QUOTE;
        case 0xD7: case 0xF7: return JM_CC_OTHER;
        default: return cp >= 0xC0 ? JM_CC_WORD : JM_CC_OTHER;
        }
    }
    if (cp < 0x2000) {
        if (cp == 0x37E || cp == 0x387 || cp == 0x589 || cp == 0x5C3 ||
            cp == 0x6D4 || cp == 0x964 || cp == 0x965)
            return JM_CC_BREAK;                       /* ; · and full stops */
        if (cp == 0x1680) return JM_CC_SPACE;
        return JM_CC_WORD;                            /* letters and marks */
    }
    if (cp < 0x2070) {                                /* General Punctuation */
        if (cp <= 0x200A || cp == 0x202F || cp == 0x205F) return JM_CC_SPACE;
        if (cp <= 0x200D || cp == 0x2060) return JM_CC_IGNORE;
        if (cp == 0x2010 || cp == 0x2011) return JM_CC_HYPHEN;
        if (cp == 0x2012 || cp == 0x2013) return JM_CC_DASH;
        if (cp == 0x2014 || cp == 0x2015) return JM_CC_BREAK;
        if (cp >= 0x2018 && cp <= 0x201B) return JM_CC_APOS;
        if (cp >= 0x201C && cp <= 0x201F) return JM_CC_QUOTE;
        if (cp == 0x2022 || cp == 0x2023 || cp == 0x2026 || cp == 0x2043 ||
            cp == 0x203A || cp == 0x2039)
            return JM_CC_BREAK;
        if (cp == 0x2028 || cp == 0x2029) return JM_CC_NEWLINE;
        return JM_CC_OTHER;
    }
    if (cp == 0x2212) return JM_CC_DASH;              /* minus sign */
    if ((cp >= 0x2190 && cp <= 0x21FF) ||            /* arrows */
        (cp >= 0x25A0 && cp <= 0x25FF) ||            /* ▪ ◦ ● ■ ► ... */
        (cp >= 0x2700 && cp <= 0x27BF) ||            /* ✓ ✔ ➢ ... */
        cp == 0x2219 || cp == 0x22C5 || cp == 0x3002 || cp == 0x3001 ||
        cp == 0xFF0C || cp == 0xFF1B || cp == 0xFF0E || cp == 0xFF61)
        return JM_CC_BREAK;
    if (cp < 0x2C00) return JM_CC_OTHER;              /* symbols, math, ... */
    if (cp >= 0x3000 && cp <= 0x303F)
        return cp == 0x3000 ? JM_CC_SPACE : JM_CC_OTHER;
    if (cp == 0xFEFF) return JM_CC_IGNORE;
    if (cp == JM_UTF8_REPLACEMENT) return JM_CC_OTHER;
    if (cp >= 0xFF01 && cp <= 0xFF0F) return JM_CC_OTHER;
    if (cp >= 0xFFF0 && cp <= 0xFFFF) return JM_CC_OTHER;
    if (cp >= 0xE000 && cp <= 0xF8FF) return JM_CC_OTHER;  /* private use */
    if (cp >= 0x1F000) return JM_CC_OTHER;            /* emoji, ... */
    return JM_CC_WORD;                                /* CJK, Hangul, ... */
}

size_t jm_utf8_fold(const char *s, size_t len, char *out)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0, o = 0;
    while (i < len) {
        size_t adv;
        uint32_t cp = jm_utf8_decode(p + i, len - i, &adv);
        if (cp >= 0x80 && jm_utf8_class(cp) == JM_CC_APOS) cp = '\'';
        o += jm_utf8_encode(jm_utf8_lower(cp), out + o);
        i += adv;
    }
    out[o] = '\0';
    return o;
}

int jm_utf8_valid(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        size_t adv;
        if (jm_utf8_decode(p + i, len - i, &adv) == JM_UTF8_REPLACEMENT &&
            !(adv == 3 && p[i] == 0xEF && p[i + 1] == 0xBF && p[i + 2] == 0xBD))
            return 0;
        i += adv;
    }
    return 1;
}

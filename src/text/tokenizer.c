/* This file contains the tokenizer (see tokenizer.h): one pass over the
 * bytes with an ASCII fast path; non-ASCII code points are decoded, classed
 * and folded by utf8.c. Contact details (emails, URLs, phones) are
 * recognized where they start so that their pieces never become words. */
#include "text/tokenizer.h"
#include "base/bytes.h"
#include "base/utf8.h"
#include "base/common.h"

#include <stdint.h>
#include <string.h>

/* ASCII character classes (bits). */
enum { C_LO = 1, C_UP = 2, C_DI = 4, C_NA = 8 /* non-ASCII letter */ };

static const unsigned char cls[256] = {
    ['a' ... 'z'] = C_LO, ['A' ... 'Z'] = C_UP, ['0' ... '9'] = C_DI,
};

#define IS_ALPHA(k) ((k) & (C_LO | C_UP | C_NA))

/* Bytes after which an ASCII word cannot go on (the slow path handles
 * . ' + # & , and non-ASCII). */
static const unsigned char plain_end[256] = {
    [' '] = 1, ['\t'] = 1, ['\n'] = 1, ['\r'] = 1, [','] = 1, [';'] = 1,
    [':'] = 1, ['!'] = 1, ['?'] = 1, ['('] = 1, [')'] = 1, ['['] = 1,
    [']'] = 1, ['{'] = 1, ['}'] = 1, ['"'] = 1, ['|'] = 1, ['*'] = 1,
    ['<'] = 1, ['>'] = 1, ['='] = 1, ['-'] = 1, ['/'] = 1, ['_'] = 1,
    ['@'] = 1, ['%'] = 1, ['$'] = 1, ['\0'] = 1,
};

/* First letters of the URLs a word may start (http://, https://, www.,
 * ftp://): the other words skip the test of their second letter. */
static const unsigned char url_first[256] = {
    ['h'] = 1, ['H'] = 1, ['w'] = 1, ['W'] = 1, ['f'] = 1, ['F'] = 1,
};

/* Token flags from the classes seen in an ASCII word (C_LO|C_UP|C_DI). */
static const unsigned acc_flags[8] = {
    0,                                                  /* (none) */
    JM_TF_ALPHA | JM_TF_LOWER,                          /* a */
    JM_TF_ALPHA | JM_TF_ALLCAPS,                        /* A */
    JM_TF_ALPHA | JM_TF_LOWER,                          /* aA */
    JM_TF_DIGIT,                                        /* 0 */
    JM_TF_ALPHA | JM_TF_LOWER | JM_TF_DIGIT,            /* a0 */
    JM_TF_ALPHA | JM_TF_ALLCAPS | JM_TF_DIGIT,          /* A0 */
    JM_TF_ALPHA | JM_TF_LOWER | JM_TF_DIGIT,            /* aA0 */
};

/* Top-level domains that make a dotted word a bare domain. Kept short on
 * purpose: "js", "md", "py" are file types, not domains here. */
static const char *const tlds[] = {
    "com", "org", "net", "io", "edu", "gov", "mil", "ai", "dev", "co", "uk",
    "us", "de", "fr", "ca", "au", "info", "biz", "me", "app", "tech", "eu",
    "ly", "gl", "tv", "cc", "nl", "jp", "ch", "se", "in", "xyz", "site"
};

/* 1 when a word character (letter or digit, any script) starts at s[i]. */
static int word_at(const jm_tokenizer *t, size_t i)
{
    if (i >= t->len) return 0;
    unsigned c = t->s[i];
    if (cls[c]) return 1;
    if (c < 0x80) return 0;
    size_t adv;
    return jm_utf8_class(jm_utf8_decode(t->s + i, t->len - i, &adv)) == JM_CC_WORD;
}

/* 1 when a letter (any script) starts at s[i]. */
static int letter_at(const jm_tokenizer *t, size_t i)
{
    if (i >= t->len) return 0;
    unsigned c = t->s[i];
    if (c < 0x80) return (cls[c] & (C_LO | C_UP)) != 0;
    return word_at(t, i);
}

/* Pads fold with zeros and sets key from it, byte by byte (loads of
 * single bytes forward from the wider stores that wrote them). */
static void finish(jm_rawtok *o)
{
    uint64_t k[2] = { 0, 0 };
    size_t n = o->len < 16 ? o->len : 16;
    memset(o->fold + o->len, 0, 8);
    for (size_t i = 0; i < n; i++)
        k[i >> 3] |= (uint64_t)(unsigned char)o->fold[i] << (8 * (i & 7));
    o->key[0] = k[0];
    o->key[1] = k[1];
}

/* Case-insensitive prefix test of an ASCII literal. */
static int has_prefix(const jm_tokenizer *t, size_t i, const char *lit)
{
    size_t n = strlen(lit);
    if (t->len - i < n) return 0;
    for (size_t k = 0; k < n; k++)
        if ((t->s[i + k] | (cls[t->s[i + k]] & C_UP ? 0x20 : 0)) != (unsigned char)lit[k])
            return 0;
    return 1;
}

/* End of a URL that starts at i: up to a blank or a quote, without the
 * trailing punctuation of the sentence around it. */
static size_t url_end(const jm_tokenizer *t, size_t i)
{
    const unsigned char *s = t->s;
    size_t e = i, open = 0;
    while (e < t->len && s[e] > ' ' && s[e] != '"' && s[e] != '<' &&
           s[e] != '>' && s[e] != '`' && s[e] != 0x7F) {
        if (s[e] >= 0x80) {
            size_t adv;
            uint32_t cp = jm_utf8_decode(s + e, t->len - e, &adv);
            jm_cclass cc = jm_utf8_class(cp);
            if (cc != JM_CC_WORD) break;
            e += adv;
            continue;
        }
        if (s[e] == '(') open++;
        e++;
    }
    while (e > i && (s[e - 1] == '.' || s[e - 1] == ',' || s[e - 1] == ';' ||
                     s[e - 1] == ':' || s[e - 1] == '!' || s[e - 1] == '?' ||
                     s[e - 1] == '\'' || s[e - 1] == '*' ||
                     (s[e - 1] == ')' && !open)))
        e--;
    return e;
}

/* Length of an email address starting at i, or 0. Only looked for when an
 * '@' is near (t->at), so that ordinary words pay nothing. */
static size_t email_len(jm_tokenizer *t, size_t i)
{
    const unsigned char *s = t->s;
    if (t->at < i) {
        const unsigned char *a = memchr(s + i, '@', t->len - i);
        t->at = a ? (size_t)(a - s) : t->len;
    }
    if (t->at >= t->len || t->at - i > 64 || t->at == i) return 0;
    for (size_t k = i; k < t->at; k++)
        if (!cls[s[k]] && s[k] != '.' && s[k] != '_' && s[k] != '%' &&
            s[k] != '+' && s[k] != '-')
            return 0;
    size_t e = t->at + 1, dots = 0;
    while (e < t->len && (cls[s[e]] || s[e] == '-' ||
                          (s[e] == '.' && e + 1 < t->len && cls[s[e + 1]]))) {
        dots += s[e] == '.';
        e++;
    }
    if (!dots || e == t->at + 1) return 0;
    return e - i;
}

/* The next '@' at or after pos (t->len when none), cached. */
static size_t refresh_at(jm_tokenizer *t, size_t pos)
{
    if (t->at < pos) {
        const unsigned char *a = memchr(t->s + pos, '@', t->len - pos);
        t->at = a ? (size_t)(a - t->s) : t->len;
    }
    return t->at;
}

/* Length of a phone number starting at i ('+', '(' or a digit), or 0:
 * 10 to 15 digits in 2 to 5 groups of at most 4 digits (the first of a '+'
 * number may be shorter), separated by one space, '-', '.', or "(..)"; or
 * 3-4 digits with a '-' (555-0199). Not followed by a word character. */
static size_t phone_len(const jm_tokenizer *t, size_t i)
{
    const unsigned char *s = t->s;
    size_t n = t->len, k = i, digits = 0, groups = 0, g1 = 0, g2 = 0;
    int paren = 0, plus = 0, dash = 0;
    if (s[k] == '+') { plus = 1; k++; }
    if (k < n && s[k] == '(') { paren = 1; k++; }
    for (;;) {
        size_t g = 0;
        while (k < n && cls[s[k]] == C_DI) { k++; g++; }
        if (!g || g > 4) return 0;
        if (groups == 0) g1 = g;
        if (groups == 1) g2 = g;
        groups++;
        digits += g;
        if (paren && k < n && s[k] == ')') {
            paren = 0;
            k++;
            if (k < n && s[k] == ' ') k++;
            if (!(k < n && cls[s[k]] == C_DI)) return 0;
            continue;
        }
        if (k + 1 < n && (s[k] == ' ' || s[k] == '-' || s[k] == '.') &&
            cls[s[k + 1]] == C_DI && groups < 5) {
            dash |= s[k] == '-';
            k++;
            continue;
        }
        break;
    }
    if (paren || word_at(t, k)) return 0;
    if (digits >= 10 && digits <= 15 && groups >= 2) {
        if (!plus && g1 < 3) return 0;
        return k - i;
    }
    if (groups == 2 && g1 == 3 && g2 == 4 && dash) return k - i;
    return 0;
}

/* 1 when the dotted word's last part (after the last '.') is a TLD. */
/* Length of a markup tag at i ("<br>", "</li>", "<a href=...>", and the
 * "<ORGANIZATION>" placeholders of de-identified postings), or 0: a letter
 * right after '<' (or "</"), then no '<' or line break before the '>'. */
static size_t tag_len(const jm_tokenizer *t, size_t i)
{
    const unsigned char *s = t->s;
    size_t j = i + 1, limit = JM_MIN(t->len, i + 256);
    if (j < limit && s[j] == '/') j++;
    if (!(j < limit && (((s[j] | 0x20) >= 'a' && (s[j] | 0x20) <= 'z')))) return 0;
    for (; j < limit; j++) {
        if (s[j] == '>') return j + 1 - i;
        if (s[j] == '<' || s[j] == '\n' || s[j] == '\r') return 0;
    }
    return 0;
}

static int ends_with_tld(const jm_rawtok *o)
{
    const char *dot = memchr(o->fold, '.', o->len);
    if (!dot || dot == o->fold) return 0;
    const char *last = o->fold + o->len;
    while (last > o->fold && last[-1] != '.') last--;
    size_t n = (size_t)(o->fold + o->len - last);
    for (size_t k = 0; k < JM_ARRAY_LEN(tlds); k++)
        if (strlen(tlds[k]) == n && !memcmp(tlds[k], last, n)) return 1;
    return 0;
}

/* Folds the run of ASCII letters and digits at s[pos, lim) into F from
 * F[*L] (upper case to lower), up to the first other byte, and adds their
 * classes to *acc; returns where the run ended. cls[s[pos]] must not be 0.
 * scan_word()'s hot loop, for its fast path's tail and its general path:
 * inlined, so that L and acc stay in registers. */
static inline __attribute__((always_inline)) size_t
fold_run(const unsigned char *s, size_t pos, size_t lim, char *F, size_t *L, unsigned *acc)
{
    size_t l = *L;
    unsigned a = *acc, k = cls[s[pos]];
    do {
        a |= k;
        F[l++] = (char)(s[pos] | ((k & C_UP) << 4));   /* C_UP << 4 == 0x20 */
        if (++pos >= lim) break;
        k = cls[s[pos]];
    } while (k);
    *L = l;
    *acc = a;
    return pos;
}

#if defined(__SSE2__)
/* 16 bytes of 0xFF, then 16 of 0: loaded from 16 - n, the mask that keeps
 * the first n bytes of a vector. */
static const unsigned char keep_first[32] = {
    0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
    0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
};

/* The commonest token, read without scan_word()'s generality: a word of
 * 1 to 15 ASCII letters and digits that starts with a letter and ends at a
 * plain separator, or at a full stop that no word character follows. One
 * load and a few compares class and fold it; *o is what scan_word() makes
 * of it (tests/test_bytes.c compares both paths on real text). Returns 0,
 * having written nothing, for anything else. Inlined into the caller, so
 * that such a word costs no call and no stack frame. */
static inline __attribute__((always_inline)) int
short_word(const jm_tokenizer *t, jm_rawtok *o, size_t pos)
{
    const unsigned char *s = t->s;
    if (pos + 17 > t->len) return 0;           /* the vector and one byte after */
    unsigned up, lo, di;
    __m128i folded = jm_bytes_ascii16(s + pos, &up, &lo, &di);
    unsigned stop = ~(up | lo | di) & 0xFFFFu;
    if (!stop) return 0;                         /* 16 bytes or more */
    unsigned cnt = (unsigned)__builtin_ctz(stop), e = s[pos + cnt];
    if (!plain_end[e] &&
        (e != '.' || cls[s[pos + cnt + 1]] || s[pos + cnt + 1] >= 0x80))
        return 0;                                /* ' . + # & or non-ASCII go on */
    unsigned m = (1u << cnt) - 1;
    __m128i w = _mm_and_si128(folded, _mm_loadu_si128(
        (const __m128i *)(const void *)(keep_first + 16 - cnt)));
    /* fold: the word, then zeros past the 8 bytes after it */
    _mm_storeu_si128((__m128i *)(void *)o->fold, w);
    _mm_storeu_si128((__m128i *)(void *)(o->fold + 16), _mm_setzero_si128());
    o->key[0] = (uint64_t)_mm_cvtsi128_si64(w);
    o->key[1] = (uint64_t)_mm_cvtsi128_si64(_mm_unpackhi_epi64(w, w));
    o->start = pos;
    o->end = pos + cnt;
    o->len = cnt;
    o->type = JM_TT_WORD;
    /* acc_flags[] of the word's classes, written out: it starts with a
     * letter, so it is JM_TF_ALPHA, and ALLCAPS exactly when it has no
     * lowercase letter */
    o->flags |= JM_TF_ALPHA | (lo & m ? JM_TF_LOWER : JM_TF_ALLCAPS) |
                (di & m ? JM_TF_DIGIT : 0) | (up & 1 ? JM_TF_UPPER : 0);
    return 1;
}
#endif

/* Scans a word (or number, or dotted name) starting at pos into *o. */
static void scan_word(jm_tokenizer *t, jm_rawtok *o, size_t pos)
{
    const unsigned char *s = t->s;
    const size_t n = t->len;
    unsigned acc = 0, first = 0, last = 0;
    size_t part = 0, max_part = 0, parts = 1;
    int lead = 0;

    char *F = o->fold;
    size_t L = 0;     /* local: char stores through F cannot alias it */
#define PUT(c) do { if (L < JM_TOK_MAX) F[L++] = (c); else o->flags |= JM_TF_LONG; } while (0)
    o->start = pos;
    o->type = JM_TT_WORD;
    if (s[pos] == '.') {                 /* .NET */
        PUT('.');
        pos++;
        lead = 1;
        o->flags |= JM_TF_DOTTED;
    } else if (cls[s[pos]]) {
        /* fast path: a plain ASCII word that ends at a plain separator */
        size_t lim = pos + JM_TOK_MAX, run = pos;
        unsigned c = s[pos], k = cls[c];
        if (lim > n) lim = n;
        first = k;
        uint64_t mlo = 0, mup = 0, mdi = 0, kw[2] = { 0, 0 };
        int stopped = 0, it = 0, keys_ok;
#if defined(__SSE2__)
        /* 16 bytes at a time (SSE2): most words end within the first 16,
         * so one load and three compares class the whole word */
        if (t->simd) {
            while (pos + 16 <= lim) {
                unsigned up, lo, di;
                __m128i out = jm_bytes_ascii16(s + pos, &up, &lo, &di);
                unsigned stop = ~(up | lo | di) & 0xFFFFu;
                unsigned cnt = stop ? (unsigned)__builtin_ctz(stop) : 16;
                unsigned m = (1u << cnt) - 1;
                _mm_storeu_si128((__m128i *)(void *)(F + L), out);   /* fold has room */
                if (!it++ && cnt < 16) {
                    kw[0] = (uint64_t)_mm_cvtsi128_si64(out);
                    kw[1] = (uint64_t)_mm_cvtsi128_si64(_mm_unpackhi_epi64(out, out));
                    if (cnt < 8) kw[0] &= (1ULL << (8 * cnt)) - 1;
                    kw[1] &= cnt <= 8 ? 0 : (1ULL << (8 * (cnt - 8))) - 1;
                }
                mlo |= lo & m;
                mup |= up & m;
                mdi |= di & m;
                L += cnt;
                pos += cnt;
                if (cnt < 16) { stopped = 1; break; }
            }
            keys_ok = stopped && it == 1;
        } else
#endif
        {
        /* 8 bytes at a time (SWAR): which lead bytes are ASCII letters or
         * digits, and their lowercase, with a few word operations */
        while (pos + 8 <= lim) {
            const uint64_t H = 0x8080808080808080ULL, ONES = 0x0101010101010101ULL;
            uint64_t v, x;
            memcpy(&v, s + pos, 8);
            x = v & ~H;
#define IN_RANGE(lo, hi) ((x + ONES * (0x80 - (lo))) & ~(x + ONES * (0x7F - (hi))) & H)
            uint64_t up = IN_RANGE('A', 'Z'), lo = IN_RANGE('a', 'z'), di = IN_RANGE('0', '9');
#undef IN_RANGE
            uint64_t word = (up | lo | di) & ~v;          /* non-ASCII is not */
            uint64_t stop = ~word & H;
            unsigned cnt = stop ? (unsigned)__builtin_ctzll(stop) >> 3 : 8;
            uint64_t m = cnt == 8 ? ~0ULL : (1ULL << (8 * cnt)) - 1;
            uint64_t out = v | (up >> 2);                  /* 0x80 >> 2 == 0x20 */
            memcpy(F + L, &out, 8);                        /* fold has room */
            if (it < 2) kw[it] = out & m;
            it++;
            mlo |= lo & m;
            mup |= up & m;
            mdi |= di & m;
            L += cnt;
            pos += cnt;
            if (cnt < 8) { stopped = 1; break; }
        }
        keys_ok = stopped && it <= 2;
        }
        acc = (mlo ? C_LO : 0) | (mup ? C_UP : 0) | (mdi ? C_DI : 0);
        if (!stopped && pos < lim && cls[s[pos]]) pos = fold_run(s, pos, lim, F, &L, &acc);
        if (pos >= n || (pos < lim && plain_end[s[pos]] && !(s[pos] == ',' && acc == C_DI))) {
            o->len = L;
            o->end = pos;
            o->type = IS_ALPHA(acc) ? JM_TT_WORD : JM_TT_NUMBER;
            o->flags |= acc_flags[acc & 7] | (first & C_UP ? JM_TF_UPPER : 0);
            if (keys_ok) {                                 /* keys in registers */
                memset(F + L, 0, 8);
                o->key[0] = kw[0];
                o->key[1] = kw[1];
            } else {
                finish(o);
            }
            return;
        }
        last = cls[s[pos - 1]];
        part = pos - run;
    }
    while (pos < n) {
        unsigned c = s[pos];
        unsigned k = cls[c];
        if (k) {                         /* the hot loop: an ASCII run */
            if (!first) first = k;
            if (L >= JM_TOK_MAX) {
                o->flags |= JM_TF_LONG;
                acc |= k;
                last = k;
                part++;
                pos++;
                continue;
            }
            size_t lim = pos + (JM_TOK_MAX - L), run = pos;
            if (lim > n) lim = n;
            pos = fold_run(s, pos, lim, F, &L, &acc);
            last = cls[s[pos - 1]];
            part += pos - run;
            continue;
        }
        if (c >= 0x80) {
            size_t adv;
            uint32_t cp = jm_utf8_decode(s + pos, n - pos, &adv);
            jm_cclass cc = jm_utf8_class(cp);
            if (cc == JM_CC_WORD) {
                uint32_t lo = jm_utf8_lower(cp);
                unsigned kk = (lo != cp ? C_UP : C_LO) | C_NA;
                acc |= kk;
                if (!first) first = kk;
                char enc[4];
                size_t m = jm_utf8_encode(lo, enc);
                if (L + m <= JM_TOK_MAX) {
                    memcpy(F + L, enc, m);
                    L += m;
                } else {
                    o->flags |= JM_TF_LONG;
                }
                last = kk;
                part++;
                pos += adv;
                continue;
            }
            if (cc == JM_CC_IGNORE) { pos += adv; continue; }  /* soft hyphen */
            if (cc == JM_CC_APOS && IS_ALPHA(last) && letter_at(t, pos + adv)) {
                PUT('\'');
                o->flags |= JM_TF_SYMBOL;
                last = 0;
                pos += adv;
                continue;
            }
            break;
        }
        if (c == '\'') {
            if (IS_ALPHA(last) && letter_at(t, pos + 1)) {
                PUT('\'');
                o->flags |= JM_TF_SYMBOL;
                last = 0;
                pos++;
                continue;
            }
            break;
        }
        if (c == '.') {
            if (word_at(t, pos + 1)) {
                /* "learning.Education": a sentence glued by scraping */
                if ((last & C_LO) && part >= 2 && pos + 2 < n &&
                    cls[s[pos + 1]] == C_UP && cls[s[pos + 2]] == C_LO)
                    break;
                if (!last) break;          /* "'." or "+." */
                PUT('.');
                o->flags |= JM_TF_DOTTED;
                if (part > max_part) max_part = part;
                part = 0;
                parts++;
                last = 0;
                pos++;
                continue;
            }
            if ((o->flags & JM_TF_DOTTED) && !lead && parts >= 2 && IS_ALPHA(acc) &&
                JM_MAX(max_part, part) <= 2 && part >= 1) {
                o->flags |= JM_TF_ABBREV;  /* e.g. U.S. Ph.D. keep their dot */
                pos++;
            }
            break;
        }
        if (c == '+') {
            if (IS_ALPHA(acc)) {
                size_t q = pos;
                while (q < n && s[q] == '+' && q - pos < 2) q++;
                if (!word_at(t, q) && !(q < n && s[q] == '+')) {
                    while (pos < q) { PUT('+'); pos++; }
                    o->flags |= JM_TF_SYMBOL;
                }
            }
            break;
        }
        if (c == '#') {
            if (L == 1 && IS_ALPHA(acc) && !word_at(t, pos + 1)) {
                PUT('#');
                o->flags |= JM_TF_SYMBOL;
                pos++;
            }
            break;
        }
        if (c == '&') {
            if (L <= 3 && IS_ALPHA(acc) && pos + 1 < n &&
                (cls[s[pos + 1]] & (C_LO | C_UP))) {
                PUT('&');
                o->flags |= JM_TF_SYMBOL;
                last = 0;
                pos++;
                continue;
            }
            break;
        }
        if (c == ',' && acc == C_DI && pos + 3 < n && cls[s[pos + 1]] == C_DI &&
            cls[s[pos + 2]] == C_DI && cls[s[pos + 3]] == C_DI &&
            !(pos + 4 < n && cls[s[pos + 4]] == C_DI)) {
            PUT(',');                 /* 1,000 */
            pos++;
            continue;
        }
        break;
    }
#undef PUT
    o->len = L;
    o->end = pos;
    if (IS_ALPHA(acc)) o->flags |= JM_TF_ALPHA;
    else o->type = JM_TT_NUMBER;
    if (acc & C_DI) o->flags |= JM_TF_DIGIT;
    if (acc & C_LO) o->flags |= JM_TF_LOWER;
    if (first & C_UP) o->flags |= JM_TF_UPPER;
    if ((acc & C_UP) && !(acc & C_LO)) o->flags |= JM_TF_ALLCAPS;
    if ((o->flags & (JM_TF_DOTTED | JM_TF_ABBREV)) == JM_TF_DOTTED && !lead &&
        IS_ALPHA(acc) && ends_with_tld(o)) {
        o->type = JM_TT_URL;             /* benathi.github.io */
        if (pos + 1 < n && (s[pos] == '/' || s[pos] == ':') && s[pos + 1] > ' ')
            o->end = url_end(t, pos);
        else
            o->flags |= JM_TF_DOMAIN;
    }
    finish(o);
}

void jm_tokenizer_init(jm_tokenizer *t, const char *s, size_t len)
{
    memset(t, 0, sizeof *t);
    t->s = (const unsigned char *)s;
    t->len = len;
    t->at = 0;
    t->simd = jm_bytes_level() >= JM_BYTES_SSE2;
    if (len) {
        const unsigned char *a = memchr(s, '@', len);
        t->at = a ? (size_t)(a - t->s) : len;
    }
}

/* A line ended at pos (the '\n' or '\r'): consumes it and the blank lines
 * after it, and decides whether it was a clause break. Returns the new
 * position. */
static size_t newline(jm_tokenizer *t, size_t pos, size_t nl_len)
{
    const unsigned char *s = t->s;
    size_t line_len = pos - t->line_start;
    int blank = 0;
    pos += nl_len;
    if (nl_len == 1 && s[pos - 1] == '\r' && pos < t->len && s[pos] == '\n') pos++;
    t->line_start = pos;
    size_t q = pos;
    for (;;) {
        while (q < t->len && (s[q] == ' ' || s[q] == '\t')) q++;
        if (q < t->len && (s[q] == '\n' || s[q] == '\r')) {
            blank = 1;
            q++;
            t->line_start = q;
            continue;
        }
        break;
    }
    if (blank) {
        t->pending |= JM_TF_BREAK | JM_TF_SENT;
        return q;
    }
    if (q >= t->len) return q;
    unsigned c = s[q];
    int list = c == '-' || c == '*' || c == '+' || c == '#' || c == '|' || c == '>';
    if (cls[c] == C_DI) {
        size_t d = q;
        while (d < t->len && cls[s[d]] == C_DI) d++;
        list = d < t->len && (s[d] == '.' || s[d] == ')');
    }
    /* wrapped prose: a long line followed by a lowercase word goes on */
    if (list || line_len < 50 || cls[c] != C_LO) t->pending |= JM_TF_BREAK;
    return q;
}

/* jm_tokenizer_next(), inlined into it and into jm_tokenizer_fill()'s
 * loop. */
static inline __attribute__((always_inline)) int next_token(jm_tokenizer *t, jm_rawtok *o)
{
    const unsigned char *s = t->s;
    const size_t n = t->len;
    size_t pos = t->pos;

    while (pos < n) {
        unsigned c = s[pos];
        size_t m;
        if (cls[c]) {
            o->flags = t->pending;
            t->pending = 0;
            unsigned c1;
            if (url_first[c] && (c1 = pos + 1 < n ? s[pos + 1] | 0x20 : 0, 1) &&
                (((c | 0x20) == 'h' && c1 == 't') || ((c | 0x20) == 'w' && c1 == 'w') ||
                 ((c | 0x20) == 'f' && c1 == 't')) &&
                (has_prefix(t, pos, "http://") || has_prefix(t, pos, "https://") ||
                 has_prefix(t, pos, "www.") || has_prefix(t, pos, "ftp://"))) {
                o->type = JM_TT_URL;
                o->start = pos;
                o->end = url_end(t, pos);
                o->len = 0;
            } else if (refresh_at(t, pos) - pos <= 64 &&
                       (m = email_len(t, pos)) != 0) {
                o->type = JM_TT_EMAIL;
                o->start = pos;
                o->end = pos + m;
                o->len = 0;
            } else if (cls[c] == C_DI && (m = phone_len(t, pos)) != 0) {
                o->type = JM_TT_PHONE;
                o->start = pos;
                o->end = pos + m;
                o->len = 0;
            } else {
#if defined(__SSE2__)
                if (t->simd && (cls[c] & (C_LO | C_UP)) && short_word(t, o, pos)) {
                    /* the space after the word, as the loop above would
                     * skip it (a byte past it is in the text) */
                    t->prev_end = o->end;
                    t->pos = o->end + (s[o->end] == ' ');
                    return 1;
                }
#endif
                scan_word(t, o, pos);   /* calls finish() */
                t->pos = t->prev_end = o->end;
                return 1;
            }
            finish(o);
            t->pos = t->prev_end = o->end;
            return 1;
        }
        switch (c) {
        case ' ': case '\t': case '\f': case '\v':
            pos++;
            continue;
        case '\n': case '\r':
            pos = newline(t, pos, 1);
            continue;
        case ',': case ';': case ':': case ')': case ']': case '}': case '|':
            t->pending |= JM_TF_BREAK;
            pos++;
            continue;
        case '!': case '?':
            t->pending |= JM_TF_BREAK | JM_TF_SENT;
            pos++;
            continue;
        case '(': case '+':
            if (pos + 1 < n && (cls[s[pos + 1]] == C_DI || s[pos + 1] == '(') &&
                (m = phone_len(t, pos)) != 0) {
                o->flags = t->pending;
                t->pending = 0;
                o->type = JM_TT_PHONE;
                o->start = pos;
                o->end = pos + m;
                o->len = 0;
                finish(o);
                t->pos = t->prev_end = o->end;
                return 1;
            }
            if (c == '(') t->pending |= JM_TF_BREAK;
            pos++;
            continue;
        case '[': case '{':
            t->pending |= JM_TF_BREAK;
            pos++;
            continue;
        case '<':               /* markup is no text: skip a tag whole */
            t->pending |= JM_TF_BREAK;
            pos += (m = tag_len(t, pos)) ? m : 1;
            continue;
        case '.':
            if (letter_at(t, pos + 1) && (pos == 0 || !word_at(t, pos - 1)) &&
                !(pos > 0 && s[pos - 1] == '.')) {
                o->flags = t->pending;
                t->pending = 0;
                scan_word(t, o, pos);
                t->pos = t->prev_end = o->end;
                return 1;
            }
            t->pending |= JM_TF_BREAK | JM_TF_SENT;
            pos++;
            continue;
        case '-': case '/':
            if (pos == t->prev_end && pos > 0 && word_at(t, pos + 1))
                t->pending |= JM_TF_GLUE | (c == '/' ? JM_TF_SLASH : 0);
            else
                t->pending |= JM_TF_BREAK;
            pos++;
            continue;
        default:
            break;
        }
        if (c < 0x80) { pos++; continue; }   /* other ASCII: a separator */
        size_t adv;
        uint32_t cp = jm_utf8_decode(s + pos, n - pos, &adv);
        switch (jm_utf8_class(cp)) {
        case JM_CC_WORD:
            o->flags = t->pending;
            t->pending = 0;
            scan_word(t, o, pos);
            t->pos = t->prev_end = o->end;
            return 1;
        case JM_CC_NEWLINE:
            pos = newline(t, pos, adv);
            continue;
        case JM_CC_BREAK:
            t->pending |= JM_TF_BREAK;
            break;
        case JM_CC_DASH: case JM_CC_HYPHEN:
            if (pos == t->prev_end && pos > 0 && word_at(t, pos + adv))
                t->pending |= JM_TF_GLUE;
            else
                t->pending |= JM_TF_BREAK;
            break;
        default:
            break;
        }
        pos += adv;
    }
    t->pos = pos;
    return 0;
}

int jm_tokenizer_next(jm_tokenizer *t, jm_rawtok *o)
{
    return next_token(t, o);
}

size_t jm_tokenizer_fill(jm_tokenizer *t, jm_rawtok *ring, size_t mask, size_t at,
                         size_t want)
{
    size_t got = 0;
    while (got < want && next_token(t, &ring[(at + got) & mask])) got++;
    return got;
}

int jm_tokenize(const char *s, size_t len, jm_rawtok_fn fn, void *ud)
{
    jm_tokenizer t;
    jm_rawtok tok;
    jm_tokenizer_init(&t, s, len);
    while (jm_tokenizer_next(&t, &tok)) {
        int rc = fn(ud, &tok);
        if (rc) return rc;
    }
    return 0;
}

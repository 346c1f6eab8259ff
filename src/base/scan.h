/* This file contains the word-at-a-time byte scans of the readers: they
 * look at 8 bytes per step to skip the plain text that most of a document
 * is, and stop at the first byte a pass has something to do with (an
 * upper-case letter, a markup character, a byte that is not ASCII). Each
 * is exact: it returns the same index as the byte loop it replaces. The
 * lane arithmetic never carries from one byte into the next, so the masks
 * do not depend on the machine's byte order. With SSE2 (every x86-64) the
 * scans take 16 bytes a step first; JM_NO_SIMD turns that off (to test the
 * portable path). */
#ifndef JM_SCAN_H
#define JM_SCAN_H

#include <stdint.h>
#include <string.h>
#if defined(__SSE2__) && !defined(JM_NO_SIMD)
#include <emmintrin.h>
#define SCAN_SSE2 1             /* 16 bytes a step first, then 8 */
#endif

#define SCAN_ONES  0x0101010101010101ull
#define SCAN_HIGHS 0x8080808080808080ull

/* The 8 bytes at p (any alignment). */
static inline uint64_t scan_load(const char *p)
{
    uint64_t x;
    memcpy(&x, p, 8);
    return x;
}

/* The high bit of each byte of x that equals c. */
static inline uint64_t scan_eq(uint64_t x, unsigned char c)
{
    uint64_t v = x ^ (SCAN_ONES * c);
    return ~(((v & ~SCAN_HIGHS) + ~SCAN_HIGHS) | v) & SCAN_HIGHS;
}

/* The high bit of each byte of x in [lo, hi] (ASCII: lo <= hi < 0x80). */
static inline uint64_t scan_between(uint64_t x, unsigned char lo, unsigned char hi)
{
    uint64_t low7 = x & ~SCAN_HIGHS;
    uint64_t ge = low7 + SCAN_ONES * (unsigned char)(0x80 - lo);
    uint64_t gt = low7 + SCAN_ONES * (unsigned char)(0x7F - hi);
    return ge & ~gt & ~x & SCAN_HIGHS;
}

/* The high bit of each ASCII letter of x. */
static inline uint64_t scan_letters(uint64_t x)
{
    return scan_between(x | SCAN_ONES * 0x20, 'a', 'z');
}

/* The index (0..7, in memory order) of the first byte flagged in mask
 * (nonzero, high bits only). */
static inline unsigned scan_first(uint64_t mask)
{
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    return (unsigned)__builtin_ctzll(mask) / 8;
#else
    unsigned char m[8];
    unsigned k = 0;
    memcpy(m, &mask, 8);
    while (!m[k]) k++;
    return k;
#endif
}

/* mask without its first flagged byte (in memory order). */
static inline uint64_t scan_clear_first(uint64_t mask)
{
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    return mask & (mask - 1);
#else
    unsigned char m[8];
    memcpy(m, &mask, 8);
    m[scan_first(mask)] = 0;
    memcpy(&mask, m, 8);
    return mask;
#endif
}

/* The first i in [i, n) where s[i] is an ASCII upper-case letter, or n. */
static inline size_t scan_upper(const char *s, size_t i, size_t n)
{
#ifdef SCAN_SSE2
    for (; i + 16 <= n; i += 16) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
        __m128i up = _mm_and_si128(_mm_cmpgt_epi8(x, _mm_set1_epi8('A' - 1)),
                                   _mm_cmplt_epi8(x, _mm_set1_epi8('Z' + 1)));
        unsigned m = (unsigned)_mm_movemask_epi8(up);
        if (m) return i + (size_t)__builtin_ctz(m);
    }
#endif
    for (; i + 8 <= n; i += 8) {
        uint64_t m = scan_between(scan_load(s + i), 'A', 'Z');
        if (m) return i + scan_first(m);
    }
    while (i < n && !(s[i] >= 'A' && s[i] <= 'Z')) i++;
    return i;
}

/* The first i in [i, n) where s[i] is not ASCII (>= 0x80), or n. */
static inline size_t scan_high(const char *s, size_t i, size_t n)
{
#ifdef SCAN_SSE2
    for (; i + 16 <= n; i += 16) {
        unsigned m = (unsigned)_mm_movemask_epi8(
            _mm_loadu_si128((const __m128i *)(const void *)(s + i)));
        if (m) return i + (size_t)__builtin_ctz(m);
    }
#endif
    for (; i + 8 <= n; i += 8) {
        uint64_t m = scan_load(s + i) & SCAN_HIGHS;
        if (m) return i + scan_first(m);
    }
    while (i < n && !((unsigned char)s[i] & 0x80)) i++;
    return i;
}

/* The first i in [i, n) where s[i] is a control byte (< 0x20), or n. */
static inline size_t scan_control(const char *s, size_t i, size_t n)
{
#ifdef SCAN_SSE2
    for (; i + 16 <= n; i += 16) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
        __m128i lim = _mm_set1_epi8(0x1F);      /* unsigned x <= 0x1F */
        unsigned m = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_max_epu8(x, lim), lim));
        if (m) return i + (size_t)__builtin_ctz(m);
    }
#endif
    for (; i + 8 <= n; i += 8) {
        uint64_t m = scan_between(scan_load(s + i), 0, 0x1F);
        if (m) return i + scan_first(m);
    }
    while (i < n && (unsigned char)s[i] >= 0x20) i++;
    return i;
}

/* The first i in [i, n) where s[i] is a, b or c, or n. */
static inline size_t scan_any3(const char *s, size_t i, size_t n, unsigned char a,
                               unsigned char b, unsigned char c)
{
#ifdef SCAN_SSE2
    for (; i + 16 <= n; i += 16) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
        __m128i e = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8((char)a)),
                                              _mm_cmpeq_epi8(x, _mm_set1_epi8((char)b))),
                                 _mm_cmpeq_epi8(x, _mm_set1_epi8((char)c)));
        unsigned m = (unsigned)_mm_movemask_epi8(e);
        if (m) return i + (size_t)__builtin_ctz(m);
    }
#endif
    for (; i + 8 <= n; i += 8) {
        uint64_t x = scan_load(s + i);
        uint64_t m = scan_eq(x, a) | scan_eq(x, b) | scan_eq(x, c);
        if (m) return i + scan_first(m);
    }
    while (i < n && (unsigned char)s[i] != a && (unsigned char)s[i] != b &&
           (unsigned char)s[i] != c)
        i++;
    return i;
}

#endif

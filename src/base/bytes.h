/* This file declares byte searches that test many bytes at a time: SSE2
 * (every x86-64 has it) and AVX2 (chosen once at run time, where the CPU
 * has it), with the plain byte loop kept for other machines and as the
 * reference the tests compare the vector paths with (tests/test_bytes.c,
 * on real text and random bytes). The JSON scanner of rank's records and
 * the tokenizer's ASCII words use them. */
#ifndef JM_BYTES_H
#define JM_BYTES_H

#include <stddef.h>
#include <stdint.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* Which code the searches run. */
enum {
    JM_BYTES_SCALAR = 0,   /* one byte at a time */
    JM_BYTES_SSE2 = 1,     /* 16 bytes at a time */
    JM_BYTES_AVX2 = 2      /* 32 bytes at a time */
};

/* The level in use: the best the CPU has, found on first use. */
int jm_bytes_level(void);

/* Test hook: makes the searches run level (at most what the CPU has) and
 * returns the level that was in use. Not safe while another thread
 * searches: tests call it before they start any. */
int jm_bytes_set_level(int level);

/* The index of the first byte of s[0..n) that is a or b; n when none. */
size_t jm_bytes_find2(const char *s, size_t n, unsigned char a, unsigned char b);

/* The same, by each level (for the tests; jm_bytes_find2 picks one). */
size_t jm_bytes_find2_scalar(const char *s, size_t n, unsigned char a, unsigned char b);
size_t jm_bytes_find2_sse2(const char *s, size_t n, unsigned char a, unsigned char b);
size_t jm_bytes_find2_avx2(const char *s, size_t n, unsigned char a, unsigned char b);

/* The current level, cached: read by the tokenizer once per word. */
extern int jm_bytes_level_now;

#if defined(__SSE2__)
/* Classes of the 16 bytes at p (all readable): bit i of *upper, *lower,
 * *digit is set when byte i is an ASCII uppercase letter, lowercase letter
 * or digit; returns the 16 bytes with ASCII uppercase letters lowercased.
 * Signed compares after a shift of the range to the bottom of the signed
 * bytes: byte - lo + (-128) < hi - lo + 1 + (-128). */
static inline __m128i jm_bytes_ascii16(const unsigned char *p, unsigned *upper,
                                       unsigned *lower, unsigned *digit)
{
    const __m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
    __m128i u = _mm_cmplt_epi8(_mm_add_epi8(v, _mm_set1_epi8((char)(0x80 - 'A'))),
                               _mm_set1_epi8((char)(0x80 + 26)));
    __m128i l = _mm_cmplt_epi8(_mm_add_epi8(v, _mm_set1_epi8((char)(0x80 - 'a'))),
                               _mm_set1_epi8((char)(0x80 + 26)));
    __m128i d = _mm_cmplt_epi8(_mm_add_epi8(v, _mm_set1_epi8((char)(0x80 - '0'))),
                               _mm_set1_epi8((char)(0x80 + 10)));
    *upper = (unsigned)_mm_movemask_epi8(u);
    *lower = (unsigned)_mm_movemask_epi8(l);
    *digit = (unsigned)_mm_movemask_epi8(d);
    return _mm_or_si128(v, _mm_and_si128(u, _mm_set1_epi8(0x20)));
}
#endif

#endif

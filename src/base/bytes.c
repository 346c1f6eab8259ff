/* This file contains the byte searches of bytes.h: a plain loop, SSE2 and
 * AVX2 (compiled for AVX2 with a target attribute, run only when the CPU
 * says it has it), and the choice between them, made once. */
#include "base/bytes.h"

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define HAVE_X86 1
#else
#define HAVE_X86 0
#endif

/* -1 until the first use; then the level in use */
int jm_bytes_level_now = -1;

/* The best level this CPU runs. */
static int best_level(void)
{
#if HAVE_X86
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") ? JM_BYTES_AVX2 : JM_BYTES_SSE2;
#else
    return JM_BYTES_SCALAR;
#endif
}

int jm_bytes_level(void)
{
    /* several threads may race here on first use: each computes the same
     * value, and an int store is whole on the machines we run on */
    int level = __atomic_load_n(&jm_bytes_level_now, __ATOMIC_RELAXED);
    if (level < 0) {
        level = best_level();
        __atomic_store_n(&jm_bytes_level_now, level, __ATOMIC_RELAXED);
    }
    return level;
}

int jm_bytes_set_level(int level)
{
    int was = jm_bytes_level(), best = best_level();
    __atomic_store_n(&jm_bytes_level_now, level < best ? level : best, __ATOMIC_RELAXED);
    return was;
}

size_t jm_bytes_find2_scalar(const char *s, size_t n, unsigned char a, unsigned char b)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n && p[i] != a && p[i] != b) i++;
    return i;
}

size_t jm_bytes_find2_sse2(const char *s, size_t n, unsigned char a, unsigned char b)
{
#if HAVE_X86
    const __m128i va = _mm_set1_epi8((char)a), vb = _mm_set1_epi8((char)b);
    size_t i = 0;
    for (; i + 16 <= n; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
        unsigned m = (unsigned)_mm_movemask_epi8(
            _mm_or_si128(_mm_cmpeq_epi8(v, va), _mm_cmpeq_epi8(v, vb)));
        if (m) return i + (unsigned)__builtin_ctz(m);
    }
    return i + jm_bytes_find2_scalar(s + i, n - i, a, b);
#else
    return jm_bytes_find2_scalar(s, n, a, b);
#endif
}

#if HAVE_X86
__attribute__((target("avx2")))
size_t jm_bytes_find2_avx2(const char *s, size_t n, unsigned char a, unsigned char b)
{
    const __m256i va = _mm256_set1_epi8((char)a), vb = _mm256_set1_epi8((char)b);
    size_t i = 0;
    for (; i + 32 <= n; i += 32) {
        __m256i v = _mm256_loadu_si256((const __m256i *)(const void *)(s + i));
        unsigned m = (unsigned)_mm256_movemask_epi8(
            _mm256_or_si256(_mm256_cmpeq_epi8(v, va), _mm256_cmpeq_epi8(v, vb)));
        if (m) return i + (unsigned)__builtin_ctz(m);
    }
    return i + jm_bytes_find2_sse2(s + i, n - i, a, b);
}
#else
size_t jm_bytes_find2_avx2(const char *s, size_t n, unsigned char a, unsigned char b)
{
    return jm_bytes_find2_scalar(s, n, a, b);
}
#endif

size_t jm_bytes_find2(const char *s, size_t n, unsigned char a, unsigned char b)
{
    int level = __atomic_load_n(&jm_bytes_level_now, __ATOMIC_RELAXED);
    switch (level < 0 ? jm_bytes_level() : level) {
    case JM_BYTES_AVX2: return jm_bytes_find2_avx2(s, n, a, b);
    case JM_BYTES_SSE2: return jm_bytes_find2_sse2(s, n, a, b);
    default:            return jm_bytes_find2_scalar(s, n, a, b);
    }
}

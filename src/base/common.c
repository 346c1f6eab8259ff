/* src/base/: what every stage stands on, and nothing of the data flow:
 * allocation (one allocator the tests can make fail), buffers and growing
 * arrays, the error object, UTF-8, hashing, string and id tables, the
 * embedded data files. It includes no other folder.
 *
 * This file contains the allocator, the byte buffer, the growth helper,
 * hashing and file reading helpers shared by all modules (see common.h). */
#include "base/common.h"

#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Fault injection. The test hooks arm it; every allocation then takes a
 * number (calls, from 0) and fails when the number is fail_from (mode
 * FAIL_ONE) or at least fail_from (mode FAIL_FROM). The counters are C11
 * atomics because jm_rank_postings() allocates on worker threads; while
 * disarmed (always, outside tests) the cost is one relaxed load of a value
 * that never changes, so the threads do not fight over a cache line. */
enum { FAIL_NEVER, FAIL_ONE, FAIL_FROM };
static atomic_int fail_mode = FAIL_NEVER;
static atomic_long fail_from, calls, refused;

static void arm(int mode, long n)
{
    atomic_store(&fail_mode, FAIL_NEVER);
    atomic_store(&calls, 0);
    atomic_store(&refused, 0);
    atomic_store(&fail_from, n);
    if (n >= 0) atomic_store(&fail_mode, mode);
}

void jm_alloc_fail_after(long n) { arm(FAIL_FROM, n); }
void jm_alloc_fail_at(long n) { arm(FAIL_ONE, n); }
long jm_alloc_failures(void) { return atomic_load(&refused); }

static int alloc_allowed(void)
{
    int mode = atomic_load_explicit(&fail_mode, memory_order_relaxed);
    if (mode == FAIL_NEVER) return 1;
    long k = atomic_fetch_add(&calls, 1);
    long at = atomic_load(&fail_from);
    if (k < at || (mode == FAIL_ONE && k > at)) return 1;
    atomic_fetch_add(&refused, 1);
    return 0;
}

int jm_fault(void) { return !alloc_allowed(); }

void *jm_malloc(size_t n)
{
    if (!alloc_allowed()) return NULL;
    return malloc(n ? n : 1);
}

void *jm_calloc(size_t count, size_t size)
{
    if (!alloc_allowed()) return NULL;
    return calloc(count ? count : 1, size ? size : 1);
}

void *jm_realloc(void *p, size_t n)
{
    if (!alloc_allowed()) return NULL;
    return realloc(p, n ? n : 1);
}

void jm_free(void *p) { free(p); }

int jm_grow(void *items, size_t *cap, size_t n, size_t size, size_t first)
{
    if (n < *cap) return JM_OK;
    size_t want = *cap ? *cap * 2 : first;
    if (want <= n) want = n + 1;
    if (want < *cap || want > SIZE_MAX / size) return JM_ENOMEM;
    void *old, *p;
    /* items is a T **: its pointer is read and written as bytes, which is
     * defined for any T (a void ** could not point at a T * portably) */
    memcpy(&old, items, sizeof old);
    if (!(p = jm_realloc(old, want * size))) return JM_ENOMEM;
    memcpy(items, &p, sizeof p);
    *cap = want;
    return JM_OK;
}

char *jm_strndup(const char *s, size_t n)
{
    char *d = jm_malloc(n + 1);
    if (!d) return NULL;
    if (n) memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

int jm_buf_reserve(jm_buf *b, size_t extra)
{
    size_t need = b->len + extra + 1;   /* room for the NUL */
    if (need < b->len) return JM_ENOMEM; /* overflow */
    if (need <= b->cap) return JM_OK;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need) {
        if (cap > SIZE_MAX / 2) { cap = need; break; }
        cap *= 2;
    }
    char *d = jm_realloc(b->data, cap);
    if (!d) return JM_ENOMEM;
    b->data = d;
    b->cap = cap;
    return JM_OK;
}

int jm_buf_append(jm_buf *b, const void *p, size_t n)
{
    if (jm_buf_reserve(b, n)) return JM_ENOMEM;
    if (n) memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
    return JM_OK;
}

int jm_buf_putc(jm_buf *b, char c) { return jm_buf_append(b, &c, 1); }

int jm_buf_printf(jm_buf *b, const char *fmt, ...)
{
    va_list ap;
    char small[256];
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) return JM_EINVAL;
    if ((size_t)n < sizeof small) return jm_buf_append(b, small, (size_t)n);
    if (jm_buf_reserve(b, (size_t)n)) return JM_ENOMEM;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return JM_OK;
}

const char *jm_buf_cstr(jm_buf *b)
{
    if (!b->data && jm_buf_reserve(b, 0)) return "";
    b->data[b->len] = '\0';
    return b->data;
}

void jm_buf_free(jm_buf *b)
{
    jm_free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

uint64_t jm_fnv1a64(const void *p, size_t n, uint64_t seed)
{
    const unsigned char *s = p;
    uint64_t h = seed;
    for (size_t i = 0; i < n; i++) {
        h ^= s[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}

int jm_read_file(const char *path, char **out, size_t *len)
{
    int is_stdin = strcmp(path, "-") == 0;
    FILE *f = is_stdin ? stdin : fopen(path, "rb");
    jm_buf b = {0};
    char chunk[65536];
    size_t n;

    *out = NULL;
    *len = 0;
    if (!f) return JM_EIO;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (jm_buf_append(&b, chunk, n)) {
            if (!is_stdin) fclose(f);
            jm_buf_free(&b);
            return JM_ENOMEM;
        }
    }
    int err = ferror(f);
    int saved = errno;
    if (!is_stdin) fclose(f);
    if (err) {
        jm_buf_free(&b);
        errno = saved ? saved : EIO;
        return JM_EIO;
    }
    if (jm_buf_reserve(&b, 0)) { jm_buf_free(&b); return JM_ENOMEM; }
    b.data[b.len] = '\0';
    *out = b.data;
    *len = b.len;
    return JM_OK;
}

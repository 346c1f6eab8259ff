/* This file contains the allocator, the byte buffer, hashing and file
 * reading helpers shared by all modules (see common.h). */
#include "common.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Fault injection: allocations left before they start failing; < 0: never. */
static long alloc_budget = -1;

void jm_alloc_fail_after(long n) { alloc_budget = n; }

static int alloc_allowed(void)
{
    if (alloc_budget < 0) return 1;
    if (alloc_budget == 0) return 0;
    alloc_budget--;
    return 1;
}

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

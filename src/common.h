/* This file contains what every module of the library shares: the one
 * allocator (which tests can make fail on purpose), a growable byte buffer,
 * the uthash configuration, and small helpers. Internal, never installed. */
#ifndef JM_COMMON_H
#define JM_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdarg.h>

#include "jobmatch.h"

/* All allocations go through these, so that a test can make the Nth one
 * fail (jm_alloc_fail_after) and check that every caller copes. */
void *jm_malloc(size_t n);
void *jm_calloc(size_t count, size_t size);
void *jm_realloc(void *p, size_t n);
void jm_free(void *p);
char *jm_strndup(const char *s, size_t n);

/* Test hook: the next n allocations succeed, the ones after fail, until
 * called again with a negative n (never fail). */
void jm_alloc_fail_after(long n);

/* uthash: no exit() on allocation failure (HASH_NONFATAL_OOM is set by the
 * Makefile), and our allocator. A table that fails to grow keeps working. */
#define uthash_malloc(sz) jm_malloc(sz)
#define uthash_free(ptr, sz) jm_free(ptr)

/* A growable byte buffer. data is NUL-terminated whenever len > 0 or after
 * jm_buf_cstr(). Memory is owned by the buffer; jm_buf_free() releases it. */
typedef struct {
    char *data;     /* bytes, or NULL while empty */
    size_t len;     /* bytes used */
    size_t cap;     /* bytes allocated */
} jm_buf;

int jm_buf_reserve(jm_buf *b, size_t extra);
int jm_buf_append(jm_buf *b, const void *p, size_t n);
int jm_buf_putc(jm_buf *b, char c);
int jm_buf_printf(jm_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
const char *jm_buf_cstr(jm_buf *b);   /* "" when empty or out of memory */
void jm_buf_free(jm_buf *b);

/* 64-bit FNV-1a over bytes: stable across runs and machines (used where a
 * hash reaches a file: model checksums, analyzer fingerprints). */
uint64_t jm_fnv1a64(const void *p, size_t n, uint64_t seed);
#define JM_FNV_SEED 0xcbf29ce484222325ULL

/* Reads a whole file into memory (NUL-terminated; *len excludes the NUL).
 * Returns JM_OK, JM_EIO (errno is kept) or JM_ENOMEM. "-" reads stdin. */
int jm_read_file(const char *path, char **out, size_t *len);

#define JM_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define JM_MIN(a, b) ((a) < (b) ? (a) : (b))
#define JM_MAX(a, b) ((a) > (b) ? (a) : (b))

#endif

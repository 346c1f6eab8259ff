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
 * fail (jm_alloc_fail_after) and check that every caller copes. Two
 * libraries allocate on their own, with malloc: libstemmer (a NULL from
 * sb_stemmer_new or sb_stemmer_stem is JM_ENOMEM) and cJSON. cJSON's
 * allocator is global (cJSON_InitHooks), shared with every other user of
 * cJSON in the program and not safe to change while another thread
 * parses, so the library never sets it; the tests route it here
 * (tests/test_faults.c). A cJSON allocation failure reads as invalid JSON:
 * cJSON does not tell the two apart. */
void *jm_malloc(size_t n);
void *jm_calloc(size_t count, size_t size);
void *jm_realloc(void *p, size_t n);
void jm_free(void *p);
char *jm_strndup(const char *s, size_t n);

/* Test hooks (fault injection; thread-safe, so that the allocations of
 * rank's worker threads count too). jm_alloc_fail_after(n): the next n
 * allocations succeed and every one after them fails; jm_alloc_fail_at(n):
 * only the allocation n (0-based, counted from this call) fails. Either
 * called with a negative n: nothing fails any more. jm_alloc_failures():
 * the allocations refused since the last call of either (0: the run never
 * reached the failing one). */
void jm_alloc_fail_after(long n);
void jm_alloc_fail_at(long n);
long jm_alloc_failures(void);

/* A fault point for a resource that is not jm_malloc memory but can fail
 * the same way (a thread, whose stack is allocated): counts as one
 * allocation and returns nonzero when the injected failure hits it. */
int jm_fault(void);

/* uthash: no exit() on allocation failure (HASH_NONFATAL_OOM is set by the
 * Makefile), and our allocator. A table that fails to grow keeps working. */
#define uthash_malloc(sz) jm_malloc(sz)
#define uthash_free(ptr, sz) jm_free(ptr)

/* Makes room for one more element in a growing array: when n has reached
 * *cap, the array *items (elements of size bytes; items is the address of
 * the array's pointer, of any element type) is reallocated to twice *cap
 * elements (first when *cap is 0) and *cap updated. On failure the array
 * and *cap are unchanged. JM_OK or JM_ENOMEM. Typical use:
 *     if (jm_grow(&v->items, &v->cap, v->n, sizeof *v->items, 16)) ... */
int jm_grow(void *items, size_t *cap, size_t n, size_t size, size_t first);

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

/* This file declares the string tables of the analyzer: a fast 64-bit hash
 * (multiply-xor over 8-byte chunks, wyhash/FxHash style), an arena whose
 * strings never move, and an open-addressing map from strings to dense ids
 * (interned terms, lexicon keys, stopwords). */
#ifndef JM_STRTAB_H
#define JM_STRTAB_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* A fast, non-cryptographic hash of p[0..n); never 0 (0 marks an empty
 * slot). Stable across runs, but nothing stores it in a file. */
static inline uint64_t jm_hash(const void *data, size_t n)
{
    const unsigned char *p = data;
    const uint64_t k = 0x9E3779B97F4A7C15ULL;
    uint64_t h = k ^ (uint64_t)n;
    while (n >= 8) {
        uint64_t v;
        memcpy(&v, p, 8);
        h = (h ^ v) * k;
        h ^= h >> 29;
        p += 8;
        n -= 8;
    }
    if (n) {
        uint64_t v = 0;
        for (size_t i = 0; i < n; i++) v |= (uint64_t)p[i] << (8 * i);
        h = (h ^ v) * k;
        h ^= h >> 29;
    }
    h *= 0xBF58476D1CE4E5B9ULL;
    h ^= h >> 32;
    return h ? h : 1;
}

/* An arena: strings copied into it keep their address until it is freed. */
typedef struct jm_arena_chunk jm_arena_chunk;
typedef struct {
    jm_arena_chunk *head;   /* newest chunk (list of all chunks) */
    size_t used, cap;       /* bytes used / available in head */
} jm_arena;

/* Copies s[0..n) plus a NUL into the arena; NULL when out of memory. */
char *jm_arena_strdup(jm_arena *a, const char *s, size_t n);
void jm_arena_free(jm_arena *a);

/* One key of a map. */
typedef struct {
    const char *s;   /* the key (NUL-terminated), owned by the map's arena
                        or, for borrowed keys, by whoever outlives the map */
    uint32_t len;    /* key length in bytes */
    uint32_t val;    /* the caller's value */
    uint64_t h;      /* jm_hash(s, len) */
} jm_skey;

/* A map from strings to values; the id of a key is its index in keys[],
 * given in insertion order (dense: 0, 1, 2, ...). */
typedef struct {
    uint32_t *slots;   /* id + 1 of the key in each slot, 0 when empty */
    uint32_t mask;     /* slot count - 1 (a power of two), 0 before use */
    jm_skey *keys;     /* keys by id */
    size_t n, cap;     /* keys used / allocated */
    jm_arena arena;    /* the key bytes */
} jm_strtab;

/* The id of s[0..n) (with its hash h), or -1 when absent. */
static inline long jm_strtab_find(const jm_strtab *t, const char *s, size_t n,
                                  uint64_t h)
{
    if (!t->mask) return -1;
    for (uint32_t i = (uint32_t)h & t->mask;; i = (i + 1) & t->mask) {
        uint32_t id = t->slots[i];
        if (!id) return -1;
        const jm_skey *k = &t->keys[id - 1];
        if (k->h == h && k->len == n && !memcmp(k->s, s, n)) return (long)id - 1;
    }
}

/* Adds s[0..n) with value val unless present; *id is its id either way.
 * *added says whether it was new. Returns JM_OK or JM_ENOMEM (the table is
 * unchanged then). */
int jm_strtab_add(jm_strtab *t, const char *s, size_t n, uint32_t val,
                  uint32_t *id, int *added);

/* Makes dst a copy of src whose keys point at src's strings (src must
 * outlive dst; new keys of dst go to dst's own arena). */
int jm_strtab_clone(const jm_strtab *src, jm_strtab *dst);

void jm_strtab_free(jm_strtab *t);

#endif

/* This file contains the arena and the open-addressing string map (see
 * strtab.h). Linear probing at a load factor of at most 1/2. */
#include "base/strtab.h"
#include "base/common.h"

struct jm_arena_chunk {
    jm_arena_chunk *next;   /* older chunk */
    char data[];            /* the strings */
};

char *jm_arena_strdup(jm_arena *a, const char *s, size_t n)
{
    if (!a->head || a->cap - a->used < n + 1) {
        size_t cap = n + 1 > 16384 ? n + 1 : 16384;
        jm_arena_chunk *c = jm_malloc(sizeof *c + cap);
        if (!c) return NULL;
        c->next = a->head;
        a->head = c;
        a->used = 0;
        a->cap = cap;
    }
    char *d = a->head->data + a->used;
    if (n) memcpy(d, s, n);
    d[n] = '\0';
    a->used += n + 1;
    return d;
}

void jm_arena_free(jm_arena *a)
{
    jm_arena_chunk *c = a->head;
    while (c) {
        jm_arena_chunk *next = c->next;
        jm_free(c);
        c = next;
    }
    a->head = NULL;
    a->used = a->cap = 0;
}

/* Rebuilds the slots with 2 * need slots at least. */
static int rehash(jm_strtab *t, size_t need)
{
    size_t size = 16;
    while (size < 2 * need) size *= 2;
    if (size > 0x80000000u) return JM_ENOMEM;
    uint32_t *slots = jm_calloc(size, sizeof *slots);
    if (!slots) return JM_ENOMEM;
    uint32_t mask = (uint32_t)size - 1;
    for (size_t id = 0; id < t->n; id++) {
        uint32_t i = (uint32_t)t->keys[id].h & mask;
        while (slots[i]) i = (i + 1) & mask;
        slots[i] = (uint32_t)id + 1;
    }
    jm_free(t->slots);
    t->slots = slots;
    t->mask = mask;
    return JM_OK;
}

int jm_strtab_add(jm_strtab *t, const char *s, size_t n, uint32_t val,
                  uint32_t *id, int *added)
{
    uint64_t h = jm_hash(s, n);
    long found = jm_strtab_find(t, s, n, h);
    if (added) *added = found < 0;
    if (found >= 0) { *id = (uint32_t)found; return JM_OK; }
    if (n > UINT32_MAX || t->n >= 0x7FFFFFFF) return JM_ENOMEM;
    if (jm_grow(&t->keys, &t->cap, t->n, sizeof *t->keys, 64)) return JM_ENOMEM;
    if (2 * (t->n + 1) > (size_t)t->mask + 1 || !t->mask) {
        if (rehash(t, t->n + 1)) return JM_ENOMEM;
    }
    char *copy = jm_arena_strdup(&t->arena, s, n);
    if (!copy) return JM_ENOMEM;
    jm_skey *k = &t->keys[t->n];
    k->s = copy;
    k->len = (uint32_t)n;
    k->val = val;
    k->h = h;
    uint32_t i = (uint32_t)h & t->mask;
    while (t->slots[i]) i = (i + 1) & t->mask;
    t->slots[i] = (uint32_t)t->n + 1;
    *id = (uint32_t)t->n++;
    return JM_OK;
}

int jm_strtab_clone(const jm_strtab *src, jm_strtab *dst)
{
    memset(dst, 0, sizeof *dst);
    if (!src->n) return JM_OK;
    dst->keys = jm_malloc(src->cap * sizeof *dst->keys);
    dst->slots = jm_malloc(((size_t)src->mask + 1) * sizeof *dst->slots);
    if (!dst->keys || !dst->slots) {
        jm_strtab_free(dst);
        return JM_ENOMEM;
    }
    memcpy(dst->keys, src->keys, src->n * sizeof *dst->keys);
    memcpy(dst->slots, src->slots, ((size_t)src->mask + 1) * sizeof *dst->slots);
    dst->n = src->n;
    dst->cap = src->cap;
    dst->mask = src->mask;
    return JM_OK;
}

void jm_strtab_free(jm_strtab *t)
{
    jm_free(t->slots);
    jm_free(t->keys);
    jm_arena_free(&t->arena);
    memset(t, 0, sizeof *t);
}

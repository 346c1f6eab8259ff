/* This file contains the open-addressing id map (see idmap.h): linear
 * probing, a multiplicative hash, load factor at most 1/2. */
#include "base/idmap.h"

#include <string.h>

static size_t slot_of(uint32_t key, size_t cap)
{
    /* Fibonacci hashing: term ids are dense, so spread them. */
    return (size_t)((key * 0x9E3779B97F4A7C15ULL) >> 32) & (cap - 1);
}

uint32_t jm_idmap_get(const jm_idmap *m, uint32_t key)
{
    if (!m->cap) return UINT32_MAX;
    for (size_t i = slot_of(key, m->cap);; i = (i + 1) & (m->cap - 1)) {
        if (m->keys[i] == key + 1) return m->vals[i];
        if (m->keys[i] == 0) return UINT32_MAX;
    }
}

static int grow(jm_idmap *m)
{
    size_t cap = m->cap ? m->cap * 2 : 64;
    uint32_t *keys = jm_calloc(cap, sizeof *keys);
    uint32_t *vals = jm_malloc(cap * sizeof *vals);
    if (!keys || !vals) {
        jm_free(keys);
        jm_free(vals);
        return JM_ENOMEM;
    }
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->keys[i]) continue;
        size_t j = slot_of(m->keys[i] - 1, cap);
        while (keys[j]) j = (j + 1) & (cap - 1);
        keys[j] = m->keys[i];
        vals[j] = m->vals[i];
    }
    jm_free(m->keys);
    jm_free(m->vals);
    m->keys = keys;
    m->vals = vals;
    m->cap = cap;
    return JM_OK;
}

int jm_idmap_put(jm_idmap *m, uint32_t key, uint32_t val)
{
    if ((m->len + 1) * 2 > m->cap && grow(m)) return JM_ENOMEM;
    size_t i = slot_of(key, m->cap);
    while (m->keys[i] && m->keys[i] != key + 1) i = (i + 1) & (m->cap - 1);
    if (!m->keys[i]) m->len++;
    m->keys[i] = key + 1;
    m->vals[i] = val;
    return JM_OK;
}

void jm_idmap_clear(jm_idmap *m)
{
    if (m->cap) memset(m->keys, 0, m->cap * sizeof *m->keys);
    m->len = 0;
}

void jm_idmap_free(jm_idmap *m)
{
    jm_free(m->keys);
    jm_free(m->vals);
    memset(m, 0, sizeof *m);
}

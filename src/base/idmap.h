/* This file declares a small open-addressing map from 32-bit keys (term
 * ids) to 32-bit values (indexes): the scorer's and ranker's term tables.
 * No per-insert allocation beyond amortized growth. */
#ifndef JM_IDMAP_H
#define JM_IDMAP_H

#include "base/common.h"

typedef struct {
    uint32_t *keys;    /* key + 1 per slot; 0 marks an empty slot */
    uint32_t *vals;    /* value per slot */
    size_t cap;        /* slots, a power of two (0 before the first insert) */
    size_t len;        /* keys stored */
} jm_idmap;

/* The value of key, or UINT32_MAX when absent. */
uint32_t jm_idmap_get(const jm_idmap *m, uint32_t key);
/* Sets key to val (inserting or replacing). JM_OK or JM_ENOMEM. key must
 * be below UINT32_MAX. */
int jm_idmap_put(jm_idmap *m, uint32_t key, uint32_t val);
/* Forgets every key, keeping the memory. */
void jm_idmap_clear(jm_idmap *m);
void jm_idmap_free(jm_idmap *m);

#endif

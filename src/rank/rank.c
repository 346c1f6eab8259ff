/* src/rank/: the top of the library: streams of postings or CVs scored
 * by worker threads, the best kept. It may include every stage.
 *
 * This file contains ranking: many postings for one CV (streamed from the
 * corpus iterator through worker threads, each posting scored by a lean
 * path that computes only the cosine, the best kept in a top-k heap), and
 * many CVs for one posting. The winners are scored again by jm_score(), so
 * rank shows the same scores, coverage and matched terms as `score`.
 *
 * Determinism: every record gets its input sequence number; a record's
 * score depends only on the record, never on the thread that scored it;
 * ties are broken by input order; so the output is the same for any number
 * of threads.
 *
 * Memory: the reader fills a fixed ring of batches (a batch holds up to
 * BATCH_RECORDS records or BATCH_BYTES bytes), workers keep k winners each,
 * and the de-duplication set holds 8 bytes per distinct posting. Nothing
 * else grows with the number of postings. */
#include "rank/rank.h"
#include "read/corpus.h"
#include "read/document.h"
#include "score/engine.h"
#include "base/idmap.h"
#include "model/model.h"
#include "score/occupation.h"
#include "score/scorer.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>


/* ---------------------------------------------------------------------- */
/* Top-k heap                                                              */
/* ---------------------------------------------------------------------- */

int jm_winner_below(const winner *a, const winner *b)
{
    if (a->score != b->score) return a->score < b->score;
    return a->seq > b->seq;
}

/* The array grows by doubling up to k, so that a large --top costs memory
 * only for the postings actually seen (allocating k slots up front made
 * --top 1000000000000 fail with "out of memory"). */
int jm_heap_reserve(heap *h)
{
    if (h->n < h->cap || h->n >= h->k) return JM_OK;
    size_t cap = h->cap ? h->cap * 2 : 16;
    if (cap > h->k || cap < h->cap) cap = h->k;
    winner *w = jm_realloc(h->w, cap * sizeof *w);
    if (!w) return JM_ENOMEM;
    h->w = w;
    h->cap = cap;
    return JM_OK;
}

static void heap_swap(winner *a, winner *b)
{
    winner t = *a;
    *a = *b;
    *b = t;
}

static void sift_down(heap *h, size_t i)
{
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, m = i;
        if (l < h->n && jm_winner_below(&h->w[l], &h->w[m])) m = l;
        if (r < h->n && jm_winner_below(&h->w[r], &h->w[m])) m = r;
        if (m == i) return;
        heap_swap(&h->w[i], &h->w[m]);
        i = m;
    }
}

int jm_heap_wants(const heap *h, double score, unsigned long long seq)
{
    if (h->n < h->k) return 1;
    winner c = { .score = score, .seq = seq };
    return jm_winner_below(&h->w[0], &c);
}

static void heap_drop(const heap *h, void *item)
{
    if (h->drop) h->drop(item);
    else jm_free(item);
}

void jm_heap_offer(heap *h, winner c)
{
    if (h->n < h->k) {
        size_t i = h->n++;
        h->w[i] = c;
        while (i > 0 && jm_winner_below(&h->w[i], &h->w[(i - 1) / 2])) {
            heap_swap(&h->w[i], &h->w[(i - 1) / 2]);
            i = (i - 1) / 2;
        }
        return;
    }
    if (!jm_winner_below(&h->w[0], &c)) {
        heap_drop(h, c.item);
        return;
    }
    heap_drop(h, h->w[0].item);
    h->w[0] = c;
    sift_down(h, 0);
}

void jm_heap_free(heap *h)
{
    for (size_t k = 0; k < h->n; k++) heap_drop(h, h->w[k].item);
    jm_free(h->w);
    h->w = NULL;
    h->n = h->cap = 0;
}

int jm_winner_by_rank(const void *a, const void *b)
{
    const winner *x = a, *y = b;
    if (jm_winner_below(x, y)) return 1;
    if (jm_winner_below(y, x)) return -1;
    return 0;
}

/* A posting kept by rank's heap: its bytes, for the full score. */
typedef struct {
    size_t len;               /* bytes */
    size_t file, line;        /* where it was read */
    char bytes[];             /* the record, NUL-terminated */
} kept_record;

/* ---------------------------------------------------------------------- */
/* The lean scorer: cosine only                                            */
/* ---------------------------------------------------------------------- */

/* A worker's analyzer learns every new word it meets (its term table and
 * the arrays indexed by term id grow with it). Past this many terms the
 * worker starts again from a fresh clone, so that memory stays bounded on
 * endless streams of new words; scores do not depend on term ids. */
#define MAX_WORKER_TERMS ((size_t)1 << 21)

static int lean_grow(lean *l, size_t need)
{
    size_t cap = l->cap ? l->cap : 4096;
    while (cap < need) cap *= 2;
    lean_weight *w = jm_realloc(l->w, cap * sizeof *w);
    if (!w) return JM_ENOMEM;
    l->w = w;
    for (size_t i = l->cap; i < cap; i++) w[i] = (lean_weight){ NAN, 0 };
    l->cap = cap;
    return JM_OK;
}

/* The posting's counts are kept by index of first sight, found through a
 * small hash of term ids, not in arrays indexed by term id: ids run to
 * millions, and a posting's few hundred terms each cost a cache miss
 * there, where this table stays in the L1 cache. The counts add up in the
 * same order either way, so they are the same numbers. */
static inline uint32_t tslot_of(uint32_t id, uint32_t mask)
{
    return (id * 0x9E3779B1u) >> 7 & mask;
}

/* Makes room for one more term of the posting. JM_OK or JM_ENOMEM. */
static int touched_grow(lean *l)
{
    if (l->n_touched == l->cap_touched) {
        size_t cap = l->cap_touched ? 2 * l->cap_touched : 1024;
        uint32_t *t = jm_realloc(l->touched, cap * sizeof *t);
        if (!t) return JM_ENOMEM;
        l->touched = t;
        double *tf = jm_realloc(l->tf, cap * sizeof *tf);
        if (!tf) return JM_ENOMEM;
        l->tf = tf;
        l->cap_touched = cap;
    }
    if (!l->tslot || 2 * (l->n_touched + 1) > (size_t)l->tmask + 1) {
        size_t size = l->tslot ? 2 * ((size_t)l->tmask + 1) : 4096;
        uint32_t *ns = jm_calloc(size, sizeof *ns), mask = (uint32_t)size - 1;
        if (!ns) return JM_ENOMEM;
        for (size_t k = 0; k < l->n_touched; k++) {
            uint32_t i = tslot_of(l->touched[k], mask);
            while (ns[i]) i = (i + 1) & mask;
            ns[i] = (uint32_t)k + 1;
        }
        jm_free(l->tslot);
        l->tslot = ns;
        l->tmask = mask;
    }
    return JM_OK;
}

/* ---- the pair map ---- */

uint32_t *jm_pairmap_slot(jm_pairmap *m, uint64_t key, int *added)
{
    *added = 0;
    if (2 * (m->n + 1) > m->mask + 1) {
        size_t size = m->mask ? 2 * (m->mask + 1) : 256, mask = size - 1;
        uint64_t *k = jm_malloc(size * sizeof *k);
        uint32_t *v = k ? jm_malloc(size * sizeof *v) : NULL;
        if (!v) {
            jm_free(k);
            return NULL;
        }
        memset(k, 0xff, size * sizeof *k);
        for (size_t i = 0; m->mask && i <= m->mask; i++) {
            if (m->keys[i] == JM_PAIRMAP_EMPTY) continue;
            size_t j = (size_t)(m->keys[i] * 0x9E3779B97F4A7C15ULL >> 32) & mask;
            while (k[j] != JM_PAIRMAP_EMPTY) j = (j + 1) & mask;
            k[j] = m->keys[i];
            v[j] = m->vals[i];
        }
        jm_free(m->keys);
        jm_free(m->vals);
        m->keys = k;
        m->vals = v;
        m->mask = mask;
    }
    size_t i = (size_t)(key * 0x9E3779B97F4A7C15ULL >> 32) & m->mask;
    for (; m->keys[i] != JM_PAIRMAP_EMPTY; i = (i + 1) & m->mask)
        if (m->keys[i] == key) return &m->vals[i];
    m->keys[i] = key;
    m->vals[i] = 0;
    m->n++;
    *added = 1;
    return &m->vals[i];
}

void jm_pairmap_clear(jm_pairmap *m)
{
    if (m->n) memset(m->keys, 0xff, (m->mask + 1) * sizeof *m->keys);
    m->n = 0;
}

void jm_pairmap_clear_keys(jm_pairmap *m, const uint64_t *keys, size_t n)
{
    /* each key is held: its slot is found past the slots emptied on the
     * way, as touched_clear() finds its entries */
    for (size_t k = 0; k < n; k++) {
        size_t i = (size_t)(keys[k] * 0x9E3779B97F4A7C15ULL >> 32) & m->mask;
        while (m->keys[i] != keys[k]) i = (i + 1) & m->mask;
        m->keys[i] = JM_PAIRMAP_EMPTY;
    }
    m->n = 0;
}

void jm_pairmap_free(jm_pairmap *m)
{
    jm_free(m->keys);
    jm_free(m->vals);
    memset(m, 0, sizeof *m);
}

/* Forgets the posting's counts. */
static void touched_clear(lean *l)
{
    /* each entry's own slot is found by its index; the slots emptied on
     * the way are skipped, as the rest is emptied too */
    for (size_t k = 0; k < l->n_touched; k++) {
        uint32_t i = tslot_of(l->touched[k], l->tmask);
        while (l->tslot[i] != k + 1) i = (i + 1) & l->tmask;
        l->tslot[i] = 0;
    }
    l->n_touched = 0;
    jm_pairmap_clear_keys(&l->pair_index, l->pair_keys, l->n_pair_keys);
    l->n_pair_keys = 0;
}

/* ---------------------------------------------------------------------- */
/* The ranker                                                              */
/* ---------------------------------------------------------------------- */

/* The CV's vector by term string: x_cv(t) / cv_norm. */
typedef struct cv_term {
    char *str;                /* term (owned) */
    size_t len;
    double w;
} cv_term;

static int cmp_cv_term(const void *a, const void *b)
{
    const cv_term *x = a, *y = b;
    size_t n = JM_MIN(x->len, y->len);
    int c = memcmp(x->str, y->str, n);
    if (c) return c;
    return (x->len > y->len) - (x->len < y->len);
}

static const cv_term *cv_find(const ranker *r, const char *s, size_t len)
{
    cv_term key = { (char *)s, len, 0 };
    if (!r->n_cv) return NULL;   /* r->cv is NULL: bsearch(NULL) is undefined */
    return bsearch(&key, r->cv, r->n_cv, sizeof *r->cv, cmp_cv_term);
}

static double cv_weight(const ranker *r, const char *s, size_t len)
{
    const cv_term *t = cv_find(r, s, len);
    return t ? t->w : 0;
}

/* The CV vector, normalized (x_cv(t) / cv_norm), sorted by term, in r->cv.
 * The postings' role terms count when jm_score() counts them: when the CV
 * has a headline or summary (jm_cvvec.roles), not only when it has role
 * terms itself (that made the lean score of such a CV miss the posting's
 * role terms in its norm, so that rank could leave out a posting that
 * `score` puts in the top K). */
static int build_cv_vector(ranker *r, const jm_doc *cv)
{
    jm_cvvec v;
    int rc = jm_cvvec_count(r->e, cv, &v);
    if (!rc && v.n && !(r->cv = jm_calloc(v.n, sizeof *r->cv))) rc = JM_ENOMEM;
    for (size_t i = 0; !rc && i < v.n; i++) {
        size_t len;
        const char *s = jm_analyzer_term_str(r->e->an, v.keys[i], &len);
        cv_term *t = &r->cv[r->n_cv];
        if (!(t->str = jm_strndup(s, len))) rc = JM_ENOMEM;
        t->len = len;
        t->w = v.norm > 0 ? v.x[i] / v.norm : 0;
        r->n_cv += !rc;
    }
    r->cv_roles = v.roles;
    /* r->cv is NULL for a CV without terms: qsort(NULL, 0) is undefined */
    if (!rc && r->n_cv > 1) qsort(r->cv, r->n_cv, sizeof *r->cv, cmp_cv_term);
    /* the CV's occupations; counting them built the engine's title table,
     * before workers clone it */
    if (!rc) {
        r->cv_occ = v.occ;
        memset(&v.occ, 0, sizeof v.occ);
    }
    jm_cvvec_free(&v);
    return rc;
}

/* lean_count() past its common case: the posting's table grows first. */
static __attribute__((noinline)) int lean_count_grow(lean *l, uint32_t id)
{
    uint32_t i;
    if (touched_grow(l)) return JM_ENOMEM;
    /* its weights are read when the posting is scored: fetch them now */
    if (!(id & LEAN_PAIR)) __builtin_prefetch(&l->w[id]);
    for (i = tslot_of(id, l->tmask); l->tslot[i]; i = (i + 1) & l->tmask) {}
    l->tslot[i] = (uint32_t)l->n_touched + 1;
    l->touched[l->n_touched] = id;
    l->tf[l->n_touched++] = l->weight;
    return JM_OK;
}

/* Counts one occurrence of id (a term id or a LEAN_PAIR id) with the
 * section's weight. JM_OK or JM_ENOMEM. */
static inline int lean_count(lean *l, uint32_t id)
{
    if (!l->tslot) return lean_count_grow(l, id);
    uint32_t mask = l->tmask, i = tslot_of(id, mask), k;
    for (; (k = l->tslot[i]) != 0; i = (i + 1) & mask)
        if (l->touched[k - 1] == id) {
            l->tf[k - 1] += l->weight;
            return JM_OK;
        }
    /* new to the posting: added here when the table has room (what
     * touched_grow() would leave as it is), so that the common case
     * makes no call and probes once */
    if (l->n_touched == l->cap_touched || 2 * (l->n_touched + 1) > (size_t)mask + 1)
        return lean_count_grow(l, id);
    if (!(id & LEAN_PAIR)) __builtin_prefetch(&l->w[id]);
    l->tslot[i] = (uint32_t)l->n_touched + 1;
    l->touched[l->n_touched] = id;
    l->tf[l->n_touched++] = l->weight;
    return JM_OK;
}

static int lean_term(void *ud, const jm_aterm *a)
{
    lean *l = ud;
    uint32_t id = a->term_id;
    if (id >= l->cap && lean_grow(l, (size_t)id + 1)) { l->oom = 1; return 1; }
    if (lean_count(l, id)) { l->oom = 1; return 1; }
    if (l->in_role) return 0;
    if (a->pair_prev != JM_NO_PAIR) {   /* counted after the run */
        /* most terms close a pair: jm_grow() only when it has to grow */
        if (l->n_pairs >= l->cap_pairs &&
            jm_grow(&l->pairs, &l->cap_pairs, l->n_pairs, sizeof *l->pairs, 64)) {
            l->oom = 1;
            return 1;
        }
        l->pairs[l->n_pairs++] = jm_pair_key(a->pair_prev, id);
    }
    if (l->role > 0) {                  /* counted after the run */
        if (jm_grow(&l->roles, &l->cap_roles, l->n_roles, sizeof *l->roles, 64)) {
            l->oom = 1;
            return 1;
        }
        l->roles[l->n_roles++] = id;
    }
    return 0;
}

/* Counts the pair terms of the section just analyzed (as the scorer's
 * count_pairs() does), each under its LEAN_PAIR id: the pair's string is
 * not made, its weights come from its words' (lean_score()). */
static int lean_pairs(lean *l)
{
    for (size_t i = 0; i < l->n_pairs; i++) {
        int added;
        uint32_t *idx = jm_pairmap_slot(&l->pair_index, l->pairs[i], &added);
        if (!idx) return JM_ENOMEM;
        if (added) {
            if (jm_grow(&l->pair_keys, &l->cap_pair_keys, l->n_pair_keys,
                        sizeof *l->pair_keys, 64))
                return JM_ENOMEM;
            *idx = (uint32_t)l->n_pair_keys;
            l->pair_keys[l->n_pair_keys++] = l->pairs[i];
        }
        if (lean_count(l, LEAN_PAIR | *idx)) return JM_ENOMEM;
    }
    l->n_pairs = 0;
    return JM_OK;
}

/* Counts the role terms of the section just analyzed (as the scorer's
 * count_roles() does). */
static int lean_roles(lean *l)
{
    double w = l->weight;
    l->weight = w * l->role;
    l->in_role = 1;
    for (size_t i = 0; i < l->n_roles && !l->oom; i++) {
        jm_aterm ra = { .term_id = 0, .pair_prev = JM_NO_PAIR };
        if (jm_analyzer_role_term(l->e->an, l->roles[i], &ra.term_id)) return JM_ENOMEM;
        if (ra.term_id != UINT32_MAX) lean_term(l, &ra);
    }
    l->in_role = 0;
    l->weight = w;
    l->n_roles = 0;
    return l->oom ? JM_ENOMEM : JM_OK;
}

/* The idf and CV weight of a posting's pair term (jm_pair_key): the idf
 * of its rarer word, as jm_model_idf() gives a pair's; the CV's weight of
 * the pair when the CV has both words, found by the pair's string once
 * per worker and pair. JM_OK or JM_ENOMEM. */
static int lean_pair_weights(lean *l, uint64_t key, double *idf, double *cvx)
{
    const lean_weight *a = &l->w[key >> 32], *b = &l->w[(uint32_t)key];
    *idf = a->idf > b->idf ? a->idf : b->idf;
    *cvx = 0;
    if (!(a->cvx > 0 && b->cvx > 0)) return JM_OK;
    int added;
    /* a cache, bounded as the term table is (renew_if_full) */
    if (l->cv_pairs.n >= MAX_WORKER_TERMS) jm_pairmap_clear(&l->cv_pairs);
    uint32_t *at = jm_pairmap_slot(&l->cv_pairs, key, &added);
    if (!at) return JM_ENOMEM;
    if (added) {
        char buf[JM_PAIR_TERM_MAX];
        size_t n = jm_analyzer_pair_str(l->e->an, (uint32_t)(key >> 32), (uint32_t)key,
                                        buf, sizeof buf);
        const cv_term *t = n ? cv_find(l->r, buf, n) : NULL;
        *at = t ? (uint32_t)(t - l->r->cv) : UINT32_MAX;
    }
    if (*at != UINT32_MAX) *cvx = l->r->cv[*at].w;
    return JM_OK;
}

/* The cosine of the CV and posting d, by the same formulas as jm_score()
 * (section-weighted tf, ln(1 + tf) x idf, L2 norms). It is a copy of
 * jm_score()'s counting made lean for the hot path, arrays indexed by term
 * id and no explanation; tests/cli/rank.sh checks that rank shows the very
 * score `score` computes. */
static int lean_score(lean *l, const jm_doc *d, double *score)
{
    jm_engine *e = l->e;
    for (size_t i = 0; i < d->n_sections; i++) {
        size_t len;
        l->weight = e->weights.w[d->sections[i].kind];
        l->role = l->r->cv_roles ? jm_role_factor(d->sections[i].kind) : 0;
        if (l->weight <= 0) continue;
        const char *text = jm_doc_section_text(d, i, &len);
        /* the analyzer's own failure counts too: ignored, it cut the
         * posting short and lowered its score in silence */
        int rc = jm_analyzer_ids(e->an, text, len, lean_term, l);
        if (rc != JM_ENOMEM && !l->oom && l->n_pairs) rc = lean_pairs(l);
        if (rc != JM_ENOMEM && !l->oom && l->n_roles) rc = lean_roles(l);
        if (rc == JM_ENOMEM || l->oom) {
            touched_clear(l);
            l->oom = 0;
            l->in_role = 0;
            l->n_roles = 0;
            l->n_pairs = 0;
            return JM_ENOMEM;
        }
    }
    double dot = 0, norm2 = 0;
    for (size_t k = 0; k < l->n_touched; k++) {
        uint32_t id = l->touched[k];
        double idf, cvx;
        if (id & LEAN_PAIR) {
            /* its words come before it, so their weights are known */
            if (lean_pair_weights(l, l->pair_keys[id & ~LEAN_PAIR], &idf, &cvx))
                return JM_ENOMEM;
        } else {
            lean_weight *w = &l->w[id];
            if (isnan(w->idf)) {       /* first sight of this term */
                size_t len;
                const char *s = jm_analyzer_term_str(e->an, id, &len);
                w->idf = jm_model_idf(e->model, s, len);
                w->cvx = cv_weight(l->r, s, len);
            }
            idf = w->idf;
            cvx = w->cvx;
        }
        double x = log1p_cached(l->logs, l->tf[k]) * idf;
        norm2 += x * x;
        dot += x * cvx;
    }
    touched_clear(l);
    double cosine = norm2 > 0 ? dot / sqrt(norm2) : 0;
    jm_occvec_clear(&l->p_occ);
    if (jm_doc_occupations(e, d, 0, &l->p_occ)) return JM_ENOMEM;
    double oa = jm_occupation_applied(e->weights.occupation, &l->r->cv_occ);
    *score = jm_score_combine(cosine, jm_occvec_cosine(&l->r->cv_occ, &l->p_occ), oa);
    return JM_OK;
}

/* A JSON line without an id of its own is named by FILE:LINE. */
const char *jm_record_name(char *buf, size_t size, const char *file,
                           size_t line)
{
    if (!line) return file;
    snprintf(buf, size, "%s:%zu", file, line);
    return buf;
}

static void add_failure(batch *b, const brecord *rec, const char *reason)
{
    if (b->n_fails == b->cap_fails) {
        size_t cap = b->cap_fails ? b->cap_fails * 2 : 16;
        bfailure *f = jm_realloc(b->fails, cap * sizeof *f);
        /* no report without its message: the run fails instead */
        if (!f) { b->oom = 1; return; }
        b->fails = f;
        b->cap_fails = cap;
    }
    bfailure *f = &b->fails[b->n_fails++];
    f->seq = rec->seq;
    f->file = rec->file;
    f->line = rec->line;
    /* the reason is cut to fit (a reader's message is one line; the
     * record is named by file and line anyway) */
    size_t n = strlen(reason);
    if (n >= sizeof f->reason) n = sizeof f->reason - 1;
    memcpy(f->reason, reason, n);
    f->reason[n] = '\0';
}

/* Starts the worker again from a fresh clone of the analyzer when its term
 * table holds MAX_WORKER_TERMS terms. */
static void renew_if_full(lean *l)
{
    ranker *r = (ranker *)l->r;
    if (jm_analyzer_term_count(l->e->an) < MAX_WORKER_TERMS) return;
    jm_analyzer *fresh;
    pthread_mutex_lock(&r->mu);        /* clones read the original */
    int rc = jm_analyzer_clone(r->e->an, &fresh);
    pthread_mutex_unlock(&r->mu);
    if (rc) return;                    /* keep going with the old one */
    jm_analyzer_free(l->e->an);
    l->e->an = fresh;
    for (size_t i = 0; i < l->cap; i++) l->w[i] = (lean_weight){ NAN, 0 };
    jm_pairmap_clear(&l->cv_pairs);   /* keyed by the old analyzer's ids */
}

/* Scores every record of b into l's heap. */
static void score_batch(lean *l, batch *b)
{
    const jm_rank_options *opt = l->r->opt;
    b->scored = 0;
    b->n_fails = 0;
    b->oom = 0;
    renew_if_full(l);
    for (size_t i = 0; i < b->n; i++) {
        const brecord *rec = &b->recs[i];
        const char *bytes = b->data.data + rec->off;
        jm_doc *d = NULL;
        if (b->outs) b->outs[i] = NULL;
        double score;
        char name[4096];
        const char *nm = jm_record_name(name, sizeof name, l->r->files[rec->file],
                                     rec->line);
        int rc = jm_doc_read(l->e, JM_DOC_POSTING, bytes, rec->len, nm, &d);
        if (rc == JM_ENOMEM) {
            /* not the record's fault: reporting it as malformed would
             * blame good input and rank without it */
            b->oom = 1;
            return;
        }
        if (rc) {
            /* the message starts with the record's name; the report adds it */
            const char *msg = l->e->err.msg;
            size_t nl = strlen(nm);
            if (!strncmp(msg, nm, nl) && !strncmp(msg + nl, ": ", 2)) msg += nl + 2;
            add_failure(b, rec, msg);
            continue;
        }
        if (l->r->hooks) {
            void *out = NULL;
            rc = l->r->hooks->posting(l, d, bytes, rec, &out);
            jm_doc_free(d);
            if (b->outs) b->outs[i] = out;
            else if (out) l->r->hooks->discard(out);
            if (rc) {
                b->oom = 1;
                return;
            }
            b->scored++;
            continue;
        }
        rc = lean_score(l, d, &score);
        jm_doc_free(d);
        if (rc) {
            b->oom = 1;
            return;
        }
        b->scored++;
        if (score < opt->min_score || !jm_heap_wants(&l->top, score, rec->seq)) continue;
        if (jm_heap_reserve(&l->top)) {
            b->oom = 1;
            return;
        }
        kept_record *k = jm_malloc(sizeof *k + rec->len + 1);
        if (!k) {   /* a lost winner would silently change the ranking */
            b->oom = 1;
            return;
        }
        k->len = rec->len;
        k->file = rec->file;
        k->line = rec->line;
        memcpy(k->bytes, bytes, rec->len);
        k->bytes[rec->len] = '\0';
        jm_heap_offer(&l->top, (winner){ score, rec->seq, k });
    }
}

static void *worker_main(void *arg)
{
    lean *l = arg;
    ranker *r = (ranker *)l->r;
    pthread_mutex_lock(&r->mu);
    for (;;) {
        batch *b = NULL;
        for (size_t k = 0; k < r->n_ring; k++) {
            size_t i = (r->next_retire + k) % r->n_ring;
            if (r->ring[i].state == BATCH_FULL) { b = &r->ring[i]; break; }
        }
        if (!b) {
            if (r->done) break;
            pthread_cond_wait(&r->cv_work, &r->mu);
            continue;
        }
        b->state = BATCH_BUSY;
        pthread_mutex_unlock(&r->mu);
        score_batch(l, b);
        pthread_mutex_lock(&r->mu);
        b->state = BATCH_DONE;
        pthread_cond_broadcast(&r->cv_done);
    }
    pthread_mutex_unlock(&r->mu);
    return NULL;
}

/* ---------------------------------------------------------------------- */
/* The reader side (the calling thread)                                    */
/* ---------------------------------------------------------------------- */

static size_t file_index(ranker *r, const char *name)
{
    if (r->n_files && !strcmp(r->files[r->n_files - 1], name)) return r->n_files - 1;
    if (r->n_files == r->cap_files) {
        size_t cap = r->cap_files ? r->cap_files * 2 : 16;
        char **f = jm_realloc(r->files, cap * sizeof *f);
        if (!f) return SIZE_MAX;
        r->files = f;
        r->cap_files = cap;
    }
    char *copy = jm_strndup(name, strlen(name));
    if (!copy) return SIZE_MAX;
    r->files[r->n_files] = copy;
    return r->n_files++;
}

/* Has a posting with the same title and description come before (1)?
 * Adds it when not (0); -1 when out of memory. Open addressing over 64-bit hashes (0 marks empty). */
static int seen_before(ranker *r, uint64_t h)
{
    if (h == 0) h = 1;
    if ((r->seen_len + 1) * 2 > r->seen_cap) {
        size_t cap = r->seen_cap ? r->seen_cap * 2 : 1024;
        uint64_t *s = jm_calloc(cap, sizeof *s);
        /* out of memory: not "keep the posting", which would silently
         * stop de-duplicating; the run fails */
        if (!s) return -1;
        for (size_t i = 0; i < r->seen_cap; i++) {
            if (!r->seen[i]) continue;
            size_t j = (size_t)(r->seen[i] * 0x9E3779B97F4A7C15ULL >> 20) & (cap - 1);
            while (s[j]) j = (j + 1) & (cap - 1);
            s[j] = r->seen[i];
        }
        jm_free(r->seen);
        r->seen = s;
        r->seen_cap = cap;
    }
    size_t j = (size_t)(h * 0x9E3779B97F4A7C15ULL >> 20) & (r->seen_cap - 1);
    while (r->seen[j]) {
        if (r->seen[j] == h) return 1;
        j = (j + 1) & (r->seen_cap - 1);
    }
    r->seen[j] = h;
    r->seen_len++;
    return 0;
}

/* The hash of a record's title and description (its bytes for a text
 * record) in *h; JM_ENOMEM when a field could not be unescaped (hashing it
 * as absent would silently merge postings that differ). */
static int posting_hash(jm_corpus *c, const jm_record *rec, uint64_t *out)
{
    size_t tl = 0, dl = 0;
    if (!rec->json) {
        *out = jm_fnv1a64(rec->data, rec->len, JM_FNV_SEED);
        return JM_OK;
    }
    const char *t = jm_corpus_field(c, JM_FIELD_TITLE, &tl);
    const char *d = jm_corpus_field(c, JM_FIELD_DESCRIPTION, &dl);
    if ((!t && jm_corpus_has_field(c, JM_FIELD_TITLE)) ||
        (!d && jm_corpus_has_field(c, JM_FIELD_DESCRIPTION)))
        return JM_ENOMEM;
    uint64_t h = jm_fnv1a64(t ? t : "", tl, JM_FNV_SEED);
    h = jm_fnv1a64("\x1f", 1, h);
    *out = jm_fnv1a64(d ? d : "", dl, h);
    return JM_OK;
}

/* Retires the DONE batches at the head of the ring, in input order:
 * counts them and reports their failures. Called with r->mu held. */
static void retire(ranker *r)
{
    while (r->ring[r->next_retire].state == BATCH_DONE) {
        batch *b = &r->ring[r->next_retire];
        if (b->oom) r->oom = 1;
        r->stats.ranked += b->scored;
        r->stats.skipped += b->n - b->scored;
        for (size_t i = 0; i < b->n_fails; i++)
            if (r->skip && !r->stopped &&
                r->skip(r->ud, r->files[b->fails[i].file], b->fails[i].line,
                        b->fails[i].reason))
                r->stopped = 1;
        /* outputs go out in input order, after the batch's skips (a
         * failed or stopped run emits nothing more) */
        for (size_t i = 0; b->outs && i < b->n; i++) {
            if (!b->outs[i]) continue;
            if (r->oom || r->stopped || !r->hooks->emit) r->hooks->discard(b->outs[i]);
            else if (r->hooks->emit(r, b->outs[i])) r->stopped = 1;
            b->outs[i] = NULL;
        }
        b->state = BATCH_FREE;
        b->n = 0;
        b->data.len = 0;
        r->next_retire = (r->next_retire + 1) % r->n_ring;
    }
}

/* Makes the slot the reader fills next free: retires it when done, scores
 * it on this thread when nobody took it yet, or waits. r->mu held. */
static void wait_for_fill_slot(ranker *r)
{
    for (;;) {
        retire(r);
        batch *b = &r->ring[r->next_fill];
        if (b->state == BATCH_FREE) return;
        batch *todo = NULL;
        for (size_t k = 0; k < r->n_ring && !todo; k++) {
            batch *c = &r->ring[(r->next_retire + k) % r->n_ring];
            if (c->state == BATCH_FULL) todo = c;
        }
        if (todo) {                     /* help: score the oldest waiting batch */
            todo->state = BATCH_BUSY;
            pthread_mutex_unlock(&r->mu);
            score_batch(&r->workers[0], todo);
            pthread_mutex_lock(&r->mu);
            todo->state = BATCH_DONE;
        } else {
            pthread_cond_wait(&r->cv_done, &r->mu);
        }
    }
}

static void publish(ranker *r)
{
    batch *b = &r->ring[r->next_fill];
    if (!b->n) return;
    pthread_mutex_lock(&r->mu);
    b->state = BATCH_FULL;
    r->next_fill = (r->next_fill + 1) % r->n_ring;
    pthread_cond_signal(&r->cv_work);
    pthread_mutex_unlock(&r->mu);
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Reads every record into the ring. Returns JM_OK or the first hard
 * failure (JM_ENOMEM); unreadable files are reported as skips. */
static int read_all(ranker *r, jm_corpus *c, jm_progress_fn progress)
{
    jm_record rec;
    int rc;
    unsigned long long seq = 0;
    double last = now_seconds();
    while ((rc = jm_corpus_next(c, &rec)) != JM_CORPUS_END) {
        if (r->stopped) return JM_ESTOP;
        if (rc) return rc;   /* an unreadable file ends the run (JM_EIO) */
        if (rec.reason) {
            r->stats.skipped++;
            if (r->skip && r->skip(r->ud, rec.file, rec.line, rec.reason))
                return JM_ESTOP;
            continue;
        }
        if (r->opt->dedup) {
            uint64_t h;
            int seen = posting_hash(c, &rec, &h) ? -1 : seen_before(r, h);
            if (seen < 0) return JM_ENOMEM;
            if (seen) {
                r->stats.duplicates++;
                continue;
            }
        }
        size_t file = file_index(r, rec.file);
        if (file == SIZE_MAX) return JM_ENOMEM;
        batch *b = &r->ring[r->next_fill];
        if (b->state != BATCH_FREE) {
            pthread_mutex_lock(&r->mu);
            wait_for_fill_slot(r);
            pthread_mutex_unlock(&r->mu);
        }
        brecord *br = &b->recs[b->n];
        br->off = b->data.len;
        br->len = rec.len;
        br->file = file;
        br->line = rec.line;
        br->seq = seq++;
        if (jm_buf_append(&b->data, rec.data, rec.len)) return JM_ENOMEM;
        b->n++;
        if (b->n == BATCH_RECORDS || b->data.len >= BATCH_BYTES) publish(r);
        if (progress && (seq & 1023) == 0 && now_seconds() - last > 0.25) {
            last = now_seconds();
            r->stats.bytes = jm_corpus_bytes_read(c);
            pthread_mutex_lock(&r->mu);
            retire(r);
            pthread_mutex_unlock(&r->mu);
            progress(r->ud, &r->stats);
        }
    }
    r->stats.bytes = jm_corpus_bytes_read(c);
    publish(r);
    return JM_OK;
}

/* ---------------------------------------------------------------------- */
/* Results                                                                 */
/* ---------------------------------------------------------------------- */

int jm_result_by_rank(const void *a, const void *b)
{
    const jm_rank_result *x = a, *y = b;
    if (x->score != y->score) return x->score > y->score ? -1 : 1;
    return (x->input_index > y->input_index) - (x->input_index < y->input_index);
}

void jm_result_clear(jm_rank_result *x)
{
    jm_free(x->id);
    jm_free(x->title);
    jm_free(x->company);
    jm_free(x->file);
    for (size_t k = 0; k < x->n_matched; k++) jm_free(x->matched[k]);
    jm_match_free(x->match);
}

void jm_rank_results_free(jm_rank_result *res, size_t n)
{
    for (size_t i = 0; res && i < n; i++) jm_result_clear(&res[i]);
    jm_free(res);
}

char *jm_dup_or_null(const char *s)
{
    return s ? jm_strndup(s, strlen(s)) : NULL;
}

int jm_result_posting(jm_rank_result *res, const jm_doc *d, const char *file,
                      size_t line)
{
    res->id = jm_dup_or_null(jm_doc_id(d));   /* its own, or its name */
    res->title = jm_dup_or_null(jm_doc_title(d));
    res->company = jm_dup_or_null(jm_doc_company(d));
    res->file = jm_dup_or_null(file);
    res->line = line;
    /* NULL means "absent" for title and company: a failed copy must not
     * pass for that */
    if (!res->id || !res->file || (!res->title && jm_doc_title(d)) ||
        (!res->company && jm_doc_company(d)))
        return JM_ENOMEM;
    return JM_OK;
}

int jm_pbrief_slots(jm_pbrief *b, size_t n_keys)
{
    if (n_keys > b->cap_slot) {
        size_t cap = b->cap_slot ? b->cap_slot : 1024;
        while (cap < n_keys) cap *= 2;
        uint32_t *sl = jm_realloc(b->slot, cap * sizeof *sl);
        if (!sl) return JM_ENOMEM;
        memset(sl + b->cap_slot, 0, (cap - b->cap_slot) * sizeof *sl);
        b->slot = sl;
        b->cap_slot = cap;
    }
    return JM_OK;
}

int jm_pbrief_load(jm_engine *e, jm_pbrief *b, const jm_doc *posting,
                   size_t n_keys, jm_key_fn key, void *ud)
{
    const jm_pterm *terms;
    size_t n;
    if (!b->pc && jm_pcount_new(&b->pc)) return JM_ENOMEM;
    int rc = jm_pcount_run(e, b->pc, posting, &terms, &n);
    if (rc) return rc;
    if (!key) n_keys = jm_analyzer_term_count(e->an);
    if (n > b->cap_keys) {
        uint32_t *k = jm_realloc(b->keys, n * sizeof *k);
        if (!k) return JM_ENOMEM;
        b->keys = k;
        unsigned char *h = jm_realloc(b->hit, n);
        if (!h) return JM_ENOMEM;
        b->hit = h;
        b->cap_keys = n;
    }
    if (jm_pbrief_slots(b, n_keys)) return JM_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        uint32_t k = key ? key(ud, &terms[i]) : terms[i].id;
        b->keys[i] = k;
        b->hit[i] = 0;
        if (k != UINT32_MAX) b->slot[k] = (uint32_t)i + 1;
    }
    jm_occvec_clear(&b->occ);
    b->side = (jm_pside){ terms, n, b->slot, n_keys, &b->occ };
    if (jm_doc_occupations(e, posting, 0, &b->occ)) {
        jm_pbrief_done(b);
        return JM_ENOMEM;
    }
    return JM_OK;
}

void jm_pbrief_done(jm_pbrief *b)
{
    for (size_t i = 0; i < b->side.n; i++)
        if (b->keys[i] != UINT32_MAX) b->slot[b->keys[i]] = 0;
    b->side.n = 0;
}

void jm_pbrief_free(jm_pbrief *b)
{
    jm_pcount_free(b->pc);
    jm_free(b->keys);
    jm_free(b->slot);
    jm_free(b->hit);
    jm_occvec_free(&b->occ);
    jm_buf_free(&b->disp);
    memset(b, 0, sizeof *b);
}

int jm_pbrief_result(jm_engine *e, jm_pbrief *b, const jm_cvvec *cv,
                     jm_rank_result *res)
{
    jm_brief br;
    jm_brief_score(e, cv, &b->side, b->hit, &br);
    res->score = br.score;
    res->coverage = br.coverage;
    for (size_t k = 0; k < br.n_matched; k++) {
        const jm_pterm *t = &b->side.terms[br.matched[k]];
        b->disp.len = 0;
        if (jm_display_append(&b->disp, t->disp, t->disp_len)) return JM_ENOMEM;
        res->matched[k] = jm_strndup(b->disp.data ? b->disp.data : "", b->disp.len);
        if (!res->matched[k]) return JM_ENOMEM;
        res->n_matched = k + 1;
    }
    return JM_OK;
}

/* ---------------------------------------------------------------------- */
/* The stream                                                              */
/* ---------------------------------------------------------------------- */

void jm_stream_free(ranker *r)
{
    for (size_t i = 0; i < r->n_ring; i++) {
        batch *b = &r->ring[i];
        for (size_t k = 0; b->outs && k < BATCH_RECORDS; k++)
            if (b->outs[k]) r->hooks->discard(b->outs[k]);
        jm_free(b->outs);
        jm_buf_free(&b->data);
        jm_free(b->recs);
        jm_free(b->fails);
    }
    jm_free(r->ring);
    r->ring = NULL;
    r->n_ring = 0;
    for (size_t i = 0; i < r->n_workers; i++) {
        lean *l = &r->workers[i];
        jm_heap_free(&l->top);
        jm_free(l->w);
        jm_free(l->tf);
        jm_free(l->touched);
        jm_free(l->tslot);
        jm_free(l->roles);
        jm_free(l->pairs);
        jm_free(l->pair_keys);
        jm_pairmap_free(&l->pair_index);
        jm_pairmap_free(&l->cv_pairs);
        jm_occvec_free(&l->p_occ);
        jm_engine_worker_free(l->e);
    }
    jm_free(r->workers);
    r->workers = NULL;
    r->n_workers = 0;
    for (size_t i = 0; i < r->n_files; i++) jm_free(r->files[i]);
    jm_free(r->files);
    jm_free(r->seen);
    r->files = NULL;
    r->seen = NULL;
    r->n_files = r->cap_files = r->seen_cap = r->seen_len = 0;
}

static size_t top_of(const jm_rank_options *opt)
{
    return opt && opt->top ? opt->top : 10;
}

int jm_stream_init(ranker *r, size_t threads)
{
    /* the counts are set only with their arrays: jm_stream_free() walks
     * them after a failure here */
    r->workers = jm_calloc(threads, sizeof *r->workers);
    if (!r->workers) return JM_ENOMEM;
    r->n_workers = threads;
    r->ring = jm_calloc(2 * threads + 2, sizeof *r->ring);
    if (!r->ring) return JM_ENOMEM;
    r->n_ring = 2 * threads + 2;
    for (size_t i = 0; i < r->n_ring; i++) {
        if (!(r->ring[i].recs = jm_malloc(BATCH_RECORDS * sizeof *r->ring[i].recs)))
            return JM_ENOMEM;
        if (r->hooks && r->hooks->emit &&
            !(r->ring[i].outs = jm_calloc(BATCH_RECORDS, sizeof *r->ring[i].outs)))
            return JM_ENOMEM;
    }
    for (size_t i = 0; i < threads; i++) {
        lean *l = &r->workers[i];
        l->r = r;
        l->top.k = top_of(r->opt);   /* the heap grows as winners come */
        if (jm_engine_worker(r->e, &l->e)) return JM_ENOMEM;
    }
    return JM_OK;
}

static size_t cores(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (size_t)n : 1;
}

size_t jm_stream_threads(const jm_rank_options *opt)
{
    size_t threads = opt->threads > 0 ? (size_t)opt->threads : cores();
    return threads > MAX_THREADS ? MAX_THREADS : threads;
}

int jm_stream_run(ranker *r, const char *const *paths, size_t n_paths,
                  jm_progress_fn progress)
{
    jm_corpus *c = NULL;
    pthread_t tids[MAX_THREADS];
    size_t started = 0;
    int rc = jm_corpus_open(paths, n_paths, &c);
    /* worker 0 is this thread; the others get threads of their own */
    for (size_t i = 1; i < r->n_workers && !rc; i++) {
        /* a thread that cannot start is no error: this thread and the
         * ones started do its share (jm_fault: the tests make it fail) */
        if (jm_fault() || pthread_create(&tids[i], NULL, worker_main, &r->workers[i]))
            break;
        started = i;
    }
    if (!rc) rc = read_all(r, c, progress);

    pthread_mutex_lock(&r->mu);
    r->done = 1;
    pthread_cond_broadcast(&r->cv_work);
    /* help until every batch is scored, then retire them all */
    for (;;) {
        batch *todo = NULL;
        int busy = 0;
        for (size_t k = 0; k < r->n_ring; k++) {
            if (r->ring[k].state == BATCH_FULL && !todo) todo = &r->ring[k];
            if (r->ring[k].state == BATCH_BUSY) busy = 1;
        }
        if (todo) {
            todo->state = BATCH_BUSY;
            pthread_mutex_unlock(&r->mu);
            score_batch(&r->workers[0], todo);
            pthread_mutex_lock(&r->mu);
            todo->state = BATCH_DONE;
        } else if (busy) {
            pthread_cond_wait(&r->cv_done, &r->mu);
        } else {
            break;
        }
    }
    if (r->ring) retire(r);
    pthread_mutex_unlock(&r->mu);
    for (size_t i = 1; i <= started; i++) pthread_join(tids[i], NULL);
    if (!rc && r->oom) rc = JM_ENOMEM;
    if (!rc && r->stopped) rc = JM_ESTOP;
    if (rc == JM_ENOMEM) jm_fail(&r->e->err, rc, "out of memory");
    else if (rc == JM_EIO && c) jm_fail(&r->e->err, rc, "%s", jm_corpus_errmsg(c));
    jm_corpus_close(c);
    return rc;
}

/* ---------------------------------------------------------------------- */
/* Ranking postings for one CV, and CVs for one posting                    */
/* ---------------------------------------------------------------------- */

static void ranker_free(ranker *r)
{
    jm_stream_free(r);
    for (size_t i = 0; i < r->n_cv; i++) jm_free(r->cv[i].str);
    jm_free(r->cv);
    jm_occvec_free(&r->cv_occ);
}

/* Merges the workers' heaps and scores the winners as `score` does. */
static int collect(ranker *r, const jm_doc *cv, jm_rank_result **out,
                   size_t *n_out)
{
    size_t total = 0;
    for (size_t i = 0; i < r->n_workers; i++) total += r->workers[i].top.n;
    winner *all = jm_calloc(total, sizeof *all);
    if (!all && total) return JM_ENOMEM;
    size_t n = 0;
    for (size_t i = 0; i < r->n_workers; i++)
        for (size_t k = 0; k < r->workers[i].top.n; k++) all[n++] = r->workers[i].top.w[k];
    qsort(all, n, sizeof *all, jm_winner_by_rank);
    if (n > top_of(r->opt)) n = top_of(r->opt);

    jm_cvvec v;
    jm_pbrief pb = {0};
    jm_rank_result *res = jm_calloc(n, sizeof *res);
    int rc = res || !n ? JM_OK : JM_ENOMEM;
    if (!rc) rc = jm_cvvec_count(r->e, cv, &v);
    else memset(&v, 0, sizeof v);
    for (size_t i = 0; i < n && !rc; i++) {
        jm_doc *d = NULL;
        const kept_record *k = all[i].item;
        const char *file = r->files[k->file];
        char name[4096];
        const char *nm = jm_record_name(name, sizeof name, file, k->line);
        res[i].input_index = (size_t)all[i].seq;
        rc = jm_doc_read(r->e, JM_DOC_POSTING, k->bytes, k->len, nm, &d);
        if (!rc) rc = jm_pbrief_load(r->e, &pb, d, 0, NULL, NULL);
        if (!rc) rc = jm_pbrief_result(r->e, &pb, &v, &res[i]);
        jm_pbrief_done(&pb);
        if (!rc) rc = jm_result_posting(&res[i], d, file, k->line);
        /* the full explanation, kept for the caller (rank --html) */
        if (!rc && r->opt->explain) rc = jm_score(r->e, cv, d, &res[i].match);
        jm_doc_free(d);
    }
    jm_pbrief_free(&pb);
    jm_cvvec_free(&v);
    jm_free(all);
    if (rc) {
        jm_rank_results_free(res, n);
        return rc;
    }
    /* The shown scores may differ from the lean ones in the last bit (sums
     * in another order): order by what is shown. */
    qsort(res, n, sizeof *res, jm_result_by_rank);
    for (size_t i = 0; i < n; i++) res[i].rank = i + 1;
    *out = res;
    *n_out = n;
    return JM_OK;
}

int jm_rank_postings(jm_engine *e, const jm_doc *cv, const char *const *paths,
                     size_t n_paths, const jm_rank_options *opt,
                     jm_skip_fn skip, jm_progress_fn progress, void *ud,
                     jm_rank_result **out, size_t *n_out, jm_rank_stats *stats)
{
    static const jm_rank_options dflt;
    ranker r = {0};
    jm_reader reader;

    *out = NULL;
    *n_out = 0;
    jm_error_clear(&e->err);
    if (!opt) opt = &dflt;
    r.e = e;
    r.opt = opt;
    r.skip = skip;
    r.ud = ud;
    pthread_mutex_init(&r.mu, NULL);
    pthread_cond_init(&r.cv_work, NULL);
    pthread_cond_init(&r.cv_done, NULL);

    /* Everything the workers share is made before they start. */
    int rc = jm_engine_reader(e, &reader);
    if (!rc) rc = build_cv_vector(&r, cv);
    if (!rc) rc = jm_stream_init(&r, jm_stream_threads(opt));
    if (!rc) rc = jm_stream_run(&r, paths, n_paths, progress);
    if (!rc) rc = collect(&r, cv, out, n_out);
    if (stats) *stats = r.stats;
    if (rc == JM_ENOMEM) jm_fail(&e->err, rc, "out of memory");
    ranker_free(&r);
    pthread_mutex_destroy(&r.mu);
    pthread_cond_destroy(&r.cv_work);
    pthread_cond_destroy(&r.cv_done);
    return rc;
}

int jm_rank_cvs(jm_engine *e, const jm_doc *posting, const char *const *paths,
                size_t n_paths, const jm_rank_options *opt, jm_skip_fn skip,
                void *ud, jm_rank_result **out, size_t *n_out,
                jm_rank_stats *stats)
{
    static const jm_rank_options dflt;
    jm_corpus *c = NULL;
    jm_record rec;
    jm_rank_result *res = NULL;
    size_t n = 0, cap = 0;
    jm_rank_stats st = {0};
    jm_pbrief pb = {0};
    int rc;

    *out = NULL;
    *n_out = 0;
    jm_error_clear(&e->err);
    if (!opt) opt = &dflt;
    /* The posting is counted once; each CV is counted and scored against
     * it by the brief score (jm_score()'s numbers, no explanation). */
    rc = jm_pbrief_load(e, &pb, posting, 0, NULL, NULL);
    if (!rc) rc = jm_corpus_open(paths, n_paths, &c);
    /* CVs are few and each is read whole: every CV is scored, in input
     * order, on this thread. */
    jm_doc *cv = NULL;
    while (!rc && (rc = jm_next_cv(e, c, &rec, &cv, skip, ud, &st)) == JM_OK) {
        if (jm_grow(&res, &cap, n, sizeof *res, 16)) {
            jm_doc_free(cv);
            rc = JM_ENOMEM;
            break;
        }
        jm_rank_result *x = &res[n];
        memset(x, 0, sizeof *x);
        x->input_index = (size_t)st.ranked - 1;   /* counted by jm_next_cv */
        n++;
        jm_cvvec v;
        rc = jm_cvvec_count(e, cv, &v);
        if (!rc) {
            rc = jm_pbrief_result(e, &pb, &v, x);
            jm_cvvec_free(&v);
        }
        if (!rc && !(x->file = jm_dup_or_null(rec.file))) rc = JM_ENOMEM;
        x->line = rec.line;
        if (!rc && !(x->id = jm_dup_or_null(rec.file))) rc = JM_ENOMEM;
        jm_doc_free(cv);
    }
    if (rc == JM_CORPUS_END) rc = JM_OK;
    jm_corpus_close(c);
    jm_pbrief_free(&pb);
    if (!rc) {
        /* res is NULL when no CV was read: qsort(NULL, 0) is undefined */
        if (n > 1) qsort(res, n, sizeof *res, jm_result_by_rank);
        size_t keep = 0;
        for (size_t i = 0; i < n; i++) {
            if (keep < top_of(opt) && res[i].score >= opt->min_score) {
                res[keep] = res[i];
                res[keep].rank = keep + 1;
                keep++;
            } else {
                jm_result_clear(&res[i]);
            }
        }
        *out = res;
        *n_out = keep;
    } else {
        jm_rank_results_free(res, n);
        if (rc == JM_ENOMEM) jm_fail(&e->err, rc, "out of memory");
    }
    if (stats) *stats = st;
    return rc;
}

int jm_next_cv(jm_engine *e, jm_corpus *c, jm_record *rec, jm_doc **cv,
               jm_skip_fn skip, void *ud, jm_rank_stats *st)
{
    int rc;
    *cv = NULL;
    while ((rc = jm_corpus_next(c, rec)) != JM_CORPUS_END) {
        /* an unreadable file or folder ends the run */
        if (rc == JM_EIO) return jm_fail(&e->err, rc, "%s", jm_corpus_errmsg(c));
        if (rc) return rc;
        /* The corpus judges records as postings ("no description or
         * title"): a JSON Resume is read whatever it says, by the CV
         * reader; a record it could not hold at all is bad as it is. */
        const char *why = rec->reason && rec->len == 0 ? rec->reason : NULL;
        rc = why ? JM_EINPUT : jm_doc_read(e, JM_DOC_CV, rec->data, rec->len, rec->file, cv);
        if (!rc) {
            st->ranked++;
            st->bytes = jm_corpus_bytes_read(c);
            return JM_OK;
        }
        if (rc == JM_ENOMEM) return rc;   /* not the CV's fault */
        if (!why) {   /* the message starts with the name; the report adds it */
            why = e->err.msg;
            size_t nl = strlen(rec->file);
            if (!strncmp(why, rec->file, nl) && !strncmp(why + nl, ": ", 2)) why += nl + 2;
        }
        st->skipped++;
        if (skip && skip(ud, rec->file, rec->line, why)) return JM_ESTOP;
    }
    return rc;
}

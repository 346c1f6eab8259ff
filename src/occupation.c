/* This file contains occupations (see occupation.h): the title table, built
 * from the embedded data/occupations.tsv with the engine's analyzer, and the
 * occupation vectors of texts. */
#include "occupation.h"
#include "analyzer.h"
#include "engine.h"
#include "lexicon.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Keys: occupation i is key i; broad group g (15-125x) key n_occ + g;
 * minor group g (15-12xx) key n_occ + n_broad + g. */

/* One occupation: its code and title point into the embedded data. */
typedef struct {
    const char *code, *title;
    size_t code_len, title_len;
    uint32_t broad, minor;     /* its groups' keys */
} occupation;

/* A title as a run of term ids, and the occupations it names. */
typedef struct {
    uint64_t h;                /* hash of the ids; 0: an empty slot */
    uint32_t ids, n_ids;       /* its ids: t->ids[ids .. ids + n_ids) */
    uint32_t occs, n_occs;     /* its occupations: t->occ_of[occs ..) */
} slot;

struct jm_occtab {
    occupation *occ;
    size_t n_occ, n_broad, n_minor;
    slot *slots;
    uint32_t mask;
    size_t used;
    uint32_t *ids;             /* the runs of every title */
    size_t n_ids, cap_ids;
    uint32_t *occ_of;          /* occupation indexes, by slot */
};

/* (title, occupation) pairs gathered while reading the titles: the title
 * by its ids (offset and count in t->ids), its slot once all are read. */
typedef struct {
    uint32_t ids, n_ids, occ, slot;
} pair;

static uint64_t hash_ids(const uint32_t *ids, size_t n)
{
    uint64_t h = jm_fnv1a64(ids, n * sizeof *ids, JM_FNV_SEED);
    return h ? h : 1;          /* 0 marks an empty slot */
}

/* The slot of run ids[0..n), or of the empty slot where it would go. */
static slot *find_slot(const jm_occtab *t, const uint32_t *ids, size_t n,
                       uint64_t h)
{
    for (uint32_t i = (uint32_t)h & t->mask;; i = (i + 1) & t->mask) {
        slot *s = &t->slots[i];
        if (!s->h || (s->h == h && s->n_ids == n &&
                      !memcmp(t->ids + s->ids, ids, n * sizeof *ids)))
            return s;
    }
}

/* Doubles the slots of t. JM_OK or JM_ENOMEM. */
static int grow(jm_occtab *t)
{
    uint32_t mask = t->mask * 2 + 1;
    slot *old = t->slots, *n = jm_calloc((size_t)mask + 1, sizeof *n);
    if (!n) return JM_ENOMEM;
    t->slots = n;
    for (size_t i = 0; i <= t->mask; i++) {
        if (!old[i].h) continue;
        uint32_t j = (uint32_t)old[i].h & mask;
        while (n[j].h) j = (j + 1) & mask;
        n[j] = old[i];
    }
    t->mask = mask;
    jm_free(old);
    return JM_OK;
}

/* ---- building --------------------------------------------------------- */

typedef struct {
    uint32_t ids[JM_OCC_MAX_WORDS];
    size_t n;
    size_t start, end;         /* bytes of the title's words */
    int bad;                   /* not one run of at most MAX_WORDS terms */
} title_terms;

static int on_title_term(void *ud, const jm_aterm *a)
{
    title_terms *tt = ud;
    if (a->pub.flags & JM_TOKEN_PHRASE) return 0;
    if ((tt->n && !a->joins_prev) || tt->n == JM_OCC_MAX_WORDS ||
        (!tt->n && a->pub.start != tt->start)) {
        tt->bad = 1;
        return 1;
    }
    tt->ids[tt->n++] = a->term_id;
    tt->end = a->pub.end;
    return 0;
}

typedef struct {
    jm_occtab *t;
    pair *pairs;
    size_t n_pairs, cap_pairs;
} builder;

/* 1 when term id names a person: an occupation noun of the lexicon, or a
 * word with a person's suffix (analyst, teacher, technician). A one-word
 * title that does not ("Models", "Intern", "Nurse") is too often a plain
 * word of a CV or posting ("machine learning models") to be looked for. */
static int names_a_person(jm_engine *e, uint32_t id)
{
    static const char *const suffixes[] = { "er", "or", "ist", "yst", "ian", "ant", "ent" };
    size_t len;
    const char *s = jm_analyzer_term_str(e->an, id, &len);
    if (jm_analyzer_term_kind(e->an, id) == JM_KIND_ROLE) return 1;
    for (size_t i = 0; i < JM_ARRAY_LEN(suffixes); i++) {
        size_t n = strlen(suffixes[i]);
        if (len > n + 2 && !memcmp(s + len - n, suffixes[i], n)) return 1;
    }
    return 0;
}

/* Adds title s[0..n) of occupation occ, when the analyzer makes it one run
 * of terms that covers all of it. JM_OK or JM_ENOMEM. */
static int add_title(jm_engine *e, builder *b, const char *s, size_t n,
                     uint32_t occ)
{
    jm_occtab *t = b->t;
    title_terms tt = {0};
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\r')) n--;
    while (n && s[0] == ' ') { s++; n--; }
    int rc = jm_analyzer_terms(e->an, s, n, on_title_term, &tt);
    if (rc == JM_ENOMEM) return rc;
    /* A title the analyzer drops a word of ("IT specialist": "it" is a
     * stopword there) would be found in texts that lack that word. */
    if (tt.bad || !tt.n || tt.end != n) return JM_OK;
    if (tt.n == 1 && !names_a_person(e, tt.ids[0])) return JM_OK;
    if (2 * (t->used + 1) > (size_t)t->mask + 1 && grow(t)) return JM_ENOMEM;
    uint64_t h = hash_ids(tt.ids, tt.n);
    slot *sl = find_slot(t, tt.ids, tt.n, h);
    if (!sl->h) {
        if (t->n_ids + tt.n > t->cap_ids) {
            size_t cap = t->cap_ids ? t->cap_ids * 2 : 1 << 16;
            uint32_t *ids = jm_realloc(t->ids, cap * sizeof *ids);
            if (!ids) return JM_ENOMEM;
            t->ids = ids;
            t->cap_ids = cap;
        }
        memcpy(t->ids + t->n_ids, tt.ids, tt.n * sizeof *tt.ids);
        sl->h = h;
        sl->ids = (uint32_t)t->n_ids;
        sl->n_ids = (uint32_t)tt.n;
        t->n_ids += tt.n;
        t->used++;
    }
    if (b->n_pairs == b->cap_pairs) {
        size_t cap = b->cap_pairs ? b->cap_pairs * 2 : 1 << 16;
        pair *p = jm_realloc(b->pairs, cap * sizeof *p);
        if (!p) return JM_ENOMEM;
        b->pairs = p;
        b->cap_pairs = cap;
    }
    b->pairs[b->n_pairs++] = (pair){ sl->ids, sl->n_ids, occ, 0 };
    return JM_OK;
}

static int by_slot_then_occ(const void *a, const void *b)
{
    const pair *x = a, *y = b;
    if (x->slot != y->slot) return x->slot < y->slot ? -1 : 1;
    return x->occ < y->occ ? -1 : x->occ > y->occ;
}

/* Reads the lines "code<TAB>title<TAB>other|other..." ('#': comment). */
static int read_titles(jm_engine *e, builder *b, const char *data, size_t len)
{
    jm_occtab *t = b->t;
    size_t lines = 0;
    for (size_t i = 0; i < len; i++) lines += data[i] == '\n';
    t->occ = jm_calloc(lines + 1, sizeof *t->occ);
    if (!t->occ) return JM_ENOMEM;
    uint32_t broad = 0, minor = 0;
    for (size_t at = 0; at < len;) {
        const char *line = data + at;
        const char *nl = memchr(line, '\n', len - at);
        size_t ll = nl ? (size_t)(nl - line) : len - at;
        at += ll + 1;
        const char *tab1 = memchr(line, '\t', ll);
        const char *tab2 = tab1 ? memchr(tab1 + 1, '\t', ll - (size_t)(tab1 + 1 - line)) : NULL;
        if (!ll || line[0] == '#' || !tab2 || tab1 - line < 7) continue;
        occupation *o = &t->occ[t->n_occ];
        o->code = line;
        o->code_len = (size_t)(tab1 - line);
        o->title = tab1 + 1;
        o->title_len = (size_t)(tab2 - tab1 - 1);
        /* codes are sorted, so a group's occupations are adjacent:
         * 15-1252.00 is in broad group 15-125 and minor group 15-12 */
        if (t->n_occ) {
            const occupation *p = o - 1;
            if (memcmp(p->code, o->code, 6)) broad++;
            if (memcmp(p->code, o->code, 5)) minor++;
        }
        o->broad = broad;        /* made keys once all are read */
        o->minor = minor;
        uint32_t idx = (uint32_t)t->n_occ++;
        int rc = add_title(e, b, o->title, o->title_len, idx);
        const char *s = tab2 + 1, *end = line + ll;
        while (!rc && s < end) {
            const char *bar = memchr(s, '|', (size_t)(end - s));
            const char *stop = bar ? bar : end;
            rc = add_title(e, b, s, (size_t)(stop - s), idx);
            s = stop + 1;
        }
        if (rc) return rc;
    }
    t->n_broad = t->n_occ ? broad + 1 : 0;
    t->n_minor = t->n_occ ? minor + 1 : 0;
    for (size_t i = 0; i < t->n_occ; i++) {
        t->occ[i].broad += (uint32_t)t->n_occ;
        t->occ[i].minor += (uint32_t)(t->n_occ + t->n_broad);
    }
    return JM_OK;
}

static int build(jm_engine *e, jm_occtab **out)
{
    jm_occtab *t = jm_calloc(1, sizeof *t);
    builder b = { .t = t };
    int rc = JM_ENOMEM;
    *out = NULL;
    if (!t) return rc;
    /* at most half full (grow()): probes stay short */
    t->mask = (1u << 16) - 1;
    t->slots = jm_calloc((size_t)t->mask + 1, sizeof *t->slots);
    if (!t->slots) goto fail;
    rc = read_titles(e, &b, e->occ_data, e->occ_len);
    if (rc) goto fail;
    rc = JM_ENOMEM;
    for (size_t i = 0; i < b.n_pairs; i++) {
        pair *p = &b.pairs[i];
        const uint32_t *ids = t->ids + p->ids;
        p->slot = (uint32_t)(find_slot(t, ids, p->n_ids, hash_ids(ids, p->n_ids)) - t->slots);
    }
    if (b.n_pairs)                           /* no titles: pairs is NULL */
        qsort(b.pairs, b.n_pairs, sizeof *b.pairs, by_slot_then_occ);
    t->occ_of = jm_malloc((b.n_pairs + 1) * sizeof *t->occ_of);
    if (!t->occ_of) goto fail;
    size_t n = 0;
    for (size_t i = 0; i < b.n_pairs; i++) {
        if (i && b.pairs[i].slot == b.pairs[i - 1].slot &&
            b.pairs[i].occ == b.pairs[i - 1].occ)
            continue;                        /* a title twice in one line */
        slot *sl = &t->slots[b.pairs[i].slot];
        if (!sl->n_occs) sl->occs = (uint32_t)n;
        sl->n_occs++;
        t->occ_of[n++] = b.pairs[i].occ;
    }
    jm_free(b.pairs);
    *out = t;
    return JM_OK;
fail:
    jm_free(b.pairs);
    jm_occtab_free(t);
    return rc;
}

const jm_occtab *jm_engine_occupations(jm_engine *e)
{
    if (!e->occupations && build(e, &e->occupations))
        jm_fail(e, JM_ENOMEM, "out of memory");
    return e->occupations;
}

void jm_occtab_free(jm_occtab *t)
{
    if (!t) return;
    jm_free(t->occ);
    jm_free(t->slots);
    jm_free(t->ids);
    jm_free(t->occ_of);
    jm_free(t);
}

void jm_occtab_describe(const jm_occtab *t, uint32_t key, char *code,
                        size_t code_size, char *title, size_t title_size)
{
    const occupation *o = NULL;
    int group = key >= t->n_occ + t->n_broad ? 5 : key >= t->n_occ ? 6 : 0;
    for (size_t i = 0; i < t->n_occ && !o; i++)
        if ((group == 0 && i == key) || (group == 6 && t->occ[i].broad == key) ||
            (group == 5 && t->occ[i].minor == key))
            o = &t->occ[i];
    if (!o) {
        snprintf(code, code_size, "?");
        snprintf(title, title_size, "?");
        return;
    }
    if (group) {
        /* 15-125x, 15-12xx: the group's code with the rest masked */
        snprintf(code, code_size, "%.*s%s", group, o->code, group == 6 ? "x" : "xx");
        snprintf(title, title_size, "group of %.*s", (int)o->title_len, o->title);
    } else {
        snprintf(code, code_size, "%.*s", (int)o->code_len, o->code);
        snprintf(title, title_size, "%.*s", (int)o->title_len, o->title);
    }
}

/* ---- vectors ----------------------------------------------------------- */

static void occvec_add(jm_occvec *v, uint32_t key, double w)
{
    if (v->acc[key] == 0) v->keys[v->n_keys++] = key;
    v->acc[key] += w;
}

/* Gives v room for every key of t. JM_OK or JM_ENOMEM. */
static int occvec_ready(jm_occvec *v, const jm_occtab *t)
{
    size_t n = t->n_occ + t->n_broad + t->n_minor;
    if (v->acc) return JM_OK;
    v->acc = jm_calloc(n, sizeof *v->acc);
    v->keys = jm_malloc(n * sizeof *v->keys);
    v->e = jm_malloc(n * sizeof *v->e);
    if (!v->acc || !v->keys || !v->e) {
        jm_occvec_free(v);
        return JM_ENOMEM;
    }
    v->n_acc = n;
    return JM_OK;
}

/* The terms of a text: ids, and where each run of adjacent terms starts. */
typedef struct {
    uint32_t *ids;
    unsigned char *starts;
    size_t n, cap;
    int oom;
} text_terms;

static int on_text_term(void *ud, const jm_aterm *a)
{
    text_terms *tt = ud;
    if (a->pub.flags & JM_TOKEN_PHRASE) return 0;
    if (tt->n == tt->cap) {
        size_t cap = tt->cap ? tt->cap * 2 : 256;
        uint32_t *ids = jm_realloc(tt->ids, cap * sizeof *ids);
        if (ids) tt->ids = ids;
        unsigned char *st = ids ? jm_realloc(tt->starts, cap) : NULL;
        if (!st) { tt->oom = 1; return 1; }
        tt->starts = st;
        tt->cap = cap;
    }
    tt->ids[tt->n] = a->term_id;
    tt->starts[tt->n] = !a->joins_prev;
    tt->n++;
    return 0;
}

/* Adds what slot sl names, found with n terms. */
static void add_find(const jm_occtab *t, const slot *sl, size_t n, jm_occvec *v)
{
    double w = (double)n / sl->n_occs;
    for (uint32_t k = 0; k < sl->n_occs; k++) {
        const occupation *o = &t->occ[t->occ_of[sl->occs + k]];
        occvec_add(v, t->occ_of[sl->occs + k], w);
        occvec_add(v, o->broad, w / 2);
        occvec_add(v, o->minor, w / 4);
    }
}

int jm_occvec_add_text(jm_engine *e, const jm_occtab *t, const char *text,
                       size_t len, jm_occvec *v)
{
    text_terms tt = {0};
    if (occvec_ready(v, t)) return JM_ENOMEM;
    int rc = jm_analyzer_terms(e->an, text, len, on_text_term, &tt);
    if (tt.oom || rc == JM_ENOMEM) rc = JM_ENOMEM;
    size_t run_end = 0;            /* end of the run of adjacent terms at i */
    for (size_t i = 0; !rc && i < tt.n;) {
        if (i >= run_end)
            for (run_end = i + 1; run_end < tt.n && !tt.starts[run_end]; run_end++) {}
        size_t n = JM_MIN(run_end - i, (size_t)JM_OCC_MAX_WORDS);
        for (; n > 0; n--) {       /* the longest title first */
            const slot *sl = find_slot(t, tt.ids + i, n, hash_ids(tt.ids + i, n));
            if (sl->h) { add_find(t, sl, n, v); break; }
        }
        i += n ? n : 1;
    }
    jm_free(tt.ids);
    jm_free(tt.starts);
    return rc;
}

static int by_key(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

void jm_occvec_finish(jm_occvec *v)
{
    double s = 0;
    if (v->n_keys > 1) qsort(v->keys, v->n_keys, sizeof *v->keys, by_key);
    for (size_t i = 0; i < v->n_keys; i++) {
        v->e[i] = (jm_occ_entry){ v->keys[i], v->acc[v->keys[i]] };
        s += v->e[i].w * v->e[i].w;
    }
    v->n = v->n_keys;
    v->norm = sqrt(s);
}

int jm_occvec_copy(jm_occvec *dst, const jm_occvec *src)
{
    memset(dst, 0, sizeof *dst);
    if (!src->acc) return JM_OK;
    dst->acc = jm_malloc(src->n_acc * sizeof *dst->acc);
    dst->keys = jm_malloc(src->n_acc * sizeof *dst->keys);
    dst->e = jm_malloc(src->n_acc * sizeof *dst->e);
    if (!dst->acc || !dst->keys || !dst->e) {
        jm_occvec_free(dst);
        return JM_ENOMEM;
    }
    memcpy(dst->acc, src->acc, src->n_acc * sizeof *dst->acc);
    memcpy(dst->keys, src->keys, src->n_keys * sizeof *dst->keys);
    memcpy(dst->e, src->e, src->n * sizeof *dst->e);
    dst->n_acc = src->n_acc;
    dst->n_keys = src->n_keys;
    dst->n = src->n;
    dst->norm = src->norm;
    return JM_OK;
}

void jm_occvec_clear(jm_occvec *v)
{
    for (size_t i = 0; i < v->n_keys; i++) v->acc[v->keys[i]] = 0;
    v->n_keys = v->n = 0;
    v->norm = 0;
}

void jm_occvec_shared(const jm_occvec *a, const jm_occvec *b,
                      void (*fn)(void *ud, uint32_t key, double wa,
                                 double wb, double part),
                      void *ud)
{
    if (!(a->norm > 0 && b->norm > 0)) return;
    for (size_t i = 0, j = 0; i < a->n && j < b->n;) {
        if (a->e[i].key < b->e[j].key) i++;
        else if (a->e[i].key > b->e[j].key) j++;
        else {
            fn(ud, a->e[i].key, a->e[i].w, b->e[j].w,
               a->e[i].w * b->e[j].w / (a->norm * b->norm));
            i++;
            j++;
        }
    }
}

static void sum_part(void *ud, uint32_t key, double wa, double wb, double part)
{
    (void)key, (void)wa, (void)wb;
    *(double *)ud += part;
}

double jm_occvec_cosine(const jm_occvec *a, const jm_occvec *b)
{
    double s = 0;
    jm_occvec_shared(a, b, sum_part, &s);
    return s;
}

void jm_occvec_free(jm_occvec *v)
{
    jm_free(v->acc);
    jm_free(v->keys);
    jm_free(v->e);
    memset(v, 0, sizeof *v);
}

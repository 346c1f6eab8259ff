/* This file contains matching: many CVs against many postings in one pass
 * (`jobmatch match`). The CVs are read and counted first (in chunks, on
 * the worker threads, added in input order) into an inverted index in
 * memory (term -> the CVs that have it, with their weights); the postings
 * then stream through rank's batches and worker threads (rank.h), each
 * read and counted once and scored only against the CVs that share a term
 * or an occupation with it. A CV that shares neither scores exactly 0.
 *
 * Exactness: the index adds x_posting(t) x w_cv(t) for the posting's terms
 * in the posting's order, the very products and order of rank's lean
 * path, so a CV's candidate score is bit for bit the one `rank` selects
 * by; the kept pairs are then given jm_score()'s numbers by the brief
 * score (scorer.h). So each CV's results are those of `jobmatch rank --top
 * K CV POSTINGS`, with the same ties (input order), for any thread count.
 *
 * Threads: each worker keeps its own accumulators and heaps (no lock per
 * posting); per CV the workers share only a floor (the highest worst
 * score of a full heap), which spares them winners another worker's heap
 * has ruled out. The heaps are merged after the last posting.
 *
 * Memory: per CV its name, its vector (12 bytes a term) and its index
 * entries (12 bytes a term); per worker thread its accumulators, gate and
 * a heap per CV (about 110 bytes a CV) and up to K winners per CV (24 bytes
 * each in the heap, plus one allocation of the winner's scores and matched
 * words, about 100 bytes in all); the postings held are those still
 * among some CV's winners (their id, title and company only). Nothing
 * grows with the number of postings beyond that. */
#include "rank/rank.h"
#include "read/corpus.h"
#include "read/document.h"
#include "score/engine.h"
#include "base/strtab.h"
#include "model/model.h"
#include "text/analyzer.h"

#include <math.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------------- */
/* The matcher and its index                                               */
/* ---------------------------------------------------------------------- */

/* One CV: its name and its vector, keyed by index term. */
typedef struct {
    char *name;               /* as results name it (owned) */
    jm_cvvec v;               /* keys: index terms; occupations */
} mcv;

struct jm_matcher {
    jm_engine *e;             /* the engine CVs and postings are read with */
    int threads;              /* jm_matcher_add_cvs()'s (0: all cores) */
    mcv *cvs;                 /* the CVs, in the order added */
    size_t n_cv, cap_cv;
    jm_strtab terms;          /* index terms (every CV term), by key */
    /* The inverted index, built when a run starts after CVs were added:
     * term key k's CVs are cv[start[k] .. start[k + 1]), in CV order,
     * each with w = x_cv / cv_norm (rank's lean weight). */
    size_t *start;
    uint32_t *cv;
    double *w;
    size_t n_built;           /* CVs in the index (n_cv when current) */
    /* The same for occupations: occupation key -> CVs naming it, each
     * with its weight in the CV's occupation vector. */
    size_t *occ_start;
    uint32_t *occ_cv;
    double *occ_w;
    size_t n_occ_keys;
    /* What the score of each CV needs besides its sums, by CV, so that
     * the loop over every CV reads three arrays rather than each CV's
     * vector: */
    double *occ_norm;         /* its occupation vector's norm */
    double *oa;               /* jm_occupation_applied() for it */
    unsigned char *roles;     /* jm_cvvec.roles */
};

int jm_matcher_new(jm_engine *e, jm_matcher **out)
{
    *out = jm_calloc(1, sizeof **out);
    if (!*out) return jm_fail(&e->err, JM_ENOMEM, "out of memory");
    (*out)->e = e;
    (*out)->threads = 1;
    return JM_OK;
}

void jm_matcher_set_threads(jm_matcher *m, int threads)
{
    m->threads = threads;
}

/* Frees the inverted indexes (the CVs stay); they are built again on the
 * next run. */
static void index_free(jm_matcher *m)
{
    jm_free(m->start);
    jm_free(m->cv);
    jm_free(m->w);
    jm_free(m->occ_start);
    jm_free(m->occ_cv);
    jm_free(m->occ_w);
    jm_free(m->occ_norm);
    jm_free(m->oa);
    jm_free(m->roles);
    m->occ_w = m->occ_norm = m->oa = NULL;
    m->roles = NULL;
    m->start = m->occ_start = NULL;
    m->cv = m->occ_cv = NULL;
    m->w = NULL;
    m->n_built = m->n_occ_keys = 0;
}

void jm_matcher_free(jm_matcher *m)
{
    if (!m) return;
    for (size_t i = 0; i < m->n_cv; i++) {
        jm_free(m->cvs[i].name);
        jm_cvvec_free(&m->cvs[i].v);
    }
    jm_free(m->cvs);
    jm_strtab_free(&m->terms);
    index_free(m);
    jm_free(m);
}

size_t jm_matcher_cv_count(const jm_matcher *m)
{
    return m->n_cv;
}

const char *jm_matcher_cv_name(const jm_matcher *m, size_t i)
{
    return i < m->n_cv ? m->cvs[i].name : NULL;
}

/* Adds CV c, counted by analyzer an (whose term ids c's keys are, made
 * index keys here), taking its name and vector. JM_OK or JM_ENOMEM (c is
 * then freed). */
static int add_counted(jm_matcher *m, const jm_analyzer *an, mcv *c)
{
    int rc = JM_OK;
    for (size_t i = 0; !rc && i < c->v.n; i++) {
        size_t len;
        const char *s = jm_analyzer_term_str(an, c->v.keys[i], &len);
        int added;
        rc = jm_strtab_add(&m->terms, s, len, 0, &c->v.keys[i], &added);
    }
    if (!rc) rc = jm_grow(&m->cvs, &m->cap_cv, m->n_cv, sizeof *m->cvs, 64);
    if (rc) {
        jm_free(c->name);
        jm_cvvec_free(&c->v);
        return JM_ENOMEM;
    }
    m->cvs[m->n_cv++] = *c;
    return JM_OK;
}

int jm_matcher_add_cv(jm_matcher *m, const jm_doc *cv, const char *name)
{
    jm_engine *e = m->e;
    mcv c = {0};
    jm_error_clear(&e->err);
    if (m->n_cv >= UINT32_MAX - 1) return jm_fail(&e->err, JM_EINVAL, "too many CVs");
    int rc = jm_cvvec_count(e, cv, &c.v);
    if (!rc && !(c.name = jm_strndup(name ? name : "", name ? strlen(name) : 0)))
        rc = JM_ENOMEM;
    if (rc) jm_cvvec_free(&c.v);
    if (!rc) rc = add_counted(m, e->an, &c);
    return rc ? jm_fail(&e->err, rc, "out of memory") : JM_OK;
}

/* ---- reading and counting CVs on several threads -------------------- */

/* CVs are read from the corpus on the calling thread in chunks, each
 * chunk's records read and counted on every thread (each with its own
 * engine), then added on the calling thread in input order: the same
 * CVs, names, skips and index as one thread gives. */
#define LOAD_CHUNK 256

/* One record of a chunk. */
typedef struct {
    char *data;               /* its bytes (owned; freed once read) */
    size_t len;
    char *file;               /* owned */
    size_t line;
    char *why;                /* a bad CV: why (owned); NULL: good */
    mcv c;                    /* a good CV: its name and vector */
    size_t by;                /* the engine that counted it */
    int oom;                  /* reading or counting ran out of memory */
} mload;

/* A chunk being counted: the threads take its records in turn. */
typedef struct {
    jm_engine **eng;          /* the engines, one a thread (worker engines,
                                 or m->e alone) */
    mload *recs;
    size_t n;
    size_t next;              /* the next record to take (under mu) */
    pthread_mutex_t mu;
} mchunk;

/* What a bad CV's message says after its name (the skip report adds it). */
static const char *reason_of(const char *msg, const char *name)
{
    size_t nl = strlen(name);
    if (!strncmp(msg, name, nl) && !strncmp(msg + nl, ": ", 2)) return msg + nl + 2;
    return msg;
}

/* Reads and counts record r with engine e (as jm_next_cv() and
 * jm_matcher_add_cv() do); the outcome stays in r. */
static void load_one(jm_engine *e, mload *r)
{
    jm_doc *cv = NULL;
    if (r->oom) return;   /* its bytes could not be kept */
    if (!r->why) {
        int rc = jm_doc_read(e, JM_DOC_CV, r->data, r->len, r->file, &cv);
        if (rc == JM_ENOMEM) r->oom = 1;   /* not the CV's fault */
        else if (rc && !(r->why = jm_dup_or_null(reason_of(e->err.msg, r->file)))) r->oom = 1;
    }
    jm_free(r->data);
    r->data = NULL;
    if (!cv) return;
    char buf[4096];
    /* a JSON Lines CV is named by its own id, else by FILE:LINE */
    const char *nm = jm_doc_id(cv);
    if (!nm) nm = jm_record_name(buf, sizeof buf, r->file, r->line);
    if (!(r->c.name = jm_dup_or_null(nm)) || jm_cvvec_count(e, cv, &r->c.v)) r->oom = 1;
    jm_doc_free(cv);
}

/* Takes records of ch until none is left, with engine e. */
static void load_records(mchunk *ch, jm_engine *e, size_t by)
{
    for (;;) {
        pthread_mutex_lock(&ch->mu);
        size_t i = ch->next++;
        pthread_mutex_unlock(&ch->mu);
        if (i >= ch->n) return;
        ch->recs[i].by = by;
        load_one(e, &ch->recs[i]);
    }
}

typedef struct {
    mchunk *ch;
    size_t by;
} mloader;

static void *loader_main(void *arg)
{
    mloader *ld = arg;
    load_records(ld->ch, ld->ch->eng[ld->by], ld->by);
    return NULL;
}

/* Frees what record r still holds. */
static void mload_clear(mload *r)
{
    jm_free(r->data);
    jm_free(r->file);
    jm_free(r->why);
    jm_free(r->c.name);
    jm_cvvec_free(&r->c.v);
    memset(r, 0, sizeof *r);
}

/* Reads and counts ch's records on n_eng threads (this one and n_eng - 1
 * started; a thread that cannot start is no error: the others do its
 * share). */
static void load_chunk(mchunk *ch, size_t n_eng)
{
    pthread_t tids[MAX_THREADS];
    mloader lds[MAX_THREADS];
    size_t started = 0;
    ch->next = 0;
    for (size_t i = 1; i < n_eng && i < ch->n; i++) {
        lds[i] = (mloader){ ch, i };
        if (jm_fault() || pthread_create(&tids[i], NULL, loader_main, &lds[i])) break;
        started = i;
    }
    load_records(ch, ch->eng[0], 0);
    for (size_t i = 1; i <= started; i++) pthread_join(tids[i], NULL);
}

/* Adds ch's CVs in input order, reporting the bad ones to skip. JM_OK,
 * JM_ENOMEM, JM_ESTOP. */
static int add_chunk(jm_matcher *m, mchunk *ch, jm_skip_fn skip, void *ud,
                     jm_rank_stats *st)
{
    int rc = JM_OK;
    for (size_t i = 0; i < ch->n && !rc; i++) {
        mload *r = &ch->recs[i];
        if (r->oom) {
            rc = JM_ENOMEM;
        } else if (r->why) {
            st->skipped++;
            if (skip && skip(ud, r->file, r->line, r->why)) rc = JM_ESTOP;
        } else if (m->n_cv >= UINT32_MAX - 1) {
            rc = jm_fail(&m->e->err, JM_EINVAL, "too many CVs");
        } else {
            rc = add_counted(m, ch->eng[r->by]->an, &r->c);
            memset(&r->c, 0, sizeof r->c);   /* taken, or freed */
            if (!rc) st->ranked++;
        }
    }
    for (size_t i = 0; i < ch->n; i++) mload_clear(&ch->recs[i]);
    ch->n = 0;
    return rc;
}

int jm_matcher_add_cvs(jm_matcher *m, const char *path, jm_skip_fn skip,
                       void *ud, jm_rank_stats *stats)
{
    jm_engine *e = m->e;
    jm_corpus *c = NULL;
    jm_record rec;
    jm_rank_stats st = {0};
    const char *paths[1] = { path };
    jm_rank_options ro = { .threads = m->threads };
    size_t n_eng = jm_stream_threads(&ro);
    mchunk ch = { .n = 0 };
    jm_error_clear(&e->err);
    pthread_mutex_init(&ch.mu, NULL);
    int rc = jm_corpus_open(paths, 1, &c);
    /* the engines of the other threads are cloned from e, which must have
     * read its section table and built its occupation table first (that
     * the workers agree on the table's term ids) */
    if (!rc && n_eng > 1) {
        jm_reader reader;
        rc = jm_engine_reader(e, &reader);
        if (!rc && e->weights.occupation > 0 && !e->occ_none && !jm_engine_occupations(e))
            rc = JM_ENOMEM;
    }
    if (!rc && !(ch.eng = jm_calloc(n_eng, sizeof *ch.eng))) rc = JM_ENOMEM;
    if (!rc && !(ch.recs = jm_calloc(LOAD_CHUNK, sizeof *ch.recs))) rc = JM_ENOMEM;
    /* On several threads each counts with an engine of its own, e
     * included (its clones read its tables): an engine that cannot be
     * made is no error, fewer threads count; none, and e counts alone. */
    size_t made = 0;
    while (!rc && n_eng > 1 && made < n_eng && !jm_engine_worker(e, &ch.eng[made])) made++;
    int own = made > 0;       /* ch.eng holds workers, freed here */
    if (!rc && !made) ch.eng[made++] = e;
    int end = rc;
    while (!rc) {
        /* a chunk read, on this thread (the records' bytes copied) */
        while (!end && ch.n < LOAD_CHUNK) {
            end = jm_corpus_next(c, &rec);
            if (end) break;
            mload *r = &ch.recs[ch.n++];
            r->line = rec.line;
            r->len = rec.len;
            /* the corpus judges records as postings ("no description or
             * title"): a JSON Resume is read whatever it says, by the CV
             * reader; a record it could not hold at all is bad as it is */
            if (!(r->file = jm_dup_or_null(rec.file)) ||
                (rec.reason && rec.len == 0 ? !(r->why = jm_dup_or_null(rec.reason))
                                            : !(r->data = jm_strndup(rec.data, rec.len))))
                r->oom = 1;
        }
        load_chunk(&ch, made);
        rc = add_chunk(m, &ch, skip, ud, &st);
        if (end) break;
    }
    if (!rc && end != JM_CORPUS_END) rc = end;
    /* an unreadable file or folder ends the run */
    if (rc == JM_EIO) jm_fail(&e->err, rc, "%s", jm_corpus_errmsg(c));
    if (!rc || rc == JM_EIO) st.bytes = jm_corpus_bytes_read(c);
    for (size_t i = 0; ch.recs && i < ch.n; i++) mload_clear(&ch.recs[i]);
    for (size_t i = 0; own && i < made; i++) jm_engine_worker_free(ch.eng[i]);
    jm_free(ch.eng);
    jm_free(ch.recs);
    pthread_mutex_destroy(&ch.mu);
    jm_corpus_close(c);
    if (rc == JM_ENOMEM) jm_fail(&e->err, rc, "out of memory");
    if (stats) *stats = st;
    return rc;
}

/* Builds the inverted indexes (terms and occupations) of every CV added. */
static int build_index(jm_matcher *m)
{
    if (m->n_built == m->n_cv && m->start) return JM_OK;
    index_free(m);
    size_t n_terms = m->terms.n, total = 0, n_occ = 0, total_occ = 0;
    for (size_t i = 0; i < m->n_cv; i++) {
        const jm_cvvec *v = &m->cvs[i].v;
        total += v->n;
        total_occ += v->occ.n;
        for (size_t j = 0; j < v->occ.n; j++)
            if (v->occ.e[j].key + (size_t)1 > n_occ) n_occ = v->occ.e[j].key + (size_t)1;
    }
    m->start = jm_calloc(n_terms + 1, sizeof *m->start);
    m->cv = jm_malloc((total + 1) * sizeof *m->cv);
    m->w = jm_malloc((total + 1) * sizeof *m->w);
    m->occ_start = jm_calloc(n_occ + 1, sizeof *m->occ_start);
    m->occ_cv = jm_malloc((total_occ + 1) * sizeof *m->occ_cv);
    m->occ_w = jm_malloc((total_occ + 1) * sizeof *m->occ_w);
    m->occ_norm = jm_malloc((m->n_cv + 1) * sizeof *m->occ_norm);
    m->oa = jm_malloc((m->n_cv + 1) * sizeof *m->oa);
    m->roles = jm_malloc(m->n_cv + 1);
    if (!m->start || !m->cv || !m->w || !m->occ_start || !m->occ_cv || !m->occ_w ||
        !m->occ_norm || !m->oa || !m->roles) {
        index_free(m);
        return JM_ENOMEM;
    }
    /* counting sort: start[k + 1] counts, then prefix sums, then fill */
    for (size_t i = 0; i < m->n_cv; i++) {
        const jm_cvvec *v = &m->cvs[i].v;
        m->occ_norm[i] = v->occ.norm;
        m->oa[i] = jm_occupation_applied(m->e->weights.occupation, &v->occ);
        m->roles[i] = v->roles != 0;
        for (size_t j = 0; j < v->n; j++) m->start[v->keys[j] + 1]++;
        for (size_t j = 0; j < v->occ.n; j++) m->occ_start[v->occ.e[j].key + 1]++;
    }
    for (size_t k = 0; k < n_terms; k++) m->start[k + 1] += m->start[k];
    for (size_t k = 0; k < n_occ; k++) m->occ_start[k + 1] += m->occ_start[k];
    for (size_t i = 0; i < m->n_cv; i++) {
        const jm_cvvec *v = &m->cvs[i].v;
        for (size_t j = 0; j < v->n; j++) {
            size_t at = m->start[v->keys[j]]++;
            m->cv[at] = (uint32_t)i;
            /* x_cv / cv_norm, as rank's lean path weighs the CV */
            m->w[at] = v->norm > 0 ? v->x[j] / v->norm : 0;
        }
        for (size_t j = 0; j < v->occ.n; j++) {
            size_t at = m->occ_start[v->occ.e[j].key]++;
            m->occ_cv[at] = (uint32_t)i;
            m->occ_w[at] = v->occ.e[j].w;
        }
    }
    /* the fill moved each start to the next one's: shift back */
    for (size_t k = n_terms; k > 0; k--) m->start[k] = m->start[k - 1];
    m->start[0] = 0;
    for (size_t k = n_occ; k > 0; k--) m->occ_start[k] = m->occ_start[k - 1];
    m->occ_start[0] = 0;
    m->n_occ_keys = n_occ;
    m->n_built = m->n_cv;
    return JM_OK;
}

/* ---------------------------------------------------------------------- */
/* Workers                                                                 */
/* ---------------------------------------------------------------------- */

/* A posting held by winners of one worker: what its results show. */
typedef struct {
    size_t refs;              /* winners that point at it */
    char *id, *title, *company;   /* owned; title and company may be NULL */
    size_t file, line;        /* where it was read */
} mposting;

/* A winner of a CV's heap: the pair's brief score, in one allocation
 * (a winner per CV and K per worker are most of a run's memory: four
 * allocations each cost about 80 bytes more). */
typedef struct {
    mposting *p;              /* the posting (one reference) */
    double score, coverage;   /* jm_score()'s */
    uint32_t n_matched;
    uint32_t at[JM_BRIEF_MATCHED];  /* where each matched term starts in text */
    char text[];              /* the matched terms as the posting writes
                                 them, each NUL-terminated */
} mwin;

/* Drops one reference to p, freeing it with the last (p may be NULL). */
static void mposting_release(mposting *p)
{
    if (!p || --p->refs) return;
    jm_free(p->id);
    jm_free(p->title);
    jm_free(p->company);
    jm_free(p);
}

/* Frees a winner that fell out of its heap (the heap's drop function). */
static void mwin_drop(void *item)
{
    mwin *w = item;
    if (!w) return;
    mposting_release(w->p);
    jm_free(w);
}

/* What a worker knows of one analyzer term id of its engine, looked up
 * the first time the id is met: one record, so that an occurrence costs
 * one memory access where jm_pcount's memo, entry map and the key map
 * cost three (they were a sixth of the run at 1,000 CVs). */
typedef struct {
    double idf;               /* idf(t); NAN: the id not seen yet */
    uint32_t key;             /* index key (MKEY_ROLE set for a role term);
                                 MKEY_NONE: in no CV */
    uint32_t ent;             /* 1 + its index among the current posting's
                                 terms; 0 when not in it */
} mterm;

#define MKEY_ROLE 0x80000000u
#define MKEY_NONE 0x7fffffffu   /* masked: no index key */

/* A term of the posting being counted, besides its jm_pterm: what picks
 * its display (jm_display_moves(), as jm_score() picks it). */
typedef struct {
    double tf;                /* weighted count in the posting */
    double cur_count;         /* weighted count in section cur_sec */
    double best;              /* the count of the display's section */
    const char *cur_disp;     /* first occurrence in section cur_sec */
    size_t cur_len;
    size_t cur_sec;           /* section it was last counted in */
    jm_section_kind kind;     /* the display's section kind */
    double idf;               /* an unnamed pair's idf (MPAIR_UNNAMED) */
} mcount;

/* Pairs of CV words a worker remembers (whether some CV has the pair)
 * before it starts again: 16 bytes each, so at most 32 MB. */
#define PAIR_CACHE_MAX ((size_t)1 << 21)

/* The jm_pterm.id of a pair term that no CV has: it only adds to the
 * posting's norm, so it is counted by its words' ids (the worker's
 * unnamed map) and its string is never made. */
#define MPAIR_UNNAMED UINT32_MAX

/* The index entries of one term of the posting, with its weight. */
typedef struct {
    size_t start, end;        /* its CVs: cv[start .. end) */
    double x;                 /* x_posting(t) */
} mlist;

/* A CV through the gate (gate_cv()), with its sums. */
typedef struct {
    uint32_t cv;
    double dot, occ;
} mpass;

/* One worker's matching state (lean.ext). */
typedef struct {
    const jm_matcher *m;
    jm_pbrief pb;             /* the current posting, keyed by index term
                                 (its terms in terms[], its slots made on
                                 the first winner) */
    mterm *ids;               /* by term id of the worker's engine */
    size_t n_ids;
    const void *ids_an;       /* the analyzer ids belongs to */
    jm_pterm *terms;          /* the posting's terms, jm_score()'s order */
    mcount *counts;           /* their counts, the same order */
    size_t n_terms, cap_terms;
    mlist *lists;             /* the posting's terms that some CV has */
    jm_aterm *roles;          /* the section's terms, for its role terms */
    size_t n_roles, cap_roles;
    jm_aterm *pairs;          /* the section's terms that close a pair */
    size_t n_pairs, cap_pairs;
    jm_pairmap pair_ids;      /* pair of CV words -> 1 + the pair term's
                                 id when some CV has it, UINT32_MAX when
                                 none does (at most PAIR_CACHE_MAX) */
    jm_pairmap unnamed;       /* pair key -> 1 + index in terms, for the
                                 current posting's MPAIR_UNNAMED pairs */
    uint64_t *unnamed_keys;   /* the keys unnamed holds */
    size_t n_unnamed, cap_unnamed;
    double weight;            /* the weight of the section being counted */
    int role_sec;             /* its role factor is > 0: its terms make
                                 role terms (asked once a section, not
                                 once a term) */
    size_t sec;               /* its index */
    jm_section_kind kind;     /* its kind */
    const char *text;         /* its text */
    int oom;                  /* counting ran out of memory */
    int slots_set;            /* pb.slot holds the current posting */
    log_slot logs[LOG_SLOTS]; /* recent log1p values, by a hash of tf */
    double *acc;              /* per CV: the lean dot product */
    double *occ;              /* per CV: the occupation match */
    unsigned char *cand;      /* per CV: shares a term or an occupation */
    uint32_t *cands;          /* the candidates of the current posting */
    size_t n_cands;
    heap *tops;               /* per CV (per cv mode): its winners */
    double *floor;            /* per CV: a full heap's worst score (a
                                 lower one cannot enter); -inf until full */
    double *gate;             /* per CV: what its bound must reach for the
                                 score to be computed (set_floor()) */
    mpass *pass;              /* the CVs through the gate, for a posting */
    uint32_t *unfull;         /* CVs whose heap is not full yet */
    size_t n_unfull;
    size_t n_seen;            /* postings scored (for FLOOR_SYNC) */
    mposting *cur;            /* the current posting, once a winner holds it */
} mworker;

/* Per run: what the hooks read. */
typedef struct {
    jm_matcher *m;            /* the CVs and their index */
    const jm_match_options *opt;  /* the caller's options and callbacks */
    size_t top;               /* K */
    int per_posting;          /* JM_PER_POSTING (else per CV) */
    /* Per cv mode on several workers: per CV the highest worst score of
     * a full heap among the workers. A posting scored below it cannot be
     * among the CV's K best (that worker holds K better), so the other
     * workers need not make it a winner: without it each worker's heaps
     * fill from its share of the postings alone, and 2 workers made
     * about twice the winners of 1. NULL on one worker. */
    _Atomic double *floors;
} mrun;

/* How often a worker takes the shared floors into its own, in postings:
 * a pass over every CV, rare enough to cost nothing. */
#define FLOOR_SYNC 64

/* Raises CV i's shared floor to f when f is higher. */
static void floor_publish(const mrun *run, size_t i, double f)
{
    double cur = atomic_load_explicit(&run->floors[i], memory_order_relaxed);
    while (f > cur && !atomic_compare_exchange_weak_explicit(&run->floors[i], &cur, f,
                                                           memory_order_relaxed,
                                                           memory_order_relaxed))
        ;
}

/* The record of term id, filled the first time the id is met (its
 * string looked up in the model and in the index); NULL when the table
 * cannot grow. */
static mterm *term_rec(mworker *w, jm_engine *e, uint32_t id)
{
    if (id >= w->n_ids) {
        size_t cap = w->n_ids ? w->n_ids : 4096;
        while (cap <= id) cap *= 2;
        mterm *t = jm_realloc(w->ids, cap * sizeof *t);
        if (!t) return NULL;
        for (size_t i = w->n_ids; i < cap; i++) t[i] = (mterm){ NAN, 0, 0 };
        w->ids = t;
        w->n_ids = cap;
    }
    mterm *t = &w->ids[id];
    if (isnan(t->idf)) {
        size_t len;
        const char *s = jm_analyzer_term_str(e->an, id, &len);
        long k = jm_strtab_find(&w->m->terms, s, len, jm_hash(s, len));
        t->key = k < 0 ? MKEY_NONE : (uint32_t)k;
        if (s[0] == JM_ROLE_MARK) t->key |= MKEY_ROLE;
        t->idf = jm_model_idf(e->model, s, len);
    }
    return t;
}

/* Makes room for one more term of the posting. JM_OK or JM_ENOMEM. */
static int term_slot(mworker *w)
{
    if (w->n_terms < w->cap_terms) return JM_OK;
    size_t cap = w->cap_terms ? w->cap_terms * 2 : 256;
    jm_pterm *t = jm_realloc(w->terms, cap * sizeof *t);
    if (t) w->terms = t;
    mcount *c = t ? jm_realloc(w->counts, cap * sizeof *c) : NULL;
    if (!c) return JM_ENOMEM;
    w->counts = c;
    w->cap_terms = cap;
    return JM_OK;
}

/* Counts occurrence a of the posting's term i with the section's weight,
 * and keeps its display. */
static inline void add_count(mworker *w, size_t i, const jm_aterm *a)
{
    jm_pterm *t = &w->terms[i];
    mcount *c = &w->counts[i];
    c->tf += w->weight;
    if (c->cur_sec != w->sec) {   /* first time in this section */
        c->cur_sec = w->sec;
        c->cur_count = 0;
        c->cur_disp = w->text + a->pub.start;
        c->cur_len = a->pub.end - a->pub.start;
    }
    c->cur_count += w->weight;
    if (jm_display_moves(t->disp != NULL, c->kind, c->best, w->kind, c->cur_count)) {
        c->best = c->cur_count;
        c->kind = w->kind;
        t->disp = c->cur_disp;
        t->disp_len = c->cur_len;
    }
}

/* Counts one occurrence of term id (a's words) with the section's weight,
 * as jm_score() counts a posting's term. JM_OK or JM_ENOMEM. Inlined: it
 * runs for every term of every posting, and the call's saved registers
 * were a third of its cost (the compiler would not inline it unasked). */
__attribute__((always_inline)) static inline int
count_occurrence(mworker *w, jm_engine *e, uint32_t id, const jm_aterm *a)
{
    mterm *r = term_rec(w, e, id);
    if (!r) return JM_ENOMEM;
    if (!r->ent) {
        if (term_slot(w)) return JM_ENOMEM;
        w->terms[w->n_terms] = (jm_pterm){ id, (r->key & MKEY_ROLE) != 0, 0, NULL, 0 };
        w->counts[w->n_terms] = (mcount){ 0, 0, 0, NULL, 0, SIZE_MAX, 0, 0 };
        r->ent = (uint32_t)++w->n_terms;
    }
    add_count(w, r->ent - 1, a);
    return JM_OK;
}

/* Counts the pair term that a closes (a->pair_prev), as the scorer's
 * count_pairs() does: under its term id when some CV has the pair (its
 * string made and looked up once per worker and pair), else unnamed.
 * JM_OK or JM_ENOMEM. */
static int count_pair(mworker *w, jm_engine *e, const jm_aterm *a)
{
    uint64_t key = jm_pair_key(a->pair_prev, a->term_id);
    uint32_t named = UINT32_MAX;
    int added;
    /* a CV has the pair only if it has both words: only such pairs are
     * looked up, and kept in a cache of bounded size */
    if ((w->ids[a->pair_prev].key & ~MKEY_ROLE) != MKEY_NONE &&
        (w->ids[a->term_id].key & ~MKEY_ROLE) != MKEY_NONE) {
        if (w->pair_ids.n >= PAIR_CACHE_MAX) jm_pairmap_clear(&w->pair_ids);
        uint32_t *at = jm_pairmap_slot(&w->pair_ids, key, &added);
        if (!at) return JM_ENOMEM;
        if (added) {
            uint32_t pid;
            *at = UINT32_MAX;
            if (jm_analyzer_pair_term(e->an, a->pair_prev, a->term_id, &pid)) return JM_ENOMEM;
            mterm *r = pid == UINT32_MAX ? NULL : term_rec(w, e, pid);
            if (pid != UINT32_MAX && !r) return JM_ENOMEM;
            if (r && (r->key & ~MKEY_ROLE) != MKEY_NONE) *at = pid + 1;
        }
        named = *at;
    }
    jm_aterm p = *a;
    p.pub.start = a->pair_start;
    if (named != UINT32_MAX) return count_occurrence(w, e, named - 1, &p);
    uint32_t *ent = jm_pairmap_slot(&w->unnamed, key, &added);
    if (!ent || (added && term_slot(w))) return JM_ENOMEM;
    if (added) {
        if (jm_grow(&w->unnamed_keys, &w->cap_unnamed, w->n_unnamed, sizeof *w->unnamed_keys, 64))
            return JM_ENOMEM;
        w->unnamed_keys[w->n_unnamed++] = key;
        double ia = w->ids[a->pair_prev].idf, ib = w->ids[a->term_id].idf;
        w->terms[w->n_terms] = (jm_pterm){ MPAIR_UNNAMED, 0, 0, NULL, 0 };
        w->counts[w->n_terms] = (mcount){ 0, 0, 0, NULL, 0, SIZE_MAX, 0, ia > ib ? ia : ib };
        *ent = (uint32_t)++w->n_terms;
    }
    add_count(w, *ent - 1, &p);
    return JM_OK;
}

/* The analyzer's callback: one term of the section. */
static int on_posting_term(void *ud, const jm_aterm *a)
{
    lean *l = ud;
    mworker *w = l->ext;
    if (count_occurrence(w, l->e, a->term_id, a)) { w->oom = 1; return 1; }
    if (a->pair_prev != JM_NO_PAIR) {     /* counted after the run */
        if (jm_grow(&w->pairs, &w->cap_pairs, w->n_pairs, sizeof *w->pairs, 64)) {
            w->oom = 1;
            return 1;
        }
        w->pairs[w->n_pairs++] = *a;
    }
    if (w->role_sec) {   /* its role term after the run */
        if (jm_grow(&w->roles, &w->cap_roles, w->n_roles, sizeof *w->roles, 64)) {
            w->oom = 1;
            return 1;
        }
        w->roles[w->n_roles++] = *a;
    }
    return 0;
}

/* Forgets the current posting's terms (the per-id records stay). */
static void posting_done(mworker *w)
{
    for (size_t i = 0; i < w->n_terms; i++)
        if (w->terms[i].id != MPAIR_UNNAMED) w->ids[w->terms[i].id].ent = 0;
    jm_pairmap_clear_keys(&w->unnamed, w->unnamed_keys, w->n_unnamed);
    w->n_unnamed = 0;
    w->n_pairs = 0;
    if (w->slots_set) jm_pbrief_done(&w->pb);
    w->slots_set = 0;
    w->n_terms = 0;
    w->n_roles = 0;
    w->oom = 0;
    w->pb.side.n = 0;
}

/* Counts posting d as jm_score() counts a posting for a CV with role
 * terms (jm_pcount_run(): the same terms in the same order, the same
 * weighted counts summed in the same order, so the same x to the bit),
 * with each term's index key; and its occupations. JM_OK or JM_ENOMEM
 * (call posting_done() in either case). */
static int count_posting(lean *l, mworker *w, const jm_doc *d)
{
    jm_engine *e = l->e;
    if (w->ids_an != e->an) {   /* a renewed analyzer: other ids */
        for (size_t i = 0; i < w->n_ids; i++) w->ids[i] = (mterm){ NAN, 0, 0 };
        jm_pairmap_clear(&w->pair_ids);
        w->ids_an = e->an;
    }
    for (size_t i = 0; i < d->n_sections; i++) {
        size_t len;
        w->sec = i;
        w->kind = d->sections[i].kind;
        w->weight = e->weights.w[w->kind];
        if (w->weight <= 0) continue;
        w->role_sec = jm_role_factor(w->kind) > 0;
        w->text = jm_doc_section_text(d, i, &len);
        int rc = jm_analyzer_ids(e->an, w->text, len, on_posting_term, l);
        if (w->oom) rc = JM_ENOMEM;
        if (rc) return rc;
        /* the section's pair and role terms, made after the analyzer's
         * run (making one adds a term to the analyzer) */
        for (size_t k = 0; k < w->n_pairs && !rc; k++) rc = count_pair(w, e, &w->pairs[k]);
        w->n_pairs = 0;
        if (rc) return rc;
        double weight = w->weight;
        w->weight = weight * jm_role_factor(w->kind);
        for (size_t k = 0; k < w->n_roles && !rc; k++) {
            uint32_t rid;
            rc = jm_analyzer_role_term(e->an, w->roles[k].term_id, &rid);
            if (!rc && rid != UINT32_MAX) rc = count_occurrence(w, e, rid, &w->roles[k]);
        }
        w->weight = weight;
        w->n_roles = 0;
        if (rc) return rc;
    }
    if (w->n_terms > w->pb.cap_keys) {
        uint32_t *k = jm_realloc(w->pb.keys, w->n_terms * sizeof *k);
        if (!k) return JM_ENOMEM;
        w->pb.keys = k;
        unsigned char *h = jm_realloc(w->pb.hit, w->n_terms);
        if (!h) return JM_ENOMEM;
        w->pb.hit = h;
        mlist *ls = jm_realloc(w->lists, w->n_terms * sizeof *ls);
        if (!ls) return JM_ENOMEM;
        w->lists = ls;
        w->pb.cap_keys = w->n_terms;
    }
    for (size_t i = 0; i < w->n_terms; i++) {
        jm_pterm *t = &w->terms[i];
        int unnamed = t->id == MPAIR_UNNAMED;
        uint32_t key = unnamed ? MKEY_NONE : w->ids[t->id].key & ~MKEY_ROLE;
        double idf = unnamed ? w->counts[i].idf : w->ids[t->id].idf;
        t->x = log1p_cached(w->logs, w->counts[i].tf) * idf;   /* as weigh() */
        w->pb.keys[i] = key == MKEY_NONE ? UINT32_MAX : key;
        w->pb.hit[i] = 0;
    }
    jm_occvec_clear(&w->pb.occ);
    w->pb.side = (jm_pside){ w->terms, w->n_terms, w->pb.slot, 0, &w->pb.occ };
    return jm_doc_occupations(e, d, 0, &w->pb.occ) ? JM_ENOMEM : JM_OK;
}

/* Sets the posting's slots by key, which jm_brief_score() reads: made
 * for the first winner of a posting only. JM_OK or JM_ENOMEM. */
static int set_slots(mworker *w)
{
    jm_pbrief *b = &w->pb;
    size_t n_keys = w->m->terms.n;
    if (w->slots_set) return JM_OK;
    if (jm_pbrief_slots(b, n_keys)) return JM_ENOMEM;
    for (size_t i = 0; i < w->n_terms; i++)
        if (b->keys[i] != UINT32_MAX) b->slot[b->keys[i]] = (uint32_t)i + 1;
    b->side.slot = b->slot;
    b->side.n_slots = n_keys;
    w->slots_set = 1;
    return JM_OK;
}

/* Frees a worker's state and its winners (w may be NULL). */
static void mworker_free(mworker *w)
{
    if (!w) return;
    jm_pbrief_free(&w->pb);
    jm_free(w->ids);
    jm_free(w->terms);
    jm_free(w->counts);
    jm_free(w->pairs);
    jm_pairmap_free(&w->pair_ids);
    jm_pairmap_free(&w->unnamed);
    jm_free(w->unnamed_keys);
    jm_free(w->lists);
    jm_free(w->roles);
    jm_free(w->acc);
    jm_free(w->occ);
    jm_free(w->cand);
    jm_free(w->cands);
    for (size_t i = 0; w->tops && i < w->m->n_cv; i++) jm_heap_free(&w->tops[i]);
    jm_free(w->tops);
    jm_free(w->floor);
    jm_free(w->gate);
    jm_free(w->pass);
    jm_free(w->unfull);
    mposting_release(w->cur);
    jm_free(w);
}

/* How far below the floor a pair's bound must be to be passed over,
 * relative to the floor's size (see set_floor()). */
#define GATE_MARGIN 1e-9

/* Sets CV i's floor to f (it only rises), and its gate: the value that
 * t = dot x (1 / len) + oa x occ must reach for lean_score() to be
 * computed, (g - margin) x (1 + oa) with g the higher of f and the
 * minimum score. Every part is >= 0 (x and w are log1p(tf) x idf, idf >=
 * 1, only sections of weight > 0 counted; occupation parts are products
 * of weights; oa is the occupation weight when > 0, else 0), so
 * t, the gate and the score are each within a few roundings (2^-53
 * each) of their real values: t below the gate makes the score below
 * g - margin x (1 + |g|) + 9 x 2^-53 x |g| < g. A pair that can enter is
 * never passed over; one passed on is compared exactly. -inf (a heap not
 * full) gives a gate of -inf: every pair is scored. */
static void set_floor(mworker *w, const mrun *run, size_t i, double f)
{
    double min = run->opt->rank.min_score;
    double g = f > min ? f : min;
    w->floor[i] = f;
    w->gate[i] = (g - GATE_MARGIN * (1 + fabs(g))) * (1 + run->m->oa[i]);
}

/* Makes a worker's state for run: accumulators for every CV, and in per
 * cv mode a heap per CV. *out is set even on failure (JM_ENOMEM), for
 * mworker_free(). */
static int mworker_new(const mrun *run, mworker **out)
{
    const jm_matcher *m = run->m;
    size_t n = m->n_cv;
    mworker *w = jm_calloc(1, sizeof *w);
    *out = w;
    if (!w) return JM_ENOMEM;
    w->m = m;
    w->acc = jm_calloc(n + 1, sizeof *w->acc);
    w->occ = jm_calloc(n + 1, sizeof *w->occ);
    w->cand = jm_calloc(n + 1, 1);
    w->cands = jm_malloc((n + 1) * sizeof *w->cands);
    if (!w->acc || !w->occ || !w->cand || !w->cands) return JM_ENOMEM;
    if (run->per_posting) return JM_OK;
    w->tops = jm_calloc(n + 1, sizeof *w->tops);
    w->unfull = jm_malloc((n + 1) * sizeof *w->unfull);
    w->floor = jm_malloc((n + 1) * sizeof *w->floor);
    w->gate = jm_malloc((n + 1) * sizeof *w->gate);
    w->pass = jm_malloc((n + 1) * sizeof *w->pass);
    if (!w->tops || !w->unfull || !w->floor || !w->gate || !w->pass) return JM_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        set_floor(w, run, i, -INFINITY);
        w->tops[i].k = run->top;
        w->tops[i].drop = mwin_drop;
        w->unfull[i] = (uint32_t)i;
    }
    w->n_unfull = n;
    return JM_OK;
}

/* The current posting as winners hold it (made on the first winner). */
static mposting *current_posting(mworker *w, const jm_doc *d, const brecord *rec)
{
    if (w->cur) return w->cur;
    mposting *p = jm_calloc(1, sizeof *p);
    if (!p) return NULL;
    p->refs = 1;   /* the worker's own, until the posting is done */
    p->id = jm_dup_or_null(jm_doc_id(d));
    p->title = jm_dup_or_null(jm_doc_title(d));
    p->company = jm_dup_or_null(jm_doc_company(d));
    p->file = rec->file;
    p->line = rec->line;
    if (!p->id || (!p->title && jm_doc_title(d)) || (!p->company && jm_doc_company(d))) {
        mposting_release(p);
        return NULL;
    }
    return w->cur = p;
}

/* The brief score of CV i against the current posting, as a winner. */
static int make_winner(lean *l, mworker *w, size_t i, const jm_doc *d,
                       const brecord *rec, mwin **out)
{
    *out = NULL;
    mposting *p = current_posting(w, d, rec);
    if (!p || set_slots(w)) return JM_ENOMEM;
    /* jm_pbrief_result()'s numbers and words, the words folded back to
     * back into the posting's display buffer */
    jm_brief br;
    jm_buf *b = &w->pb.disp;
    uint32_t at[JM_BRIEF_MATCHED] = {0};
    jm_brief_score(l->e, &w->m->cvs[i].v, &w->pb.side, w->pb.hit, &br);
    b->len = 0;
    for (size_t k = 0; k < br.n_matched; k++) {
        const jm_pterm *t = &w->pb.side.terms[br.matched[k]];
        at[k] = (uint32_t)b->len;
        if (jm_display_append(b, t->disp, t->disp_len) || jm_buf_putc(b, '\0'))
            return JM_ENOMEM;
    }
    mwin *x = jm_malloc(sizeof *x + b->len);
    if (!x) return JM_ENOMEM;
    x->p = p;
    p->refs++;
    x->score = br.score;
    x->coverage = br.coverage;
    x->n_matched = (uint32_t)br.n_matched;
    memcpy(x->at, at, sizeof at);
    if (b->len) memcpy(x->text, b->data, b->len);
    *out = x;
    return JM_OK;
}

/* Offers CV i's pair with lean score s to its heap. */
static int offer(lean *l, mworker *w, const mrun *run, size_t i, double s,
                 const jm_doc *d, const brecord *rec)
{
    heap *h = &w->tops[i];
    if (s < run->opt->rank.min_score || !jm_heap_wants(h, s, rec->seq)) return JM_OK;
    mwin *x;
    if (jm_heap_reserve(h) || make_winner(l, w, i, d, rec, &x)) return JM_ENOMEM;
    jm_heap_offer(h, (winner){ s, rec->seq, x });
    if (h->n == h->k && h->w[0].score > w->floor[i]) {
        /* floor may hold a higher shared floor: it only rises */
        set_floor(w, run, i, h->w[0].score);
        if (run->floors) floor_publish(run, i, w->floor[i]);
    }
    return JM_OK;
}

/* A posting's output in per posting mode. */
typedef struct {
    jm_rank_result posting;   /* id, title, company, file, line, input_index */
    jm_cv_hit *hits;          /* best first */
    size_t n;
} mout;

/* Frees a per posting output (the hooks' discard function). */
static void mout_free(void *p)
{
    mout *o = p;
    if (!o) return;
    jm_result_clear(&o->posting);
    jm_free(o->hits);
    jm_free(o);
}

/* qsort order of a posting's CVs: by score, then CV order. */
static int hit_by_rank(const void *a, const void *b)
{
    const jm_cv_hit *x = a, *y = b;
    if (x->score != y->score) return x->score > y->score ? -1 : 1;
    return (x->cv > y->cv) - (x->cv < y->cv);
}

/* Per posting mode: the K best CVs of the posting (candidates by their
 * lean score, then, unless every CV was a candidate (dense), CVs sharing
 * nothing, at 0, in CV order), given their brief scores. */
static int best_cvs(lean *l, mworker *w, const mrun *run, const double *lean_of,
                    int dense, const jm_doc *d, const brecord *rec, void **out)
{
    const jm_matcher *m = run->m;
    heap h = { .k = run->top, .drop = NULL };
    int rc = JM_OK;
    double min = run->opt->rank.min_score;
    /* items are CV indexes + 1 carried in the pointer: nothing to free */
    h.drop = NULL;
    for (size_t k = 0; k < w->n_cands && !rc; k++) {
        uint32_t i = w->cands[k];
        if (lean_of[k] < min || !jm_heap_wants(&h, lean_of[k], i)) continue;
        if ((rc = jm_heap_reserve(&h))) break;
        jm_heap_offer(&h, (winner){ lean_of[k], i, NULL });
    }
    for (size_t i = 0; !dense && i < m->n_cv && h.n < h.k && min <= 0 && !rc; i++) {
        if (w->cand[i]) continue;
        if ((rc = jm_heap_reserve(&h))) break;
        jm_heap_offer(&h, (winner){ 0, i, NULL });
    }
    mout *o = rc ? NULL : jm_calloc(1, sizeof *o);
    if (o) o->hits = jm_calloc(h.n + 1, sizeof *o->hits);
    rc = o && o->hits ? JM_OK : JM_ENOMEM;
    if (!rc) {
        o->posting.input_index = (size_t)rec->seq;
        rc = jm_result_posting(&o->posting, d, l->r->files[rec->file], rec->line);
    }
    if (!rc && h.n) rc = set_slots(w);
    for (size_t k = 0; k < h.n && !rc; k++) {
        jm_rank_result res = {0};
        size_t i = (size_t)h.w[k].seq;
        rc = jm_pbrief_result(l->e, &w->pb, &m->cvs[i].v, &res);
        o->hits[k] = (jm_cv_hit){ 0, i, m->cvs[i].name, res.score, res.coverage };
        jm_result_clear(&res);
        o->n = k + 1;
    }
    jm_free(h.w);
    if (rc) {
        mout_free(o);
        return rc;
    }
    /* shown by the scores shown, ties by CV order */
    qsort(o->hits, o->n, sizeof *o->hits, hit_by_rank);
    for (size_t k = 0; k < o->n; k++) o->hits[k].rank = k + 1;
    *out = o;
    return JM_OK;
}

/* Lists CV i among the candidates, once. */
static void add_cand(mworker *w, uint32_t i)
{
    if (w->cand[i]) return;
    w->cand[i] = 1;
    w->cands[w->n_cands++] = i;
}

/* The posting's norms, by whether the CV counts role terms
 * (jm_cvvec.roles): with them and without; and their reciprocals, for
 * gate_cv(). A norm of 0 (no such term) gives a cosine of 0. */
typedef struct {
    double len[2];            /* [roles]: sqrt of the summed squares */
    double inv[2];            /* [roles]: 1 / len, 0 when len is 0 */
} mnorm;

/* CV i's lean score from its dot product and occupation match: rank's
 * lean path (cosine, then jm_score_combine), bit for bit. */
static double lean_score(const jm_matcher *m, size_t i, double dot, double occ,
                         const mnorm *n)
{
    double len = n->len[m->roles[i]];
    double cosine = len > 0 ? dot / len : 0;
    return jm_score_combine(cosine, occ, m->oa[i]);
}

/* Clears CV i's sums, and keeps it in w->pass (after the n kept) when
 * its bound reaches its gate: lean_score()'s numerator, multiplying by
 * 1 / len where the score divides by len (set_floor() says why that is
 * safe). Returns the new count kept. */
static inline size_t gate_cv(mworker *w, const jm_matcher *m, const mnorm *nm, size_t i,
                             size_t n)
{
    double dot = w->acc[i], occ = w->occ[i];
    w->acc[i] = 0;
    w->occ[i] = 0;
    double t = dot * nm->inv[m->roles[i]] + m->oa[i] * occ;
    if (t < w->gate[i]) return n;
    w->pass[n] = (mpass){ (uint32_t)i, dot, occ };
    return n + 1;
}

/* Per cv mode: each CV sharing something with the posting (dense: every
 * CV) offered to its heap when its lean score can enter (at or above its
 * floor and the minimum score), its sums cleared as they are read (no
 * pass to clear them). Most pairs are ruled out by the gate (gate_cv()),
 * with a multiplication and an addition: the two divisions of the score
 * per CV and posting were this loop's cost. */
static int offer_all(lean *l, mworker *w, const mrun *run, int dense, const mnorm *nm,
                     const jm_doc *d, const brecord *rec)
{
    const jm_matcher *m = run->m;
    size_t n = 0;
    /* two loops rather than one choosing its index: this one runs for
     * every CV and posting */
    if (dense)
        for (size_t i = 0; i < m->n_cv; i++) n = gate_cv(w, m, nm, i, n);
    else
        for (size_t c = 0; c < w->n_cands; c++) n = gate_cv(w, m, nm, w->cands[c], n);
    int rc = JM_OK;
    for (size_t k = 0; k < n && !rc; k++) {
        const mpass *x = &w->pass[k];
        double s = lean_score(m, x->cv, x->dot, x->occ, nm);
        if (s >= w->floor[x->cv]) rc = offer(l, w, run, x->cv, s, d, rec);
    }
    return rc;
}

/* The stream hook: posting d against every CV. */
static int match_posting(lean *l, const jm_doc *d, const char *bytes,
                         const brecord *rec, void **out)
{
    mrun *run = l->r->owner;
    mworker *w = l->ext;
    const jm_matcher *m = run->m;
    (void)bytes;
    int rc = count_posting(l, w, d);
    if (rc) {
        posting_done(w);
        return rc;
    }
    const jm_pside *p = &w->pb.side;

    /* rank's lean path: the norm over the posting's terms in order, with
     * and without its role terms (counted only for CVs with a headline or
     * summary, jm_cvvec.roles), and each CV's dot product, the same
     * products in the same order. The terms' lists are looked up first:
     * those loads do not wait on each other, where inside the loop of
     * sums each waited for the sums before it. */
    double norm2_roles = 0, norm2 = 0;
    size_t touched = 0;       /* index entries visited */
    size_t n_lists = 0;
    for (size_t t = 0; t < p->n; t++) {
        double x = p->terms[t].x;
        norm2_roles += x * x;
        if (!p->terms[t].role) norm2 += x * x;
        uint32_t key = w->pb.keys[t];
        if (key == UINT32_MAX) continue;
        w->lists[n_lists++] = (mlist){ m->start[key], m->start[key + 1], x };
    }
    double *acc = w->acc;
    const uint32_t *cvs = m->cv;
    const double *wt = m->w;
    for (size_t q = 0; q < n_lists; q++) {
        const mlist *ls = &w->lists[q];
        double x = ls->x;
        size_t j = ls->start, end = ls->end;
        touched += end - j;
        for (; j + 2 <= end; j += 2) {   /* distinct CVs: independent sums */
            acc[cvs[j]] += x * wt[j];
            acc[cvs[j + 1]] += x * wt[j + 1];
        }
        if (j < end) acc[cvs[j]] += x * wt[j];
    }
    /* the occupation match, jm_occvec_cosine(cv, posting): the same parts
     * added in the same order (by key) */
    const jm_occvec *po = p->occ;
    for (size_t j = 0; j < po->n && po->norm > 0; j++) {
        uint32_t key = po->e[j].key;
        if (key >= m->n_occ_keys) continue;
        touched += m->occ_start[key + 1] - m->occ_start[key];
        for (size_t q = m->occ_start[key]; q < m->occ_start[key + 1]; q++) {
            uint32_t i = m->occ_cv[q];
            if (m->occ_norm[i] > 0)
                w->occ[i] += m->occ_w[q] * po->e[j].w / (m->occ_norm[i] * po->norm);
        }
    }
    /* The candidates: the CVs sharing a term or an occupation. Any other
     * CV scores exactly 0 (a zero dot product, no occupation match), so
     * when most CVs share something, every CV is a candidate (dense: no
     * list to keep); else they are listed (sparse). */
    int dense = touched >= m->n_cv / 4;
    w->n_cands = 0;
    for (size_t c = 0; dense && run->per_posting && c < m->n_cv; c++)
        w->cands[w->n_cands++] = (uint32_t)c;
    for (size_t q = 0; !dense && q < n_lists; q++)
        for (size_t j = w->lists[q].start; j < w->lists[q].end; j++) add_cand(w, m->cv[j]);
    for (size_t j = 0; !dense && j < po->n && po->norm > 0; j++) {
        uint32_t key = po->e[j].key;
        if (key >= m->n_occ_keys) continue;
        for (size_t q = m->occ_start[key]; q < m->occ_start[key + 1]; q++) add_cand(w, m->occ_cv[q]);
    }
    mnorm nm;
    nm.len[1] = sqrt(norm2_roles);
    nm.len[0] = sqrt(norm2);
    for (int k = 0; k < 2; k++) nm.inv[k] = nm.len[k] > 0 ? 1 / nm.len[k] : 0;

    if (run->per_posting) {
        /* the lean scores in candidate order, for best_cvs() */
        double *lean_of = jm_malloc((w->n_cands + 1) * sizeof *lean_of);
        if (!lean_of) rc = JM_ENOMEM;
        for (size_t c = 0; !rc && c < w->n_cands; c++) {
            uint32_t i = w->cands[c];
            lean_of[c] = lean_score(m, i, acc[i], w->occ[i], &nm);
        }
        if (!rc) rc = best_cvs(l, w, run, lean_of, dense, d, rec, out);
        jm_free(lean_of);
        if (dense) {
            memset(w->acc, 0, m->n_cv * sizeof *w->acc);
            memset(w->occ, 0, m->n_cv * sizeof *w->occ);
        }
        for (size_t c = 0; !dense && c < w->n_cands; c++) {
            w->acc[w->cands[c]] = 0;
            w->occ[w->cands[c]] = 0;
        }
    } else {
        /* the shared floors taken now and then: a posting below one is
         * no winner (floor only rises; one equal to it is offered, as the
         * tie may go either way by input order) */
        if (run->floors && ++w->n_seen % FLOOR_SYNC == 0)
            for (size_t i = 0; i < m->n_cv; i++) {
                double f = atomic_load_explicit(&run->floors[i], memory_order_relaxed);
                if (f > w->floor[i]) set_floor(w, run, i, f);
            }
        rc = offer_all(l, w, run, dense, &nm, d, rec);
        /* the first K postings also enter heaps of CVs sharing nothing,
         * at 0, as they do in rank (dense: they were offered) */
        size_t keep = 0;
        for (size_t q = 0; q < w->n_unfull; q++) {
            uint32_t i = w->unfull[q];
            if (!rc && !dense && !w->cand[i]) rc = offer(l, w, run, i, 0, d, rec);
            if (w->tops[i].n < w->tops[i].k) w->unfull[keep++] = i;
        }
        if (!rc) w->n_unfull = keep;
    }
    for (size_t c = 0; !dense && c < w->n_cands; c++) w->cand[w->cands[c]] = 0;
    w->n_cands = 0;
    mposting_release(w->cur);
    w->cur = NULL;
    posting_done(w);
    return rc;
}

/* The stream hook: a posting's output, in input order. */
static int emit_posting(ranker *r, void *out)
{
    mrun *run = r->owner;
    mout *o = out;
    int stop = run->opt->posting_results &&
               run->opt->posting_results(run->opt->ud, &o->posting, o->hits, o->n);
    mout_free(o);
    return stop;
}

static const jm_stream_hooks per_cv_hooks = { match_posting, NULL, mout_free };
static const jm_stream_hooks per_posting_hooks = { match_posting, emit_posting, mout_free };

/* ---------------------------------------------------------------------- */
/* Runs                                                                    */
/* ---------------------------------------------------------------------- */

/* Per cv mode, after the stream: each CV's winners from every worker, the
 * best K by lean score, shown by brief score (rank's collect()). */
static int report_cvs(ranker *r, const mrun *run)
{
    const jm_matcher *m = run->m;
    winner *all = NULL;
    jm_rank_result *res = NULL;
    size_t cap = 0;
    int rc = JM_OK;
    for (size_t i = 0; i < m->n_cv && !rc; i++) {
        size_t n = 0;
        for (size_t t = 0; t < r->n_workers; t++) n += ((mworker *)r->workers[t].ext)->tops[i].n;
        if (n > cap) {
            jm_free(all);
            jm_free(res);
            all = jm_malloc(n * sizeof *all);
            res = jm_malloc(n * sizeof *res);
            cap = n;
            if (!all || !res) {
                rc = JM_ENOMEM;
                break;
            }
        }
        n = 0;
        for (size_t t = 0; t < r->n_workers; t++) {
            const heap *h = &((mworker *)r->workers[t].ext)->tops[i];
            for (size_t k = 0; k < h->n; k++) all[n++] = h->w[k];
        }
        /* n is 0 for an empty heap, and all may be NULL: qsort(NULL, 0) is
         * undefined */
        if (n > 1) qsort(all, n, sizeof *all, jm_winner_by_rank);
        if (n > run->top) n = run->top;
        for (size_t k = 0; k < n; k++) {
            const mwin *x = all[k].item;
            jm_rank_result *y = &res[k];
            memset(y, 0, sizeof *y);
            y->id = x->p->id;
            y->title = x->p->title;
            y->company = x->p->company;
            y->file = r->files[x->p->file];
            y->line = x->p->line;
            y->score = x->score;
            y->coverage = x->coverage;
            y->n_matched = x->n_matched;
            /* borrowed: the callback only reads them */
            for (size_t q = 0; q < x->n_matched; q++) y->matched[q] = (char *)x->text + x->at[q];
            y->input_index = (size_t)all[k].seq;
        }
        if (n > 1) qsort(res, n, sizeof *res, jm_result_by_rank);
        for (size_t k = 0; k < n; k++) res[k].rank = k + 1;
        if (run->opt->cv_results && run->opt->cv_results(run->opt->ud, i, m->cvs[i].name, res, n))
            rc = JM_ESTOP;
        /* the winners are not needed again */
        for (size_t t = 0; t < r->n_workers; t++) jm_heap_free(&((mworker *)r->workers[t].ext)->tops[i]);
    }
    jm_free(all);
    jm_free(res);
    return rc;
}

/* What a run reads: files, streamed through the workers, or documents in
 * memory, scored on the calling thread. */
typedef struct {
    const char *const *paths; /* files, folders, "-" (when docs is NULL) */
    size_t n_paths;
    const jm_doc *const *docs;   /* documents; NULL: paths */
    size_t n_docs;
} msource;

/* Scores the documents of src on the calling thread (r's one worker); they
 * are named as read from "" (no file). */
static int run_docs(ranker *r, const msource *src)
{
    if (!(r->files = jm_malloc(sizeof *r->files))) return JM_ENOMEM;
    if (!(r->files[0] = jm_strndup("", 0))) return JM_ENOMEM;
    r->n_files = r->cap_files = 1;
    int rc = JM_OK;
    for (size_t i = 0; i < src->n_docs && !rc; i++) {
        brecord rec = { 0, 0, 0, 0, i };
        void *out = NULL;
        rc = r->hooks->posting(&r->workers[0], src->docs[i], NULL, &rec, &out);
        if (!rc) r->stats.ranked++;
        if (out && rc) r->hooks->discard(out);
        else if (out && r->hooks->emit(r, out)) rc = JM_ESTOP;   /* emit frees it */
    }
    return rc;
}

/* A run of m over src: the index built (when CVs were added since), the
 * workers made, the postings scored, the results handed to opt's
 * callbacks. JM_OK, JM_ENOMEM, JM_EIO, JM_ESTOP (the message on the
 * engine). */
static int run_match(jm_matcher *m, const msource *src, const jm_match_options *opt,
                     jm_rank_stats *stats)
{
    static const jm_match_options dflt;
    jm_engine *e = m->e;
    jm_reader reader;
    ranker r = {0};
    if (!opt) opt = &dflt;
    mrun run = { m, opt, opt->rank.top ? opt->rank.top : 10, opt->per == JM_PER_POSTING, NULL };

    jm_error_clear(&e->err);
    if (stats) memset(stats, 0, sizeof *stats);
    r.e = e;
    r.opt = &opt->rank;
    r.hooks = run.per_posting ? &per_posting_hooks : &per_cv_hooks;
    r.owner = &run;
    r.skip = opt->skip;
    r.ud = opt->ud;
    pthread_mutex_init(&r.mu, NULL);
    pthread_cond_init(&r.cv_work, NULL);
    pthread_cond_init(&r.cv_done, NULL);

    /* Everything the workers share is made before they start. */
    int rc = jm_engine_reader(e, &reader);
    if (!rc && e->weights.occupation > 0 && !e->occ_none && !jm_engine_occupations(e))
        rc = JM_ENOMEM;
    if (!rc) rc = build_index(m);
    if (!rc) rc = jm_stream_init(&r, src->docs ? 1 : jm_stream_threads(&opt->rank));
    if (!rc && r.n_workers > 1 && !run.per_posting) {
        if (!(run.floors = jm_malloc((m->n_cv + 1) * sizeof *run.floors))) rc = JM_ENOMEM;
        for (size_t i = 0; !rc && i < m->n_cv; i++) atomic_init(&run.floors[i], -INFINITY);
    }
    for (size_t i = 0; i < r.n_workers && !rc; i++)
        rc = mworker_new(&run, (mworker **)&r.workers[i].ext);
    if (!rc) rc = src->docs ? run_docs(&r, src)
                            : jm_stream_run(&r, src->paths, src->n_paths, opt->progress);
    if (!rc && !run.per_posting) rc = report_cvs(&r, &run);
    if (stats) *stats = r.stats;
    if (rc == JM_ENOMEM) jm_fail(&e->err, rc, "out of memory");
    for (size_t i = 0; i < r.n_workers; i++) mworker_free(r.workers[i].ext);
    jm_free((void *)run.floors);
    jm_stream_free(&r);
    pthread_mutex_destroy(&r.mu);
    pthread_cond_destroy(&r.cv_work);
    pthread_cond_destroy(&r.cv_done);
    return rc;
}

int jm_matcher_run(jm_matcher *m, const char *const *paths, size_t n_paths,
                   const jm_match_options *opt, jm_rank_stats *stats)
{
    msource src = { paths, n_paths, NULL, 0 };
    return run_match(m, &src, opt, stats);
}

int jm_matcher_run_docs(jm_matcher *m, const jm_doc *const *postings, size_t n,
                        const jm_match_options *opt, jm_rank_stats *stats)
{
    static const jm_doc *const none[1] = { NULL };
    msource src = { NULL, 0, n ? postings : none, n };
    return run_match(m, &src, opt, stats);
}

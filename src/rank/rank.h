/* This file declares what ranking (rank.c) shares with matching (match.c):
 * the stream of postings read by the calling thread into a ring of batches
 * and scored by worker threads (each with its own engine), the top-k heap,
 * the brief score of a pair as rank shows it, and the result helpers. A
 * stream with hooks (jm_stream_hooks) hands each posting to its owner
 * instead of rank's lean scorer; the owner's per-posting output is handed
 * back in input order. Internal, never installed. */
#ifndef JM_RANK_H
#define JM_RANK_H

#include "base/common.h"
#include "read/corpus.h"
#include "score/occupation.h"
#include "score/scorer.h"

#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <string.h>

#define BATCH_RECORDS 512
#define BATCH_BYTES (1u << 20)
#define MAX_THREADS 64

/* ---- the top-k heap --------------------------------------------------- */

/* One entry of a heap: an item (owned by the heap) with its rank. */
typedef struct {
    double score;             /* what the heap orders by */
    unsigned long long seq;   /* input order: the earlier wins a tie */
    void *item;               /* the owner's data (rank: the record) */
} winner;

/* A min-heap of the k best: the root is the worst kept. */
typedef struct {
    winner *w;
    size_t n, cap, k;         /* kept, allocated, wanted (--top) */
    void (*drop)(void *item); /* frees an item that falls out (jm_free
                                 when NULL) */
} heap;

/* a ranks below b: lower score, or the same score and later input. */
int jm_winner_below(const winner *a, const winner *b);
/* Would an entry with this score and seq enter the heap? */
int jm_heap_wants(const heap *h, double score, unsigned long long seq);
/* Makes room for one more entry while fewer than k are kept (the array
 * grows by doubling up to k). JM_OK or JM_ENOMEM. */
int jm_heap_reserve(heap *h);
/* Adds c (taking its item) when it ranks among the k best (after
 * jm_heap_reserve); drops what falls out. */
void jm_heap_offer(heap *h, winner c);
/* Drops every item and frees the heap's memory. */
void jm_heap_free(heap *h);
/* qsort order of winners: best first. */
int jm_winner_by_rank(const void *a, const void *b);

/* ---- the stream ------------------------------------------------------- */

/* One record inside a batch: its bytes live in the batch's buffer. */
typedef struct {
    size_t off, len;          /* bytes in batch.data */
    size_t file;              /* index into the stream's file names */
    size_t line;              /* 1-based line, 0 for a whole file */
    unsigned long long seq;   /* input order */
} brecord;

/* A record a worker could not read, reported in input order. */
typedef struct {
    unsigned long long seq;
    size_t file, line;
    char reason[160];
} bfailure;

typedef enum { BATCH_FREE, BATCH_FULL, BATCH_BUSY, BATCH_DONE } batch_state;

typedef struct {
    batch_state state;
    jm_buf data;              /* the records' bytes, back to back */
    brecord *recs;            /* BATCH_RECORDS slots */
    size_t n;                 /* records used */
    bfailure *fails;          /* records that failed to read */
    size_t n_fails, cap_fails;
    unsigned long long scored;/* good records scored */
    void **outs;              /* with hooks: each record's output (NULL
                                 for none), emitted when retired */
    int oom;                  /* an allocation failed while scoring: the run
                                 fails (a record is never dropped for it) */
} batch;

struct ranker;

/* ln(1 + tf) of a recent tf: a posting's weighted counts are a few
 * sums of the section weights (1, 2, 1.5, 3.2...) again and again, and a
 * look-up here costs a fifth of log1p. Zeroed, a slot holds tf 0, whose
 * ln(1 + 0) is 0: right as it stands. */
#define LOG_SLOTS 256
typedef struct {
    double tf;                /* the count */
    double ln1p;              /* log1p(tf) */
} log_slot;

/* log1p(tf), the very value, from logs (LOG_SLOTS of them) when one holds
 * tf, else computed and kept there. */
static inline double log1p_cached(log_slot *logs, double tf)
{
    uint64_t bits;
    memcpy(&bits, &tf, sizeof bits);
    log_slot *sl = &logs[(bits * 0x9E3779B97F4A7C15ULL) >> 56];
    if (sl->tf != tf) {
        sl->tf = tf;
        sl->ln1p = log1p(tf);
    }
    return sl->ln1p;
}

/* ---- pair terms by their words' ids ---------------------------------- */

/* A map from a pair of term ids (a, b) to a uint32_t, open addressing:
 * the hot paths find a posting's pair terms (analyzer.h) by their words'
 * ids, without making the pair's string. */
typedef struct {
    uint64_t *keys;           /* JM_PAIRMAP_EMPTY: a free slot */
    uint32_t *vals;
    size_t n;                 /* keys held */
    size_t mask;              /* slots - 1 (0 before the first use) */
} jm_pairmap;

#define JM_PAIRMAP_EMPTY UINT64_MAX   /* no pair of ids is (~0, ~0) */

static inline uint64_t jm_pair_key(uint32_t a, uint32_t b)
{
    return (uint64_t)a << 32 | b;
}

/* The value slot of key, added with value 0 when new (*added set to 1);
 * NULL when the map cannot grow. */
uint32_t *jm_pairmap_slot(jm_pairmap *m, uint64_t key, int *added);
/* Empties the map, keeping its memory: every slot, or (faster for a
 * few keys in a large map) the n keys it holds, all of them. */
void jm_pairmap_clear(jm_pairmap *m);
void jm_pairmap_clear_keys(jm_pairmap *m, const uint64_t *keys, size_t n);
void jm_pairmap_free(jm_pairmap *m);

/* A posting's pair term i, while it is counted, has the id
 * LEAN_PAIR | i: beyond every analyzer id (a worker renews its analyzer
 * at MAX_WORKER_TERMS), so that it is counted as any term is. */
#define LEAN_PAIR 0x80000000u

/* What the lean scorer keeps of a term for every posting. */
typedef struct {
    double idf;               /* NAN until looked up */
    double cvx;               /* CV weight x_cv / cv_norm */
} lean_weight;

/* A worker: its own engine; rank's lean scorer; the hooks' state. */
typedef struct {
    jm_engine *e;             /* the worker's engine (own analyzer) */
    lean_weight *w;           /* idf and CV weight by term id */
    size_t cap;               /* slots of w */
    uint32_t *touched;        /* the term ids of the current posting, in
                                 the order first seen */
    double *tf;               /* their weighted counts, by index in touched */
    size_t n_touched, cap_touched;
    uint32_t *tslot;          /* index + 1 in touched, by a hash of the term
                                 id (open addressing); 0: empty */
    uint32_t tmask;           /* slots of tslot - 1 */
    double weight;            /* weight of the section being analyzed */
    double role;              /* its role factor (jm_role_factor) */
    int in_role;              /* counting a role term now */
    uint32_t *roles;          /* the section's term ids, when role > 0 */
    size_t n_roles, cap_roles;
    uint64_t *pairs;          /* the section's pair terms (jm_pair_key),
                                 counted after its run */
    size_t n_pairs, cap_pairs;
    uint64_t *pair_keys;      /* the posting's pair terms, by LEAN_PAIR
                                 index */
    size_t n_pair_keys, cap_pair_keys;
    jm_pairmap pair_index;    /* pair key -> LEAN_PAIR index, per posting */
    jm_pairmap cv_pairs;      /* pair key -> 1 + index of the CV's pair
                                 term, or UINT32_MAX: not the CV's */
    jm_occvec p_occ;          /* the current posting's occupations */
    log_slot logs[LOG_SLOTS]; /* recent log1p values, by a hash of tf */
    int oom;
    heap top;                 /* this worker's winners */
    void *ext;                /* the hooks' per-worker state */
    const struct ranker *r;
} lean;

/* What a stream does with its postings instead of rank's lean scorer. */
typedef struct {
    /* Scores good posting d (read by l's engine from bytes[0..len), record
     * rec); *out may receive an output to emit. JM_OK or JM_ENOMEM. */
    int (*posting)(lean *l, const jm_doc *d, const char *bytes,
                   const brecord *rec, void **out);
    /* Called on the calling thread, in input order, with each output;
     * nonzero stops the run (JM_ESTOP). May be NULL. */
    int (*emit)(struct ranker *r, void *out);
    /* Frees an output that was not emitted (the run failed). */
    void (*discard)(void *out);
} jm_stream_hooks;

typedef struct ranker {
    jm_engine *e;
    const jm_rank_options *opt;
    const jm_stream_hooks *hooks;  /* NULL: rank's own lean scorer */
    void *owner;              /* the hooks' owner (the matcher) */
    struct cv_term *cv;       /* sorted by string for bsearch */
    size_t n_cv;
    int cv_roles;             /* the postings' role terms count for the CV
                                 (jm_cvvec.roles) */
    jm_occvec cv_occ;         /* the occupations the CV names */
    char **files;             /* file names seen, by index (owned) */
    size_t n_files, cap_files;
    batch *ring;              /* n_ring batches */
    size_t n_ring;
    size_t next_fill;         /* ring slot the reader fills next */
    size_t next_retire;       /* ring slot retired next (input order) */
    int done;                 /* the reader has finished */
    pthread_mutex_t mu;
    pthread_cond_t cv_work;   /* a batch became FULL, or done */
    pthread_cond_t cv_done;   /* a batch became DONE */
    lean *workers;            /* n_workers lean scorers (0 = the caller) */
    size_t n_workers;
    jm_skip_fn skip;
    void *ud;
    jm_rank_stats stats;
    int stopped;              /* the skip callback asked to stop */
    int oom;                  /* a batch ran out of memory (see batch.oom) */
    uint64_t *seen;           /* de-duplication: hashes of title+description */
    size_t seen_cap, seen_len;
} ranker;

/* The number of worker threads opt asks for (0: all cores), at most
 * MAX_THREADS. */
size_t jm_stream_threads(const jm_rank_options *opt);

/* Makes r's ring and n_threads workers (engines cloned from r->e, which
 * must have parsed its section table and built its occupation table).
 * r->e, r->opt, r->hooks, r->skip and r->ud are set by the caller first.
 * JM_OK or JM_ENOMEM; jm_stream_free() in either case. */
int jm_stream_init(ranker *r, size_t n_threads);

/* Streams the postings of paths[0..n) through the workers: starts the
 * threads, reads, waits for every batch, joins. JM_OK, JM_ENOMEM, JM_EIO
 * (the message on r->e) or JM_ESTOP. */
int jm_stream_run(ranker *r, const char *const *paths, size_t n,
                  jm_progress_fn progress);

/* Frees what jm_stream_init() made (workers' ext is the owner's). */
void jm_stream_free(ranker *r);

/* The name a record goes by: its file, and for a JSON line FILE:LINE. */
const char *jm_record_name(char *buf, size_t size, const char *file,
                           size_t line);

/* ---- results ---------------------------------------------------------- */

/* A posting counted for brief scores (jm_brief_score), with its slots by
 * key; reused from posting to posting. */
typedef struct {
    jm_pcount *pc;            /* counting memory */
    jm_pside side;            /* what jm_brief_score() reads */
    uint32_t *keys;           /* the key of each term (UINT32_MAX: none) */
    size_t cap_keys;
    uint32_t *slot;           /* by key: 1 + term index, 0 when absent */
    size_t cap_slot;
    unsigned char *hit;       /* jm_brief_score()'s scratch */
    jm_occvec occ;            /* the posting's occupations */
    jm_buf disp;              /* a display being folded */
} jm_pbrief;

/* Maps a term of the posting to the key space of the CV vectors (their
 * keys below n_keys), or UINT32_MAX when no CV has it. */
typedef uint32_t (*jm_key_fn)(void *ud, const jm_pterm *t);

/* Counts posting into b with e's analyzer, keys by key(ud, term) (NULL:
 * the analyzer term ids of e, for CV vectors that e counted). JM_OK or
 * JM_ENOMEM. Call jm_pbrief_done() before the next posting. */
int jm_pbrief_load(jm_engine *e, jm_pbrief *b, const jm_doc *posting,
                   size_t n_keys, jm_key_fn key, void *ud);
void jm_pbrief_done(jm_pbrief *b);
void jm_pbrief_free(jm_pbrief *b);
/* Makes b's slots cover keys below n_keys (new ones 0). JM_OK or
 * JM_ENOMEM. */
int jm_pbrief_slots(jm_pbrief *b, size_t n_keys);

/* Fills res's score, coverage and matched terms from the brief score of
 * cv against the loaded posting (e counted it). JM_OK or JM_ENOMEM. */
int jm_pbrief_result(jm_engine *e, jm_pbrief *b, const jm_cvvec *cv,
                     jm_rank_result *res);

/* qsort order of results: by score, then input order. */
int jm_result_by_rank(const void *a, const void *b);
/* Frees the strings of one result. */
void jm_result_clear(jm_rank_result *x);
/* A copy of s (NULL stays NULL); NULL when out of memory. */
char *jm_dup_or_null(const char *s);
/* Sets res's id, title and company from posting d, file and line (the
 * file copied). JM_OK or JM_ENOMEM. */
int jm_result_posting(jm_rank_result *res, const jm_doc *d, const char *file,
                      size_t line);

/* The next good CV of corpus c (files, or lines of JSON Lines) in *cv (the
 * caller frees it), its record in *rec; st->ranked counts it. A bad CV
 * (unreadable, binary, empty, not a resume) goes to skip (may be NULL;
 * nonzero: JM_ESTOP) as FILE[:LINE]: reason and is counted in st->skipped.
 * JM_OK, JM_CORPUS_END, JM_ENOMEM, JM_EIO (the message on e), JM_ESTOP. */
int jm_next_cv(jm_engine *e, jm_corpus *c, jm_record *rec, jm_doc **cv,
               jm_skip_fn skip, void *ud, jm_rank_stats *st);

#endif

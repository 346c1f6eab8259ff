/* src/model/: the background model, document frequencies counted over
 * postings read by read/ and analyzed by text/ (which it includes, with
 * base/).
 *
 * This file contains the background model: counting document frequencies
 * of terms and of adjacent-term pairs over a corpus (model build), adding
 * counts files (merge), choosing phrases and pruning rare terms (finalize),
 * and loading a finalized model for the engine (idf look-ups).
 *
 * File format (text, so that models can be diffed; one header line, then a
 * body of lines sorted by their bytes):
 *
 *   jobmatch-model 1 kind=counts lang=english analyzer=<16 hex> \
 *       lexicon=<16 hex> stopwords=<16 hex> docs=N terms=T pairs=P \
 *       fnv1a64=<16 hex>
 *   TERM \t DF \t CF              (T lines, sorted)
 *   A \t B \t DF \t CF            (P lines: B directly after A; sorted)
 *
 * A finalized model says kind=final, carries its parameters (min-df,
 * phrase-min-df, phrase-min-g2), drops CF, keeps the terms with DF >=
 * min-df and, as pairs (phrases=P), only the chosen phrases:
 *
 *   TERM \t DF
 *   A \t B \t DF
 *
 * DF is the number of documents with the term (or with A directly followed
 * by B in one clause); CF the number of occurrences. fnv1a64 is FNV-1a 64 of
 * every byte after the header's newline, so a damaged or truncated body is
 * refused; the line counts are checked too. Counts files hold exact counts
 * and no paths or times, so merging the files of shards gives the very
 * bytes that counting the whole corpus gives. */
#include "model/model.h"
#include "read/corpus.h"
#include "read/document.h"
#include "base/embedded.h"
#include "base/strtab.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define KIND_COUNTS 0
#define KIND_FINAL 1

/* ---------------------------------------------------------------------- */
/* Analyzer access (one place to adapt to the analyzer's API)              */
/* ---------------------------------------------------------------------- */

/* One term as the model counts it. */
typedef struct {
    const char *term;   /* term bytes (valid during the callback) */
    size_t len;
    int joins_prev;     /* directly follows the previous term, same clause */
    uint32_t id;        /* the analyzer's id of the term */
} mterm;

typedef int (*mterm_fn)(void *ud, const mterm *t);

/* State of the adapter over jm_analyzer_terms(). */
typedef struct {
    mterm_fn fn;
    void *ud;
} adapt;

static int adapt_term(void *ud, const jm_aterm *t)
{
    adapt *a = ud;
    if (t->pub.flags & JM_TOKEN_PHRASE) return 0;   /* counted as a pair */
    mterm m = { t->pub.term, t->pub.term_len, t->joins_prev != 0, t->term_id };
    return a->fn(a->ud, &m);
}

/* Calls fn for each term of text (phrase tokens excluded). */
static int analyze_terms(const jm_model_env *env, const char *text, size_t len,
                         mterm_fn fn, void *ud)
{
    adapt a = { fn, ud };
    return jm_analyzer_terms(env->an, text, len, adapt_term, &a);
}

/* ---------------------------------------------------------------------- */
/* Small helpers                                                           */
/* ---------------------------------------------------------------------- */

static uint64_t mix64(uint64_t x)
{
    x ^= x >> 30; x *= 0xBF58476D1CE4E5B9ULL;
    x ^= x >> 27; x *= 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
}

/* Appends v in decimal. */
static int put_u64(jm_buf *b, unsigned long long v)
{
    char tmp[24];
    size_t n = 0;
    do { tmp[sizeof tmp - 1 - n++] = (char)('0' + v % 10); v /= 10; } while (v);
    return jm_buf_append(b, tmp + sizeof tmp - n, n);
}

/* Parses a decimal field [p, end); -1 on junk or overflow. */
static long long parse_u(const char *p, const char *end)
{
    if (p == end || end - p > 18) return -1;
    long long v = 0;
    for (; p < end; p++) {
        if (*p < '0' || *p > '9') return -1;
        v = v * 10 + (*p - '0');
    }
    return v;
}

/* A term can go into a file when it has no control bytes (tab, newline). */
static int storable(const char *s, size_t n)
{
    if (!n) return 0;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] < 0x20) return 0;
    return 1;
}

/* ---------------------------------------------------------------------- */
/* Counter: terms and pairs with their df and cf                           */
/* ---------------------------------------------------------------------- */

typedef struct {
    uint32_t off, len;     /* key bytes in the counter's arena */
    uint64_t h;            /* jm_hash of the key */
    uint64_t df, cf;       /* documents, occurrences */
    uint64_t last;         /* last document counted (build) */
} cterm;

typedef struct {
    uint32_t a, b;         /* term indexes: b directly follows a */
    uint64_t df, cf, last; /* as for terms */
} cpair;

typedef struct {
    jm_buf keys;            /* term bytes, back to back */
    cterm *t;               /* terms, in first-seen order */
    size_t nt, capt;
    uint32_t *tslot;        /* term index + 1 per slot, 0 = empty */
    size_t tmask;
    cpair *p;               /* pairs */
    size_t np, capp;
    uint32_t *pslot;
    size_t pmask;
    uint64_t docs;          /* documents counted */
} counter;

static void counter_free(counter *c)
{
    jm_buf_free(&c->keys);
    jm_free(c->t);
    jm_free(c->tslot);
    jm_free(c->p);
    jm_free(c->pslot);
    memset(c, 0, sizeof *c);
}

static const char *ckey(const counter *c, uint32_t i) { return c->keys.data + c->t[i].off; }

/* Grows a slot table to hold n entries at load <= 1/2, rehashing. */
static int rehash_terms(counter *c, size_t need)
{
    size_t cap = c->tmask ? c->tmask + 1 : 1024;
    while (cap < need * 2) cap *= 2;
    if (c->tmask && cap == c->tmask + 1) return JM_OK;
    uint32_t *s = jm_calloc(cap, sizeof *s);
    if (!s) return JM_ENOMEM;
    for (size_t i = 0; i < c->nt; i++) {
        size_t k = (size_t)c->t[i].h & (cap - 1);
        while (s[k]) k = (k + 1) & (cap - 1);
        s[k] = (uint32_t)i + 1;
    }
    jm_free(c->tslot);
    c->tslot = s;
    c->tmask = cap - 1;
    return JM_OK;
}

static int rehash_pairs(counter *c, size_t need)
{
    size_t cap = c->pmask ? c->pmask + 1 : 1024;
    while (cap < need * 2) cap *= 2;
    if (c->pmask && cap == c->pmask + 1) return JM_OK;
    uint32_t *s = jm_calloc(cap, sizeof *s);
    if (!s) return JM_ENOMEM;
    for (size_t i = 0; i < c->np; i++) {
        uint64_t h = mix64((uint64_t)c->p[i].a << 32 | c->p[i].b);
        size_t k = (size_t)h & (cap - 1);
        while (s[k]) k = (k + 1) & (cap - 1);
        s[k] = (uint32_t)i + 1;
    }
    jm_free(c->pslot);
    c->pslot = s;
    c->pmask = cap - 1;
    return JM_OK;
}

/* The index of term s (added with zero counts when new), or -1 when out of
 * memory (or past 2^32 - 2 terms). */
static long counter_term(counter *c, const char *s, size_t n)
{
    uint64_t h = jm_hash(s, n);
    if (c->tmask) {
        for (size_t k = (size_t)h & c->tmask;; k = (k + 1) & c->tmask) {
            uint32_t id = c->tslot[k];
            if (!id) break;
            const cterm *t = &c->t[id - 1];
            if (t->h == h && t->len == n && !memcmp(ckey(c, id - 1), s, n))
                return (long)id - 1;
        }
    }
    if (c->nt >= UINT32_MAX - 2 || c->keys.len + n + 1 > UINT32_MAX) return -1;
    if ((c->nt + 1) * 2 > (c->tmask ? c->tmask + 1 : 0) && rehash_terms(c, c->nt + 1))
        return -1;
    if (jm_grow(&c->t, &c->capt, c->nt, sizeof *c->t, 1024)) return -1;
    size_t off = c->keys.len;
    if (jm_buf_append(&c->keys, s, n) || jm_buf_putc(&c->keys, '\0')) return -1;
    cterm *t = &c->t[c->nt];
    memset(t, 0, sizeof *t);
    t->off = (uint32_t)off;
    t->len = (uint32_t)n;
    t->h = h;
    size_t k = (size_t)h & c->tmask;
    while (c->tslot[k]) k = (k + 1) & c->tmask;
    c->tslot[k] = (uint32_t)c->nt + 1;
    return (long)c->nt++;
}

/* The index of pair (a, b), added when new; -1 when out of memory. */
static long counter_pair(counter *c, uint32_t a, uint32_t b)
{
    uint64_t h = mix64((uint64_t)a << 32 | b);
    if (c->pmask) {
        for (size_t k = (size_t)h & c->pmask;; k = (k + 1) & c->pmask) {
            uint32_t id = c->pslot[k];
            if (!id) break;
            if (c->p[id - 1].a == a && c->p[id - 1].b == b) return (long)id - 1;
        }
    }
    if (c->np >= UINT32_MAX - 2) return -1;
    if ((c->np + 1) * 2 > (c->pmask ? c->pmask + 1 : 0) && rehash_pairs(c, c->np + 1))
        return -1;
    if (jm_grow(&c->p, &c->capp, c->np, sizeof *c->p, 1024)) return -1;
    cpair *p = &c->p[c->np];
    memset(p, 0, sizeof *p);
    p->a = a;
    p->b = b;
    size_t k = (size_t)h & c->pmask;
    while (c->pslot[k]) k = (k + 1) & c->pmask;
    c->pslot[k] = (uint32_t)c->np + 1;
    return (long)c->np++;
}

/* ---------------------------------------------------------------------- */
/* The analyzer's description, as written in headers                       */
/* ---------------------------------------------------------------------- */

typedef struct {
    char lang[64];            /* Snowball language */
    uint64_t analyzer;        /* analyzer fingerprint */
    uint64_t lexicon;         /* hash of the lexicon it was given */
    uint64_t stopwords;       /* hash of the stopword list */
} adesc;

static void describe(const jm_model_env *env, adesc *d)
{
    memset(d, 0, sizeof *d);
    snprintf(d->lang, sizeof d->lang, "%s", jm_analyzer_lang(env->an));
    d->analyzer = jm_analyzer_fingerprint(env->an);
    d->lexicon = env->lexicon_hash;
    d->stopwords = env->stopwords_hash;
}

/* A parsed header. */
typedef struct {
    int version;              /* format version */
    int kind;                 /* KIND_COUNTS or KIND_FINAL */
    adesc an;                 /* the analyzer that counted */
    unsigned long long docs, terms, pairs;   /* counts of the body */
    uint64_t sum;             /* fnv1a64 of the body */
    long long min_df, phrase_min_df;         /* finalize parameters */
    double phrase_min_g2;
    size_t header_len;        /* bytes of the header line, newline included */
} mheader;

/* Writes the header line for h into b. */
static int put_header(jm_buf *b, const mheader *h)
{
    int rc = jm_buf_printf(b,
        "jobmatch-model %d kind=%s lang=%s analyzer=%016llx lexicon=%016llx "
        "stopwords=%016llx docs=%llu terms=%llu %s=%llu",
        JM_MODEL_FORMAT, h->kind == KIND_FINAL ? "final" : "counts", h->an.lang,
        (unsigned long long)h->an.analyzer, (unsigned long long)h->an.lexicon,
        (unsigned long long)h->an.stopwords, h->docs, h->terms,
        h->kind == KIND_FINAL ? "phrases" : "pairs", h->pairs);
    if (!rc && h->kind == KIND_FINAL)
        rc = jm_buf_printf(b, " min-df=%lld phrase-min-df=%lld phrase-min-g2=%g",
                           h->min_df, h->phrase_min_df, h->phrase_min_g2);
    if (!rc) rc = jm_buf_printf(b, " fnv1a64=%016llx\n", (unsigned long long)h->sum);
    return rc;
}

static int hex64(const char *s, size_t n, uint64_t *out)
{
    if (n != 16) return -1;
    uint64_t v = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
        if (d < 0) return -1;
        v = v << 4 | (uint64_t)d;
    }
    *out = v;
    return 0;
}

/* Parses and checks the header and the checksum of buf. */
static int parse_header(const jm_model_env *env, const char *buf, size_t len,
                        const char *name, mheader *h)
{
    memset(h, 0, sizeof *h);
    static const char magic[] = "jobmatch-model ";
    if (len < sizeof magic - 1 || memcmp(buf, magic, sizeof magic - 1))
        return jm_fail(env->err, JM_EMODEL, "%s: not a jobmatch model (no "
                       "'jobmatch-model' header)", name);
    const char *nl = memchr(buf, '\n', len);
    if (!nl) return jm_fail(env->err, JM_EMODEL, "%s: truncated model (no end of header)", name);
    const char *p = buf + sizeof magic - 1;
    char *endp;
    errno = 0;
    long v = strtol(p, &endp, 10);
    if (endp == p || v <= 0 || endp > nl)
        return jm_fail(env->err, JM_EMODEL, "%s: damaged model header (no version)", name);
    if (v != JM_MODEL_FORMAT)
        return jm_fail(env->err, JM_EMODEL, "%s: model format version %ld; this jobmatch "
                       "reads version %d (rebuild the model)", name, v, JM_MODEL_FORMAT);
    h->version = (int)v;
    unsigned seen = 0;
    enum { S_KIND = 1, S_LANG = 2, S_AN = 4, S_LEX = 8, S_STOP = 16, S_DOCS = 32,
           S_TERMS = 64, S_PAIRS = 128, S_SUM = 256 };
    p = endp;
    while (p < nl) {
        while (p < nl && *p == ' ') p++;
        if (p >= nl) break;
        const char *w = p;
        while (p < nl && *p != ' ') p++;
        const char *eq = memchr(w, '=', (size_t)(p - w));
        if (!eq) return jm_fail(env->err, JM_EMODEL, "%s: damaged model header near '%.*s'",
                                name, (int)JM_MIN(p - w, 40), w);
        size_t kl = (size_t)(eq - w), vl = (size_t)(p - eq - 1);
        const char *val = eq + 1;
        int bad = 0;
#define KEY(s) (kl == sizeof(s) - 1 && !memcmp(w, s, kl))
        if (KEY("kind")) {
            if (vl == 6 && !memcmp(val, "counts", 6)) h->kind = KIND_COUNTS;
            else if (vl == 5 && !memcmp(val, "final", 5)) h->kind = KIND_FINAL;
            else bad = 1;
            seen |= S_KIND;
        } else if (KEY("lang")) {
            if (vl == 0 || vl >= sizeof h->an.lang) bad = 1;
            else { memcpy(h->an.lang, val, vl); h->an.lang[vl] = '\0'; }
            seen |= S_LANG;
        } else if (KEY("analyzer")) { bad = hex64(val, vl, &h->an.analyzer); seen |= S_AN; }
        else if (KEY("lexicon")) { bad = hex64(val, vl, &h->an.lexicon); seen |= S_LEX; }
        else if (KEY("stopwords")) { bad = hex64(val, vl, &h->an.stopwords); seen |= S_STOP; }
        else if (KEY("fnv1a64")) { bad = hex64(val, vl, &h->sum); seen |= S_SUM; }
        else if (KEY("docs") || KEY("terms") || KEY("pairs") || KEY("phrases") ||
                 KEY("min-df") || KEY("phrase-min-df")) {
            long long n = parse_u(val, val + vl);
            bad = n < 0;
            if (KEY("docs")) { h->docs = (unsigned long long)n; seen |= S_DOCS; }
            else if (KEY("terms")) { h->terms = (unsigned long long)n; seen |= S_TERMS; }
            else if (KEY("pairs") || KEY("phrases")) { h->pairs = (unsigned long long)n; seen |= S_PAIRS; }
            else if (KEY("min-df")) h->min_df = n;
            else h->phrase_min_df = n;
        } else if (KEY("phrase-min-g2")) {
            h->phrase_min_g2 = strtod(val, &endp);
            bad = endp != p;
        }   /* unknown keys: informational, ignored */
#undef KEY
        if (bad) return jm_fail(env->err, JM_EMODEL, "%s: damaged model header: bad '%.*s'",
                                name, (int)JM_MIN(p - w, 60), w);
    }
    if (seen != 511u)
        return jm_fail(env->err, JM_EMODEL, "%s: damaged model header (a field is missing)", name);
    h->header_len = (size_t)(nl - buf) + 1;
    uint64_t sum = jm_fnv1a64(buf + h->header_len, len - h->header_len, JM_FNV_SEED);
    if (sum != h->sum)
        return jm_fail(env->err, JM_EMODEL, "%s: damaged or truncated model (checksum of "
                       "the body is %016llx, the header says %016llx)", name,
                       (unsigned long long)sum, (unsigned long long)h->sum);
    return JM_OK;
}

/* Calls fn for every body line: its fields split at tabs (a, b: the term or
 * the pair's two terms; nums: the numbers after them). Checks the line
 * counts, field counts and sort order. */
typedef int (*line_fn)(void *ud, int is_pair, const char *a, size_t alen,
                       const char *b, size_t blen, const long long *nums);

static int each_line(const jm_model_env *env, const char *buf, size_t len, const char *name,
                     const mheader *h, line_fn fn, void *ud)
{
    const char *p = buf + h->header_len, *end = buf + len;
    const char *prev = NULL;
    size_t prev_len = 0;
    unsigned long long lineno = 1, n_terms = 0, n_pairs = 0;
    int nnum = h->kind == KIND_COUNTS ? 2 : 1;
    if (p < end && end[-1] != '\n')
        return jm_fail(env->err, JM_EMODEL, "%s: truncated model (no newline at the end)", name);
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *f[6];
        size_t nf = 0;
        lineno++;
        f[nf++] = p;
        for (const char *q = p; q < nl; ) {
            const char *t = memchr(q, '\t', (size_t)(nl - q));
            if (!t) break;
            if (nf == 5) { nf = 6; break; }
            f[nf++] = t + 1;
            q = t + 1;
        }
        size_t nterm = nf - (size_t)nnum;   /* 1: a term, 2: a pair */
        int is_pair = n_terms >= h->terms;
        if (nf > 5 || nterm != (size_t)(is_pair ? 2 : 1))
            return jm_fail(env->err, JM_EMODEL, "%s:%llu: damaged model line (%zu fields)",
                           name, lineno, nf);
        long long nums[2] = { 0, 0 };
        for (int k = 0; k < nnum; k++) {
            const char *s = f[nterm + (size_t)k];
            const char *se = (nterm + (size_t)k + 1 < nf) ? f[nterm + (size_t)k + 1] - 1 : nl;
            nums[k] = parse_u(s, se);
            if (nums[k] <= 0)
                return jm_fail(env->err, JM_EMODEL, "%s:%llu: damaged model line (bad count)",
                               name, lineno);
        }
        if (nnum == 2 && nums[1] < nums[0])
            return jm_fail(env->err, JM_EMODEL, "%s:%llu: damaged model line (occurrences "
                           "below documents)", name, lineno);
        if ((unsigned long long)nums[0] > h->docs)
            return jm_fail(env->err, JM_EMODEL, "%s:%llu: damaged model line (more documents "
                           "than the model has)", name, lineno);
        const char *a = f[0], *b = NULL;
        size_t alen = (size_t)(f[1] - 1 - f[0]), blen = 0;
        if (is_pair) { b = f[1]; blen = (size_t)(f[2] - 1 - f[1]); }
        size_t klen = (size_t)(f[nterm] - 1 - p);   /* the key: "a" or "a\tb" */
        if (!alen || (is_pair && !blen))
            return jm_fail(env->err, JM_EMODEL, "%s:%llu: damaged model line (empty term)",
                           name, lineno);
        if (prev && n_pairs + n_terms != h->terms) {
            int c = memcmp(prev, p, JM_MIN(prev_len, klen));
            if (c > 0 || (c == 0 && prev_len >= klen))
                return jm_fail(env->err, JM_EMODEL, "%s:%llu: damaged model (lines out of "
                               "order)", name, lineno);
        }
        prev = p;
        prev_len = klen;
        if (is_pair) n_pairs++; else n_terms++;
        if (n_pairs > h->pairs)
            return jm_fail(env->err, JM_EMODEL, "%s:%llu: damaged model (more lines than "
                           "the header says)", name, lineno);
        int rc = fn(ud, is_pair, a, alen, b, blen, nums);
        if (rc) return rc;
        p = nl + 1;
    }
    if (n_terms != h->terms || n_pairs != h->pairs)
        return jm_fail(env->err, JM_EMODEL, "%s: truncated model (%llu terms and %llu pairs; "
                       "the header says %llu and %llu)", name, n_terms, n_pairs,
                       h->terms, h->pairs);
    return JM_OK;
}

/* ---------------------------------------------------------------------- */
/* Writing                                                                 */
/* ---------------------------------------------------------------------- */

/* Sort keys (self-contained, so that sorting needs no global state). */
typedef struct {
    const char *s;         /* term bytes */
    uint32_t len;          /* their length */
    uint32_t idx;          /* term index in the counter */
} skey;

typedef struct {
    uint32_t ra, rb;       /* sort ranks of the pair's terms */
    uint32_t idx;          /* pair index in the counter */
} pkey;

static int cmp_bytes(const char *a, size_t al, const char *b, size_t bl)
{
    int c = memcmp(a, b, JM_MIN(al, bl));
    return c ? c : (al > bl) - (al < bl);
}

static int cmp_skey(const void *x, const void *y)
{
    const skey *a = x, *b = y;
    return cmp_bytes(a->s, a->len, b->s, b->len);
}

static int cmp_pkey(const void *x, const void *y)
{
    const pkey *a = x, *b = y;
    if (a->ra != b->ra) return a->ra < b->ra ? -1 : 1;
    return (a->rb > b->rb) - (a->rb < b->rb);
}

/* Which terms and pairs go into a file, and how. */
typedef struct {
    int kind;              /* KIND_COUNTS or KIND_FINAL */
    const unsigned char *keep_term;   /* NULL: all; else 1 per term kept */
    const unsigned char *keep_pair;   /* NULL: all; else 1 per pair kept */
} wspec;

/* Writes data to path atomically (a temporary file renamed over it). */
static int write_file(const jm_model_env *env, const char *path, const jm_buf *head,
                      const jm_buf *body)
{
    jm_buf tmp = {0};
    if (jm_buf_printf(&tmp, "%s.tmp%ld", path, (long)getpid()))
        return jm_fail(env->err, JM_ENOMEM, "out of memory");
    FILE *f = fopen(tmp.data, "wb");
    if (!f) {
        int rc = jm_fail(env->err, JM_EIO, "%s: %s", path, strerror(errno));
        jm_buf_free(&tmp);
        return rc;
    }
    int ok = fwrite(head->data, 1, head->len, f) == head->len &&
             (!body->len || fwrite(body->data, 1, body->len, f) == body->len);
    ok = (fclose(f) == 0) && ok;
    if (!ok || rename(tmp.data, path) != 0) {
        int rc = jm_fail(env->err, JM_EIO, "%s: write error: %s", path, strerror(errno));
        remove(tmp.data);
        jm_buf_free(&tmp);
        return rc;
    }
    jm_buf_free(&tmp);
    return JM_OK;
}

/* Writes counter c as a model file; h gives the header fields other than
 * the counts and checksum. */
static int write_model(const jm_model_env *env, const counter *c, mheader *h,
                       const wspec *ws, const char *path, jm_model_stats *st)
{
    skey *order = jm_malloc((c->nt + 1) * sizeof *order);
    uint32_t *rank = jm_malloc((c->nt + 1) * sizeof *rank);
    pkey *porder = jm_malloc((c->np + 1) * sizeof *porder);
    jm_buf body = {0}, head = {0};
    int rc = JM_ENOMEM;
    if (!order || !rank || !porder) goto done;
    for (size_t i = 0; i < c->nt; i++)
        order[i] = (skey){ c->keys.data + c->t[i].off, c->t[i].len, (uint32_t)i };
    qsort(order, c->nt, sizeof *order, cmp_skey);
    for (size_t i = 0; i < c->nt; i++) rank[order[i].idx] = (uint32_t)i;
    for (size_t i = 0; i < c->np; i++)
        porder[i] = (pkey){ rank[c->p[i].a], rank[c->p[i].b], (uint32_t)i };
    qsort(porder, c->np, sizeof *porder, cmp_pkey);
    h->terms = h->pairs = 0;
    if (jm_buf_reserve(&body, c->keys.len + c->nt * 16 + c->np * 24)) goto done;
    for (size_t i = 0; i < c->nt; i++) {
        const cterm *t = &c->t[order[i].idx];
        if (ws->keep_term && !ws->keep_term[order[i].idx]) continue;
        if (jm_buf_append(&body, c->keys.data + t->off, t->len) ||
            jm_buf_putc(&body, '\t') || put_u64(&body, t->df)) goto done;
        if (ws->kind == KIND_COUNTS &&
            (jm_buf_putc(&body, '\t') || put_u64(&body, t->cf))) goto done;
        if (jm_buf_putc(&body, '\n')) goto done;
        h->terms++;
    }
    for (size_t i = 0; i < c->np; i++) {
        const cpair *p = &c->p[porder[i].idx];
        if (ws->keep_pair && !ws->keep_pair[porder[i].idx]) continue;
        const cterm *a = &c->t[p->a], *b = &c->t[p->b];
        if (jm_buf_append(&body, c->keys.data + a->off, a->len) ||
            jm_buf_putc(&body, '\t') ||
            jm_buf_append(&body, c->keys.data + b->off, b->len) ||
            jm_buf_putc(&body, '\t') || put_u64(&body, p->df)) goto done;
        if (ws->kind == KIND_COUNTS &&
            (jm_buf_putc(&body, '\t') || put_u64(&body, p->cf))) goto done;
        if (jm_buf_putc(&body, '\n')) goto done;
        h->pairs++;
    }
    h->kind = ws->kind;
    h->docs = c->docs;
    h->sum = jm_fnv1a64(body.data ? body.data : "", body.len, JM_FNV_SEED);
    if (put_header(&head, h)) goto done;
    rc = write_file(env, path, &head, &body);
    if (!rc && st) {
        st->docs = c->docs;
        st->terms = h->terms;
        st->pairs = h->pairs;
    }
done:
    if (rc == JM_ENOMEM) jm_fail(env->err, rc, "out of memory");
    jm_free(order);
    jm_free(rank);
    jm_free(porder);
    jm_buf_free(&body);
    jm_buf_free(&head);
    return rc;
}

/* ---------------------------------------------------------------------- */
/* Finalizing: pruning and phrases                                         */
/* ---------------------------------------------------------------------- */

/* k ln(k / expected), 0 for k = 0. */
static double llr_term(double k, double expected)
{
    return k > 0 ? k * log(k / expected) : 0.0;
}

/* Dunning's G2 for the 2x2 table of adjacent-pair positions: k11 = A B,
 * k12 = A then another term, k21 = another term then B, k22 = the rest. */
static double g2(double k11, double k12, double k21, double k22)
{
    double n = k11 + k12 + k21 + k22;
    double r1 = k11 + k12, r2 = k21 + k22, c1 = k11 + k21, c2 = k12 + k22;
    if (n <= 0 || r1 <= 0 || r2 <= 0 || c1 <= 0 || c2 <= 0) return 0.0;
    return 2.0 * (llr_term(k11, r1 * c1 / n) + llr_term(k12, r1 * c2 / n) +
                  llr_term(k21, r2 * c1 / n) + llr_term(k22, r2 * c2 / n));
}

static void fin_defaults(const jm_finalize_options *in, jm_finalize_options *out)
{
    static const jm_finalize_options none;
    *out = in ? *in : none;
    if (out->min_df <= 0) out->min_df = JM_MODEL_MIN_DF;
    if (out->phrase_min_df <= 0) out->phrase_min_df = JM_MODEL_PHRASE_MIN_DF;
    if (!(out->phrase_min_g2 > 0)) out->phrase_min_g2 = JM_MODEL_PHRASE_MIN_G2;
}

/* Writes the finalized model of counts c. */
static int write_final(const jm_model_env *env, const counter *c, const adesc *an,
                       const jm_finalize_options *opts, const char *path,
                       jm_model_stats *st)
{
    jm_finalize_options o;
    fin_defaults(opts, &o);
    unsigned char *kt = jm_calloc(c->nt + 1, 1), *kp = jm_calloc(c->np + 1, 1);
    double *left = jm_calloc(c->nt + 1, sizeof *left);
    double *right = jm_calloc(c->nt + 1, sizeof *right);
    int rc = JM_ENOMEM;
    if (!kt || !kp || !left || !right) {
        jm_fail(env->err, rc, "out of memory");
        goto done;
    }
    double total = 0;
    for (size_t i = 0; i < c->np; i++) {
        left[c->p[i].a] += (double)c->p[i].cf;
        right[c->p[i].b] += (double)c->p[i].cf;
        total += (double)c->p[i].cf;
    }
    for (size_t i = 0; i < c->nt; i++)
        kt[i] = c->t[i].df >= (uint64_t)o.min_df;
    for (size_t i = 0; i < c->np; i++) {
        const cpair *p = &c->p[i];
        if (p->a == p->b || p->df < (uint64_t)o.phrase_min_df) continue;
        double k11 = (double)p->cf, k12 = left[p->a] - k11, k21 = right[p->b] - k11;
        double k22 = total - k11 - k12 - k21;
        if (k11 * total <= left[p->a] * right[p->b]) continue;   /* not attracted */
        if (g2(k11, k12, k21, k22 < 0 ? 0 : k22) >= o.phrase_min_g2) kp[i] = 1;
    }
    mheader h;
    memset(&h, 0, sizeof h);
    h.an = *an;
    h.min_df = o.min_df;
    h.phrase_min_df = o.phrase_min_df;
    h.phrase_min_g2 = o.phrase_min_g2;
    wspec ws = { KIND_FINAL, kt, kp };
    rc = write_model(env, c, &h, &ws, path, st);
done:
    jm_free(kt);
    jm_free(kp);
    jm_free(left);
    jm_free(right);
    return rc;
}

/* ---------------------------------------------------------------------- */
/* Building                                                                */
/* ---------------------------------------------------------------------- */

/* State of a build. */
typedef struct {
    counter c;              /* the counts */
    long prev;              /* previous term of the clause, -1 at its start */
    int oom;                /* an allocation failed */
    uint32_t *idx;          /* analyzer term id -> counter index + 1 (0: not
                               yet looked up; UINT32_MAX: not storable) */
    size_t n_idx;           /* ids covered by idx */
} builder;

/* The counter index of term t, found by its analyzer id (one array look-up
 * for a term seen before). -1 when out of memory, -2 when not storable. */
static long term_index(builder *b, const mterm *t)
{
    if (t->id >= b->n_idx) {
        size_t n = b->n_idx ? b->n_idx : 4096;
        while (n <= t->id) n *= 2;
        uint32_t *ni = jm_realloc(b->idx, n * sizeof *ni);
        if (!ni) return -1;
        memset(ni + b->n_idx, 0, (n - b->n_idx) * sizeof *ni);
        b->idx = ni;
        b->n_idx = n;
    }
    uint32_t v = b->idx[t->id];
    if (v == UINT32_MAX) return -2;
    if (v) return (long)v - 1;
    if (!storable(t->term, t->len)) { b->idx[t->id] = UINT32_MAX; return -2; }
    long i = counter_term(&b->c, t->term, t->len);
    if (i >= 0) b->idx[t->id] = (uint32_t)i + 1;
    return i;
}

static int count_term(void *ud, const mterm *t)
{
    builder *b = ud;
    long i = term_index(b, t);
    if (i == -2) { b->prev = -1; return 0; }
    if (i < 0) { b->oom = 1; return 1; }
    cterm *ct = &b->c.t[i];
    ct->cf++;
    if (ct->last != b->c.docs) { ct->last = b->c.docs; ct->df++; }
    if (t->joins_prev && b->prev >= 0) {
        long j = counter_pair(&b->c, (uint32_t)b->prev, (uint32_t)i);
        if (j < 0) { b->oom = 1; return 1; }
        cpair *cp = &b->c.p[j];
        cp->cf++;
        if (cp->last != b->c.docs) { cp->last = b->c.docs; cp->df++; }
    }
    b->prev = i;
    return 0;
}

int jm_model_build_file(const jm_model_env *env, const char *const *paths, size_t n,
                         const char *out_path, const jm_finalize_options *fin,
                         jm_skip_fn skip, void *ud, jm_model_stats *stats)
{
    builder b;
    jm_corpus *cp = NULL;
    jm_record rec;
    unsigned long long skipped = 0;
    int rc;
    memset(&b, 0, sizeof b);
    if (stats) memset(stats, 0, sizeof *stats);
    jm_error_clear(env->err);
    if (jm_corpus_open(paths, n, &cp)) return jm_fail(env->err, JM_ENOMEM, "out of memory");
    while ((rc = jm_corpus_next(cp, &rec)) == JM_OK) {
        const char *reason = rec.reason;
        jm_doc *d = NULL;
        if (!reason && jm_doc_parse(env->reader, JM_DOC_POSTING, rec.data, rec.len,
                                    rec.file, 0, &d))
            reason = env->err->msg;
        if (reason) {
            skipped++;
            if (skip && skip(ud, rec.file, rec.line, reason)) { rc = JM_ESTOP; break; }
            continue;
        }
        b.c.docs++;
        size_t ns;
        jm_doc_sections(d, &ns);
        for (size_t i = 0; i < ns && !rc; i++) {
            size_t len;
            const char *text = jm_doc_section_text(d, i, &len);
            b.prev = -1;
            rc = analyze_terms(env, text, len, count_term, &b);
        }
        jm_doc_free(d);
        if (b.oom) rc = JM_ENOMEM;
        if (rc) break;
    }
    if (rc == JM_CORPUS_END) rc = JM_OK;
    else if (rc == JM_EIO) jm_fail(env->err, rc, "%s", jm_corpus_errmsg(cp));
    else if (rc == JM_ENOMEM) jm_fail(env->err, rc, "out of memory");
    else if (rc == JM_ESTOP) jm_fail(env->err, rc, "stopped");
    else if (rc) jm_fail(env->err, rc, "%s", env->err->msg[0] ? env->err->msg : jm_strerror(rc));
    jm_corpus_close(cp);
    if (!rc) {
        adesc an;
        describe(env, &an);
        if (fin) {
            rc = write_final(env, &b.c, &an, fin, out_path, stats);
        } else {
            mheader h;
            memset(&h, 0, sizeof h);
            h.an = an;
            wspec ws = { KIND_COUNTS, NULL, NULL };
            rc = write_model(env, &b.c, &h, &ws, out_path, stats);
        }
    }
    if (stats) stats->skipped = skipped;
    counter_free(&b.c);
    jm_free(b.idx);
    return rc;
}

/* ---------------------------------------------------------------------- */
/* Reading counts files (merge, finalize)                                  */
/* ---------------------------------------------------------------------- */

typedef struct {
    counter *c;
    int oom;
} loader;

static int load_line(void *ud, int is_pair, const char *a, size_t alen,
                     const char *b, size_t blen, const long long *nums)
{
    loader *l = ud;
    long i = counter_term(l->c, a, alen);
    if (i < 0) { l->oom = 1; return JM_ENOMEM; }
    if (!is_pair) {
        l->c->t[i].df += (uint64_t)nums[0];
        l->c->t[i].cf += (uint64_t)nums[1];
        return JM_OK;
    }
    long j = counter_term(l->c, b, blen);
    if (j < 0) { l->oom = 1; return JM_ENOMEM; }
    long k = counter_pair(l->c, (uint32_t)i, (uint32_t)j);
    if (k < 0) { l->oom = 1; return JM_ENOMEM; }
    l->c->p[k].df += (uint64_t)nums[0];
    l->c->p[k].cf += (uint64_t)nums[1];
    return JM_OK;
}

/* Reads a whole file, or the embedded model for path NULL. */
static int read_model_bytes(const jm_model_env *env, const char *path, char **owned,
                            const char **buf, size_t *len, const char **name)
{
    *owned = NULL;
    if (!path) {
        *buf = jm_embedded_model;
        *len = (size_t)(jm_embedded_model_end - jm_embedded_model);
        *name = "built-in model (data/model.jm)";
        return JM_OK;
    }
    *name = path;
    int rc = jm_read_file(path, owned, len);
    if (rc == JM_EIO) return jm_fail(env->err, rc, "%s: %s", path, strerror(errno));
    if (rc) return jm_fail(env->err, rc, "out of memory");
    *buf = *owned;
    return JM_OK;
}

/* Adds counts file path into c; checks it against the first header. */
static int load_counts(const jm_model_env *env, const char *path, counter *c, mheader *first,
                       int is_first)
{
    char *owned;
    const char *buf, *name;
    size_t len;
    mheader h;
    int rc = read_model_bytes(env, path, &owned, &buf, &len, &name);
    if (rc) return rc;
    rc = parse_header(env, buf, len, name, &h);
    if (!rc && h.kind != KIND_COUNTS)
        rc = jm_fail(env->err, JM_EMODEL, "%s: a finalized model, not counts: merge and "
                     "finalize the counts files that `model build` writes", name);
    if (!rc && !is_first &&
        (strcmp(h.an.lang, first->an.lang) || h.an.analyzer != first->an.analyzer))
        rc = jm_fail(env->err, JM_EMODEL, "%s: counted by another analyzer (%s %016llx) than "
                     "the first file (%s %016llx): counts do not add up", name,
                     h.an.lang, (unsigned long long)h.an.analyzer, first->an.lang,
                     (unsigned long long)first->an.analyzer);
    if (!rc) {
        loader l = { c, 0 };
        rc = each_line(env, buf, len, name, &h, load_line, &l);
        if (l.oom) rc = jm_fail(env->err, JM_ENOMEM, "out of memory");
        c->docs += h.docs;
        if (is_first) *first = h;
    }
    jm_free(owned);
    return rc;
}

int jm_model_merge_files(const jm_model_env *env, const char *const *in, size_t n,
                         const char *out_path, jm_model_stats *stats)
{
    counter c;
    mheader first;
    int rc = JM_OK;
    memset(&c, 0, sizeof c);
    if (stats) memset(stats, 0, sizeof *stats);
    if (n == 0) return jm_fail(env->err, JM_EINVAL, "nothing to merge");
    for (size_t i = 0; i < n && !rc; i++)
        rc = load_counts(env, in[i], &c, &first, i == 0);
    if (!rc) {
        wspec ws = { KIND_COUNTS, NULL, NULL };
        rc = write_model(env, &c, &first, &ws, out_path, stats);
    }
    counter_free(&c);
    return rc;
}

int jm_model_finalize_file(const jm_model_env *env, const char *in_path,
                           const char *out_path, const jm_finalize_options *fin,
                           jm_model_stats *stats)
{
    counter c;
    mheader h;
    memset(&c, 0, sizeof c);
    if (stats) memset(stats, 0, sizeof *stats);
    int rc = load_counts(env, in_path, &c, &h, 1);
    if (!rc) rc = write_final(env, &c, &h.an, fin, out_path, stats);
    counter_free(&c);
    return rc;
}

/* ---------------------------------------------------------------------- */
/* The loaded model                                                        */
/* ---------------------------------------------------------------------- */

/* One term of a loaded model. */
typedef struct {
    const char *s;     /* key bytes (in the file's bytes, or the phrase arena) */
    uint32_t len;      /* key length */
    uint32_t alen;     /* for a phrase "a b": the length of a; 0 for a term */
    uint64_t h;        /* jm_hash of the key */
    long long df;      /* document frequency */
} mentry;

struct jm_model {
    char *owned;          /* the file's bytes when read from a file */
    const char *buf;      /* the bytes (owned, or the embedded blob) */
    size_t len;
    mheader h;            /* its header */
    mentry *ent;          /* terms then phrases, in file order */
    size_t n, n_phrases;
    uint32_t *slot;       /* entry index + 1, 0 = empty */
    size_t mask;
    char *arena;          /* phrase keys "a b", back to back */
    size_t arena_len;
    double idf_unseen;    /* ln(1 + N) + 1 */
};

/* Finds the entry for key; NULL when absent. */
static const mentry *find(const struct jm_model *m, const char *s, size_t n)
{
    if (!m || !m->mask) return NULL;
    uint64_t h = jm_hash(s, n);
    for (size_t k = (size_t)h & m->mask;; k = (k + 1) & m->mask) {
        uint32_t id = m->slot[k];
        if (!id) return NULL;
        const mentry *x = &m->ent[id - 1];
        if (x->h == h && x->len == n && !memcmp(x->s, s, n)) return x;
    }
}

/* Adds a body line to the loaded model. */
static int model_line(void *ud, int is_pair, const char *a, size_t alen,
                      const char *b, size_t blen, const long long *nums)
{
    struct jm_model *m = ud;
    mentry *x = &m->ent[m->n];
    if (is_pair) {
        char *k = m->arena + m->arena_len;
        memcpy(k, a, alen);
        k[alen] = ' ';
        memcpy(k + alen + 1, b, blen);
        x->s = k;
        x->len = (uint32_t)(alen + 1 + blen);
        x->alen = (uint32_t)alen;
        m->arena_len += alen + 1 + blen;
        m->n_phrases++;
    } else {
        x->s = a;
        x->len = (uint32_t)alen;
        x->alen = 0;
    }
    x->h = jm_hash(x->s, x->len);
    x->df = nums[0];
    /* a phrase "a b" that is also a term (a multi-word lexicon entry) keeps
     * the term's entry: the first one wins */
    for (size_t k = (size_t)x->h & m->mask;; k = (k + 1) & m->mask) {
        uint32_t id = m->slot[k];
        if (!id) { m->slot[k] = (uint32_t)m->n + 1; break; }
        const mentry *y = &m->ent[id - 1];
        if (y->h == x->h && y->len == x->len && !memcmp(y->s, x->s, x->len)) break;
    }
    m->n++;
    return JM_OK;
}

void jm_model_free(struct jm_model *m)
{
    if (!m) return;
    jm_free(m->owned);
    jm_free(m->ent);
    jm_free(m->slot);
    jm_free(m->arena);
    jm_free(m);
}

/* Parses a model of either kind from buf (taking ownership of owned). */
static int parse_model(const jm_model_env *env, char *owned, const char *buf, size_t len,
                       const char *name, struct jm_model **out)
{
    struct jm_model *m = jm_calloc(1, sizeof *m);
    *out = NULL;
    if (!m) { jm_free(owned); return jm_fail(env->err, JM_ENOMEM, "out of memory"); }
    m->owned = owned;
    m->buf = buf;
    m->len = len;
    int rc = parse_header(env, buf, len, name, &m->h);
    if (rc) goto fail;
    size_t n = (size_t)(m->h.terms + m->h.pairs);
    if (m->h.terms > len || m->h.pairs > len) {
        rc = jm_fail(env->err, JM_EMODEL, "%s: damaged model header (counts too large)", name);
        goto fail;
    }
    size_t cap = 16;
    while (cap < n * 2) cap *= 2;
    m->ent = jm_malloc((n + 1) * sizeof *m->ent);
    m->slot = jm_calloc(cap, sizeof *m->slot);
    m->arena = jm_malloc(m->h.pairs ? len : 1);   /* phrase keys fit in the file */
    if (!m->ent || !m->slot || !m->arena) {
        rc = jm_fail(env->err, JM_ENOMEM, "out of memory");
        goto fail;
    }
    m->mask = cap - 1;
    rc = each_line(env, buf, len, name, &m->h, model_line, m);
    if (rc) goto fail;
    m->idf_unseen = log(1.0 + (double)m->h.docs) + 1.0;
    *out = m;
    return JM_OK;
fail:
    jm_model_free(m);
    return rc;
}

int jm_model_parse(const jm_model_env *env, const char *buf, size_t len, const char *name,
                   struct jm_model **out)
{
    return parse_model(env, NULL, buf, len, name, out);
}

size_t jm_model_docs(const struct jm_model *m) { return m ? (size_t)m->h.docs : 0; }

size_t jm_model_phrases(const struct jm_model *m) { return m ? m->n_phrases : 0; }

long jm_model_df(const struct jm_model *m, const char *term, size_t len)
{
    const mentry *x = find(m, term, len);
    return x ? (long)x->df : 0;
}

double jm_model_idf_unseen(const struct jm_model *m)
{
    return m ? m->idf_unseen : 1.0;
}

double jm_model_idf(const struct jm_model *m, const char *term, size_t len)
{
    if (!m) return 1.0;
    double f = 1;
    if (len > 1 && term[0] == JM_ROLE_MARK) {   /* a role term: see analyzer.h */
        term++;
        len--;
        f = JM_ROLE_IDF_FACTOR;
    }
    const char *bar = memchr(term, JM_PAIR_MARK, len);
    if (bar && f == 1) {   /* a pair term: the idf of its rarer word */
        size_t la = (size_t)(bar - term);
        double ia = jm_model_idf(m, term, la);
        double ib = jm_model_idf(m, bar + 1, len - la - 1);
        return ia > ib ? ia : ib;
    }
    const mentry *x = find(m, term, len);
    if (!x) return f * m->idf_unseen;
    return f * (log((1.0 + (double)m->h.docs) / (1.0 + (double)x->df)) + 1.0);
}

/* Says why model (made by analyzer `was`) does not fit analyzer `now`, and
 * what to do: a developer who changed the built-in lexicon, stopwords or
 * analyzer runs `make model`; a user who chose another language, lexicon
 * or stopword list runs with --model none or builds a model for them. */
static int refuse_foreign(const jm_model_env *env, const char *name, const char *path,
                          const adesc *was, const adesc *now)
{
    char why[200] = "";
    int user_choice = 0;
    if (strcmp(was->lang, now->lang)) {
        snprintf(why, sizeof why, "it is for %s, not %s", was->lang, now->lang);
        user_choice = 1;
    } else if (was->lexicon != now->lexicon || was->stopwords != now->stopwords) {
        snprintf(why, sizeof why, "it was counted with another %s",
                 was->lexicon != now->lexicon ? "lexicon" : "stopword list");
        user_choice =
            now->lexicon != jm_fnv1a64(jm_embedded_lexicon, (size_t)(jm_embedded_lexicon_end - jm_embedded_lexicon), JM_FNV_SEED) ||
            now->stopwords != jm_fnv1a64(jm_embedded_stopwords, (size_t)(jm_embedded_stopwords_end - jm_embedded_stopwords), JM_FNV_SEED);
    } else {
        snprintf(why, sizeof why, "the analyzer changed since it was counted");
    }
    const char *todo;
    if (path)
        todo = "build one with this analyzer (jobmatch model build --finalize), "
               "or use --model none";
    else if (user_choice)
        todo = "use --model none, or build a model with the same options "
               "(jobmatch model build --finalize) and pass it with --model";
    else
        todo = "run `make model` and make again (and commit data/model.jm), "
               "or use --model none";
    return jm_fail(env->err, JM_EMODEL,
                   "%s does not fit this analyzer: %s (model: lang=%s analyzer=%016llx "
                   "lexicon=%016llx stopwords=%016llx; analyzer: lang=%s "
                   "analyzer=%016llx lexicon=%016llx stopwords=%016llx); %s",
                   name, why, was->lang, (unsigned long long)was->analyzer,
                   (unsigned long long)was->lexicon, (unsigned long long)was->stopwords,
                   now->lang, (unsigned long long)now->analyzer,
                   (unsigned long long)now->lexicon, (unsigned long long)now->stopwords,
                   todo);
}

/* Reads, parses and checks a finalized model made by e's analyzer: from
 * path, or (path NULL) from the built-in bytes [dflt, dflt + dflt_len)
 * called dflt_name. *out is NULL for no model ("none", "", or an empty
 * built-in). */
static int load_final(const jm_model_env *env, const char *path, const char *dflt,
                      size_t dflt_len, const char *dflt_name,
                      struct jm_model **out)
{
    char *owned = NULL;
    const char *buf, *name;
    size_t len;
    struct jm_model *m;
    int rc;
    *out = NULL;
    if (path && (!*path || !strcmp(path, "none"))) return JM_OK;
    if (path) {
        rc = read_model_bytes(env, path, &owned, &buf, &len, &name);
        if (rc) return rc;
    } else {
        buf = dflt;
        len = dflt_len;
        name = dflt_name;
        if (len == 0) return JM_OK;   /* no built-in model */
    }
    rc = parse_model(env, owned, buf, len, name, &m);
    if (rc) return rc;
    if (m->h.kind != KIND_FINAL) {
        jm_model_free(m);
        return jm_fail(env->err, JM_EMODEL, "%s: counts, not a finalized model: run "
                       "`jobmatch model finalize -o OUT %s` first", name,
                       path ? path : "FILE");
    }
    adesc an;
    describe(env, &an);
    if (strcmp(an.lang, m->h.an.lang) || an.analyzer != m->h.an.analyzer) {
        rc = refuse_foreign(env, name, path, &m->h.an, &an);
        jm_model_free(m);
        return rc;
    }
    *out = m;
    return JM_OK;
}

int jm_model_load_main(const jm_model_env *env, const char *path, struct jm_model **out)
{
    struct jm_model *m;
    *out = NULL;
    int rc = load_final(env, path, jm_embedded_model,
                        (size_t)(jm_embedded_model_end - jm_embedded_model),
                        "built-in model (data/model.jm)", &m);
    if (rc || !m) return rc;
    for (size_t i = 0; i < m->n && !rc; i++) {
        const mentry *x = &m->ent[i];
        if (x->alen)
            rc = jm_analyzer_add_phrase(env->an, x->s, x->alen, x->s + x->alen + 1,
                                     x->len - x->alen - 1);
    }
    if (rc) {
        jm_model_free(m);
        return jm_fail(env->err, rc, "%s: cannot register its phrases: %s",
                       path ? path : "built-in model (data/model.jm)",
                       jm_strerror(rc));
    }
    *out = m;
    return JM_OK;
}

long jm_model_max_df(const struct jm_model *m)
{
    long long best = 0;
    for (size_t i = 0; m && i < m->n; i++)
        if (m->ent[i].df > best) best = m->ent[i].df;
    return (long)best;
}

/* 1 when env's analyzer has the built-in language, lexicon and stopwords. */
static int default_analyzer(const jm_model_env *env)
{
    return !strcmp(jm_analyzer_lang(env->an), "english") &&
           env->lexicon_hash == jm_fnv1a64(jm_embedded_lexicon,
               (size_t)(jm_embedded_lexicon_end - jm_embedded_lexicon), JM_FNV_SEED) &&
           env->stopwords_hash == jm_fnv1a64(jm_embedded_stopwords,
               (size_t)(jm_embedded_stopwords_end - jm_embedded_stopwords), JM_FNV_SEED);
}

int jm_model_load_skills(const jm_model_env *env, const char *path, struct jm_model **out)
{
    *out = NULL;
    /* The built-in skills model fits only the built-in analyzer; with
     * another language, lexicon or stopword list, keywords go without it
     * (a refinement, not a requirement). A stale one is still refused. */
    if (!path && !default_analyzer(env)) return JM_OK;
    return load_final(env, path, jm_embedded_skills,
                      (size_t)(jm_embedded_skills_end - jm_embedded_skills),
                      "built-in skills model (data/skills.jm)", out);
}

/* ---------------------------------------------------------------------- */
/* Summary (model info)                                                    */
/* ---------------------------------------------------------------------- */

/* The summary with what it owns. */
typedef struct {
    jm_model_info pub;      /* what the caller sees (first member) */
    jm_model_term *terms;   /* most, least and phrases, back to back */
    char *strs;             /* their strings */
    char hex[3][17];        /* analyzer, lexicon, stopwords in hex */
    char lang[64];
} info_impl;

/* Most frequent first, ties by bytes. */
static int cmp_df_desc(const void *x, const void *y)
{
    const mentry *a = *(const mentry *const *)x, *b = *(const mentry *const *)y;
    if (a->df != b->df) return a->df > b->df ? -1 : 1;
    return cmp_bytes(a->s, a->len, b->s, b->len);
}

/* Rarest first, ties by bytes. */
static int cmp_df_asc(const void *x, const void *y)
{
    const mentry *a = *(const mentry *const *)x, *b = *(const mentry *const *)y;
    if (a->df != b->df) return a->df < b->df ? -1 : 1;
    return cmp_bytes(a->s, a->len, b->s, b->len);
}

void jm_model_info_free(jm_model_info *info)
{
    if (!info) return;
    info_impl *im = (info_impl *)info;
    jm_free(im->terms);
    jm_free(im->strs);
    jm_free(im);
}

int jm_model_info_load(const jm_model_env *env, const char *path, size_t k,
                       jm_model_info **out)
{
    char *owned;
    const char *buf, *name;
    size_t len;
    struct jm_model *m = NULL;
    const mentry **order = NULL;
    info_impl *im = NULL;
    int rc;
    *out = NULL;
    jm_error_clear(env->err);
    rc = read_model_bytes(env, path, &owned, &buf, &len, &name);
    if (rc) return rc;
    if (!path && len == 0) {
        jm_free(owned);
        return jm_fail(env->err, JM_EMODEL, "%s: empty: this jobmatch has no built-in "
                       "model (run `make model`)", name);
    }
    rc = parse_model(env, owned, buf, len, name, &m);
    if (rc) return rc;
    size_t nt = (size_t)m->h.terms, np = (size_t)m->h.pairs;
    size_t kt = JM_MIN(k, nt), kp = JM_MIN(k, np);
    /* the least frequent list does not repeat the most frequent */
    size_t kl = nt > kt ? JM_MIN(k, nt - kt) : 0;
    im = jm_calloc(1, sizeof *im);
    order = jm_malloc((nt + np + 1) * sizeof *order);
    if (im) im->terms = jm_malloc((kt + kl + kp + 1) * sizeof *im->terms);
    if (!im || !order || !im->terms) { rc = jm_fail(env->err, JM_ENOMEM, "out of memory"); goto done; }
    for (size_t i = 0; i < nt + np; i++) order[i] = &m->ent[i];
    qsort(order, nt, sizeof *order, cmp_df_desc);
    qsort(order + nt, np, sizeof *order, cmp_df_desc);
    size_t bytes = 1, n = 0;
    const mentry **pick = jm_malloc((kt + kl + kp + 1) * sizeof *pick);
    if (!pick) { rc = jm_fail(env->err, JM_ENOMEM, "out of memory"); goto done; }
    for (size_t i = 0; i < kt; i++) pick[n++] = order[i];
    qsort(order + kt, nt - kt, sizeof *order, cmp_df_asc);
    for (size_t i = 0; i < kl; i++) pick[n++] = order[kt + i];
    for (size_t i = 0; i < kp; i++) pick[n++] = order[nt + i];
    for (size_t i = 0; i < n; i++) bytes += pick[i]->len + 1;
    im->strs = jm_malloc(bytes);
    if (!im->strs) { jm_free(pick); rc = jm_fail(env->err, JM_ENOMEM, "out of memory"); goto done; }
    char *w = im->strs;
    for (size_t i = 0; i < n; i++) {
        const mentry *x = pick[i];
        memcpy(w, x->s, x->len);
        w[x->len] = '\0';
        im->terms[i].term = w;
        im->terms[i].df = x->df;
        w += x->len + 1;
    }
    jm_free(pick);
    jm_model_info *p = &im->pub;
    snprintf(im->lang, sizeof im->lang, "%s", m->h.an.lang);
    snprintf(im->hex[0], 17, "%016llx", (unsigned long long)m->h.an.analyzer);
    snprintf(im->hex[1], 17, "%016llx", (unsigned long long)m->h.an.lexicon);
    snprintf(im->hex[2], 17, "%016llx", (unsigned long long)m->h.an.stopwords);
    p->kind = m->h.kind == KIND_FINAL ? "final" : "counts";
    p->lang = im->lang;
    p->analyzer = im->hex[0];
    p->lexicon = im->hex[1];
    p->stopwords = im->hex[2];
    p->docs = m->h.docs;
    p->terms = m->h.terms;
    p->phrases = m->h.pairs;
    p->min_df = m->h.min_df;
    p->phrase_min_df = m->h.phrase_min_df;
    p->phrase_min_g2 = m->h.phrase_min_g2;
    p->most = im->terms;
    p->n_most = kt;
    p->least = im->terms + kt;
    p->n_least = kl;
    p->top_phrases = im->terms + kt + kl;
    p->n_top_phrases = kp;
    *out = p;
    im = NULL;
done:
    jm_free(order);
    if (im) jm_model_info_free(&im->pub);
    jm_model_free(m);
    return rc;
}

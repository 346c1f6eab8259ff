/* src/text/: from text to terms: the tokenizer (words with byte offsets),
 * the lexicon (aliases, multi-word skills, occupation nouns) and the
 * analyzer (stopwords, Snowball stems, phrases). It includes only base/.
 *
 * This file contains the analyzer (see analyzer.h): tokens from the
 * tokenizer, one cache lookup per token for what the folded word is
 * (stopword, lexicon entry, start of a multi-word entry, stem), multi-word
 * lexicon matches over a small ring of look-ahead tokens, the rules for
 * ambiguous short forms, and phrase terms.
 *
 * The stem cache is open addressing, not uthash's default (Jenkins hash,
 * chained buckets): words of up to 16 bytes are their own key (two 64-bit
 * words compared inline, slot prefetched while the token waits in the
 * look-ahead ring), longer ones go to a table with a compact index and
 * jm_hash (multiply-xor over 8-byte words). Measured by bench/analyzer.sh
 * (`hash` line: the 4.4 M words of the 30 MB posting corpus, find-or-add in
 * order, same run): about 15 ns a word with jm_strtab (open addressing +
 * jm_hash) against about 30 ns with uthash's default. The whole analyzer's
 * speed on that corpus is in doc/benchmarks.md ("Analyzer speed").
 *
 * What each term costs was cut down by where its time went (issue 17): the
 * cache entry carries the term's phrase bits, so that jm_analyzer_ids()
 * reads nothing from the term table; phrase pairs have their own table
 * behind a Bloom filter; the tokenizer fills the look-ahead ring many
 * tokens a call; multi-word matches try a Bloom filter of the lexicon's
 * prefixes first.
 *
 * Ambiguous short forms (tested in tests/test_analyzer.c):
 *  - CV: "computer vision" only written "CV" in a tech context; else not a
 *    term (the document, a résumé).
 *  - Go: the language "go" only written "Go"/"GO" in a tech context
 *    ("golang" always); else not a term ("go to market").
 *  - R, C: the languages only as an uppercase standalone letter in a tech
 *    context; "R&D" is its own term; "C-level" (hyphen after) is not C.
 *  - IT: "information technology" only written "IT" (not "It"/"it", which
 *    are stopwords) and not followed by an uppercase stopword ("IT IS").
 *  - ML: a unit right after a number ("5 ml", "10ML"): not a term; else
 *    "machine learning".
 * A tech context: a lexicon term of kind tech, language, skill or field
 * among the 3 tokens before (in the same sentence) or the 3 after (up to
 * the next sentence break). */
#include "text/analyzer.h"
#include "text/lexicon.h"
#include "base/strtab.h"
#include "text/tokenizer.h"
#include "base/utf8.h"

#include <string.h>
#include <libstemmer.h>

#define ANALYZER_VERSION "jobmatch-analyzer-5"

/* Term metadata in jm_skey.val of the term table. */
#define TM_KIND        0xFFu   /* lexicon kind */
#define TM_PH_FIRST    0x100u  /* first word of a registered phrase */
#define TM_PH_SECOND   0x200u  /* second word of a registered phrase */

/* Cache entry flags. */
#define CF_STOP   0x01u   /* a stopword */
#define CF_LEX    0x02u   /* a lexicon entry (term is its canonical) */
#define CF_MULTI  0x04u   /* may start a multi-word lexicon entry */
#define CF_DROP   0x08u   /* never a term (unit, e.g., bare domain) */
#define CF_AMBIG  0x70u   /* ambiguity class << 4 (AM_COUNT <= 8) */
#define CF_MONTH  0x80u   /* a month name: no term right before a year */

/* Ambiguity classes. */
enum { AM_NONE, AM_CV, AM_GO, AM_R, AM_C, AM_IT, AM_ML, AM_COUNT };
_Static_assert(AM_COUNT <= 8, "ambiguity classes must fit CF_AMBIG's three bits");

static const struct {
    const char *word;     /* the folded short form */
    const char *target;   /* the term it may stand for */
    unsigned kind;        /* that term's kind when the lexicon lacks it */
} ambig[AM_COUNT] = {
    [AM_CV] = { "cv", "computer vision", JM_KIND_FIELD },
    [AM_GO] = { "go", "go", JM_KIND_LANGUAGE },
    [AM_R]  = { "r", "r", JM_KIND_LANGUAGE },
    [AM_C]  = { "c", "c", JM_KIND_LANGUAGE },
    [AM_IT] = { "it", "information technology", JM_KIND_FIELD },
    [AM_ML] = { "ml", "machine learning", JM_KIND_FIELD },
};

/* Words that are never terms besides the stopword list: Latin
 * abbreviations, by their dotless key ("et al." included). */
static const char *const extra_stop[] = { "eg", "ie", "etc", "vs", "viz", "cf", "et", "al" };

/* Units that make "<number><unit>" a measurement, not a term. */
static const char *const units[] = {
    "ml", "l", "mg", "g", "kg", "mcg", "mm", "cm", "km", "lb", "lbs", "oz"
};

/* The registered phrases: a pair of term ids (a, b) to the phrase's term
 * id. Nearly every term that follows another is both the first word of
 * some phrase and the second of another, so the pair is looked up at most
 * terms, and nearly always misses: a blocked Bloom filter (two bits of one
 * 64-bit word a pair, 8 bits a slot: about 2% false hits, 32 KB with the
 * built-in model's 20,176 phrases) answers most lookups, and the pair
 * itself is the key of an open-addressing table whose slot holds the
 * phrase too (one cache line read on a hit; no string hashed, no key
 * compared through a pointer). */
typedef struct {
    uint32_t a, b;           /* the pair; a == PH_EMPTY: a free slot */
    uint32_t phrase;         /* the phrase's term id */
} phrase_slot;

typedef struct {
    phrase_slot *slots;      /* mask + 1 slots, at most 2/3 used */
    uint64_t *bloom;         /* (mask + 1) / 8 words */
    uint32_t mask;           /* slots - 1 (a power of two), 0 before use */
    size_t n;                /* pairs in the table */
} phrase_tab;

#define PH_EMPTY UINT32_MAX  /* no term id: ids are below 2^31 */

/* One hash of the pair for both the filter and the table (they take
 * different bits of it). */
static inline uint64_t phrase_hash(uint32_t a, uint32_t b)
{
    uint64_t h = ((uint64_t)a << 32 | b) * 0x9E3779B97F4A7C15ULL;
    return h ^ (h >> 29);
}

/* The filter word of hash h, and its two bits. */
static inline size_t phrase_word(const phrase_tab *p, uint64_t h)
{
    return (size_t)(h >> 32) & (((size_t)p->mask + 1) / 8 - 1);
}

static inline uint64_t phrase_bits(uint64_t h)
{
    return 1ULL << (h >> 58) | 1ULL << (h >> 52 & 63);
}

/* 1 when the filter says the pair may be registered. */
static inline int phrase_maybe(const phrase_tab *p, uint64_t h)
{
    uint64_t bits = phrase_bits(h);
    return p->mask && (p->bloom[phrase_word(p, h)] & bits) == bits;
}

/* The phrase term id of the pair (a, b), or -1. */
static long phrase_find(const phrase_tab *p, uint32_t a, uint32_t b, uint64_t h)
{
    for (uint32_t i = (uint32_t)h & p->mask;; i = (i + 1) & p->mask) {
        const phrase_slot *s = &p->slots[i];
        if (s->a == a && s->b == b) return (long)s->phrase;
        if (s->a == PH_EMPTY) return -1;
    }
}

/* Puts the pair in a table with a free slot (the pair absent). */
static void phrase_put(phrase_tab *p, uint32_t a, uint32_t b, uint32_t phrase)
{
    uint64_t h = phrase_hash(a, b);
    uint32_t i = (uint32_t)h & p->mask;
    while (p->slots[i].a != PH_EMPTY) i = (i + 1) & p->mask;
    p->slots[i] = (phrase_slot){ a, b, phrase };
    p->bloom[phrase_word(p, h)] |= phrase_bits(h);
    p->n++;
}

/* Adds (a, b) -> phrase unless the pair is there (the first value stays,
 * as jm_strtab_add keeps it). JM_OK or JM_ENOMEM (the table unchanged). */
static int phrase_add(phrase_tab *p, uint32_t a, uint32_t b, uint32_t phrase)
{
    if (p->mask && phrase_find(p, a, b, phrase_hash(a, b)) >= 0) return JM_OK;
    if (!p->mask || 3 * (p->n + 1) > 2 * ((size_t)p->mask + 1)) {
        size_t size = p->mask ? 2 * ((size_t)p->mask + 1) : 64;
        if (size > ((size_t)1 << 31)) return JM_ENOMEM;
        /* one block: the filter (size bytes), then the slots */
        char *m = jm_malloc(size * (1 + sizeof *p->slots));
        if (!m) return JM_ENOMEM;
        phrase_tab q = { (phrase_slot *)(void *)(m + size), (uint64_t *)(void *)m,
                         (uint32_t)(size - 1), 0 };
        memset(q.bloom, 0, size);
        for (size_t i = 0; i < size; i++) q.slots[i].a = PH_EMPTY;
        for (size_t i = 0; p->mask && i <= p->mask; i++)
            if (p->slots[i].a != PH_EMPTY)
                phrase_put(&q, p->slots[i].a, p->slots[i].b, p->slots[i].phrase);
        jm_free(p->bloom);
        *p = q;
    }
    phrase_put(p, a, b, phrase);
    return JM_OK;
}

static void phrase_free(phrase_tab *p)
{
    jm_free(p->bloom);
    memset(p, 0, sizeof *p);
}

/* The tables clones share; immutable once the original is cloned. */
typedef struct {
    char *lang;              /* Snowball language name */
    jm_strtab stop;          /* stopwords (folded) */
    jm_lexicon lex;          /* the alias lexicon */
    phrase_tab phrases;      /* registered phrases by their pair of term ids */
    uint32_t target[AM_COUNT]; /* term id of each ambiguity target */
    uint64_t fingerprint;    /* see jm_analyzer_fingerprint() */
} tables;

#define CKEY 32               /* longest folded word the cache keeps */

/* One cache slot: what a folded word is. */
typedef struct {
    uint64_t h;               /* jm_hash of the key; 0: empty slot */
    uint32_t term;            /* term id (canonical for CF_LEX) */
    uint8_t flags;            /* CF_* */
    uint8_t kind;             /* lexicon kind or 0 */
    uint8_t len;              /* key length */
    uint8_t ph;               /* TM_PH_* of term, >> 8 */
    char key[CKEY + 8];       /* the folded word, zero-padded */
} cslot;

/* One slot of the short-word cache: the word itself is the key (its 16
 * zero-padded bytes; a folded word has no NUL), so a lookup is one load
 * and two compares, with no branch on the word's length. Nearly all
 * tokens have at most 16 bytes. */
typedef struct {
    uint64_t k[2];            /* the word; k[0] == 0: empty slot */
    uint32_t term;            /* term id */
    uint8_t flags;            /* CF_* */
    uint8_t kind;             /* lexicon kind or 0 */
    uint8_t ph;               /* TM_PH_* of term, >> 8 */
} sslot;

#define SHORT_MAX 16          /* longest word of the short-word cache */

/* The short-word key of a token (len <= SHORT_MAX): the tokenizer's
 * zero-padded key words. */
static inline void short_key(const jm_rawtok *tok, uint64_t k[2])
{
    k[0] = tok->key[0];
    k[1] = tok->key[1];
}

static inline size_t short_hash(const uint64_t k[2], unsigned bits)
{
    uint64_t h = (k[0] ^ ((k[1] * 0xBF58476D1CE4E5B9ULL) >> 7)) * 0x9E3779B97F4A7C15ULL;
    return (size_t)(h >> (64 - bits));
}

/* What lookup() returns. */
typedef struct {
    uint32_t term;            /* term id */
    uint8_t flags;            /* CF_* */
    uint8_t kind;             /* lexicon kind */
    uint8_t ok;               /* 0 when out of memory */
    uint8_t ph;               /* TM_PH_* of term, >> 8: the cache keeps
                                 them next to the term id, so that emitting
                                 a term reads nothing from the term table */
} centry;

#define RING 16               /* look-ahead ring (power of two, more than
                                 JM_LEX_MAX_WORDS) */
#define CACHE_MAX_BITS 20     /* the cache is cleared when it would grow past */

struct jm_analyzer {
    const tables *tab;        /* shared tables */
    tables *own;              /* the same when this is an original, else NULL */
    struct sb_stemmer *stemmer; /* this analyzer's stemmer */
    jm_strtab terms;          /* interned terms; val: TM_* */
    uint64_t *slots;          /* cache index: hash >> 32 << 32 | entry + 1,
                                 0 when empty (8 bytes, so that it stays
                                 in the L2 cache) */
    uint32_t cmask;           /* index slots - 1 */
    cslot *cache;             /* cache entries in insertion order (the
                                 frequent words come first and stay hot) */
    size_t cused, ccap;       /* entries used / allocated */
    jm_rawtok ring[RING];     /* look-ahead tokens */
    size_t ringh[RING];       /* short-word cache slot of each, prefetched
                                 when the token enters the ring */
    sslot *sslots;            /* short-word cache: words of 1..16 bytes */
    unsigned sbits;           /* log2 of its slot count */
    size_t sused;             /* its slots in use */
    char key[JM_LEX_MAX_WORDS * (JM_TOK_MAX + 1)]; /* multi-word key */
};

/* State of one run. */
typedef struct {
    jm_analyzer *an;
    const char *text;         /* the input */
    jm_aterm_fn fn;
    void *ud;
    int have_prev;            /* a term was emitted */
    int gap;                  /* a break or dropped token since then */
    int strings;              /* 0: the callback takes no term strings
                                 (jm_analyzer_ids) */
    uint32_t prev;            /* the last term */
    unsigned prev_meta;       /* its TM_KIND and TM_PH_* bits */
    size_t prev_start;        /* its start offset */
    unsigned tech_dist;       /* tokens since the last tech-ish term */
    unsigned prev_type;       /* type of the previous raw token */
} run;

/* ---------------------------------------------------------------------- */
/* tables                                                                  */
/* ---------------------------------------------------------------------- */

static int parse_stopwords(jm_strtab *st, const char *s, size_t len)
{
    const char *p = s, *end = s + len;
    char buf[3 * 64 + 1];
    uint32_t id;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *eol = nl ? nl : end;
        size_t n = (size_t)(eol - p);
        while (n && (p[n - 1] == '\r' || p[n - 1] == ' ' || p[n - 1] == '\t')) n--;
        while (n && (*p == ' ' || *p == '\t')) { p++; n--; }
        if (n && *p != '#' && n <= 64) {
            size_t fl = jm_utf8_fold(p, n, buf);
            if (jm_strtab_add(st, buf, fl, 0, &id, NULL)) return JM_ENOMEM;
        }
        p = nl ? nl + 1 : end;
    }
    for (size_t i = 0; i < JM_ARRAY_LEN(extra_stop); i++)
        if (jm_strtab_add(st, extra_stop[i], strlen(extra_stop[i]), 0, &id, NULL))
            return JM_ENOMEM;
    return JM_OK;
}

static void tables_free(tables *t)
{
    if (!t) return;
    jm_free(t->lang);
    jm_strtab_free(&t->stop);
    jm_lexicon_free(&t->lex);
    phrase_free(&t->phrases);
    jm_free(t);
}

/* ---------------------------------------------------------------------- */
/* creation                                                                */
/* ---------------------------------------------------------------------- */

void jm_analyzer_free(jm_analyzer *an)
{
    if (!an) return;
    if (an->stemmer) sb_stemmer_delete(an->stemmer);
    jm_strtab_free(&an->terms);
    jm_free(an->cache);
    jm_free(an->slots);
    jm_free(an->sslots);
    tables_free(an->own);
    jm_free(an);
}

static int cache_init(jm_analyzer *an, unsigned bits)
{
    an->slots = jm_calloc((size_t)1 << bits, sizeof *an->slots);
    an->cache = jm_malloc(((size_t)1 << (bits - 1)) * sizeof *an->cache);
    if (!an->slots || !an->cache) return JM_ENOMEM;
    an->cmask = (1u << bits) - 1;
    an->ccap = (size_t)1 << (bits - 1);
    an->cused = 0;
    an->sslots = jm_calloc((size_t)1 << bits, sizeof *an->sslots);
    if (!an->sslots) return JM_ENOMEM;
    an->sbits = bits;
    an->sused = 0;
    return JM_OK;
}

int jm_analyzer_new(const char *lang, const char *stopwords, size_t stop_len,
                    const char *lexicon, size_t lex_len, jm_analyzer **out,
                    char *err, size_t errlen)
{
    jm_analyzer *an = jm_calloc(1, sizeof *an);
    tables *t = an ? jm_calloc(1, sizeof *t) : NULL;
    int rc = JM_ENOMEM;
    *out = NULL;
    if (!t) goto fail;
    an->own = t;
    an->tab = t;
    if (!(t->lang = jm_strndup(lang, strlen(lang)))) goto fail;
    an->stemmer = sb_stemmer_new(lang, "UTF_8");
    if (!an->stemmer) {
        /* sb_stemmer_new also fails when out of memory; tell them apart */
        struct sb_stemmer *probe = sb_stemmer_new("english", "UTF_8");
        if (!probe) goto fail;
        sb_stemmer_delete(probe);
        snprintf(err, errlen, "unknown language '%s' (a Snowball stemmer name, "
                 "such as english, french, german, spanish)", lang);
        jm_analyzer_free(an);
        return JM_EINVAL;
    }
    if (parse_stopwords(&t->stop, stopwords, stop_len)) goto fail;
    if (jm_lexicon_parse(&t->lex, lexicon, lex_len, &t->stop)) goto fail;
    /* term ids 0..k-1 are the lexicon's canonical entries, in order */
    for (size_t i = 0; i < t->lex.canon.n; i++) {
        uint32_t id;
        const jm_skey *k = &t->lex.canon.keys[i];
        if (jm_strtab_add(&an->terms, k->s, k->len, k->val & TM_KIND, &id, NULL))
            goto fail;
    }
    for (unsigned a = 1; a < AM_COUNT; a++) {
        const char *s = ambig[a].target;
        int added;
        if (jm_strtab_add(&an->terms, s, strlen(s), ambig[a].kind,
                          &t->target[a], &added))
            goto fail;
    }
    if (cache_init(an, 12)) goto fail;
    uint64_t h = jm_fnv1a64(ANALYZER_VERSION, strlen(ANALYZER_VERSION), JM_FNV_SEED);
    h = jm_fnv1a64(lang, strlen(lang) + 1, h);
    h = jm_fnv1a64(stopwords, stop_len, h);
    h = jm_fnv1a64("\n--\n", 4, h);
    t->fingerprint = jm_fnv1a64(lexicon, lex_len, h);
    *out = an;
    return JM_OK;
fail:
    snprintf(err, errlen, "out of memory");
    jm_analyzer_free(an);
    return rc;
}

int jm_analyzer_clone(const jm_analyzer *an, jm_analyzer **out)
{
    jm_analyzer *c = jm_calloc(1, sizeof *c);
    *out = NULL;
    if (!c) return JM_ENOMEM;
    c->tab = an->tab;
    c->stemmer = sb_stemmer_new(an->tab->lang, "UTF_8");
    if (!c->stemmer || jm_strtab_clone(&an->terms, &c->terms) || cache_init(c, 12)) {
        jm_analyzer_free(c);
        return JM_ENOMEM;
    }
    *out = c;
    return JM_OK;
}

uint64_t jm_analyzer_fingerprint(const jm_analyzer *an) { return an->tab->fingerprint; }
const char *jm_analyzer_lang(const jm_analyzer *an) { return an->tab->lang; }
size_t jm_analyzer_term_count(const jm_analyzer *an) { return an->terms.n; }

const char *jm_analyzer_term_str(const jm_analyzer *an, uint32_t id, size_t *len)
{
    if (id >= an->terms.n) return NULL;
    if (len) *len = an->terms.keys[id].len;
    return an->terms.keys[id].s;
}

unsigned jm_analyzer_term_kind(const jm_analyzer *an, uint32_t id)
{
    return id < an->terms.n ? an->terms.keys[id].val & TM_KIND : 0;
}

int jm_analyzer_intern(jm_analyzer *an, const char *term, size_t len, uint32_t *id)
{
    return jm_strtab_add(&an->terms, term, len, 0, id, NULL);
}

int jm_analyzer_role_term(jm_analyzer *an, uint32_t id, uint32_t *out)
{
    char buf[JM_ROLE_TERM_MAX];
    size_t len;
    const char *str = jm_analyzer_term_str(an, id, &len);
    *out = UINT32_MAX;
    if (!str) return JM_EINVAL;
    if (len + 1 > sizeof buf) return JM_OK;   /* no role term; see .h */
    if (jm_analyzer_term_kind(an, id) != JM_KIND_ROLE) return JM_OK;
    buf[0] = JM_ROLE_MARK;
    memcpy(buf + 1, str, len);
    return jm_strtab_add(&an->terms, buf, len + 1, 0, out, NULL);
}

size_t jm_analyzer_pair_str(const jm_analyzer *an, uint32_t a, uint32_t b, char *buf,
                            size_t size)
{
    size_t la, lb;
    const char *sa = jm_analyzer_term_str(an, a, &la);
    const char *sb = jm_analyzer_term_str(an, b, &lb);
    if (!sa || !sb || la + lb + 1 > size) return 0;
    memcpy(buf, sa, la);
    buf[la] = JM_PAIR_MARK;
    memcpy(buf + la + 1, sb, lb);
    return la + lb + 1;
}

int jm_analyzer_pair_term(jm_analyzer *an, uint32_t a, uint32_t b, uint32_t *out)
{
    char buf[JM_PAIR_TERM_MAX];
    *out = UINT32_MAX;
    if (a >= an->terms.n || b >= an->terms.n) return JM_EINVAL;
    size_t n = jm_analyzer_pair_str(an, a, b, buf, sizeof buf);
    return n ? jm_strtab_add(&an->terms, buf, n, 0, out, NULL) : JM_OK;
}

/* Empties both word caches (their entries copy term bits that changed). */
static void cache_clear(jm_analyzer *an)
{
    if (an->cused) {
        memset(an->slots, 0, ((size_t)an->cmask + 1) * sizeof *an->slots);
        an->cused = 0;
    }
    if (an->sused) {
        memset(an->sslots, 0, ((size_t)1 << an->sbits) * sizeof *an->sslots);
        an->sused = 0;
    }
}

int jm_analyzer_add_phrase(jm_analyzer *an, const char *a, size_t alen,
                           const char *b, size_t blen)
{
    if (!an->own) return JM_EINVAL;
    uint32_t ids[2], pid;
    jm_buf s = {0};
    if (jm_analyzer_intern(an, a, alen, &ids[0]) ||
        jm_analyzer_intern(an, b, blen, &ids[1]) ||
        jm_buf_append(&s, a, alen) || jm_buf_putc(&s, ' ') ||
        jm_buf_append(&s, b, blen) ||
        jm_analyzer_intern(an, s.data, s.len, &pid) ||
        phrase_add(&an->own->phrases, ids[0], ids[1], pid)) {
        jm_buf_free(&s);
        return JM_ENOMEM;
    }
    jm_buf_free(&s);
    an->terms.keys[ids[0]].val |= TM_PH_FIRST;
    an->terms.keys[ids[1]].val |= TM_PH_SECOND;
    cache_clear(an);                  /* the caches keep those bits */
    return JM_OK;
}

/* ---------------------------------------------------------------------- */
/* the cache                                                               */
/* ---------------------------------------------------------------------- */

/* 1 when fold is letters (and apostrophes) only: a word to stem. */
static int stemmable(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80 && !(c >= 'a' && c <= 'z') && c != '\'') return 0;
    }
    return 1;
}

/* 1 when every dot-separated part of s has at most two characters. */
static int abbrev_shape(const char *s, size_t n)
{
    size_t part = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '.') { part = 0; continue; }
        if (++part > 2) return 0;
    }
    return 1;
}

/* 1 when s is digits followed by a unit (10ml, 5kg). */
static int number_unit(const char *s, size_t n)
{
    size_t d = 0;
    while (d < n && s[d] >= '0' && s[d] <= '9') d++;
    if (!d || d == n) return 0;
    for (size_t i = 0; i < JM_ARRAY_LEN(units); i++)
        if (strlen(units[i]) == n - d && !memcmp(units[i], s + d, n - d)) return 1;
    return 0;
}

/* 1 when t is a year (19xx or 20xx): a month name before it is a date,
 * as CVs write their periods ("September 2014 - May 2019"), not a word. */
static int is_year(const jm_rawtok *t)
{
    return t->type == JM_TT_NUMBER && t->end - t->start == 4 && t->len == 4 &&
           (!memcmp(t->fold, "19", 2) || !memcmp(t->fold, "20", 2));
}

/* 1 when the folded word s[0..n) starts with a dot that is no part of a
 * name: a leading dot makes a name only where the lexicon lists one
 * (.NET); elsewhere it is a full stop that lost its space (" .Ability"). */
static int stray_dot(const jm_analyzer *an, const char *s, size_t n)
{
    if (n < 2 || s[0] != '.') return 0;
    char key[JM_TOK_MAX + 1];
    size_t kl = jm_lexicon_tokkey(s, n, key);
    return jm_strtab_find(&an->tab->lex.keys, key, kl, jm_hash(key, kl)) < 0;
}

/* What the folded word s[0..n) is, up to its term: sets e's flags, kind
 * and, for a lexicon entry, term, and returns 1 when that is all. Else
 * returns 0 with *term, *tl the word's term before stemming (the word, or
 * the letters of a dotted abbreviation, written to key) and *stem 1 when
 * it is to be stemmed. key has room for JM_TOK_MAX + 1 bytes. */
static int classify_head(jm_analyzer *an, const char *s, size_t n, cslot *e,
                         char *key, const char **term, size_t *tl, int *stem)
{
    const tables *t = an->tab;
    size_t kl = jm_lexicon_tokkey(s, n, key);
    uint64_t kh = jm_hash(key, kl);
    long id;

    e->flags = 0;
    e->kind = 0;
    e->ph = 0;
    e->term = 0;
    for (unsigned a = 1; a < AM_COUNT && n <= 2; a++)   /* all are short */
        if (strlen(ambig[a].word) == n && !memcmp(ambig[a].word, s, n))
            e->flags |= (uint8_t)(a << 4);
    static const char *const months[] = {
        "january", "february", "march", "april", "may", "june", "july",
        "august", "september", "october", "november", "december",
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
        "oct", "nov", "dec",
    };
    for (size_t m = 0; m < JM_ARRAY_LEN(months) && n >= 3 && n <= 9; m++)
        if (months[m][0] == s[0] && !strncmp(months[m], s, n) && months[m][n] == '\0')
            e->flags |= CF_MONTH;
    /* the start of a longer form: "machine", "a" (of A/B testing) */
    if (jm_strtab_find(&t->lex.starts, key, kl, kh) >= 0) e->flags |= CF_MULTI;
    if (jm_strtab_find(&t->stop, s, n, jm_hash(s, n)) >= 0 ||
        jm_strtab_find(&t->stop, key, kl, kh) >= 0)
        e->flags |= CF_STOP;
    id = jm_strtab_find(&t->lex.keys, key, kl, kh);
    if (id < 0 && kl > 2 && key[kl - 2] == '\'' && key[kl - 1] == 's')
        id = jm_strtab_find(&t->lex.keys, key, kl - 2, jm_hash(key, kl - 2));
    if (id >= 0) {                           /* an entry, or its possessive */
        e->flags |= CF_LEX;
        e->term = t->lex.keys.keys[id].val;
        e->kind = (uint8_t)(an->terms.keys[e->term].val & TM_KIND);
        e->ph = (uint8_t)(an->terms.keys[e->term].val >> 8 & 3);
        return 1;
    }
    if (number_unit(s, n)) {
        e->flags |= CF_DROP;
        return 1;
    }
    /* A single letter that is no lexicon entry ("m/f/d", "Grade B", "Plan
     * A") names nothing a posting asks for. C and R are entries: their
     * rules decide above. */
    if (n == 1 && s[0] >= 'a' && s[0] <= 'z') {
        e->flags |= CF_DROP;
        return 1;
    }
    *term = s;
    *tl = n;
    *stem = 0;
    if (memchr(s, '.', n)) {
        if (abbrev_shape(s, n)) { *term = key; *tl = kl; }
    } else {
        *stem = stemmable(s, n);
    }
    return 0;
}

/* Computes what the folded word s[0..n) is. JM_OK or JM_ENOMEM. */
static int classify(jm_analyzer *an, const char *s, size_t n, cslot *e)
{
    const tables *t = an->tab;
    char key[JM_TOK_MAX + 1];
    const char *term;
    size_t tl;
    int stem;
    if (stray_dot(an, s, n)) return classify(an, s + 1, n - 1, e);
    if (classify_head(an, s, n, e, key, &term, &tl, &stem)) return JM_OK;
    if (stem) {
        const sb_symbol *st = sb_stemmer_stem(an->stemmer, (const sb_symbol *)s, (int)n);
        if (!st) return JM_ENOMEM;
        term = (const char *)st;
        tl = (size_t)sb_stemmer_length(an->stemmer);
    }
    uint32_t tid;
    if (jm_strtab_add(&an->terms, term, tl, 0, &tid, NULL)) return JM_ENOMEM;
    /* A stem that spells a lexicon term ("reacting" -> react, "swiftly" ->
     * swift, "going" -> go) would count as that technology: such a word is
     * its own unstemmed term instead. */
    int clash = tid < t->lex.canon.n;
    for (unsigned a = 1; a < AM_COUNT; a++) clash |= tid == t->target[a];
    if (clash && term != s &&
        jm_strtab_add(&an->terms, s, n, 0, &tid, NULL))
        return JM_ENOMEM;
    e->term = tid;
    e->kind = (uint8_t)(an->terms.keys[tid].val & TM_KIND);
    e->ph = (uint8_t)(an->terms.keys[tid].val >> 8 & 3);
    return JM_OK;
}

/* Doubles the cache, or clears it when it reached its largest size. */
static int cache_grow(jm_analyzer *an)
{
    size_t size = (size_t)an->cmask + 1;
    if (size >= ((size_t)1 << CACHE_MAX_BITS)) {
        memset(an->slots, 0, size * sizeof *an->slots);
        an->cused = 0;
        return JM_OK;
    }
    uint64_t *ns = jm_calloc(2 * size, sizeof *ns);
    cslot *ne = ns ? jm_realloc(an->cache, size * sizeof *ne) : NULL;
    if (!ne) {
        jm_free(ns);
        return JM_ENOMEM;
    }
    an->cache = ne;
    an->ccap = size;
    uint32_t mask = (uint32_t)(2 * size - 1);
    for (size_t e = 0; e < an->cused; e++) {
        uint64_t h = an->cache[e].h;
        uint32_t j = (uint32_t)h & mask;
        while (ns[j]) j = (j + 1) & mask;
        ns[j] = (h & 0xFFFFFFFF00000000ULL) | (e + 1);
    }
    jm_free(an->slots);
    an->slots = ns;
    an->cmask = mask;
    return JM_OK;
}

/* Hash of a folded token: its bytes are zero-padded to a multiple of 8
 * (jm_rawtok.fold), so whole words are read. */
static inline uint64_t hash_padded(const char *p, size_t n)
{
    const uint64_t k = 0x9E3779B97F4A7C15ULL;
    uint64_t h = k ^ (uint64_t)n;
    for (size_t i = 0; i < n; i += 8) {
        uint64_t v;
        memcpy(&v, p + i, 8);
        h = (h ^ v) * k;
        h ^= h >> 29;
    }
    h *= 0xBF58476D1CE4E5B9ULL;
    h ^= h >> 32;
    return h ? h : 1;
}

/* Compares two zero-padded keys of n bytes (n <= CKEY) by 8-byte words. */
static inline int same_key(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i += 8) {
        uint64_t x, y;
        memcpy(&x, a + i, 8);
        memcpy(&y, b + i, 8);
        if (x != y) return 0;
    }
    return 1;
}

/* Doubles the short-word cache, or clears it at its largest size. */
static int short_grow(jm_analyzer *an)
{
    size_t size = (size_t)1 << an->sbits;
    if (an->sbits >= CACHE_MAX_BITS) {
        memset(an->sslots, 0, size * sizeof *an->sslots);
        an->sused = 0;
        return JM_OK;
    }
    unsigned bits = an->sbits + 1;
    sslot *ns = jm_calloc(2 * size, sizeof *ns);
    if (!ns) return JM_ENOMEM;
    for (size_t i = 0; i < size; i++) {
        if (!an->sslots[i].k[0]) continue;
        size_t j = short_hash(an->sslots[i].k, bits);
        while (ns[j].k[0]) j = (j + 1) & (2 * size - 1);
        ns[j] = an->sslots[i];
    }
    jm_free(an->sslots);
    an->sslots = ns;
    an->sbits = bits;
    return JM_OK;
}

/* What the token's folded word is: one probe of a cache in the common
 * case (words of up to 8 bytes: one load and one compare). */
static centry lookup_slow(jm_analyzer *an, const jm_rawtok *tok);

static inline centry lookup_at(jm_analyzer *an, const jm_rawtok *tok, size_t slot)
{
    if (tok->len <= SHORT_MAX) {
        uint64_t k[2];
        short_key(tok, k);
        const sslot *sl = &an->sslots[slot];
        if (sl->k[0] == k[0] && sl->k[1] == k[1]) {   /* the common case */
            centry r = { sl->term, sl->flags, sl->kind, 1, sl->ph };
            return r;
        }
    }
    return lookup_slow(an, tok);
}

/* The short-word cache slot where tok's probe starts (its size may change
 * between this and the lookup: then the probe misses and lookup_slow()
 * finds the word). */
static inline size_t first_slot(const jm_analyzer *an, const jm_rawtok *tok)
{
    uint64_t k[2];
    short_key(tok, k);
    return short_hash(k, an->sbits);
}

static inline centry lookup(jm_analyzer *an, const jm_rawtok *tok)
{
    return lookup_at(an, tok, tok->len <= SHORT_MAX ? first_slot(an, tok) : 0);
}

/* Fills a jm_word from what a word is (cache flags and term id; the term
 * string itself for a stem that is in no table). */
static void word_result(const jm_analyzer *an, unsigned flags, uint32_t term,
                        const char *stem, size_t stem_len, jm_word *out)
{
    const jm_skey *k = NULL;
    *out = (jm_word){ JM_WORD_NONE, NULL, 0 };
    if (flags & CF_LEX) {
        out->what = JM_WORD_LEXICON;
        k = &an->terms.keys[term];
    } else if (flags & CF_STOP) {
        out->what = JM_WORD_STOP;
    } else if (flags & CF_DROP) {
        return;                              /* a unit, a single letter */
    } else if (flags & CF_AMBIG) {           /* cv, go, it, ml: a name */
        out->what = JM_WORD_LEXICON;
        k = &an->terms.keys[an->tab->target[(flags & CF_AMBIG) >> 4]];
    } else {
        out->what = JM_WORD_TERM;
        if (stem) {
            out->term = stem;
            out->len = stem_len;
            return;
        }
        k = &an->terms.keys[term];
    }
    if (k) {
        out->term = k->s;
        out->len = k->len;
    }
}

int jm_analyzer_token(jm_analyzer *an, const jm_rawtok *tok, jm_word *out)
{
    *out = (jm_word){ JM_WORD_NONE, NULL, 0 };
    if (tok->type != JM_TT_WORD || (tok->flags & JM_TF_LONG) || !tok->len) return JM_OK;
    centry ce = lookup(an, tok);
    if (!ce.ok) return JM_ENOMEM;
    word_result(an, ce.flags, ce.term, NULL, 0, out);
    return JM_OK;
}

int jm_analyzer_word(jm_analyzer *an, const char *s, size_t n, jm_word *out)
{
    const tables *t = an->tab;
    char key[JM_TOK_MAX + 1];
    cslot e;
    const char *term;
    size_t tl;
    int stem;
    *out = (jm_word){ JM_WORD_NONE, NULL, 0 };
    if (!n || n > JM_TOK_MAX) return JM_OK;
    if (stray_dot(an, s, n)) { s++; n--; }
    if (classify_head(an, s, n, &e, key, &term, &tl, &stem) ||
        (e.flags & (CF_STOP | CF_AMBIG))) {
        word_result(an, e.flags, e.term, NULL, 0, out);
        return JM_OK;
    }
    if (stem) {
        const sb_symbol *st = sb_stemmer_stem(an->stemmer, (const sb_symbol *)s, (int)n);
        if (!st) return JM_ENOMEM;
        term = (const char *)st;
        tl = (size_t)sb_stemmer_length(an->stemmer);
        long id = jm_strtab_find(&an->terms, term, tl, jm_hash(term, tl));
        if (id >= 0 && (size_t)id < t->lex.canon.n) { term = s; tl = n; }  /* see classify() */
    }
    memcpy(an->key, term, tl);               /* the run's scratch key: free now */
    an->key[tl] = '\0';
    word_result(an, e.flags, 0, an->key, tl, out);
    return JM_OK;
}

/* lookup() past its first probe: probing on, the long-word cache, and
 * classify() on a miss. */
static __attribute__((noinline)) centry lookup_slow(jm_analyzer *an, const jm_rawtok *tok)
{
    size_t n = tok->len;
    centry r = { 0, 0, 0, 1, 0 };
    cslot e;
    if (n <= SHORT_MAX) {
        uint64_t k[2];
        short_key(tok, k);
        size_t mask = ((size_t)1 << an->sbits) - 1;
        size_t i = short_hash(k, an->sbits);
        for (;;) {
            const sslot *sl = &an->sslots[i];
            if (sl->k[0] == k[0] && sl->k[1] == k[1]) {
                r.term = sl->term;
                r.flags = sl->flags;
                r.kind = sl->kind;
                r.ph = sl->ph;
                return r;
            }
            if (!sl->k[0]) break;
            i = (i + 1) & mask;
        }
        if (classify(an, tok->fold, n, &e)) { r.ok = 0; return r; }
        r.term = e.term;
        r.flags = e.flags;
        r.kind = e.kind;
        r.ph = e.ph;
        if (2 * (an->sused + 1) > mask + 1) {
            if (short_grow(an)) return r;    /* works uncached */
            mask = ((size_t)1 << an->sbits) - 1;
            i = short_hash(k, an->sbits);
            while (an->sslots[i].k[0]) i = (i + 1) & mask;
        }
        sslot *sl = &an->sslots[i];
        sl->k[0] = k[0];
        sl->k[1] = k[1];
        sl->term = e.term;
        sl->flags = e.flags;
        sl->kind = e.kind;
        sl->ph = e.ph;
        an->sused++;
        return r;
    }
    if (n > CKEY) {
        if (classify(an, tok->fold, n, &e)) { r.ok = 0; return r; }
        r.term = e.term;
        r.flags = e.flags;
        r.kind = e.kind;
        r.ph = e.ph;
        return r;
    }
    uint64_t h = hash_padded(tok->fold, n);
    uint64_t tag = h & 0xFFFFFFFF00000000ULL;
    uint32_t i = (uint32_t)h & an->cmask;
    for (;;) {
        uint64_t sl = an->slots[i];
        if (!sl) break;
        if ((sl & 0xFFFFFFFF00000000ULL) == tag) {
            const cslot *c = &an->cache[(uint32_t)sl - 1];
            if (c->h == h && c->len == n && same_key(c->key, tok->fold, n)) {
                r.term = c->term;
                r.flags = c->flags;
                r.kind = c->kind;
                r.ph = c->ph;
                return r;
            }
        }
        i = (i + 1) & an->cmask;
    }
    if (classify(an, tok->fold, n, &e)) { r.ok = 0; return r; }
    r.term = e.term;
    r.flags = e.flags;
    r.kind = e.kind;
    r.ph = e.ph;
    if (an->cused == an->ccap) {
        if (cache_grow(an)) return r;        /* works uncached */
        i = (uint32_t)h & an->cmask;
        while (an->slots[i]) i = (i + 1) & an->cmask;
    }
    cslot *c = &an->cache[an->cused];
    memset(c, 0, sizeof *c);
    c->h = h;
    c->term = e.term;
    c->flags = e.flags;
    c->kind = e.kind;
    c->ph = e.ph;
    c->len = (uint8_t)n;
    memcpy(c->key, tok->fold, n);            /* the rest of key stays zero */
    an->slots[i] = tag | (an->cused + 1);
    an->cused++;
    return r;
}

/* ---------------------------------------------------------------------- */
/* the run                                                                 */
/* ---------------------------------------------------------------------- */

static int techish(unsigned kind)
{
    return kind == JM_KIND_TECH || kind == JM_KIND_LANGUAGE ||
           kind == JM_KIND_SKILL || kind == JM_KIND_FIELD;
}

/* Emits phrase term pid, which spans from the previous term to end. */
static __attribute__((noinline)) int emit_phrase(run *r, jm_aterm *a, size_t end, uint32_t pid)
{
    a->pub.text = r->text + r->prev_start;
    a->pub.text_len = end - r->prev_start;
    if (r->strings) {
        const jm_skey *p = &r->an->terms.keys[pid];
        a->pub.term = p->s;
        a->pub.term_len = p->len;
    }
    a->pub.start = r->prev_start;
    a->pub.flags = JM_TOKEN_PHRASE;
    a->term_id = pid;
    a->joins_prev = 0;
    a->kind = 0;
    a->pair_prev = JM_NO_PAIR;
    return r->fn(r->ud, a) ? JM_ESTOP : JM_OK;
}

/* The phrase term that (r->prev, id) makes, or -1: the filter first, the
 * table on its rare hits. */
static inline long find_phrase(const run *r, uint32_t id)
{
    const phrase_tab *p = &r->an->tab->phrases;
    uint64_t h = phrase_hash(r->prev, id);
    return phrase_maybe(p, h) ? phrase_find(p, r->prev, id, h) : -1;
}

#define TM_META (TM_KIND | TM_PH_FIRST | TM_PH_SECOND)

/* The TM_META bits of a cache entry. */
static inline unsigned centry_meta(centry e)
{
    return e.kind | (unsigned)e.ph << 8;
}

/* Emits term id, spanning [start, end), then the phrase it closes, if any.
 * meta is the term's TM_META bits: given by the word cache, so that when
 * the callback takes no strings the term table is not read at all (its
 * entries are scattered by id: reading one was the costliest cache miss of
 * the analysis). */
static inline __attribute__((always_inline)) int
emit(run *r, size_t start, size_t end, uint32_t id, unsigned meta,
     unsigned lexflag)
{
    jm_aterm a;
    a.pub.text = r->text + start;
    a.pub.text_len = end - start;
    a.pub.term = NULL;
    a.pub.term_len = 0;
    if (r->strings) {
        const jm_skey *k = &r->an->terms.keys[id];
        a.pub.term = k->s;
        a.pub.term_len = k->len;
    }
    a.pub.start = start;
    a.pub.end = end;
    a.pub.flags = lexflag ? JM_TOKEN_LEXICON : 0;
    a.term_id = id;
    a.joins_prev = r->have_prev & !r->gap;
    a.kind = meta & TM_KIND;
    /* the phrase is looked up first: a pair that is one is no pair term */
    long pid = -1;
    if (a.joins_prev && (r->prev_meta & TM_PH_FIRST) && (meta & TM_PH_SECOND))
        pid = find_phrase(r, id);
    a.pair_prev = a.joins_prev && pid < 0 ? r->prev : JM_NO_PAIR;
    a.pair_start = r->prev_start;
    if (r->fn(r->ud, &a)) return JM_ESTOP;
    if (pid >= 0 && emit_phrase(r, &a, end, (uint32_t)pid)) return JM_ESTOP;
    if (lexflag && techish(meta & TM_KIND)) r->tech_dist = 0;
    r->have_prev = 1;
    r->gap = 0;
    r->prev = id;
    r->prev_meta = meta;
    r->prev_start = start;
    return JM_OK;
}

/* The longest multi-word lexicon entry starting at ring[head] (count
 * tokens buffered): its token count (>= 2) and canonical id, or 0. The key
 * grows by one token while it is a known prefix, so that a common starter
 * ("data", "the") costs one failed prefix lookup. */
static size_t match_multi(jm_analyzer *an, size_t head, size_t count, uint32_t *canon)
{
    const jm_lexicon *lx = &an->tab->lex;
    size_t max = JM_MIN(count, lx->max_words), best = 0;
    const jm_rawtok *t = &an->ring[head & (RING - 1)];
    /* a fold has a dot only when JM_TF_DOTTED is set: without one, the
     * key is the fold (as for the words after it below) */
    size_t klen = t->len;
    if (t->flags & JM_TF_DOTTED) klen = jm_lexicon_tokkey(t->fold, t->len, an->key);
    else memcpy(an->key, t->fold, t->len);
    for (size_t n = 1; n < max; n++) {
        t = &an->ring[(head + n) & (RING - 1)];
        if ((t->flags & JM_TF_BREAK) || !t->len || (t->flags & JM_TF_LONG)) break;
        if (t->flags & JM_TF_DOTTED) {
            klen += jm_lexicon_tokkey(t->fold, t->len, an->key + klen);
        } else {
            memcpy(an->key + klen, t->fold, t->len);
            klen += t->len;
        }
        uint64_t h = jm_hash(an->key, klen);
        /* every key is a prefix too: test the prefix first */
        if (!jm_lexicon_maybe_prefix(lx, h) ||
            jm_strtab_find(&lx->prefixes, an->key, klen, h) < 0)
            break;
        long id = jm_strtab_find(&lx->keys, an->key, klen, h);
        if (id >= 0) {
            *canon = lx->keys.keys[id].val;
            best = n + 1;
        }
    }
    return best;
}

/* 1 when a tech-ish lexicon word is among the next 3 tokens (same
 * sentence) or a tech-ish term among the 3 before. */
static int tech_context(run *r, size_t head, size_t count)
{
    if (r->tech_dist <= 3) return 1;
    jm_analyzer *an = r->an;
    for (size_t i = 1; i < count && i <= 3; i++) {
        const jm_rawtok *t = &an->ring[(head + i) & (RING - 1)];
        if (t->flags & JM_TF_SENT) break;
        if (t->type != JM_TT_WORD || t->len > CKEY) continue;
        centry e = lookup(an, t);
        if (!e.ok) return 0;
        if ((e.flags & CF_LEX) && !(e.flags & CF_AMBIG) && techish(e.kind)) return 1;
    }
    return 0;
}

/* Applies the rule of an ambiguous short form (see the top of this file):
 * returns the term id, or -1 when the token is not a term here. */
static long resolve_ambig(run *r, size_t head, size_t count, const jm_rawtok *t,
                          unsigned cls)
{
    jm_analyzer *an = r->an;
    const uint32_t *target = an->tab->target;
    const jm_rawtok *next = count > 1 ? &an->ring[(head + 1) & (RING - 1)] : NULL;
    unsigned f = t->flags;
    switch (cls) {
    case AM_IT:
        if (!(f & JM_TF_ALLCAPS)) return -1;
        if (next && !(next->flags & JM_TF_BREAK) && (next->flags & JM_TF_ALLCAPS) &&
            next->type == JM_TT_WORD && next->len <= CKEY) {
            centry e = lookup(an, next);
            if (!e.ok || (e.flags & CF_STOP)) return -1;
        }
        return target[AM_IT];
    case AM_ML:
        if (r->prev_type == JM_TT_NUMBER && !(f & JM_TF_BREAK)) return -1;
        return target[AM_ML];
    case AM_GO:
        if (!(f & JM_TF_UPPER)) return -1;
        return tech_context(r, head, count) ? (long)target[AM_GO] : -1;
    case AM_C:
        if (next && (next->flags & JM_TF_GLUE) && !(next->flags & JM_TF_SLASH))
            return -1;                   /* C-level, C-suite */
        /* fall through */
    case AM_R:
    case AM_CV:
        if (!(f & JM_TF_ALLCAPS) || (f & JM_TF_GLUE && !(f & JM_TF_SLASH)))
            return -1;
        return tech_context(r, head, count) ? (long)target[cls] : -1;
    default:
        return -1;
    }
}

/* jm_analyzer_terms() and jm_analyzer_ids(); strings: see run.strings. */
static inline __attribute__((always_inline)) int
analyze(jm_analyzer *an, const char *text, size_t len, jm_aterm_fn fn, void *ud,
        int strings)
{
    jm_tokenizer tz;
    run r;
    size_t head = 0, count = 0;
    size_t look = an->tab->lex.max_words;
    int eof = 0, rc = JM_OK;

    memset(&r, 0, sizeof r);
    r.an = an;
    r.text = text;
    r.fn = fn;
    r.ud = ud;
    r.tech_dist = 100;
    r.strings = strings;
    if (look < 4) look = 4;          /* the ambiguity rules look 3 ahead */
    jm_tokenizer_init(&tz, text, len);
    for (;;) {
        if (!eof && count < look) {
            /* the ring is filled whole, many tokens a call; the rules see
             * the same tokens, as they look at most look ahead */
            size_t want = RING - count;
            size_t got = jm_tokenizer_fill(&tz, an->ring, RING - 1, head + count, want);
            for (size_t i = 0; i < got; i++) {
                size_t at = (head + count + i) & (RING - 1);
                const jm_rawtok *nt = &an->ring[at];
                if (nt->len <= SHORT_MAX) {
                    /* the slot is read a few tokens later: fetch it now */
                    an->ringh[at] = first_slot(an, nt);
                    __builtin_prefetch(&an->sslots[an->ringh[at]]);
                }
            }
            count += got;
            eof = got < want;
        }
        if (!count) break;
        const jm_rawtok *t = &an->ring[head & (RING - 1)];
        size_t used = 1;
        if (t->flags & JM_TF_SENT) r.tech_dist = 100;
        if (t->flags & JM_TF_BREAK) r.gap = 1;
        if (r.tech_dist < 100) r.tech_dist++;
        if ((t->type == JM_TT_WORD || (t->flags & JM_TF_DOMAIN)) &&
            !(t->flags & JM_TF_LONG)) {
            const centry ce = lookup_at(an, t, an->ringh[head & (RING - 1)]);
            uint32_t canon;
            size_t n;
            if (!ce.ok) { rc = JM_ENOMEM; break; }
            const unsigned ef = ce.flags;
            const uint32_t eterm = ce.term;
            if ((ef & CF_MULTI) && count > 1 &&
                (n = match_multi(an, head, count, &canon)) != 0) {
                const jm_rawtok *last = &an->ring[(head + n - 1) & (RING - 1)];
                if ((rc = emit(&r, t->start, last->end, canon,
                               an->terms.keys[canon].val & TM_META, 1)))
                    break;
                used = n;
            } else if (t->type != JM_TT_WORD) {
                if (ef & CF_LEX) {      /* asp.net: a name, not a site */
                    if ((rc = emit(&r, t->start, t->end, eterm, centry_meta(ce), 1))) break;
                } else {
                    r.gap = 1;
                }
            } else if (ef & CF_AMBIG) {
                long id = resolve_ambig(&r, head, count, t, (ef & CF_AMBIG) >> 4);
                if (id < 0) r.gap = 1;
                else if ((rc = emit(&r, t->start, t->end, (uint32_t)id,
                                    an->terms.keys[id].val & TM_META, 1)))
                    break;
            } else if (ef & (CF_STOP | CF_DROP)) {
                r.gap = 1;
            } else if ((ef & CF_MONTH) && count > 1 &&
                       is_year(&an->ring[(head + 1) & (RING - 1)])) {
                r.gap = 1;                   /* a date: "May 2019" */
            } else if ((rc = emit(&r, t->start, t->end, eterm, centry_meta(ce),
                                  ef & CF_LEX))) {
                break;
            }
        } else {
            r.gap = 1;                       /* number, contact detail */
        }
        r.prev_type = an->ring[(head + used - 1) & (RING - 1)].type;
        head += used;
        count -= used;
    }
    return rc;
}

int jm_analyzer_terms(jm_analyzer *an, const char *text, size_t len,
                      jm_aterm_fn fn, void *ud)
{
    return analyze(an, text, len, fn, ud, 1);
}

int jm_analyzer_ids(jm_analyzer *an, const char *text, size_t len,
                    jm_aterm_fn fn, void *ud)
{
    return analyze(an, text, len, fn, ud, 0);
}

/* Adapter from jm_aterm to the public jm_token callback. */
struct pub_ctx {
    jm_token_fn fn;
    void *ud;
};

static int pub_cb(void *ud, const jm_aterm *t)
{
    struct pub_ctx *c = ud;
    return c->fn(c->ud, &t->pub);
}

int jm_analyzer_run(jm_analyzer *an, const char *text, size_t len,
                    jm_token_fn fn, void *ud)
{
    struct pub_ctx c = { fn, ud };
    return jm_analyzer_terms(an, text, len, pub_cb, &c);
}

/* This file contains occupations (see occupation.h): the title table, built
 * from titles (data/occupations.tsv, --occupations FILE) with the engine's
 * analyzer or loaded compiled (data/occupations.bin, embedded), and the
 * occupation vectors of texts. */
#include "score/occupation.h"
#include "text/analyzer.h"
#include "text/lexicon.h"
#include "base/strtab.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Keys: occupation i is key i; broad group g (15-125x) key n_occ + g;
 * minor group g (15-12xx) key n_occ + n_broad + g. */

/* One occupation: its code and title point into the titles' bytes (built
 * at run time) or into the compiled table (loaded). */
typedef struct {
    const char *code, *title;
    size_t code_len, title_len;
    uint32_t broad, minor;     /* its groups' keys */
} occupation;

/* The table keeps the titles in the order first read, their words and
 * occupations in two shared arrays, and an open-addressing index of 8-byte
 * entries over them rather than the titles themselves, so that the memory
 * probed at random stays small: 1 MB for O*NET's 41,000 distinct titles,
 * where 24-byte slots took 3 MB and their probes were a good part of the
 * build.
 *
 * A title's words are the table's own word numbers, not the analyzer's
 * term ids, so that the compiled table (jm_occtab_write) does not depend
 * on the order in which an analyzer happened to meet its terms: local_of
 * turns an analyzer's term id into the word number. */

/* A title as a run of word numbers, and the occupations it names. While
 * the table is built, occs is the last occupation added to the title and
 * n_occs counts them (see add_title and place_occupations). */
typedef struct {
    uint32_t ids, n_ids;       /* its words: t->ids[ids .. ids + n_ids) */
    uint32_t occs, n_occs;     /* its occupations: t->occ_of[occs ..) */
} title_run;

/* An index entry: the high half of the title's hash, so that a probe
 * reads a title only when that half matches (nearly all probes of a text
 * find no title), and the title's number + 1 below; 0: an empty entry. */
#define TAG 0xFFFFFFFF00000000ULL
/* local_of's mark of a term that is no word of any title */
#define NO_WORD UINT32_MAX

struct jm_occtab {
    occupation *occ;           /* owned */
    size_t n_occ, n_broad, n_minor;
    const uint64_t *index;     /* at most half full: it never grows */
    uint32_t mask;             /* index entries - 1 */
    const title_run *titles;   /* in the order first read */
    size_t n_titles;
    const uint32_t *ids;       /* the runs of every title (word numbers) */
    size_t n_ids;
    const uint32_t *occ_of;    /* occupation indexes, by title */
    size_t n_occ_of;
    uint32_t *local_of;        /* owned: word number by analyzer term id,
                                  NO_WORD for a term of no title */
    size_t n_local_of;
    uint32_t *term_of;         /* owned: analyzer term id by word number */
    size_t n_words;
    void *built[4];            /* index, titles, ids, occ_of when built
                                  at run time (owned); NULL when they point
                                  into a compiled table */
};

/* A (title, occupation) pair gathered while reading the titles, by the
 * title's number, in the order of the lines (so of the occupations). */
typedef struct {
    uint32_t title, occ;
} pair;

static uint64_t hash_ids(const uint32_t *ids, size_t n)
{
    return jm_hash(ids, n * sizeof *ids);
}

/* The index slot of run ids[0..n) (h its hash_ids), or the empty slot
 * where it would go. */
static uint32_t find_slot(const jm_occtab *t, const uint32_t *ids, size_t n, uint64_t h)
{
    for (uint32_t i = (uint32_t)h & t->mask;; i = (i + 1) & t->mask) {
        uint64_t en = t->index[i];
        if (!en) return i;
        if ((en & TAG) == (h & TAG)) {
            const title_run *ti = &t->titles[(uint32_t)en - 1];
            if (ti->n_ids == n && !memcmp(t->ids + ti->ids, ids, n * sizeof *ids))
                return i;
        }
    }
}

/* ---- building from titles ---------------------------------------------- */

/* The build costs about what analyzing its 60,000 titles costs, one
 * analyzer run each (one run over all of them, with separators, measured
 * no faster): everything is sized once from the file (size_for), a title
 * joins the index as it is read, and the occupations are put in place by
 * a counting sort of the (title, occupation) pairs (place_occupations).
 * The default titles are built once, by `make model`, and embedded
 * compiled (see jm_engine_occupations). */

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

/* The table under construction, with the writable views of its arrays. */
typedef struct {
    jm_occtab *t;
    uint64_t *index;           /* t->index */
    title_run *titles;         /* room for every title of the file */
    uint32_t *ids;             /* room for cap_ids word numbers */
    size_t cap_ids;
    size_t cap_words;          /* room in t->term_of */
    pair *pairs;               /* room for every title of the file */
    size_t n_pairs;
} builder;

/* 1 when term id names a person: an occupation noun of the lexicon, or a
 * word with a person's suffix (analyst, teacher, technician). A one-word
 * title that does not ("Models", "Intern", "Nurse") is too often a plain
 * word of a CV or posting ("machine learning models") to be looked for. */
static int names_a_person(jm_analyzer *an, uint32_t id)
{
    static const char *const suffixes[] = { "er", "or", "ist", "yst", "ian", "ant", "ent" };
    size_t len;
    const char *s = jm_analyzer_term_str(an, id, &len);
    if (jm_analyzer_term_kind(an, id) == JM_KIND_ROLE) return 1;
    for (size_t i = 0; i < JM_ARRAY_LEN(suffixes); i++) {
        size_t n = strlen(suffixes[i]);
        if (len > n + 2 && !memcmp(s + len - n, suffixes[i], n)) return 1;
    }
    return 0;
}

/* Sets *word to the word number of analyzer term id, numbering it when it
 * is new. JM_OK or JM_ENOMEM. */
static int word_of(builder *b, jm_analyzer *an, uint32_t id, uint32_t *word)
{
    jm_occtab *t = b->t;
    if (id >= t->n_local_of) {
        size_t n = JM_MAX(jm_analyzer_term_count(an), (size_t)id + 1);
        uint32_t *m = jm_realloc(t->local_of, n * sizeof *m);
        if (!m) return JM_ENOMEM;
        for (size_t i = t->n_local_of; i < n; i++) m[i] = NO_WORD;
        t->local_of = m;
        t->n_local_of = n;
    }
    if (t->local_of[id] == NO_WORD) {
        if (jm_grow(&t->term_of, &b->cap_words, t->n_words, sizeof *t->term_of, 1024))
            return JM_ENOMEM;
        t->term_of[t->n_words] = id;
        t->local_of[id] = (uint32_t)t->n_words++;
    }
    *word = t->local_of[id];
    return JM_OK;
}

/* Adds title s[0..n) of occupation occ, when the analyzer makes it one run
 * of terms that covers all of it. JM_OK or JM_ENOMEM. */
static int add_title(jm_analyzer *an, builder *b, const char *s, size_t n,
                     uint32_t occ)
{
    jm_occtab *t = b->t;
    title_terms tt = {0};
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\r')) n--;
    while (n && s[0] == ' ') { s++; n--; }
    int rc = jm_analyzer_terms(an, s, n, on_title_term, &tt);
    if (rc == JM_ENOMEM) return rc;
    /* A title the analyzer drops a word of ("IT specialist": "it" is a
     * stopword there) would be found in texts that lack that word. */
    if (tt.bad || !tt.n || tt.end != n) return JM_OK;
    if (tt.n == 1 && !names_a_person(an, tt.ids[0])) return JM_OK;
    for (size_t i = 0; i < tt.n; i++)
        if (word_of(b, an, tt.ids[i], &tt.ids[i])) return JM_ENOMEM;
    uint64_t h = hash_ids(tt.ids, tt.n);
    uint64_t *en = &b->index[find_slot(t, tt.ids, tt.n, h)];
    if (!*en) {
        if (t->n_ids + tt.n > b->cap_ids) return JM_OK;   /* never: see size_for */
        memcpy(b->ids + t->n_ids, tt.ids, tt.n * sizeof *tt.ids);
        b->titles[t->n_titles] = (title_run){ (uint32_t)t->n_ids, (uint32_t)tt.n, 0, 0 };
        t->n_ids += tt.n;
        *en = (h & TAG) | ++t->n_titles;
    }
    uint32_t k = (uint32_t)*en - 1;
    title_run *ti = &b->titles[k];
    /* occupations come in order, so the last one added to a title is the
     * only one that can come again */
    if (ti->n_occs && ti->occs == occ) return JM_OK;   /* twice in one line */
    ti->occs = occ;
    ti->n_occs++;
    b->pairs[b->n_pairs++] = (pair){ k, occ };
    return JM_OK;
}

/* Sizes t and b for the titles of data[0..len): its lines (occupations)
 * and '|' (other titles) bound how many there can be, so that nothing
 * grows or moves while they are read (no rehashing, no copies). The bound
 * counts every title and JM_OCC_MAX_WORDS ids each; the distinct titles
 * (41,000 of O*NET's 60,000, 2.7 ids each) fill less, and the pages they
 * leave over are never touched. JM_OK or JM_ENOMEM. */
static int size_for(builder *b, const char *data, size_t len)
{
    jm_occtab *t = b->t;
    size_t lines = 1, bars = 0;
    const char *p, *end = data + len;
    /* memchr: about 0.4 ms for both, against 0.9 for one loop over the
     * bytes that counts both */
    for (p = data; (p = memchr(p, '\n', (size_t)(end - p))); p++) lines++;
    for (p = data; (p = memchr(p, '|', (size_t)(end - p))); p++) bars++;
    /* a line: its title, a first other title, one more after each '|' */
    size_t titles = 2 * lines + bars, entries = 16;
    while (entries < 2 * titles) entries *= 2;   /* at most half full */
    if (entries > (size_t)UINT32_MAX) return JM_ENOMEM;
    t->occ = jm_calloc(lines, sizeof *t->occ);
    t->index = t->built[0] = b->index = jm_calloc(entries, sizeof *b->index);
    t->titles = t->built[1] = b->titles = jm_malloc(titles * sizeof *b->titles);
    /* a word takes a byte and a separator at least: a file of odd lines
     * ("||||...") reserves no more than its own size in ids */
    b->cap_ids = JM_MIN(titles * JM_OCC_MAX_WORDS, len / 2 + 2);
    t->ids = t->built[2] = b->ids = jm_malloc(b->cap_ids * sizeof *b->ids);
    b->pairs = jm_malloc(titles * sizeof *b->pairs);
    if (!t->occ || !b->index || !b->titles || !b->ids || !b->pairs) return JM_ENOMEM;
    t->mask = (uint32_t)(entries - 1);
    return JM_OK;
}

/* Reads the lines "code<TAB>title<TAB>other|other..." ('#': comment). */
static int read_titles(jm_analyzer *an, builder *b, const char *data, size_t len)
{
    jm_occtab *t = b->t;
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
        int rc = add_title(an, b, o->title, o->title_len, idx);
        const char *s = tab2 + 1, *end = line + ll;
        while (!rc && s < end) {
            const char *bar = memchr(s, '|', (size_t)(end - s));
            const char *stop = bar ? bar : end;
            rc = add_title(an, b, s, (size_t)(stop - s), idx);
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

/* Makes the occupations of each title a run of t->occ_of, in the order
 * they were added (the lines' order): a counting sort of the pairs by
 * title. JM_OK or JM_ENOMEM. */
static int place_occupations(builder *b)
{
    jm_occtab *t = b->t;
    uint32_t *occ_of = jm_malloc((b->n_pairs + 1) * sizeof *occ_of);
    if (!occ_of) return JM_ENOMEM;
    t->occ_of = t->built[3] = occ_of;
    t->n_occ_of = b->n_pairs;
    uint32_t n = 0;
    for (size_t i = 0; i < t->n_titles; i++) {
        title_run *ti = &b->titles[i];
        ti->occs = n;          /* its run starts here... */
        n += ti->n_occs;
        ti->n_occs = 0;        /* ...and fills up again below */
    }
    for (size_t i = 0; i < b->n_pairs; i++) {
        title_run *ti = &b->titles[b->pairs[i].title];
        occ_of[ti->occs + ti->n_occs++] = b->pairs[i].occ;
    }
    return JM_OK;
}

int jm_occtab_build(jm_analyzer *an, const char *data, size_t len, jm_occtab **out)
{
    jm_occtab *t = jm_calloc(1, sizeof *t);
    builder b = { .t = t };
    int rc = JM_ENOMEM;
    *out = NULL;
    if (!t) return rc;
    rc = size_for(&b, data, len);
    if (!rc) rc = read_titles(an, &b, data, len);
    if (!rc) rc = place_occupations(&b);
    jm_free(b.pairs);
    if (rc) {
        jm_occtab_free(t);
        return rc;
    }
    *out = t;
    return JM_OK;
}

/* ---- the compiled table ------------------------------------------------ */

/* The compiled table: see jm_occ_header in occupation.h. */

/* An occupation in the compiled table: offsets into the strings. */
typedef struct {
    uint32_t code, code_len, title, title_len;
    uint32_t broad, minor;     /* its groups' keys */
} occ_rec;

static const uint32_t probe_run[JM_OCC_MAX_WORDS] = { 1, 22, 333, 4444, 55555, 666666 };

static size_t align8(size_t n) { return (n + 7) & ~(size_t)7; }

/* The byte sizes of the arrays after header h (see jm_occ_header). */
static void sizes(const jm_occ_header *h, size_t size[7])
{
    size[0] = ((size_t)h->mask + 1) * sizeof(uint64_t);
    size[1] = (size_t)h->n_titles * sizeof(title_run);
    size[2] = (size_t)h->n_ids * sizeof(uint32_t);
    size[3] = (size_t)h->n_occ_of * sizeof(uint32_t);
    size[4] = (size_t)h->n_occ * sizeof(occ_rec);
    size[5] = ((size_t)h->n_words + 1) * sizeof(uint32_t);
    size[6] = h->strings_len;
}

void jm_occ_layout(const jm_occ_header *h, size_t off[8])
{
    size_t size[7];
    sizes(h, size);
    off[0] = align8(sizeof *h);
    for (size_t i = 0; i < 7; i++) off[i + 1] = off[i] + align8(size[i]);
}

int jm_occtab_write(jm_analyzer *an, const jm_occtab *t, const char *titles,
                    size_t titles_len, jm_buf *out)
{
    jm_occ_header h = { .order = 0x01020304, .n_occ = (uint32_t)t->n_occ,
                        .n_broad = (uint32_t)t->n_broad, .n_minor = (uint32_t)t->n_minor,
                        .n_titles = (uint32_t)t->n_titles, .n_ids = (uint32_t)t->n_ids,
                        .n_occ_of = (uint32_t)t->n_occ_of, .n_words = (uint32_t)t->n_words,
                        .mask = t->mask,
                        .hash_probe = hash_ids(probe_run, JM_OCC_MAX_WORDS),
                        .analyzer = jm_analyzer_fingerprint(an),
                        .source_len = titles_len,
                        .source_hash = jm_fnv1a64(titles, titles_len, JM_FNV_SEED) };
    memcpy(h.magic, JM_OCC_MAGIC, sizeof JM_OCC_MAGIC);
    jm_buf strings = {0};
    uint32_t *words = jm_malloc((t->n_words + 1) * sizeof *words);
    occ_rec *recs = jm_calloc(t->n_occ + 1, sizeof *recs);
    int rc = words && recs ? JM_OK : JM_ENOMEM;
    for (size_t i = 0; !rc && i < t->n_words; i++) {
        size_t len;
        const char *s = jm_analyzer_term_str(an, t->term_of[i], &len);
        words[i] = (uint32_t)strings.len;
        rc = jm_buf_append(&strings, s, len + 1);
    }
    if (!rc) words[t->n_words] = (uint32_t)strings.len;
    for (size_t i = 0; !rc && i < t->n_occ; i++) {
        const occupation *o = &t->occ[i];
        recs[i] = (occ_rec){ (uint32_t)strings.len, (uint32_t)o->code_len,
                             (uint32_t)(strings.len + o->code_len), (uint32_t)o->title_len,
                             o->broad, o->minor };
        rc = jm_buf_append(&strings, o->code, o->code_len);
        if (!rc) rc = jm_buf_append(&strings, o->title, o->title_len);
    }
    h.strings_len = (uint32_t)strings.len;
    size_t off[8], size[7];
    jm_occ_layout(&h, off);
    sizes(&h, size);
    const void *part[7] = { t->index, t->titles, t->ids, t->occ_of, recs, words,
                            strings.data };
    size_t at = out->len;
    if (!rc) rc = jm_buf_reserve(out, off[7]);
    if (!rc) {
        /* zeroed first: the padding between arrays is part of the bytes
         * that `make model` must make the same every time */
        memset(out->data + at, 0, off[7]);
        memcpy(out->data + at, &h, sizeof h);
        for (size_t i = 0; i < 7; i++)
            if (size[i]) memcpy(out->data + at + off[i], part[i], size[i]);
        out->len = at + off[7];
    }
    jm_free(words);
    jm_free(recs);
    jm_buf_free(&strings);
    return rc;
}

/* 1 when the arrays of the compiled table t (loaded from h) hold together:
 * every offset, count and key within its array. */
static int compiled_ok(const jm_occtab *t, const jm_occ_header *h, const occ_rec *recs,
                       const uint32_t *words, const char *strings)
{
    size_t keys = t->n_occ + t->n_broad + t->n_minor;
    for (size_t i = 0; i < h->n_words; i++)
        if (words[i] >= words[i + 1] || words[i + 1] > h->strings_len ||
            strings[words[i + 1] - 1])
            return 0;
    for (size_t i = 0; i < t->n_titles; i++) {
        const title_run *ti = &t->titles[i];
        /* n_ids first: t->n_ids - ti->n_ids must not wrap around */
        if (!ti->n_ids || ti->n_ids > JM_OCC_MAX_WORDS || ti->n_ids > t->n_ids ||
            ti->ids > t->n_ids - ti->n_ids ||
            !ti->n_occs || ti->occs > t->n_occ_of || ti->n_occs > t->n_occ_of - ti->occs)
            return 0;
    }
    /* ids are only compared, never used to index: they need no check;
     * the index must name each title once, and have empty slots (where
     * a probe stops) */
    size_t used = 0;
    for (size_t i = 0; i <= t->mask; i++) {
        /* a used entry names title 1 to n_titles: a tag over title 0
         * would read titles[-1] */
        uint32_t title = (uint32_t)t->index[i];
        if (title > t->n_titles || (!title && t->index[i])) return 0;
        used += t->index[i] != 0;
    }
    if (used != t->n_titles) return 0;
    for (size_t i = 0; i < t->n_occ_of; i++)
        if (t->occ_of[i] >= t->n_occ) return 0;
    for (size_t i = 0; i < t->n_occ; i++) {
        const occ_rec *r = &recs[i];
        if (r->code > h->strings_len || r->code_len > h->strings_len - r->code ||
            r->code_len < 7 || r->title > h->strings_len ||
            r->title_len > h->strings_len - r->title || r->broad < t->n_occ ||
            r->broad >= t->n_occ + t->n_broad || r->minor < t->n_occ + t->n_broad ||
            r->minor >= keys)
            return 0;
    }
    return 1;
}

/* Interns the compiled table's words into e's analyzer (term_of,
 * local_of). JM_OK, JM_ENOMEM, JM_EMODEL (a word twice). */
static int link_words(jm_analyzer *an, jm_occtab *t, const uint32_t *words,
                      const char *strings)
{
    for (size_t i = 0; i < t->n_words; i++)
        if (jm_analyzer_intern(an, strings + words[i], words[i + 1] - words[i] - 1,
                               &t->term_of[i]))
            return JM_ENOMEM;
    t->n_local_of = jm_analyzer_term_count(an);
    t->local_of = jm_malloc(t->n_local_of * sizeof *t->local_of);
    if (!t->local_of) return JM_ENOMEM;
    for (size_t i = 0; i < t->n_local_of; i++) t->local_of[i] = NO_WORD;
    for (size_t i = 0; i < t->n_words; i++) {
        if (t->local_of[t->term_of[i]] != NO_WORD) return JM_EMODEL;
        t->local_of[t->term_of[i]] = (uint32_t)i;
    }
    return JM_OK;
}

int jm_occtab_load(jm_analyzer *an, const void *data, size_t len, size_t titles_len,
                   jm_occtab **out)
{
    const char *p = data;
    jm_occ_header h;
    size_t off[8];
    *out = NULL;
    if (len < sizeof h || ((uintptr_t)data & 7)) return JM_EMODEL;
    memcpy(&h, p, sizeof h);
    if (memcmp(h.magic, JM_OCC_MAGIC, sizeof JM_OCC_MAGIC) || h.order != 0x01020304 ||
        h.analyzer != jm_analyzer_fingerprint(an) || h.source_len != titles_len ||
        h.n_titles > UINT32_MAX / 2 || h.hash_probe != hash_ids(probe_run, JM_OCC_MAX_WORDS) ||
        /* every group holds an occupation: more groups than occupations
         * would only size each vector (a double per key) from the header */
        h.n_broad > h.n_occ || h.n_minor > h.n_occ ||
        (h.mask & (h.mask + 1)) || (uint64_t)h.mask + 1 < 2 * (uint64_t)h.n_titles)
        return JM_EMODEL;
    jm_occ_layout(&h, off);
    if (off[7] != len) return JM_EMODEL;
    jm_occtab *t = jm_calloc(1, sizeof *t);
    if (!t) return JM_ENOMEM;
    t->n_occ = h.n_occ;
    t->n_broad = h.n_broad;
    t->n_minor = h.n_minor;
    t->index = (const uint64_t *)(const void *)(p + off[0]);
    t->mask = h.mask;
    t->titles = (const title_run *)(const void *)(p + off[1]);
    t->n_titles = h.n_titles;
    t->ids = (const uint32_t *)(const void *)(p + off[2]);
    t->n_ids = h.n_ids;
    t->occ_of = (const uint32_t *)(const void *)(p + off[3]);
    t->n_occ_of = h.n_occ_of;
    const occ_rec *recs = (const occ_rec *)(const void *)(p + off[4]);
    const uint32_t *words = (const uint32_t *)(const void *)(p + off[5]);
    const char *strings = p + off[6];
    t->n_words = h.n_words;
    int rc = compiled_ok(t, &h, recs, words, strings) ? JM_OK : JM_EMODEL;
    if (!rc) {
        t->occ = jm_calloc(t->n_occ + 1, sizeof *t->occ);
        t->term_of = jm_malloc((t->n_words + 1) * sizeof *t->term_of);
        if (!t->occ || !t->term_of) rc = JM_ENOMEM;
    }
    for (size_t i = 0; !rc && i < t->n_occ; i++)
        t->occ[i] = (occupation){ strings + recs[i].code, strings + recs[i].title,
                                  recs[i].code_len, recs[i].title_len, recs[i].broad,
                                  recs[i].minor };
    if (!rc) rc = link_words(an, t, words, strings);
    if (rc) {
        jm_occtab_free(t);
        return rc;
    }
    *out = t;
    return JM_OK;
}

void jm_occtab_free(jm_occtab *t)
{
    if (!t) return;
    jm_free(t->occ);
    jm_free(t->local_of);
    jm_free(t->term_of);
    for (size_t i = 0; i < JM_ARRAY_LEN(t->built); i++) jm_free(t->built[i]);
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

/* The terms of a text: the table's word numbers (NO_WORD for a term of
 * no title), and where each run of adjacent terms starts. */
typedef struct {
    const jm_occtab *t;
    uint32_t *ids;
    unsigned char *starts;
    size_t n, cap;
    int oom;
} text_terms;

static int on_text_term(void *ud, const jm_aterm *a)
{
    text_terms *tt = ud;
    if (a->pub.flags & JM_TOKEN_PHRASE) return 0;
    /* two arrays of one capacity: the first grows with a copy of it */
    size_t cap_ids = tt->cap;
    if (jm_grow(&tt->ids, &cap_ids, tt->n, sizeof *tt->ids, 256) ||
        jm_grow(&tt->starts, &tt->cap, tt->n, sizeof *tt->starts, 256)) {
        tt->oom = 1;
        return 1;
    }
    tt->ids[tt->n] = a->term_id < tt->t->n_local_of ? tt->t->local_of[a->term_id] : NO_WORD;
    tt->starts[tt->n] = !a->joins_prev;
    tt->n++;
    return 0;
}

/* Adds what title ti names, found with n terms. */
static void add_find(const jm_occtab *t, const title_run *ti, size_t n, jm_occvec *v)
{
    double w = (double)n / ti->n_occs;
    for (uint32_t k = 0; k < ti->n_occs; k++) {
        const occupation *o = &t->occ[t->occ_of[ti->occs + k]];
        occvec_add(v, t->occ_of[ti->occs + k], w);
        occvec_add(v, o->broad, w / 2);
        occvec_add(v, o->minor, w / 4);
    }
}

int jm_occvec_add_text(jm_analyzer *an, const jm_occtab *t, const char *text,
                       size_t len, jm_occvec *v)
{
    text_terms tt = { .t = t };
    if (occvec_ready(v, t)) return JM_ENOMEM;
    int rc = jm_analyzer_ids(an, text, len, on_text_term, &tt);
    if (tt.oom || rc == JM_ENOMEM) rc = JM_ENOMEM;
    size_t run_end = 0;            /* end of the run of adjacent terms at i */
    for (size_t i = 0; !rc && i < tt.n;) {
        if (i >= run_end)
            for (run_end = i + 1; run_end < tt.n && !tt.starts[run_end]; run_end++) {}
        size_t n = JM_MIN(run_end - i, (size_t)JM_OCC_MAX_WORDS);
        for (; n > 0; n--) {       /* the longest title first */
            uint64_t en = t->index[find_slot(t, tt.ids + i, n, hash_ids(tt.ids + i, n))];
            if (en) { add_find(t, &t->titles[(uint32_t)en - 1], n, v); break; }
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

/* Sorts v's keys. They come mostly in order: a vector finished before
 * (a CV's, copied for each gap of jm_score) gains few keys, appended, and
 * an insertion sort of such a list costs a pass, where qsort cost 3,700
 * instructions a call (3% of rank). */
static void sort_keys(jm_occvec *v)
{
    uint32_t *k = v->keys;
    size_t n = v->n_keys;
    if (n > 256) {
        qsort(k, n, sizeof *k, by_key);
        return;
    }
    for (size_t i = 1; i < n; i++) {
        uint32_t key = k[i];
        size_t j = i;
        for (; j > 0 && k[j - 1] > key; j--) k[j] = k[j - 1];
        k[j] = key;
    }
}

void jm_occvec_finish(jm_occvec *v)
{
    double s = 0;
    sort_keys(v);
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

int jm_occvec_set(jm_occvec *dst, const jm_occvec *src)
{
    if (!dst->acc || dst->n_acc != src->n_acc) {
        jm_occvec_free(dst);
        return jm_occvec_copy(dst, src);
    }
    jm_occvec_clear(dst);
    for (size_t i = 0; i < src->n_keys; i++)
        dst->acc[src->keys[i]] = src->acc[src->keys[i]];
    memcpy(dst->keys, src->keys, src->n_keys * sizeof *dst->keys);
    memcpy(dst->e, src->e, src->n * sizeof *dst->e);
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

void jm_occvec_compact(jm_occvec *v)
{
    jm_free(v->acc);
    jm_free(v->keys);
    v->acc = NULL;
    v->keys = NULL;
    v->n_keys = v->n_acc = 0;
    /* the entries were allocated for every key of the table */
    jm_occ_entry *e = v->n ? jm_realloc(v->e, v->n * sizeof *e) : NULL;
    if (e) v->e = e;   /* a shrink that fails keeps the larger block */
}

void jm_occvec_free(jm_occvec *v)
{
    jm_free(v->acc);
    jm_free(v->keys);
    jm_free(v->e);
    memset(v, 0, sizeof *v);
}

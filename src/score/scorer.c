/* This file contains the scorer: a CV and a posting become section-weighted
 * TF-IDF vectors; their cosine is the score, explained exactly section by
 * section and term by term; the posting's missing terms are ranked by the
 * exact score gain of adding them (gaps), and its terms by weight
 * (keywords). The formulas are stated in jobmatch.h. */
#include "score/scorer.h"
#include "score/company.h"
#include "read/document.h"
#include "score/engine.h"
#include "base/idmap.h"
#include "text/lexicon.h"
#include "model/model.h"
#include "score/occupation.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* One term of the comparison, from either side. */
typedef struct {
    uint32_t id;            /* analyzer term id */
    unsigned lex_kind;      /* lexicon kind of the term, 0 for none */
    unsigned phrase;        /* a phrase term of the model ("a b") */
    unsigned role;          /* a role term ("^developer") */
    unsigned pair;          /* a pair term ("data|pipelin", analyzer.h) */
    uint32_t partner;       /* 1 + index of the entry paired with it: a
                               role term's word, a word's role term (they
                               are shown as one matched entry); 0: none */
    double idf;             /* idf(t) */
    double cv_tf;           /* weighted count in the CV */
    double p_tf;            /* weighted count in the posting */
    double p_content_tf;    /* the same, outside benefits and legal */
    double x_cv, x_p;       /* ln(1 + tf) x idf on each side */
    double p_best;          /* weighted count in its best posting section */
    jm_section_kind p_kind; /* kind of that section */
    const char *disp;       /* first occurrence in that section (posting
                               section text; whitespace not yet folded) */
    size_t disp_len;
    size_t first_occ;       /* index of its first CV occurrence, or SIZE_MAX */
    size_t last_occ;        /* index of its latest CV occurrence */
    size_t cur_sec;         /* posting section it was last counted in */
    double cur_count;       /* weighted count in that section */
    const char *cur_disp;   /* first occurrence in that section */
    size_t cur_disp_len;
    size_t term_off, disp_off;  /* offsets of its strings in the arena */
} entry;

/* A term's weighted count in one CV section, with its first evidence. */
typedef struct {
    uint32_t ent;           /* index into entries */
    uint32_t sec;           /* CV section index */
    double count;           /* weighted count in that section */
    size_t start, end;      /* first evidence in the CV as read */
} occurrence;

/* Working state of one comparison. */
typedef struct {
    jm_engine *e;
    jm_idmap map;           /* term id -> index into ents */
    entry *ents;
    size_t n_ents, cap_ents;
    occurrence *occs;
    size_t n_occs, cap_occs;
    /* the section being analyzed */
    const jm_doc *doc;
    size_t sec;             /* its index */
    double weight;          /* its weight */
    double role;            /* its role factor (jm_role_factor) */
    jm_aterm *roles;        /* its terms, when role > 0 */
    size_t n_roles, cap_roles;
    jm_aterm *pairs;        /* its terms that close a pair term */
    size_t n_pairs, cap_pairs;
    jm_section_kind kind;
    const char *text;       /* its analyzable text */
    int is_cv;
    jm_occvec cv_occ, p_occ;  /* the occupations each names */
    jm_occvec occ_after;      /* the CV's, with a gap's text added (scratch
                                 of occupation_after, reused per gap) */
    int cv_roles;           /* the CV has role terms: the posting's count */
    int oom;
    /* jm_pcount's memo of idf by term id (NAN: not looked up yet), so that
     * a stream of postings looks each term up in the model once; NULL in
     * a one-off scoring */
    double *idf_memo;
    size_t n_idf_memo;
    int memo_on;            /* keep idf_memo, and find entries by dense_ent */
    uint32_t *dense_ent;    /* with memo_on: 1 + entry index by term id,
                               0 for none (no hashing per occurrence) */
    size_t n_dense_ent;
} scoring;

double jm_role_factor(jm_section_kind k)
{
    return k == JM_SEC_CONTACT || k == JM_SEC_SUMMARY || k == JM_SEC_TITLE
               ? JM_ROLE_COUNT_FACTOR : 0;
}

/* idf(t) of term id (string str), from the memo when s keeps one. A memo
 * that cannot grow is no error: the model answers instead. */
static double idf_of(scoring *s, uint32_t id, const char *str, size_t len)
{
    if (s->memo_on && id < s->n_idf_memo && !isnan(s->idf_memo[id]))
        return s->idf_memo[id];
    double idf = jm_model_idf(s->e->model, str, len);
    if (!s->memo_on) return idf;
    if (id >= s->n_idf_memo) {
        size_t cap = s->n_idf_memo ? s->n_idf_memo : 4096;
        while (cap <= id) cap *= 2;
        double *m = jm_realloc(s->idf_memo, cap * sizeof *m);
        if (!m) return idf;
        for (size_t i = s->n_idf_memo; i < cap; i++) m[i] = NAN;
        s->idf_memo = m;
        s->n_idf_memo = cap;
    }
    s->idf_memo[id] = idf;
    return idf;
}

/* Sets the entry index of term id in s's dense map. JM_OK or JM_ENOMEM. */
static int dense_put(scoring *s, uint32_t id, uint32_t i)
{
    if (id >= s->n_dense_ent) {
        size_t cap = s->n_dense_ent ? s->n_dense_ent : 4096;
        while (cap <= id) cap *= 2;
        uint32_t *d = jm_realloc(s->dense_ent, cap * sizeof *d);
        if (!d) return JM_ENOMEM;
        memset(d + s->n_dense_ent, 0, (cap - s->n_dense_ent) * sizeof *d);
        s->dense_ent = d;
        s->n_dense_ent = cap;
    }
    s->dense_ent[id] = i + 1;
    return JM_OK;
}

/* The index of term id's entry, UINT32_MAX when it has none. */
static uint32_t entry_index(const scoring *s, uint32_t id)
{
    if (!s->memo_on) return jm_idmap_get(&s->map, id);
    return id < s->n_dense_ent ? s->dense_ent[id] - 1 : UINT32_MAX;
}

/* The entry of term id, added when new; NULL when out of memory. */
static entry *entry_for(scoring *s, uint32_t id, unsigned lex_kind,
                        unsigned phrase)
{
    uint32_t i = entry_index(s, id);
    if (i != UINT32_MAX) return &s->ents[i];
    if (jm_grow(&s->ents, &s->cap_ents, s->n_ents, sizeof *s->ents, 256)) return NULL;
    if (s->memo_on ? dense_put(s, id, (uint32_t)s->n_ents)
                   : jm_idmap_put(&s->map, id, (uint32_t)s->n_ents))
        return NULL;
    entry *t = &s->ents[s->n_ents++];
    memset(t, 0, sizeof *t);
    t->id = id;
    t->lex_kind = lex_kind;
    t->phrase = phrase;
    t->first_occ = t->last_occ = SIZE_MAX;
    t->cur_sec = SIZE_MAX;
    size_t len;
    const char *str = jm_analyzer_term_str(s->e->an, id, &len);
    t->idf = idf_of(s, id, str, len);
    t->role = str[0] == JM_ROLE_MARK;
    t->pair = memchr(str, JM_PAIR_MARK, len) != NULL;
    return t;
}

static int count_cv_term(scoring *s, entry *t, const jm_aterm *a)
{
    size_t ti = (size_t)(t - s->ents);
    t->cv_tf += s->weight;
    if (t->last_occ != SIZE_MAX && s->occs[t->last_occ].sec == s->sec) {
        s->occs[t->last_occ].count += s->weight;
        return JM_OK;
    }
    if (jm_grow(&s->occs, &s->cap_occs, s->n_occs, sizeof *s->occs, 256))
        return JM_ENOMEM;
    occurrence *o = &s->occs[s->n_occs];
    o->ent = (uint32_t)ti;
    o->sec = (uint32_t)s->sec;
    o->count = s->weight;
    o->start = jm_doc_raw_offset(s->doc, s->sec, a->pub.start);
    o->end = jm_doc_raw_offset(s->doc, s->sec, a->pub.end);
    t->last_occ = s->n_occs;
    if (t->first_occ == SIZE_MAX) t->first_occ = s->n_occs;
    s->n_occs++;
    return JM_OK;
}

static void count_posting_term(scoring *s, entry *t, const jm_aterm *a)
{
    t->p_tf += s->weight;
    if (!jm_section_is_boilerplate(s->kind)) t->p_content_tf += s->weight;
    if (t->cur_sec != s->sec) {        /* first time in this section */
        t->cur_sec = s->sec;
        t->cur_count = 0;
        t->cur_disp = s->text + a->pub.start;
        t->cur_disp_len = a->pub.end - a->pub.start;
    }
    t->cur_count += s->weight;
    if (jm_display_moves(t->disp != NULL, t->p_kind, t->p_best, s->kind, t->cur_count)) {
        t->p_best = t->cur_count;
        t->p_kind = s->kind;
        t->disp = t->cur_disp;
        t->disp_len = t->cur_disp_len;
    }
}

static int count_term(scoring *s, uint32_t id, const jm_aterm *a)
{
    entry *t = entry_for(s, id, a->kind, (a->pub.flags & JM_TOKEN_PHRASE) != 0);
    if (!t) return JM_ENOMEM;
    if (s->is_cv) return count_cv_term(s, t, a);
    count_posting_term(s, t, a);
    return JM_OK;
}

static int on_term(void *ud, const jm_aterm *a)
{
    scoring *s = ud;
    if (count_term(s, a->term_id, a)) { s->oom = 1; return 1; }
    if (a->pair_prev != JM_NO_PAIR) {   /* counted after the run */
        if (jm_grow(&s->pairs, &s->cap_pairs, s->n_pairs, sizeof *s->pairs, 64)) {
            s->oom = 1;
            return 1;
        }
        s->pairs[s->n_pairs++] = *a;
    }
    if (s->role > 0) {     /* counted after the run: see count_roles() */
        if (jm_grow(&s->roles, &s->cap_roles, s->n_roles, sizeof *s->roles, 64)) {
            s->oom = 1;
            return 1;
        }
        s->roles[s->n_roles++] = *a;
    }
    return 0;
}

/* Pairs the entries of a word and of its role term rid, both counted, so
 * that the matched list shows them as one entry (matched_role()). */
static void pair_role(scoring *s, uint32_t word, uint32_t rid)
{
    uint32_t w = entry_index(s, word), r = entry_index(s, rid);
    if (w == UINT32_MAX || r == UINT32_MAX) return;
    s->ents[w].partner = r + 1;
    s->ents[r].partner = w + 1;
}

/* Counts the role terms of the section just analyzed. They are made after
 * the analyzer's run, as making one adds a term to the analyzer, which must
 * not change under its own feet. */
static int count_roles(scoring *s)
{
    double w = s->weight;
    int rc = JM_OK;
    s->weight = w * s->role;
    for (size_t i = 0; i < s->n_roles && !rc; i++) {
        uint32_t rid;
        rc = jm_analyzer_role_term(s->e->an, s->roles[i].term_id, &rid);
        if (!rc && rid != UINT32_MAX) rc = count_term(s, rid, &s->roles[i]);
        if (!rc && rid != UINT32_MAX) pair_role(s, s->roles[i].term_id, rid);
    }
    s->weight = w;
    s->n_roles = 0;
    return rc;
}

/* The pair term of a, a term that closes one (a->pair_prev), as a term
 * of its own spanning both words; *id is UINT32_MAX when there is none. */
static int pair_of(jm_analyzer *an, const jm_aterm *a, jm_aterm *pair)
{
    *pair = *a;
    pair->pub.start = a->pair_start;
    pair->pub.flags = 0;
    pair->kind = 0;
    pair->joins_prev = 0;
    pair->pair_prev = JM_NO_PAIR;
    return jm_analyzer_pair_term(an, a->pair_prev, a->term_id, &pair->term_id);
}

/* Counts the pair terms of the section just analyzed, after its run as
 * role terms are (making one adds a term to the analyzer). */
static int count_pairs(scoring *s)
{
    int rc = JM_OK;
    for (size_t i = 0; i < s->n_pairs && !rc; i++) {
        jm_aterm p;
        rc = pair_of(s->e->an, &s->pairs[i], &p);
        if (!rc && p.term_id != UINT32_MAX) rc = count_term(s, p.term_id, &p);
    }
    s->n_pairs = 0;
    return rc;
}

/* Counts every section of doc with its weight into s: for each, its terms
 * in text order, then its pair terms, then its role terms. */
static int count_doc(scoring *s, const jm_doc *doc, int is_cv)
{
    s->doc = doc;
    s->is_cv = is_cv;
    for (size_t i = 0; i < doc->n_sections; i++) {
        size_t len;
        s->sec = i;
        s->kind = doc->sections[i].kind;
        s->weight = s->e->weights.w[s->kind];
        s->role = is_cv || s->cv_roles ? jm_role_factor(s->kind) : 0;
        if (s->weight <= 0) continue;
        s->text = jm_doc_section_text(doc, i, &len);
        int rc = jm_analyzer_terms(s->e->an, s->text, len, on_term, s);
        if (s->oom) return JM_ENOMEM;
        if (rc) return rc;
        if (s->n_pairs && (rc = count_pairs(s))) return rc;
        if (s->n_roles && is_cv) s->cv_roles = 1;
        if (s->n_roles && (rc = count_roles(s))) return rc;
    }
    return JM_OK;
}

/* Fills x_cv, x_p and the norms; returns the dot product. */
static double weigh(scoring *s, double *cv_norm, double *p_norm)
{
    double dot = 0, cn = 0, pn = 0;
    for (size_t i = 0; i < s->n_ents; i++) {
        entry *t = &s->ents[i];
        t->x_cv = log1p(t->cv_tf) * t->idf;
        t->x_p = log1p(t->p_tf) * t->idf;
        dot += t->x_cv * t->x_p;
        cn += t->x_cv * t->x_cv;
        pn += t->x_p * t->x_p;
    }
    *cv_norm = sqrt(cn);
    *p_norm = sqrt(pn);
    return dot;
}

static int analyze_counts(scoring *s, const jm_doc *cv, const jm_doc *posting)
{
    int rc = cv ? count_doc(s, cv, 1) : JM_OK;
    if (!rc) rc = count_doc(s, posting, 0);
    if (!rc && cv) rc = jm_doc_occupations(s->e, cv, 1, &s->cv_occ);
    if (!rc && cv) rc = jm_doc_occupations(s->e, posting, 0, &s->p_occ);
    return rc;
}

int jm_doc_occupations(jm_engine *e, const jm_doc *d, int is_cv, jm_occvec *v)
{
    if (!(e->weights.occupation > 0) || e->occ_none) return JM_OK;
    const jm_occtab *t = jm_engine_occupations(e);
    if (!t) return JM_ENOMEM;
    for (size_t i = 0; i < d->n_sections; i++) {
        jm_section_kind k = d->sections[i].kind;
        if (is_cv ? !(e->weights.w[k] > 0) : k != JM_SEC_TITLE) continue;
        size_t len;
        const char *text = jm_doc_section_text(d, i, &len);
        if (jm_occvec_add_text(e->an, t, text, len, v)) return JM_ENOMEM;
    }
    jm_occvec_finish(v);
    return JM_OK;
}

double jm_occupation_applied(double o, const jm_occvec *cv)
{
    return o > 0 && cv->norm > 0 ? o : 0;
}

static void scoring_free(scoring *s)
{
    jm_idmap_free(&s->map);
    jm_free(s->ents);
    jm_free(s->occs);
    jm_free(s->roles);
    jm_free(s->pairs);
    jm_occvec_free(&s->cv_occ);
    jm_occvec_free(&s->p_occ);
    jm_free(s->idf_memo);
    jm_free(s->dense_ent);
    jm_occvec_free(&s->occ_after);
}

/* ---- the brief score: what rank and match show ------------------------ */

void jm_cvvec_free(jm_cvvec *v)
{
    jm_free(v->keys);
    jm_free(v->x);
    jm_free(v->partner);
    jm_occvec_free(&v->occ);
    memset(v, 0, sizeof *v);
}

int jm_cvvec_count(jm_engine *e, const jm_doc *cv, jm_cvvec *v)
{
    scoring s = { .e = e };
    double cn, pn;
    memset(v, 0, sizeof *v);
    int rc = count_doc(&s, cv, 1);
    if (!rc) {
        weigh(&s, &cn, &pn);
        v->keys = jm_malloc((s.n_ents + 1) * sizeof *v->keys);
        v->x = jm_malloc((s.n_ents + 1) * sizeof *v->x);
        v->partner = jm_malloc((s.n_ents + 1) * sizeof *v->partner);
        if (!v->keys || !v->x || !v->partner) rc = JM_ENOMEM;
    }
    for (size_t i = 0; !rc && i < s.n_ents; i++) {
        v->keys[i] = s.ents[i].id;
        v->x[i] = s.ents[i].x_cv;
        v->partner[i] = s.ents[i].partner;
    }
    if (!rc) {
        v->n = s.n_ents;
        v->norm = cn;
        v->roles = s.cv_roles;
        rc = jm_doc_occupations(e, cv, 1, &v->occ);
        if (!rc) jm_occvec_compact(&v->occ);
    }
    scoring_free(&s);
    if (rc) jm_cvvec_free(v);
    return rc;
}

struct jm_pcount {
    scoring s;                /* jm_score()'s counting state, reused */
    const jm_analyzer *an;    /* the analyzer whose ids s.idf_memo holds */
    jm_pterm *terms;          /* the last posting's terms */
    size_t cap;               /* slots of terms */
};

int jm_pcount_new(jm_pcount **out)
{
    *out = jm_calloc(1, sizeof **out);
    return *out ? JM_OK : JM_ENOMEM;
}

void jm_pcount_free(jm_pcount *p)
{
    if (!p) return;
    scoring_free(&p->s);
    jm_free(p->terms);
    jm_free(p);
}

int jm_pcount_run(jm_engine *e, jm_pcount *p, const jm_doc *posting,
                  const jm_pterm **terms, size_t *n)
{
    scoring *s = &p->s;
    *terms = NULL;
    *n = 0;
    /* the memory of the last posting is kept; its contents are not */
    for (size_t i = 0; i < s->n_ents; i++)
        if (s->ents[i].id < s->n_dense_ent) s->dense_ent[s->ents[i].id] = 0;
    s->e = e;
    s->n_ents = s->n_occs = s->n_roles = s->n_pairs = 0;
    s->oom = 0;
    s->cv_roles = 1;     /* role terms counted: each CV drops them or not */
    s->memo_on = 1;
    if (p->an != e->an) {   /* another analyzer: other ids */
        for (size_t i = 0; i < s->n_idf_memo; i++) s->idf_memo[i] = NAN;
        if (s->dense_ent) memset(s->dense_ent, 0, s->n_dense_ent * sizeof *s->dense_ent);
        p->an = e->an;
    }
    int rc = count_doc(s, posting, 0);
    if (!rc && s->n_ents > p->cap) {
        jm_pterm *t = jm_realloc(p->terms, s->n_ents * sizeof *t);
        if (!t) return JM_ENOMEM;
        p->terms = t;
        p->cap = s->n_ents;
    }
    for (size_t i = 0; !rc && i < s->n_ents; i++) {
        const entry *t = &s->ents[i];
        jm_pterm *o = &p->terms[i];
        o->id = t->id;
        o->role = t->role;
        o->x = log1p(t->p_tf) * t->idf;   /* as weigh() computes x_p */
        o->disp = t->disp;
        o->disp_len = t->disp_len;
    }
    if (rc) return rc;
    *terms = p->terms;
    *n = s->n_ents;
    return JM_OK;
}

/* Is the term of posting term a above that of b in jm_score()'s order of
 * matched terms (contribution, then term bytes)? */
static int brief_above(const jm_engine *e, const jm_pterm *terms, size_t a,
                       double ca, size_t b, double cb)
{
    if (ca != cb) return ca > cb;
    size_t la, lb;
    const char *sa = jm_analyzer_term_str(e->an, terms[a].id, &la);
    const char *sb = jm_analyzer_term_str(e->an, terms[b].id, &lb);
    return strcmp(sa, sb) < 0;
}

void jm_brief_score(const jm_engine *e, const jm_cvvec *cv,
                    const jm_pside *p, unsigned char *hit, jm_brief *out)
{
    double dot = 0, pn2 = 0, covered = 0, total = 0;
    double contrib_x[JM_BRIEF_MATCHED];   /* x_cv x x_p of the best so far */
    size_t n_best = 0;

    /* jm_score() sums over its entries in order: the CV's terms first (in
     * the CV's order), then the posting's other terms (in the posting's);
     * terms on one side only add exact zeros to dot and covered. */
    for (size_t i = 0; i < cv->n; i++) {
        uint32_t slot = cv->keys[i] < p->n_slots ? p->slot[cv->keys[i]] : 0;
        if (!slot) continue;
        size_t k = slot - 1;
        const jm_pterm *t = &p->terms[k];
        double xc = cv->x[i], xp = t->x;
        dot += xc * xp;
        pn2 += xp * xp;
        total += xp;
        covered += xp;
        hit[k] = 1;
    }
    for (size_t k = 0; k < p->n; k++) {
        if (hit[k]) continue;
        const jm_pterm *t = &p->terms[k];
        if (t->role && !cv->roles) continue;   /* not counted for this CV */
        pn2 += t->x * t->x;
        total += t->x;
    }
    double cn = cv->norm, pn = sqrt(pn2);
    double cosine = cn > 0 && pn > 0 ? dot / (cn * pn) : 0;
    double occ = jm_occvec_cosine(&cv->occ, p->occ);
    double oa = jm_occupation_applied(e->weights.occupation, &cv->occ);
    out->score = jm_score_combine(cosine, occ, oa);
    out->coverage = total > 0 ? covered / total : 0;

    /* the matched terms by contribution, x_cv x x_p / denom as explain()
     * computes it; only the first JM_BRIEF_MATCHED are kept */
    double denom = cn * pn / (1 / (1 + oa));
    for (size_t i = 0; i < cv->n; i++) {
        uint32_t slot = cv->keys[i] < p->n_slots ? p->slot[cv->keys[i]] : 0;
        if (!slot) continue;
        size_t k = slot - 1;
        hit[k] = 0;
        /* A word and its role term, both matched, are one entry, the
         * word's, with both parts summed as explain() sums them; the role
         * term (after its word in the CV's order) is then passed over. */
        size_t pair = cv->partner[i] ? cv->partner[i] - 1 : SIZE_MAX;
        uint32_t pslot = pair != SIZE_MAX && cv->keys[pair] < p->n_slots
                             ? p->slot[cv->keys[pair]] : 0;
        if (pslot && pair < i) continue;
        double c = cv->x[i] * p->terms[k].x / denom;
        if (pslot) c += cv->x[pair] * p->terms[pslot - 1].x / denom;
        size_t at = n_best;
        while (at > 0 && brief_above(e, p->terms, k, c, out->matched[at - 1],
                                     contrib_x[at - 1]))
            at--;
        if (at >= JM_BRIEF_MATCHED) continue;
        if (n_best < JM_BRIEF_MATCHED) n_best++;
        for (size_t j = n_best - 1; j > at; j--) {
            out->matched[j] = out->matched[j - 1];
            contrib_x[j] = contrib_x[j - 1];
        }
        out->matched[at] = k;
        contrib_x[at] = c;
    }
    out->n_matched = n_best;
}


/* State of jm_doc_terms(): the client's callback and where its section's
 * text offsets map back to. */
typedef struct {
    const jm_doc *doc;      /* the document analyzed */
    size_t sec;             /* index of the section being analyzed */
    jm_doc_term_fn fn;      /* the client's callback */
    void *ud;               /* its user data */
    int stopped;            /* fn asked to stop (not an analyzer failure) */
    jm_aterm *pairs;        /* the section's terms that close a pair */
    size_t n_pairs, cap_pairs;
    int oom;                /* pairs could not grow */
} doc_terms;

/* Hands one analyzed term to the client with offsets into the input. */
static int report_term(doc_terms *dt, const char *term, size_t len, size_t start,
                       size_t end, unsigned flags)
{
    jm_doc_term t = { term, len, dt->sec, jm_doc_raw_offset(dt->doc, dt->sec, start),
                      jm_doc_raw_offset(dt->doc, dt->sec, end), flags };
    if (dt->fn(dt->ud, &t)) dt->stopped = 1;
    return dt->stopped;
}

static int on_doc_term(void *ud, const jm_aterm *a)
{
    doc_terms *dt = ud;
    if (a->pair_prev != JM_NO_PAIR) {   /* reported after the run */
        if (jm_grow(&dt->pairs, &dt->cap_pairs, dt->n_pairs, sizeof *dt->pairs, 64)) {
            dt->oom = 1;
            return 1;
        }
        dt->pairs[dt->n_pairs++] = *a;
    }
    return report_term(dt, a->pub.term, a->pub.term_len, a->pub.start, a->pub.end,
                       a->pub.flags);
}

/* Reports the pair terms of the section just analyzed, as count_pairs()
 * counts them. JM_OK, JM_ENOMEM or JM_ESTOP. */
static int report_pairs(jm_engine *e, doc_terms *dt)
{
    for (size_t i = 0; i < dt->n_pairs && !dt->stopped; i++) {
        jm_aterm p;
        if (pair_of(e->an, &dt->pairs[i], &p)) return JM_ENOMEM;
        if (p.term_id == UINT32_MAX) continue;
        size_t len;
        const char *term = jm_analyzer_term_str(e->an, p.term_id, &len);
        report_term(dt, term, len, p.pub.start, p.pub.end, JM_TOKEN_PAIR);
    }
    dt->n_pairs = 0;
    return dt->stopped ? JM_ESTOP : JM_OK;
}

int jm_doc_terms(jm_engine *e, const jm_doc *d, jm_doc_term_fn fn, void *ud)
{
    doc_terms dt = { d, 0, fn, ud, 0, NULL, 0, 0, 0 };
    int rc = JM_OK;
    /* the same sections and texts as count_doc(), so that what a client
     * marks is what the score counted */
    for (size_t i = 0; i < d->n_sections && !rc; i++) {
        size_t len;
        if (e->weights.w[d->sections[i].kind] <= 0) continue;
        dt.sec = i;
        const char *text = jm_doc_section_text(d, i, &len);
        rc = jm_analyzer_terms(e->an, text, len, on_doc_term, &dt);
        if (dt.oom) rc = JM_ENOMEM;
        if (!rc) rc = report_pairs(e, &dt);
    }
    jm_free(dt.pairs);
    if (dt.stopped) return JM_ESTOP;
    return rc ? jm_fail(&e->err, rc, "out of memory") : JM_OK;
}

/* ---- strings of the result ------------------------------------------ */

int jm_display_append(jm_buf *b, const char *disp, size_t len)
{
    /* The folded text is never longer than disp: room is made once and
     * the bytes written in place (a jm_buf_putc() call a byte was a fifth
     * of a winner's cost in match, which folds every winner's words). */
    if (!len) return JM_OK;
    if (jm_buf_reserve(b, len)) return JM_ENOMEM;
    char *start = b->data + b->len, *o = start;
    int space = 0;
    for (size_t k = 0; k < len; k++) {
        char c = disp[k];
        if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
            space = 1;
            continue;
        }
        if (space && o > start) *o++ = ' ';
        space = 0;
        *o++ = c;
    }
    b->len = (size_t)(o - b->data);
    b->data[b->len] = '\0';
    return JM_OK;
}

/* Appends the term and display strings of every entry to arena (display:
 * the posting's bytes with runs of white space folded to one space). */
static int intern_strings(scoring *s, jm_buf *arena)
{
    for (size_t i = 0; i < s->n_ents; i++) {
        entry *t = &s->ents[i];
        size_t len;
        const char *str = jm_analyzer_term_str(s->e->an, t->id, &len);
        t->term_off = arena->len;
        if (jm_buf_append(arena, str, len) || jm_buf_putc(arena, '\0'))
            return JM_ENOMEM;
        t->disp_off = arena->len;
        if (t->disp && jm_display_append(arena, t->disp, t->disp_len)) return JM_ENOMEM;
        if (!t->disp && jm_buf_append(arena, str, len)) return JM_ENOMEM;
        if (jm_buf_putc(arena, '\0')) return JM_ENOMEM;
    }
    return JM_OK;
}

/* ---- gaps ---------------------------------------------------------- */

/* Where a missing term belongs in a CV: a degree in education, a
 * certification in certifications, an occupation noun in the summary (the
 * headline: it then also counts as a role term), any other lexicon entry (a
 * technology, a language, a skill) in skills; a plain word in experience. */
static jm_section_kind home_section(unsigned lex_kind)
{
    switch (lex_kind) {
    case 0: return JM_SEC_EXPERIENCE;
    case JM_KIND_ROLE: return JM_SEC_SUMMARY;
    case JM_KIND_DEGREE: return JM_SEC_EDUCATION;
    case JM_KIND_CERT: return JM_SEC_CERTIFICATIONS;
    default: return JM_SEC_SKILLS;
    }
}

/* Terms that adding a text to the CV would add, with their counts. */
typedef struct {
    uint32_t ids[64];
    double counts[64];
    unsigned kinds[64];
    size_t n;
    uint32_t pairs[64][2];    /* the pair terms' words, made after the run */
    size_t n_pairs;
} added_terms;

/* Adds one occurrence of term id (lexicon kind kind) to at; 1 when full. */
static int add_term(added_terms *at, uint32_t id, unsigned kind)
{
    for (size_t i = 0; i < at->n; i++)
        if (at->ids[i] == id) { at->counts[i] += 1; return 0; }
    if (at->n == JM_ARRAY_LEN(at->ids)) return 1;
    at->ids[at->n] = id;
    at->kinds[at->n] = kind;
    at->counts[at->n++] = 1;
    return 0;
}

static int on_added(void *ud, const jm_aterm *a)
{
    added_terms *at = ud;
    if (a->pair_prev != JM_NO_PAIR && at->n_pairs < JM_ARRAY_LEN(at->pairs)) {
        at->pairs[at->n_pairs][0] = a->pair_prev;
        at->pairs[at->n_pairs++][1] = a->term_id;
    }
    return add_term(at, a->term_id, a->kind);
}

/* Adds the pair terms that on_added() saw. JM_OK or JM_ENOMEM. */
static int add_pair_terms(jm_analyzer *an, added_terms *at)
{
    for (size_t i = 0; i < at->n_pairs; i++) {
        uint32_t id;
        if (jm_analyzer_pair_term(an, at->pairs[i][0], at->pairs[i][1], &id)) return JM_ENOMEM;
        if (id != UINT32_MAX && add_term(at, id, 0)) break;
    }
    at->n_pairs = 0;
    return JM_OK;
}

/* The exact cosine after adding text once to a CV section of weight w:
 * only the added terms change the dot product and the CV norm. */
static double cosine_after(scoring *s, const added_terms *at, double w,
                           double dot, double cn, double pn)
{
    double dot2 = dot, cn2 = cn * cn;
    for (size_t i = 0; i < at->n; i++) {
        uint32_t k = jm_idmap_get(&s->map, at->ids[i]);
        double tf = k == UINT32_MAX ? 0 : s->ents[k].cv_tf;
        double idf, xp;
        if (k != UINT32_MAX) {
            idf = s->ents[k].idf;
            xp = s->ents[k].x_p;
        } else {
            size_t len;
            const char *str = jm_analyzer_term_str(s->e->an, at->ids[i], &len);
            idf = jm_model_idf(s->e->model, str, len);
            xp = 0;
        }
        double before = log1p(tf) * idf;
        double after = log1p(tf + w * at->counts[i]) * idf;
        dot2 += (after - before) * xp;
        cn2 += after * after - before * before;
    }
    return cn2 > 0 && pn > 0 ? dot2 / (sqrt(cn2) * pn) : 0;
}

/* The occupation match and its applied weight (*oa) after adding text to
 * a CV section of weight w: the CV's occupations gain the text's. */
static int occupation_after(scoring *s, const char *text, double w,
                            double *occ, double *oa)
{
    /* one scratch vector for every gap: a copy sets only the CV's keys,
     * where a fresh one cleared all 1,600 (a sixth of rank's winners'
     * re-scoring went there) */
    jm_occvec *v = &s->occ_after;
    int rc = jm_occvec_set(v, &s->cv_occ);
    if (!rc && w > 0 && s->e->weights.occupation > 0 && !s->e->occ_none) {
        const jm_occtab *t = jm_engine_occupations(s->e);
        rc = t ? jm_occvec_add_text(s->e->an, t, text, strlen(text), v) : JM_ENOMEM;
    }
    jm_occvec_finish(v);
    *oa = jm_occupation_applied(s->e->weights.occupation, v);
    *occ = jm_occvec_cosine(v, &s->p_occ);
    return rc;
}

static int by_gain(const void *a, const void *b)
{
    const jm_keyword *x = a, *y = b;
    if (x->gain != y->gain) return x->gain > y->gain ? -1 : 1;
    return strcmp(x->term, y->term);
}

static int by_weight(const void *a, const void *b)
{
    const jm_keyword *x = a, *y = b;
    if (x->weight != y->weight) return x->weight > y->weight ? -1 : 1;
    return strcmp(x->term, y->term);
}

/* Drops entries of list whose term is among the terms of the display of an
 * entry ranked above it: adding (or asking for) "customer service" already
 * adds "customer" and "service", so they are not listed again. Each kept
 * multi-word entry is analyzed once; its terms go into a set. The first
 * *kept entries remain; JM_OK or JM_ENOMEM. */
static int drop_subsumed(jm_engine *e, jm_keyword *list, size_t n, size_t *kept)
{
    jm_idmap covered = {0};
    size_t out = 0;
    int rc = JM_OK;
    /* Every failure is JM_ENOMEM: an ignored one would keep or drop a
     * keyword silently (and left id unset when interning failed). */
    for (size_t i = 0; i < n && !rc; i++) {
        uint32_t id;
        if ((rc = jm_analyzer_intern(e->an, list[i].term, strlen(list[i].term), &id)))
            break;
        if (jm_idmap_get(&covered, id) != UINT32_MAX) continue;
        list[out++] = list[i];
        if (!strchr(list[i].term, ' ')) continue;   /* a word covers only itself */
        added_terms at = {0};
        rc = jm_analyzer_terms(e->an, list[i].display, strlen(list[i].display), on_added, &at);
        if (rc == JM_ESTOP) rc = JM_OK;   /* at is full: the first words do */
        for (size_t k = 0; k < at.n && !rc; k++)
            if (at.ids[k] != id) rc = jm_idmap_put(&covered, at.ids[k], 1);
    }
    jm_idmap_free(&covered);
    *kept = out;
    return rc;
}

/* How much a term names a skill: s(t) = (1 + ln(1 + n))^2, where n is the
 * number of skill statements (ESCO skill labels, O*NET task statements and
 * technology names; the skills model) that contain it. A lexicon entry is a
 * named skill or technology by definition and counts as much as the most
 * frequent skill word. So "docker", "test" and "budget" rank above "love",
 * "date" and the company's name, which a posting merely contains. 1 for
 * every term when there is no skills model. */
static double skill_factor(const jm_engine *e, const char *term, size_t len,
                           unsigned lex_kind)
{
    if (!e->skills) return 1.0;
    long n = lex_kind && lex_kind != JM_KIND_ROLE ? jm_model_max_df(e->skills)
                                                  : jm_model_df(e->skills, term, len);
    double f = 1.0 + log1p((double)n);
    return f * f;
}

static void fill_keyword(jm_keyword *k, const entry *t, const char *arena)
{
    k->term = arena + t->term_off;
    k->display = arena + t->disp_off;
    k->idf = t->idf;
    k->posting_tf = t->p_tf;
    k->weight = t->x_p;
    k->skill = 1.0;
    k->gain = 0;
    k->section = home_section(t->lex_kind);
    k->posting_section = t->p_kind;
}

/* ---- score ----------------------------------------------------------- */

typedef struct {
    jm_match pub;              /* what the caller sees; first member */
    char *arena;               /* every string of the result */
    jm_section_score *secs;
    jm_term_score *terms;      /* all section terms, section by section */
    jm_term_score *matched;
    jm_keyword *missing;
    jm_occupation_score *occs;  /* with their strings after the array */
} match_impl;

void jm_match_free(jm_match *m)
{
    match_impl *mi = (match_impl *)m;
    if (!mi) return;
    jm_free(mi->arena);
    jm_free(mi->secs);
    jm_free(mi->terms);
    jm_free(mi->matched);
    jm_free(mi->missing);
    jm_free(mi->occs);
    jm_free(mi);
}

static int by_contribution(const void *a, const void *b)
{
    const jm_term_score *x = a, *y = b;
    if (x->contribution != y->contribution)
        return x->contribution > y->contribution ? -1 : 1;
    return strcmp(x->term, y->term);
}

/* Whether a term counts on both sides: a matched term. */
static int is_matched(const entry *t)
{
    return t->x_cv > 0 && t->x_p > 0;
}

/* The role term matched with word entry t, shown within t's matched entry
 * (a role term "^developer" is its word again, counted as a title:
 * analyzer.h); NULL when none. */
static const entry *matched_role(const scoring *s, const entry *t)
{
    if (t->role || !t->partner || !is_matched(t)) return NULL;
    const entry *r = &s->ents[t->partner - 1];
    return is_matched(r) ? r : NULL;
}

/* Whether t is a role term shown within its word's matched entry. */
static int in_word_entry(const scoring *s, const entry *t)
{
    return t->role && t->partner && matched_role(s, &s->ents[t->partner - 1]) == t;
}

static int explain(scoring *s, const jm_doc *cv, match_impl *mi, double cn,
                   double pn, double scale)
{
    jm_match *m = &mi->pub;
    const char *arena = mi->arena;
    double denom = cn * pn / scale;
    size_t n_terms = 0, n_matched = 0;

    for (size_t i = 0; i < s->n_occs; i++)
        if (s->ents[s->occs[i].ent].x_p > 0) n_terms++;
    /* a role term matched with its word is counted in the word's entry */
    for (size_t i = 0; i < s->n_ents; i++)
        if (is_matched(&s->ents[i]) && !in_word_entry(s, &s->ents[i])) n_matched++;

    mi->secs = jm_calloc(cv->n_sections, sizeof *mi->secs);
    mi->terms = jm_calloc(n_terms, sizeof *mi->terms);
    mi->matched = jm_calloc(n_matched, sizeof *mi->matched);
    if (!mi->secs || !mi->terms || !mi->matched) return JM_ENOMEM;

    /* Occurrences are in section order, so each section's terms are one run
     * of mi->terms. */
    size_t k = 0;
    for (size_t sec = 0, o = 0; sec < cv->n_sections; sec++) {
        jm_section_score *ss = &mi->secs[sec];
        ss->kind = cv->sections[sec].kind;
        ss->heading = cv->sections[sec].heading;
        ss->heading_len = cv->sections[sec].heading_len;
        ss->weight = s->e->weights.w[ss->kind];
        ss->terms = mi->terms + k;
        for (; o < s->n_occs && s->occs[o].sec == sec; o++) {
            const occurrence *oc = &s->occs[o];
            const entry *t = &s->ents[oc->ent];
            if (t->x_p <= 0) continue;
            jm_term_score *ts = &mi->terms[k++];
            ts->term = arena + t->term_off;
            ts->display = arena + t->disp_off;
            ts->idf = t->idf;
            ts->cv_tf = t->cv_tf;
            ts->section_tf = oc->count;
            ts->posting_tf = t->p_tf;
            ts->contribution = t->x_cv * t->x_p / denom * (oc->count / t->cv_tf);
            ts->section = ss->kind;
            ts->start = oc->start;
            ts->end = oc->end;
            ss->contribution += ts->contribution;
            ss->n_terms++;
        }
        qsort((void *)ss->terms, ss->n_terms, sizeof *ss->terms, by_contribution);
    }

    size_t j = 0;
    for (size_t i = 0; i < s->n_ents; i++) {
        const entry *t = &s->ents[i];
        if (!is_matched(t) || in_word_entry(s, t)) continue;
        const occurrence *oc = &s->occs[t->first_occ];
        jm_term_score *ts = &mi->matched[j++];
        ts->term = arena + t->term_off;
        ts->display = arena + t->disp_off;
        ts->idf = t->idf;
        ts->cv_tf = ts->section_tf = t->cv_tf;
        ts->posting_tf = t->p_tf;
        ts->contribution = t->x_cv * t->x_p / denom;
        ts->section = cv->sections[oc->sec].kind;
        ts->start = oc->start;
        ts->end = oc->end;
        const entry *rt = matched_role(s, t);
        if (rt) {   /* summed as jm_brief_score() sums them */
            ts->role_idf = rt->idf;
            ts->role_cv_tf = rt->cv_tf;
            ts->role_posting_tf = rt->p_tf;
            ts->role_contribution = rt->x_cv * rt->x_p / denom;
            ts->contribution += ts->role_contribution;
        }
    }
    qsort(mi->matched, n_matched, sizeof *mi->matched, by_contribution);

    m->sections = mi->secs;
    m->n_sections = cv->n_sections;
    m->matched = mi->matched;
    m->n_matched = n_matched;
    return JM_OK;
}

/* ---- the occupation part ------------------------------------------- */

enum { OCC_CODE = 16, OCC_TITLE = 192 };   /* string room per occupation */

typedef struct {
    const jm_occtab *t;
    jm_occupation_score *list;
    char *strs;                /* OCC_CODE + OCC_TITLE bytes per entry */
    size_t n;
    double factor;             /* o / (1 + o) */
} occ_collector;

static void collect_occupation(void *ud, uint32_t key, double wa, double wb,
                               double part)
{
    occ_collector *c = ud;
    jm_occupation_score *o = &c->list[c->n];
    char *code = c->strs + c->n * (OCC_CODE + OCC_TITLE), *title = code + OCC_CODE;
    jm_occtab_describe(c->t, key, code, OCC_CODE, title, OCC_TITLE);
    o->code = code;
    o->title = title;
    o->cv_weight = wa;
    o->posting_weight = wb;
    o->contribution = part * c->factor;
    c->n++;
}

static int by_occ_contribution(const void *a, const void *b)
{
    const jm_occupation_score *x = a, *y = b;
    if (x->contribution != y->contribution)
        return x->contribution > y->contribution ? -1 : 1;
    return strcmp(x->code, y->code);
}

/* The occupations both name, by contribution, with their codes and titles
 * (strings in the same block, after the array). */
static int explain_occupations(scoring *s, match_impl *mi, double scale)
{
    size_t n = 0;
    for (size_t i = 0, j = 0; i < s->cv_occ.n && j < s->p_occ.n;) {
        uint32_t a = s->cv_occ.e[i].key, b = s->p_occ.e[j].key;
        n += a == b;
        i += a <= b;
        j += b <= a;
    }
    const jm_occtab *t = jm_engine_occupations(s->e);
    mi->occs = t ? jm_malloc(n * (sizeof *mi->occs + OCC_CODE + OCC_TITLE) + 1) : NULL;
    if (!mi->occs) return JM_ENOMEM;
    occ_collector c = { t, mi->occs, (char *)(mi->occs + n), 0,
                        mi->pub.occupation_weight * scale };
    jm_occvec_shared(&s->cv_occ, &s->p_occ, collect_occupation, &c);
    qsort(mi->occs, c.n, sizeof *mi->occs, by_occ_contribution);
    mi->pub.occupations = mi->occs;
    mi->pub.n_occupations = c.n;
    return JM_OK;
}

/* In a section with role factor f > 0 (the summary), the added terms also
 * count as role terms, f times. JM_OK or JM_ENOMEM. */
static int add_role_terms(scoring *s, added_terms *at, double f)
{
    size_t n = at->n;
    for (size_t i = 0; f > 0 && i < n && at->n < JM_ARRAY_LEN(at->ids); i++) {
        uint32_t rid;
        if (jm_analyzer_role_term(s->e->an, at->ids[i], &rid)) return JM_ENOMEM;
        if (rid == UINT32_MAX) continue;
        at->ids[at->n] = rid;
        at->counts[at->n] = at->counts[i] * f;
        at->kinds[at->n] = at->kinds[i];
        at->n++;
    }
    return JM_OK;
}

/* Whether the posting asks for term t (outside benefits and legal), so
 * that it may be a gap or a keyword: a role term is its word again (the
 * word's own entry says it), a pair term its two words side by side (each
 * word's entry says them; a phrase of the model is a term of its own), and
 * the company's name (company.h) is no skill to add. */
static int asks_for(const entry *t, const jm_idmap *company)
{
    return t->p_content_tf > 0 && !t->role && !t->pair &&
           jm_idmap_get(company, t->id) == UINT32_MAX;
}

static int find_gaps(scoring *s, match_impl *mi, const jm_idmap *company,
                     double dot, double cn, double pn)
{
    size_t n = 0;
    for (size_t i = 0; i < s->n_ents; i++)
        if (s->ents[i].cv_tf == 0 && asks_for(&s->ents[i], company)) n++;
    mi->missing = jm_calloc(n, sizeof *mi->missing);
    if (!mi->missing) return JM_ENOMEM;

    size_t out = 0;
    for (size_t i = 0; i < s->n_ents; i++) {
        const entry *t = &s->ents[i];
        if (!(t->cv_tf == 0 && asks_for(t, company))) continue;
        jm_keyword *k = &mi->missing[out];
        fill_keyword(k, t, mi->arena);
        /* Simulate adding the posting's own words to the CV: that adds the
         * term and whatever else those words make (a phrase and its words). */
        added_terms at = {0};
        /* out of memory would leave at short and the gain wrong */
        if (jm_analyzer_terms(s->e->an, k->display, strlen(k->display), on_added,
                              &at) == JM_ENOMEM || add_pair_terms(s->e->an, &at))
            return JM_ENOMEM;
        if (at.n == 0) {       /* the display did not reproduce the term */
            at.ids[0] = t->id;
            at.counts[0] = 1;
            at.n = 1;
        }
        /* A phrase goes where its lexicon word goes ("CI/CD pipelines":
         * skills, like CI/CD). */
        for (size_t w = 0; t->phrase && w < at.n && k->section == JM_SEC_EXPERIENCE; w++)
            if (at.kinds[w]) k->section = home_section(at.kinds[w]);
        /* A CV without a headline or summary has no role terms, so the
         * posting's did not count: an occupation noun added to its summary
         * would make them count, a change no gain of one term describes;
         * it goes to experience there. */
        if (k->section == JM_SEC_SUMMARY && !s->cv_roles) k->section = JM_SEC_EXPERIENCE;
        if (add_role_terms(s, &at, jm_role_factor(k->section))) return JM_ENOMEM;
        double w = s->e->weights.w[k->section], occ, oa;
        if (occupation_after(s, k->display, w, &occ, &oa)) return JM_ENOMEM;
        k->gain = jm_score_combine(cosine_after(s, &at, w, dot, cn, pn), occ, oa) -
                  mi->pub.score;
        if (k->gain > 1e-12) out++;
    }
    qsort(mi->missing, out, sizeof *mi->missing, by_gain);
    mi->pub.missing = mi->missing;
    return drop_subsumed(s->e, mi->missing, out, &mi->pub.n_missing);
}

int jm_score(jm_engine *e, const jm_doc *cv, const jm_doc *posting,
             jm_match **out)
{
    scoring s = { .e = e };
    match_impl *mi = NULL;
    jm_buf arena = {0};
    jm_idmap company = {0};   /* the terms of the company's name */
    double cn, pn;

    *out = NULL;
    jm_error_clear(&e->err);
    int rc = analyze_counts(&s, cv, posting);
    if (rc) goto fail;
    double dot = weigh(&s, &cn, &pn);

    rc = JM_ENOMEM;
    mi = jm_calloc(1, sizeof *mi);
    if (!mi || intern_strings(&s, &arena)) goto fail;
    mi->arena = arena.data;
    arena.data = NULL;
    if (!mi->arena && !(mi->arena = jm_strndup("", 0))) goto fail;

    jm_match *m = &mi->pub;
    m->cv_norm = cn;
    m->posting_norm = pn;
    m->cosine = cn > 0 && pn > 0 ? dot / (cn * pn) : 0;
    m->occupation = jm_occvec_cosine(&s.cv_occ, &s.p_occ);
    m->occupation_weight = jm_occupation_applied(e->weights.occupation, &s.cv_occ);
    m->score = jm_score_combine(m->cosine, m->occupation, m->occupation_weight);
    double scale = 1 / (1 + m->occupation_weight);
    m->occupation_contribution = m->occupation_weight * m->occupation * scale;
    double covered = 0, total = 0;
    for (size_t i = 0; i < s.n_ents; i++) {
        total += s.ents[i].x_p;
        if (s.ents[i].x_cv > 0) covered += s.ents[i].x_p;
    }
    m->coverage = total > 0 ? covered / total : 0;

    if (explain(&s, cv, mi, cn, pn, scale)) goto fail;
    if (m->occupation_weight > 0 && explain_occupations(&s, mi, scale)) goto fail;
    if (jm_company_terms(e->an, e->skills, posting, &company) ||
        find_gaps(&s, mi, &company, dot, cn, pn))
        goto fail;
    jm_idmap_free(&company);
    scoring_free(&s);
    *out = m;
    return JM_OK;

fail:
    jm_idmap_free(&company);
    scoring_free(&s);
    jm_buf_free(&arena);
    /* mi may be NULL here (its allocation failed): &mi->pub would be
     * undefined behaviour, even if pub is the first member */
    if (mi) jm_match_free(&mi->pub);
    if (rc == JM_ENOMEM) return jm_fail(&e->err, rc, "out of memory");
    return rc;
}

int jm_keywords(jm_engine *e, const jm_doc *posting, jm_keyword **out,
                size_t *n)
{
    scoring s = { .e = e };
    jm_buf arena = {0};
    jm_keyword *list = NULL;
    jm_idmap company = {0};   /* the terms of the company's name */
    double cn, pn;

    *out = NULL;
    *n = 0;
    jm_error_clear(&e->err);
    int rc = analyze_counts(&s, NULL, posting);
    if (rc) goto fail;
    weigh(&s, &cn, &pn);
    rc = JM_ENOMEM;
    if (intern_strings(&s, &arena)) goto fail;

    /* The arena goes at the end of the same block, so that one free
     * releases the list and its strings. */
    /* Keywords are single terms and lexicon entries: a phrase of the model
     * is a frequent collocation ("equal opportunity", "date posted"), not
     * necessarily something asked for (it still counts in score and gaps);
     * a role term repeats its word. */
    if (jm_company_terms(e->an, e->skills, posting, &company)) goto fail;
    size_t count = 0;
    for (size_t i = 0; i < s.n_ents; i++)
        if (asks_for(&s.ents[i], &company) && !s.ents[i].phrase) count++;
    size_t head = (count + 1) * sizeof *list;
    list = jm_malloc(head + arena.len + 1);
    if (!list) goto fail;
    char *strs = (char *)list + head;
    memcpy(strs, arena.data ? arena.data : "", arena.len + 1);
    size_t k = 0;
    for (size_t i = 0; i < s.n_ents; i++) {
        const entry *t = &s.ents[i];
        if (!asks_for(t, &company) || t->phrase) continue;
        jm_keyword *kw = &list[k++];
        fill_keyword(kw, t, strs);
        kw->skill = skill_factor(e, kw->term, strlen(kw->term), t->lex_kind);
        kw->weight = t->x_p * kw->skill;
    }
    qsort(list, k, sizeof *list, by_weight);
    rc = drop_subsumed(e, list, k, n);
    if (rc) goto fail;
    *out = list;
fail:
    jm_idmap_free(&company);
    scoring_free(&s);
    jm_buf_free(&arena);
    if (rc) {
        jm_free(list);
        *n = 0;
    }
    if (rc == JM_ENOMEM) return jm_fail(&e->err, rc, "out of memory");
    return rc;
}

void jm_keywords_free(jm_keyword *k, size_t n)
{
    (void)n;
    jm_free(k);
}

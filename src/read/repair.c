/* This file contains the repairs of a CV's PDF-to-text damage (see
 * repair.h): one pass over the tokens of the decoded text, which copies
 * what it keeps and rewrites the words it mends, so that the map back to
 * the input as read stays exact. A word's fate is decided by how common
 * its term is in the background model (jm_analyzer_word, jm_model_df);
 * only the words of a shape the damage makes are looked up. */
#include "read/repair.h"
#include "text/tokenizer.h"

#include <limits.h>
#include <string.h>

/* Longest word a repair looks at (longer ones are left alone). */
#define WORD_MAX 40
/* Longest word a ligature is put back into, and that the survey tries. */
#define LIGATURE_WORD_MAX 15
#define LIGATURE_SURVEY_MAX 8

/* The glyphs fonts draw as one, which converters may drop. */
static const char *const glyphs[] = { "fi", "fl", "ff", "ffi", "ffl", "ft", "ti", "tt" };
#define LIGATURE_MAX 3

typedef struct {
    const jm_vocab *v;        /* the dictionary the repairs judge by */
    const char *text;         /* the text being repaired (borrowed) */
    size_t len;
    jm_rewriter out;          /* the repaired text, begun at the first repair */
    size_t done;              /* text before this offset is in out */
    int started;              /* out was begun */
    jm_repair_log *log;       /* where repairs are recorded (NULL: survey) */
    int survey;               /* 1: only count the signs of damage */
    unsigned plan;            /* JM_REPAIR_* (the survey's finding) */
    size_t glued;             /* words the survey saw glued after a
                                 lowercase part ("thatPostgreSQL") */
    size_t mended;            /* distinct words the survey saw mended (up
                                 to JM_REPAIR_LIGATURE_WORDS) */
    char seen[JM_REPAIR_LIGATURE_WORDS][WORD_MAX + LIGATURE_MAX]; /* them */
    size_t seen_len[JM_REPAIR_LIGATURE_WORDS];
} repairer;

static int is_lower(char c) { return c >= 'a' && c <= 'z'; }
static int is_upper(char c) { return c >= 'A' && c <= 'Z'; }

/* 1 when s[0..n) is 1..WORD_MAX ASCII letters. */
static int ascii_word(const char *s, size_t n)
{
    if (!n || n > WORD_MAX) return 0;
    for (size_t i = 0; i < n; i++)
        if (!is_lower(s[i]) && !is_upper(s[i])) return 0;
    return 1;
}

/* How common a word is (jm_word): LONG_MAX for a stopword or lexicon
 * entry, else the number of the model's postings its term is in (0: never
 * seen, or no term). */
static long word_count(const repairer *r, const jm_word *w)
{
    switch (w->what) {
    case JM_WORD_STOP:
    case JM_WORD_LEXICON:
        return LONG_MAX;
    case JM_WORD_TERM:
        return r->v->df(r->v->model, w->term, w->len);
    default:
        return 0;
    }
}

/* How common the word s[0..n) is (ASCII letters, any case, n <= WORD_MAX),
 * a word the text may not have: see word_count(). -1 when out of memory. */
static long word_df(repairer *r, const char *s, size_t n)
{
    char fold[WORD_MAX + LIGATURE_MAX + 1];
    jm_word w;
    for (size_t i = 0; i < n; i++) fold[i] = is_upper(s[i]) ? (char)(s[i] - 'A' + 'a') : s[i];
    if (jm_analyzer_word(r->v->an, fold, n, &w)) return -1;
    return word_count(r, &w);
}

/* How common the text's word token t is, through the analyzer's cache (its
 * analysis will want the same). -1 when out of memory. */
static long token_df(repairer *r, const jm_rawtok *t)
{
    jm_word w;
    if (jm_analyzer_token(r->v->an, t, &w)) return -1;
    return word_count(r, &w);
}

/* Counts the word w[0..n) a ligature mends, when the survey has not seen
 * it yet. */
static void note_mended(repairer *r, const char *w, size_t n)
{
    if (r->mended == JM_REPAIR_LIGATURE_WORDS) return;
    for (size_t i = 0; i < r->mended; i++)
        if (r->seen_len[i] == n && !memcmp(r->seen[i], w, n)) return;
    memcpy(r->seen[r->mended], w, n);
    r->seen_len[r->mended++] = n;
}

/* Records a repair of the text's bytes [a, b), read as s[0..n). */
static void record(repairer *r, jm_repair_kind kind, size_t a, size_t b,
                   const char *s, size_t n)
{
    jm_repair_log *log = r->log;
    if (jm_grow(&log->a, &log->cap, log->n, sizeof *log->a, 16)) { log->oom = 1; return; }
    jm_repair_entry *x = &log->a[log->n];
    x->kind = kind;
    x->start = jm_map_raw(r->out.in, r->out.in_n, a, r->out.limit);
    x->end = jm_map_raw(r->out.in, r->out.in_n, b, r->out.limit);
    x->text = log->text.len;
    if (jm_buf_append(&log->text, s, n) || jm_buf_putc(&log->text, '\0')) {
        log->oom = 1;
        return;
    }
    log->n++;
}

/* Copies the text before offset a to out, beginning out on the first
 * call. */
static void catch_up(repairer *r, size_t a)
{
    r->started = 1;
    jm_rw_copy(&r->out, r->text, r->done, a);
    r->done = a;
}

/* Writes s[0..n) in place of text [a, b). */
static void replace(repairer *r, size_t a, size_t b, const char *s, size_t n)
{
    catch_up(r, a);
    jm_rw_replace(&r->out, a, b, s, n);
    r->done = b;
}

/* A part of a glued word: two letters at least, or one capital ("I", the
 * language "C"): "iPad" is no "i" glued to "Pad". */
static int part_shape(const char *w, size_t n)
{
    return n >= 2 || (n == 1 && is_upper(w[0]));
}

/* 1 when a glued word may start at w[i] (0 < i < n): a lowercase letter
 * then a capital ("developerLocation"), or capitals then a capitalized
 * word of three letters at least ("SKILLSPython"; "LLDs" and "TINs" are
 * acronyms in the plural). */
static int case_change(const char *w, size_t n, size_t i)
{
    if (is_lower(w[i - 1])) return is_upper(w[i]);
    return i >= 2 && is_upper(w[i - 1]) && is_upper(w[i]) && i + 2 < n &&
           is_lower(w[i + 1]) && is_lower(w[i + 2]);
}

/* Splits the glued word w[0..n) (ASCII letters) at its case changes (see
 * case_change()) into known parts, the longest known first part first.
 * Writes the offsets where the second and later parts start to cuts and
 * returns their count, or 0 when w is no glue of known words; -1 when out
 * of memory. */
static int split_glued(repairer *r, const char *w, size_t n, size_t cuts[JM_REPAIR_MAX_CUTS])
{
    size_t at[JM_REPAIR_MAX_CUTS + 2];    /* 0, the case changes, n */
    int k = 0;
    at[k++] = 0;
    for (size_t i = 1; i < n; i++) {
        if (!case_change(w, n, i)) continue;
        if (k > JM_REPAIR_MAX_CUTS) return 0;
        at[k++] = i;
    }
    if (k == 1) return 0;
    at[k++] = n;
    /* next[j]: the boundary where the part starting at at[j] ends, in the
     * split of w[at[j]..n) whose first part is longest; -1 when there is
     * none. Filled from the right, so each part is looked up once. */
    int next[JM_REPAIR_MAX_CUTS + 2];
    next[k - 1] = k - 1;
    for (int j = k - 2; j >= 0; j--) {
        next[j] = -1;
        for (int m = k - 1; m > j; m--) {
            size_t pn = at[m] - at[j];
            if (next[m] < 0 || (j == 0 && m == k - 1) || !part_shape(w + at[j], pn))
                continue;                 /* the whole word is not known */
            long df = word_df(r, w + at[j], pn);
            if (df < 0) return -1;
            if (df >= JM_REPAIR_KNOWN_DF) {
                next[j] = m;
                break;
            }
        }
    }
    if (next[0] < 0) return 0;
    int c = 0;
    for (int j = next[0]; j != k - 1; j = next[j]) cuts[c++] = at[j];
    return c;
}

/* Puts back into the word w[0..n) (ASCII letters, n <= WORD_MAX) the lost
 * ligature that makes the most common word, when that word is in at least
 * JM_REPAIR_LIGATURE_DF postings: writes it to out (room for
 * n + LIGATURE_MAX bytes) and returns its length; 0 when there is none, -1
 * when out of memory. A ligature put first in a capitalized word takes the
 * capital ("Eld" -> "Field"). */
static long restore_ligature(repairer *r, const char *w, size_t n, char *out)
{
    char cand[WORD_MAX + LIGATURE_MAX];
    long best = JM_REPAIR_LIGATURE_DF - 1;
    size_t best_len = 0;
    for (size_t i = 0; i <= n; i++) {
        for (size_t l = 0; l < JM_ARRAY_LEN(glyphs); l++) {
            size_t ln = strlen(glyphs[l]);
            memcpy(cand, w, i);
            memcpy(cand + i, glyphs[l], ln);
            memcpy(cand + i + ln, w + i, n - i);
            long df = word_df(r, cand, n + ln);
            if (df < 0) return -1;
            if (df > best) {
                best = df;
                best_len = n + ln;
                memcpy(out, cand, best_len);
                if (i == 0 && is_upper(w[0])) {
                    out[0] = (char)(out[0] - 'a' + 'A');
                    out[ln] = (char)(out[ln] - 'A' + 'a');
                }
            }
        }
    }
    return (long)best_len;
}

/* 1 when the word w[0..n) may have lost a ligature: 3 to
 * LIGATURE_WORD_MAX letters (the words that have ligatures are common
 * ones; a longer word the postings lack is mostly two words glued in
 * lowercase, "softwaredevelopment"), not all capitals (an acronym: "MES"). */
static int ligature_shape(const char *w, size_t n)
{
    if (n < 3 || n > LIGATURE_WORD_MAX) return 0;
    for (size_t i = 0; i < n; i++)
        if (is_lower(w[i])) return 1;
    return 0;
}

/* Letter spacing: a is a single letter and b a word one space after it
 * that goes on in lowercase ("S enior"), or all in capitals after a
 * capital ("E XPERIENCE"). Returns 1 when a and b are one word (then
 * joined, unless surveying), 0 when not, -1 when out of memory. */
static int join_spaced(repairer *r, const jm_rawtok *a, const jm_rawtok *b)
{
    const char *t = r->text;
    size_t bn = b->end - b->start;
    if (a->end - a->start != 1 || b->start != a->end + 1 || t[a->end] != ' ' ||
        !ascii_word(t + a->start, 1) || !ascii_word(t + b->start, bn) ||
        bn + 1 > WORD_MAX)
        return 0;
    int caps = is_upper(t[a->start]) && (b->flags & JM_TF_ALLCAPS);
    if (!is_lower(t[b->start]) && !caps) return 0;
    long df = token_df(r, b);
    if (df < 0) return -1;
    if (df >= JM_REPAIR_KNOWN_DF) return 0;          /* "a cat", "I am" */
    char join[WORD_MAX + LIGATURE_MAX];
    join[0] = t[a->start];
    memcpy(join + 1, t + b->start, bn);
    size_t jn = bn + 1;
    if ((df = word_df(r, join, jn)) < 0) return -1;
    if (df < JM_REPAIR_KNOWN_DF) {                   /* "S oware": "Software" */
        char fixed[WORD_MAX + LIGATURE_MAX];
        if (!(r->survey || (r->plan & JM_PLAN_LIGATURES)) || !ligature_shape(join, jn))
            return 0;
        long fn = restore_ligature(r, join, jn, fixed);
        if (fn <= 0) return fn < 0 ? -1 : 0;
        memcpy(join, fixed, (size_t)fn);
        jn = (size_t)fn;
        if (r->survey) note_mended(r, join, jn);
    }
    if (!r->survey) {
        replace(r, a->start, b->end, join, jn);
        record(r, JM_REPAIR_SPACED, a->start, b->end, join, jn);
    }
    return 1;
}

/* Repairs the word token a, a glued word or a word that lost a ligature;
 * in the survey, counts them. JM_OK or JM_ENOMEM. */
static int mend_word(repairer *r, const jm_rawtok *a)
{
    const char *w = r->text + a->start;
    size_t n = a->end - a->start;
    if (a->type != JM_TT_WORD || !ascii_word(w, n)) return JM_OK;
    /* glue after a lowercase part is glue; a capitalized one may be a name
     * ("FastText") unless the CV's converter glues words */
    int glue = 0;
    if ((is_lower(w[0]) || (r->plan & JM_PLAN_CAPITALS)) &&
        !(r->survey && r->glued >= JM_REPAIR_GLUE_WORDS))
        for (size_t i = 1; i < n && !glue; i++) glue = case_change(w, n, i);
    /* the survey looks at short lowercase words only: the words a CV has
     * that the postings lack are mostly names and long technical words,
     * and a font that lost its ligatures lost them in short common words
     * too ("eld", "nally", "crical") */
    int lig = r->survey ? is_lower(w[0]) && n <= LIGATURE_SURVEY_MAX &&
                          r->mended < JM_REPAIR_LIGATURE_WORDS
                        : (r->plan & JM_PLAN_LIGATURES) != 0;
    lig = lig && ligature_shape(w, n);
    if (!glue && !lig) return JM_OK;
    long df = token_df(r, a);
    if (df < 0) return JM_ENOMEM;
    if (glue && df < JM_REPAIR_KNOWN_DF) {
        size_t cuts[JM_REPAIR_MAX_CUTS];
        int c = split_glued(r, w, n, cuts);
        if (c < 0) return JM_ENOMEM;
        if (c && r->survey) r->glued++;
        if (c && !r->survey) {
            char read_as[WORD_MAX + JM_REPAIR_MAX_CUTS];
            size_t rn = 0, from = 0;
            for (int i = 0; i < c; i++) {
                catch_up(r, a->start + cuts[i]);
                jm_rw_replace(&r->out, r->done, r->done, " ", 1);
                memcpy(read_as + rn, w + from, cuts[i] - from);
                rn += cuts[i] - from;
                read_as[rn++] = ' ';
                from = cuts[i];
            }
            memcpy(read_as + rn, w + from, n - from);
            record(r, JM_REPAIR_GLUED, a->start, a->end, read_as, rn + n - from);
        }
        if (c) return JM_OK;
    }
    if (df == 0 && lig) {
        char fixed[WORD_MAX + LIGATURE_MAX];
        long fn = restore_ligature(r, w, n, fixed);
        if (fn < 0) return JM_ENOMEM;
        if (fn && r->survey) {
            note_mended(r, fixed, (size_t)fn);
        } else if (fn) {
            replace(r, a->start, a->end, fixed, (size_t)fn);
            record(r, JM_REPAIR_LIGATURE, a->start, a->end, fixed, (size_t)fn);
        }
    }
    return JM_OK;
}

/* One pass over the text: the survey, or the repairs. JM_OK or
 * JM_ENOMEM. */
static int repair_pass(repairer *r)
{
    jm_tokenizer tz;
    jm_rawtok a, b;
    int rc = JM_OK;
    jm_tokenizer_init(&tz, r->text, r->len);
    int have_a = jm_tokenizer_next(&tz, &a);
    while (have_a && !rc && !r->out.oom) {
        int have_b = jm_tokenizer_next(&tz, &b);
        int joined = have_b ? join_spaced(r, &a, &b) : 0;
        if (joined < 0) rc = JM_ENOMEM;
        else if (joined) have_b = jm_tokenizer_next(&tz, &b);
        else rc = mend_word(r, &a);
        a = b;
        have_a = have_b;
    }
    return rc || r->out.oom || (r->log && r->log->oom) ? JM_ENOMEM : JM_OK;
}

int jm_repair_survey(const jm_vocab *v, const char *text, size_t len, unsigned *plan)
{
    repairer r = { .v = v, .text = text, .len = len, .survey = 1 };
    *plan = 0;
    if (!v->model) return JM_OK;
    int rc = repair_pass(&r);
    if (rc) return rc;
    *plan = JM_PLAN_REPAIR;
    if (r.glued >= JM_REPAIR_GLUE_WORDS) *plan |= JM_PLAN_CAPITALS;
    if (r.mended >= JM_REPAIR_LIGATURE_WORDS) *plan |= JM_PLAN_LIGATURES;
    return JM_OK;
}

int jm_repair_cv(const jm_vocab *v, jm_rewriter *t, unsigned plan, jm_repair_log *log)
{
    if (!(plan & JM_PLAN_REPAIR) || !t->out.len) return JM_OK;   /* no model: no plan */
    repairer r = { .v = v, .text = t->out.data, .len = t->out.len, .plan = plan, .log = log };
    size_t logged = log->n;
    r.out.in = t->map.a;
    r.out.in_n = t->map.n;
    r.out.limit = t->limit;
    int rc = repair_pass(&r);
    if (!rc && r.started) {
        catch_up(&r, r.len);
        if (jm_buf_reserve(&r.out.out, 0)) rc = JM_ENOMEM;   /* NUL-terminated */
    }
    if (rc || r.out.oom) {
        jm_rw_free(&r.out);
        log->n = logged;
        return JM_ENOMEM;
    }
    if (r.started) {
        jm_rw_free(t);
        t->out = r.out.out;
        t->map = r.out.map;
    }
    return JM_OK;
}

int jm_repair_log_finish(jm_repair_log *log, jm_repair **out, size_t *n, char **strings)
{
    *out = NULL;
    *n = 0;
    *strings = NULL;
    if (!log->n) {
        jm_repair_log_free(log);
        return JM_OK;
    }
    jm_repair *a = jm_malloc(log->n * sizeof *a);
    if (!a) return JM_ENOMEM;
    char *text = log->text.data;
    for (size_t i = 0; i < log->n; i++) {
        a[i].kind = log->a[i].kind;
        a[i].start = log->a[i].start;
        a[i].end = log->a[i].end;
        a[i].read_as = text + log->a[i].text;
    }
    *out = a;
    *n = log->n;
    *strings = text;
    log->text = (jm_buf){0};
    jm_repair_log_free(log);
    return JM_OK;
}

void jm_repair_log_free(jm_repair_log *log)
{
    jm_free(log->a);
    jm_buf_free(&log->text);
    *log = (jm_repair_log){0};
}

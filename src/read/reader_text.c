/* This file contains the reader of Markdown and plain-text CVs and
 * postings: it decodes and repairs the text (clean.c), finds the sections
 * (sections.c), mends a CV's PDF damage in each (repair.c) and hands each
 * one, with its cleaned text and its map back to the input, to the
 * document builder. */
#include "read/document.h"
#include "read/repair.h"
#include "read/sections.h"

#include <string.h>

/* Copies the title text [a, b) of t, Markdown markup and white space
 * dropped, as a NUL-terminated string; NULL when out of memory. */
static char *plain_copy(const char *t, size_t a, size_t b)
{
    jm_rewriter w = {0};
    w.limit = (size_t)-1;
    jm_clean_markup(&w, t, a, b);
    char *s = w.oom ? NULL : jm_strndup(w.out.data ? w.out.data : "", w.out.len);
    jm_rw_free(&w);
    if (!s) return NULL;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\n' || s[n - 1] == '\t')) s[--n] = '\0';
    size_t k = 0;
    while (s[k] == ' ' || s[k] == '\t' || s[k] == '\n') k++;
    memmove(s, s + k, n - k + 1);
    return s;
}

/* Appends text[a, z) (mapped to raw by m/mn) to the current section,
 * repaired (repair.c). */
static void repaired_text(const jm_reader *r, jm_doc_builder *b, const char *text, size_t a,
                          size_t z, const jm_anchor *m, size_t mn, size_t raw_end)
{
    jm_rewriter w = { .in = m, .in_n = mn, .limit = raw_end };
    jm_rw_copy(&w, text, a, z);
    if (w.oom || jm_repair_cv(&r->vocab, &w, b->repair, &b->repairs)) b->oom = 1;
    else jm_db_text(b, w.out.data ? w.out.data : "", 0, w.out.len, w.map.a, w.map.n, raw_end, 1);
    jm_rw_free(&w);
}

int jm_text_sections(const jm_reader *r, jm_doc_builder *b, const char *name,
                     const jm_rewriter *t, size_t raw_end, unsigned flags,
                     const char *heading_base)
{
    jm_cut *cuts;
    size_t nc;
    const char *text = t->out.data ? t->out.data : "";
    size_t n = t->out.len;
    int rc = jm_find_sections(r->sections, b->d->type, flags, text, n, &cuts, &nc);
    if (rc) return jm_fail(r->err, rc, "%s: out of memory", name);
    const jm_anchor *m = t->map.a;
    size_t mn = t->map.n;
    for (size_t i = 0; i < nc; i++) {
        const jm_cut *c = &cuts[i];
        size_t end = i + 1 < nc ? cuts[i + 1].start : n;
        size_t rs = jm_map_raw(m, mn, c->start, raw_end);
        size_t re = i + 1 < nc ? jm_map_raw(m, mn, end, raw_end) : raw_end;
        const char *h = NULL;
        size_t hl = 0;
        if (c->has_heading) {
            if (heading_base) {             /* decoded copy (UTF-16) */
                h = heading_base + c->head_start;
                hl = c->head_end - c->head_start;
            } else {
                size_t ha = jm_map_raw(m, mn, c->head_start, raw_end);
                size_t hb = jm_map_raw(m, mn, c->head_end, raw_end);
                /* a heading written in LaTeX keeps its dollars */
                if (hb > ha && memchr(b->d->raw + ha, '\\', hb - ha)) {
                    if (ha > rs && b->d->raw[ha - 1] == '$') ha--;
                    if (hb < re && b->d->raw[hb] == '$') hb++;
                }
                h = b->d->raw + ha;
                hl = hb > ha ? hb - ha : 0;
            }
        }
        jm_db_begin(b, c->kind, h, hl, rs);
        if (c->kind == JM_SEC_TITLE) {
            const char *nl = memchr(text + c->start, '\n', end - c->start);
            size_t te = nl ? (size_t)(nl - text) : end;
            jm_db_text(b, text, c->start, te, m, mn, raw_end, 1);
            if (!b->d->title && !(b->d->title = plain_copy(text, c->start, te)))
                b->oom = 1;
        } else if (b->repair) {
            repaired_text(r, b, text, c->body < end ? c->body : end, end, m, mn, raw_end);
        } else {
            jm_db_text(b, text, c->body < end ? c->body : end, end, m, mn, raw_end, 1);
        }
        jm_db_end(b, re);
    }
    jm_free(cuts);
    if (b->oom) return jm_fail(r->err, JM_ENOMEM, "%s: out of memory", name);
    return JM_OK;
}

int jm_read_text(const jm_reader *r, jm_doc_builder *b, const char *name)
{
    jm_doc *d = b->d;
    jm_rewriter t = {0};
    t.limit = d->raw_len;
    int rc = jm_clean_decode(d->raw, d->raw_len, &t);
    if (!rc && d->type == JM_DOC_CV) rc = jm_repair_survey(&r->vocab, t.out.data, t.out.len, &b->repair);
    if (rc) {
        jm_rw_free(&t);
        return jm_fail(r->err, rc, "%s: out of memory", name);
    }
    if (b->utf16) {
        /* headings point into a decoded copy: raw is not UTF-8 */
        d->decoded = jm_strndup(t.out.data ? t.out.data : "", t.out.len);
        if (!d->decoded) {
            jm_rw_free(&t);
            return jm_fail(r->err, JM_ENOMEM, "%s: out of memory", name);
        }
    }
    if (d->type == JM_DOC_POSTING && !(d->id = jm_strndup(name, strlen(name)))) {
        jm_rw_free(&t);
        return jm_fail(r->err, JM_ENOMEM, "%s: out of memory", name);
    }
    rc = jm_text_sections(r, b, name, &t, d->raw_len,
                          d->type == JM_DOC_POSTING ? JM_FIND_TITLE : 0, d->decoded);
    jm_rw_free(&t);
    return rc;
}

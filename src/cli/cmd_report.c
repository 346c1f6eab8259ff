/* This file contains `jobmatch report`: one self-contained HTML page a job
 * seeker reads. The score and coverage in plain words, the posting as
 * written with its sections marked and every matched and missing term
 * highlighted (focus or hover shows the numbers), the CV's sections by
 * contribution, the CV as written with its matched terms and repaired
 * words marked, the gaps, the keywords, the repairs and how the score is
 * made. Every number comes from jm_score() and jm_keywords(), the same
 * results `score --json` and `gaps --json` print; the marks come from
 * jm_doc_terms(), the occurrences the score counted. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/html.h"

static const char usage[] =
    "usage: jobmatch report [-o FILE] [--top N] [--weights SPEC] [--model FILE] CV POSTING\n"
    "Writes one self-contained HTML page (to stdout without -o): score and\n"
    "coverage in plain words, the posting with its matched and missing terms\n"
    "marked, the CV's sections by contribution, the gaps (--top N of them, default\n"
    "30), keywords, repairs of PDF text and how the score is made. The page\n"
    "loads nothing and runs no script.\n";

/* Rows of the gaps table without --top: the rest are worth less and the
 * posting marks them all anyway. */
#define GAPS_SHOWN 30

/* What a highlighted stretch of text is. */
enum { SPAN_FIX, SPAN_HIT, SPAN_GAP };

/* A stretch of a document's input to mark. */
typedef struct {
    size_t start, end;   /* bytes of the input as read */
    int kind;            /* SPAN_* */
    size_t idx;          /* into m->matched (hit), m->missing (gap) or the
                            CV's repairs (fix) */
} span;

/* A term the page marks, for looking up the analyzer's occurrences. */
typedef struct {
    const char *term;    /* NUL-terminated, owned by the jm_match */
    int kind;            /* SPAN_HIT or SPAN_GAP */
    size_t idx;          /* into m->matched or m->missing */
} term_ref;

/* The spans found in one document. */
typedef struct {
    span *v;
    size_t n, cap;
    const term_ref *refs;    /* the terms to mark, sorted by term */
    size_t n_refs;
    int oom;                 /* an allocation failed */
} spans;

static int by_term(const void *a, const void *b)
{
    return strcmp(((const term_ref *)a)->term, ((const term_ref *)b)->term);
}

/* Compares an occurrence's term (not NUL-terminated) with a reference. */
static int cmp_term(const char *t, size_t len, const char *ref)
{
    int c = strncmp(t, ref, len);
    return c ? c : -(ref[len] != '\0');
}

static int add_span(spans *s, size_t start, size_t end, int kind, size_t idx)
{
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 256;
        span *v = realloc(s->v, cap * sizeof *v);
        if (!v) { s->oom = 1; return 1; }
        s->v = v;
        s->cap = cap;
    }
    s->v[s->n++] = (span){ start, end, kind, idx };
    return 0;
}

/* jm_doc_terms() callback: keeps the occurrences of the terms to mark. */
static int on_term(void *ud, const jm_doc_term *t)
{
    spans *s = ud;
    size_t lo = 0, hi = s->n_refs;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = cmp_term(t->term, t->term_len, s->refs[mid].term);
        if (!c) {
            const term_ref *r = &s->refs[mid];
            return add_span(s, t->start, t->end, r->kind, r->idx);
        }
        if (c < 0) hi = mid;
        else lo = mid + 1;
    }
    return 0;
}

/* Text order; a longer span first, so that it encloses the shorter ones it
 * starts with (a phrase its first word); a repair before a term. */
static int by_position(const void *a, const void *b)
{
    const span *x = a, *y = b;
    if (x->start != y->start) return x->start < y->start ? -1 : 1;
    if (x->end != y->end) return x->end > y->end ? -1 : 1;
    return (x->kind > y->kind) - (x->kind < y->kind);
}

/* Everything a page needs while it is written. */
typedef struct {
    FILE *f;
    const cli_pair *in;
    const jm_match *m;
    const jm_repair *repairs;    /* the CV's repairs */
    size_t n_repairs;
} page;

static void open_mark(const page *p, const span *s)
{
    FILE *f = p->f;
    if (s->kind == SPAN_FIX) {
        fputs("<mark class=\"fix\" tabindex=\"0\" data-read-as=\"", f);
        html_cstr(f, p->repairs[s->idx].read_as, 1);
        fputs("\">", f);
    } else if (s->kind == SPAN_HIT) {
        const jm_term_score *t = &p->m->matched[s->idx];
        html_term_tag(f, "mark", "hit", t->term);
        html_num_attr(f, "data-idf", t->idf);
        html_num_attr(f, "data-cv-tf", t->cv_tf);
        html_num_attr(f, "data-posting-tf", t->posting_tf);
        html_num_attr(f, "data-contribution", t->contribution);
        putc('>', f);
    } else {
        const jm_keyword *k = &p->m->missing[s->idx];
        html_term_tag(f, "mark", "gap", k->term);
        html_num_attr(f, "data-idf", k->idf);
        html_num_attr(f, "data-posting-tf", k->posting_tf);
        html_num_attr(f, "data-gain", k->gain);
        putc('>', f);
    }
}

/* The tip a mark shows on focus or hover, then the mark's end. */
static void close_mark(const page *p, const span *s)
{
    FILE *f = p->f;
    fputs("<span class=\"tip\">", f);
    if (s->kind == SPAN_FIX) {
        fputs("read as \xE2\x80\x9C", f);
        html_cstr(f, p->repairs[s->idx].read_as, 0);
        fprintf(f, "\xE2\x80\x9D: %s", jm_repair_kind_name(p->repairs[s->idx].kind));
        fputs(" (mended from a PDF export's damage)", f);
    } else if (s->kind == SPAN_HIT) {
        const jm_term_score *t = &p->m->matched[s->idx];
        fprintf(f, "matched \xC2\xB7 idf %.2f \xC2\xB7 weighted count: posting %.2f, CV %.2f "
                   "\xC2\xB7 contribution %.4f", t->idf, t->posting_tf, t->cv_tf,
                t->contribution);
        if (t->role_contribution > 0)
            fprintf(f, " (%.4f of it as the job's title)", t->role_contribution);
    } else {
        const jm_keyword *k = &p->m->missing[s->idx];
        fprintf(f, "missing \xC2\xB7 idf %.2f \xC2\xB7 weighted count in the posting %.2f "
                   "\xC2\xB7 gain +%.4f if added to %s", k->idf, k->posting_tf, k->gain,
                jm_section_kind_name(k->section));
    }
    fputs("</span></mark>", f);
}

/* Writes raw[from, to) with the spans of sp (sorted by by_position) that
 * lie inside it marked, from *next on. Marks nest (a phrase around its
 * words); a span that would cross an open one ("heart associ" after
 * "american heart") is cut to start where that one ends, and put back in
 * order. */
static void marked_text(const page *p, const char *raw, size_t from, size_t to,
                        span *sp, size_t n, size_t *next)
{
    enum { DEPTH = 8 };
    const span *open[DEPTH];
    size_t depth = 0, pos = from, i = *next;
    for (; i < n && sp[i].start < to; i++) {
        span *s = &sp[i];
        if (s->start < pos || s->end > to || s->end <= s->start) continue;
        while (depth && open[depth - 1]->end <= s->start) {
            const span *o = open[--depth];
            html_esc(p->f, raw + pos, o->end - pos, 0);
            pos = o->end;
            close_mark(p, o);
        }
        if (depth && s->end > open[depth - 1]->end) {     /* crosses: cut it */
            span cut = *s;
            cut.start = open[depth - 1]->end;
            size_t j = i + 1;      /* the open spans all lie before i */
            for (; j < n && by_position(&sp[j], &cut) < 0; j++) sp[j - 1] = sp[j];
            sp[j - 1] = cut;
            i--;
            continue;
        }
        if (depth == DEPTH ||
            (depth && s->start == open[depth - 1]->start && s->end == open[depth - 1]->end))
            continue;
        html_esc(p->f, raw + pos, s->start - pos, 0);
        pos = s->start;
        open_mark(p, s);
        open[depth++] = s;
    }
    while (depth) {
        const span *o = open[--depth];
        html_esc(p->f, raw + pos, o->end - pos, 0);
        pos = o->end;
        close_mark(p, o);
    }
    html_esc(p->f, raw + pos, to - pos, 0);
    *next = i;
}

/* A document as written, section by section (each with its kind as a
 * heading), the spans marked; text outside every section (JSON syntax) is
 * shown as it is. */
static void document_text(const page *p, const jm_doc *d, spans *s, const char *id)
{
    size_t len, n_secs, pos = 0, next = 0;
    const char *raw = jm_doc_input(d, &len);
    const jm_section *sec = jm_doc_sections(d, &n_secs);
    if (s->n) qsort(s->v, s->n, sizeof *s->v, by_position);   /* v is NULL when none */
    fprintf(p->f, "<div class=\"doc\" id=\"%s\">\n", id);
    for (size_t i = 0; i < n_secs; i++) {
        size_t a = sec[i].start > pos ? sec[i].start : pos;
        size_t b = sec[i].end < len ? sec[i].end : len;
        if (b <= a) continue;
        if (a > pos) {
            fputs("<div class=\"text\">", p->f);
            marked_text(p, raw, pos, a, s->v, s->n, &next);
            fputs("</div>\n", p->f);
        }
        const char *kind = jm_section_kind_name(sec[i].kind);
        int asks = sec[i].kind == JM_SEC_REQUIREMENTS || sec[i].kind == JM_SEC_PREFERRED;
        fprintf(p->f, "<div class=\"sec%s\" data-kind=\"%s\">\n<h3>%s</h3>\n"
                      "<div class=\"text\">", asks ? " req" : "", kind, kind);
        marked_text(p, raw, a, b, s->v, s->n, &next);
        fputs("</div>\n</div>\n", p->f);
        pos = b;
    }
    if (pos < len) {
        fputs("<div class=\"text\">", p->f);
        marked_text(p, raw, pos, len, s->v, s->n, &next);
        fputs("</div>\n", p->f);
    }
    fputs("</div>\n", p->f);
}

/* The terms to mark: the matched ones, and for the posting the gaps too. */
static term_ref *term_refs(const jm_match *m, int gaps, size_t *n)
{
    term_ref *r = malloc((m->n_matched + m->n_missing + 1) * sizeof *r);
    if (!r) return NULL;
    *n = 0;
    for (size_t i = 0; i < m->n_matched; i++)
        if (m->matched[i].term[0] != '^')    /* its word is matched too */
            r[(*n)++] = (term_ref){ m->matched[i].term, SPAN_HIT, i };
    for (size_t i = 0; gaps && i < m->n_missing; i++)
        r[(*n)++] = (term_ref){ m->missing[i].term, SPAN_GAP, i };
    qsort(r, *n, sizeof *r, by_term);
    return r;
}

/* Marks and writes one document; JM_OK, or a failure (message on e). */
static int document(const page *p, const jm_doc *d, int is_posting)
{
    spans s = { 0 };
    int rc = JM_ENOMEM;
    term_ref *refs = term_refs(p->m, is_posting, &s.n_refs);
    s.refs = refs;
    if (refs) rc = jm_doc_terms(p->in->e, d, on_term, &s);
    if (rc == JM_ESTOP && s.oom) rc = JM_ENOMEM;
    for (size_t i = 0; !rc && !is_posting && i < p->n_repairs; i++)
        if (add_span(&s, p->repairs[i].start, p->repairs[i].end, SPAN_FIX, i)) rc = JM_ENOMEM;
    if (!rc) document_text(p, d, &s, is_posting ? "posting-text" : "cv-text");
    free(s.v);
    free(refs);
    return rc;
}

static void header(const page *p)
{
    FILE *f = p->f;
    const char *title = jm_doc_title(p->in->posting);
    const char *company = jm_doc_company(p->in->posting);
    fputs("<header>\n<p class=\"kicker\">jobmatch report \xC2\xB7 CV <code>", f);
    html_cstr(f, p->in->o.args[0], 0);
    fputs("</code> against the posting <code>", f);
    html_cstr(f, p->in->o.args[1], 0);
    fputs("</code></p>\n<h1>", f);
    html_cstr(f, title ? title : "A posting without a title", 0);
    if (company) {
        fputs(" <span class=\"muted\">at ", f);
        html_cstr(f, company, 0);
        fputs("</span>", f);
    }
    fputs("</h1>\n</header>\n", f);
}

static void summary(const page *p)
{
    FILE *f = p->f;
    const jm_match *m = p->m;
    fputs("<section aria-labelledby=\"h-fit\">\n<h2 id=\"h-fit\">How well the CV fits</h2>\n"
          "<div class=\"figures\">\n<div class=\"figure\"><p class=\"big\" id=\"score\"", f);
    html_num_attr(f, "data-value", m->score);
    fprintf(f, ">%.3f</p><p><strong>Score</strong> (0 to 1). %s</p></div>\n", m->score,
            html_score_reading(m->score));
    fputs("<div class=\"figure\"><p class=\"big\" id=\"coverage\"", f);
    html_num_attr(f, "data-value", m->coverage);
    fprintf(f, ">%.0f%%</p><p><strong>Coverage.</strong> ", m->coverage * 100);
    html_coverage_reading(f, m->coverage);
    fputs("</p></div>\n</div>\n<p id=\"occupation\">", f);
    if (m->n_occupations) {
        fputs("The occupation both name: <strong>", f);
        html_cstr(f, cli_occupation_name(m), 0);
        fputs("</strong>.", f);
    } else if (m->occupation_weight > 0) {
        fputs("The CV and the posting's title name no common occupation.", f);
    } else {
        fputs("The CV names no occupation that jobmatch knows, so the score is the terms' "
              "match alone.", f);
    }
    fputs("</p>\n</section>\n", f);
}

static void keywords(const page *p, const jm_keyword *k, size_t n)
{
    FILE *f = p->f;
    size_t shown = n < 25 ? n : 25;
    fputs("<section aria-labelledby=\"h-kw\">\n<h2 id=\"h-kw\">What the posting asks for"
          "</h2>\n<p>Its keywords by weight (how specific a term is, how often the posting "
          "says it, and how much it names a skill).</p>\n<ul class=\"kw\">\n", f);
    for (size_t i = 0; i < shown; i++) {
        int has = 0;
        for (size_t j = 0; j < p->m->n_matched && !has; j++)
            has = !strcmp(p->m->matched[j].term, k[i].term);
        html_term_tag(f, "li", NULL, k[i].term);
        html_num_attr(f, "data-weight", k[i].weight);
        putc('>', f);
        html_cstr(f, k[i].display, 0);
        fprintf(f, " <span class=\"muted\">%.1f \xC2\xB7 %s</span></li>\n", k[i].weight,
                has ? "in the CV" : "not in the CV");
    }
    fputs("</ul>\n</section>\n", f);
}

static void repairs(const page *p)
{
    FILE *f = p->f;
    size_t count[3] = { 0 }, len;
    const char *raw = jm_doc_input(p->in->cv, &len);
    if (!p->n_repairs) return;
    for (size_t i = 0; i < p->n_repairs; i++) count[p->repairs[i].kind]++;
    fprintf(f, "<section aria-labelledby=\"h-fix\">\n<h2 id=\"h-fix\">Your CV's file reads "
               "wrongly</h2>\n<p>The PDF this CV was exported from broke words: %zu glued "
               "together, %zu letter-spaced, %zu with lost ligatures (fi, ft, ti...). jobmatch "
               "mended them before scoring, but applicant tracking systems read the file as it "
               "is. <strong>Export the CV again</strong> (from the original document, with "
               "another PDF tool, or as text or .docx) and check that these words come out "
               "whole.</p>\n<table>\n<caption>The words as written and as jobmatch read them"
               "</caption>\n<thead><tr><th scope=\"col\" class=\"num\">line</th>"
               "<th scope=\"col\">as written</th><th scope=\"col\">read as</th></tr></thead>\n"
               "<tbody>\n", count[JM_REPAIR_GLUED], count[JM_REPAIR_SPACED],
            count[JM_REPAIR_LIGATURE]);
    for (size_t i = 0; i < p->n_repairs && i < 60; i++) {
        const jm_repair *r = &p->repairs[i];
        size_t a = r->start < len ? r->start : len, b = r->end < len ? r->end : len;
        fprintf(f, "<tr><td class=\"num\">%zu</td><td>", cli_line_of(raw, len, a));
        html_esc(f, raw + a, b > a ? b - a : 0, 0);
        fputs("</td><td>", f);
        html_cstr(f, r->read_as, 0);
        fputs("</td></tr>\n", f);
    }
    fputs("</tbody>\n</table>\n", f);
    if (p->n_repairs > 60)
        fprintf(f, "<p>... and %zu more (<code>jobmatch score --json</code> lists them all)."
                   "</p>\n", p->n_repairs - 60);
    fputs("</section>\n", f);
}

static void how(const page *p)
{
    FILE *f = p->f;
    const jm_match *m = p->m;
    fputs("<section aria-labelledby=\"h-how\">\n<h2 id=\"h-how\">How the score is made</h2>\n"
          "<p>The CV and the posting each become a list of terms (words, stems and known "
          "skills such as \xE2\x80\x9Cmachine learning\xE2\x80\x9D), each counted with the "
          "weight of the section it is in (a posting's requirements count more than its "
          "benefits; a CV's skills more than its interests). A term weighs more the rarer it "
          "is among real job postings (its idf). The score is the cosine of the two weighted "
          "lists: 1 when they are alike, 0 when they share nothing. When the CV names an "
          "occupation, the match of the occupations both name adds to it. Each section's "
          "part above is exact: the parts add up to the score.</p>\n<pre>", f);
    fputs("x(t)    = ln(1 + tf(t)) \xC3\x97 idf(t)      tf: section-weighted count\n"
          "idf(t)  = ln((1 + N) / (1 + df(t))) + 1   df: postings with t, of N\n"
          "cosine  = \xCE\xA3 x_cv(t) \xC3\x97 x_posting(t) / (\xE2\x80\x96x_cv\xE2\x80\x96 "
          "\xC3\x97 \xE2\x80\x96x_posting\xE2\x80\x96)\n", f);
    if (m->occupation_weight > 0)
        fprintf(f, "score   = (cosine + o \xC3\x97 occupation) / (1 + o)\n"
                   "        = (%.4f + %g \xC3\x97 %.4f) / %g = %.4f</pre>\n",
                m->cosine, m->occupation_weight, m->occupation, 1 + m->occupation_weight,
                m->score);
    else
        fprintf(f, "score   = cosine = %.4f</pre>\n", m->score);
    fputs("<p id=\"numbers\"", f);
    html_num_attr(f, "data-cosine", m->cosine);
    html_num_attr(f, "data-occupation", m->occupation);
    html_num_attr(f, "data-cv-norm", m->cv_norm);
    html_num_attr(f, "data-posting-norm", m->posting_norm);
    fputs(">Coverage is the sum of x_posting(t) over the posting's terms that the CV has, "
          "divided by the same sum over all of the posting's terms. A gap's gain is the "
          "exact rise of the score if the posting's words for it were added once to the CV "
          "section where it belongs. <code>jobmatch score --json</code> prints every number "
          "behind this page with 17 digits.</p>\n</section>\n", f);
}

/* Writes the whole page; JM_OK or a failure (message on the engine). */
static int write_page(page *p)
{
    FILE *f = p->f;
    const jm_match *m = p->m;
    jm_keyword *k = NULL;
    size_t nk = 0;
    int rc = jm_keywords(p->in->e, p->in->posting, &k, &nk);
    if (rc) return rc;
    char title[512];
    const char *pt = jm_doc_title(p->in->posting);
    snprintf(title, sizeof title, "Score %.3f: %s \xE2\x80\x94 jobmatch report", m->score,
             pt ? pt : "a posting without a title");
    html_begin(f, title);
    header(p);
    fputs("<main>\n", f);
    summary(p);
    fputs("<section aria-labelledby=\"h-posting\">\n<h2 id=\"h-posting\">The posting</h2>\n"
          "<ul class=\"legend\"><li><mark class=\"hit\">underlined</mark> in the CV too</li>"
          "<li><mark class=\"gap\">wavy underline</mark> missing from the CV</li>"
          "<li>Focus or point at a marked term for its numbers.</li></ul>\n", f);
    rc = document(p, p->in->posting, 1);
    fputs("</section>\n<section aria-labelledby=\"h-sections\">\n<h2 id=\"h-sections\">"
          "Where the score comes from in the CV</h2>\n", f);
    html_section_bars(f, m);
    html_matched_table(f, m, 15, 3);
    fputs("</section>\n<section aria-labelledby=\"h-gaps\">\n<h2 id=\"h-gaps\">"
          "What is missing</h2>\n", f);
    html_gaps_table(f, m, p->in->o.top > 0 ? (size_t)p->in->o.top : GAPS_SHOWN, 3);
    fputs("</section>\n", f);
    keywords(p, k, nk);
    repairs(p);
    fputs("<section aria-labelledby=\"h-cv\">\n<h2 id=\"h-cv\">The CV</h2>\n<p>Its terms "
          "that the posting has too are underlined", f);
    fputs(p->n_repairs ? "; words mended from PDF damage have a dashed frame.</p>\n"
                       : ".</p>\n", f);
    if (!rc) rc = document(p, p->in->cv, 0);
    fputs("</section>\n", f);
    how(p);
    fputs("</main>\n", f);
    html_end(f, html_model_name(p->in->o.model));
    jm_keywords_free(k, nk);
    return rc;
}

int cmd_report(int argc, char **argv)
{
    cli_pair in;
    jm_match *m = NULL;
    int st = cli_load_pair(argc, argv, OPT_OUTPUT, usage, &in);
    if (st < 0 && jm_score(in.e, in.cv, in.posting, &m))
        st = cli_error(EXIT_FAIL, "%s", jm_errmsg(in.e));
    if (st < 0) {
        int created;
        FILE *f = cli_output_open(in.o.output, &created);
        st = EXIT_FAIL;
        if (f) {
            page p = { f, &in, m, NULL, 0 };
            p.repairs = jm_doc_repairs(in.cv, &p.n_repairs);
            int rc = write_page(&p);
            if (rc == JM_ENOMEM) cli_error(EXIT_FAIL, "out of memory");
            else if (rc) cli_error(EXIT_FAIL, "%s", jm_errmsg(in.e));
            st = cli_output_close(f, in.o.output, created, rc ? EXIT_FAIL : EXIT_OK);
        }
    }
    jm_match_free(m);
    cli_pair_free(&in);
    return st;
}

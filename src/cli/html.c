/* This file contains the HTML writer the report pages share (see html.h):
 * escaping, the page frame with its style sheet, and the blocks both pages
 * show (section bars, gaps, matched terms). */
#include "cli/html.h"
#include "cli/cli.h"

#include <string.h>

/* The Content-Security-Policy of every page: nothing may be fetched or
 * run (no scripts at all; inline styles only, for the style sheet and the
 * bars' widths), no base URL, no form. */
static const char csp[] =
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; "
    "script-src 'none'; base-uri 'none'; form-action 'none'";

/* The style sheet: light by default, dark by prefers-color-scheme, a print
 * sheet for A4 and Letter, and rules that keep 390 px screens from
 * scrolling sideways (long words and input lines wrap anywhere). Matched
 * and missing terms differ by underline (solid, wavy) as well as colour.
 * A mark's numbers show in a panel fixed at the bottom of the window while
 * it has focus or the pointer: next to a mark near the edge, a tip would
 * push the page sideways on a phone. */
static const char style[] =
    ":root{--bg:#fff;--fg:#1b1b1f;--muted:#4a4f57;--line:#c9ccd1;--hit:#d5f2db;"
    "--hitline:#1a6b30;--gap:#ffecb0;--gapline:#8a4b00;--bar:#2f62c9;--card:#f4f5f7;"
    "--tipbg:#1b1b1f;--tipfg:#fff;--ctl:#8b1a1a}\n"
    "@media (prefers-color-scheme:dark){:root{--bg:#15171b;--fg:#e9e9ec;--muted:#b8bdc6;"
    "--line:#3a3f48;--hit:#1d4a2a;--hitline:#7fdc97;--gap:#4f3c00;--gapline:#ffc766;"
    "--bar:#7aa5ff;--card:#1f2228;--tipbg:#e9e9ec;--tipfg:#15171b;--ctl:#ff9b9b}}\n"
    "*{box-sizing:border-box}\n"
    "html{-webkit-text-size-adjust:100%}\n"
    "body{margin:0;background:var(--bg);color:var(--fg);font:16px/1.5 system-ui,-apple-system,"
    "'Segoe UI',Roboto,'Noto Sans',sans-serif;overflow-wrap:anywhere}\n"
    "header,main,footer{max-width:72rem;margin:0 auto;padding:0 1rem}\n"
    "header{padding-top:1.5rem}\n"
    "h1{font-size:1.6rem;line-height:1.25;margin:.2rem 0 .4rem}\n"
    "h2{font-size:1.25rem;margin:2rem 0 .6rem;border-bottom:1px solid var(--line);padding-bottom:.2rem}\n"
    "h3{font-size:1rem;margin:1rem 0 .3rem}\n"
    ".muted,.kicker{color:var(--muted)}\n"
    ".kicker{margin:0;font-size:.9rem;letter-spacing:.02em}\n"
    ".figures{display:flex;flex-wrap:wrap;gap:1rem}\n"
    ".figure{flex:1 1 16rem;background:var(--card);border-radius:8px;padding:.8rem 1rem}\n"
    ".figure .big{font-size:2.2rem;font-weight:700;margin:0;line-height:1.1}\n"
    ".figure p{margin:.3rem 0 0}\n"
    ".legend{display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;margin:.4rem 0 .8rem;padding:0;list-style:none}\n"
    ".doc{background:var(--card);border-radius:8px;padding:.6rem 1rem;margin:.4rem 0}\n"
    ".sec{border-left:4px solid var(--line);padding-left:.8rem;margin:.6rem 0}\n"
    ".sec h3{margin:.2rem 0;font-size:.8rem;text-transform:uppercase;letter-spacing:.06em;"
    "color:var(--muted)}\n"
    ".sec.req{border-left-color:var(--hitline)}\n"
    ".text{white-space:pre-wrap;margin:0;font-size:.95rem}\n"
    "mark{color:inherit;position:relative;border-radius:2px;padding:0 1px}\n"
    "mark.hit{background:var(--hit);text-decoration:underline solid var(--hitline) 2px;"
    "text-underline-offset:3px}\n"
    "mark.gap{background:none;text-decoration:underline wavy var(--gapline) 1.5px;"
    "text-underline-offset:3px}\n"
    "mark.fix{background:none;outline:1px dashed var(--gapline)}\n"
    "mark:focus{outline:2px solid var(--bar);outline-offset:1px}\n"
    ".tip{display:none;position:fixed;left:50%;bottom:1rem;transform:translateX(-50%);z-index:5;"
    "width:max-content;max-width:min(36rem,calc(100vw - 2rem));"
    "background:var(--tipbg);color:var(--tipfg);font:13px/1.4 system-ui,sans-serif;"
    "padding:.35em .6em;border-radius:4px;white-space:normal;text-transform:none;letter-spacing:0}\n"
    "mark:hover>.tip,mark:focus>.tip{display:block}\n"
    ".ctl{color:var(--ctl);font-family:ui-monospace,monospace;font-size:.85em}\n"
    ".bars{list-style:none;padding:0;margin:0}\n"
    ".bars li{display:grid;grid-template-columns:minmax(6rem,14rem) 4rem 1fr;gap:.6rem;"
    "align-items:center;padding:.2rem 0}\n"
    ".bar{height:.9rem;background:var(--card);border:1px solid var(--line);border-radius:3px}\n"
    ".bar span{display:block;height:100%;background:var(--bar);border-radius:2px}\n"
    ".num{font-variant-numeric:tabular-nums;text-align:right}\n"
    "table{border-collapse:collapse;width:100%;font-size:.95rem}\n"
    "caption{text-align:left;color:var(--muted);padding:.2rem 0}\n"
    "th,td{border-bottom:1px solid var(--line);padding:.3rem .5rem;text-align:left;vertical-align:top}\n"
    "th.num,td.num{text-align:right}\n"
    "code,pre{font-family:ui-monospace,'DejaVu Sans Mono',monospace;font-size:.9em}\n"
    "pre{white-space:pre-wrap;background:var(--card);padding:.6rem 1rem;border-radius:8px}\n"
    ".kw{display:flex;flex-wrap:wrap;gap:.4rem;list-style:none;padding:0}\n"
    ".kw li{background:var(--card);border:1px solid var(--line);border-radius:1rem;padding:.05rem .6rem}\n"
    ".ranked{list-style:none;padding:0}\n"
    "details{border:1px solid var(--line);border-radius:8px;margin:.5rem 0;padding:.4rem .8rem}\n"
    "summary{cursor:pointer}\n"
    ".row{display:inline-flex;flex-wrap:wrap;gap:.2rem 1rem;align-items:baseline;width:calc(100% - 1.5rem)}\n"
    ".rank{font-weight:700;min-width:2rem}\n"
    ".terms{font-size:.9rem;color:var(--muted);flex-basis:100%}\n"
    "footer{margin-top:2.5rem;padding-bottom:2rem;color:var(--muted);font-size:.85rem;"
    "border-top:1px solid var(--line)}\n"
    "@media (max-width:40rem){.bars li{grid-template-columns:1fr 4rem;}.bars .bar{grid-column:1/3}"
    "th,td{padding:.25rem .3rem}table{font-size:.85rem}.figure .big{font-size:1.8rem}}\n"
    "@media print{@page{size:auto;margin:14mm}:root{--bg:#fff;--fg:#000;--muted:#333;--card:#fff;"
    "--line:#999;--hit:#e3f5e7;--gap:#fff3c9;--bar:#333}body{font-size:11pt}"
    ".tip{display:none!important}header,main,footer{max-width:none;padding:0}"
    ".sec,.bars li,tr,.figure{break-inside:avoid}h2,h3{break-after:avoid}"
    "details{border:none;padding:0}}\n";

/* Writes code point cp as a visible "[U+XXXX]" (in text, in a span). */
static void control(FILE *f, unsigned cp, int attr)
{
    if (attr) fprintf(f, "[U+%04X]", cp);
    else fprintf(f, "<span class=\"ctl\">[U+%04X]</span>", cp);
}

/* The invisible characters that reorder or hide text: bidi marks,
 * embeddings, overrides and isolates, zero-width characters, line and
 * paragraph separators, the BOM and interlinear annotations. */
static int is_format_char(unsigned cp)
{
    return cp == 0x061C || (cp >= 0x200B && cp <= 0x200F) ||
           (cp >= 0x2028 && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x206F) ||
           cp == 0xFEFF || (cp >= 0xFFF9 && cp <= 0xFFFB);
}

void html_esc(FILE *f, const char *s, size_t len, int attr)
{
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < len; i++) {
        unsigned c = u[i];
        if (c < 0x80) {
            switch (c) {
            case '&': fputs("&amp;", f); break;
            case '<': fputs("&lt;", f); break;
            case '>': fputs("&gt;", f); break;
            case '"': fputs("&quot;", f); break;
            case '\'': fputs("&#39;", f); break;
            case '\n': fputs(attr ? " " : "\n", f); break;
            case '\t': putc(attr ? ' ' : '\t', f); break;
            case '\r':     /* CRLF is one line end; a lone CR is one too */
                if (i + 1 < len && u[i + 1] == '\n') break;
                fputs(attr ? " " : "\n", f);
                break;
            default:
                if (c < 0x20 || c == 0x7F) control(f, c, attr);
                else putc((int)c, f);
            }
            continue;
        }
        size_t k = cli_utf8_seq(u + i, len - i);
        if (!k) {
            fputs("\xEF\xBF\xBD", f);     /* U+FFFD for a byte that is not UTF-8 */
            continue;
        }
        unsigned cp = k == 2 ? (c & 0x1F) << 6 | (u[i + 1] & 0x3F)
                    : k == 3 ? (c & 0x0F) << 12 | (u[i + 1] & 0x3F) << 6 | (u[i + 2] & 0x3F)
                    : (c & 0x07) << 18 | (u[i + 1] & 0x3F) << 12 | (u[i + 2] & 0x3F) << 6 |
                      (u[i + 3] & 0x3F);
        if (cp < 0xA0 || is_format_char(cp)) control(f, cp, attr);   /* C1 too */
        else fwrite(u + i, 1, k, f);
        i += k - 1;
    }
}

void html_cstr(FILE *f, const char *s, int attr)
{
    if (s) html_esc(f, s, strlen(s), attr);
}

void html_term_tag(FILE *f, const char *tag, const char *cls, const char *term)
{
    fprintf(f, "<%s", tag);
    if (cls) fprintf(f, " class=\"%s\" tabindex=\"0\"", cls);
    fputs(" data-term=\"", f);
    html_cstr(f, term, 1);
    putc('"', f);
}

void html_num_attr(FILE *f, const char *name, double v)
{
    fprintf(f, " %s=\"", name);
    json_num(f, v);
    putc('"', f);
}

void html_begin(FILE *f, const char *title)
{
    fprintf(f, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
               "<meta http-equiv=\"Content-Security-Policy\" content=\"%s\">\n"
               "<meta name=\"referrer\" content=\"no-referrer\">\n"
               "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
               "<meta name=\"color-scheme\" content=\"light dark\">\n"
               "<meta name=\"generator\" content=\"jobmatch %s\">\n<title>",
            csp, jm_version());
    html_cstr(f, title, 0);
    fprintf(f, "</title>\n<style>\n%s</style>\n</head>\n<body>\n", style);
}

void html_end(FILE *f, const char *model)
{
    fputs("<footer>\n<p>Made by <strong>jobmatch ", f);
    html_cstr(f, jm_version(), 0);
    fputs("</strong> with the model ", f);
    html_cstr(f, model, 0);
    fputs(". Written offline: this page loads nothing and runs no script; the links "
          "of the CV and the posting are shown as text.</p>\n</footer>\n</body>\n</html>\n", f);
}

const char *html_score_reading(double score)
{
    if (score >= 0.45) return "A strong match: the CV and the posting share many of the "
                              "posting's specific terms.";
    if (score >= 0.30) return "A fair match: the CV shares a good part of what the posting "
                              "asks for; the gaps below say what would help most.";
    if (score >= 0.15) return "A weak match: some terms in common, but much of what the "
                              "posting asks for is not in the CV.";
    return "Little in common: this posting asks for other things than the CV shows.";
}

void html_coverage_reading(FILE *f, double coverage)
{
    fprintf(f, "The CV has %.0f%% of what the posting asks for, each term weighted by how "
               "specific it is (rare terms count more than common ones).", coverage * 100);
}

/* A section's heading as a label: without its Markdown emphasis and
 * heading markers, cut after LABEL_CHARS characters (with an ellipsis). */
static void heading_label(FILE *f, const char *s, size_t len)
{
    enum { LABEL_CHARS = 48 };
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0, shown = 0;
    while (i < len && (u[i] == '#' || u[i] == ' ')) i++;       /* "## " */
    while (i < len && shown < LABEL_CHARS) {
        if (u[i] == '*' || u[i] == '_') { i++; continue; }
        size_t k = cli_utf8_seq(u + i, len - i);
        if (!k) k = 1;                /* html_esc shows it as U+FFFD */
        html_esc(f, s + i, k, 0);
        i += k;
        shown++;
    }
    if (i < len) fputs("\xE2\x80\xA6", f);
}

/* One row of the bars: a label, the number, a bar of share of the score. */
static void bar_row(FILE *f, const char *kind, const char *label, size_t label_len,
                    double contribution, double score)
{
    double pct = score > 0 ? contribution / score * 100 : 0;
    fputs("<li data-kind=\"", f);
    html_cstr(f, kind, 1);
    putc('"', f);
    html_num_attr(f, "data-contribution", contribution);
    fputs("><span><strong>", f);
    html_cstr(f, kind, 0);
    fputs("</strong>", f);
    if (label && label_len) {
        fputs(" <span class=\"muted\">", f);
        heading_label(f, label, label_len);
        fputs("</span>", f);
    }
    fprintf(f, "</span><span class=\"num\">%.3f</span><span class=\"bar\" role=\"img\" "
               "aria-label=\"%.0f%% of the score\"><span style=\"width:%.1f%%\"></span></span>"
               "</li>\n", contribution, pct, pct);
}

void html_section_bars(FILE *f, const jm_match *m)
{
    size_t order[512];
    size_t n = cli_sections_by_contribution(m, order, sizeof order / sizeof *order);
    fputs("<ol class=\"bars\">\n", f);
    for (size_t i = 0; i < n; i++) {
        const jm_section_score *s = &m->sections[order[i]];
        bar_row(f, jm_section_kind_name(s->kind), s->heading, s->heading_len,
                s->contribution, m->score);
    }
    if (m->occupation_weight > 0) {
        const char *what = cli_occupation_name(m);
        bar_row(f, "occupation", what, strlen(what), m->occupation_contribution, m->score);
    }
    fputs("</ol>\n", f);
    if (!n) fputs("<p>No section of the CV shares a term with the posting.</p>\n", f);
}

static size_t top_of(size_t n, size_t top)
{
    return top && top < n ? top : n;
}

/* The heading of a table block (level 2 or 3); when the table has no row,
 * says empty instead and returns 0; else starts the table (class cls, its
 * caption, head: the header row's cells) and returns 1. */
static int table_begin(FILE *f, int level, const char *heading, size_t rows,
                       const char *empty, const char *cls, const char *caption,
                       const char *head)
{
    fprintf(f, "<h%d>%s</h%d>\n", level, heading, level);
    if (!rows) {
        fprintf(f, "<p>%s</p>\n", empty);
        return 0;
    }
    fprintf(f, "<table class=\"%s\">\n<caption>%s</caption>\n<thead><tr>%s</tr></thead>\n"
               "<tbody>\n", cls, caption, head);
    return 1;
}

/* Starts a row about a term: its number (attribute name) and its first
 * cell, the term as the posting writes it. */
static void row_begin(FILE *f, const char *term, const char *name, double v,
                      const char *display)
{
    html_term_tag(f, "tr", NULL, term);
    html_num_attr(f, name, v);
    fputs("><td>", f);
    html_cstr(f, display, 0);
}

void html_gaps_table(FILE *f, const jm_match *m, size_t top, int heading_level)
{
    size_t n = top_of(m->n_missing, top);
    if (!table_begin(f, heading_level, "What to add", n, "Nothing: every term of the "
                     "posting that would raise the score is in the CV.", "gaps",
                     "The posting's terms the CV lacks, by how much the score would rise "
                     "if each were added once where it belongs.",
                     "<th scope=\"col\">term, as the posting writes it</th>"
                     "<th scope=\"col\" class=\"num\">gain</th><th scope=\"col\">asked for "
                     "in</th><th scope=\"col\">add it to</th>"))
        return;
    for (size_t i = 0; i < n; i++) {
        const jm_keyword *k = &m->missing[i];
        row_begin(f, k->term, "data-gain", k->gain, k->display);
        fprintf(f, "</td><td class=\"num\">+%.4f</td><td>%s</td><td>%s</td></tr>\n", k->gain,
                jm_section_kind_name(k->posting_section), jm_section_kind_name(k->section));
    }
    fputs("</tbody>\n</table>\n", f);
    if (n < m->n_missing)
        fprintf(f, "<p class=\"muted\">%zu more, each worth less (<code>jobmatch gaps</code> "
                   "lists them all).</p>\n", m->n_missing - n);
}

void html_matched_table(FILE *f, const jm_match *m, size_t top, int heading_level)
{
    size_t n = top_of(m->n_matched, top);
    if (!table_begin(f, heading_level, "What matched", n, "No term of the posting is in "
                     "the CV.", "matched", "Terms both have, by their part of the score.",
                     "<th scope=\"col\">term</th><th scope=\"col\" class=\"num\">"
                     "contribution</th><th scope=\"col\">found in the CV's</th>"
                     "<th scope=\"col\" class=\"num\">idf</th>"))
        return;
    for (size_t i = 0; i < n; i++) {
        const jm_term_score *t = &m->matched[i];
        row_begin(f, t->term, "data-contribution", t->contribution, t->display);
        /* a role term is the word again, as the job's title: alone (its
         * word did not match) or within its word's entry */
        if (t->term[0] == '^') fputs(" <span class=\"muted\">(as the job's title)</span>", f);
        else if (t->role_contribution > 0)
            fputs(" <span class=\"muted\">(also as the job's title)</span>", f);
        fprintf(f, "</td><td class=\"num\">%.4f</td><td>%s</td><td class=\"num\">%.2f</td>"
                   "</tr>\n", t->contribution, jm_section_kind_name(t->section), t->idf);
    }
    fputs("</tbody>\n</table>\n", f);
}

const char *html_model_name(const char *model_opt)
{
    if (!model_opt) return "built in (document frequencies of real job postings)";
    if (!*model_opt || !strcmp(model_opt, "none")) return "none (every term weighs the same)";
    return model_opt;
}

/* This file declares the HTML writer of the command line: escaping that
 * shows every byte of an input as text, the page frame (head with its
 * Content-Security-Policy and inline style, header, footer) and the blocks
 * the score page (`jobmatch report`) and the ranked page (`rank --html`)
 * share. Numbers go into data-* attributes through json_num(), the very
 * formatting `score --json` uses, so that tests compare them byte for
 * byte; the figures a person reads are the same numbers rounded. */
#ifndef JM_CLI_HTML_H
#define JM_CLI_HTML_H

#include <stdio.h>
#include "jobmatch.h"

/* Writes s[0..len) as HTML text (attr 0) or as the value of a quoted
 * attribute (attr 1): markup characters become entities; bytes that are
 * not UTF-8 become U+FFFD; control characters and the invisible format
 * characters that reorder or hide text (bidi overrides and isolates,
 * zero-width characters, BOM) are shown as "[U+202E]" (in text, marked by
 * a span), so that nothing in the input can change how the page reads. */
void html_esc(FILE *f, const char *s, size_t len, int attr);
/* The same for a NUL-terminated string; NULL writes nothing. */
void html_cstr(FILE *f, const char *s, int attr);

/* Writes the start of an element about a term: "<tag", for a mark (cls
 * not NULL) its class and tabindex 0 (focus shows its numbers), and
 * data-term="term"; the caller adds the numbers (html_num_attr) and '>'. */
void html_term_tag(FILE *f, const char *tag, const char *cls, const char *term);

/* Writes ` name="number"` with json_num()'s formatting. */
void html_num_attr(FILE *f, const char *name, double v);

/* Starts a page: doctype, <html lang="en">, head with the title (escaped),
 * the CSP that forbids every fetch, the inline style sheet (light, dark,
 * print, narrow screens), then <body>. */
void html_begin(FILE *f, const char *title);
/* Ends a page: the footer naming the version and model, then </body>. */
void html_end(FILE *f, const char *model);

/* The one-line plain-words readings of a score and a coverage. */
const char *html_score_reading(double score);
void html_coverage_reading(FILE *f, double coverage);

/* The CV's sections by contribution as bars, largest first, with the
 * occupation part: a list whose rows carry data-kind and data-contribution. */
void html_section_bars(FILE *f, const jm_match *m);
/* The gaps table (at most top rows; 0: all): term as the posting writes
 * it, gain, the posting section asking for it, the CV section to add it
 * to. heading_level is the level of its heading (2 or 3). */
void html_gaps_table(FILE *f, const jm_match *m, size_t top, int heading_level);
/* The matched terms table (at most top rows): term, contribution, CV
 * section, idf and counts. */
void html_matched_table(FILE *f, const jm_match *m, size_t top, int heading_level);

/* The name of the model an engine was made with, for the footer: the
 * --model value, or a description of the built-in one. */
const char *html_model_name(const char *model_opt);

#endif

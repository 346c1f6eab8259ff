/* This file declares the section finder: the table of heading names
 * (data/sections.tsv), heading detection by form and by name (on lines of
 * their own, inline before a colon, or glued into scraped text), section
 * kinds from content, and out-of-order entries. It works on decoded text
 * (pass 1 of clean.h); the readers map its offsets back to the input. */
#ifndef JM_SECTIONS_H
#define JM_SECTIONS_H

#include "base/common.h"

typedef struct jm_sectab jm_sectab;

/* Parses a table of heading names (kind<TAB>name lines, '#' comments).
 * On failure *out is NULL and a message naming the line is written to err.
 * Returns JM_OK, JM_ENOMEM or JM_EINPUT. */
int jm_sectab_new(const char *data, size_t len, jm_sectab **out,
                  char *err, size_t errlen);
void jm_sectab_free(jm_sectab *t);

/* Looks up a heading name (markup already stripped) for a document type:
 * a posting's as written, a CV's with its words' number folded and
 * without generic words around it ("Education Details", "Technical Skill
 * Summary"). Returns 1 and sets *kind when it is known, else 0. */
int jm_sectab_lookup(const jm_sectab *t, jm_doc_type type, const char *name,
                     size_t len, jm_section_kind *kind);

/* One section found in text: [start, next cut's start) in the text. */
typedef struct {
    size_t start;           /* the section's first byte (the heading's, with
                               its markup, when it has one) */
    size_t head_start;      /* the heading's words as written, [head_start,
                               head_end); equal when there is no heading */
    size_t head_end;
    size_t body;            /* the first byte of the section's text: after
                               the heading, or at start for an entry moved
                               out of the wrong section (its first line is
                               content) */
    jm_section_kind kind;   /* the kind, after content checks */
    int has_heading;        /* 0 for text before the first heading, a
                               posting's title, or a legal paragraph split
                               off a posting section */
} jm_cut;

/* Options of jm_find_sections(). */
enum {
    JM_FIND_TITLE = 1u      /* a posting's first short line is its title */
};

/* Splits text[0, n) into sections. *cuts (owned by the caller, free with
 * jm_free) lists them in order; the first starts at 0 (when the text is not
 * blank). Linear in n. Returns JM_OK or JM_ENOMEM. */
int jm_find_sections(const jm_sectab *t, jm_doc_type type, unsigned flags,
                     const char *text, size_t n, jm_cut **cuts, size_t *ncuts);

#endif

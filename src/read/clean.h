/* This file declares the text maps and the cleaning passes of the readers:
 * decoding (byte-order marks, UTF-16, line ends, invalid UTF-8, mojibake,
 * LaTeX remnants, hyphenated line breaks) and markup stripping, each of
 * which rewrites text while keeping a map back to the input as read. */
#ifndef JM_CLEAN_H
#define JM_CLEAN_H

#include "base/common.h"

/* One anchor of a text map: the byte at dst in the rewritten text came from
 * src in the input as read, and so do the bytes after it, one for one
 * (dst + k comes from src + k), until the next anchor, never beyond that
 * anchor's src. Unchanged text needs one anchor; each edit adds about one. */
typedef struct {
    size_t dst;     /* offset in the rewritten text */
    size_t src;     /* offset in the input as read */
} jm_anchor;

/* A growable array of anchors, sorted by dst (ties: the last one wins). */
typedef struct {
    jm_anchor *a;   /* anchors (owned) */
    size_t n;       /* anchors used */
    size_t cap;     /* anchors allocated */
} jm_map;

/* Maps off (an offset in the text that map describes) to the input as read;
 * limit is returned for offsets past the last anchor's run end (the input's
 * length, or the end of the mapped range). n == 0 maps off to off. */
size_t jm_map_raw(const jm_anchor *a, size_t n, size_t off, size_t limit);

/* A rewriter: copies or replaces pieces of an input text (itself mapped to
 * the raw input by in/in_n) into out, building out's map to the raw input. */
typedef struct {
    jm_buf out;             /* the rewritten text (owned) */
    jm_map map;             /* out's map to the raw input (owned) */
    const jm_anchor *in;    /* the input text's map (not owned) */
    size_t in_n;            /* its anchors */
    size_t limit;           /* raw offset of the input text's end */
    int oom;                /* an allocation failed (sticky) */
} jm_rewriter;

/* Appends input bytes [a, b) of text unchanged. */
void jm_rw_copy(jm_rewriter *w, const char *text, size_t a, size_t b);
/* Appends n bytes s in place of input bytes [a, b). */
void jm_rw_replace(jm_rewriter *w, size_t a, size_t b, const char *s, size_t n);
/* Releases out and map. */
void jm_rw_free(jm_rewriter *w);

/* Pass 1, over the whole input: skips a UTF-8 byte-order mark, decodes
 * UTF-16 with a byte-order mark, turns CR and CRLF into LF, reads bytes
 * that are not UTF-8 as Windows-1252, repairs mojibake (UTF-8 that was read
 * as CP1252 or Latin-1 and encoded again), turns LaTeX remnants into text
 * (bold kept as **bold**), and joins words hyphenated across a line break.
 * Markdown markup stays (the heading finder needs it). The caller zeroes w
 * and, when raw is itself mapped (a decoded JSON string), sets w->in, in_n
 * and limit (the raw end); byte-order marks count only at a file's start
 * (in_n == 0). The result is in w->out and w->map. Returns JM_OK or
 * JM_ENOMEM. */
int jm_clean_decode(const char *raw, size_t len, jm_rewriter *w);

/* Pass 2, over a section's body (bytes [a, b) of text, which in/in_n map to
 * the raw input): drops Markdown markup (heading hashes, bold and italic
 * markers, stray ones too) so the analyzer sees words. Appends to w. */
void jm_clean_markup(jm_rewriter *w, const char *text, size_t a, size_t b);

/* Repairs mojibake in the UTF-8 text s[0, n) (exposed for tests): writes the
 * repaired text to out; returns JM_OK or JM_ENOMEM. */
int jm_clean_repair_string(const char *s, size_t n, jm_buf *out);

#endif

/* This file defines the internal view of a document (see jm_doc in
 * jobmatch.h): its copy of the input, its sections, the cleaned text of
 * each section with a map back to the input, and the builder the readers
 * (reader_text.c, reader_json.c) fill it with. */
#ifndef JM_DOCUMENT_H
#define JM_DOCUMENT_H

#include "base/common.h"
#include "read/clean.h"
#include "base/error.h"
#include "read/repair.h"

struct cJSON;
struct jm_sectab;

/* What the readers need from the stages around them: the heading names,
 * the repairs' dictionary, and where a failure is told. The engine makes
 * one (jm_engine_reader); it is read-only while a document is read, so a
 * thread reads with its own (its own analyzer and error). */
typedef struct {
    const struct jm_sectab *sections; /* heading names (sections.h) */
    jm_vocab vocab;           /* the repairs' dictionary (repair.h) */
    jm_error *err;            /* the message of a failure */
} jm_reader;

/* Where a section's analyzable text lies in the document's text pool. */
typedef struct {
    size_t off, len;          /* bytes [off, off + len) of jm_doc.pool */
    size_t a0, an;            /* its anchors: jm_doc.anchors[a0, an) */
    size_t limit;             /* the section's raw end (offsets clamp here) */
} jm_doc_text;

struct jm_doc {
    jm_doc_type type;         /* CV or posting */
    char *raw;                /* copy of the input as read (NUL-terminated) */
    size_t raw_len;
    jm_section *sections;     /* public view of each section */
    size_t n_sections;
    char *id, *title, *company;   /* posting fields, NULL when absent */
    jm_doc_text *texts;       /* per section: its cleaned text */
    char *pool;               /* all section texts, back to back (owned) */
    jm_anchor *anchors;       /* pool offsets to raw offsets (owned) */
    size_t n_anchors;
    char *decoded;            /* the decoded text when headings cannot point
                                 into raw (UTF-16 input), else NULL */
    struct cJSON *json;       /* a JSON posting's object, every field kept;
                                 NULL for other inputs and flat postings */
    char *fields;             /* a flat JSON posting's members (the JSON
                                 reader's fast path): "key\0" type "value\0"
                                 each, an empty key last; NULL otherwise */
    jm_repair *repairs;       /* a CV's repairs (repair.c), text order */
    size_t n_repairs;
    char *repair_text;        /* their read_as strings (owned) */
};

/* The analyzable text of section i: cleaned and repaired, heading excluded;
 * owned by d, valid while d lives; *len is its length (it is also
 * NUL-terminated). i must be below the section count. Two kinds of
 * "heading" are content and stay in the text: a title section's title, and
 * the first line of an entry that was moved out of the wrong section (it
 * names the role or the paper). A JSON section's text is its string values
 * in file order, one a line. */
const char *jm_doc_section_text(const jm_doc *d, size_t i, size_t *len);

/* Maps an offset in that text (0..len) to the offset in the input as read
 * (within the section's [start, end]). */
size_t jm_doc_raw_offset(const jm_doc *d, size_t i, size_t off);

/* A string field of a JSON posting ("location", "category", ...), owned by
 * d; NULL when absent, not a string, or the posting was not JSON. */
const char *jm_doc_field(const jm_doc *d, const char *key);

/* ---------------------------------------------------------------------- */
/* The builder the readers use                                             */
/* ---------------------------------------------------------------------- */

typedef struct {
    jm_doc *d;                /* the document being built */
    jm_rewriter pool;         /* section texts and their anchors */
    jm_section *secs;         /* sections so far (owned until finish) */
    jm_doc_text *texts;       /* their texts */
    size_t n, cap;            /* sections used, allocated */
    size_t line_off, line_no; /* line cursor: line_no is the line of raw
                                 offset line_off */
    int utf16;                /* raw is UTF-16: 1 little-, 2 big-endian */
    int oom;                  /* an allocation failed */
    unsigned flags;           /* JM_READ_* */
    unsigned repair;          /* a CV's repair plan (JM_PLAN_* of
                                 repair.h), carried out in each section's
                                 text; 0 none */
    jm_repair_log repairs;    /* what the repairs did */
} jm_doc_builder;

/* Options of jm_doc_parse(). */
enum {
    JM_READ_GENERAL = 1u,     /* no fast paths (tests compare them with the
                                 general paths) */
    JM_READ_AS_TEXT = 2u,     /* Markdown or plain text, whatever it looks
                                 like (jm_doc_read_as, JM_FORMAT_TEXT) */
    JM_READ_AS_JSON = 4u      /* JSON, whatever it looks like
                                 (JM_FORMAT_JSON) */
};

/* Reads a document as jm_doc_read() does (see jobmatch.h), with the
 * reader r and options flags (JM_READ_*); failures are told in r->err. */
int jm_doc_parse(const jm_reader *r, jm_doc_type type, const char *buf, size_t len,
                 const char *name, unsigned flags, jm_doc **out);

/* Starts a section at raw offset start; heading points into d->raw (or
 * d->decoded), NULL when none. */
void jm_db_begin(jm_doc_builder *b, jm_section_kind kind, const char *heading,
                 size_t heading_len, size_t start);
/* Appends text[ta, tb) (mapped to raw by map/n, ending at raw limit) to the
 * current section's text; markup: strip Markdown markup (pass 2). */
void jm_db_text(jm_doc_builder *b, const char *text, size_t ta, size_t tb,
                const jm_anchor *map, size_t n, size_t limit, int markup);
/* Appends a line break between pieces of a section's text. */
void jm_db_newline(jm_doc_builder *b);
/* Ends the current section at raw offset end. */
void jm_db_end(jm_doc_builder *b, size_t end);

/* The readers: fill b->d from its raw input (already checked to be
 * non-empty text). Return JM_OK or a failure set on r->err with jm_fail(). */
int jm_read_text(const jm_reader *r, jm_doc_builder *b, const char *name);
int jm_read_json(const jm_reader *r, jm_doc_builder *b, const char *name);

/* Adds the sections found in t (pass-1 text, t->map to raw offsets, which
 * end at raw_end) to b: the text reader's core, shared with the JSON reader
 * for descriptions. flags: JM_FIND_* (sections.h). heading_base: headings
 * point into this copy of t's text instead of raw (UTF-16), or NULL. */
int jm_text_sections(const jm_reader *r, jm_doc_builder *b, const char *name,
                     const jm_rewriter *t, size_t raw_end, unsigned flags,
                     const char *heading_base);

#endif

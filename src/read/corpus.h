/* This file declares the corpus iterator: a stream of posting records read
 * from paths (JSON Lines files, text or Markdown files, folders walked
 * recursively in name order, "-" for stdin), in bounded memory. It is what
 * `model build` counts and what `rank` scores.
 *
 * How a path is read:
 *  - *.jsonl, *.ndjson: JSON Lines, one record per line (blank lines are
 *    not records); a record is a JSON object with a non-empty "description"
 *    or "title" string.
 *  - *.json: the whole file is one JSON object record (line 0).
 *  - *.txt, *.text, *.md, *.markdown: the whole file is one text record.
 *  - anything else named on the command line, and "-": sniffed: JSON Lines
 *    when the first non-blank byte is '{', else one text record.
 *  - folders: every file above with those extensions (names starting with
 *    '.' are skipped), recursively, sorted by name (strcmp) at each level.
 * A line longer than the limit (jm_corpus_set_max_line, 64 MiB by default)
 * or a whole-file record larger than it is a malformed record; it is read
 * past, never held in memory.
 *
 * Records that are malformed are returned too, with a reason, so that the
 * caller reports them as FILE:LINE: reason and counts them; the iterator
 * never prints. Apart from amortized buffers, nothing is allocated per
 * record. */
#ifndef JM_CORPUS_H
#define JM_CORPUS_H

#include "base/common.h"

/* jm_corpus_next() returns this at the end of the corpus. */
#define JM_CORPUS_END (-1)

/* The string fields of a JSON posting that jm_corpus_field() can give. */
typedef enum {
    JM_FIELD_ID, JM_FIELD_TITLE, JM_FIELD_COMPANY, JM_FIELD_LOCATION,
    JM_FIELD_DESCRIPTION, JM_FIELD_CATEGORY,
    JM_FIELD_COUNT          /* number of fields, not a field */
} jm_field;

/* One record. Every pointer is owned by the corpus and stays valid until the
 * next jm_corpus_next() or jm_corpus_close(). */
typedef struct {
    const char *data;     /* the record's bytes as read (a line without its
                             newline and trailing CR, or a whole file
                             without a leading UTF-8 BOM); NUL-terminated;
                             "" for a record too long to hold */
    size_t len;           /* bytes in data */
    const char *file;     /* the file's path as given or as found under a
                             folder; "-" for stdin */
    size_t line;          /* 1-based line for JSON Lines, 0 for a whole file */
    int json;             /* 1: data is a JSON object (fields available) */
    const char *reason;   /* NULL for a good record; else why it is
                             malformed (e.g. "invalid JSON: ... at column 7",
                             "not a JSON object", "no description or title") */
} jm_record;

typedef struct jm_corpus jm_corpus;

/* Makes an iterator over paths[0..n). The paths are not copied: they must
 * outlive the corpus. Nothing is opened yet. JM_OK or JM_ENOMEM. */
int jm_corpus_open(const char *const *paths, size_t n, jm_corpus **out);

/* Closes the current file and frees everything; accepts NULL. */
void jm_corpus_close(jm_corpus *c);

/* Largest line or whole-file record held in memory (bytes, >= 16); longer
 * ones are reported as malformed. Call before the first jm_corpus_next(). */
void jm_corpus_set_max_line(jm_corpus *c, size_t max);

/* The next record, good or malformed, in *rec. Returns JM_OK, JM_CORPUS_END
 * after the last one, JM_EIO when a path cannot be opened or read (the
 * message is in jm_corpus_errmsg(); calling again goes on with the next
 * file), or JM_ENOMEM. */
int jm_corpus_next(jm_corpus *c, jm_record *rec);

/* A string field of the current record, when it is a good JSON record:
 * unescaped UTF-8, NUL-terminated, owned by the corpus, valid until the
 * next jm_corpus_next(). NULL when absent, not a string, or out of memory.
 * *len (may be NULL) receives its length. */
const char *jm_corpus_field(jm_corpus *c, jm_field f, size_t *len);

/* Does the current record have field f (so that a NULL from
 * jm_corpus_field() means out of memory)? */
int jm_corpus_has_field(const jm_corpus *c, jm_field f);

/* The message of the last JM_EIO/JM_ENOMEM ("" when none). */
const char *jm_corpus_errmsg(const jm_corpus *c);

/* Bytes read so far from all files (for progress reports). */
unsigned long long jm_corpus_bytes_read(const jm_corpus *c);

/* Checks that json[0..len) is one JSON object and finds its posting fields;
 * returns NULL when it is a good posting, else the reason (a static string
 * or one written to scratch). Exposed for tests and for readers of single
 * JSON postings. */
const char *jm_corpus_check_json(const char *json, size_t len,
                                 char *scratch, size_t scratch_len);

#endif

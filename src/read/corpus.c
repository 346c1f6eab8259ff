/* This file contains the corpus iterator (see corpus.h): path expansion
 * (folders in name order), a streaming line reader with one amortized
 * buffer, and a validating JSON scanner that finds a posting's string
 * fields without building a tree. */
#include "read/corpus.h"
#include "base/bytes.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define DEFAULT_MAX_LINE ((size_t)64 << 20)
#define READ_CHUNK ((size_t)1 << 18)
#define MAX_JSON_DEPTH 256
#define STR_(x) #x
#define STR(x) STR_(x)
#define MAX_DIR_DEPTH 64

/* How a file is split into records. */
enum { MODE_LINES, MODE_WHOLE_JSON, MODE_WHOLE_TEXT, MODE_SNIFF };

/* Where a field's value lies in the current record. */
typedef struct {
    size_t off, len;   /* the value's raw bytes (inside the quotes) */
    int kind;          /* 0 absent, 1 string, 2 number */
    int esc;           /* 1: the string has escapes to undo */
} field_span;

/* State of one scan of a JSON text. */
typedef struct {
    const char *s;       /* the text */
    size_t i, n;         /* position and length */
    const char *err;     /* what went wrong (static string), NULL if fine */
    field_span f[JM_FIELD_COUNT];  /* top-level posting fields found */
} jscan;

struct jm_corpus {
    const char *const *args;  /* paths as given (not owned) */
    size_t n_args, next_arg;  /* their count and the next one to expand */
    char **files;             /* files of the current folder (owned) */
    size_t n_files, cap_files, next_file;
    char *name;               /* current file's path (owned) */
    int fd;                   /* current file, -1 when none */
    int is_stdin;             /* fd is stdin: not ours to close */
    int mode;                 /* MODE_* of the current file */
    int at_start;             /* nothing returned from this file yet */
    int eof;                  /* read() returned 0 */
    int discarding;           /* skipping the rest of an over-long line */
    size_t records;           /* records returned from the current file */
    size_t line;              /* lines completed in the current file */
    char *buf;                /* read buffer (owned) */
    size_t cap, beg, scan, end;  /* allocated; record start; memchr resume
                                    point; bytes held */
    size_t max_line;          /* longest record held */
    unsigned long long bytes; /* bytes read so far */
    field_span f[JM_FIELD_COUNT];   /* fields of the current record */
    const char *rec_data;     /* the current record's bytes */
    int rec_json;             /* the current record is a good JSON object */
    jm_buf fbuf[JM_FIELD_COUNT];    /* unescaped field values */
    char reason[160];         /* a malformed record's reason */
    char errmsg[512];         /* last I/O error */
};

static const char *const field_names[JM_FIELD_COUNT] = {
    "id", "title", "company", "location", "description", "category",
};

/* ---------------------------------------------------------------------- */
/* JSON scanning                                                            */
/* ---------------------------------------------------------------------- */

static void skip_ws(jscan *j)
{
    while (j->i < j->n) {
        char c = j->s[j->i];
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r') break;
        j->i++;
    }
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Scans a string at j->i (on its opening quote); sets its raw span. Raw
 * control characters are tolerated (scraped data has tabs in strings). */
static int scan_string(jscan *j, size_t *off, size_t *len, int *esc)
{
    const char *s = j->s;
    size_t i = j->i + 1;
    *esc = 0;
    *off = i;
    for (;;) {
        /* most of a record's bytes are in its strings: 16 or 32 at a time */
        i += jm_bytes_find2(s + i, j->n - i, '"', '\\');
        if (i >= j->n) { j->err = "unterminated string"; j->i = *off - 1; return -1; }
        if (s[i] == '"') break;
        *esc = 1;
        if (i + 1 >= j->n) { j->err = "unterminated string"; j->i = i; return -1; }
        char c = s[i + 1];
        if (c == 'u') {
            for (size_t k = 2; k < 6; k++)
                if (i + k >= j->n || hexval(s[i + k]) < 0) {
                    j->err = "bad \\u escape"; j->i = i; return -1;
                }
            i += 6;
        } else if (c && strchr("\"\\/bfnrt", c)) {
            i += 2;
        } else {
            j->err = "bad escape"; j->i = i; return -1;
        }
    }
    *len = i - *off;
    j->i = i + 1;
    return 0;
}

static int scan_number(jscan *j)
{
    const char *s = j->s;
    size_t i = j->i, st;
    if (i < j->n && s[i] == '-') i++;
    if (i < j->n && s[i] == '0') i++;
    else if (i < j->n && s[i] >= '1' && s[i] <= '9')
        while (i < j->n && s[i] >= '0' && s[i] <= '9') i++;
    else goto bad;
    if (i < j->n && s[i] == '.') {
        st = ++i;
        while (i < j->n && s[i] >= '0' && s[i] <= '9') i++;
        if (i == st) goto bad;
    }
    if (i < j->n && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < j->n && (s[i] == '+' || s[i] == '-')) i++;
        st = i;
        while (i < j->n && s[i] >= '0' && s[i] <= '9') i++;
        if (i == st) goto bad;
    }
    j->i = i;
    return 0;
bad:
    j->err = "bad number";
    return -1;
}

static int scan_value(jscan *j, int depth, int top);

/* Scans an object; at the top level, notes the posting fields. */
static int scan_object(jscan *j, int depth, int top)
{
    j->i++;   /* '{' */
    skip_ws(j);
    if (j->i < j->n && j->s[j->i] == '}') { j->i++; return 0; }
    for (;;) {
        size_t koff, klen;
        int kesc;
        skip_ws(j);
        if (j->i >= j->n || j->s[j->i] != '"') {
            j->err = j->i >= j->n ? "unexpected end" : "expected a key";
            return -1;
        }
        if (scan_string(j, &koff, &klen, &kesc)) return -1;
        skip_ws(j);
        if (j->i >= j->n || j->s[j->i] != ':') { j->err = "expected ':'"; return -1; }
        j->i++;
        skip_ws(j);
        int fi = -1;
        if (top && !kesc)
            for (int k = 0; k < JM_FIELD_COUNT; k++)
                if (strlen(field_names[k]) == klen &&
                    !memcmp(field_names[k], j->s + koff, klen)) { fi = k; break; }
        if (fi >= 0 && !j->f[fi].kind && j->i < j->n &&
            (j->s[j->i] == '"' || j->s[j->i] == '-' ||
             (j->s[j->i] >= '0' && j->s[j->i] <= '9'))) {
            field_span *f = &j->f[fi];
            if (j->s[j->i] == '"') {
                if (scan_string(j, &f->off, &f->len, &f->esc)) return -1;
                f->kind = 1;
            } else {
                f->off = j->i;
                if (scan_number(j)) return -1;
                f->len = j->i - f->off;
                f->kind = 2;
            }
        } else if (scan_value(j, depth + 1, 0)) {
            return -1;
        }
        skip_ws(j);
        if (j->i >= j->n) { j->err = "unexpected end"; return -1; }
        if (j->s[j->i] == ',') { j->i++; continue; }
        if (j->s[j->i] == '}') { j->i++; return 0; }
        j->err = "expected ',' or '}'";
        return -1;
    }
}

static int scan_value(jscan *j, int depth, int top)
{
    /* depth counts from 0 at the top value: >= makes the limit exact */
    if (depth >= MAX_JSON_DEPTH) { j->err = "nested too deeply (over " STR(MAX_JSON_DEPTH) " levels)"; return -1; }
    skip_ws(j);
    if (j->i >= j->n) { j->err = "unexpected end"; return -1; }
    char c = j->s[j->i];
    size_t off, len;
    int esc;
    switch (c) {
    case '{':
        return scan_object(j, depth, top);
    case '[':
        j->i++;
        skip_ws(j);
        if (j->i < j->n && j->s[j->i] == ']') { j->i++; return 0; }
        for (;;) {
            if (scan_value(j, depth + 1, 0)) return -1;
            skip_ws(j);
            if (j->i >= j->n) { j->err = "unexpected end"; return -1; }
            if (j->s[j->i] == ',') { j->i++; continue; }
            if (j->s[j->i] == ']') { j->i++; return 0; }
            j->err = "expected ',' or ']'";
            return -1;
        }
    case '"':
        return scan_string(j, &off, &len, &esc);
    case 't': case 'f': case 'n': {
        const char *lit = c == 't' ? "true" : c == 'f' ? "false" : "null";
        size_t l = strlen(lit);
        if (j->n - j->i >= l && !memcmp(j->s + j->i, lit, l)) { j->i += l; return 0; }
        j->err = "unexpected character";
        return -1;
    }
    default:
        if (c == '-' || (c >= '0' && c <= '9')) return scan_number(j);
        j->err = "unexpected character";
        return -1;
    }
}

/* 1 when a raw string span holds something other than blanks. */
static int has_content(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
            return 1;
    return 0;
}

/* Scans json as a posting; fills j->f; returns NULL or the reason. */
static const char *check_json(jscan *j, const char *json, size_t len,
                              char *scratch, size_t scratch_len)
{
    memset(j, 0, sizeof *j);
    j->s = json;
    j->n = len;
    skip_ws(j);
    int is_obj = j->i < j->n && json[j->i] == '{';
    if (scan_value(j, 0, 1) == 0) {
        skip_ws(j);
        if (j->i < j->n) j->err = "trailing characters after the value";
    }
    if (j->err) {
        snprintf(scratch, scratch_len, "invalid JSON: %s at column %zu",
                 j->err, j->i + 1);
        return scratch;
    }
    if (!is_obj) return "not a JSON object";
    const field_span *d = &j->f[JM_FIELD_DESCRIPTION], *t = &j->f[JM_FIELD_TITLE];
    if (!(d->kind == 1 && has_content(json + d->off, d->len)) &&
        !(t->kind == 1 && has_content(json + t->off, t->len)))
        return "no description or title";
    return NULL;
}

const char *jm_corpus_check_json(const char *json, size_t len,
                                 char *scratch, size_t scratch_len)
{
    jscan j;
    return check_json(&j, json, len, scratch, scratch_len);
}

/* Appends code point cp as UTF-8. */
static int put_utf8(jm_buf *b, unsigned long cp)
{
    char u[4];
    size_t n;
    if (cp < 0x80) { u[0] = (char)cp; n = 1; }
    else if (cp < 0x800) {
        u[0] = (char)(0xC0 | (cp >> 6)); u[1] = (char)(0x80 | (cp & 0x3F)); n = 2;
    } else if (cp < 0x10000) {
        u[0] = (char)(0xE0 | (cp >> 12)); u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[2] = (char)(0x80 | (cp & 0x3F)); n = 3;
    } else {
        u[0] = (char)(0xF0 | (cp >> 18)); u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        u[2] = (char)(0x80 | ((cp >> 6) & 0x3F)); u[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    return jm_buf_append(b, u, n);
}

static unsigned long hex4(const char *s)
{
    unsigned long v = 0;
    for (int k = 0; k < 4; k++) v = v * 16 + (unsigned long)hexval(s[k]);
    return v;
}

/* Undoes the escapes of a scanned (so well-formed) string into b. Lone
 * surrogates become U+FFFD. */
static int unescape(jm_buf *b, const char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        const char *bs = memchr(s + i, '\\', len - i);
        size_t run = bs ? (size_t)(bs - (s + i)) : len - i;
        if (run && jm_buf_append(b, s + i, run)) return JM_ENOMEM;
        i += run;
        if (i >= len) break;
        char c = s[i + 1];
        int rc;
        if (c == 'u') {
            unsigned long cp = hex4(s + i + 2);
            i += 6;
            if (cp >= 0xD800 && cp < 0xDC00 && i + 6 <= len && s[i] == '\\' &&
                s[i + 1] == 'u') {
                unsigned long lo = hex4(s + i + 2);
                if (lo >= 0xDC00 && lo < 0xE000) {
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                    i += 6;
                }
            }
            if (cp >= 0xD800 && cp < 0xE000) cp = 0xFFFD;
            rc = put_utf8(b, cp);
        } else {
            char o = c == 'b' ? '\b' : c == 'f' ? '\f' : c == 'n' ? '\n' :
                     c == 'r' ? '\r' : c == 't' ? '\t' : c;
            rc = jm_buf_putc(b, o);
            i += 2;
        }
        if (rc) return rc;
    }
    return JM_OK;
}

/* ---------------------------------------------------------------------- */
/* Paths                                                                   */
/* ---------------------------------------------------------------------- */

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    if (m > n) return 0;
    for (size_t i = 0; i < m; i++) {
        char c = s[n - m + i];
        if (c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
        if (c != suffix[i]) return 0;
    }
    return 1;
}

/* The mode of a file by its name; -1 for a file a folder walk skips. */
static int mode_of(const char *name)
{
    if (ends_with(name, ".jsonl") || ends_with(name, ".ndjson")) return MODE_LINES;
    if (ends_with(name, ".json")) return MODE_WHOLE_JSON;
    if (ends_with(name, ".txt") || ends_with(name, ".text") ||
        ends_with(name, ".md") || ends_with(name, ".markdown"))
        return MODE_WHOLE_TEXT;
    return -1;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int add_file(jm_corpus *c, char *path)
{
    if (c->n_files == c->cap_files) {
        size_t cap = c->cap_files ? c->cap_files * 2 : 64;
        char **nf = jm_realloc(c->files, cap * sizeof *nf);
        if (!nf) { jm_free(path); return JM_ENOMEM; }
        c->files = nf;
        c->cap_files = cap;
    }
    c->files[c->n_files++] = path;
    return JM_OK;
}

/* Appends the postings files under dir, sorted by name at each level. */
static int walk(jm_corpus *c, const char *dir, int depth)
{
    if (depth > MAX_DIR_DEPTH) {
        snprintf(c->errmsg, sizeof c->errmsg, "%s: folders nested more than %d levels "
                 "deep", dir, MAX_DIR_DEPTH);
        return JM_EIO;
    }
    DIR *d = opendir(dir);
    if (!d) {
        snprintf(c->errmsg, sizeof c->errmsg, "%s: %s", dir, strerror(errno));
        return JM_EIO;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    int rc = JM_OK;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.') continue;
        if (jm_grow(&names, &cap, n, sizeof *names, 32)) { rc = JM_ENOMEM; break; }
        size_t dl = strlen(dir), nl = strlen(de->d_name);
        int slash = dl > 0 && dir[dl - 1] != '/';
        char *p = jm_malloc(dl + (size_t)slash + nl + 1);
        if (!p) { rc = JM_ENOMEM; break; }
        memcpy(p, dir, dl);
        if (slash) p[dl] = '/';
        memcpy(p + dl + slash, de->d_name, nl + 1);
        names[n++] = p;
    }
    closedir(d);
    /* names is NULL in an empty folder: qsort(NULL, 0) is undefined */
    if (!rc && n > 1) qsort(names, n, sizeof *names, cmp_str);
    size_t i = 0;
    for (; i < n && !rc; i++) {
        struct stat st;
        if (stat(names[i], &st) != 0) {
            /* a dangling link or a file removed meanwhile: say so */
            snprintf(c->errmsg, sizeof c->errmsg, "%s: %s", names[i], strerror(errno));
            rc = JM_EIO;
        } else if (S_ISDIR(st.st_mode)) {
            rc = walk(c, names[i], depth + 1);
        } else if (S_ISREG(st.st_mode) && mode_of(names[i]) >= 0) {
            rc = add_file(c, names[i]);
            names[i] = NULL;
        }
        jm_free(names[i]);
    }
    for (; i < n; i++) jm_free(names[i]);
    jm_free(names);
    if (rc == JM_ENOMEM) snprintf(c->errmsg, sizeof c->errmsg, "out of memory");
    return rc;
}

/* ---------------------------------------------------------------------- */
/* Iterator                                                                */
/* ---------------------------------------------------------------------- */

int jm_corpus_open(const char *const *paths, size_t n, jm_corpus **out)
{
    jm_corpus *c = jm_calloc(1, sizeof *c);
    *out = c;
    if (!c) return JM_ENOMEM;
    c->args = paths;
    c->n_args = n;
    c->fd = -1;
    c->max_line = DEFAULT_MAX_LINE;
    return JM_OK;
}

static void close_file(jm_corpus *c)
{
    if (c->fd >= 0 && !c->is_stdin) close(c->fd);
    c->fd = -1;
    c->is_stdin = 0;
    jm_free(c->name);
    c->name = NULL;
}

void jm_corpus_close(jm_corpus *c)
{
    if (!c) return;
    close_file(c);
    for (size_t i = c->next_file; i < c->n_files; i++) jm_free(c->files[i]);
    jm_free(c->files);
    jm_free(c->buf);
    for (int k = 0; k < JM_FIELD_COUNT; k++) jm_buf_free(&c->fbuf[k]);
    jm_free(c);
}

void jm_corpus_set_max_line(jm_corpus *c, size_t max)
{
    c->max_line = max < 16 ? 16 : max;
}

const char *jm_corpus_errmsg(const jm_corpus *c) { return c->errmsg; }

unsigned long long jm_corpus_bytes_read(const jm_corpus *c) { return c->bytes; }

/* Opens the next file (name owned by the call on success or failure). */
static int open_next(jm_corpus *c)
{
    char *name = NULL;
    int mode;
    for (;;) {
        if (c->next_file < c->n_files) {
            name = c->files[c->next_file++];
            mode = mode_of(name);
            break;
        }
        c->n_files = c->next_file = 0;
        if (c->next_arg >= c->n_args) return JM_CORPUS_END;
        const char *arg = c->args[c->next_arg++];
        struct stat st;
        if (strcmp(arg, "-") && stat(arg, &st) == 0 && S_ISDIR(st.st_mode)) {
            int rc = walk(c, arg, 0);
            if (rc) {
                for (size_t i = 0; i < c->n_files; i++) jm_free(c->files[i]);
                c->n_files = 0;
                return rc;
            }
            continue;
        }
        name = jm_strndup(arg, strlen(arg));
        if (!name) { snprintf(c->errmsg, sizeof c->errmsg, "out of memory"); return JM_ENOMEM; }
        mode = mode_of(arg);
        if (mode < 0 || !strcmp(arg, "-")) mode = MODE_SNIFF;
        break;
    }
    c->name = name;
    c->is_stdin = !strcmp(name, "-");
    c->fd = c->is_stdin ? STDIN_FILENO : open(name, O_RDONLY);
    if (c->fd < 0) {
        snprintf(c->errmsg, sizeof c->errmsg, "%s: %s", name, strerror(errno));
        close_file(c);
        return JM_EIO;
    }
    c->mode = mode;
    c->at_start = 1;
    c->eof = 0;
    c->discarding = 0;
    c->records = 0;
    c->line = 0;
    c->beg = c->scan = c->end = 0;
    return JM_OK;
}

/* Reads more bytes into the buffer (growing it up to max_line + a chunk).
 * Returns JM_OK (check c->eof) or JM_EIO/JM_ENOMEM. */
static int fill(jm_corpus *c)
{
    if (c->beg > 0) {
        memmove(c->buf, c->buf + c->beg, c->end - c->beg);
        c->end -= c->beg;
        c->scan -= c->beg;
        c->beg = 0;
    }
    if (c->cap - c->end < READ_CHUNK / 4 + 1) {
        size_t cap = c->cap ? c->cap * 2 : READ_CHUNK;
        size_t limit = c->max_line + READ_CHUNK + 1;
        if (cap > limit) cap = limit;
        if (cap <= c->cap) cap = c->cap + READ_CHUNK;   /* never stuck */
        char *nb = jm_realloc(c->buf, cap);
        if (!nb) { snprintf(c->errmsg, sizeof c->errmsg, "out of memory"); return JM_ENOMEM; }
        c->buf = nb;
        c->cap = cap;
    }
    for (;;) {
        ssize_t got = read(c->fd, c->buf + c->end, c->cap - c->end - 1);
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) {
            snprintf(c->errmsg, sizeof c->errmsg, "%s: read error: %s", c->name,
                     strerror(errno));
            return JM_EIO;
        }
        if (got == 0) c->eof = 1;
        c->end += (size_t)got;
        c->bytes += (unsigned long long)got;
        return JM_OK;
    }
}

/* Fills rec from the bytes [s, s+len) of the buffer (made NUL-terminated). */
static void make_record(jm_corpus *c, jm_record *rec, char *s, size_t len,
                        size_t line, int json)
{
    if (c->at_start && len >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3)) { s += 3; len -= 3; }
    c->at_start = 0;
    s[len] = '\0';
    memset(rec, 0, sizeof *rec);
    rec->data = s;
    rec->len = len;
    rec->file = c->name;
    rec->line = line;
    c->rec_data = s;
    c->rec_json = 0;
    if (json) {
        jscan j;
        rec->reason = check_json(&j, s, len, c->reason, sizeof c->reason);
        rec->json = rec->reason == NULL;
        if (rec->json) {
            memcpy(c->f, j.f, sizeof c->f);
            c->rec_json = 1;
        }
    } else {
        int blank = 1;
        for (size_t i = 0; i < len && blank; i++)
            blank = s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n';
        if (blank) rec->reason = "empty file";
    }
}

static void too_long(jm_corpus *c, jm_record *rec, size_t line, const char *what)
{
    memset(rec, 0, sizeof *rec);
    rec->data = "";
    rec->file = c->name;
    rec->line = line;
    snprintf(c->reason, sizeof c->reason, "%s longer than %zu bytes (skipped)",
             what, c->max_line);
    rec->reason = c->reason;
    c->rec_json = 0;
}

/* The next line of a JSON Lines file: JM_OK with a record, JM_CORPUS_END at
 * the end of the file, or an error. */
static int next_line(jm_corpus *c, jm_record *rec)
{
    for (;;) {
        char *nl = c->scan < c->end ?
            memchr(c->buf + c->scan, '\n', c->end - c->scan) : NULL;
        if (!nl && c->eof && c->beg < c->end) {   /* last line, no newline */
            nl = c->buf + c->end;
            c->end++;   /* room for the NUL: fill() keeps one spare byte */
        }
        if (nl) {
            size_t len = (size_t)(nl - (c->buf + c->beg));
            char *s = c->buf + c->beg;
            c->beg = c->scan = (size_t)(nl - c->buf) + 1;
            if (c->beg > c->end) c->beg = c->scan = c->end;
            c->line++;
            if (c->discarding) {
                c->discarding = 0;
                c->records++;
                too_long(c, rec, c->line, "line");
                return JM_OK;
            }
            if (len && s[len - 1] == '\r') len--;
            if (c->at_start && len >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3)) {
                s += 3;
                len -= 3;
            }
            c->at_start = 0;
            size_t k = 0;
            while (k < len && (s[k] == ' ' || s[k] == '\t')) k++;
            if (k == len) continue;   /* a blank line is not a record */
            c->records++;
            if (len > c->max_line) { too_long(c, rec, c->line, "line"); return JM_OK; }
            make_record(c, rec, s, len, c->line, 1);
            return JM_OK;
        }
        if (c->eof) {
            if (c->discarding) {   /* an over-long last line */
                c->discarding = 0;
                c->records++;
                too_long(c, rec, ++c->line, "line");
                return JM_OK;
            }
            if (!c->records++) {
                /* no record at all (empty, or blank lines only): reported
                 * as an empty text file is, not passed over in silence */
                memset(rec, 0, sizeof *rec);
                rec->data = "";
                rec->file = c->name;
                rec->reason = "empty file";
                return JM_OK;
            }
            return JM_CORPUS_END;
        }
        c->scan = c->end;
        if (c->end - c->beg > c->max_line) {   /* drop it, keep reading */
            c->discarding = 1;
            c->beg = c->scan = c->end;
        }
        int rc = fill(c);
        if (rc) return rc;
    }
}

/* The whole file as one record. */
static int next_whole(jm_corpus *c, jm_record *rec, int json)
{
    while (!c->eof) {
        if (c->end - c->beg > c->max_line) {
            c->discarding = 1;
            c->beg = c->scan = c->end;
        }
        int rc = fill(c);
        if (rc) return rc;
    }
    if (c->discarding || c->end - c->beg > c->max_line) {
        c->discarding = 0;
        too_long(c, rec, 0, "file");
    } else {
        make_record(c, rec, c->buf + c->beg, c->end - c->beg, 0, json);
    }
    c->beg = c->scan = c->end;
    c->mode = -1;   /* done with this file */
    return JM_OK;
}

int jm_corpus_next(jm_corpus *c, jm_record *rec)
{
    for (int k = 0; k < JM_FIELD_COUNT; k++) c->f[k].kind = 0;
    c->rec_json = 0;
    for (;;) {
        int rc;
        if (c->fd < 0) {
            rc = open_next(c);
            if (rc) return rc;
        }
        if (c->mode == MODE_SNIFF) {
            /* JSON Lines when the first non-blank byte is '{' */
            for (;;) {
                size_t i = c->beg;
                if (c->end - i >= 3 && !memcmp(c->buf + i, "\xEF\xBB\xBF", 3)) i += 3;
                while (i < c->end && strchr(" \t\r\n", c->buf[i])) i++;
                if (i < c->end) { c->mode = c->buf[i] == '{' ? MODE_LINES : MODE_WHOLE_TEXT; break; }
                if (c->eof) { c->mode = MODE_WHOLE_TEXT; break; }
                if ((rc = fill(c)) != 0) break;
                if (c->end - c->beg > c->max_line) { c->mode = MODE_WHOLE_TEXT; break; }
            }
            if (rc) { close_file(c); return rc; }
        }
        if (c->mode == MODE_LINES) rc = next_line(c, rec);
        else if (c->mode == MODE_WHOLE_JSON || c->mode == MODE_WHOLE_TEXT)
            rc = next_whole(c, rec, c->mode == MODE_WHOLE_JSON);
        else rc = JM_CORPUS_END;
        if (rc == JM_OK) return JM_OK;
        /* the file is done (or failed): the record's name must stay valid
         * until the next call, so it is freed only here */
        close_file(c);
        if (rc != JM_CORPUS_END) return rc;
    }
}

int jm_corpus_has_field(const jm_corpus *c, jm_field f)
{
    return (unsigned)f < JM_FIELD_COUNT && c->rec_json && c->f[f].kind;
}

const char *jm_corpus_field(jm_corpus *c, jm_field f, size_t *len)
{
    if ((unsigned)f >= JM_FIELD_COUNT || !c->rec_json || !c->f[f].kind) return NULL;
    jm_buf *b = &c->fbuf[f];
    const field_span *sp = &c->f[f];
    b->len = 0;
    int rc = sp->esc ? unescape(b, c->rec_data + sp->off, sp->len)
                     : jm_buf_append(b, c->rec_data + sp->off, sp->len);
    if (rc) return NULL;
    if (len) *len = b->len;
    return jm_buf_cstr(b);
}

/* This file contains jm_doc_read(): the checks every input goes through
 * (empty, binary, NUL bytes), the choice of reader (JSON or text), the
 * document builder the readers share, and the accessors of jm_doc. */
#include "read/document.h"
#include "base/scan.h"
#include "read/sections.h"

#include <cjson/cJSON.h>
#include <string.h>

static const char *const kind_names[JM_SEC_COUNT] = {
    "contact", "summary", "skills", "experience", "projects", "education",
    "publications", "patents", "awards", "certifications", "languages",
    "links", "volunteering", "interests", "references",
    "title", "responsibilities", "requirements", "preferred", "about",
    "benefits", "legal", "other",
};

const char *jm_section_kind_name(jm_section_kind kind)
{
    return (unsigned)kind < JM_SEC_COUNT ? kind_names[kind] : "other";
}

int jm_section_kind_parse(const char *name, size_t len, jm_section_kind *out)
{
    for (int k = 0; k < JM_SEC_COUNT; k++)
        if (strlen(kind_names[k]) == len && !memcmp(kind_names[k], name, len)) {
            *out = (jm_section_kind)k;
            return JM_OK;
        }
    return JM_EINVAL;
}

/* ---------------------------------------------------------------------- */
/* Builder                                                                 */
/* ---------------------------------------------------------------------- */

/* The 1-based line of raw offset off (LF, CRLF or CR line ends; UTF-16
 * code units when the input is UTF-16). Linear over a document read in
 * order: a cursor remembers the last answer. */
static size_t raw_line(jm_doc_builder *b, size_t off)
{
    const unsigned char *s = (const unsigned char *)b->d->raw;
    size_t n = b->d->raw_len;
    if (off > n) off = n;
    if (off < b->line_off) { b->line_off = 0; b->line_no = 1; }
    size_t i = b->line_off, line = b->line_no;
    if (b->utf16) {
        i += (i & 1);
        for (; i + 1 < off + 1 && i + 1 < n; i += 2) {
            unsigned u = b->utf16 == 1 ? (unsigned)(s[i] | s[i + 1] << 8)
                                       : (unsigned)(s[i] << 8 | s[i + 1]);
            if (i + 2 > off) break;
            if (u == '\n') line++;
            else if (u == '\r') {
                unsigned v = 0;
                if (i + 3 < n) v = b->utf16 == 1 ? (unsigned)(s[i + 2] | s[i + 3] << 8)
                                                 : (unsigned)(s[i + 2] << 8 | s[i + 3]);
                if (v != '\n') line++;
            }
        }
        if (i > off) i = off;
    } else {
        const unsigned char *p;
        for (p = s + i; (p = memchr(p, '\n', off - (size_t)(p - s))); p++) line++;
        for (p = s + i; (p = memchr(p, '\r', off - (size_t)(p - s))); p++)
            if ((size_t)(p - s) + 1 >= n || p[1] != '\n') line++;      /* a lone CR */
        i = off;
    }
    b->line_off = i;
    b->line_no = line;
    return line;
}

void jm_db_begin(jm_doc_builder *b, jm_section_kind kind, const char *heading,
                 size_t heading_len, size_t start)
{
    /* two arrays of one capacity: the first grows with a copy of it */
    size_t cap_secs = b->cap;
    if (jm_grow(&b->secs, &cap_secs, b->n, sizeof *b->secs, 16) ||
        jm_grow(&b->texts, &b->cap, b->n, sizeof *b->texts, 16)) {
        b->oom = 1;
        return;
    }
    b->secs[b->n] = (jm_section){ kind, heading, heading ? heading_len : 0,
                                  raw_line(b, start), start, start };
    size_t na = b->pool.map.n;
    b->texts[b->n] = (jm_doc_text){ b->pool.out.len, 0, na ? na - 1 : 0, na, start };
    b->n++;
}

void jm_db_text(jm_doc_builder *b, const char *text, size_t ta, size_t tb,
                const jm_anchor *map, size_t n, size_t limit, int markup)
{
    if (!b->n || b->oom) return;
    b->pool.in = map;
    b->pool.in_n = n;
    b->pool.limit = limit;
    if (markup) jm_clean_markup(&b->pool, text, ta, tb);
    else jm_rw_copy(&b->pool, text, ta, tb);
    if (b->pool.oom) b->oom = 1;
}

void jm_db_newline(jm_doc_builder *b)
{
    if (!b->n || b->oom) return;
    jm_doc_text *t = &b->texts[b->n - 1];
    if (b->pool.out.len == t->off) return;          /* nothing yet */
    /* the break maps to the raw offset where the text before it ended */
    size_t at = jm_map_raw(b->pool.map.a, b->pool.map.n, b->pool.out.len, (size_t)-1);
    b->pool.in = NULL;
    b->pool.in_n = 0;
    b->pool.limit = (size_t)-1;
    jm_rw_replace(&b->pool, at, at, "\n", 1);
    if (b->pool.oom) b->oom = 1;
}

void jm_db_end(jm_doc_builder *b, size_t end)
{
    if (!b->n || b->oom) return;
    jm_section *s = &b->secs[b->n - 1];
    jm_doc_text *t = &b->texts[b->n - 1];
    s->end = end < s->start ? s->start : end;
    t->len = b->pool.out.len - t->off;
    t->an = b->pool.map.n;
    t->limit = s->end;
    /* each text is NUL-terminated in the pool */
    b->pool.in = NULL;
    b->pool.in_n = 0;
    b->pool.limit = (size_t)-1;
    size_t at = jm_map_raw(b->pool.map.a, b->pool.map.n, b->pool.out.len, (size_t)-1);
    jm_rw_replace(&b->pool, at, at, "", 1);
    if (b->pool.oom) b->oom = 1;
}

/* Moves the builder's results into its document. */
static int db_finish(jm_doc_builder *b)
{
    jm_doc *d = b->d;
    if (b->oom || b->pool.oom) return JM_ENOMEM;
    if (jm_buf_reserve(&b->pool.out, 0)) return JM_ENOMEM;
    if (jm_repair_log_finish(&b->repairs, &d->repairs, &d->n_repairs, &d->repair_text))
        return JM_ENOMEM;
    d->sections = b->secs;
    d->texts = b->texts;
    d->n_sections = b->n;
    d->pool = b->pool.out.data;
    d->anchors = b->pool.map.a;
    d->n_anchors = b->pool.map.n;
    b->secs = NULL;
    b->texts = NULL;
    b->pool.out = (jm_buf){0};
    b->pool.map = (jm_map){0};
    return JM_OK;
}

/* Frees what the builder still owns (after finish: nothing of d). */
static void db_free(jm_doc_builder *b)
{
    jm_free(b->secs);
    jm_free(b->texts);
    jm_rw_free(&b->pool);
    jm_repair_log_free(&b->repairs);
}

/* ---------------------------------------------------------------------- */
/* Reading                                                                 */
/* ---------------------------------------------------------------------- */

/* The control bytes of s[0, n) other than line breaks, tabs and form
 * feeds. */
static size_t count_controls(const char *s, size_t n)
{
    size_t ctl = 0;
    for (size_t i = scan_control(s, 0, n); i < n; i = scan_control(s, i + 1, n))
        if (s[i] != '\n' && s[i] != '\r' && s[i] != '\t' && s[i] != '\f') ctl++;
    return ctl;
}

/* Checks that buf is text a reader can take; sets the message on e. */
static int check_input(const jm_reader *r, const char *buf, size_t len,
                       const char *name, int *utf16)
{
    const unsigned char *s = (const unsigned char *)buf;
    *utf16 = 0;
    if (len == 0) return jm_fail(r->err, JM_EINPUT, "%s: empty file", name);
    if (len >= 2 && s[0] == 0xFF && s[1] == 0xFE) *utf16 = 1;
    if (len >= 2 && s[0] == 0xFE && s[1] == 0xFF) *utf16 = 2;
    if (len >= 8 && !memcmp(s, "\x89PNG\r\n\x1a\n", 8))
        return jm_fail(r->err, JM_EINPUT, "%s: a PNG image, not text", name);
    if (len >= 5 && !memcmp(s, "%PDF-", 5))
        return jm_fail(r->err, JM_EINPUT, "%s: a PDF file; convert it to text or "
                       "Markdown first", name);
    if (len >= 4 && !memcmp(s, "PK\x03\x04", 4))
        return jm_fail(r->err, JM_EINPUT, "%s: a ZIP archive (a .docx?), not text", name);
    if (!*utf16) {
        const void *nul = memchr(buf, '\0', len);
        if (nul)
            return jm_fail(r->err, JM_EINPUT, "%s: NUL byte at offset %zu: a binary "
                           "file, not text", name, (size_t)((const char *)nul - buf));
        /* other control bytes in quantity: binary */
        size_t look = len < 4096 ? len : 4096;
        if (count_controls(buf, look) * 10 > look)
            return jm_fail(r->err, JM_EINPUT, "%s: a binary file, not text", name);
    } else if (len % 2) {
        return jm_fail(r->err, JM_EINPUT, "%s: UTF-16 text with an odd number of bytes",
                       name);
    } else {
        /* U+0000 is UTF-16's NUL byte: binary, refused as in UTF-8 (it was
         * let through into the decoded text, whose C string then ended
         * before the headings after it; found by fuzz/fuzz_cv_text.c) */
        for (size_t k = 2; k + 1 < len; k += 2)
            if (!s[k] && !s[k + 1])
                return jm_fail(r->err, JM_EINPUT, "%s: NUL character at offset %zu: a "
                               "binary file, not text", name, k);
    }
    size_t i = *utf16 ? 2 : (len >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3) ? 3 : 0);
    for (; i < len; i++)
        if (s[i] != ' ' && s[i] != '\n' && s[i] != '\r' && s[i] != '\t' &&
            s[i] != '\f' && s[i] != 0)
            return JM_OK;
    return jm_fail(r->err, JM_EINPUT, "%s: no text (only white space)", name);
}

static size_t skip_blank(const char *buf, size_t len, size_t i)
{
    while (i < len && (buf[i] == ' ' || buf[i] == '\n' || buf[i] == '\r' || buf[i] == '\t'))
        i++;
    return i;
}

/* Is the input JSON: its first non-blank character '{', or '[' that opens
 * a JSON array ("[{", "[1", "[]"; a Markdown link "[Jane Doe](...)" is
 * text)? */
static int is_json(const char *buf, size_t len)
{
    size_t i = skip_blank(buf, len, len >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3) ? 3 : 0);
    if (i < len && buf[i] == '{') return 1;
    if (i >= len || buf[i] != '[') return 0;
    i = skip_blank(buf, len, i + 1);
    return i < len && (buf[i] == '{' || buf[i] == '[' || buf[i] == ']' || buf[i] == '"' ||
                       buf[i] == '-' || (buf[i] >= '0' && buf[i] <= '9'));
}

int jm_doc_parse(const jm_reader *r, jm_doc_type type, const char *buf, size_t len,
                 const char *name, unsigned flags, jm_doc **out)
{
    int utf16, rc;
    *out = NULL;
    if (!name) name = "input";
    jm_error_clear(r->err);
    if ((rc = check_input(r, buf, len, name, &utf16))) return rc;

    jm_doc *d = jm_calloc(1, sizeof *d);
    if (!d) return jm_fail(r->err, JM_ENOMEM, "out of memory");
    d->type = type;
    d->raw = jm_strndup(buf, len);
    d->raw_len = len;
    if (!d->raw) {
        jm_doc_free(d);
        return jm_fail(r->err, JM_ENOMEM, "%s: out of memory", name);
    }
    jm_doc_builder b = { .d = d, .line_no = 1, .utf16 = utf16, .flags = flags };
    /* the section texts take about as much as the input: one allocation
     * instead of a dozen doublings */
    if (jm_buf_reserve(&b.pool.out, len)) rc = jm_fail(r->err, JM_ENOMEM, "%s: out of memory", name);
    else if (utf16 && (flags & JM_READ_AS_JSON))
        rc = jm_fail(r->err, JM_EINPUT, "%s: UTF-16 is read as text, not as JSON", name);
    else if ((flags & JM_READ_AS_JSON) ||
             (!(flags & JM_READ_AS_TEXT) && !utf16 && is_json(buf, len)))
        rc = jm_read_json(r, &b, name);
    else
        rc = jm_read_text(r, &b, name);
    if (!rc && (rc = db_finish(&b)))
        jm_fail(r->err, rc, "%s: out of memory", name);
    db_free(&b);
    if (rc) {
        if (rc == JM_ENOMEM && !r->err->msg[0]) jm_fail(r->err, rc, "%s: out of memory", name);
        jm_doc_free(d);
        return rc;
    }
    *out = d;
    return JM_OK;
}

void jm_doc_free(jm_doc *d)
{
    if (!d) return;
    jm_free(d->raw);
    jm_free(d->sections);
    jm_free(d->texts);
    jm_free(d->pool);
    jm_free(d->anchors);
    jm_free(d->decoded);
    jm_free(d->id);
    jm_free(d->title);
    jm_free(d->company);
    cJSON_Delete(d->json);
    jm_free(d->fields);
    jm_free(d->repairs);
    jm_free(d->repair_text);
    jm_free(d);
}

const jm_repair *jm_doc_repairs(const jm_doc *d, size_t *n)
{
    *n = d ? d->n_repairs : 0;
    return *n ? d->repairs : NULL;
}

const char *jm_repair_kind_name(jm_repair_kind kind)
{
    switch (kind) {
    case JM_REPAIR_GLUED: return "glued";
    case JM_REPAIR_SPACED: return "spaced";
    case JM_REPAIR_LIGATURE: return "ligature";
    }
    return "glued";
}

const jm_section *jm_doc_sections(const jm_doc *d, size_t *n)
{
    *n = d->n_sections;
    return d->sections;
}

const char *jm_doc_id(const jm_doc *d) { return d->id; }
const char *jm_doc_title(const jm_doc *d) { return d->title; }
const char *jm_doc_company(const jm_doc *d) { return d->company; }

const char *jm_doc_input(const jm_doc *d, size_t *len)
{
    *len = d->raw_len;
    return d->raw;
}

const char *jm_doc_section_text(const jm_doc *d, size_t i, size_t *len)
{
    const jm_doc_text *t = &d->texts[i];
    *len = t->len;
    return d->pool + t->off;
}

size_t jm_doc_raw_offset(const jm_doc *d, size_t i, size_t off)
{
    const jm_doc_text *t = &d->texts[i];
    if (off > t->len) off = t->len;
    size_t r = jm_map_raw(d->anchors + t->a0, t->an - t->a0, t->off + off, t->limit);
    return r < d->sections[i].start ? d->sections[i].start : r;
}

const char *jm_doc_field(const jm_doc *d, const char *key)
{
    if (d->fields) {            /* the first member of that name, as cJSON */
        for (const char *f = d->fields; *f;) {
            size_t kl = strlen(f);
            const char *v = f + kl + 2;
            if (!strcmp(f, key)) return f[kl + 1] == 's' ? v : NULL;
            f = v + strlen(v) + 1;
        }
        return NULL;
    }
    if (!d->json) return NULL;
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(d->json, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

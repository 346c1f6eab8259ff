/* This file contains the JSON reader: a JSON Resume (jsonresume.org) for a
 * CV, a posting object (id, title, company, location, description, other
 * fields kept) for a posting. cJSON parses; a small locator walks the raw
 * text in step with cJSON's tree to find where each string lies in the
 * file, and a decoder maps decoded string bytes back to file offsets
 * through the escapes, so that sections point into the file as read. Flat
 * posting objects (JSON Lines) take a fast path that scans them without a
 * tree and gives the same documents. */
#include "read/document.h"
#include "read/sections.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define JSON_MAX_DEPTH 1000     /* cJSON's CJSON_NESTING_LIMIT */

/* Where a node of the tree lies in the raw text. */
typedef struct {
    const cJSON *node;      /* the node */
    size_t va, vb;          /* its value: a string's contents (inside the
                               quotes), else the whole value */
    size_t ka, kb;          /* its key's contents, when in an object */
} json_loc;

typedef struct {
    const char *s;          /* the raw text */
    size_t n;               /* its length */
    json_loc *v;            /* every node, sorted by node address later */
    size_t nv, cap;         /* used, allocated */
    int bad;                /* the walk lost step (never expected) */
    int oom;                /* an allocation failed */
} locator;

/* The offset of the first non-blank byte at or after p. */
static size_t skip_ws(const locator *L, size_t p)
{
    while (p < L->n && (L->s[p] == ' ' || L->s[p] == '\t' || L->s[p] == '\n' ||
                        L->s[p] == '\r'))
        p++;
    return p;
}

/* p at an opening quote; returns the offset after the closing one. */
static size_t skip_string(const locator *L, size_t p)
{
    for (p++; p < L->n && L->s[p] != '"'; p++)
        if (L->s[p] == '\\') p++;
    return p < L->n ? p + 1 : L->n;
}

/* Notes where node lies (sets L->oom when the array cannot grow). */
static void record(locator *L, const cJSON *node, size_t va, size_t vb,
                   size_t ka, size_t kb)
{
    if (jm_grow(&L->v, &L->cap, L->nv, sizeof *L->v, 64)) { L->oom = 1; return; }
    L->v[L->nv++] = (json_loc){ node, va, vb, ka, kb };
}

/* Walks the value at p that cJSON parsed as node; returns its end. */
static size_t walk(locator *L, size_t p, const cJSON *node, size_t ka, size_t kb)
{
    p = skip_ws(L, p);
    size_t va = p;
    if (L->bad || p >= L->n) { L->bad = 1; return p; }
    if (cJSON_IsObject(node) || cJSON_IsArray(node)) {
        int obj = cJSON_IsObject(node);
        if (L->s[p] != (obj ? '{' : '[')) { L->bad = 1; return p; }
        p++;
        for (const cJSON *c = node->child; c && !L->bad; c = c->next) {
            size_t a = 0, b = 0;
            p = skip_ws(L, p);
            if (obj) {
                if (p >= L->n || L->s[p] != '"') { L->bad = 1; break; }
                a = p + 1;
                p = skip_string(L, p);
                b = p - 1;
                p = skip_ws(L, p);
                if (p >= L->n || L->s[p] != ':') { L->bad = 1; break; }
                p++;
            }
            p = walk(L, p, c, a, b);
            p = skip_ws(L, p);
            if (p < L->n && L->s[p] == ',') p++;
        }
        p = skip_ws(L, p);
        if (p >= L->n || L->s[p] != (obj ? '}' : ']')) { L->bad = 1; return p; }
        p++;
        record(L, node, va, p, ka, kb);
        return p;
    }
    if (cJSON_IsString(node)) {
        if (L->s[p] != '"') { L->bad = 1; return p; }
        size_t e = skip_string(L, p);
        record(L, node, p + 1, e - 1, ka, kb);
        return e;
    }
    while (p < L->n && (isalnum((unsigned char)L->s[p]) || L->s[p] == '-' ||
                        L->s[p] == '+' || L->s[p] == '.'))
        p++;
    record(L, node, va, p, ka, kb);
    return p;
}

/* Orders locations by node address (qsort), for find_loc. */
static int loc_cmp(const void *x, const void *y)
{
    const json_loc *a = x, *b = y;
    return (uintptr_t)a->node < (uintptr_t)b->node ? -1 : (uintptr_t)a->node > (uintptr_t)b->node;
}

/* The location of node, NULL when the walk did not see it. */
static const json_loc *find_loc(const locator *L, const cJSON *node)
{
    size_t lo = 0, hi = L->nv;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if ((uintptr_t)L->v[mid].node < (uintptr_t)node) lo = mid + 1;
        else hi = mid;
    }
    return lo < L->nv && L->v[lo].node == node ? &L->v[lo] : NULL;
}

/* ---------------------------------------------------------------------- */
/* String decoding with a map                                              */
/* ---------------------------------------------------------------------- */

static int hex4(const char *s, size_t n, size_t p, unsigned long *v)
{
    *v = 0;
    if (p + 4 > n) return 0;
    for (size_t k = 0; k < 4; k++) {
        char c = s[p + k];
        int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 :
                c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (d < 0) return 0;
        *v = *v << 4 | (unsigned long)d;
    }
    return 1;
}

/* Decodes the JSON string contents raw[a, b) into w (w->out, and w->map to
 * raw offsets): escapes become their characters, \u0000 a space. */
static void decode_string(jm_rewriter *w, const char *raw, size_t a, size_t b)
{
    size_t i = a, run = a;
    w->limit = b;
    if (jm_buf_reserve(&w->out, b - a)) { w->oom = 1; return; }   /* decoded <= raw */
    while (i < b) {
        const char *bs = memchr(raw + i, '\\', b - i);
        if (!bs) break;
        i = (size_t)(bs - raw);
        jm_rw_copy(w, raw, run, i);
        char o[4];
        size_t on = 1, used = 2;
        char c = i + 1 < b ? raw[i + 1] : '\\';
        switch (c) {
        case 'n': o[0] = '\n'; break;
        case 't': o[0] = '\t'; break;
        case 'r': o[0] = '\r'; break;
        case 'b': case 'f': o[0] = ' '; break;
        case 'u': {
            unsigned long v, v2;
            if (!hex4(raw, b, i + 2, &v)) { o[0] = '?'; break; }
            used = 6;
            if (v >= 0xD800 && v <= 0xDBFF && i + 11 < b + 0 && raw[i + 6] == '\\' &&
                raw[i + 7] == 'u' && hex4(raw, b, i + 8, &v2) && v2 >= 0xDC00 && v2 <= 0xDFFF) {
                v = 0x10000 + ((v - 0xD800) << 10) + (v2 - 0xDC00);
                used = 12;
            } else if (v >= 0xD800 && v <= 0xDFFF) {
                v = 0xFFFD;
            }
            if (v == 0) v = ' ';
            if (v < 0x80) { o[0] = (char)v; on = 1; }
            else if (v < 0x800) {
                o[0] = (char)(0xC0 | (v >> 6)); o[1] = (char)(0x80 | (v & 0x3F)); on = 2;
            } else if (v < 0x10000) {
                o[0] = (char)(0xE0 | (v >> 12)); o[1] = (char)(0x80 | ((v >> 6) & 0x3F));
                o[2] = (char)(0x80 | (v & 0x3F)); on = 3;
            } else {
                o[0] = (char)(0xF0 | (v >> 18)); o[1] = (char)(0x80 | ((v >> 12) & 0x3F));
                o[2] = (char)(0x80 | ((v >> 6) & 0x3F)); o[3] = (char)(0x80 | (v & 0x3F)); on = 4;
            }
            break;
        }
        default: o[0] = c; break;           /* \" \\ \/ */
        }
        if (i + used > b) used = b - i;
        jm_rw_replace(w, i, i + used, o, on);
        i = run = i + used;
    }
    jm_rw_copy(w, raw, run, b);
}

/* Decodes and cleans (pass 1) the string at loc into t. */
static int clean_string(const jm_doc *d, const json_loc *l, jm_rewriter *t)
{
    jm_rewriter dec = {0};
    *t = (jm_rewriter){0};
    decode_string(&dec, d->raw, l->va, l->vb);
    if (dec.oom) { jm_rw_free(&dec); return JM_ENOMEM; }
    if (!dec.out.len) {                     /* empty: nothing to map */
        jm_rw_free(&dec);
        return jm_buf_reserve(&t->out, 0) ? JM_ENOMEM : JM_OK;
    }
    t->in = dec.map.a;
    t->in_n = dec.map.n;
    t->limit = l->vb;
    int rc = jm_clean_decode(dec.out.data, dec.out.len, t);
    t->in = NULL;
    t->in_n = 0;
    jm_rw_free(&dec);
    return rc;
}

/* Appends the string at l, cleaned, to the current section. */
static int add_string(jm_doc_builder *b, const json_loc *l)
{
    jm_rewriter t;
    int rc = clean_string(b->d, l, &t);
    if (!rc && t.out.len) {
        jm_db_newline(b);
        jm_db_text(b, t.out.data, 0, t.out.len, t.map.a, t.map.n, l->vb, 1);
    }
    jm_rw_free(&t);
    return rc ? rc : b->oom ? JM_ENOMEM : JM_OK;
}

/* Appends every string under node (in file order) to the current section,
 * except the member named skip; widens *end to the last one's end. */
static int add_strings(jm_doc_builder *b, const locator *L, const cJSON *node,
                       const char *skip, size_t *end)
{
    if (cJSON_IsString(node)) {
        const json_loc *l = find_loc(L, node);
        if (!l) return JM_OK;
        if (l->vb > *end) *end = l->vb;
        return add_string(b, l);
    }
    for (const cJSON *c = node->child; c; c = c->next) {
        if (skip && c->string && !strcmp(c->string, skip)) continue;
        int rc = add_strings(b, L, c, NULL, end);
        if (rc) return rc;
    }
    return JM_OK;
}

/* ---------------------------------------------------------------------- */
/* Résumé and posting                                                      */
/* ---------------------------------------------------------------------- */

static const struct { const char *key; jm_section_kind kind; } resume_keys[] = {
    { "basics", JM_SEC_CONTACT }, { "work", JM_SEC_EXPERIENCE },
    { "volunteer", JM_SEC_VOLUNTEERING }, { "education", JM_SEC_EDUCATION },
    { "awards", JM_SEC_AWARDS }, { "certificates", JM_SEC_CERTIFICATIONS },
    { "publications", JM_SEC_PUBLICATIONS }, { "skills", JM_SEC_SKILLS },
    { "languages", JM_SEC_LANGUAGES }, { "interests", JM_SEC_INTERESTS },
    { "references", JM_SEC_REFERENCES }, { "projects", JM_SEC_PROJECTS },
};

/* The section kind of a JSON Resume top-level key; 0 when none. */
static int resume_kind(const char *key, jm_section_kind *kind)
{
    for (size_t i = 0; i < JM_ARRAY_LEN(resume_keys); i++)
        if (key && !strcmp(key, resume_keys[i].key)) {
            *kind = resume_keys[i].kind;
            return 1;
        }
    return 0;
}

/* Does node hold a non-empty string anywhere? */
static int has_text(const cJSON *node)
{
    if (cJSON_IsString(node)) return node->valuestring && node->valuestring[0];
    for (const cJSON *c = node->child; c; c = c->next)
        if (has_text(c)) return 1;
    return 0;
}

/* basics: contact details, with basics.summary a section of its own;
 * the contact fields before and after it are two contact sections, so that
 * sections never overlap in the file. */
static int read_basics(jm_doc_builder *b, const locator *L, const cJSON *basics,
                       const json_loc *bl)
{
    int open = 0, first = 1, rc = JM_OK;
    size_t end = bl->ka;
    for (const cJSON *c = basics->child; c && !rc; c = c->next) {
        const json_loc *l = find_loc(L, c);
        if (!l) continue;
        if (c->string && !strcmp(c->string, "summary") && cJSON_IsString(c)) {
            if (open) jm_db_end(b, end);
            open = 0;
            jm_db_begin(b, JM_SEC_SUMMARY, b->d->raw + l->ka, l->kb - l->ka, l->ka);
            rc = add_string(b, l);
            jm_db_end(b, l->vb);
            continue;
        }
        if (!open) {
            if (first) jm_db_begin(b, JM_SEC_CONTACT, b->d->raw + bl->ka, bl->kb - bl->ka, bl->ka);
            else jm_db_begin(b, JM_SEC_CONTACT, NULL, 0, l->ka);
            open = 1;
            first = 0;
            end = l->ka;
        }
        rc = add_strings(b, L, c, NULL, &end);
    }
    if (open) jm_db_end(b, end);
    return rc;
}

static int copy_field(const cJSON *obj, const char *key, char **out);

/* A JSON Resume: one section per known top-level key, in file order; its
 * "id", when it has one, names it (jm_doc_id: match names CVs by it). */
static int read_resume(const jm_reader *r, jm_doc_builder *b, const locator *L,
                       const cJSON *root, const char *name)
{
    int rc = copy_field(root, "id", &b->d->id);
    if (rc) return jm_fail(r->err, rc, "%s: out of memory", name);
    for (const cJSON *c = root->child; c && !rc; c = c->next) {
        jm_section_kind kind;
        if (!resume_kind(c->string, &kind)) continue;     /* meta, $schema */
        const json_loc *l = find_loc(L, c);
        if (!l) continue;
        if (kind == JM_SEC_CONTACT && cJSON_IsObject(c)) {
            rc = read_basics(b, L, c, l);
            continue;
        }
        if (!has_text(c)) continue;                     /* "work": [] */
        size_t end = l->ka;
        jm_db_begin(b, kind, b->d->raw + l->ka, l->kb - l->ka, l->ka);
        rc = add_strings(b, L, c, NULL, &end);
        jm_db_end(b, end);
    }
    if (rc) return jm_fail(r->err, rc, "%s: out of memory", name);
    return JM_OK;
}

/* Copies a string (or number) member of obj; JM_OK when absent. */
static int copy_field(const cJSON *obj, const char *key, char **out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    char num[64];
    const char *s = NULL;
    if (cJSON_IsString(v)) s = v->valuestring;
    else if (cJSON_IsNumber(v)) {
        snprintf(num, sizeof num, "%.17g", v->valuedouble);
        s = num;
    }
    if (!s || !*s) return JM_OK;
    *out = jm_strndup(s, strlen(s));
    return *out ? JM_OK : JM_ENOMEM;
}

static const struct { const char *key; jm_section_kind kind; } posting_keys[] = {
    { "responsibilities", JM_SEC_RESPONSIBILITIES }, { "duties", JM_SEC_RESPONSIBILITIES },
    { "qualifications", JM_SEC_REQUIREMENTS }, { "requirements", JM_SEC_REQUIREMENTS },
    { "skills", JM_SEC_REQUIREMENTS }, { "preferred", JM_SEC_PREFERRED },
    { "nice_to_have", JM_SEC_PREFERRED }, { "benefits", JM_SEC_BENEFITS },
};

/* The section kind of a posting object's array field; 0 when none. */
static int posting_kind(const char *key, jm_section_kind *kind)
{
    for (size_t i = 0; i < JM_ARRAY_LEN(posting_keys); i++)
        if (key && !strcmp(key, posting_keys[i].key)) {
            *kind = posting_keys[i].kind;
            return 1;
        }
    return 0;
}

/* A posting object: the title, the description's sections, and the
 * fields that are sections of their own. */
static int read_posting(const jm_reader *r, jm_doc_builder *b, const locator *L,
                        const cJSON *root, const char *name)
{
    jm_doc *d = b->d;
    if (copy_field(root, "id", &d->id) || copy_field(root, "title", &d->title) ||
        copy_field(root, "company", &d->company) ||
        (!d->id && !(d->id = jm_strndup(name, strlen(name)))))
        return jm_fail(r->err, JM_ENOMEM, "%s: out of memory", name);
    const cJSON *title = cJSON_GetObjectItemCaseSensitive(root, "title");
    const cJSON *desc = cJSON_GetObjectItemCaseSensitive(root, "description");
    const json_loc *tl = cJSON_IsString(title) ? find_loc(L, title) : NULL;
    const json_loc *dl = cJSON_IsString(desc) ? find_loc(L, desc) : NULL;
    jm_rewriter t;
    int rc;
    if (tl && tl->vb > tl->va) {
        if ((rc = clean_string(d, tl, &t))) return jm_fail(r->err, rc, "%s: out of memory", name);
        jm_db_begin(b, JM_SEC_TITLE, NULL, 0, tl->va);
        jm_db_text(b, t.out.data ? t.out.data : "", 0, t.out.len, t.map.a, t.map.n, tl->vb, 1);
        jm_db_end(b, tl->vb);
        jm_rw_free(&t);
    }
    if (dl && dl->vb > dl->va) {
        if ((rc = clean_string(d, dl, &t))) return jm_fail(r->err, rc, "%s: out of memory", name);
        rc = jm_text_sections(r, b, name, &t, dl->vb, 0, NULL);
        jm_rw_free(&t);
        if (rc) return rc;
    }
    /* fields that are sections of their own (the JSON Resume job schema:
     * responsibilities, qualifications, skills as arrays or strings) */
    for (const cJSON *c = root->child; c; c = c->next) {
        jm_section_kind kind;
        if (!posting_kind(c->string, &kind) || !has_text(c)) continue;
        const json_loc *l = find_loc(L, c);
        if (!l) continue;
        size_t end = l->ka;
        jm_db_begin(b, kind, d->raw + l->ka, l->kb - l->ka, l->ka);
        rc = add_strings(b, L, c, NULL, &end);
        jm_db_end(b, end);
        if (rc) return jm_fail(r->err, rc, "%s: out of memory", name);
    }
    if (b->oom) return jm_fail(r->err, JM_ENOMEM, "%s: out of memory", name);
    return JM_OK;
}

/* ---------------------------------------------------------------------- */
/* Fast path: flat posting objects                                         */
/* ---------------------------------------------------------------------- */

/* Why: JSON Lines postings are flat objects of strings (id, title, company,
 * description, ...). Checking the nesting, building a cJSON tree, walking
 * the text again to locate each string and sorting the locations cost more
 * than cleaning the text. flat_scan() reads such an object in one pass and
 * notes where each member's key and value lie; read_flat_posting() then
 * does what read_posting() does with the tree, through the same
 * clean_string() and add_string(). What it must agree with: the general
 * path, on everything a document shows (sections, texts, offsets, id,
 * title, company, jm_doc_field). So it takes only objects that cJSON reads
 * the same way: members that are strings, numbers (strict JSON grammar,
 * as strtod reads them), true, false or null; keys without escapes; no
 * \u0000 and no lone surrogates (cJSON's valuestring would differ or it
 * would fail); JSON white space only. Anything else (nested values, errors,
 * odd input) goes to the general path, which also words every message.
 * tests/test_reader.c compares both paths on real postings. */

#define FLAT_MAX 64             /* more members: the general path */

/* One member of a flat object, as offsets into the raw text. */
typedef struct {
    size_t ka, kb;              /* the key's contents (it has no escapes) */
    size_t va, vb;              /* the value: a string's contents (inside the
                                   quotes), else the whole value */
    char type;                  /* 's' string, 'n' number, 'l' true, false
                                   or null */
    char esc;                   /* a string with escapes */
} flat_member;

/* A flat object's members in file order. */
typedef struct {
    flat_member m[FLAT_MAX];
    size_t n;
} flat_object;

static int is_json_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int is_digit(char c) { return c >= '0' && c <= '9'; }

/* The length of the escape at s[i] (a backslash) in the fast path's
 * subset; 0 when it is left to the general path (an escape cJSON rejects
 * or reads differently: \u0000, a lone or reversed surrogate). */
static size_t escape_len(const char *s, size_t n, size_t i)
{
    unsigned long v, v2;
    if (i + 1 >= n) return 0;
    switch (s[i + 1]) {
    case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
        return 2;
    case 'u':
        if (!hex4(s, n, i + 2, &v) || v == 0 || (v >= 0xDC00 && v <= 0xDFFF)) return 0;
        if (v < 0xD800 || v > 0xDBFF) return 6;
        if (i + 12 > n || s[i + 6] != '\\' || s[i + 7] != 'u' || !hex4(s, n, i + 8, &v2) ||
            v2 < 0xDC00 || v2 > 0xDFFF)
            return 0;
        return 12;
    default:
        return 0;
    }
}

/* Scans the string whose contents start at s[p] (after the quote): returns
 * the offset of the closing quote, or 0 when the fast path leaves it to the
 * general one. *esc: the string holds escapes. Linear: each memchr for the
 * quote is reused until an escape steps over it. */
static size_t flat_string(const char *s, size_t n, size_t p, char *esc)
{
    const char *q = NULL;
    *esc = 0;
    for (size_t i = p;;) {
        if (!q || (size_t)(q - s) < i) {
            q = i < n ? memchr(s + i, '"', n - i) : NULL;
            if (!q) return 0;
        }
        const char *bs = memchr(s + i, '\\', (size_t)(q - s) - i);
        if (!bs) return (size_t)(q - s);
        *esc = 1;
        i = (size_t)(bs - s);
        size_t used = escape_len(s, n, i);
        if (!used) return 0;
        i += used;
    }
}

/* The end of the JSON number at s[p] (strict grammar, at most 63 bytes:
 * cJSON reads as much), or 0. */
static size_t flat_number(const char *s, size_t n, size_t p)
{
    size_t i = p;
    if (i < n && s[i] == '-') i++;
    if (i >= n || !is_digit(s[i])) return 0;
    if (s[i] == '0') i++;
    else while (i < n && is_digit(s[i])) i++;
    if (i < n && s[i] == '.') {
        if (++i >= n || !is_digit(s[i])) return 0;
        while (i < n && is_digit(s[i])) i++;
    }
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        if (++i < n && (s[i] == '+' || s[i] == '-')) i++;
        if (i >= n || !is_digit(s[i])) return 0;
        while (i < n && is_digit(s[i])) i++;
    }
    return i - p <= 63 ? i : 0;
}

/* Reads s[p, n) as one flat object (and nothing after it but white space)
 * into o; returns 0 when the general path must read it. */
static int flat_scan(const char *s, size_t n, size_t p, flat_object *o)
{
    o->n = 0;
    while (p < n && is_json_ws(s[p])) p++;
    if (p >= n || s[p] != '{') return 0;
    for (p++;;) {
        while (p < n && is_json_ws(s[p])) p++;
        if (p >= n || s[p] != '"' || o->n == FLAT_MAX) return 0;
        flat_member *m = &o->m[o->n++];
        m->ka = p + 1;
        if (!(m->kb = flat_string(s, n, m->ka, &m->esc)) || m->esc || m->kb == m->ka)
            return 0;                   /* "" would end d->fields */
        p = m->kb + 1;
        while (p < n && is_json_ws(s[p])) p++;
        if (p >= n || s[p] != ':') return 0;
        for (p++; p < n && is_json_ws(s[p]); p++) {}
        if (p >= n) return 0;
        m->va = p;
        if (s[p] == '"') {
            m->type = 's';
            m->va = p + 1;
            if (!(m->vb = flat_string(s, n, m->va, &m->esc))) return 0;
            p = m->vb + 1;
        } else if (s[p] == '-' || is_digit(s[p])) {
            m->type = 'n';
            if (!(p = m->vb = flat_number(s, n, p))) return 0;
        } else {
            const char *lit = s[p] == 't' ? "true" : s[p] == 'f' ? "false" : "null";
            size_t l = strlen(lit);
            if (p + l > n || memcmp(s + p, lit, l)) return 0;
            m->type = 'l';
            p = m->vb = p + l;
        }
        while (p < n && is_json_ws(s[p])) p++;
        if (p < n && s[p] == ',') { p++; continue; }
        if (p >= n || s[p] != '}') return 0;
        for (p++; p < n && is_json_ws(s[p]); p++) {}
        return p == n;
    }
}

/* Appends the contents of a string the fast path accepted, s[a, b), as
 * cJSON decodes them (\b and \f are control bytes here, unlike in the
 * section texts); returns the end of what it wrote. */
static char *flat_unescape(char *out, const char *s, size_t a, size_t b)
{
    while (a < b) {
        const char *bs = memchr(s + a, '\\', b - a);
        size_t run = bs ? (size_t)(bs - s) - a : b - a;
        memcpy(out, s + a, run);
        out += run;
        a += run;
        if (a >= b) break;
        char c = s[a + 1];
        unsigned long v, v2;
        a += 2;
        switch (c) {
        case 'b': *out++ = '\b'; continue;
        case 'f': *out++ = '\f'; continue;
        case 'n': *out++ = '\n'; continue;
        case 'r': *out++ = '\r'; continue;
        case 't': *out++ = '\t'; continue;
        case 'u': break;
        default: *out++ = c; continue;      /* \" \\ \/ */
        }
        hex4(s, b, a, &v);
        a += 4;
        if (v >= 0xD800 && v <= 0xDBFF) {    /* a pair: flat_string checked it */
            hex4(s, b, a + 2, &v2);
            v = 0x10000 + ((v - 0xD800) << 10) + (v2 - 0xDC00);
            a += 6;
        }
        if (v < 0x80) *out++ = (char)v;
        else if (v < 0x800) {
            *out++ = (char)(0xC0 | (v >> 6));
            *out++ = (char)(0x80 | (v & 0x3F));
        } else if (v < 0x10000) {
            *out++ = (char)(0xE0 | (v >> 12));
            *out++ = (char)(0x80 | ((v >> 6) & 0x3F));
            *out++ = (char)(0x80 | (v & 0x3F));
        } else {
            *out++ = (char)(0xF0 | (v >> 18));
            *out++ = (char)(0x80 | ((v >> 12) & 0x3F));
            *out++ = (char)(0x80 | ((v >> 6) & 0x3F));
            *out++ = (char)(0x80 | (v & 0x3F));
        }
    }
    return out;
}

/* The first member named key (NUL-terminated), NULL when none. */
static const flat_member *flat_get(const char *s, const flat_object *o, const char *key)
{
    size_t kl = strlen(key);
    for (size_t i = 0; i < o->n; i++)
        if (o->m[i].kb - o->m[i].ka == kl && !memcmp(s + o->m[i].ka, key, kl))
            return &o->m[i];
    return NULL;
}

/* Builds d->fields, every member as "key\0" type "value\0" (a string's
 * value decoded as cJSON decodes it; other values empty), and sets d->id,
 * d->title and d->company as copy_field() does. */
static int flat_fields(jm_doc *d, const flat_object *o, const char *name)
{
    const char *s = d->raw;
    size_t size = 1;
    for (size_t i = 0; i < o->n; i++)
        size += o->m[i].kb - o->m[i].ka + 3 + (o->m[i].type == 's' ? o->m[i].vb - o->m[i].va : 0);
    char *f = d->fields = jm_malloc(size), *w = f;
    if (!f) return JM_ENOMEM;
    for (size_t i = 0; i < o->n; i++) {
        const flat_member *m = &o->m[i];
        memcpy(w, s + m->ka, m->kb - m->ka);
        w += m->kb - m->ka;
        *w++ = '\0';
        *w++ = m->type;
        const char *v = w;
        if (m->type == 's') w = m->esc ? flat_unescape(w, s, m->va, m->vb)
                                       : (char *)memcpy(w, s + m->va, m->vb - m->va) + (m->vb - m->va);
        *w++ = '\0';
        char **dst = NULL;
        if (m->kb - m->ka == 2 && !memcmp(s + m->ka, "id", 2)) dst = &d->id;
        else if (m->kb - m->ka == 5 && !memcmp(s + m->ka, "title", 5)) dst = &d->title;
        else if (m->kb - m->ka == 7 && !memcmp(s + m->ka, "company", 7)) dst = &d->company;
        /* the first member of a name counts, as with cJSON; empty is absent */
        if (!dst || flat_get(s, o, dst == &d->id ? "id" : dst == &d->title ? "title"
                                                                             : "company") != m)
            continue;
        if (m->type == 's' && *v) {
            if (!(*dst = jm_strndup(v, (size_t)(w - 1 - v)))) return JM_ENOMEM;
        } else if (m->type == 'n') {
            char num[64], txt[64];
            memcpy(num, s + m->va, m->vb - m->va);
            num[m->vb - m->va] = '\0';
            snprintf(txt, sizeof txt, "%.17g", strtod(num, NULL));
            if (!(*dst = jm_strndup(txt, strlen(txt)))) return JM_ENOMEM;
        }
    }
    *w = '\0';                           /* an empty key ends the list */
    if (!d->id && !(d->id = jm_strndup(name, strlen(name)))) return JM_ENOMEM;
    return JM_OK;
}

/* read_posting() for a flat object o. */
static int read_flat_posting(const jm_reader *r, jm_doc_builder *b, const flat_object *o,
                             const char *name)
{
    jm_doc *d = b->d;
    const flat_member *title = flat_get(d->raw, o, "title");
    const flat_member *desc = flat_get(d->raw, o, "description");
    jm_rewriter t;
    int rc;
    if (flat_fields(d, o, name)) return jm_fail(r->err, JM_ENOMEM, "%s: out of memory", name);
    if (title && title->type == 's' && title->vb > title->va) {
        json_loc tl = { NULL, title->va, title->vb, title->ka, title->kb };
        if ((rc = clean_string(d, &tl, &t))) return jm_fail(r->err, rc, "%s: out of memory", name);
        jm_db_begin(b, JM_SEC_TITLE, NULL, 0, tl.va);
        jm_db_text(b, t.out.data ? t.out.data : "", 0, t.out.len, t.map.a, t.map.n, tl.vb, 1);
        jm_db_end(b, tl.vb);
        jm_rw_free(&t);
    }
    if (desc && desc->type == 's' && desc->vb > desc->va) {
        json_loc dl = { NULL, desc->va, desc->vb, desc->ka, desc->kb };
        if ((rc = clean_string(d, &dl, &t))) return jm_fail(r->err, rc, "%s: out of memory", name);
        rc = jm_text_sections(r, b, name, &t, dl.vb, 0, NULL);
        jm_rw_free(&t);
        if (rc) return rc;
    }
    /* string fields that are sections of their own (arrays went to the
     * general path) */
    for (size_t i = 0; i < o->n; i++) {
        const flat_member *m = &o->m[i];
        jm_section_kind kind;
        char key[24];
        if (m->type != 's' || m->vb == m->va || m->kb - m->ka >= sizeof key) continue;
        memcpy(key, d->raw + m->ka, m->kb - m->ka);
        key[m->kb - m->ka] = '\0';
        if (!posting_kind(key, &kind)) continue;
        json_loc l = { NULL, m->va, m->vb, m->ka, m->kb };
        jm_db_begin(b, kind, d->raw + l.ka, l.kb - l.ka, l.ka);
        rc = add_string(b, &l);
        jm_db_end(b, l.vb);
        if (rc) return jm_fail(r->err, rc, "%s: out of memory", name);
    }
    if (b->oom) return jm_fail(r->err, JM_ENOMEM, "%s: out of memory", name);
    return JM_OK;
}

/* Can the fast path read o as a posting: does it have a member that makes
 * it one (has_any() with posting_names)? */
static int flat_is_posting(const char *s, const flat_object *o)
{
    return flat_get(s, o, "description") || flat_get(s, o, "title") ||
           flat_get(s, o, "responsibilities") || flat_get(s, o, "qualifications");
}

/* The deepest nesting of arrays and objects in s (strings skipped), up to
 * limit + 1: checked before cJSON parses, for a clear message. */
static size_t json_depth(const char *s, size_t n, size_t limit)
{
    size_t depth = 0, max = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '"') {
            for (i++; i < n && s[i] != '"'; i++)
                if (s[i] == '\\') i++;
        } else if (c == '{' || c == '[') {
            if (++depth > max && (max = depth) > limit) return max;
        } else if ((c == '}' || c == ']') && depth) {
            depth--;
        }
    }
    return max;
}

/* The 1-based line of offset off in s. */
static size_t line_of(const char *s, size_t off)
{
    size_t line = 1;
    for (size_t i = 0; i < off; i++)
        if (s[i] == '\n') line++;
    return line;
}

/* Does root have a member named by one of keys? */
static int has_any(const cJSON *root, const char *const *keys)
{
    for (; *keys; keys++)
        if (cJSON_GetObjectItemCaseSensitive(root, *keys)) return 1;
    return 0;
}

int jm_read_json(const jm_reader *r, jm_doc_builder *b, const char *name)
{
    static const char *const resume_names[] = {
        "basics", "work", "education", "skills", "projects", "publications",
        "awards", "certificates", "languages", "interests", "volunteer",
        "references", NULL
    };
    static const char *const posting_names[] = {
        "description", "title", "responsibilities", "qualifications", NULL
    };
    jm_doc *d = b->d;
    size_t start = d->raw_len >= 3 && !memcmp(d->raw, "\xEF\xBB\xBF", 3) ? 3 : 0;
    const char *end = NULL;
    flat_object flat;

    if (d->type == JM_DOC_POSTING && !(b->flags & JM_READ_GENERAL) &&
        flat_scan(d->raw, d->raw_len, start, &flat) && flat_is_posting(d->raw, &flat)) {
        int rc = read_flat_posting(r, b, &flat, name);
        if (!rc && b->n == 0)
            rc = jm_fail(r->err, JM_EINPUT, "%s: no text in the JSON object (title and "
                         "description are empty)", name);
        return rc;
    }

    if (json_depth(d->raw + start, d->raw_len - start, JSON_MAX_DEPTH) > JSON_MAX_DEPTH)
        return jm_fail(r->err, JM_EINPUT, "%s: JSON nested deeper than %d levels",
                       name, JSON_MAX_DEPTH);
    cJSON *root = cJSON_ParseWithLengthOpts(d->raw + start, d->raw_len - start, &end, 0);
    if (!root) {
        size_t at = end && end >= d->raw ? (size_t)(end - d->raw) : 0;
        if (at > d->raw_len) at = d->raw_len;
        /* a line number only helps in a file of several lines (a JSON
         * Lines record is named by its line already) */
        if (!memchr(d->raw, '\n', d->raw_len ? d->raw_len - 1 : 0))
            return jm_fail(r->err, JM_EINPUT, "%s: invalid JSON at byte %zu", name, at);
        return jm_fail(r->err, JM_EINPUT, "%s:%zu: invalid JSON at byte %zu", name,
                       line_of(d->raw, at), at);
    }
    size_t after = end ? (size_t)(end - d->raw) : d->raw_len;
    locator L = { d->raw, d->raw_len, NULL, 0, 0, 0, 0 };
    size_t p = skip_ws(&L, after);
    int rc = JM_OK;
    if (p < d->raw_len) {
        rc = jm_fail(r->err, JM_EINPUT, "%s:%zu: more than one JSON value (JSON Lines "
                     "are read one line at a time by rank and model build)", name,
                     line_of(d->raw, p));
    } else if (!cJSON_IsObject(root)) {
        rc = jm_fail(r->err, JM_EINPUT, "%s: JSON %s; expected one object (a JSON Resume "
                     "or a posting)", name, cJSON_IsArray(root) ? "array" : "value");
    } else if (d->type == JM_DOC_CV && !has_any(root, resume_names)) {
        rc = has_any(root, posting_names)
           ? jm_fail(r->err, JM_EINPUT, "%s: a job posting (title, description), not a "
                     "JSON Resume; use --posting", name)
           : jm_fail(r->err, JM_EINPUT, "%s: JSON object is neither a JSON Resume (basics, "
                     "work, education, ...) nor a posting (title, description)", name);
    } else if (d->type == JM_DOC_POSTING && !has_any(root, posting_names)) {
        rc = has_any(root, resume_names)
           ? jm_fail(r->err, JM_EINPUT, "%s: a JSON Resume, not a job posting", name)
           : jm_fail(r->err, JM_EINPUT, "%s: JSON object is neither a posting (title, "
                     "description) nor a JSON Resume (basics, work, ...)", name);
    }
    if (!rc) {
        walk(&L, start, root, 0, 0);
        if (L.oom) rc = jm_fail(r->err, JM_ENOMEM, "%s: out of memory", name);
        else if (L.bad) rc = jm_fail(r->err, JM_EINPUT, "%s: cannot locate the JSON values", name);
    }
    if (!rc) {
        qsort(L.v, L.nv, sizeof *L.v, loc_cmp);
        rc = d->type == JM_DOC_CV ? read_resume(r, b, &L, root, name)
                                  : read_posting(r, b, &L, root, name);
    }
    jm_free(L.v);
    if (!rc && b->n == 0)
        rc = jm_fail(r->err, JM_EINPUT, "%s: no text in the JSON object (%s)", name,
                     d->type == JM_DOC_CV ? "basics, work, education, ... are empty"
                                          : "title and description are empty");
    if (!rc && d->type == JM_DOC_POSTING) d->json = root;
    else cJSON_Delete(root);
    return rc;
}

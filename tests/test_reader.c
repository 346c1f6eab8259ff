/* Tests of the JSON reader's fast path for flat postings: on real postings
 * and on odd objects, it must give what the general path (cJSON) gives:
 * the same sections, headings, texts, offsets, fields and messages. */
#include "unit.h"
#include "read/document.h"
#include "score/engine.h"

#include <dirent.h>
#include <stdlib.h>

/* Does s equal t (both may be NULL)? */
static int same_str(const char *s, const char *t)
{
    return s == t || (s && t && !strcmp(s, t));
}

/* Reads buf both ways and compares everything a document shows; returns
 * NULL when equal, else what differs (static storage). */
static const char *compare_paths(jm_engine *e, const char *buf, size_t len)
{
    static char why[256];
    static const char *const keys[] = { "id", "title", "company", "location",
                                        "description", "category", "source",
                                        "salary", "x", NULL };
    jm_doc *f = NULL, *g = NULL;
    char ferr[512];
    int frc = jm_doc_read_with(e, JM_DOC_POSTING, buf, len, "in", 0, &f);
    snprintf(ferr, sizeof ferr, "%s", jm_errmsg(e));
    int grc = jm_doc_read_with(e, JM_DOC_POSTING, buf, len, "in", JM_READ_GENERAL, &g);
    const char *r = NULL;
    if (frc != grc || (frc && strcmp(ferr, jm_errmsg(e)))) {
        snprintf(why, sizeof why, "status %d \"%.100s\", general %d \"%.100s\"", frc, ferr,
                 grc, jm_errmsg(e));
        r = why;
    }
    if (r || frc) goto done;
    r = "id, title or company";
    if (!same_str(jm_doc_id(f), jm_doc_id(g)) || !same_str(jm_doc_title(f), jm_doc_title(g)) ||
        !same_str(jm_doc_company(f), jm_doc_company(g)))
        goto done;
    for (const char *const *k = keys; *k; k++)
        if (!same_str(jm_doc_field(f, *k), jm_doc_field(g, *k))) {
            snprintf(why, sizeof why, "field %s", *k);
            r = why;
            goto done;
        }
    size_t nf, ng;
    const jm_section *sf = jm_doc_sections(f, &nf), *sg = jm_doc_sections(g, &ng);
    r = "section count";
    if (nf != ng) goto done;
    for (size_t i = 0; i < nf; i++) {
        size_t lf, lg;
        const char *tf = jm_doc_section_text(f, i, &lf), *tg = jm_doc_section_text(g, i, &lg);
        snprintf(why, sizeof why, "section %zu", i);
        r = why;
        if (sf[i].kind != sg[i].kind || sf[i].line != sg[i].line ||
            sf[i].start != sg[i].start || sf[i].end != sg[i].end ||
            sf[i].heading_len != sg[i].heading_len || !sf[i].heading != !sg[i].heading ||
            (sf[i].heading && sf[i].heading - f->raw != sg[i].heading - g->raw) ||
            lf != lg || memcmp(tf, tg, lf))
            goto done;
        for (size_t k = 0; k <= lf; k++)
            if (jm_doc_raw_offset(f, i, k) != jm_doc_raw_offset(g, i, k)) {
                snprintf(why, sizeof why, "section %zu, offset %zu", i, k);
                goto done;
            }
    }
    r = NULL;
done:
    jm_doc_free(f);
    jm_doc_free(g);
    return r;
}

TEST(json_fast_path_should_read_real_postings_as_the_general_path_does)
{
    UNIT_NEED_SHARED();
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/corpora/postings", unit_shared());
    DIR *dh = opendir(dir);
    if (!dh) { unit_skip("no corpora/postings"); return; }
    jm_engine *e = unit_engine_no_model();
    size_t lines = 0, files = 0;
    for (struct dirent *de; e && (de = readdir(dh));) {
        size_t nl = strlen(de->d_name);
        if (nl < 6 || strcmp(de->d_name + nl - 6, ".jsonl")) continue;
        char path[8192];
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        size_t len;
        char *buf = unit_read(path, &len);
        if (!buf) continue;
        files++;
        /* every line of the small files, every 7th of the big one: a few
         * thousand postings in all */
        size_t step = len > 8000000 ? 7 : 1, no = 0;
        for (size_t p = 0; p < len;) {
            const char *q = memchr(buf + p, '\n', len - p);
            size_t end = q ? (size_t)(q - buf) : len;
            if (no++ % step == 0 && end > p) {
                const char *why = compare_paths(e, buf + p, end - p);
                CHECK_MSG(!why, "%s:%zu: %s", de->d_name, no, why);
                lines++;
            }
            p = end + 1;
        }
        free(buf);
    }
    closedir(dh);
    jm_engine_free(e);
    CHECK_MSG(files && lines > 1000, "only %zu postings in %zu files", lines, files);
}

static const struct {
    const char *json;
} odd_objects[] = {
    /* escapes of every kind, in the title and the text */
    { "{\"title\": \"A\\tB \\\"C\\\" \\\\ \\/ \\b\\f\\r\\n\", \"description\": "
      "\"x\\r\\ny\\bz\\f \\u00e9\\u20AC \\ud83d\\ude00 end\\n\"}" },
    /* an escaped quote right before the closing one */
    { "{\"title\": \"say \\\"hi\\\"\", \"description\": \"\\\"\"}" },
    /* \u0000 (cJSON's value stops there) and a lone surrogate (cJSON
     * fails): the general path */
    { "{\"title\": \"a\\u0000b\", \"description\": \"text\"}" },
    { "{\"title\": \"\\u0000\", \"description\": \"text\"}" },
    { "{\"title\": \"a\\udc00b\", \"description\": \"text\"}" },
    { "{\"title\": \"a\\ud800b\", \"description\": \"text\"}" },
    /* bad escapes and bad hex: invalid JSON */
    { "{\"title\": \"a\\qb\", \"description\": \"text\"}" },
    { "{\"title\": \"a\\u12G4\", \"description\": \"text\"}" },
    /* numbers and literals as fields: the id is the number as %.17g */
    { "{\"id\": 12345678901234567890, \"title\": 7, \"company\": true, "
      "\"description\": \"d\", \"x\": null}" },
    { "{\"id\": -0.5e-3, \"title\": \"t\", \"company\": false}" },
    { "{\"id\": 1E400, \"title\": \"t\"}" },
    /* numbers JSON does not allow (cJSON reads some of them anyway) */
    { "{\"id\": 01, \"title\": \"t\"}" },
    { "{\"id\": 1., \"title\": \"t\"}" },
    { "{\"id\": .5, \"title\": \"t\"}" },
    { "{\"id\": +1, \"title\": \"t\"}" },
    { "{\"id\": 1.2.3, \"title\": \"t\"}" },
    { "{\"id\": 0000000000000000000000000000000000000000000000000000000000000000001, "
      "\"title\": \"t\"}" },
    { "{\"id\": 1234567890123456789012345678901234567890123456789012345678901234, "
      "\"title\": \"t\"}" },
    /* literals cut short or run on */
    { "{\"title\": \"t\", \"x\": nul}" },
    { "{\"title\": \"t\", \"x\": nullx}" },
    { "{\"title\": \"t\", \"x\": tru" },
    /* duplicate keys: the first counts; both "skills" are sections */
    { "{\"title\": \"One\", \"title\": \"Two\", \"description\": \"a\", "
      "\"description\": \"b\", \"skills\": \"Go\", \"skills\": \"C\"}" },
    { "{\"title\": 5, \"title\": \"Two\", \"company\": \"\", \"company\": \"C\"}" },
    /* empty strings: absent fields, no title section */
    { "{\"id\": \"\", \"title\": \"\", \"description\": \"Text\"}" },
    { "{\"title\": \"\", \"description\": \"\"}" },
    /* fields that are sections of their own, as strings and as arrays */
    { "{\"title\": \"t\", \"responsibilities\": \"Build things\", \"qualifications\": "
      "\"SQL\", \"benefits\": \"\", \"nice_to_have\": \"Go\"}" },
    { "{\"title\": \"t\", \"responsibilities\": [\"Build\", \"Test\"], \"skills\": []}" },
    /* nested values anywhere: the general path */
    { "{\"title\": \"t\", \"meta\": {\"a\": [1, 2, {\"b\": \"c\"}]}, \"description\": \"d\"}" },
    /* white space of JSON, and other control bytes cJSON skips */
    { " \r\n\t{ \"title\" :\t\"t\" ,\n\"description\"\r:\"d\" } \n\r\t " },
    { "{\"title\":\"t\",\"description\":\"d\"}\v" },
    { "{\"title\":\v\"t\",\"description\":\"d\"}" },
    /* a byte-order mark */
    { "\xEF\xBB\xBF{\"title\": \"t\", \"description\": \"d\"}" },
    /* keys with escapes, an empty key, a key in capitals */
    { "{\"titl\\u0065\": \"Escaped key\", \"description\": \"d\"}" },
    { "{\"\": \"empty\", \"title\": \"t\"}" },
    { "{\"Title\": \"t\", \"description\": \"d\"}" },
    /* raw control bytes and a raw line break inside a string */
    { "{\"title\": \"a\tb\", \"description\": \"line one\nRequirements:\nSQL\"}" },
    /* errors: trailing values, trailing commas, unclosed, not an object */
    { "{\"title\": \"t\"} {\"title\": \"u\"}" },
    { "{\"title\": \"t\",}" },
    { "{\"title\": \"t\"" },
    { "{\"title\": \"t" },
    { "{\"title\" \"t\"}" },
    { "{\"title\": \"t\\" },
    { "{}" },
    { "{\"company\": \"ACME\"}" },
    { "{\"work\": \"x\"}" },
    /* a posting of headings and a legal paragraph, with mojibake */
    { "{\"id\": \"p1\", \"title\": \"Data Engineer\", \"description\": \"About us:\\nWe "
      "build.\\n\\nRequirements:\\n- SQL\\n- caf\\u00c3\\u00a9 Python\\n\\nWe are an equal "
      "opportunity employer.\", \"location\": \"Remote\"}" },
};

TEST(json_fast_path_should_agree_with_the_general_path_on_odd_objects)
{
    jm_engine *e = unit_engine_no_model();
    for (size_t i = 0; e && i < JM_ARRAY_LEN(odd_objects); i++) {
        const char *why = compare_paths(e, odd_objects[i].json, strlen(odd_objects[i].json));
        CHECK_MSG(!why, "row %zu (%s): %s", i, odd_objects[i].json, why);
    }
    jm_engine_free(e);
}

/* The binary check counts control bytes (not line breaks, tabs or form
 * feeds) in the first 4096 bytes, a word at a time: more than one in ten
 * is binary. */
static const struct {
    size_t len;         /* bytes of text */
    size_t controls;    /* control bytes spread over it */
    unsigned char c;    /* which one */
    int binary;         /* expected: rejected as binary */
} control_rows[] = {
    /* exactly one in ten is still text; one more is binary */
    { 100, 10, 0x01, 0 }, { 100, 11, 0x01, 1 },
    /* the last byte of a 16- or 8-byte step, and the tail, count too */
    { 37, 4, 0x1F, 1 }, { 40, 4, 0x1B, 0 }, { 40, 5, 0x1B, 1 },
    /* line breaks, tabs, form feeds and bytes >= 0x80 are no controls (a
     * signed compare would take 0x85 for one) */
    { 100, 50, '\n', 0 }, { 100, 50, '\t', 0 }, { 100, 50, '\f', 0 }, { 100, 50, 0x85, 0 },
    /* only the first 4096 bytes are looked at */
    { 8192, 2000, 0x02, 1 }, { 8192, 800, 0x02, 0 },
};

TEST(control_bytes_should_make_a_file_binary_past_one_in_ten)
{
    jm_engine *e = unit_engine_no_model();
    char *buf = e ? malloc(8192) : NULL;
    for (size_t r = 0; buf && r < JM_ARRAY_LEN(control_rows); r++) {
        size_t n = control_rows[r].len, k = control_rows[r].controls;
        memset(buf, 'a', n);
        /* spread over the text (the last one on the last byte), or for
         * the 800 of the 8192 row, all after the first 4096 */
        for (size_t i = 0; i < k; i++) {
            size_t at = n == 8192 && k == 800 ? 4096 + i * 4 : n - 1 - i * (n / k);
            buf[at] = (char)control_rows[r].c;
        }
        jm_doc *d = NULL;
        int rc = jm_doc_read(e, JM_DOC_CV, buf, n, "in.txt", &d);
        int binary = rc == JM_EINPUT && strstr(jm_errmsg(e), "a binary file");
        CHECK_MSG(binary == control_rows[r].binary, "row %zu: rc %d \"%s\"", r, rc, jm_errmsg(e));
        jm_doc_free(d);
    }
    free(buf);
    jm_engine_free(e);
}

/* jm_doc_read_as: the caller's format wins over sniffing. Each row guards
 * against a sniffing mistake a caller could not otherwise get around. */
TEST(doc_read_as_should_read_the_format_it_is_told)
{
    static const struct {
        const char *text;      /* the input */
        jm_format format;      /* as read */
        int rc;                /* expected status */
        const char *kind;      /* the first section's kind, when read */
    } rows[] = {
        /* a CV whose first line is in braces: JSON by sniffing, text when told */
        { "{Jane Doe}\n\nSKILLS\nPython, SQL\n", JM_FORMAT_AUTO, JM_EINPUT, NULL },
        { "{Jane Doe}\n\nSKILLS\nPython, SQL\n", JM_FORMAT_TEXT, JM_OK, "contact" },
        /* told JSON, but text: a clear error, not a text read */
        { "Jane Doe\n\nSKILLS\nPython\n", JM_FORMAT_JSON, JM_EINPUT, NULL },
        /* a JSON Resume reads the same told or sniffed */
        { "  {\"basics\": {\"name\": \"Jane\"}, \"skills\": [{\"name\": \"Python\"}]}",
          JM_FORMAT_JSON, JM_OK, NULL },
        { "  {\"basics\": {\"name\": \"Jane\"}, \"skills\": [{\"name\": \"Python\"}]}",
          JM_FORMAT_AUTO, JM_OK, NULL },
    };
    jm_engine *e = unit_engine_no_model();
    if (!e) return;
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
        jm_doc *d = NULL;
        int rc = jm_doc_read_as(e, JM_DOC_CV, rows[i].format, rows[i].text,
                                strlen(rows[i].text), "cv", &d);
        CHECK_MSG(rc == rows[i].rc, "row %zu: status %d (%s), expected %d", i, rc,
                  jm_errmsg(e), rows[i].rc);
        CHECK_MSG(!rc == !!d, "row %zu: a document exactly when it succeeds", i);
        if (d && rows[i].kind) {
            size_t n;
            const jm_section *s = jm_doc_sections(d, &n);
            CHECK_MSG(n > 1 && !strcmp(jm_section_kind_name(s[0].kind), rows[i].kind) &&
                      !strcmp(jm_section_kind_name(s[1].kind), "skills"),
                      "row %zu: sections", i);
        }
        if (rc) CHECK_MSG(!strncmp(jm_errmsg(e), "cv", 2), "row %zu: message names the input: %s",
                          i, jm_errmsg(e));
        jm_doc_free(d);
    }
    jm_doc *d = NULL;
    CHECK_INT(jm_doc_read_as(e, JM_DOC_CV, (jm_format)7, "x", 1, "cv", &d), JM_EINVAL);
    CHECK(d == NULL);
    jm_engine_free(e);
}

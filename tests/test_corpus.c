/* Tests of the corpus iterator: JSON Lines records with file and line,
 * malformed records and their reasons, over-long lines in bounded memory,
 * folders in name order, field unescaping. */
#include "unit.h"
#include "read/corpus.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

/* Makes a fresh temporary folder; returns its path (static buffer). */
static const char *tmpdir(void)
{
    static char path[64];
    return unit_mkdtemp(path, sizeof path, "corpus") ? NULL : path;
}

static void write_file(const char *dir, const char *name, const char *text)
{
    unit_put(dir, name, text);
}

static void rm_rf(const char *dir) { unit_rmtree(dir); }

TEST(json_check_should_accept_postings_and_name_what_is_wrong)
{
    static const struct { const char *json; const char *reason; } rows[] = {
        /* the plain case */
        { "{\"title\":\"Engineer\",\"description\":\"Build things\"}", NULL },
        /* a title alone is enough (postings with empty descriptions exist) */
        { "{\"title\":\"Engineer\",\"description\":\"\"}", NULL },
        /* nested values, numbers, literals must not confuse the scanner */
        { "{\"a\":[1,-2.5e3,true,false,null,{\"b\":\"}\"}],\"description\":\"x\"}", NULL },
        /* escaped quotes inside strings do not end them */
        { "{\"description\":\"say \\\"hi\\\" \\\\ \\u00e9\"}", NULL },
        /* a blank description and no title is not a posting */
        { "{\"title\":\"  \",\"description\":\" \"}", "no description or title" },
        /* a description that is not a string does not count */
        { "{\"description\":42}", "no description or title" },
        /* an array is valid JSON but not a record */
        { "[{\"description\":\"x\"}]", "not a JSON object" },
        { "\"just a string\"", "not a JSON object" },
        /* truncated lines (a crash mid-write) */
        { "{\"description\":\"unterminated", "invalid JSON: unterminated string at column 16" },
        { "{\"description\":\"x\"", "invalid JSON: unexpected end at column 19" },
        /* two objects on one line */
        { "{\"description\":\"x\"} {}", "invalid JSON: trailing characters after the value at column 21" },
        /* bad escapes and bad numbers */
        { "{\"description\":\"\\q\"}", "invalid JSON: bad escape at column 17" },
        { "{\"description\":\"x\",\"n\":01}", "invalid JSON: expected ',' or '}' at column 25" },
        { "{\"description\":\"x\",}", "invalid JSON: expected a key at column 20" },
    };
    char scratch[160];
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        const char *r = jm_corpus_check_json(rows[i].json, strlen(rows[i].json),
                                             scratch, sizeof scratch);
        if (rows[i].reason) CHECK_STR(r, rows[i].reason);
        else CHECK_MSG(r == NULL, "row %zu: %s", i, r);
    }
}

TEST(json_check_should_refuse_deep_nesting_without_crashing)
{
    /* a hostile line of 100000 '[' must not overflow the stack */
    size_t n = 100000;
    char *s = malloc(n + 1);
    memset(s, '[', n);
    s[n] = '\0';
    char scratch[160];
    const char *r = jm_corpus_check_json(s, n, scratch, sizeof scratch);
    CHECK(r && strstr(r, "nested too deeply"));
    free(s);
}

TEST(corpus_should_report_each_jsonl_record_with_its_file_and_line)
{
    const char *dir = tmpdir();
    CHECK(dir != NULL);
    if (!dir) return;
    write_file(dir, "p.jsonl",
               "\xEF\xBB\xBF{\"id\":\"a\",\"title\":\"One\"}\r\n"  /* BOM, CRLF */
               "\n"                                                /* blank: no record */
               "{\"id\":\"b\",\"description\":\"Two\"\n"           /* truncated */
               "[1,2]\n"
               "{\"id\":\"c\"}\n"
               "   \t \n"
               "{\"id\":7,\"title\":\"Last\",\"description\":\"no newline\"}");
    char path[512];
    snprintf(path, sizeof path, "%s/p.jsonl", dir);
    const char *paths[] = { path };
    jm_corpus *c;
    CHECK(jm_corpus_open(paths, 1, &c) == JM_OK);
    static const struct { size_t line; const char *reason; const char *id; } want[] = {
        { 1, NULL, "a" },
        { 3, "invalid JSON: unexpected end at column 30", NULL },
        { 4, "not a JSON object", NULL },
        { 5, "no description or title", NULL },
        { 7, NULL, "7" },
    };
    jm_record rec;
    size_t i = 0;
    int rc;
    while ((rc = jm_corpus_next(c, &rec)) == JM_OK) {
        CHECK(i < 5);
        if (i >= 5) break;
        CHECK_STR(rec.file, path);
        CHECK_INT(rec.line, want[i].line);
        if (want[i].reason) CHECK_STR(rec.reason, want[i].reason);
        else CHECK_MSG(rec.reason == NULL, "line %zu: %s", rec.line, rec.reason);
        if (want[i].id) CHECK_STR(jm_corpus_field(c, JM_FIELD_ID, NULL), want[i].id);
        CHECK(rec.data[rec.len] == '\0');
        i++;
    }
    CHECK_INT(rc, JM_CORPUS_END);
    CHECK_INT(i, 5);
    jm_corpus_close(c);
    rm_rf(dir);
}

TEST(corpus_should_skip_overlong_lines_without_holding_them)
{
    const char *dir = tmpdir();
    if (!dir) { CHECK(dir != NULL); return; }
    /* a 3 MB line with a 1 KB limit: reported, skipped, the next line read */
    char path[512];
    snprintf(path, sizeof path, "%s/big.jsonl", dir);
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    if (!f) return;
    fputs("{\"title\":\"first\"}\n{\"description\":\"", f);
    for (int i = 0; i < 3 << 20; i++) fputc('x', f);
    fputs("\"}\n{\"title\":\"after\"}\n{\"description\":\"", f);
    for (int i = 0; i < 5000; i++) fputc('y', f);   /* last line, too long, no newline */
    fclose(f);
    const char *paths[] = { path };
    jm_corpus *c;
    CHECK(jm_corpus_open(paths, 1, &c) == JM_OK);
    jm_corpus_set_max_line(c, 1024);
    jm_record rec;
    CHECK(jm_corpus_next(c, &rec) == JM_OK && rec.line == 1 && !rec.reason);
    CHECK(jm_corpus_next(c, &rec) == JM_OK && rec.line == 2 && rec.reason &&
          strstr(rec.reason, "longer than 1024 bytes"));
    CHECK(jm_corpus_next(c, &rec) == JM_OK && rec.line == 3 && !rec.reason);
    CHECK_STR(jm_corpus_field(c, JM_FIELD_TITLE, NULL), "after");
    CHECK(jm_corpus_next(c, &rec) == JM_OK && rec.line == 4 && rec.reason &&
          strstr(rec.reason, "longer than"));
    CHECK_INT(jm_corpus_next(c, &rec), JM_CORPUS_END);
    jm_corpus_close(c);
    rm_rf(dir);
}

TEST(corpus_should_walk_folders_in_name_order_and_skip_other_files)
{
    const char *dir = tmpdir();
    if (!dir) { CHECK(dir != NULL); return; }
    char sub[512];
    snprintf(sub, sizeof sub, "%s/b", dir);
    mkdir(sub, 0700);
    write_file(dir, "c.md", "# Engineer\nBuild things.\n");
    write_file(dir, "a.txt", "Analyst\n");
    write_file(dir, "b/z.jsonl", "{\"title\":\"z1\"}\n{\"title\":\"z2\"}\n");
    write_file(dir, "b/a.json", "{\n  \"title\": \"pretty printed\"\n}\n");
    write_file(dir, ".hidden.txt", "not read\n");
    write_file(dir, "photo.pdf", "%PDF not read\n");
    write_file(dir, "empty.txt", " \n");
    const char *paths[] = { dir };
    jm_corpus *c;
    CHECK(jm_corpus_open(paths, 1, &c) == JM_OK);
    /* a.txt, b/a.json, b/z.jsonl (2), c.md, empty.txt (malformed) */
    static const struct { const char *name; size_t line; int bad; } want[] = {
        { "a.txt", 0, 0 }, { "b/a.json", 0, 0 }, { "b/z.jsonl", 1, 0 },
        { "b/z.jsonl", 2, 0 }, { "c.md", 0, 0 }, { "empty.txt", 0, 1 },
    };
    jm_record rec;
    size_t i = 0;
    while (jm_corpus_next(c, &rec) == JM_OK && i < 6) {
        char full[600];
        snprintf(full, sizeof full, "%s/%s", dir, want[i].name);
        CHECK_STR(rec.file, full);
        CHECK_INT(rec.line, want[i].line);
        CHECK_INT(rec.reason != NULL, want[i].bad);
        i++;
    }
    CHECK_INT(i, 6);
    jm_corpus_close(c);
    rm_rf(dir);
}

TEST(corpus_should_report_a_missing_file_and_go_on)
{
    const char *dir = tmpdir();
    if (!dir) { CHECK(dir != NULL); return; }
    write_file(dir, "ok.txt", "Nurse\n");
    char ok[512];
    snprintf(ok, sizeof ok, "%s/ok.txt", dir);
    const char *paths[] = { "/nonexistent/x.jsonl", ok };
    jm_corpus *c;
    jm_record rec;
    CHECK(jm_corpus_open(paths, 2, &c) == JM_OK);
    CHECK_INT(jm_corpus_next(c, &rec), JM_EIO);
    CHECK(strstr(jm_corpus_errmsg(c), "/nonexistent/x.jsonl") != NULL);
    CHECK_INT(jm_corpus_next(c, &rec), JM_OK);
    CHECK_STR(rec.data, "Nurse\n");
    CHECK_INT(jm_corpus_next(c, &rec), JM_CORPUS_END);
    jm_corpus_close(c);
    rm_rf(dir);
}

TEST(corpus_fields_should_be_unescaped)
{
    const char *dir = tmpdir();
    if (!dir) { CHECK(dir != NULL); return; }
    write_file(dir, "u.jsonl",
               "{\"title\":\"Caf\\u00e9 \\ud83d\\ude00 \\ud800 a\\/b\\n\",\"company\":\"Plain\"}\n");
    char path[512];
    snprintf(path, sizeof path, "%s/u.jsonl", dir);
    const char *paths[] = { path };
    jm_corpus *c;
    jm_record rec;
    size_t len;
    CHECK(jm_corpus_open(paths, 1, &c) == JM_OK);
    CHECK(jm_corpus_next(c, &rec) == JM_OK && !rec.reason);
    /* a surrogate pair is one code point; a lone surrogate becomes U+FFFD */
    CHECK_STR(jm_corpus_field(c, JM_FIELD_TITLE, &len),
              "Caf\xC3\xA9 \xF0\x9F\x98\x80 \xEF\xBF\xBD a/b\n");
    CHECK_STR(jm_corpus_field(c, JM_FIELD_COMPANY, NULL), "Plain");
    CHECK(jm_corpus_field(c, JM_FIELD_DESCRIPTION, NULL) == NULL);
    jm_corpus_close(c);
    rm_rf(dir);
}

TEST(corpus_should_stream_the_shared_postings_with_no_malformed_records)
{
    UNIT_NEED_SHARED();
    char path[512];
    snprintf(path, sizeof path, "%s/corpora/postings", unit_shared());
    const char *paths[] = { path };
    jm_corpus *c;
    jm_record rec;
    size_t good = 0, bad = 0;
    int rc;
    CHECK(jm_corpus_open(paths, 1, &c) == JM_OK);
    while ((rc = jm_corpus_next(c, &rec)) == JM_OK) {
        if (rec.reason) bad++; else good++;
    }
    CHECK_INT(rc, JM_CORPUS_END);
    /* shared/README.md: 19,736 postings */
    CHECK_INT(good, 19736);
    CHECK_INT(bad, 0);
    jm_corpus_close(c);
}

TEST(json_check_should_survive_mangled_lines)
{
    /* Real lines with random bytes changed or cut: the scanner must give a
     * verdict without reading past the end (run under SANITIZE=1). */
    static const char good[] =
        "{\"id\":\"x-1\",\"title\":\"Data \\\"Engineer\\\"\",\"company\":\"ACME\","
        "\"n\":-12.5e+3,\"tags\":[true,false,null,{\"k\":[]}],"
        "\"description\":\"Build \\u00e9 pipelines\\n\\ud83d\\ude00\"}";
    static const char junk[] = "{}[]\":,\\u0123456789.-+eE \ttrfn\x01\xff";
    char line[sizeof good], scratch[160];
    unsigned seed = 42;
    for (int round = 0; round < 20000; round++) {
        size_t n = sizeof good - 1;
        memcpy(line, good, n);
        for (int k = 0; k < 1 + round % 4 && n > 0; k++) {
            seed = seed * 1103515245u + 12345u;
            size_t at = (seed >> 8) % n;
            seed = seed * 1103515245u + 12345u;
            if (round % 5 == 0) n = at;
            else line[at] = junk[(seed >> 8) % (sizeof junk - 1)];
        }
        /* no NUL after the line: the length alone must bound the scan */
        char *copy = malloc(n ? n : 1);
        memcpy(copy, line, n);
        const char *r = jm_corpus_check_json(copy, n, scratch, sizeof scratch);
        CHECK(r == NULL || strlen(r) > 0);
        free(copy);
    }
}

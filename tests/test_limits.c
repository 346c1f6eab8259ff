/* Tests of the documented limits (jobmatch(1), LIMITS) at their
 * boundaries, at a small scale where the limit can be set (the corpus's
 * longest record) and at the real one where it is cheap (JSON depth,
 * longest token). The full 64 MiB case runs in tests/cli/bad-inputs.sh. */
#include "unit.h"
#include "read/corpus.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static char dir[64];

static int mk(void) { return unit_mkdtemp(dir, sizeof dir, "limits"); }
static void rm(void) { unit_rmtree(dir); }
static const char *at(const char *name) { return unit_path(dir, name); }

/* Writes a JSON line of exactly n bytes (its newline not counted), or a
 * text file of exactly n bytes when line is 0. */
static void put_sized(const char *name, size_t n, int line)
{
    FILE *f = fopen(at(name), "wb");
    if (!f) { unit_fail(__FILE__, __LINE__, "cannot write %s", name); return; }
    static const char head[] = "{\"title\":\"T\",\"description\":\"";
    size_t used = line ? strlen(head) + 2 : 0;
    if (line) fputs(head, f);
    for (size_t i = used; i < n; i++) fputc(i % 5 == 4 ? ' ' : 'a', f);
    if (line) fputs("\"}\n", f);
    fclose(f);
}

/* The one record of file name with the corpus limit set to max. */
static void one_record(const char *name, size_t max, jm_record *rec, int *rc)
{
    const char *paths[] = { at(name) };
    jm_corpus *c = NULL;
    *rc = jm_corpus_open(paths, 1, &c);
    if (*rc) return;
    jm_corpus_set_max_line(c, max);
    *rc = jm_corpus_next(c, rec);
    /* keep what the test looks at: the reason's text and the length */
    static char reason[200];
    if (rec->reason) {
        snprintf(reason, sizeof reason, "%s", rec->reason);
        rec->reason = reason;
    }
    rec->data = NULL;
    jm_corpus_close(c);
}

TEST(corpus_should_take_a_record_of_exactly_the_limit_and_skip_one_byte_more)
{
    /* rows: a JSON line and a whole text file, at the limit and one over;
     * guards against an off-by-one that would drop a record of exactly the
     * documented size, or take one byte more than it */
    static const struct { const char *name; size_t n; int line; const char *reason; } rows[] = {
        { "at.jsonl", 4096, 1, NULL },
        { "over.jsonl", 4097, 1, "line longer than 4096 bytes (skipped)" },
        { "at.txt", 4096, 0, NULL },
        { "over.txt", 4097, 0, "file longer than 4096 bytes (skipped)" },
    };
    if (mk()) return;
    for (size_t i = 0; i < JM_ARRAY_LEN(rows); i++) {
        jm_record rec;
        int rc;
        put_sized(rows[i].name, rows[i].n, rows[i].line);
        one_record(rows[i].name, 4096, &rec, &rc);
        CHECK_MSG(rc == JM_OK, "%s: rc %d", rows[i].name, rc);
        if (rc) continue;
        if (rows[i].reason)
            CHECK_MSG(rec.reason && !strcmp(rec.reason, rows[i].reason), "%s: reason %s",
                      rows[i].name, rec.reason ? rec.reason : "(none)");
        else
            CHECK_MSG(!rec.reason && rec.len == rows[i].n, "%s: reason %s, len %zu",
                      rows[i].name, rec.reason ? rec.reason : "(none)", rec.len);
    }
    rm();
}

TEST(corpus_should_report_a_file_without_records_as_empty)
{
    /* an empty JSON Lines file used to be passed over without a word */
    static const struct { const char *name, *text; } rows[] = {
        { "empty.jsonl", "" }, { "blank.jsonl", "\n  \n\r\n" }, { "empty.md", "" },
    };
    if (mk()) return;
    for (size_t i = 0; i < JM_ARRAY_LEN(rows); i++) {
        FILE *f = fopen(at(rows[i].name), "wb");
        if (!f) { unit_fail(__FILE__, __LINE__, "cannot write"); break; }
        fputs(rows[i].text, f);
        fclose(f);
        const char *paths[] = { at(rows[i].name) };
        jm_corpus *c = NULL;
        jm_record rec;
        CHECK(jm_corpus_open(paths, 1, &c) == JM_OK);
        if (!c) continue;
        CHECK_MSG(jm_corpus_next(c, &rec) == JM_OK && rec.reason &&
                  !strcmp(rec.reason, "empty file") && rec.line == 0, "%s", rows[i].name);
        CHECK_INT(jm_corpus_next(c, &rec), JM_CORPUS_END);
        jm_corpus_close(c);
    }
    rm();
}

/* A JSON value nested `depth` levels deep under key x of a posting. */
static char *nested(size_t depth)
{
    static const char head[] = "{\"title\":\"T\",\"description\":\"D\",\"x\":";
    size_t hl = strlen(head);
    char *s = malloc(hl + 2 * depth + 2);
    if (!s) return NULL;
    memcpy(s, head, hl);
    for (size_t i = 0; i < depth - 1; i++) s[hl + i] = '[';
    for (size_t i = 0; i < depth - 1; i++) s[hl + depth - 1 + i] = ']';
    s[hl + 2 * depth - 2] = '}';
    s[hl + 2 * depth - 1] = '\0';
    return s;
}

TEST(json_lines_should_take_256_levels_and_refuse_257)
{
    /* the outer object is level 1; the check counted from 0 and let 257
     * through while its message said 256 */
    char scratch[160];
    for (size_t depth = 255; depth <= 257; depth++) {
        char *s = nested(depth);
        if (!s) return;
        const char *why = jm_corpus_check_json(s, strlen(s), scratch, sizeof scratch);
        if (depth <= 256) CHECK_MSG(why == NULL, "depth %zu: %s", depth, why);
        else CHECK_MSG(why && strstr(why, "nested too deeply (over 256 levels)"),
                       "depth %zu: %s", depth, why ? why : "accepted");
        free(s);
    }
}

TEST(documents_should_take_json_1000_levels_deep_and_refuse_1001)
{
    jm_engine *e = unit_engine_no_model();
    if (!e) return;
    for (size_t depth = 999; depth <= 1001; depth++) {
        char *s = nested(depth);
        jm_doc *d = NULL;
        if (!s) break;
        int rc = jm_doc_read(e, JM_DOC_POSTING, s, strlen(s), "deep.json", &d);
        if (depth <= 1000) CHECK_MSG(rc == JM_OK, "depth %zu: %s", depth, jm_errmsg(e));
        else CHECK_MSG(rc == JM_EINPUT && strstr(jm_errmsg(e), "deeper than 1000 levels"),
                       "depth %zu: rc %d %s", depth, rc, jm_errmsg(e));
        jm_doc_free(d);
        free(s);
    }
    jm_engine_free(e);
}

static int count_term(void *ud, const jm_token *t)
{
    size_t *n = ud;
    if (t->term_len >= 90) (*n)++;   /* the long test words only */
    return 0;
}

TEST(tokens_of_96_bytes_should_be_terms_and_longer_ones_skipped)
{
    /* rows: ASCII and two-byte letters (the limit is in bytes of the
     * case-folded text: 48 x "É" folds to 96 bytes of "é") */
    static const struct { const char *unit; size_t reps; size_t terms; } rows[] = {
        { "q", 96, 1 }, { "q", 97, 0 }, { "\xC3\x89", 48, 1 }, { "\xC3\x89", 49, 0 },
    };
    jm_engine *e = unit_engine_no_model();
    if (!e) return;
    for (size_t i = 0; i < JM_ARRAY_LEN(rows); i++) {
        char text[512] = "java ";
        for (size_t k = 0; k < rows[i].reps; k++) strcat(text, rows[i].unit);
        strcat(text, " end");
        size_t n = 0;
        CHECK(jm_analyze(e, text, strlen(text), count_term, &n) == JM_OK);
        CHECK_MSG(n == rows[i].terms, "%zu x %s: %zu long terms, expected %zu",
                  rows[i].reps, rows[i].unit, n, rows[i].terms);
    }
    jm_engine_free(e);
}

/* Fuzz target: the posting readers.
 *  1. The input as one posting (jm_doc_read with JM_DOC_POSTING: a JSON
 *     posting object or text), read twice, by the JSON reader's fast path
 *     for flat objects and by the general path (JM_READ_GENERAL); both
 *     must give the same status, message, fields, sections, texts and
 *     offsets (as tests/test_reader.c checks on real postings). Then the
 *     checks of fuzz.h, jm_keywords and jm_score against a fixed CV.
 *  2. The input as a file read by the corpus iterator (what `rank` and
 *     `model build` stream): as JSON Lines (*.jsonl), as one JSON record
 *     (*.json) and sniffed (no extension), with a small line limit so that
 *     over-long lines are exercised; every field of every good record is
 *     unescaped and every good record read as a posting.
 *  3. The same files ranked for a fixed CV (jm_rank_postings, one worker
 *     thread, with dedup): the lean scoring path, the top-k heap and the
 *     reports of malformed records; the results must be in order, in
 *     range and no more than asked for. */
#include "fuzz.h"
#include "read/corpus.h"

static int same_str(const char *s, const char *t)
{
    return s == t || (s && t && !strcmp(s, t));
}

/* Reads buf by both paths and aborts when they differ; returns the fast
 * path's document (NULL when reading failed). */
static jm_doc *read_both(jm_engine *e, const char *buf, size_t len)
{
    static const char *const keys[] = { "id", "title", "company", "location",
                                        "description", "category", "x", NULL };
    jm_doc *f = NULL, *g = NULL;
    char ferr[1024];
    int frc = jm_doc_read_with(e, JM_DOC_POSTING, buf, len, "in", 0, &f);
    snprintf(ferr, sizeof ferr, "%s", jm_errmsg(e));
    int grc = jm_doc_read_with(e, JM_DOC_POSTING, buf, len, "in", JM_READ_GENERAL, &g);
    if (frc != grc || (frc && strcmp(ferr, jm_errmsg(e)))) {
        fprintf(stderr, "fast path: %d \"%s\"\ngeneral path: %d \"%s\"\n", frc, ferr,
                grc, jm_errmsg(e));
        abort();
    }
    if (frc) {
        FUZZ_CHECK(!f && !g && frc != JM_ENOMEM && ferr[0]);
        return NULL;
    }
    FUZZ_CHECK(same_str(jm_doc_id(f), jm_doc_id(g)));
    FUZZ_CHECK(same_str(jm_doc_title(f), jm_doc_title(g)));
    FUZZ_CHECK(same_str(jm_doc_company(f), jm_doc_company(g)));
    for (const char *const *k = keys; *k; k++)
        FUZZ_CHECK(same_str(jm_doc_field(f, *k), jm_doc_field(g, *k)));
    size_t nf, ng;
    const jm_section *sf = jm_doc_sections(f, &nf), *sg = jm_doc_sections(g, &ng);
    FUZZ_CHECK(nf == ng);
    for (size_t i = 0; i < nf; i++) {
        size_t lf, lg;
        const char *tf = jm_doc_section_text(f, i, &lf);
        const char *tg = jm_doc_section_text(g, i, &lg);
        FUZZ_CHECK(sf[i].kind == sg[i].kind && sf[i].line == sg[i].line);
        FUZZ_CHECK(sf[i].start == sg[i].start && sf[i].end == sg[i].end);
        FUZZ_CHECK(sf[i].heading_len == sg[i].heading_len && !sf[i].heading == !sg[i].heading);
        FUZZ_CHECK(!sf[i].heading || sf[i].heading - f->raw == sg[i].heading - g->raw);
        FUZZ_CHECK(lf == lg && !memcmp(tf, tg, lf));
        for (size_t k = 0; k <= lf; k += lf / 32 + 1)
            FUZZ_CHECK(jm_doc_raw_offset(f, i, k) == jm_doc_raw_offset(g, i, k));
        FUZZ_CHECK(jm_doc_raw_offset(f, i, lf) == jm_doc_raw_offset(g, i, lf));
    }
    jm_doc_free(g);
    return f;
}

/* The input under three names (hard links to one file), made once. */
static char paths[3][64];

static int make_paths(void)
{
    const char *dir = fuzz_tmp_dir();
    snprintf(paths[0], sizeof paths[0], "%s/jm-fuzz-%ld.jsonl", dir, (long)getpid());
    snprintf(paths[1], sizeof paths[1], "%s/jm-fuzz-%ld.json", dir, (long)getpid());
    snprintf(paths[2], sizeof paths[2], "%s/jm-fuzz-%ld", dir, (long)getpid());
    for (int i = 0; i < 3; i++) unlink(paths[i]);
    int fd = open(paths[0], O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0) return -1;
    close(fd);
    if (link(paths[0], paths[1]) || link(paths[0], paths[2])) return -1;
    return 0;
}

static void remove_paths(void)
{
    for (int i = 0; i < 3; i++) unlink(paths[i]);
}

static void read_corpus(jm_engine *e, const uint8_t *data, size_t size)
{
    static int ready;
    if (!ready) {
        FUZZ_CHECK(make_paths() == 0);
        atexit(remove_paths);
        ready = 1;
    }
    fuzz_write_file(paths[0], data, size);   /* the three names see it */

    const char *const list[3] = { paths[0], paths[1], paths[2] };
    jm_corpus *c = NULL;
    FUZZ_CHECK(jm_corpus_open(list, 3, &c) == JM_OK);
    jm_corpus_set_max_line(c, 4096);
    jm_record rec;
    int rc;
    size_t n = 0;
    while ((rc = jm_corpus_next(c, &rec)) == JM_OK) {
        FUZZ_CHECK(rec.data && rec.data[rec.len] == '\0' && rec.file);
        FUZZ_CHECK(rec.len <= 4096);
        n++;
        if (rec.reason) {
            FUZZ_CHECK(!rec.json);
            continue;
        }
        if (rec.json)
            for (int f = 0; f < JM_FIELD_COUNT; f++) {
                size_t fl = 0;
                const char *v = jm_corpus_field(c, (jm_field)f, &fl);
                FUZZ_CHECK(!v || v[fl] == '\0');
            }
        jm_doc *d = NULL;
        if (jm_doc_read(e, JM_DOC_POSTING, rec.data, rec.len, rec.file, &d) == JM_OK) {
            fuzz_check_doc(d, rec.len);
            jm_doc_free(d);
        }
    }
    FUZZ_CHECK(rc == JM_CORPUS_END);
    FUZZ_CHECK(n <= size + 3);
    jm_corpus_close(c);
}

static int on_skip(void *ud, const char *file, size_t line, const char *reason)
{
    (void)line;
    FUZZ_CHECK(file && reason && reason[0]);
    ++*(size_t *)ud;
    return 0;
}

/* Ranks the files that read_corpus wrote (JSON Lines and sniffed). */
static void rank_corpus(jm_engine *e, const jm_doc *cv)
{
    const char *const list[2] = { paths[0], paths[2] };
    jm_rank_options opt = { .top = 3, .threads = 1, .dedup = 1 };
    jm_rank_result *r = NULL;
    jm_rank_stats st;
    size_t n = 0, skipped = 0;
    int rc = jm_rank_postings(e, cv, list, 2, &opt, on_skip, NULL, &skipped, &r, &n, &st);
    FUZZ_CHECK(rc == JM_OK);
    FUZZ_CHECK(n <= 3 && n <= st.ranked && st.skipped == skipped);
    for (size_t i = 0; i < n; i++) {
        FUZZ_CHECK(r[i].rank == i + 1 && r[i].id && r[i].file);
        FUZZ_CHECK(isfinite(r[i].score) && r[i].score >= 0 && r[i].score <= 1 + 1e-9);
        FUZZ_CHECK(i == 0 || r[i].score <= r[i - 1].score);
    }
    jm_rank_results_free(r, n);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    jm_engine *e = fuzz_engine(NULL);
    jm_doc *posting = read_both(e, (const char *)data, size);
    if (posting) {
        fuzz_check_doc(posting, size);
        jm_keyword *k = NULL;
        size_t nk = 0;
        FUZZ_CHECK(jm_keywords(e, posting, &k, &nk) == JM_OK);
        for (size_t i = 0; i < nk; i++)
            FUZZ_CHECK(k[i].term && isfinite(k[i].weight) && k[i].weight >= 0);
        jm_keywords_free(k, nk);
        jm_doc *cv = fuzz_fixed_doc(e, JM_DOC_CV);
        jm_match *m = NULL;
        FUZZ_CHECK(jm_score(e, cv, posting, &m) == JM_OK && m);
        fuzz_check_match(m);
        jm_match_free(m);
        jm_doc_free(cv);
        jm_doc_free(posting);
    }
    read_corpus(e, data, size);
    jm_doc *cv = fuzz_fixed_doc(e, JM_DOC_CV);
    rank_corpus(e, cv);
    jm_doc_free(cv);
    return 0;
}

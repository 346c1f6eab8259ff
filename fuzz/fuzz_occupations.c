/* Fuzz target: the occupation title table (jm_options.occupations_path,
 * `jobmatch --occupations FILE`: lines "code<TAB>title<TAB>other|other",
 * the format of data/occupations.tsv). The engine reads the file whole
 * (jm_engine_new) and builds the table from its bytes on first use
 * (src/score/occupation.c); there is no public in-memory entry, so the target
 * gives the input's bytes to the process's engine as its table's bytes
 * (what jm_engine_new does with the file it read) and drops the table built
 * from the previous input: the buffer is libFuzzer's own, exactly the
 * input's size, so that AddressSanitizer sees a read past its end (the file
 * path adds a NUL that would hide it). Per input:
 *  - the table is built (never NULL: only out of memory fails);
 *  - the occupation vectors of fixed texts and of the input itself (its
 *    first TEXT_MAX bytes, which name the table's own titles): keys in
 *    range, sorted, weights finite and positive, each key described by the
 *    table (an occupation or a group, never "?"), the norm finite, a
 *    vector's cosine with itself 1, cosines in [0, 1] and symmetric, the
 *    same text added again after jm_occvec_clear giving the same vector,
 *    a copy plus more text finishing like the original plus that text;
 *  - two fixed CVs scored against two fixed postings (jm_score): the checks
 *    of fuzz.h, every shared occupation named; one pair again by a worker
 *    engine (jm_engine_worker: a clone of the analyzer must agree on the
 *    table's term ids) and by jm_rank_postings' lean path, which must give
 *    the same score.
 * Once per process, the file path itself: the first input written to a
 * scratch file and loaded by jm_engine_new (its bytes kept as they are),
 * and a missing file and a folder as the table, which must fail with
 * JM_EIO and a message naming the path. */
#include "fuzz.h"
#include "fuzz_occ.h"
#include "base/embedded.h"

static char in_path[64], missing_path[64], posting_path[64], dir_path[64];

static void remove_paths(void)
{
    unlink(in_path);
    unlink(posting_path);
}

/* The error branch and the file path, once per process (see above). */
static void check_files(const uint8_t *data, size_t size)
{
    const char *dir = fuzz_tmp_dir();
    long pid = (long)getpid();
    snprintf(in_path, sizeof in_path, "%s/jm-fuzz-occ-%ld.tsv", dir, pid);
    snprintf(posting_path, sizeof posting_path, "%s/jm-fuzz-occ-%ld-posting.txt", dir, pid);
    snprintf(missing_path, sizeof missing_path, "%s/jm-fuzz-occ-%ld-missing.tsv", dir, pid);
    snprintf(dir_path, sizeof dir_path, "%s", dir);
    atexit(remove_paths);
    fuzz_write_file(posting_path, posting2, sizeof posting2 - 1);

    const char *const bad[2] = { missing_path, dir_path };
    for (int i = 0; i < 2; i++) {
        jm_options o = { .model_path = "none", .skills_path = "none",
                         .occupations_path = bad[i] };
        jm_engine *e = NULL;
        int rc = jm_engine_new(&o, &e);
        FUZZ_CHECK(rc == JM_EIO && e && strstr(jm_errmsg(e), bad[i]));
        jm_engine_free(e);
    }

    fuzz_write_file(in_path, (const char *)data, size);
    jm_options o = { .model_path = "none", .skills_path = "none",
                     .occupations_path = in_path };
    jm_engine *e = NULL;
    int rc = jm_engine_new(&o, &e);
    if (rc) {
        /* documented: JM_EIO, the path named (or JM_ENOMEM, never here) */
        FUZZ_CHECK(rc == JM_EIO && strstr(jm_errmsg(e), in_path));
    } else {
        FUZZ_CHECK(e->occ_len == size && !memcmp(e->occ_data, data, size));
        FUZZ_CHECK(jm_engine_occupations(e) != NULL);
    }
    jm_engine_free(e);
}

/* Ranks the posting file (posting2) for cv: its score must be jm_score's. */
static void rank(jm_engine *e, const jm_doc *cv, double want)
{
    const char *const list[1] = { posting_path };
    jm_rank_options opt = { .top = 3, .threads = 1 };
    jm_rank_result *r = NULL;
    jm_rank_stats st;
    size_t n = 0;
    FUZZ_CHECK(jm_rank_postings(e, cv, list, 1, &opt, NULL, NULL, NULL, &r, &n, &st) == JM_OK);
    FUZZ_CHECK(n == 1 && fabs(r[0].score - want) <= 1e-9);
    jm_rank_results_free(r, n);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int once;
    if (!once++) check_files(data, size);

    jm_engine *e = fuzz_engine(NULL);
    /* the input as the table's bytes, as jm_engine_new would have them */
    FUZZ_CHECK(!e->occ_none && !e->occ_owned);
    jm_occtab_free(e->occupations);
    e->occupations = NULL;
    e->occ_data = (const char *)data;
    e->occ_len = size;

    const jm_occtab *t = jm_engine_occupations(e);
    FUZZ_CHECK(t);
    check_vectors(e, t, (const char *)data, size);

    score_fixed(e, rank);

    /* the table points into data, which libFuzzer frees next */
    jm_occtab_free(e->occupations);
    e->occupations = NULL;
    e->occ_data = jm_embedded_occupations;
    e->occ_len = (size_t)(jm_embedded_occupations_end - jm_embedded_occupations);
    return 0;
}

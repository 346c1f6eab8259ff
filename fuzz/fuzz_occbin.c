/* Fuzz target: the compiled occupation title table loader (jm_occtab_load,
 * the format of data/occupations.bin: jm_occ_header, then arrays, see
 * src/score/occupation.h). The engine loads only its embedded table, so
 * there is no public entry that takes bytes: the target calls the loader
 * with the process's engine's analyzer. Each input is loaded twice, from
 * an exact-size copy (so that AddressSanitizer sees a read past its end):
 *  - as it is, with the header's own source_len as the titles' length:
 *    the header checks (magic, byte order, analyzer fingerprint, hash
 *    probe, counts against the length) are fuzzed as they are;
 *  - fixed up, as fuzz_model.c fixes a model's counts and checksum: the
 *    fingerprint set to the engine's analyzer's, the hash probe to the
 *    embedded table's, and strings_len (the last array) to the bytes left
 *    after the other arrays, the copy padded with zeros to 8 bytes as the
 *    writer pads; so that mutations that add, drop or change bytes reach
 *    the arrays instead of stopping at the header.
 * Either load must refuse with JM_EMODEL (and no table), or give a table
 * for which:
 *  - the same bytes said to come from titles of another length are
 *    refused (JM_EMODEL);
 *  - the occupation vectors of fixed texts and of the table's strings
 *    (its words, codes and titles; at most TEXT_MAX bytes) pass the checks
 *    of fuzz_occ.h: keys in range and described, weights finite, cosines
 *    in [0, 1], a vector made again equal;
 *  - every key the vectors may hold is described in bounded buffers;
 *  - fixed CVs scored against fixed postings with the table as the
 *    engine's (also by a worker engine) pass the checks of fuzz.h. */
#include "fuzz.h"
#include "fuzz_occ.h"
#include "base/embedded.h"

/* A copy of data[0..size) in an allocation of exactly cap bytes (cap >=
 * size; zeros after size), which malloc aligns to 8 as the loader needs. */
static char *copy_input(const uint8_t *data, size_t size, size_t cap)
{
    char *buf = malloc(cap ? cap : 1);
    FUZZ_CHECK(buf);
    if (size) memcpy(buf, data, size);
    memset(buf + size, 0, cap - size);
    return buf;
}

/* Describes every key of table t (n_keys of them, as a vector counts
 * them): the code and title must fit their buffers. */
static void describe_all(const jm_occtab *t, size_t n_keys)
{
    for (size_t k = 0; k < n_keys; k++) {
        char code[16], title[64];
        jm_occtab_describe(t, (uint32_t)k, code, sizeof code, title, sizeof title);
        FUZZ_CHECK(strlen(code) < sizeof code && strlen(title) < sizeof title);
    }
}

/* Loads buf[0..len) as a table made from titles of titles_len bytes and
 * checks what it gives (see above). */
static void load(jm_engine *e, const char *buf, size_t len, uint64_t titles_len)
{
    jm_occtab *t = (jm_occtab *)(uintptr_t)1;   /* must be set to NULL */
    int rc = jm_occtab_load(e->an, buf, len, (size_t)titles_len, &t);
    if (rc) {
        FUZZ_CHECK(rc == JM_EMODEL && t == NULL);
        if (getenv("FUZZ_DEBUG")) fprintf(stderr, "refused\n");
        return;
    }
    FUZZ_CHECK(t != NULL);
    if (getenv("FUZZ_DEBUG")) fprintf(stderr, "loaded\n");
    jm_occtab *other = (jm_occtab *)(uintptr_t)1;
    FUZZ_CHECK(jm_occtab_load(e->an, buf, len, (size_t)(titles_len + 1), &other) ==
                   JM_EMODEL && other == NULL);

    jm_occ_header h;
    size_t off[8];
    memcpy(&h, buf, sizeof h);
    jm_occ_layout(&h, off);
    FUZZ_CHECK(off[7] == len && off[6] + h.strings_len <= len);
    check_vectors(e, t, buf + off[6], h.strings_len);
    jm_occvec v = {0};
    add_text(e, t, "", 0, &v);
    describe_all(t, v.n_acc);
    jm_occvec_free(&v);

    /* the table as the engine's, for the scores; dropped before the
     * bytes it points into are freed */
    FUZZ_CHECK(e->occupations == NULL);
    e->occupations = t;
    score_fixed(e, NULL);
    e->occupations = NULL;
    jm_occtab_free(t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    jm_engine *e = fuzz_engine(NULL);
    /* the engine's own table is never made here: the slot stays free */
    FUZZ_CHECK(e->occupations == NULL);
    jm_occ_header h;

    /* as it is */
    char *buf = copy_input(data, size, size);
    uint64_t titles_len = 0;
    if (size >= sizeof h) {
        memcpy(&h, buf, sizeof h);
        titles_len = h.source_len;
    }
    load(e, buf, size, titles_len);
    free(buf);
    if (size < sizeof h) return 0;

    /* fixed up (see above) */
    const jm_occ_header *ours = (const jm_occ_header *)(const void *)jm_embedded_occtab;
    h.analyzer = jm_analyzer_fingerprint(e->an);
    h.hash_probe = ours->hash_probe;
    uint32_t strings_len = h.strings_len;
    h.strings_len = 0;
    size_t off[8];
    jm_occ_layout(&h, off);
    h.strings_len = strings_len;
    size_t padded = size;
    if (off[6] <= size && size - off[6] <= UINT32_MAX) {
        h.strings_len = (uint32_t)(size - off[6]);
        padded = (size + 7) & ~(size_t)7;
    }
    buf = copy_input(data, size, padded);
    memcpy(buf, &h, sizeof h);
    load(e, buf, padded, h.source_len);
    free(buf);
    return 0;
}

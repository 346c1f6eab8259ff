/* Fuzz target: the JSON Resume reader (jm_doc_read with JM_DOC_CV on JSON:
 * cJSON parsing with its depth limit, each field to its section kind,
 * offsets through escapes into the JSON text), then scoring against a
 * fixed posting. Seeded with JSON Resume files and helped by
 * fuzz/json.dict; the checks are those of fuzz.h. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    jm_engine *e = fuzz_engine(NULL);
    jm_doc *cv = NULL;
    int rc = jm_doc_read(e, JM_DOC_CV, (const char *)data, size, "fuzz.json", &cv);
    if (rc) {
        FUZZ_CHECK(!cv && rc != JM_ENOMEM && jm_errmsg(e)[0]);
        return 0;
    }
    fuzz_check_doc(cv, size);
    jm_doc *posting = fuzz_fixed_doc(e, JM_DOC_POSTING);
    jm_match *m = NULL;
    rc = jm_score(e, cv, posting, &m);
    FUZZ_CHECK(rc == JM_OK && m);
    fuzz_check_match(m);
    jm_match_free(m);
    jm_doc_free(posting);
    jm_doc_free(cv);
    return 0;
}

/* Fuzz target: the Markdown / plain-text CV reader (jm_doc_read with
 * JM_DOC_CV on bytes that are not JSON: heading detection, section kinds,
 * cleaning, mojibake repair, UTF-16 decoding, the binary check), then
 * scoring the CV against a fixed posting (jm_score, jm_keywords of the
 * posting) so that the section texts and their offset maps are analyzed
 * too. Checks every section, offset and score (fuzz.h). Inputs that start
 * with '{' go to the JSON reader, which fuzz_json_resume covers; here they
 * are read anyway. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    jm_engine *e = fuzz_engine(NULL);
    jm_doc *cv = NULL;
    int rc = jm_doc_read(e, JM_DOC_CV, (const char *)data, size, "fuzz.md", &cv);
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

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
    return fuzz_cv(data, size, "fuzz.md");
}

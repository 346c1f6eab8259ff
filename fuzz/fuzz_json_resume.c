/* Fuzz target: the JSON Resume reader (jm_doc_read with JM_DOC_CV on JSON:
 * cJSON parsing with its depth limit, each field to its section kind,
 * offsets through escapes into the JSON text), then scoring against a
 * fixed posting. Seeded with JSON Resume files and helped by
 * fuzz/json.dict; the checks are those of fuzz.h. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_cv(data, size, "fuzz.json");
}

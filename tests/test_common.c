/* Tests of the shared helpers: buffer, hashing, allocation failure. */
#include "unit.h"
#include "base/common.h"

TEST(buffer_should_grow_and_stay_terminated)
{
    jm_buf b = {0};
    for (int i = 0; i < 1000; i++) CHECK(jm_buf_printf(&b, "%d,", i) == JM_OK);
    CHECK(b.len == strlen(b.data));
    CHECK(!strncmp(b.data, "0,1,2,", 6));
    jm_buf_free(&b);
}

TEST(buffer_should_report_allocation_failure_and_keep_its_bytes)
{
    jm_buf b = {0};
    CHECK(jm_buf_append(&b, "abc", 3) == JM_OK);
    jm_alloc_fail_after(0);
    char big[4096] = {0};
    CHECK(jm_buf_append(&b, big, sizeof big) == JM_ENOMEM);
    jm_alloc_fail_after(-1);
    CHECK_STR(jm_buf_cstr(&b), "abc");
    jm_buf_free(&b);
}

TEST(fnv_hash_should_match_the_published_test_vector)
{
    /* FNV-1a 64 of "a" is 0xaf63dc4c8601ec8c: guards against a changed
     * constant, which would silently break every model checksum. */
    CHECK(jm_fnv1a64("a", 1, JM_FNV_SEED) == 0xaf63dc4c8601ec8cULL);
}

TEST(strerror_should_describe_every_code)
{
    for (int c = JM_OK; c <= JM_ESTOP; c++)
        CHECK(strcmp(jm_strerror(c), "unknown error") != 0);
    CHECK_STR(jm_strerror(999), "unknown error");
}

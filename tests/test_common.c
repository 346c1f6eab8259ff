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

TEST(grow_should_double_only_when_full_and_keep_the_elements)
{
    uint64_t *a = NULL;
    size_t cap = 0, n = 0;
    for (; n < 1000; n++) {
        size_t before = cap;
        CHECK(jm_grow(&a, &cap, n, sizeof *a, 4) == JM_OK);
        /* room for one more; doubled (first: 4) only when it was full */
        CHECK(cap > n);
        CHECK(cap == (n < before ? before : before ? 2 * before : 4));
        a[n] = n * 7919u;
    }
    for (size_t i = 0; i < n; i++) CHECK(a[i] == i * 7919u);
    jm_free(a);
}

TEST(grow_should_leave_the_array_as_it_was_when_out_of_memory)
{
    int *a = NULL;
    size_t cap = 0;
    CHECK(jm_grow(&a, &cap, 0, sizeof *a, 2) == JM_OK);
    a[0] = 1, a[1] = 2;
    int *before = a;
    jm_alloc_fail_after(0);
    CHECK(jm_grow(&a, &cap, 2, sizeof *a, 2) == JM_ENOMEM);
    jm_alloc_fail_after(-1);
    CHECK(a == before && cap == 2 && a[0] == 1 && a[1] == 2);
    /* a capacity whose double overflows size_t is refused, not wrapped */
    size_t huge = SIZE_MAX / 2 + 1;
    CHECK(jm_grow(&a, &huge, huge, sizeof *a, 2) == JM_ENOMEM);
    CHECK(a == before);
    jm_free(a);
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

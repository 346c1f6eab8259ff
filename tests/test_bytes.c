/* Tests of the byte searches that test many bytes at a time (base/bytes.h):
 * the SSE2 and AVX2 paths give what the plain byte loop gives, on real
 * postings and on random bytes, at every alignment and length near the
 * vector widths; and the tokenizer gives the very same tokens whether it
 * classes ASCII words 16 bytes at a time (SSE2) or 8 (SWAR). */
#include "unit.h"
#include "base/bytes.h"
#include "text/tokenizer.h"

#include <stdlib.h>
#include <string.h>

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

/* A fixed-seed generator (64-bit LCG, high bits). */
static unsigned next_rand(unsigned long long *seed)
{
    *seed = *seed * 6364136223846793005ULL + 1442695040888963407ULL;
    return (unsigned)(*seed >> 33);
}

/* Checks the three paths of find2 on every start in s[0..n) up to limit
 * starts, with lengths around the vector widths and to the end. */
static void check_find2(const char *what, const char *s, size_t n, size_t starts)
{
    static const size_t lens[] = { 0, 1, 7, 15, 16, 17, 31, 32, 33, 63, 64, 65, 200 };
    size_t bad = 0;
    for (size_t at = 0; at < n && at < starts && bad < 5; at++) {
        for (size_t k = 0; k <= N_OF(lens); k++) {
            size_t len = k < N_OF(lens) ? lens[k] : n - at;
            if (len > n - at) continue;
            size_t want = jm_bytes_find2_scalar(s + at, len, '"', '\\');
            size_t sse = jm_bytes_find2_sse2(s + at, len, '"', '\\');
            size_t avx = jm_bytes_find2_avx2(s + at, len, '"', '\\');
            if (sse != want || (jm_bytes_level() >= JM_BYTES_AVX2 && avx != want)) {
                bad++;
                unit_fail(__FILE__, __LINE__, "%s: find2 at %zu, %zu bytes: scalar %zu, "
                          "SSE2 %zu, AVX2 %zu", what, at, len, want, sse, avx);
            }
        }
    }
}

/* Guards against a vector search that misses a match in its last partial
 * block, reads a match past the end, or counts from the wrong lane. */
TEST(find2_should_give_the_same_index_by_every_path_on_random_bytes)
{
    unsigned long long seed = 42;
    char buf[4096];
    for (int round = 0; round < 50; round++) {
        /* sparse quotes and backslashes in random bytes, some rounds none */
        unsigned every = 1 + next_rand(&seed) % 300;
        for (size_t i = 0; i < sizeof buf; i++) {
            unsigned r = next_rand(&seed);
            buf[i] = (char)(r % every == 0 ? (r & 1 ? '"' : '\\') : (r >> 8) % 256);
            if (round % 5 == 0 && (buf[i] == '"' || buf[i] == '\\')) buf[i] = 'x';
        }
        check_find2("random bytes", buf, sizeof buf, 300);
    }
}

TEST(find2_should_give_the_same_index_by_every_path_on_real_postings)
{
    UNIT_NEED_SHARED();
    char path[4096];
    size_t len;
    snprintf(path, sizeof path, "%s/corpora/postings/linkedin-sample.jsonl", unit_shared());
    char *text = unit_read(path, &len);
    CHECK_MSG(text != NULL, "cannot read %s", path);
    if (!text) return;
    check_find2(path, text, len, 2000);
    /* and the JSON scanner's real use: string after string to the end */
    size_t strings = 0;
    for (size_t at = 0; at < len; strings++) {
        size_t want = jm_bytes_find2_scalar(text + at, len - at, '"', '\\');
        CHECK_INT(jm_bytes_find2(text + at, len - at, '"', '\\'), want);
        at += want + 1;
    }
    CHECK_MSG(strings > 10000, "only %zu strings", strings);
    free(text);
}

/* 1 when two raw tokens are the same in every field that counts. */
static int same_token(const jm_rawtok *a, const jm_rawtok *b)
{
    return a->start == b->start && a->end == b->end && a->type == b->type &&
           a->flags == b->flags && a->len == b->len && !memcmp(a->fold, b->fold, a->len + 1) &&
           a->key[0] == b->key[0] && a->key[1] == b->key[1];
}

/* Tokenizes s[0..n) at both levels; fails at the first token that differs.
 * Returns the tokens seen. */
static size_t check_tokens(const char *what, const char *s, size_t n)
{
    jm_tokenizer ta, tb;
    jm_rawtok a, b;
    size_t count = 0;
    int was = jm_bytes_set_level(JM_BYTES_SCALAR);
    jm_tokenizer_init(&ta, s, n);
    jm_bytes_set_level(JM_BYTES_SSE2);
    jm_tokenizer_init(&tb, s, n);
    jm_bytes_set_level(was);
    CHECK_MSG(!ta.simd, "%s: the scalar tokenizer classes 16 bytes at a time", what);
    for (;;) {
        int ra = jm_tokenizer_next(&ta, &a), rb = jm_tokenizer_next(&tb, &b);
        if (ra != rb || (ra && !same_token(&a, &b))) {
            unit_fail(__FILE__, __LINE__, "%s: token %zu differs: SWAR \"%s\" [%zu, %zu) "
                      "flags %x, SSE2 \"%s\" [%zu, %zu) flags %x", what, count,
                      ra ? a.fold : "(end)", a.start, a.end, a.flags, rb ? b.fold : "(end)",
                      b.start, b.end, b.flags);
            break;
        }
        if (!ra) break;
        count++;
    }
    return count;
}

/* Guards against a 16-byte word path that folds, keys, flags or ends a
 * word otherwise than the 8-byte path, on the postings and CVs it will
 * meet. */
TEST(tokenizer_should_give_the_same_tokens_16_or_8_bytes_at_a_time_on_real_text)
{
    UNIT_NEED_SHARED();
    static const char *const files[] = { "corpora/postings/linkedin-sample.jsonl",
                                         "corpora/postings/skillspan.jsonl",
                                         "cv/seed-cv.md", "eval/cvs-vanetik/1.txt",
                                         "eval/cvs-vanetik/10.txt" };
    if (jm_bytes_level() < JM_BYTES_SSE2) { unit_skip("no SSE2 on this machine"); return; }
    for (size_t i = 0; i < N_OF(files); i++) {
        char path[4096];
        size_t len;
        snprintf(path, sizeof path, "%s/%s", unit_shared(), files[i]);
        char *text = unit_read(path, &len);
        CHECK_MSG(text != NULL, "cannot read %s", path);
        if (!text) continue;
        CHECK_MSG(check_tokens(path, text, len) > len / 20, "%s: too few tokens", path);
        free(text);
    }
}

/* The same on random text: words of letters of both cases, digits, dots,
 * apostrophes, commas, UTF-8 letters and stray bytes, of every length
 * around 8, 16 and the 96-byte token limit. */
TEST(tokenizer_should_give_the_same_tokens_16_or_8_bytes_at_a_time_on_random_text)
{
    static const char *const pieces[] = { "a", "Z", "q", "7", ".", "'", ",", " ", "-", "/",
                                          "\xc3\xa9", "\xe2\x80\x99", "\x80", "+", "#", "@",
                                          "\n", "(", "_", "&" };
    if (jm_bytes_level() < JM_BYTES_SSE2) { unit_skip("no SSE2 on this machine"); return; }
    unsigned long long seed = 7;
    char buf[8192];
    for (int round = 0; round < 200; round++) {
        size_t n = 0;
        while (n + 200 < sizeof buf) {
            unsigned r = next_rand(&seed);
            if (r % 4) {      /* a run of one class, of any length to 120 */
                size_t run = next_rand(&seed) % 121;
                char base = r % 3 == 0 ? 'a' : r % 3 == 1 ? 'A' : '0';
                for (size_t k = 0; k < run; k++)
                    buf[n++] = (char)(base + (char)(next_rand(&seed) % (base == '0' ? 10 : 26)));
            } else {
                const char *p = pieces[next_rand(&seed) % N_OF(pieces)];
                memcpy(buf + n, p, strlen(p));
                n += strlen(p);
            }
        }
        char what[64];
        snprintf(what, sizeof what, "random text %d", round);
        check_tokens(what, buf, n);
    }
}

/* Guards the analyzer's look-ahead: jm_tokenizer_fill() into a ring (here
 * of 8, filled 5 at a time, so that it wraps around) must give the tokens
 * of jm_tokenizer_next(), one by one, and stop where the text ends. */
TEST(tokenizer_fill_should_give_the_tokens_of_next_one_by_one_on_real_text)
{
    UNIT_NEED_SHARED();
    static const char *const files[] = { "corpora/postings/skillspan.jsonl",
                                         "cv/seed-cv.md" };
    for (size_t i = 0; i < N_OF(files); i++) {
        char path[4096];
        size_t len, count = 0, got;
        snprintf(path, sizeof path, "%s/%s", unit_shared(), files[i]);
        char *text = unit_read(path, &len);
        CHECK_MSG(text != NULL, "cannot read %s", path);
        if (!text) continue;
        jm_tokenizer ta, tb;
        jm_rawtok one, ring[8];
        jm_tokenizer_init(&ta, text, len);
        jm_tokenizer_init(&tb, text, len);
        do {
            got = jm_tokenizer_fill(&tb, ring, 7, count, 5);
            for (size_t k = 0; k < got; k++, count++) {
                const jm_rawtok *b = &ring[count & 7];
                if (!jm_tokenizer_next(&ta, &one) || !same_token(&one, b)) {
                    unit_fail(__FILE__, __LINE__, "%s: token %zu differs: \"%s\" [%zu, %zu), "
                              "filled \"%s\" [%zu, %zu)", path, count, one.fold, one.start,
                              one.end, b->fold, b->start, b->end);
                    got = 0;
                    break;
                }
            }
        } while (got == 5);
        CHECK_MSG(!jm_tokenizer_next(&ta, &one), "%s: fill stopped before the end", path);
        CHECK_MSG(count > len / 20, "%s: too few tokens (%zu)", path, count);
        free(text);
    }
}

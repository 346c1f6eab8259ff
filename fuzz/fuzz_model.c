/* Fuzz target: the model loader. The input is a model file (the header
 * line, then one term or pair a line). Before loading, the header's terms=
 * and pairs=/phrases= counts are set to the body's lines of each shape and
 * its fnv1a64 checksum to the body's, so that mutations that add, drop or
 * change lines reach the body parser and the loader instead of stopping
 * at the counts or the checksum (the header checks are still fuzzed: a
 * mutated key or value is left as it is). Then:
 *  - jm_model_parse (either kind) and lookups of a few terms;
 *  - a finalized model that parses: an engine made with it as model_path
 *    and as skills_path (the analyzer check, phrase registration);
 *  - a counts file: jm_model_info_read, jm_model_merge of it with itself
 *    and jm_model_finalize (written to a scratch file). */
#include "fuzz.h"
#include "model/model.h"

static char in_path[64], out_path[64];

static void remove_paths(void)
{
    unlink(in_path);
    unlink(out_path);
}

static void write_input(const char *buf, size_t len)
{
    if (!in_path[0]) {
        const char *dir = fuzz_tmp_dir();
        snprintf(in_path, sizeof in_path, "%s/jm-fuzz-model-%ld.jm", dir, (long)getpid());
        snprintf(out_path, sizeof out_path, "%s/jm-fuzz-model-%ld.out", dir, (long)getpid());
        atexit(remove_paths);
    }
    fuzz_write_file(in_path, buf, len);
}

/* The first s in p[0..n), or NULL (memmem is not POSIX). */
static char *find(const char *p, size_t n, const char *s)
{
    size_t k = strlen(s);
    for (size_t i = 0; i + k <= n; i++)
        if (!memcmp(p + i, s, k)) return (char *)(uintptr_t)(p + i);
    return NULL;
}

/* A copy of the model in buf with the header's counts and checksum made
 * to fit its body (see above); NUL-terminated, *len its length; free() it. */
static char *fix_header(const char *buf, size_t *len)
{
    size_t n = *len;
    const char *nl = memchr(buf, '\n', n);
    if (!nl) {
        char *copy = malloc(n + 1);
        FUZZ_CHECK(copy);
        memcpy(copy, buf, n);
        copy[n] = '\0';
        return copy;
    }
    const char *body = nl + 1, *end = buf + n;
    size_t hlen = (size_t)(nl - buf);
    /* a replaced word (6 bytes or more, and a space) grows by 20 at most */
    char *out = malloc(4 * hlen + 64);
    FUZZ_CHECK(out);
    int counts = find(buf, hlen, "kind=counts") != NULL;
    unsigned long long terms = 0, pairs = 0;
    for (const char *p = body; p < end; ) {
        const char *q = memchr(p, '\n', (size_t)(end - p));
        if (!q) q = end;
        size_t tabs = 0;
        for (const char *t = p; t < q; t++) tabs += *t == '\t';
        size_t nterm = tabs + 1 - (counts ? 2 : 1);
        if (tabs + 1 > (counts ? 2u : 1u)) {
            if (nterm == 1) terms++;
            else if (nterm == 2) pairs++;
        }
        p = q + 1;
    }
    /* the header, word by word, with the counts replaced */
    size_t o = 0;
    for (const char *w = buf; w < nl; ) {
        const char *we = memchr(w, ' ', (size_t)(nl - w));
        if (!we) we = nl;
        size_t wl = (size_t)(we - w);
        char num[32];
        const char *key = NULL;
        unsigned long long v = 0;
        if (wl >= 6 && !memcmp(w, "terms=", 6)) { key = "terms="; v = terms; }
        else if (wl >= 6 && !memcmp(w, "pairs=", 6)) { key = "pairs="; v = pairs; }
        else if (wl >= 8 && !memcmp(w, "phrases=", 8)) { key = "phrases="; v = pairs; }
        if (key) {
            int k = snprintf(num, sizeof num, "%s%llu", key, v);
            memcpy(out + o, num, (size_t)k);
            o += (size_t)k;
        } else {
            memcpy(out + o, w, wl);
            o += wl;
        }
        if (we < nl) out[o++] = ' ';
        w = we + 1;
    }
    out[o++] = '\n';
    /* the checksum of the body, into fnv1a64=<16 hex digits> */
    size_t blen = (size_t)(end - body);
    uint64_t sum = jm_fnv1a64(body, blen, JM_FNV_SEED);
    char *f = find(out, o, "fnv1a64=");
    if (f && f + 8 + 16 <= out + o - 1) {
        char hex[17];
        snprintf(hex, sizeof hex, "%016llx", (unsigned long long)sum);
        memcpy(f + 8, hex, 16);
    }
    char *full = malloc(o + blen + 1);
    FUZZ_CHECK(full);
    memcpy(full, out, o);
    memcpy(full + o, body, blen);
    full[o + blen] = '\0';
    free(out);
    *len = o + blen;
    return full;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const jm_options none = { .model_path = "none", .skills_path = "none",
                                      .occupations_path = "none" };
    jm_engine *e = fuzz_engine(&none);
    char *buf = fix_header((const char *)data, &size);   /* buf[size] == 0 */

    struct jm_model *m = NULL;
    jm_model_env env;
    jm_engine_model_env(e, NULL, &env);
    int rc = jm_model_parse(&env, buf, size, "fuzz.jm", &m);
    if (rc) {
        FUZZ_CHECK(!m && jm_errmsg(e)[0]);
        if (getenv("FUZZ_DEBUG")) fprintf(stderr, "%s\n", jm_errmsg(e));
        free(buf);
        return 0;
    }
    static const char *const probe[] = { "python", "data", "machine learning", "a b", "" };
    for (size_t i = 0; i < JM_ARRAY_LEN(probe); i++) {
        FUZZ_CHECK(jm_model_df(m, probe[i], strlen(probe[i])) >= 0);
        FUZZ_CHECK(isfinite(jm_model_idf(m, probe[i], strlen(probe[i]))));
    }
    FUZZ_CHECK(jm_model_max_df(m) >= 0);
    (void)jm_model_phrases(m);
    jm_model_free(m);

    write_input(buf, size);
    jm_model_info *info = NULL;
    rc = jm_model_info_read(e, in_path, 5, &info);
    FUZZ_CHECK(rc == JM_OK && info && info->kind);
    int final = !strcmp(info->kind, "final");
    jm_model_info_free(info);
    if (final) {
        jm_options opts = { .model_path = in_path, .skills_path = in_path,
                            .occupations_path = "none" };
        jm_engine *mine = NULL;
        rc = jm_engine_new(&opts, &mine);
        FUZZ_CHECK(rc != JM_ENOMEM && (rc == JM_OK || jm_errmsg(mine)[0]));
        jm_engine_free(mine);
    } else {
        const char *const twice[2] = { in_path, in_path };
        jm_model_stats st;
        rc = jm_model_merge(e, twice, 2, out_path, &st);
        FUZZ_CHECK(rc != JM_ENOMEM);
        rc = jm_model_finalize(e, in_path, out_path, NULL, &st);
        FUZZ_CHECK(rc != JM_ENOMEM);
    }
    free(buf);
    return 0;
}

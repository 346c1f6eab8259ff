/* Fuzz target: the model loader. The input is a model file (the header
 * line, then one term or pair a line). Its fnv1a64 checksum is set to the
 * body's before loading, so that mutations reach the body parser instead
 * of stopping at the checksum. Then:
 *  - jm_model_parse (either kind) and lookups of a few terms;
 *  - a finalized model that parses: an engine made with it as model_path
 *    and as skills_path (the analyzer check, phrase registration);
 *  - a counts file: jm_model_info_read, jm_model_merge of it with itself
 *    and jm_model_finalize (written to a scratch file). */
#include "fuzz.h"
#include "model.h"

#include <fcntl.h>
#include <unistd.h>

static char in_path[64], out_path[64];

static void remove_paths(void)
{
    unlink(in_path);
    unlink(out_path);
}

static void write_input(const char *buf, size_t len)
{
    if (!in_path[0]) {
        const char *dir = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
        snprintf(in_path, sizeof in_path, "%s/jm-fuzz-model-%ld.jm", dir, (long)getpid());
        snprintf(out_path, sizeof out_path, "%s/jm-fuzz-model-%ld.out", dir, (long)getpid());
        atexit(remove_paths);
    }
    int fd = open(in_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    FUZZ_CHECK(fd >= 0);
    for (size_t off = 0; off < len; ) {
        ssize_t w = write(fd, buf + off, len - off);
        FUZZ_CHECK(w > 0);
        off += (size_t)w;
    }
    close(fd);
}

/* Writes the body's checksum into the header's fnv1a64=<16 hex digits>. */
static void fix_checksum(char *buf, size_t len)
{
    char *nl = memchr(buf, '\n', len);
    if (!nl) return;
    static const char key[] = "fnv1a64=";
    for (char *p = buf; p + sizeof key - 1 + 16 <= nl; p++)
        if (!memcmp(p, key, sizeof key - 1)) {
            uint64_t sum = jm_fnv1a64(nl + 1, len - (size_t)(nl + 1 - buf), JM_FNV_SEED);
            char hex[17];
            snprintf(hex, sizeof hex, "%016llx", (unsigned long long)sum);
            memcpy(p + sizeof key - 1, hex, 16);
            return;
        }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const jm_options none = { .model_path = "none", .skills_path = "none",
                                      .occupations_path = "none" };
    jm_engine *e = fuzz_engine(&none);
    char *buf = malloc(size + 1);   /* jm_model_parse wants buf[len] == 0 */
    FUZZ_CHECK(buf);
    memcpy(buf, data, size);
    buf[size] = '\0';
    fix_checksum(buf, size);

    struct jm_model *m = NULL;
    int rc = jm_model_parse(e, buf, size, "fuzz.jm", &m);
    if (rc) {
        FUZZ_CHECK(!m && jm_errmsg(e)[0]);
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

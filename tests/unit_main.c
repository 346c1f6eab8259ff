/* This file runs the unit tests: all of them, or those whose name contains
 * argv[1]. It prints one line per failure and a summary for tests/run.sh:
 * "unit: P ok, F not ok, S skipped". */
#include "unit.h"

#include <stdarg.h>
#include <stdlib.h>
#include <sys/stat.h>

#define MAX_TESTS 4096

static struct { const char *name, *file; unit_fn fn; } tests[MAX_TESTS];
static int n_tests, cur_failed, cur_skipped;
static const char *cur_name;

void unit_register(const char *name, const char *file, unit_fn fn)
{
    if (n_tests < MAX_TESTS) {
        tests[n_tests].name = name;
        tests[n_tests].file = file;
        tests[n_tests].fn = fn;
        n_tests++;
    }
}

void unit_fail(const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "FAIL %s (%s:%d): ", cur_name, file, line);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    cur_failed++;
}

void unit_skip(const char *why)
{
    fprintf(stderr, "skip %s: %s\n", cur_name, why);
    cur_skipped = 1;
}

const char *unit_shared(void)
{
    static const char *path;
    static int done;
    if (!done) {
        struct stat st;
        const char *p = getenv("SHARED");
        if (!p || !*p) p = "../shared";
        path = stat(p, &st) == 0 && S_ISDIR(st.st_mode) ? p : NULL;
        done = 1;
    }
    return path;
}

char *unit_read(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    if (buf) {
        buf[n] = '\0';
        if (len) *len = (size_t)n;
    }
    return buf;
}

jm_engine *unit_engine(const jm_options *opts)
{
    jm_engine *e;
    if (jm_engine_new(opts, &e)) {
        unit_fail(__FILE__, __LINE__, "engine: %s", jm_errmsg(e));
        jm_engine_free(e);
        return NULL;
    }
    return e;
}

jm_engine *unit_engine_no_model(void)
{
    jm_options o = { 0 };
    o.model_path = "none";
    return unit_engine(&o);
}

static int by_file_then_name(const void *a, const void *b)
{
    const char *fa = ((const __typeof__(tests[0]) *)a)->file;
    const char *fb = ((const __typeof__(tests[0]) *)b)->file;
    int c = strcmp(fa, fb);
    if (c) return c;
    return strcmp(((const __typeof__(tests[0]) *)a)->name,
                  ((const __typeof__(tests[0]) *)b)->name);
}

int main(int argc, char **argv)
{
    int ok = 0, bad = 0, skipped = 0;
    qsort(tests, (size_t)n_tests, sizeof tests[0], by_file_then_name);
    for (int i = 0; i < n_tests; i++) {
        if (argc > 1 && !strstr(tests[i].name, argv[1])) continue;
        cur_name = tests[i].name;
        cur_failed = cur_skipped = 0;
        tests[i].fn();
        if (cur_failed) bad++;
        else if (cur_skipped) skipped++;
        else ok++;
    }
    printf("unit: %d ok, %d not ok, %d skipped\n", ok, bad, skipped);
    return bad ? 1 : 0;
}

int unit_mkdtemp(char *dir, size_t size, const char *tag)
{
    snprintf(dir, size, "/tmp/jm-%s-XXXXXX", tag);
    if (mkdtemp(dir)) return 0;
    unit_fail(__FILE__, __LINE__, "mkdtemp %s failed", dir);
    return -1;
}

const char *unit_path(const char *dir, const char *name)
{
    static char bufs[32][600];
    static int k;
    char *p = bufs[k++ & 31];
    snprintf(p, sizeof bufs[0], "%s/%s", dir, name);
    return p;
}

void unit_put(const char *dir, const char *name, const char *text)
{
    FILE *f = fopen(unit_path(dir, name), "wb");
    if (!f) { unit_fail(__FILE__, __LINE__, "cannot write %s/%s", dir, name); return; }
    fputs(text, f);
    fclose(f);
}

void unit_rmtree(const char *dir)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) unit_fail(__FILE__, __LINE__, "cannot remove %s", dir);
}

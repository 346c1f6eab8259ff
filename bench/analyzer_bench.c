/* This file is the analyzer benchmark program (run by bench/analyzer.sh;
 * links build/rel/libjobmatch.a and uses the internal analyzer API):
 *
 *   analyzer_bench --extract FILE.jsonl...   prints the "description" of
 *                                            each posting, one per line
 *   analyzer_bench FILE                      analyzes FILE with the built-in
 *                                            stopwords and lexicon on one
 *                                            core, best of 5 runs (wall
 *                                            clock and thread CPU time)
 *   analyzer_bench --hash FILE               the stem cache's table against
 *                                            uthash's default, on the words
 *                                            of FILE
 */
#include "text/analyzer.h"
#include "base/common.h"
#include "base/embedded.h"
#include "base/strtab.h"
#include "text/tokenizer.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <uthash.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* CPU time of this thread: less disturbed by other work on a shared
 * machine than the wall clock. */
static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int extract(int argc, char **argv)
{
    for (int i = 2; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        if (!f) { perror(argv[i]); return 1; }
        char *line = NULL;
        size_t cap = 0;
        ssize_t n;
        while ((n = getline(&line, &cap, f)) > 0) {
            cJSON *j = cJSON_ParseWithLength(line, (size_t)n);
            const cJSON *d = cJSON_GetObjectItemCaseSensitive(j, "description");
            if (cJSON_IsString(d) && d->valuestring) {
                fputs(d->valuestring, stdout);
                fputc('\n', stdout);
            }
            cJSON_Delete(j);
        }
        free(line);
        fclose(f);
    }
    return 0;
}

static int count_term(void *ud, const jm_aterm *t)
{
    (void)t;
    (*(size_t *)ud)++;
    return 0;
}

static int analyze(const char *path)
{
    char *text, err[256];
    size_t len;
    if (jm_read_file(path, &text, &len)) { perror(path); return 1; }
    double best = 1e9, best_cpu = 1e9;
    size_t terms = 0;
    for (int run = 0; run < 5; run++) {
        jm_analyzer *an;
        if (jm_analyzer_new("english", jm_embedded_stopwords,
                            (size_t)(jm_embedded_stopwords_end - jm_embedded_stopwords),
                            jm_embedded_lexicon,
                            (size_t)(jm_embedded_lexicon_end - jm_embedded_lexicon),
                            &an, err, sizeof err)) {
            fprintf(stderr, "%s\n", err);
            return 1;
        }
        terms = 0;
        double t0 = now(), c0 = cpu_now();
        int rc = jm_analyzer_terms(an, text, len, count_term, &terms);
        double t = now() - t0, c = cpu_now() - c0;
        jm_analyzer_free(an);
        if (rc) { fprintf(stderr, "analyzer failed: %s\n", jm_strerror(rc)); return 1; }
        if (t < best) best = t;
        if (c < best_cpu) best_cpu = c;
    }
    printf("analyzer %zu bytes %zu terms %.4f s %.4f cpu\n", len, terms, best, best_cpu);
    jm_free(text);
    return 0;
}

/* --hash: the words of the file (folded), looked up in order, each added
 * when new, in both tables. */
struct word { const char *s; size_t n; };
struct uh { const char *key; UT_hash_handle hh; };

static int collect(void *ud, const jm_rawtok *t)
{
    struct { struct word *w; size_t n, cap; jm_arena arena; } *c = ud;
    if (t->type != JM_TT_WORD || !t->len) return 0;
    if (c->n == c->cap) {
        c->cap = c->cap ? 2 * c->cap : 1 << 16;
        c->w = realloc(c->w, c->cap * sizeof *c->w);
        if (!c->w) return 1;
    }
    c->w[c->n].s = jm_arena_strdup(&c->arena, t->fold, t->len);
    c->w[c->n].n = t->len;
    c->n++;
    return 0;
}

static int hash_compare(const char *path)
{
    char *text;
    size_t len;
    if (jm_read_file(path, &text, &len)) { perror(path); return 1; }
    struct { struct word *w; size_t n, cap; jm_arena arena; } c = { 0 };
    jm_tokenize(text, len, collect, &c);
    double best_oa = 1e9, best_uh = 1e9;
    size_t distinct = 0;
    for (int run = 0; run < 3; run++) {
        jm_strtab t = { 0 };
        double t0 = now();
        for (size_t i = 0; i < c.n; i++) {
            uint32_t id;
            jm_strtab_add(&t, c.w[i].s, c.w[i].n, 0, &id, NULL);
        }
        double d = now() - t0;
        if (d < best_oa) best_oa = d;
        distinct = t.n;
        jm_strtab_free(&t);

        struct uh *head = NULL, *e, *tmp;
        struct uh *pool = malloc(c.n * sizeof *pool);
        size_t used = 0;
        t0 = now();
        for (size_t i = 0; i < c.n; i++) {
            HASH_FIND(hh, head, c.w[i].s, (unsigned)c.w[i].n, e);
            if (!e) {
                e = &pool[used++];
                e->key = c.w[i].s;
                HASH_ADD_KEYPTR(hh, head, e->key, (unsigned)c.w[i].n, e);
            }
        }
        d = now() - t0;
        if (d < best_uh) best_uh = d;
        HASH_ITER(hh, head, e, tmp) HASH_DEL(head, e);
        free(pool);
    }
    printf("hash %zu lookups %zu distinct: open addressing + jm_hash %.1f ns, "
           "uthash default %.1f ns per find-or-add\n", c.n, distinct,
           best_oa / (double)c.n * 1e9, best_uh / (double)c.n * 1e9);
    free(c.w);
    jm_arena_free(&c.arena);
    jm_free(text);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc >= 2 && !strcmp(argv[1], "--extract")) return extract(argc, argv);
    if (argc == 3 && !strcmp(argv[1], "--hash")) return hash_compare(argv[2]);
    if (argc == 2) return analyze(argv[1]);
    fprintf(stderr, "usage: analyzer_bench [--extract FILE...|--hash FILE|FILE]\n");
    return 2;
}

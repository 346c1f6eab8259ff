/* This file contains the readers' benchmark and oracle (bench/read.sh):
 * it reads every line of JSON Lines files (or whole files with --files) as
 * postings (or CVs with --cv) through jm_doc_read(), and either times it
 * (best of --repeat runs, CPU time; or one run under callgrind) or, with
 * --dump, prints everything a reader decides (sections, headings, texts,
 * the map of every text offset back to the input, the posting fields, the
 * messages), so that two builds can be compared byte for byte over whole
 * corpora:
 *   read_bench --dump FILES > a.txt   (one build; then the other: cmp) */
#include "read/document.h"
#include "score/engine.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Prints s[0, n) with control bytes, quotes and backslashes escaped. */
static void put_escaped(const char *s, size_t n)
{
    putchar('"');
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\n') fputs("\\n", stdout);
        else if (c == '"' || c == '\\') { putchar('\\'); putchar(c); }
        else if (c < 0x20 || c == 0x7F) printf("\\x%02x", c);
        else putchar(c);
    }
    putchar('"');
}

/* Prints what a reader made of one input (or its failure). */
static void dump(jm_engine *e, int rc, const jm_doc *d, const char *name)
{
    static const char *const fields[] = { "id", "title", "company", "location",
                                          "category", "source", "description", NULL };
    printf("== %s rc=%d\n", name, rc);
    if (rc) { printf("error %s\n", jm_errmsg(e)); return; }
    const char *id = jm_doc_id(d), *title = jm_doc_title(d), *company = jm_doc_company(d);
    printf("id "); put_escaped(id ? id : "(null)", id ? strlen(id) : 6);
    printf("\ntitle "); put_escaped(title ? title : "(null)", title ? strlen(title) : 6);
    printf("\ncompany "); put_escaped(company ? company : "(null)", company ? strlen(company) : 6);
    putchar('\n');
    for (const char *const *f = fields; *f; f++) {
        const char *v = jm_doc_field(d, *f);
        if (v) { printf("field %s ", *f); put_escaped(v, strlen(v)); putchar('\n'); }
    }
    size_t n;
    const jm_section *s = jm_doc_sections(d, &n);
    for (size_t i = 0; i < n; i++) {
        size_t len;
        const char *t = jm_doc_section_text(d, i, &len);
        printf("section %s line=%zu start=%zu end=%zu heading=", jm_section_kind_name(s[i].kind),
               s[i].line, s[i].start, s[i].end);
        if (s[i].heading) put_escaped(s[i].heading, s[i].heading_len);
        else fputs("-", stdout);
        printf("\ntext ");
        put_escaped(t, len);
        /* every offset's raw offset, as runs "text_off:raw_off+count" */
        printf("\nmap");
        size_t run_k = 0, run_r = jm_doc_raw_offset(d, i, 0);
        for (size_t k = 1; k <= len + 1; k++) {
            size_t r = k <= len ? jm_doc_raw_offset(d, i, k) : (size_t)-1;
            if (r != run_r + (k - run_k)) {
                printf(" %zu:%zu+%zu", run_k, run_r, k - run_k);
                run_k = k;
                run_r = r;
            }
        }
        putchar('\n');
    }
}

/* Reads a whole file into *buf (owned by the caller); -1 on failure. */
static long slurp(const char *path, char **buf)
{
    FILE *f = fopen(path, "rb");
    if (!f) return -1;
    size_t cap = 1 << 16, n = 0;
    char *b = malloc(cap);
    for (size_t k; b && (k = fread(b + n, 1, cap - n, f)) > 0;) {
        n += k;
        if (n == cap) b = realloc(b, cap *= 2);
    }
    fclose(f);
    if (!b) return -1;
    *buf = b;
    return (long)n;
}

int main(int argc, char **argv)
{
    int do_dump = 0, whole = 0, repeat = 1;
    jm_doc_type type = JM_DOC_POSTING;
    int a = 1;
    for (; a < argc && argv[a][0] == '-' && argv[a][1] == '-'; a++) {
        if (!strcmp(argv[a], "--dump")) do_dump = 1;
        else if (!strcmp(argv[a], "--files")) whole = 1;
        else if (!strcmp(argv[a], "--cv")) type = JM_DOC_CV;
        else if (!strcmp(argv[a], "--repeat") && a + 1 < argc) repeat = atoi(argv[++a]);
        else { fprintf(stderr, "usage: read_bench [--dump] [--files] [--cv] "
                       "[--repeat N] FILE...\n"); return 2; }
    }
    jm_options o = { 0 };
    o.model_path = "none";              /* reading needs no model */
    jm_engine *e;
    if (jm_engine_new(&o, &e)) { fprintf(stderr, "%s\n", jm_errmsg(e)); return 1; }
    unsigned long long bytes = 0, docs = 0, fails = 0, secs = 0;
    double best = -1;
    for (int r = 0; r < repeat; r++) {
        struct timespec t0, t1;
        bytes = docs = fails = secs = 0;
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t0);
        for (int i = a; i < argc; i++) {
            char *buf;
            long len = slurp(argv[i], &buf);
            if (len < 0) { fprintf(stderr, "%s: cannot read\n", argv[i]); return 1; }
            size_t line = 0;
            for (size_t p = 0; p < (size_t)len;) {
                size_t q = (size_t)len;
                if (!whole) {
                    const char *nl = memchr(buf + p, '\n', (size_t)len - p);
                    if (nl) q = (size_t)(nl - buf);
                }
                char name[4096];
                line++;
                if (whole) snprintf(name, sizeof name, "%s", argv[i]);
                else snprintf(name, sizeof name, "%s:%zu", argv[i], line);
                jm_doc *d = NULL;
                int rc = jm_doc_read(e, type, buf + p, q - p, name, &d);
                bytes += q - p;
                docs++;
                if (rc) fails++;
                else { size_t n; jm_doc_sections(d, &n); secs += n; }
                if (do_dump) dump(e, rc, d, name);
                jm_doc_free(d);
                p = q + 1;
            }
            free(buf);
        }
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t1);
        double t = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
        if (best < 0 || t < best) best = t;
    }
    if (!do_dump)
        printf("%llu documents, %llu bytes, %llu sections, %llu failed; best of %d: "
               "%.3f s CPU, %.1f MB/s (file reading included)\n", docs, bytes, secs, fails,
               repeat, best, best > 0 ? (double)bytes / best / 1e6 : 0.0);
    jm_engine_free(e);
    return 0;
}

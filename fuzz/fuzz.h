/* This file contains what the fuzz targets (fuzz/fuzz_*.c) share: one
 * engine per process, made on first use and renewed when its analyzer has
 * learned too many terms (the term table and stem cache grow with every new
 * word, which is fine for a run of real text and not for millions of
 * random inputs), and the checks every document must pass. The targets are
 * internal tests: they may use src/ headers. A failed check aborts, which
 * libFuzzer reports as a crash with the input that caused it. */
#ifndef JM_FUZZ_H
#define JM_FUZZ_H

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>

#include "jobmatch.h"
#include "text/analyzer.h"
#include "read/document.h"
#include "score/engine.h"

/* Aborts with a message when cond is false (a finding). */
#define FUZZ_CHECK(cond)                                                   \
    do {                                                                   \
        if (!(cond)) {                                                     \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__,         \
                    __LINE__, #cond);                                      \
            abort();                                                       \
        }                                                                  \
    } while (0)

/* Terms an engine may learn before it is made anew. */
#define FUZZ_MAX_TERMS 500000u

/* The process's engine for opts (the same opts on every call), renewed
 * when it has learned FUZZ_MAX_TERMS terms. A failure to make it is a
 * finding: the built-in data must always load. */
static inline jm_engine *fuzz_engine(const jm_options *opts)
{
    static jm_engine *e;
    if (e && jm_analyzer_term_count(e->an) > FUZZ_MAX_TERMS) {
        jm_engine_free(e);
        e = NULL;
    }
    if (!e) {
        int rc = jm_engine_new(opts, &e);
        if (rc) {
            fprintf(stderr, "fuzz: jm_engine_new: %s\n", jm_errmsg(e));
            abort();
        }
    }
    return e;
}

/* Checks what a document shows: every section inside the input, in order,
 * its heading inside the document's bytes, and every offset of its text
 * mapped back into the section (a sample of them for long texts). */
static inline void fuzz_check_doc(const jm_doc *d, size_t len)
{
    size_t n;
    const jm_section *s = jm_doc_sections(d, &n);
    FUZZ_CHECK(n == 0 || s);
    for (size_t i = 0; i < n; i++) {
        FUZZ_CHECK((unsigned)s[i].kind < JM_SEC_COUNT);
        FUZZ_CHECK(s[i].start <= s[i].end && s[i].end <= len);
        FUZZ_CHECK(s[i].line >= 1);
        if (s[i].heading) {
            const char *base = d->decoded ? d->decoded : d->raw;
            size_t blen = d->decoded ? strlen(d->decoded) : d->raw_len;
            FUZZ_CHECK(s[i].heading >= base &&
                       s[i].heading + s[i].heading_len <= base + blen);
        }
        size_t tl;
        const char *t = jm_doc_section_text(d, i, &tl);
        FUZZ_CHECK(t && t[tl] == '\0');
        size_t step = tl / 64 + 1;
        for (size_t k = 0;; k += step) {
            if (k > tl) k = tl;
            size_t r = jm_doc_raw_offset(d, i, k);
            FUZZ_CHECK(r >= s[i].start && r <= s[i].end);
            if (k == tl) break;
        }
    }
    (void)jm_doc_id(d);
    (void)jm_doc_title(d);
    (void)jm_doc_company(d);
}

/* The document whose occurrences fuzz_check_term() checks. */
typedef struct {
    const jm_section *secs;   /* its sections */
    size_t n_secs;
    size_t len;               /* its input's length */
    size_t count;             /* occurrences seen */
} fuzz_terms;

/* jm_doc_terms() callback: the occurrence names a term, a section, and
 * lies inside that section and the input (what `jobmatch report` marks). */
static inline int fuzz_check_term(void *ud, const jm_doc_term *t)
{
    fuzz_terms *ft = ud;
    FUZZ_CHECK(t->term && t->term_len > 0 && t->section < ft->n_secs);
    FUZZ_CHECK(t->start <= t->end && t->end <= ft->len);
    FUZZ_CHECK(t->start >= ft->secs[t->section].start && t->end <= ft->secs[t->section].end);
    ft->count++;
    return 0;
}

/* Checks the term occurrences of d (jm_doc_terms) and its input copy. */
static inline void fuzz_check_terms(jm_engine *e, const jm_doc *d, size_t len)
{
    size_t n;
    fuzz_terms ft = { jm_doc_sections(d, &n), 0, len, 0 };
    ft.n_secs = n;
    const char *in = jm_doc_input(d, &n);
    FUZZ_CHECK(in && n == len && in[n] == '\0');
    FUZZ_CHECK(jm_doc_terms(e, d, fuzz_check_term, &ft) == JM_OK);
}

/* Is x a finite number in [0, 1] (up to rounding)? */
static inline int fuzz_unit(double x)
{
    return isfinite(x) && x >= 0 && x <= 1 + 1e-9;
}

/* Checks a match: numbers finite and in range, the sections' and the
 * occupation part's contributions adding up to the score. */
static inline void fuzz_check_match(const jm_match *m)
{
    FUZZ_CHECK(fuzz_unit(m->score) && fuzz_unit(m->coverage));
    FUZZ_CHECK(fuzz_unit(m->cosine) && fuzz_unit(m->occupation));
    FUZZ_CHECK(isfinite(m->occupation_weight) && m->occupation_weight >= 0);
    FUZZ_CHECK(isfinite(m->occupation_contribution) && m->occupation_contribution >= 0);
    double sum = m->occupation_contribution;
    for (size_t i = 0; i < m->n_sections; i++) {
        FUZZ_CHECK(isfinite(m->sections[i].contribution));
        sum += m->sections[i].contribution;
    }
    FUZZ_CHECK(fabs(sum - m->score) <= 1e-9);
    for (size_t i = 0; i < m->n_occupations; i++)
        FUZZ_CHECK(m->occupations[i].code && m->occupations[i].title &&
                   isfinite(m->occupations[i].contribution));
    for (size_t i = 0; i < m->n_missing; i++)
        FUZZ_CHECK(isfinite(m->missing[i].gain) && m->missing[i].term);
}

/* Where the targets that need files write them: memory when it can. */
static inline const char *fuzz_tmp_dir(void)
{
    return access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
}

/* Writes buf[0..len) to path (made or truncated); any failure is a
 * finding of the harness, not of the library. */
static inline void fuzz_write_file(const char *path, const void *buf, size_t len)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    FUZZ_CHECK(fd >= 0);
    for (size_t off = 0; off < len; ) {
        ssize_t w = write(fd, (const char *)buf + off, len - off);
        FUZZ_CHECK(w > 0);
        off += (size_t)w;
    }
    close(fd);
}

/* Reads a fixed document the target made, which must always read (free
 * with jm_doc_free()). */
static inline jm_doc *fuzz_read_fixed(jm_engine *e, jm_doc_type type, const char *buf,
                                      size_t len)
{
    jm_doc *d = NULL;
    if (jm_doc_read(e, type, buf, len, "fixed", &d)) {
        fprintf(stderr, "fuzz: cannot read a fixed document: %s\n", jm_errmsg(e));
        abort();
    }
    return d;
}

/* A small document of the other kind to score against (read per input, so
 * that it never outlives a renewed engine; free with jm_doc_free()). */
static inline jm_doc *fuzz_fixed_doc(jm_engine *e, jm_doc_type type)
{
    static const char cv[] =
        "# Jane Doe\njane@example.com\n\n## Summary\nData engineer with Python, "
        "SQL and Kubernetes.\n\n## Skills\nPython, Go, C++, Spark, Kafka, AWS\n\n"
        "## Experience\nSenior engineer, Acme (2019 - 2023)\n- Built ETL "
        "pipelines in Airflow\n\n## Education\nMSc Computer Science, 2018\n";
    static const char posting[] =
        "Senior Data Engineer\n\nResponsibilities:\n- Build data pipelines "
        "with Spark and Kafka\n\nRequirements:\n- 5+ years of Python and SQL\n"
        "- Kubernetes, AWS\n\nBenefits: health insurance\n";
    return type == JM_DOC_CV ? fuzz_read_fixed(e, type, cv, sizeof cv - 1)
                             : fuzz_read_fixed(e, type, posting, sizeof posting - 1);
}

/* The body of the CV targets: reads data as a CV named name (its
 * extension says nothing to the reader; it names the input in messages),
 * checks the document, scores it against the fixed posting and checks the
 * match. */
static inline int fuzz_cv(const uint8_t *data, size_t size, const char *name)
{
    jm_engine *e = fuzz_engine(NULL);
    jm_doc *cv = NULL;
    int rc = jm_doc_read(e, JM_DOC_CV, (const char *)data, size, name, &cv);
    if (rc) {
        FUZZ_CHECK(!cv && rc != JM_ENOMEM && jm_errmsg(e)[0]);
        return 0;
    }
    fuzz_check_doc(cv, size);
    fuzz_check_terms(e, cv, size);
    jm_doc *posting = fuzz_fixed_doc(e, JM_DOC_POSTING);
    jm_match *m = NULL;
    rc = jm_score(e, cv, posting, &m);
    FUZZ_CHECK(rc == JM_OK && m);
    fuzz_check_match(m);
    jm_match_free(m);
    jm_doc_free(posting);
    jm_doc_free(cv);
    return 0;
}

#endif

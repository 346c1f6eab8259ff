/* src/cli/: the jobmatch command line, a client of include/jobmatch.h
 * only (tests/cli/layers.sh checks it, and the order of the stages).
 *
 * This file contains the helpers the subcommands share: option parsing,
 * engine setup, error messages, reading files and the JSON writer. */
#include "cli/cli.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

int cli_error(int status, const char *fmt, ...)
{
    va_list ap;
    fputs("jobmatch: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    return status;
}

/* Parses a whole decimal number into *out; 0 on success. */
static int parse_long(const char *s, long lo, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < lo) return -1;
    *out = v;
    return 0;
}

static int parse(int argc, char **argv, unsigned allowed, const char *usage,
                 cli_opts *o);

int cli_parse(int argc, char **argv, unsigned allowed, const char *usage,
              cli_opts *o)
{
    int st = parse(argc, argv, allowed, usage, o);
    if (st >= 0) {      /* done (help, version, usage error): nothing to keep */
        free(o->args);
        o->args = NULL;
    }
    return st;
}

static int parse(int argc, char **argv, unsigned allowed, const char *usage,
                 cli_opts *o)
{
    memset(o, 0, sizeof *o);
    o->min_score = -1.0;
    o->color = isatty(STDOUT_FILENO) && !getenv("NO_COLOR");
    o->args = calloc((size_t)argc + 1, sizeof *o->args);
    if (!o->args) return cli_error(EXIT_FAIL, "out of memory");

    int only_args = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *val = NULL;
        if (only_args || a[0] != '-' || !strcmp(a, "-")) {
            o->args[o->nargs++] = argv[i];
            continue;
        }
        if (!strcmp(a, "--")) { only_args = 1; continue; }
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(usage, stdout);
            return cli_finish(EXIT_OK);
        }
        if (!strcmp(a, "--version")) {
            printf("jobmatch %s\n", jm_version());
            return cli_finish(EXIT_OK);
        }
        /* --name=value is the same as --name value */
        char name[64];
        const char *eq = strchr(a, '=');
        size_t nlen = eq ? (size_t)(eq - a) : strlen(a);
        if (nlen >= sizeof name) nlen = sizeof name - 1;
        memcpy(name, a, nlen);
        name[nlen] = '\0';

        static const char *const with_value[] = {
            "--top", "--threads", "--model", "--lang", "--weights",
            "--lexicon", "--stopwords", "--skills", "--occupations", "--min-score", "-o",
            "--output",
            "--min-df", "--per",
        };
        for (size_t k = 0; k < sizeof with_value / sizeof *with_value; k++) {
            if (strcmp(name, with_value[k])) continue;
            if (eq) val = eq + 1;
            else if (i + 1 < argc) val = argv[++i];
            else return cli_error(EXIT_USAGE, "%s needs a value", name);
        }

        if (!strcmp(name, "--json")) o->json = 1;
        else if (!strcmp(name, "--top")) {
            if (parse_long(val, 1, &o->top))
                return cli_error(EXIT_USAGE, "--top: not a positive number: '%s'", val);
        } else if (!strcmp(name, "--threads")) {
            if (parse_long(val, 0, &o->threads) || o->threads > 1024)
                return cli_error(EXIT_USAGE, "--threads: not a number from 0 to 1024: '%s'", val);
        } else if (!strcmp(name, "--model")) o->model = val;
        else if (!strcmp(name, "--lang")) o->lang = val;
        else if (!strcmp(name, "--weights")) o->weights = val;
        else if (!strcmp(name, "--lexicon")) o->lexicon = val;
        else if (!strcmp(name, "--stopwords")) o->stopwords = val;
        else if (!strcmp(name, "--skills")) o->skills = val;
        else if (!strcmp(name, "--occupations")) o->occupations = val;
        else if (!strcmp(name, "--posting") && (allowed & OPT_POSTING)) o->posting = 1;
        else if (!strcmp(name, "--cvs") && (allowed & OPT_CVS)) o->cvs = 1;
        else if (!strcmp(name, "--dedup") && (allowed & OPT_DEDUP)) o->dedup = 1;
        else if (!strcmp(name, "--html") && (allowed & OPT_HTML)) o->html = 1;
        else if (!strcmp(name, "--finalize") && (allowed & OPT_FINALIZE)) o->finalize = 1;
        else if (!strcmp(name, "--min-df") && (allowed & OPT_FINALIZE)) {
            if (parse_long(val, 1, &o->min_df))
                return cli_error(EXIT_USAGE, "--min-df: not a positive number: '%s'", val);
        } else if (!strcmp(name, "--min-score") && (allowed & OPT_MIN_SCORE)) {
            char *end;
            o->min_score = strtod(val, &end);
            if (end == val || *end || !(o->min_score >= 0 && o->min_score <= 1))
                return cli_error(EXIT_USAGE, "--min-score: not a number from 0 to 1: '%s'", val);
        } else if (!strcmp(name, "--per") && (allowed & OPT_PER)) {
            if (!strcmp(val, "posting")) o->per_posting = 1;
            else if (strcmp(val, "cv"))
                return cli_error(EXIT_USAGE, "--per: 'cv' or 'posting', not '%s'", val);
        } else if ((!strcmp(name, "-o") || !strcmp(name, "--output")) && (allowed & OPT_OUTPUT))
            o->output = val;
        else
            return cli_error(EXIT_USAGE, "unknown option '%s' (see --help)", a);
    }
    return -1;
}

jm_engine *cli_engine(const cli_opts *o)
{
    jm_options opts = { .lang = o->lang, .model_path = o->model,
                        .lexicon_path = o->lexicon, .stopwords_path = o->stopwords,
                        .skills_path = o->skills, .occupations_path = o->occupations,
                        .weights = o->weights };
    jm_engine *e;
    int rc = jm_engine_new(&opts, &e);
    if (rc) {
        cli_error(rc == JM_EINVAL ? EXIT_USAGE : EXIT_FAIL, "%s",
                  e ? jm_errmsg(e) : jm_strerror(rc));
        jm_engine_free(e);
        /* an option value the engine refuses (--lang, a --weights spec) is
         * a usage error like an unknown option: end here with its status,
         * before anything was written */
        if (rc == JM_EINVAL) exit(EXIT_USAGE);
        return NULL;
    }
    return e;
}

char *cli_read_file(const char *path, size_t *len)
{
    FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
    size_t cap = 1 << 16, n = 0, got;
    char *buf;

    if (!f) {
        cli_error(EXIT_FAIL, "%s: %s", path, strerror(errno));
        return NULL;
    }
    buf = malloc(cap);
    while (buf && (got = fread(buf + n, 1, cap - n - 1, f)) > 0) {
        n += got;
        if (cap - n - 1 == 0) {
            char *nb = cap > ((size_t)-1) / 2 ? NULL : realloc(buf, cap * 2);
            if (!nb) { free(buf); buf = NULL; break; }
            buf = nb;
            cap *= 2;
        }
    }
    int err = ferror(f);
    if (f != stdin) fclose(f);
    if (!buf) {
        cli_error(EXIT_FAIL, "%s: out of memory", path);
        return NULL;
    }
    if (err) {
        cli_error(EXIT_FAIL, "%s: read error: %s", path, strerror(errno));
        free(buf);
        return NULL;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

jm_doc *cli_read_doc(jm_engine *e, jm_doc_type type, const char *path)
{
    size_t len;
    char *buf = cli_read_file(path, &len);
    jm_doc *d = NULL;
    if (!buf) return NULL;
    if (jm_doc_read(e, type, buf, len, path, &d))
        cli_error(EXIT_FAIL, "%s", jm_errmsg(e));
    free(buf);
    return d;
}

int cli_finish(int status)
{
    /* told once: --help finishes in the parser and again in the command */
    static int reported;
    if (fflush(stdout) != 0 || ferror(stdout)) {
        if (errno == EPIPE) return status;   /* closed pipe: end quietly */
        if (reported) return EXIT_FAIL;
        reported = 1;
        return cli_error(EXIT_FAIL, "write error: %s", strerror(errno));
    }
    return status;
}

size_t cli_utf8_seq(const unsigned char *s, size_t n)
{
    if (!n) return 0;
    unsigned c = s[0];
    size_t k;
    unsigned lo = 0x80, hi = 0xBF;   /* allowed range of the second byte */
    if (c < 0x80) return 1;
    if (c >= 0xC2 && c <= 0xDF) k = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        k = 3;
        if (c == 0xE0) lo = 0xA0;
        if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        k = 4;
        if (c == 0xF0) lo = 0x90;
        if (c == 0xF4) hi = 0x8F;
    } else return 0;
    if (n < k || s[1] < lo || s[1] > hi) return 0;
    for (size_t i = 2; i < k; i++)
        if ((s[i] & 0xC0) != 0x80) return 0;
    return k;
}

void json_str(FILE *f, const char *s, size_t len)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *u = (const unsigned char *)s;
    putc('"', f);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = u[i];
        switch (c) {
        case '"':  fputs("\\\"", f); break;
        case '\\': fputs("\\\\", f); break;
        case '\n': fputs("\\n", f); break;
        case '\r': fputs("\\r", f); break;
        case '\t': fputs("\\t", f); break;
        default:
            if (c < 0x20) {
                fputs("\\u00", f);
                putc(hex[c >> 4], f);
                putc(hex[c & 15], f);
            } else if (c < 0x80) {
                putc(c, f);
            } else {
                /* The library passes strings through as the input wrote
                 * them (a JSON posting's title may hold bytes that are not
                 * UTF-8): each invalid byte becomes U+FFFD, so that the
                 * output is always valid JSON. */
                size_t k = cli_utf8_seq(u + i, len - i);
                if (!k) fputs("\\ufffd", f);
                else fwrite(u + i, 1, k, f);
                if (k) i += k - 1;
            }
        }
    }
    putc('"', f);
}

void json_cstr(FILE *f, const char *s)
{
    if (s) json_str(f, s, strlen(s));
    else fputs("null", f);
}

void json_num(FILE *f, double v)
{
    if (!isfinite(v)) { fputs("null", f); return; }
    if (v == 0) { fputs("0", f); return; }   /* no "-0" */
    fprintf(f, "%.17g", v);
}

double cli_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

void cli_reporter_init(cli_reporter *r)
{
    r->tty = isatty(STDERR_FILENO);
    r->start = cli_now();
    r->shown = 0;
}

void cli_reporter_done(cli_reporter *r)
{
    if (r->shown) fputs("\r\033[K", stderr);
    r->shown = 0;
}

int cli_on_skip(void *ud, const char *file, size_t line, const char *reason)
{
    cli_reporter_done(ud);
    if (line) fprintf(stderr, "%s:%zu: %s\n", file, line, reason);
    else fprintf(stderr, "%s: %s\n", file, reason);
    return 0;
}

void cli_on_progress(void *ud, const jm_rank_stats *s)
{
    cli_reporter *r = ud;
    double t = cli_now() - r->start;
    if (!r->tty || t < 1.0) return;
    fprintf(stderr, "\r\033[K%llu postings, %.0f postings/s, %.1f MB/s",
            s->ranked + s->skipped, (double)(s->ranked + s->skipped) / t,
            (double)s->bytes / t / 1e6);
    r->shown = 1;
}

/* 1 when the word w[0..n) is a word of s. */
static int has_word(const char *s, const char *w, size_t n)
{
    while (*s) {
        while (*s == ' ') s++;
        size_t len = strcspn(s, " ");
        if (len == n && !strncasecmp(s, w, n)) return 1;
        s += len;
    }
    return 0;
}

int cli_term_repeats(const char *const *shown, size_t n, const char *term)
{
    if (!n) return 0;
    for (const char *w = term; *w;) {
        while (*w == ' ') w++;
        size_t len = strcspn(w, " ");
        if (!len) break;
        size_t i = 0;
        while (i < n && !has_word(shown[i], w, len)) i++;
        if (i == n) return 0;
        w += len;
    }
    return 1;
}

size_t cli_names_shown(const char *const *terms, size_t n, const char **out, size_t cap)
{
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        const char *t = terms[i];
        if (cli_term_repeats(out, m, t)) continue;
        size_t kept = 0, at = SIZE_MAX;
        for (size_t j = 0; j < m; j++) {       /* t takes their place */
            if (cli_term_repeats(&t, 1, out[j])) {
                if (at == SIZE_MAX) out[at = kept++] = t;
                continue;
            }
            out[kept++] = out[j];
        }
        m = kept;
        if (at == SIZE_MAX && m < cap) out[m++] = t;
    }
    return m;
}

void cli_result_json(const jm_rank_result *x)
{
    printf("{\"rank\":%zu,\"id\":", x->rank);
    json_cstr(stdout, x->id);
    fputs(",\"title\":", stdout);
    json_cstr(stdout, x->title);
    fputs(",\"company\":", stdout);
    json_cstr(stdout, x->company);
    fputs(",\"score\":", stdout);
    json_num(stdout, x->score);
    fputs(",\"coverage\":", stdout);
    json_num(stdout, x->coverage);
    fputs(",\"matched\":[", stdout);
    for (size_t k = 0; k < x->n_matched; k++) {
        if (k) putchar(',');
        json_cstr(stdout, x->matched[k]);
    }
    fputs("]}", stdout);
}

void cli_results_text(const jm_rank_result *res, size_t n, int cvs)
{
    if (n) printf("%4s  %-6s %-8s %s\n", "rank", "score", "coverage",
                  cvs ? "CV" : "title / company / id");
    for (size_t i = 0; i < n; i++) {
        const jm_rank_result *x = &res[i];
        printf("%4zu  %.3f  %5.1f%%   ", x->rank, x->score, x->coverage * 100);
        if (cvs) printf("%s\n", x->id);
        else
            printf("%s%s%s  [%s]\n", x->title ? x->title : "(no title)",
                   x->company ? " / " : "", x->company ? x->company : "", x->id);
        if (x->n_matched) {
            const char *shown[sizeof x->matched / sizeof x->matched[0]];
            size_t n_shown = cli_names_shown((const char *const *)x->matched,
                                             x->n_matched, shown,
                                             sizeof shown / sizeof shown[0]);
            fputs("                       matched: ", stdout);
            for (size_t k = 0; k < n_shown; k++)
                printf("%s%s", k ? ", " : "", shown[k]);
            putchar('\n');
        }
    }
}

size_t cli_sections_by_contribution(const jm_match *m, size_t *order, size_t cap)
{
    size_t n = 0;
    for (size_t i = 0; i < m->n_sections && n < cap; i++)
        if (m->sections[i].contribution > 0) order[n++] = i;
    for (size_t i = 1; i < n; i++)       /* insertion sort: stable, few rows */
        for (size_t j = i; j > 0 && m->sections[order[j]].contribution >
                                     m->sections[order[j - 1]].contribution; j--) {
            size_t t = order[j]; order[j] = order[j - 1]; order[j - 1] = t;
        }
    return n;
}

const char *cli_occupation_name(const jm_match *m)
{
    const char *what = m->n_occupations ? m->occupations[0].title : "none shared";
    for (size_t i = m->n_occupations; i-- > 0;)
        if (!strchr(m->occupations[i].code, 'x')) what = m->occupations[i].title;
    return what;
}

size_t cli_line_of(const char *buf, size_t len, size_t off)
{
    size_t line = 1;
    for (size_t i = 0; i < off && i < len; i++)
        if (buf[i] == '\n') line++;
    return line;
}

void cli_pair_free(cli_pair *in)
{
    jm_doc_free(in->cv);
    jm_doc_free(in->posting);
    jm_engine_free(in->e);
    free(in->cv_buf);
    free(in->o.args);
}

int cli_load_pair(int argc, char **argv, unsigned allowed, const char *usage,
                  cli_pair *in)
{
    memset(in, 0, sizeof *in);
    int st = cli_parse(argc, argv, allowed, usage, &in->o);
    if (st >= 0) return st;
    if (in->o.nargs != 2)
        return cli_error(EXIT_USAGE, "%s takes CV and POSTING (see --help)", argv[0]);
    if (!(in->e = cli_engine(&in->o))) return EXIT_FAIL;
    const char *cv_path = in->o.args[0], *p_path = in->o.args[1];
    if (!(in->cv_buf = cli_read_file(cv_path, &in->cv_len))) return EXIT_FAIL;
    if (jm_doc_read(in->e, JM_DOC_CV, in->cv_buf, in->cv_len, cv_path, &in->cv))
        return cli_error(EXIT_FAIL, "%s", jm_errmsg(in->e));
    if (!(in->posting = cli_read_doc(in->e, JM_DOC_POSTING, p_path)))
        return EXIT_FAIL;
    return -1;
}

FILE *cli_output_open(const char *path, int *created)
{
    struct stat st;
    *created = 0;
    if (!path || !strcmp(path, "-")) return stdout;
    *created = lstat(path, &st) != 0 && errno == ENOENT;
    FILE *f = fopen(path, "w");
    if (!f) cli_error(EXIT_FAIL, "%s: %s", path, strerror(errno));
    return f;
}

int cli_output_close(FILE *f, const char *path, int created, int status)
{
    if (f == stdout) return cli_finish(status);
    int bad = ferror(f);
    if (fclose(f) != 0) bad = 1;
    if (bad) status = cli_error(EXIT_FAIL, "%s: write error: %s", path, strerror(errno));
    /* no half page; but only a file this run made (never /dev/full, or a
     * file that was there before) */
    if (status != EXIT_OK && status != EXIT_SKIPPED && created) remove(path);
    return cli_finish(status);
}

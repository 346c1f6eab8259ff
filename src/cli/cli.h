/* This file declares what the subcommands of the jobmatch command line
 * share: option parsing, the engine setup, JSON output and exit codes. The
 * CLI is only a client of the library: it includes jobmatch.h, nothing of
 * src/. */
#ifndef JM_CLI_H
#define JM_CLI_H

#include <stdio.h>
#include "jobmatch.h"

/* Exit statuses (the CLI contract in jobmatch(1), EXIT STATUS). */
enum {
    EXIT_OK = 0,        /* success */
    EXIT_FAIL = 1,      /* runtime failure: unreadable file, bad input, write error */
    EXIT_USAGE = 2,     /* usage error */
    EXIT_SKIPPED = 3    /* finished, but records were skipped */
};

/* Flags a subcommand accepts, beyond the common ones. */
enum {
    OPT_POSTING   = 1u << 0,  /* --posting */
    OPT_CVS       = 1u << 1,  /* --cvs */
    OPT_MIN_SCORE = 1u << 2,  /* --min-score S */
    OPT_DEDUP     = 1u << 3,  /* --dedup */
    OPT_OUTPUT    = 1u << 4,  /* -o FILE */
    OPT_FINALIZE  = 1u << 5,  /* --min-df N, --finalize */
    OPT_HTML      = 1u << 6,  /* --html */
    OPT_PER       = 1u << 7   /* --per cv|posting */
};

typedef struct {
    int json;                 /* --json */
    long top;                 /* --top N (0: the command's default) */
    long threads;             /* --threads N (0: all cores) */
    const char *model;        /* --model FILE */
    const char *lang;         /* --lang NAME */
    const char *weights;      /* --weights SPEC|@FILE */
    const char *lexicon;      /* --lexicon FILE */
    const char *stopwords;    /* --stopwords FILE */
    const char *skills;       /* --skills FILE (skills model) */
    const char *occupations;  /* --occupations FILE|none (job titles) */
    int posting;              /* --posting */
    int cvs;                  /* --cvs */
    double min_score;         /* --min-score S */
    int dedup;                /* --dedup */
    const char *output;       /* -o FILE */
    int html;                 /* --html */
    int finalize;             /* --finalize */
    int per_posting;          /* --per posting (else --per cv) */
    long min_df;              /* --min-df N (0: the default) */
    int color;                /* stdout is a terminal (and NO_COLOR unset) */
    int nargs;                /* positional arguments */
    char **args;
} cli_opts;

/* Parses argv (after the subcommand name). allowed is a set of OPT_* bits.
 * usage is printed for --help. Returns -1 to go on (free o->args when
 * done), or an exit status after printing help or a usage error (o->args
 * is then already freed). */
int cli_parse(int argc, char **argv, unsigned allowed, const char *usage,
              cli_opts *o);

/* Makes the engine from the options; prints the reason and returns NULL on
 * failure, or exits with EXIT_USAGE when an option's value is refused (an
 * unknown --lang, a bad --weights spec). */
jm_engine *cli_engine(const cli_opts *o);

/* Prints "jobmatch: " + message to stderr; returns status. */
int cli_error(int status, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Reads a whole file ("-" for stdin); prints an error naming it and
 * returns NULL on failure. Free with free(). */
char *cli_read_file(const char *path, size_t *len);

/* Reads and parses a document; prints an error naming the file. */
jm_doc *cli_read_doc(jm_engine *e, jm_doc_type type, const char *path);

/* The 1-based line of byte offset off in buf[0..len). */
size_t cli_line_of(const char *buf, size_t len, size_t off);

/* The loaded inputs of a two-document command (score, gaps, report). */
typedef struct {
    cli_opts o;         /* the parsed options */
    jm_engine *e;       /* the engine they made */
    char *cv_buf;       /* the CV's bytes (for line numbers) */
    size_t cv_len;
    jm_doc *cv, *posting;   /* the documents read */
} cli_pair;

/* Parses options (the common ones and allowed, OPT_* bits) and reads CV
 * and POSTING; returns -1 when ready, else an exit status (after printing
 * the reason). Free with cli_pair_free() either way. */
int cli_load_pair(int argc, char **argv, unsigned allowed, const char *usage,
                  cli_pair *in);
void cli_pair_free(cli_pair *in);

/* The stream a command writes its page to: the file path (-o), or stdout
 * when path is NULL or "-". *created tells whether the file is new (did
 * not exist before). Prints an error naming the file and returns NULL when
 * it cannot be opened. */
FILE *cli_output_open(const char *path, int *created);
/* Closes f (stdout: flushes it, see cli_finish); a write error becomes
 * EXIT_FAIL with a message naming path. On a failure (status or write), a
 * file that cli_output_open() created is removed, so that no half page is
 * left; one that existed before is never removed. Returns the status. */
int cli_output_close(FILE *f, const char *path, int created, int status);

/* Flushes stdout; a write error becomes EXIT_FAIL with a message. */
int cli_finish(int status);

/* JSON output: a minimal streaming writer (numbers with 17 significant
 * digits so that sums can be re-checked from the output). */
void json_str(FILE *f, const char *s, size_t len);  /* a quoted string */
void json_cstr(FILE *f, const char *s);             /* NULL prints null */
void json_num(FILE *f, double v);

/* Reports skips and progress of a long run on stderr: progress only on a
 * terminal, and only once the run has taken more than a second. */
typedef struct {
    int tty;                  /* stderr is a terminal */
    double start;             /* when the run started (cli_now) */
    int shown;                /* a progress line is on screen */
} cli_reporter;

/* Monotonic seconds. */
double cli_now(void);
/* Starts a reporter. */
void cli_reporter_init(cli_reporter *r);
/* jm_skip_fn: prints FILE:LINE: reason (ud: a cli_reporter). */
int cli_on_skip(void *ud, const char *file, size_t line, const char *reason);
/* jm_progress_fn: postings, postings/s and MB/s (ud: a cli_reporter). */
void cli_on_progress(void *ud, const jm_rank_stats *s);
/* Clears the progress line, if shown. */
void cli_reporter_done(cli_reporter *r);

/* 1 when every word of term (words: runs between spaces, compared without
 * ASCII case) is a word of one of the n terms shown before it. A phrase
 * and its words are distinct terms with parts of their own ("Web
 * Developer", "Developer", "Web"), but a list that shows the words and
 * then the phrase, or the phrase and then a word, reads as a repeat: the
 * text lists skip such a term (the JSON lists keep every term). */
int cli_term_repeats(const char *const *shown, size_t n, const char *term);

/* The names of a list of terms (rank's matched words) as the text shows
 * them, at most cap into out: a term whose words are all shown is skipped,
 * and a phrase takes the place of the shown terms whose words it has
 * ("Developer, Web Developer, Web" shows "Web Developer"). Returns how many. */
size_t cli_names_shown(const char *const *terms, size_t n, const char **out, size_t cap);

/* One result of rank (or match) as a JSON object. */
void cli_result_json(const jm_rank_result *x);
/* Results as rank prints them in text: a header and a block per result
 * (cvs: named by id only, as CVs are). */
void cli_results_text(const jm_rank_result *res, size_t n, int cvs);

/* The length of the valid UTF-8 sequence at s[0..n) (RFC 3629: no
 * overlong forms, no surrogates, nothing above U+10FFFF), 0 if invalid or
 * n is 0. */
size_t cli_utf8_seq(const unsigned char *s, size_t n);

/* The CV sections of m with a positive contribution, largest first (ties
 * in document order), as indexes into m->sections: at most cap of them
 * written to order; returns how many. */
size_t cli_sections_by_contribution(const jm_match *m, size_t *order, size_t cap);

/* The name of m's occupation part: the shared occupation (not a group)
 * that adds most, else the first group, else "none shared". Owned by m. */
const char *cli_occupation_name(const jm_match *m);

/* Subcommands: each returns an exit status. */
int cmd_analyze(int argc, char **argv);
int cmd_sections(int argc, char **argv);
int cmd_model(int argc, char **argv);
int cmd_score(int argc, char **argv);
int cmd_gaps(int argc, char **argv);
int cmd_keywords(int argc, char **argv);
int cmd_rank(int argc, char **argv);
int cmd_match(int argc, char **argv);

int cmd_report(int argc, char **argv);

#endif

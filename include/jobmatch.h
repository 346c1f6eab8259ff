/* jobmatch.h -- the one public header of libjobmatch.
 *
 * jobmatch scores a CV against job postings with TF-IDF weights learned from
 * a background corpus of real postings, explains every score section by
 * section and term by term, suggests missing keywords and ranks postings.
 *
 * Conventions, stated once for the whole API:
 *  - Every function that can fail returns an int status: JM_OK (0) or one of
 *    the jm_status codes. The detailed message of the last failure is kept on
 *    the handle that was passed in (jm_errmsg()), never in a global.
 *  - Handles are opaque, made by *_new() and released by *_free(); every
 *    *_free() accepts NULL. A constructor that fails half-way frees what it
 *    built; jm_engine_new() is the one exception (see there).
 *  - Strings are UTF-8 with an explicit length; they need not be
 *    NUL-terminated unless a parameter says so.
 *  - Byte offsets (start, end) always refer to the input as it was passed
 *    in, before any cleaning, repair or normalization; end is exclusive.
 *  - The library never prints and never exits.
 *  - A jm_engine is not thread-safe; use one per thread. jm_rank_*() runs its
 *    own threads internally.
 */
#ifndef JOBMATCH_H
#define JOBMATCH_H

#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define JM_VERSION "0.1.0"

/* ---------------------------------------------------------------------- */
/* Errors                                                                  */
/* ---------------------------------------------------------------------- */

typedef enum {
    JM_OK = 0,      /* success */
    JM_ENOMEM,      /* an allocation failed */
    JM_EIO,         /* a file could not be opened, read or written */
    JM_EINPUT,      /* the input is malformed; the message names where */
    JM_EMODEL,      /* a model file is damaged, truncated or incompatible */
    JM_EINVAL,      /* an invalid argument: unknown language, bad weights */
    JM_ESTOP        /* a callback asked to stop; not an error of the input */
} jm_status;

/* The fixed, static description of a status code ("out of memory", ...).
 * Never NULL; unknown codes give "unknown error". */
const char *jm_strerror(int code);

/* The library version string, the same as JM_VERSION at build time. */
const char *jm_version(void);

/* ---------------------------------------------------------------------- */
/* Engine: the shared configuration (language, stopwords, lexicon, model,  */
/* section weights) and a per-engine analyzer with its stem cache.         */
/* ---------------------------------------------------------------------- */

typedef struct jm_engine jm_engine;

typedef struct {
    const char *lang;           /* Snowball language name; NULL: "english" */
    const char *model_path;     /* model file; NULL: the built-in default;
                                   "" or "none": no model (all idf equal) */
    const char *lexicon_path;   /* alias lexicon file; NULL: built-in */
    const char *stopwords_path; /* stopword list; NULL: built-in */
    const char *skills_path;    /* skills model (df over skill statements,
                                   used to rank keywords); NULL: built-in;
                                   "none": every term alike */
    const char *occupations_path; /* occupation titles (the format of
                                   data/occupations.tsv); NULL: built-in
                                   (O*NET); "none": no occupation match */
    const char *weights;        /* section weight overrides, e.g.
                                   "skills=1.5,awards=0", or "@FILE" to read
                                   them from FILE; NULL: the defaults */
} jm_options;

/* Creates an engine. opts may be NULL for all defaults.
 * Like sqlite3_open(), *out is set even on failure (unless the engine could
 * not be allocated at all, then *out is NULL and JM_ENOMEM is returned), so
 * that jm_errmsg(*out) can say what went wrong; free it with jm_engine_free().
 */
int jm_engine_new(const jm_options *opts, jm_engine **out);
void jm_engine_free(jm_engine *e);

/* The message of the last failure on e: owned by e, valid until the next
 * call on e. Never NULL ("" when there was none; "out of memory" for NULL). */
const char *jm_errmsg(const jm_engine *e);

/* ---------------------------------------------------------------------- */
/* Analyzer: text to terms                                                 */
/* ---------------------------------------------------------------------- */

/* Token flags. */
#define JM_TOKEN_LEXICON 1u  /* the term comes from the alias lexicon */
#define JM_TOKEN_PHRASE  2u  /* a phrase term known to the model (it is
                                emitted in addition to its words) */
#define JM_TOKEN_PAIR    4u  /* a pair term: two adjacent words the model
                                has no phrase for, "a|b" (jm_doc_terms()
                                only; see jm_score()) */

typedef struct {
    const char *text;      /* the token as written: points into the input */
    size_t text_len;
    const char *term;      /* the term: a stem, a canonical lexicon entry or
                              a phrase; owned by the engine, valid only
                              during the callback */
    size_t term_len;
    size_t start, end;     /* byte offsets of the token in the input */
    unsigned flags;        /* JM_TOKEN_* */
} jm_token;

/* Called once per term-bearing token, in text order (a phrase term comes
 * right after its last word). Returns 0 to go on, nonzero to stop (then
 * jm_analyze() returns JM_ESTOP). */
typedef int (*jm_token_fn)(void *ud, const jm_token *tok);

/* Splits text into terms: UTF-8 decoding (invalid bytes replaced), case
 * folding, punctuation normalization, tech-term aware tokenizing, contact
 * details (emails, URLs, phones) and stopwords dropped, lexicon aliases and
 * multi-word skills resolved, the rest stemmed. */
int jm_analyze(jm_engine *e, const char *text, size_t len,
               jm_token_fn fn, void *ud);

/* ---------------------------------------------------------------------- */
/* Documents: CVs and postings split into sections                         */
/* ---------------------------------------------------------------------- */

typedef enum {
    /* CV sections */
    JM_SEC_CONTACT, JM_SEC_SUMMARY, JM_SEC_SKILLS, JM_SEC_EXPERIENCE,
    JM_SEC_PROJECTS, JM_SEC_EDUCATION, JM_SEC_PUBLICATIONS, JM_SEC_PATENTS,
    JM_SEC_AWARDS, JM_SEC_CERTIFICATIONS, JM_SEC_LANGUAGES, JM_SEC_LINKS,
    JM_SEC_VOLUNTEERING, JM_SEC_INTERESTS, JM_SEC_REFERENCES,
    /* posting sections */
    JM_SEC_TITLE, JM_SEC_RESPONSIBILITIES, JM_SEC_REQUIREMENTS,
    JM_SEC_PREFERRED, JM_SEC_ABOUT, JM_SEC_BENEFITS, JM_SEC_LEGAL,
    /* either */
    JM_SEC_OTHER,
    JM_SEC_COUNT            /* number of kinds, not a kind */
} jm_section_kind;

/* "skills", "requirements", ... (static string, never NULL). */
const char *jm_section_kind_name(jm_section_kind kind);
/* The kind named name (as jm_section_kind_name() spells it); returns
 * JM_EINVAL for an unknown name. */
int jm_section_kind_parse(const char *name, size_t len, jm_section_kind *out);

typedef enum { JM_DOC_CV, JM_DOC_POSTING } jm_doc_type;

typedef struct {
    jm_section_kind kind;
    const char *heading;   /* the heading as written (points into the
                              document's copy of the input), NULL if none */
    size_t heading_len;
    size_t line;           /* 1-based line of the heading (or of the
                              section's first byte when it has none) */
    size_t start, end;     /* byte range in the input as read; start is the
                              heading's first byte */
} jm_section;

typedef struct jm_doc jm_doc;

/* Reads one document from buf (a whole file's bytes). name is used in
 * messages and as the id of a plain-text posting (NUL-terminated, may be
 * NULL). The format is detected: Markdown or plain text, JSON (a JSON
 * Resume for a CV, a posting object for a posting). A Markdown or text CV
 * is mended where a PDF export damaged its words, by e's model (see
 * jm_doc_repairs). The document keeps its own copy of buf. On failure *out
 * is NULL and the message is on e. */
int jm_doc_read(jm_engine *e, jm_doc_type type, const char *buf, size_t len,
                const char *name, jm_doc **out);
void jm_doc_free(jm_doc *d);

/* How jm_doc_read_as() reads a document. */
typedef enum {
    JM_FORMAT_AUTO,     /* detected, as jm_doc_read() does */
    JM_FORMAT_TEXT,     /* Markdown or plain text, even when it starts
                           like JSON ("{name}" on a CV's first line) */
    JM_FORMAT_JSON      /* JSON (a JSON Resume or a posting object); text
                           that is not JSON fails with JM_EINPUT */
} jm_format;

/* jm_doc_read() with the format given instead of detected, for callers
 * who know it where sniffing is not enough. */
int jm_doc_read_as(jm_engine *e, jm_doc_type type, jm_format format, const char *buf,
                   size_t len, const char *name, jm_doc **out);

/* Sections, in document order; owned by d, valid while d lives. */
const jm_section *jm_doc_sections(const jm_doc *d, size_t *n);

/* Posting fields (NUL-terminated, owned by d; NULL when absent). A JSON
 * Resume's "id" is its jm_doc_id() too. */
const char *jm_doc_id(const jm_doc *d);
const char *jm_doc_title(const jm_doc *d);
const char *jm_doc_company(const jm_doc *d);

/* The document's input as read: the copy of buf that jm_doc_read() kept
 * (*len bytes, NUL-terminated), owned by d and valid while d lives. Every
 * offset of the API (sections, terms, repairs) points into it, so that a
 * client can show the text as written and mark what the offsets name. */
const char *jm_doc_input(const jm_doc *d, size_t *len);

/* What a PDF-to-text converter broke in a CV and the reader mended before
 * analysis (Markdown and text CVs, with a model; jobmatch(1), REPAIRS OF PDF
 * TEXT). A CV that needs them reads wrongly to other software too: the
 * CLI shows them so that the CV's owner can fix the file. */
typedef enum {
    JM_REPAIR_GLUED,       /* words glued by a lost break, split:
                              "DeveloperLocation" -> "Developer Location" */
    JM_REPAIR_SPACED,      /* a letter-spaced word joined: "S enior" ->
                              "Senior" */
    JM_REPAIR_LIGATURE     /* a lost ligature put back: "Soware" ->
                              "Software" */
} jm_repair_kind;

typedef struct {
    jm_repair_kind kind;
    size_t start, end;     /* the words as written: bytes of the input as
                              read */
    const char *read_as;   /* what they were read as (NUL-terminated) */
} jm_repair;

/* A CV's repairs in the order of its sections' texts; owned by d, valid
 * while d lives. *n is 0 (and NULL returned) when there is none. */
const jm_repair *jm_doc_repairs(const jm_doc *d, size_t *n);
/* "glued", "spaced", "ligature" (static, never NULL). */
const char *jm_repair_kind_name(jm_repair_kind kind);

/* ---------------------------------------------------------------------- */
/* Scoring, explanation, gaps and keywords                                 */
/* ---------------------------------------------------------------------- */
/*
 * A document's vector: for each term t, tf(t) = sum over sections s of
 * weight(kind of s) x count of t in s (the section-weighted count); the
 * term's weight is x(t) = ln(1 + tf(t)) x idf(t), non-negative for any
 * section weight; idf(t) = ln((1 + N) / (1 + df(t))) + 1 from the model.
 * score = sum_t x_cv(t) x_posting(t) / (cv_norm x posting_norm), the cosine,
 * in [0, 1]; cv_norm and posting_norm are the vectors' L2 norms.
 * An occupation noun (developer, engineer) in the posting's title or in the
 * CV's contact block or summary counts a second time as the role term
 * "^developer" (5 times its count, twice its idf); the posting's only when
 * the CV has role terms. Role terms are matched terms like any other, never
 * gaps or keywords.
 * Two adjacent words that the model knows no phrase for (same clause,
 * nothing dropped between them) count as the pair term "a|b" too, at the
 * idf of the rarer word: the bigram evidence of words written side by
 * side ("data pipelines", "case management"), without a model entry for
 * every pair. Pair terms are matched terms like any other (shown by the
 * posting's words), never gaps or keywords: their words are.
 * Occupations (O*NET job titles: "Java developer", "QA engineer") named in
 * the CV (any section of non-zero weight) and in the posting's title make
 * two more vectors (see src/score/occupation.h); their cosine is the occupation
 * match. With o the occupation weight (0.15; --weights occupation=N), when
 * o > 0 and the CV names an occupation (a posting whose title names none
 * matches none):
 *   score = (cosine + o x occupation match) / (1 + o),
 * else score = cosine. Every term and section contribution below is the
 * cosine's part scaled by the same 1 / (1 + o), so that the sections and
 * the occupation part add up to score.
 * coverage = sum of x_posting(t) over the posting's terms that the CV has,
 * divided by the sum of x_posting(t) over all of the posting's terms: the
 * share of the posting's keyword weight the CV covers, in [0, 1].
 */

typedef struct {
    const char *term;      /* the term (stem, canonical entry, phrase,
                              pair "a|b" or role term "^word") */
    const char *display;   /* as the posting writes it */
    double idf;            /* idf(t) */
    double cv_tf;          /* weighted count in the whole CV */
    double section_tf;     /* weighted count in this CV section (for matched
                              terms overall: equal to cv_tf) */
    double posting_tf;     /* weighted count in the posting */
    double contribution;   /* this section's share of the term's part of the
                              score: x_cv x x_posting / (cv_norm x
                              posting_norm) x section_tf / cv_tf */
    jm_section_kind section;   /* CV section kind of the evidence */
    size_t start, end;     /* first evidence in the CV (bytes as read) */
    /* The matched list shows a word and its role term (the same word in a
     * headline, summary or title, term "^word": README "Role terms") as
     * one entry, the word's: contribution then includes the role term's
     * part, role_contribution = ln(1 + role_cv_tf) x role_idf x
     * ln(1 + role_posting_tf) x role_idf / (cv_norm x posting_norm x
     * (1 + o)). All four are 0 in section term lists (where "^word" is an
     * entry of its own) and for a word without a matched role term. */
    double role_idf;       /* idf of the role term (its word's, doubled) */
    double role_cv_tf;     /* the role term's weighted count in the CV */
    double role_posting_tf;    /* ... and in the posting */
    double role_contribution;  /* its part of contribution */
} jm_term_score;

typedef struct {
    jm_section_kind kind;  /* kind of the CV section */
    const char *heading;   /* as written in the CV, NULL if none */
    size_t heading_len;
    double weight;         /* the section weight applied to its counts */
    double contribution;   /* sum of its terms' contributions */
    const jm_term_score *terms;  /* every contributing term, by contribution */
    size_t n_terms;
} jm_section_score;

typedef struct {
    const char *term;      /* the term */
    const char *display;   /* as the posting writes it (its own bytes) */
    double idf;            /* idf(t) */
    double posting_tf;     /* weighted count in the posting */
    double weight;         /* gaps: x_posting(t) = ln(1 + posting_tf) x idf;
                              keywords: x_posting(t) x skill */
    double skill;          /* keywords: how much the term names a skill,
                              (1 + ln(1 + n))^2 for n skill statements
                              containing it (1 in gaps) */
    double gain;           /* for gaps: the new score minus the old if the
                              display text were added once to `section` */
    jm_section_kind section;          /* CV section it belongs in (gaps) */
    jm_section_kind posting_section;  /* posting section it comes from:
                                         the one where it weighs most */
} jm_keyword;

typedef struct {
    const char *code;      /* O*NET-SOC code ("15-1252.00"), or a group's
                              ("15-125x", "15-12xx") */
    const char *title;     /* O*NET's title ("Software Developers"; for a
                              group "group of " and its first member's) */
    double cv_weight;      /* weight in the CV's occupation vector */
    double posting_weight; /* weight in the posting's */
    double contribution;   /* its part of score */
} jm_occupation_score;

typedef struct {
    double score;          /* [0, 1], see above */
    double coverage;       /* share of the posting's keyword weight covered */
    double cv_norm;        /* L2 norm of the CV vector */
    double posting_norm;   /* L2 norm of the posting vector */
    const jm_section_score *sections;  /* every CV section, document order */
    size_t n_sections;
    const jm_term_score *matched;      /* terms in both, by contribution */
    size_t n_matched;
    const jm_keyword *missing;         /* gaps: posting terms the CV lacks
                                          whose gain is positive, by gain */
    size_t n_missing;
    double cosine;                     /* the term vectors' cosine */
    double occupation;                 /* the occupation match, [0, 1] */
    double occupation_weight;          /* o, or 0 where the part does not
                                          apply (the CV names none) */
    double occupation_contribution;    /* its part of score */
    const jm_occupation_score *occupations;  /* occupations (and groups)
                                          both name, by contribution */
    size_t n_occupations;
} jm_match;

/* Scores cv against posting and explains it. The per-section contributions
 * and occupation_contribution add up to score, and each section's term
 * contributions to the section's contribution (up to rounding, 1e-9). *out
 * is owned by the caller: free it with jm_match_free(); its strings live as
 * long as it does. */
int jm_score(jm_engine *e, const jm_doc *cv, const jm_doc *posting,
             jm_match **out);
void jm_match_free(jm_match *m);

/* What a posting asks for: its terms and lexicon entries (not the model's
 * phrases) by weight, x_posting(t) x skill(t), boilerplate (benefits,
 * legal) left out. *out (n entries) is freed with
 * jm_keywords_free(). */
int jm_keywords(jm_engine *e, const jm_doc *posting, jm_keyword **out,
                size_t *n);
void jm_keywords_free(jm_keyword *k, size_t n);

/* One occurrence of a term in a document, as jm_score() counts it. */
typedef struct {
    const char *term;      /* the term (as in jm_term_score.term); valid
                              only during the callback */
    size_t term_len;
    size_t section;        /* index into jm_doc_sections() */
    size_t start, end;     /* the words as written: bytes of the input as
                              read (jm_doc_input); a phrase spans its words */
    unsigned flags;        /* JM_TOKEN_* */
} jm_doc_term;

/* Called once per occurrence, in section order and text order within a
 * section (a phrase right after its last word), a section's pair terms
 * (JM_TOKEN_PAIR) after its other terms. Nonzero stops the run
 * (jm_doc_terms() then returns JM_ESTOP). */
typedef int (*jm_doc_term_fn)(void *ud, const jm_doc_term *t);

/* Calls fn for every term occurrence that jm_score() counts in d: each
 * section of non-zero weight (for d's type), its cleaned and repaired text
 * analyzed, with offsets mapped back to the input. Role terms ("^developer")
 * are second counts of a word and are not reported apart from it. This is
 * the evidence a client marks when it shows the text (jobmatch report).
 * JM_OK, JM_ENOMEM or JM_ESTOP. */
int jm_doc_terms(jm_engine *e, const jm_doc *d, jm_doc_term_fn fn, void *ud);

/* ---------------------------------------------------------------------- */
/* Background models: document frequencies from a corpus of postings       */
/* ---------------------------------------------------------------------- */
/*
 * `model build` counts, for every term and every pair of adjacent terms
 * (term b directly after term a in one clause), the documents and the
 * occurrences: a "counts" file with exact counts and no paths or times, so
 * that the counts of shards add up (jm_model_merge) to the very bytes that
 * counting the whole corpus gives. jm_model_finalize() then prunes rare
 * terms and keeps the pairs that are phrases: a "final" model, which is
 * what jm_options.model_path loads. Model files are text (see src/model/model.c
 * and corpora/README.md for the format, the phrase test and the defaults).
 */

/* Called for each malformed record that model build skips: file and line
 * (1-based; 0 for a whole file) say where, reason why (valid during the
 * call). Return 0 to go on, nonzero to stop (the build returns JM_ESTOP and
 * writes nothing). */
typedef int (*jm_skip_fn)(void *ud, const char *file, size_t line,
                          const char *reason);

/* Finalizing parameters; a zero field takes its default. */
typedef struct {
    long min_df;           /* keep terms found in >= min_df documents (2) */
    long phrase_min_df;    /* a phrase must be in >= this many documents (5) */
    double phrase_min_g2;  /* ... and reach this log-likelihood ratio G2
                              (see corpora/README.md) */
} jm_finalize_options;

/* What a model command counted and wrote. */
typedef struct {
    unsigned long long docs;     /* documents in the model */
    unsigned long long skipped;  /* malformed records skipped (build) */
    unsigned long long terms;    /* term lines written */
    unsigned long long pairs;    /* pair lines written (phrases, if final) */
} jm_model_stats;

/* Counts the postings in paths[0..n) (JSON Lines, text or Markdown files,
 * folders, "-" for stdin) with e's analyzer and writes a model to out_path
 * (replaced atomically): counts when fin is NULL, else finalized with fin.
 * Build with an engine made with model_path "none", so that the counts do
 * not depend on a model. Malformed records go to skip (may be NULL) and
 * are counted in stats (may be NULL); they are not errors. */
int jm_model_build_write(jm_engine *e, const char *const *paths, size_t n,
                         const char *out_path, const jm_finalize_options *fin,
                         jm_skip_fn skip, void *ud, jm_model_stats *stats);

/* Adds the counts files in[0..n) (made by the same analyzer) into out_path. */
int jm_model_merge(jm_engine *e, const char *const *in, size_t n,
                   const char *out_path, jm_model_stats *stats);

/* Finalizes counts file in_path into out_path (fin may be NULL). */
int jm_model_finalize(jm_engine *e, const char *in_path, const char *out_path,
                      const jm_finalize_options *fin, jm_model_stats *stats);

/* A term with its document frequency. */
typedef struct {
    const char *term;      /* the term; a phrase is "a b" */
    long long df;          /* documents with it */
} jm_model_term;

/* A summary of a model file. Every pointer is owned by it and valid until
 * jm_model_info_free(). */
typedef struct {
    const char *kind;          /* "final" or "counts" */
    const char *lang;          /* language of the analyzer that counted */
    const char *analyzer;      /* its fingerprint, 16 hex digits */
    const char *lexicon;       /* hash of its lexicon, 16 hex digits */
    const char *stopwords;     /* hash of its stopword list, 16 hex digits */
    unsigned long long docs;   /* documents counted */
    unsigned long long terms;  /* vocabulary size */
    unsigned long long phrases;  /* phrases (final) or adjacent pairs (counts) */
    long long min_df, phrase_min_df;   /* finalizing parameters (final) */
    double phrase_min_g2;
    const jm_model_term *most;   /* most frequent terms, by df, then bytes */
    size_t n_most;
    const jm_model_term *least;  /* least frequent terms, rarest first */
    size_t n_least;
    const jm_model_term *top_phrases;  /* most frequent phrases or pairs */
    size_t n_top_phrases;
} jm_model_info;

/* Reads the model file path (NULL: the built-in model) and summarizes it
 * with up to k terms in each list. Checks the format and checksum, not the
 * analyzer. Free *out with jm_model_info_free(). */
int jm_model_info_read(jm_engine *e, const char *path, size_t k,
                       jm_model_info **out);
void jm_model_info_free(jm_model_info *info);

/* Writes the occupation title table of e (its titles: the built-in ones or
 * jm_options.occupations_path), analyzed now with e's analyzer, to path in
 * the compiled form that the library embeds as data/occupations.bin
 * (`make model`), so that an engine loads the default titles without
 * analyzing them. The bytes depend only on the titles and the analyzer;
 * an engine whose analyzer differs (fingerprint) builds its table from the
 * titles instead. JM_OK, JM_EIO (message names path), JM_ENOMEM, JM_EINVAL
 * (occupations_path "none"). */
int jm_occupations_write(jm_engine *e, const char *path);

/* ---------------------------------------------------------------------- */
/* Ranking                                                                 */
/* ---------------------------------------------------------------------- */

typedef struct {
    size_t top;            /* results kept; 0: 10 */
    int threads;           /* threads for jm_rank_postings; 0: all cores */
    double min_score;      /* results scoring below this are dropped */
    int dedup;             /* drop postings whose title and description
                              repeat an earlier one (counted in stats) */
    int explain;           /* jm_rank_postings: keep each result's full
                              explanation (jm_rank_result.match); the
                              results of jm_rank_cvs have none */
} jm_rank_options;

typedef struct {
    size_t rank;           /* 1-based */
    char *id;              /* the record's own id; for a file its name; for
                              a JSON line without an id "FILE:LINE" */
    char *title, *company; /* NULL when absent */
    double score;          /* as jm_score() gives it */
    double coverage;       /* as jm_score() gives it */
    char *matched[3];      /* the top matched terms, as the posting writes
                              them */
    size_t n_matched;
    char *file;            /* where the record was read */
    size_t line;           /* its 1-based line, 0 for a whole file */
    size_t input_index;    /* 0-based position among the records scored */
    jm_match *match;       /* with jm_rank_options.explain: the result's
                              jm_score(), owned by the results (freed by
                              jm_rank_results_free()); else NULL */
} jm_rank_result;

typedef struct {
    unsigned long long ranked;     /* good records scored (all, not only
                                      those kept) */
    unsigned long long skipped;    /* malformed records skipped */
    unsigned long long duplicates; /* records dropped by dedup */
    unsigned long long bytes;      /* bytes read */
} jm_rank_stats;

/* Called now and then (about four times a second) during a long ranking,
 * on the calling thread. */
typedef void (*jm_progress_fn)(void *ud, const jm_rank_stats *stats);

/* Ranks the postings in paths[0..n) (JSON Lines, text or Markdown files,
 * folders, "-" for stdin; see src/read/corpus.h) for cv, streaming in bounded
 * memory, on opt->threads threads. Ties are broken by input order, so the
 * results are the same for any thread count. Malformed records go to skip
 * (may be NULL; nonzero stops the run with JM_ESTOP) and are counted in
 * stats. *out (n_out results, best first) is freed with
 * jm_rank_results_free(). */
int jm_rank_postings(jm_engine *e, const jm_doc *cv, const char *const *paths,
                     size_t n, const jm_rank_options *opt, jm_skip_fn skip,
                     jm_progress_fn progress, void *ud, jm_rank_result **out,
                     size_t *n_out, jm_rank_stats *stats);

/* Ranks the CVs in paths[0..n) (files or folders: Markdown, text, JSON
 * Resume) for one posting, each scored in full by jm_score(). */
int jm_rank_cvs(jm_engine *e, const jm_doc *posting, const char *const *paths,
                size_t n, const jm_rank_options *opt, jm_skip_fn skip,
                void *ud, jm_rank_result **out, size_t *n_out,
                jm_rank_stats *stats);

void jm_rank_results_free(jm_rank_result *r, size_t n);

/* ---------------------------------------------------------------------- */
/* Matching: many CVs against many postings in one pass                    */
/* ---------------------------------------------------------------------- */
/*
 * A matcher holds CVs, counted once into an index in memory (term -> the
 * CVs that have it); a run streams postings through it, each read and
 * counted once and scored against the CVs that share a term (or an
 * occupation) with it. The results are exactly those of ranking: for each
 * CV, the very results of jm_rank_postings() with the same options (ids,
 * scores, order, ties by input order); for each posting, its best CVs by
 * the scores jm_score() gives. The same for any thread count.
 *
 * Ownership and threads: the matcher uses its engine e (which must outlive
 * it, and which nothing else may use during a call on the matcher); a run
 * makes its own worker threads (opt->rank.threads) and calls every
 * callback on the calling thread. Memory: per CV about 24 bytes per
 * distinct term plus its name; per worker thread about 80 bytes per CV
 * and, per cv mode, up to K winners per CV (about 100 bytes each with its
 * matched words); postings are streamed (real-sized CVs, K = 20, 2
 * threads: 132 MB for 10,000 CVs, about 1 GB for 100,000).
 */

typedef struct jm_matcher jm_matcher;

/* Makes an empty matcher over engine e. JM_OK or JM_ENOMEM. */
int jm_matcher_new(jm_engine *e, jm_matcher **out);
void jm_matcher_free(jm_matcher *m);

/* Adds cv (read with the matcher's engine), named name (copied; NULL:
 * ""). The CV is counted now: cv itself is not kept. Its index in results
 * is the number of CVs added before it. JM_OK, JM_ENOMEM. */
int jm_matcher_add_cv(jm_matcher *m, const jm_doc *cv, const char *name);

/* Adds the CVs of path: a folder (Markdown, text and JSON Resume files,
 * recursively, in name order; each named by its path) or a JSON Lines file
 * of JSON Resumes (each named by its "id", else FILE:LINE). A CV that
 * cannot be read (unreadable, binary, empty, not a resume) goes to skip
 * (may be NULL; nonzero stops with JM_ESTOP) and is counted in
 * stats->skipped; stats->ranked counts the CVs added. JM_OK, JM_ENOMEM,
 * JM_EIO (path cannot be opened), JM_ESTOP. */
int jm_matcher_add_cvs(jm_matcher *m, const char *path, jm_skip_fn skip,
                       void *ud, jm_rank_stats *stats);

/* Sets the threads jm_matcher_add_cvs() reads and counts CVs on (0: all
 * cores); 1, the calling thread alone, until set. The CVs, their order,
 * names and skips are the same for any count. */
void jm_matcher_set_threads(jm_matcher *m, int threads);

/* The number of CVs added; the name of CV i (owned by m; NULL when i is
 * out of range). */
size_t jm_matcher_cv_count(const jm_matcher *m);
const char *jm_matcher_cv_name(const jm_matcher *m, size_t i);

/* One CV among a posting's best (per posting mode). */
typedef struct {
    size_t rank;           /* 1-based */
    size_t cv;             /* the CV's index (order added) */
    const char *name;      /* its name (owned by the matcher) */
    double score;          /* as jm_score() gives it */
    double coverage;       /* as jm_score() gives it */
} jm_cv_hit;

/* Per cv mode: the results of CV cv (named name), best first, as
 * jm_rank_postings() gives them; called once per CV, in CV order, after
 * the postings. Everything is owned by the matcher and valid during the
 * call only. Nonzero stops the run (JM_ESTOP). */
typedef int (*jm_cv_results_fn)(void *ud, size_t cv, const char *name,
                                const jm_rank_result *res, size_t n);

/* Per posting mode: the best CVs of one posting (posting's id, title,
 * company, file, line and input_index are set; its score fields are not),
 * called in input order as the postings are scored. Valid during the call
 * only. Nonzero stops the run (JM_ESTOP). */
typedef int (*jm_posting_results_fn)(void *ud, const jm_rank_result *posting,
                                     const jm_cv_hit *hits, size_t n);

typedef enum {
    JM_PER_CV,             /* each CV's top postings (the default) */
    JM_PER_POSTING         /* each posting's top CVs */
} jm_match_per;

typedef struct {
    jm_rank_options rank;  /* top K (0: 10), threads, min_score, dedup */
    jm_match_per per;
    jm_skip_fn skip;       /* malformed postings (may be NULL) */
    jm_progress_fn progress;   /* may be NULL */
    jm_cv_results_fn cv_results;           /* per cv mode (may be NULL) */
    jm_posting_results_fn posting_results; /* per posting mode (may be NULL) */
    void *ud;              /* passed to every callback */
} jm_match_options;

/* Streams the postings of paths[0..n) (as jm_rank_postings() reads them)
 * against every CV added, and hands the results to opt's callbacks (opt
 * may be NULL: the defaults, no callbacks). Malformed postings are skipped
 * and counted in stats (may be NULL), as in jm_rank_postings(). JM_OK,
 * JM_ENOMEM, JM_EIO, JM_ESTOP; the message is on the engine. */
int jm_matcher_run(jm_matcher *m, const char *const *paths, size_t n,
                   const jm_match_options *opt, jm_rank_stats *stats);

/* The same for postings already read (jm_doc_read with the matcher's
 * engine; borrowed, not kept), in their order, on the calling thread
 * (opt->rank.threads and dedup do not apply). Their results name them by
 * jm_doc_id() (or the name they were read with) and file "", line 0. */
int jm_matcher_run_docs(jm_matcher *m, const jm_doc *const *postings, size_t n,
                        const jm_match_options *opt, jm_rank_stats *stats);

#ifdef __cplusplus
}
#endif

#endif /* JOBMATCH_H */

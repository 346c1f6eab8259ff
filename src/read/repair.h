/* This file declares the repairs of a CV's text for the damage PDF-to-text
 * converters do, which postings, typed into web forms, do not have:
 *
 *  - glued words: a line or column break lost between two words
 *    ("Backend DeveloperLocation: Israel", "thatPostgreSQL",
 *    "SKILLSPython") makes one word no posting ever wrote; it is split
 *    back at its case changes ("Developer Location"), the longest known
 *    first part first, so "LinkedInExperience" is "LinkedIn Experience".
 *    Glue after a capitalized part ("FastText") may be a name, which is
 *    split only in a CV that shows glue after a lowercase part too;
 *  - letter-spaced words: a font's kerning read as spaces ("S enior
 *    S oftware E ngineer", "J ava"): a single letter, one space and a
 *    lowercase word no posting wrote become one word when that is one;
 *  - lost ligatures: glyphs a font draws as one (fi, fl, ff, ffi, ffl, ft,
 *    ti, tt) dropped from the text ("Soware", "crical", "eld"): a word the
 *    background model never saw gets them back where that makes a common
 *    word ("Software", "critical", "field"); the most common one wins. As a
 *    font that drops one ligature drops them all, this is done only in a
 *    CV where it mends two different words at least.
 *
 * Whether a word is known is the background model's word: a stopword, a
 * lexicon entry, or a word whose term is in at least JM_REPAIR_KNOWN_DF of
 * its postings. Without a model nothing is repaired. Only words of ASCII
 * letters are touched. Every repair keeps the map to the input as read, so
 * explanations still point at the words as the CV wrote them. The numbers
 * were chosen on bench/ndcg.py (doc/scoring.md, "Repairs of PDF text").
 *
 * The repairs are made in each section's text, after the sections are
 * found: the heading finder knows headings glued to words
 * ("DeveloperSUMMARY"), and a split would hide them from it. */
#ifndef JM_REPAIR_H
#define JM_REPAIR_H

#include "read/clean.h"
#include "text/analyzer.h"

/* The dictionary the repairs judge words by: the analyzer that reads a
 * word as a term, and how many of the background model's postings hold a
 * term. The model stage lies above the readers, so it is reached through
 * df (the engine passes jm_model_df and its model). */
typedef struct {
    jm_analyzer *an;          /* reads words (its stem cache fills) */
    long (*df)(const void *model, const char *term, size_t len);
    const void *model;        /* df's first argument; NULL: no dictionary,
                                 so no repairs */
} jm_vocab;

/* A word is known when its term is in this many of the model's postings. */
#define JM_REPAIR_KNOWN_DF 3
/* A ligature is put back only where it makes a word this common. */
#define JM_REPAIR_LIGATURE_DF 20
/* Ligatures are put back only in a CV where they mend this many distinct
 * words. */
#define JM_REPAIR_LIGATURE_WORDS 2
/* Capitalized glue is split only in a CV with this many words glued after
 * a lowercase part. */
#define JM_REPAIR_GLUE_WORDS 1
/* A glued word with more case changes than this is no glue ("aBcDeF"). */
#define JM_REPAIR_MAX_CUTS 8

/* One repair as it is made (jm_repair with its read_as an offset). */
typedef struct {
    jm_repair_kind kind;
    size_t start, end;        /* the words as written (input as read) */
    size_t text;              /* read_as: offset in jm_repair_log.text */
} jm_repair_entry;

/* The repairs made in one CV, for jm_doc_repairs(). */
typedef struct {
    jm_repair_entry *a;       /* (owned) */
    size_t n, cap;
    jm_buf text;              /* the read_as strings, each NUL-terminated */
    int oom;                  /* an append failed (sticky) */
} jm_repair_log;

/* Turns log into the public array *out (n entries) and its strings
 * *strings, both owned by the caller (jm_free), and empties log; *out and
 * *strings are NULL when there is none. JM_OK or JM_ENOMEM. */
int jm_repair_log_finish(jm_repair_log *log, jm_repair **out, size_t *n, char **strings);
void jm_repair_log_free(jm_repair_log *log);

/* What the survey of a whole CV found (a plan for jm_repair_cv). */
#define JM_PLAN_REPAIR      1u  /* repair (a CV, and a model to judge by) */
#define JM_PLAN_CAPITALS  2u  /* split glue after a capitalized part too:
                                   the CV has JM_REPAIR_GLUE_WORDS glued
                                   after a lowercase one ("ofStore") */
#define JM_PLAN_LIGATURES 4u  /* put lost ligatures back: they mend
                                   JM_REPAIR_LIGATURE_WORDS distinct words */

/* Surveys the CV text[0..len) for signs of damage and sets *plan to the
 * repairs to make (JM_REPAIR_*; 0 without a model). JM_OK or JM_ENOMEM. */
int jm_repair_survey(const jm_vocab *v, const char *text, size_t len, unsigned *plan);

/* Repairs the CV text t (a section's text, mapped to the input as read)
 * in place as plan (from the survey of the whole CV) says, keeping its
 * map, and appends each repair to log. JM_OK or JM_ENOMEM (t is then
 * unchanged). */
int jm_repair_cv(const jm_vocab *v, jm_rewriter *t, unsigned plan, jm_repair_log *log);

#endif

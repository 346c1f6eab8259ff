/* This file contains the section finder: the heading-name table, heading
 * detection (by name, whatever the markup, in a CV with the number of its
 * words folded and generic words around it; by keyword on heading-shaped
 * lines; inline before a colon; glued into scraped text; between the words
 * of a CV flattened to one line), the kinds that
 * content decides (a "summary" that is a list of technologies is skills,
 * the equal-opportunity paragraph of a posting is legal), and entries that
 * a converter put under the wrong heading (found by dates, role words,
 * venues and author lists, never by names of a particular document). */
#include "read/sections.h"
#include "base/scan.h"

#include <stdlib.h>
#include <string.h>
#include <uthash.h>

/* ---------------------------------------------------------------------- */
/* The table                                                               */
/* ---------------------------------------------------------------------- */

typedef struct {
    char *name;             /* normalized name (owned) */
    int cv;                 /* kind for a CV, -1 when none */
    int post;               /* kind for a posting, -1 when none */
    int cv_written;         /* a CV name is listed in this very form, not
                               only reached by folding a plural: "skill"
                               is ("Skill" is listed), "project" is not
                               (only "Projects"): a lone singular glued
                               into text is an item ("Project: a shop") */
    UT_hash_handle hh;      /* by name */
} name_entry;

#define PREFIX_BITS 16384     /* size of the prefix filter, a power of 2 */

struct jm_sectab {
    name_entry *names;      /* hash of normalized names */
    uint64_t prefixes[PREFIX_BITS / 64];    /* a Bloom filter of every name's
                               word prefixes ("about", "about the", "about
                               the role"): most words of a text start no
                               name, and this rejects them before a hash
                               look-up; no false negatives, so the look-ups
                               it skips would all have failed */
    uint64_t bigrams[128 * 128 / 64];      /* the first two bytes of every
                               name of two bytes or more (ASCII ones): a
                               capital whose word starts with no such pair
                               starts no glued heading */
};

/* Could a name start with the (lowercased, ASCII) bytes a, b? */
static int bigram_maybe(const jm_sectab *t, unsigned char a, unsigned char b)
{
    unsigned k = (unsigned)(a & 0x7F) << 7 | (b & 0x7F);
    return a < 0x80 && b < 0x80 && (t->bigrams[k / 64] >> (k % 64) & 1);
}

/* FNV-1a, one byte at a time: prefix_hash(h, c) extends h by c. */
#define PREFIX_SEED 2166136261u
static uint32_t prefix_hash(uint32_t h, unsigned char c)
{
    return (h ^ c) * 16777619u;
}

/* The two filter bits of a prefix's hash. */
static int prefix_test(const jm_sectab *t, uint32_t h)
{
    uint32_t a = h & (PREFIX_BITS - 1), b = (h >> 16) & (PREFIX_BITS - 1);
    return (t->prefixes[a / 64] >> (a % 64) & 1) && (t->prefixes[b / 64] >> (b % 64) & 1);
}

static void prefix_set(jm_sectab *t, uint32_t h)
{
    uint32_t a = h & (PREFIX_BITS - 1), b = (h >> 16) & (PREFIX_BITS - 1);
    t->prefixes[a / 64] |= (uint64_t)1 << (a % 64);
    t->prefixes[b / 64] |= (uint64_t)1 << (b % 64);
}

/* Could key[0, kl) be a name or a name's word prefix (0: certainly not)? */
static int prefix_maybe(const jm_sectab *t, const char *key, size_t kl)
{
    uint32_t h = PREFIX_SEED;
    for (size_t i = 0; i < kl; i++) h = prefix_hash(h, (unsigned char)key[i]);
    return prefix_test(t, h);
}

#define NAME_MAX_LEN 96     /* longer strings are never headings */

static int is_upper(unsigned char c) { return c >= 'A' && c <= 'Z'; }
static int is_lower(unsigned char c) { return c >= 'a' && c <= 'z'; }
static int is_digit(unsigned char c) { return c >= '0' && c <= '9'; }
static int is_alnum(unsigned char c) { return is_upper(c) || is_lower(c) || is_digit(c); }
static int is_space(unsigned char c) { return c == ' ' || c == '\t'; }
static unsigned char lower(unsigned char c) { return is_upper(c) ? (unsigned char)(c + 32) : c; }

/* Folds the number of a lowercased ASCII word w[0, n) in place, the same
 * way for the table's names and for the text's words, so that "Skill" finds
 * "Skills", "Certification" finds "Certifications" and "Hobby" finds
 * "Hobbies": -ies -> -y, -sses/-xes/-zes/-ches/-shes -> without -es, and a
 * final -s dropped (not after s, u or i: "Address", "Status", "Analysis").
 * Words under 4 bytes stay ("us", "cv"). Returns the new length. Cheaper
 * than the Snowball stemmer, which the finder's hot path cannot afford, and
 * enough for heading words, which differ only in number. */
static size_t fold_number(char *w, size_t n)
{
    if (n < 4 || w[n - 1] != 's') return n;
    char p = w[n - 2];
    if (n >= 5 && p == 'e' && w[n - 3] == 'i') {          /* hobbies */
        w[n - 3] = 'y';
        return n - 2;
    }
    if (n >= 5 && p == 'e' && (w[n - 3] == 'x' || w[n - 3] == 'z' ||
                               (w[n - 3] == 's' && w[n - 4] == 's') ||
                               (w[n - 3] == 'h' && (w[n - 4] == 'c' || w[n - 4] == 's'))))
        return n - 2;                                       /* addresses, matches */
    if (p == 's' || p == 'u' || p == 'i') return n;
    return n - 1;
}

/* Folds the number of each word of a normalized key (words separated by
 * one space) in place; returns the new length. */
static size_t fold_key(char *key, size_t kl)
{
    size_t o = 0;
    for (size_t i = 0; i < kl;) {
        size_t j = i;
        while (j < kl && key[j] != ' ') j++;
        memmove(key + o, key + i, j - i);
        o += fold_number(key + o, j - i);
        if (j < kl) key[o++] = ' ';
        i = j + 1;
    }
    key[o] = '\0';
    return o;
}

/* Words that add nothing to a heading's kind, folded: after a name
 * ("Education Details", "Technical Skills Summary", "Work History
 * Details") and before one ("Relevant Certifications", "My Projects").
 * Only tried when the whole name is unknown, so the names that hold them
 * ("Experience Summary", "Personal Details") keep their own kind. */
static const char *const generic_after[] = {
    "detail", "summary", "section", "information", "info", "overview",
    "history", "record", "list", "highlight", "profile", "set", NULL
};
static const char *const generic_before[] = {
    "my", "professional", "technical", "relevant", "key", "core", "additional",
    "other", "selected", "select", "academic", "recent", "main", "general",
    "detailed", "full", "complete", "previous", "current", "brief", NULL
};

/* Is the folded word w[0, n) in list (NULL-terminated)? */
static int folded_in(const char *w, size_t n, const char *const *list)
{
    for (; *list; list++)
        if (strlen(*list) == n && !memcmp(*list, w, n)) return 1;
    return 0;
}

/* Normalizes a heading name: ASCII lowercased, "&" as "and", punctuation
 * (curly quotes and dashes too) as a space, spaces collapsed; letter-spaced
 * words ("W O R K  E X P") closed up. Returns the length written to out
 * (0: empty or longer than cap - 1). */
static size_t norm_name(const char *s, size_t n, char *out, size_t cap)
{
    char tmp[NAME_MAX_LEN * 2];
    size_t o = 0;
    int spaced = n >= 7 && n < sizeof tmp;
    /* letter-spaced: every space-separated token is one character */
    for (size_t i = 0; spaced && i < n; i++) {
        int tok_start = i == 0 || s[i - 1] == ' ';
        if (s[i] != ' ' && tok_start && i + 1 < n && s[i + 1] != ' ') spaced = 0;
    }
    if (spaced) {
        size_t t = 0;
        for (size_t i = 0; i < n; i++) {
            if (s[i] != ' ') tmp[t++] = s[i];
            else if (i + 1 < n && s[i + 1] == ' ') {
                if (t && tmp[t - 1] != ' ') tmp[t++] = ' ';
            }
        }
        s = tmp;
        n = t;
    }
    int space = 1;                      /* the last byte out was a space */
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        const char *add = NULL;
        char one[2] = { 0, 0 };
        if (is_alnum(c)) { one[0] = (char)lower(c); add = one; }
        else if (c == '&') add = " and ";
        else if (c < 0x80) add = " ";
        else if (c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80) {
            add = " ";                  /* quotes, dashes, bullets */
            i += 2;
        } else if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0) {
            add = " ";                  /* no-break space */
            i++;
        } else { one[0] = (char)c; add = one; }
        for (; *add; add++) {
            if (*add == ' ') {
                if (space) continue;
                space = 1;
            } else {
                space = 0;
            }
            if (o + 1 >= cap) return 0;
            out[o++] = *add;
        }
    }
    while (o && out[o - 1] == ' ') o--;
    out[o] = '\0';
    return o;
}

void jm_sectab_free(jm_sectab *t)
{
    if (!t) return;
    name_entry *e, *tmp;
    HASH_ITER(hh, t->names, e, tmp) {
        HASH_DEL(t->names, e);
        jm_free(e->name);
        jm_free(e);
    }
    jm_free(t);
}

/* Adds the normalized name key[0, kl) of kind to the table, for CVs (cv)
 * or for postings (written: a CV name that folding left as it was), and
 * its word prefixes and first two bytes to the filters. Returns JM_OK or
 * JM_ENOMEM. */
static int add_name(jm_sectab *t, const char *key, size_t kl, jm_section_kind kind, int cv,
                    int written)
{
    name_entry *ne;
    HASH_FIND(hh, t->names, key, kl, ne);
    if (!ne) {
        ne = jm_calloc(1, sizeof *ne);
        if (ne) ne->name = jm_strndup(key, kl);
        if (!ne || !ne->name) {
            if (ne) jm_free(ne);
            return JM_ENOMEM;
        }
        ne->cv = ne->post = -1;
        HASH_ADD_KEYPTR(hh, t->names, ne->name, kl, ne);
        name_entry *chk;
        HASH_FIND(hh, t->names, key, kl, chk);
        if (!chk) {                     /* the table could not grow */
            jm_free(ne->name);
            jm_free(ne);
            return JM_ENOMEM;
        }
    }
    if (kl >= 2 && (unsigned char)key[0] < 0x80 && (unsigned char)key[1] < 0x80) {
        unsigned k2 = (unsigned)key[0] << 7 | (unsigned)key[1];
        t->bigrams[k2 / 64] |= (uint64_t)1 << (k2 % 64);
    }
    uint32_t h = PREFIX_SEED;           /* its word prefixes, itself too */
    for (size_t k = 0; k <= kl; k++) {
        if (k == kl || key[k] == ' ') prefix_set(t, h);
        if (k < kl) h = prefix_hash(h, (unsigned char)key[k]);
    }
    if (cv && written) ne->cv_written = 1;
    if (cv && ne->cv < 0) ne->cv = (int)kind;
    else if (!cv) ne->post = (int)kind;
    return JM_OK;
}

int jm_sectab_new(const char *data, size_t len, jm_sectab **out,
                  char *err, size_t errlen)
{
    jm_sectab *t = jm_calloc(1, sizeof *t);
    size_t line = 0;
    *out = NULL;
    if (!t) { snprintf(err, errlen, "out of memory"); return JM_ENOMEM; }
    for (size_t i = 0; i < len;) {
        const char *nl = memchr(data + i, '\n', len - i);
        size_t e = nl ? (size_t)(nl - data) : len;
        const char *ln = data + i;
        size_t ll = e - i;
        line++;
        i = e + 1;
        if (ll && ln[ll - 1] == '\r') ll--;
        if (!ll || ln[0] == '#') continue;
        const char *tab = memchr(ln, '\t', ll);
        jm_section_kind kind;
        char key[NAME_MAX_LEN];
        size_t kl;
        if (!tab || jm_section_kind_parse(ln, (size_t)(tab - ln), &kind) ||
            !(kl = norm_name(tab + 1, ll - (size_t)(tab + 1 - ln), key, sizeof key))) {
            snprintf(err, errlen, "section names, line %zu: expected "
                     "kind<TAB>name with a known kind", line);
            jm_sectab_free(t);
            return JM_EINPUT;
        }
        /* a posting's names as written; a CV's with their words' number
         * folded (CVs write "Skill", "Certification", "Hobbies") */
        int rc = JM_OK;
        if (kind == JM_SEC_OTHER || kind >= JM_SEC_TITLE) rc = add_name(t, key, kl, kind, 0, 0);
        if (!rc && (kind == JM_SEC_OTHER || kind < JM_SEC_TITLE)) {
            char written[NAME_MAX_LEN];
            memcpy(written, key, kl + 1);
            size_t fl = fold_key(key, kl);
            rc = add_name(t, key, fl, kind, 1, fl == kl && !memcmp(written, key, kl));
        }
        if (rc) {
            jm_sectab_free(t);
            snprintf(err, errlen, "out of memory");
            return rc;
        }
    }
    *out = t;
    return JM_OK;
}

/* Looks up a normalized key in the hash (the filter passed it). */
static int lookup_exact(const jm_sectab *t, jm_doc_type type, const char *key,
                        size_t kl, jm_section_kind *kind)
{
    name_entry *ne;
    HASH_FIND(hh, t->names, key, kl, ne);
    if (!ne) return 0;
    int k = type == JM_DOC_CV ? ne->cv : ne->post;
    if (k < 0) return 0;
    *kind = (jm_section_kind)k;
    return 1;
}

/* Looks up a normalized key. A CV's key has its words' number folded, and
 * when unknown is tried without up to two generic words at its end and one
 * at its start ("Education Details", "Technical Skills Summary", "Relevant
 * Certifications"); a posting's is looked up as written. */
static int lookup_norm(const jm_sectab *t, jm_doc_type type, const char *name,
                       size_t kl, jm_section_kind *kind)
{
    char key[NAME_MAX_LEN];
    if (!kl || kl >= sizeof key) return 0;
    memcpy(key, name, kl);
    if (type == JM_DOC_CV) kl = fold_key(key, kl);
    if (prefix_maybe(t, key, kl) && lookup_exact(t, type, key, kl, kind)) return 1;
    if (type != JM_DOC_CV) return 0;
    size_t ends[3] = { kl, 0, 0 }, ne = 1;      /* key[b, ends[i]) */
    while (ne < 3) {
        size_t e = ends[ne - 1], sp = e;
        while (sp && key[sp - 1] != ' ') sp--;
        if (!sp || !folded_in(key + sp, e - sp, generic_after)) break;
        ends[ne++] = sp - 1;
    }
    size_t b = 0;
    while (b < kl && key[b] != ' ') b++;
    int lead = b < kl && folded_in(key, b, generic_before);
    for (int from_lead = 0; from_lead < 1 + lead; from_lead++) {
        size_t a = from_lead ? b + 1 : 0;
        for (size_t i = from_lead ? 0 : 1; i < ne; i++)
            if (ends[i] > a && prefix_maybe(t, key + a, ends[i] - a) &&
                lookup_exact(t, type, key + a, ends[i] - a, kind))
                return 1;
    }
    return 0;
}

int jm_sectab_lookup(const jm_sectab *t, jm_doc_type type, const char *name,
                     size_t len, jm_section_kind *kind)
{
    char key[NAME_MAX_LEN];
    if (len >= NAME_MAX_LEN * 2) return 0;
    return lookup_norm(t, type, key, norm_name(name, len, key, sizeof key), kind);
}

/* ---------------------------------------------------------------------- */
/* Word cues                                                               */
/* ---------------------------------------------------------------------- */

/* Is the word s[0, n) (any case) in list (NULL-terminated, lowercase)? */
static int word_in(const char *s, size_t n, const char *const *list)
{
    char w[24];
    if (n == 0 || n >= sizeof w) return 0;
    for (size_t i = 0; i < n; i++) w[i] = (char)lower((unsigned char)s[i]);
    w[n] = '\0';
    for (; *list; list++)
        if (!strcmp(*list, w)) return 1;
    return 0;
}

/* Calls back for each ASCII word of s[a, b); stops when fn returns 1. */
static int any_word(const char *s, size_t a, size_t b,
                    int (*fn)(const char *w, size_t n))
{
    size_t i = a;
    while (i < b) {
        while (i < b && !is_alnum((unsigned char)s[i])) i++;
        size_t j = i;
        while (j < b && is_alnum((unsigned char)s[j])) j++;
        if (j > i && fn(s + i, j - i)) return 1;
        i = j;
    }
    return 0;
}

static const char *const role_words[] = {
    "intern", "internship", "engineer", "developer", "scientist", "researcher",
    "manager", "analyst", "consultant", "assistant", "architect", "designer",
    "specialist", "programmer", "administrator", "officer", "coordinator",
    "technician", "fellow", "postdoc", "professor", "lecturer", "teacher",
    "instructor", "founder", "cofounder", "owner", "director", "head", "lead",
    "cto", "ceo", "vp", "president", "associate", "trainee", "apprentice",
    "advisor", "adviser", "tester", "editor", "writer", "supervisor", NULL
};
static int is_role_word(const char *w, size_t n) { return word_in(w, n, role_words); }

static const char *const venue_words[] = {
    "iclr", "icml", "neurips", "nips", "acl", "emnlp", "naacl", "eacl",
    "coling", "tacl", "cvpr", "iccv", "eccv", "aaai", "ijcai", "kdd", "sigir",
    "uai", "aistats", "colt", "interspeech", "icassp", "arxiv", "jmlr",
    "tpami", "icra", "iros", "sigmod", "vldb", "icde", "chi", "uist",
    "sigcomm", "nsdi", "osdi", "sosp", "usenix", "conference", "proceedings",
    "journal", "workshop", "symposium", "transactions", "preprint", NULL
};
static int is_venue_word(const char *w, size_t n) { return word_in(w, n, venue_words); }

static const char *const school_words[] = {
    "university", "college", "institute", "school", "academy", "universit",
    "phd", "ph", "msc", "bsc", "ba", "bs", "ms", "ma", "mba", "bachelor",
    "master", "masters", "diploma", "degree", NULL
};
static int is_school_word(const char *w, size_t n) { return word_in(w, n, school_words); }

static const char *const month_or_now[] = {
    "present", "now", "current", "today", "date", NULL
};

/* A 4-digit year 1950..2039 at s[i] standing as a word. */
static int year_at(const char *s, size_t n, size_t i)
{
    if (i + 4 > n) return 0;
    for (size_t k = 0; k < 4; k++)
        if (!is_digit((unsigned char)s[i + k])) return 0;
    if (i > 0 && is_alnum((unsigned char)s[i - 1])) return 0;
    if (i + 4 < n && is_digit((unsigned char)s[i + 4])) return 0;
    int y = (s[i] - '0') * 1000 + (s[i + 1] - '0') * 100 + (s[i + 2] - '0') * 10 + (s[i + 3] - '0');
    return y >= 1950 && y <= 2039;
}

/* Does s[a, b) hold a date range ("May 2017 - August 2017", "2020 - now",
 * "2015-2017", "Sep 2003 to Aug 2009")? */
static int has_date_range(const char *s, size_t a, size_t b)
{
    for (size_t i = a; i + 4 <= b; i++) {
        if (!year_at(s, b, i)) continue;
        size_t j = i + 4, dash = 0;
        while (j < b && is_space((unsigned char)s[j])) j++;
        if (j < b && s[j] == '-') { dash = 1; j++; }
        else if (j + 2 < b && (unsigned char)s[j] == 0xE2 && (unsigned char)s[j + 1] == 0x80 &&
                 ((unsigned char)s[j + 2] == 0x93 || (unsigned char)s[j + 2] == 0x94)) { dash = 1; j += 3; }
        else if (j + 2 < b && lower((unsigned char)s[j]) == 't' && lower((unsigned char)s[j + 1]) == 'o' &&
                 is_space((unsigned char)s[j + 2])) { dash = 1; j += 2; }
        else if (j < b && s[j] == '/') { dash = 1; j++; }
        else if (j > i + 4 && j + 1 < b && is_digit((unsigned char)s[j])) {
            /* "4/2016  5/2022": a month number and a slash */
            size_t k = j;
            while (k < b && k < j + 2 && is_digit((unsigned char)s[k])) k++;
            if (k < b && s[k] == '/' && year_at(s, b, k + 1)) return 1;
        }
        if (!dash) continue;
        while (j < b && (is_space((unsigned char)s[j]) || s[j] == '-')) j++;
        size_t w = j;
        while (w < b && (is_upper((unsigned char)s[w]) || is_lower((unsigned char)s[w]))) w++;
        if (w > j && word_in(s + j, w - j, month_or_now)) return 1;
        if (w > j && w - j <= 9) {      /* a month name, then the year */
            j = w;
            if (j < b && s[j] == '.') j++;
            while (j < b && is_space((unsigned char)s[j])) j++;
        }
        if (year_at(s, b, j)) return 1;
    }
    return 0;
}

/* Looks like an author list: three or more comma-separated items, most of
 * them two to four capitalized words, or "et al". */
static int is_author_line(const char *s, size_t a, size_t b)
{
    size_t items = 0, names = 0;
    for (size_t i = a; i + 5 < b; i++)
        if (!memcmp(s + i, "et al", 5)) return 1;
    size_t i = a;
    while (i < b) {
        size_t j = i;
        while (j < b && s[j] != ',') j++;
        size_t caps = 0, words = 0;
        for (size_t k = i; k < j; k++) {
            if (k == i || s[k - 1] == ' ' || s[k - 1] == '*') {
                if (is_upper((unsigned char)s[k])) caps++;
                if (!is_space((unsigned char)s[k]) && s[k] != '*') words++;
            }
        }
        items++;
        if (words >= 2 && words <= 5 && caps + 1 >= words) names++;
        i = j + 1;
    }
    return items >= 3 && names * 3 >= items * 2;
}

/* ---------------------------------------------------------------------- */
/* The finder                                                              */
/* ---------------------------------------------------------------------- */

typedef struct {
    const jm_sectab *t;     /* heading names */
    jm_doc_type type;       /* CV or posting */
    const char *s;          /* the text */
    size_t n;               /* its length */
    jm_cut *cuts;           /* cuts found, in order */
    size_t nc, cap;         /* used, allocated */
    int oom;                /* an allocation failed */
    int flat;               /* the line scanned is a whole CV on one line */
} finder;

/* Appends a cut unless it does not come after the last one. */
static void add_cut(finder *f, size_t start, size_t hs, size_t he, size_t body,
                    jm_section_kind kind, int has_heading)
{
    if (f->nc && f->cuts[f->nc - 1].start >= start) return;   /* keep order */
    if (jm_grow(&f->cuts, &f->cap, f->nc, sizeof *f->cuts, 16)) { f->oom = 1; return; }
    f->cuts[f->nc++] = (jm_cut){ start, hs, he, body, kind, has_heading };
}

/* Does s[a, b) hold a bold marker ("**AWS.** Palo Alto **Intern**")? */
static int inner_bold(const char *s, size_t a, size_t b)
{
    for (size_t i = a; i + 1 < b; i++)
        if ((s[i] == '*' || s[i] == '_') && s[i + 1] == s[i]) return 1;
    return 0;
}

/* The words of a heading-shaped line: [*a, *b) without leading spaces,
 * Markdown hashes, an enclosing bold or italic pair, a trailing colon.
 * Sets *md (hashes seen), *bold and *colon. */
static void heading_words(const char *s, size_t ls, size_t le, size_t *a,
                          size_t *b, int *md, int *bold, int *colon)
{
    size_t i = ls, j = le;
    *md = *bold = *colon = 0;
    while (i < j && is_space((unsigned char)s[i])) i++;
    size_t h = i;
    while (h < j && s[h] == '#') h++;
    if (h > i && h - i <= 6 && (h == j || s[h] == ' ')) { *md = 1; i = h; }
    for (int round = 0; round < 3; round++) {
        while (i < j && is_space((unsigned char)s[i])) i++;
        while (j > i && is_space((unsigned char)s[j - 1])) j--;
        if (j > i && s[j - 1] == ':') { *colon = 1; j--; continue; }
        if (j - i >= 4 && (s[i] == '*' || s[i] == '_') && s[i + 1] == s[i] &&
            s[j - 1] == s[i] && s[j - 2] == s[i] && !inner_bold(s, i + 2, j - 2)) {
            *bold = 1; i += 2; j -= 2; continue;
        }
        if (j - i >= 3 && (s[i] == '*' || s[i] == '_') && s[j - 1] == s[i] &&
            s[i + 1] != ' ' && s[i + 1] != s[i] && s[j - 2] != s[i]) { i++; j--; continue; }
    }
    *a = i;
    *b = j;
}

/* A line "key: value" whose key is short (used to spot key-value blocks). */
static int kv_line(const char *s, size_t ls, size_t le, size_t *colon)
{
    for (size_t i = ls; i < le && i < ls + 32; i++)
        if (s[i] == ':') {
            if (i == ls) return 0;
            *colon = i;
            return 1;
        }
    return 0;
}

/* The previous non-blank line before ls: [*a, *b); 0 when none. */
static int prev_line(const char *s, size_t ls, size_t *a, size_t *b)
{
    while (ls > 0) {
        size_t e = ls - 1, st = e;
        while (st > 0 && s[st - 1] != '\n') st--;
        size_t k = st;
        while (k < e && is_space((unsigned char)s[k])) k++;
        if (k < e) { *a = st; *b = e; return 1; }
        ls = st;
    }
    return 0;
}

/* Splits off the next word for glued matching, starting at s[i]: letters
 * and digits, ending at a case change that starts a new word ("historyB",
 * "SPSSEd"). Returns the word's end; *glued is set when it ended so. */
static size_t glued_word(const char *s, size_t e, size_t i, int *glued)
{
    size_t j = i;
    *glued = 0;
    while (j < e && is_alnum((unsigned char)s[j])) {
        if (j > i) {
            unsigned char p = (unsigned char)s[j - 1], c = (unsigned char)s[j];
            if ((is_lower(p) || is_digit(p)) && is_upper(c)) { *glued = 1; break; }
            if (is_upper(p) && is_upper(c) && j + 1 < e && is_lower((unsigned char)s[j + 1]) &&
                j - i >= 2) { *glued = 1; break; }
            if (!is_digit(p) && is_digit(c) && j - i >= 3) { *glued = 1; break; }
        }
        j++;
    }
    return j;
}

/* Left boundary strength of a possible glued heading at p (inside a line
 * whose content starts at ls): 0 none, 1 weak (a column gap or a sentence
 * end and a space), 2 glued (".Education", "meSenior", "SPSSEducation"),
 * 3 capitals after a space (only with a colon or glue after the name). */
static int left_glue(const char *s, size_t ls, size_t le, size_t p)
{
    unsigned char c = (unsigned char)s[p], prev = (unsigned char)s[p - 1];
    if (!is_upper(c) || p == ls) return 0;
    /* a space first: the commonest case, which none of the others is */
    if (is_space(prev) && p >= ls + 2) {
        size_t k = p;
        while (k > ls && is_space((unsigned char)s[k - 1])) k--;
        if (p - k >= 2 && k > ls) return 1;                   /* column gap */
        if (k > ls && (s[k - 1] == '.' || s[k - 1] == '!' || s[k - 1] == '?' ||
                       s[k - 1] == ':'))
            return 1;
        /* "Dec. 2009 EDUCATIONAlterplast": capitals after a space count
         * when the name ends in a colon or glue */
        if (p + 2 < le && is_upper((unsigned char)s[p + 1]) &&
            is_upper((unsigned char)s[p + 2]))
            return 3;
        return 0;
    }
    if (prev == '/' || prev == '|') return 2;
    if (prev == '.' || prev == '!' || prev == '?' || prev == ';' || prev == ')' ||
        prev == ':')
        return p >= ls + 2 && is_alnum((unsigned char)s[p - 2]) ? 2 :
               (prev == '.' || prev == ')' ? 2 : 0);
    if (is_lower(prev) || is_digit(prev)) return 2;
    if (is_upper(prev) && p + 1 < le && is_lower((unsigned char)s[p + 1])) return 2;
    return 0;
}

/* Is s[a, b) in capitals (at least 3 letters, no lowercase)? */
static int all_caps(const char *s, size_t a, size_t b)
{
    size_t up = 0;
    for (size_t i = a; i < b; i++) {
        if (is_lower((unsigned char)s[i])) return 0;
        if (is_upper((unsigned char)s[i])) up++;
    }
    return up >= 3;
}

/* Is s[a, b) only spaces, tabs and line breaks? */
static int blank(const char *s, size_t a, size_t b)
{
    for (size_t i = a; i < b; i++)
        if (!is_space((unsigned char)s[i]) && s[i] != '\n') return 0;
    return 1;
}

/* Does a list's first mark stand at s[r] ("* ", "• ", "▪ ")? A heading
 * name followed by one heads the list that follows, on the name's line:
 * "Skills * Programming Languages: Python" of a CV scraped to text. */
static int list_mark_at(const char *s, size_t r, size_t le)
{
    static const char *const marks[] = { "* ", "\u2022", "\u25cf", "\u25aa", "\u25a0",
                                         "\u25e6", "\u25ba", "\u27a2", "\u00b7", NULL };
    for (size_t i = 0; marks[i]; i++) {
        size_t n = strlen(marks[i]);
        if (r + n <= le && !memcmp(s + r, marks[i], n)) return 1;
    }
    return 0;
}

/* The start of the line before the one that starts at ls (> 0). */
static size_t prev_start(const char *s, size_t ls)
{
    size_t st = ls - 1;
    while (st > 0 && s[st - 1] != '\n') st--;
    return st;
}

/* Looks up key[0, base) followed by the word key[base, base + wl), with
 * its number folded in a CV (see add_name), h being the prefix hash of key[0, base). Sets
 * *maybe when that key is a name or a name's word prefix, and *unlisted
 * when it is found as a singular only listed in the plural. */
static int lookup_folded(const jm_sectab *t, jm_doc_type type, const char *key,
                         size_t base, size_t wl, uint32_t h, int *maybe,
                         jm_section_kind *kind, int *unlisted)
{
    char tmp[NAME_MAX_LEN];
    memcpy(tmp, key, base + wl);
    size_t fl = type == JM_DOC_CV ? fold_number(tmp + base, wl) : wl;
    for (size_t q = base; q < base + fl; q++) h = prefix_hash(h, (unsigned char)tmp[q]);
    *maybe = prefix_test(t, h);
    if (!*maybe || !lookup_exact(t, type, tmp, base + fl, kind)) return 0;
    name_entry *ne;
    HASH_FIND(hh, t->names, tmp, base + fl, ne);
    /* written as a singular that only a listed plural folds to */
    *unlisted = type == JM_DOC_CV && ne && !ne->cv_written && fl == wl &&
                !memcmp(tmp + base, key + base, wl);
    return 1;
}

/* Do the capitals s[a, b) (a glued run) start with a CV heading name or a
 * name's first word ("SKILLSFreelancer" -> "skill")? */
static int caps_start_name(const jm_sectab *t, const char *s, size_t a, size_t b)
{
    char w[32];
    for (size_t n = 4; n <= b - a && n < sizeof w; n++) {
        for (size_t q = 0; q < n; q++) w[q] = (char)lower((unsigned char)s[a + q]);
        size_t fl = fold_number(w, n);
        uint32_t h = PREFIX_SEED;
        for (size_t q = 0; q < fl; q++) h = prefix_hash(h, (unsigned char)w[q]);
        if (prefix_test(t, h)) return 1;
    }
    return 0;
}

/* The end of the generic words ("Details", "Summary": generic_after) that
 * follow a name ending at s[j], one space before each, at most two; j
 * when there are none. */
static size_t generic_tail(const char *s, size_t le, size_t j)
{
    for (int g = 0; g < 2; g++) {
        if (j + 1 >= le || s[j] != ' ' || !is_alnum((unsigned char)s[j + 1])) break;
        char w[16];
        size_t k = j + 1, n = 0;
        while (k < le && n < sizeof w && is_alnum((unsigned char)s[k]) &&
               !(n && is_lower((unsigned char)s[k - 1]) && is_upper((unsigned char)s[k])))
            w[n++] = (char)lower((unsigned char)s[k++]);
        if (n == sizeof w || !folded_in(w, fold_number(w, n), generic_after)) break;
        j = k;
    }
    return j;
}

/* Left boundary strength of a possible heading at p (a capital) in a CV
 * line [ls, le) where left_glue() found none: 2 (glued) after Markdown
 * markers glued to the text before ("theory.#### **EDUCATION**",
 * "*****Professional skills:", scraped Markdown), or inside a run of
 * capitals that ends with the name ("UDBEDUCATION", "CSSSKILLS:",
 * "MacOSEXPERIENCE": 3 capitals before and 5 from p, or 2 and 6, so that
 * "ANOTHER" holds no "OTHER"); else 0. */
static int cv_glue(const char *s, size_t ls, size_t le, size_t p)
{
    size_t k = p, marks = 0;
    while (k > ls && (s[k - 1] == '*' || s[k - 1] == '#' || s[k - 1] == '_' || s[k - 1] == ' ')) {
        if (s[k - 1] != ' ') marks++;
        k--;
    }
    if (marks >= 2 && k > ls) return 2;     /* not "### Research Intern" */
    if (p < ls + 2 || !is_upper((unsigned char)s[p - 1]) || !is_upper((unsigned char)s[p - 2]))
        return 0;
    size_t e = p;
    while (e < le && is_upper((unsigned char)s[e])) e++;
    int three = p >= ls + 3 && is_upper((unsigned char)s[p - 3]);
    return e - p >= 6 || (three && e - p >= 5) ? 2 : 0;
}

#define FLAT_LINE 800    /* a CV line longer than this is a whole CV put on
                            one line (the shortest section is longer than a
                            line of prose: 800 bytes is 8 sentences) */

#define FLAT_ONLY_LINE 200   /* a shorter CV is flattened when it is one line */

static const char *const joining_words[] = {
    "a", "an", "the", "of", "in", "and", "or", "to", "for", "on", "at", "as",
    "by", "my", "our", "with", "from", "into", "your", "their", "his", "her",
    NULL
};

static const char *const and_or[] = { "and", "or", NULL };

/* Left boundary strength of a possible heading at p (a capital) in a
 * flattened CV line [ls, le), where left_glue() found none or capitals
 * after a space (3): 4 after a space or Markdown markers, unless the word
 * or sign before joins it into a phrase ("years of Experience", "Tools &
 * Projects"); 5 (a heading only before a colon) for a name not in capitals
 * after a capitalized word ("National Research University", "Hod-Hasharon
 * Education:"); else 0. */
static int flat_left(const char *s, size_t ls, size_t le, size_t p)
{
    size_t k = p;
    while (k > ls && (is_space((unsigned char)s[k - 1]) || s[k - 1] == '*' || s[k - 1] == '#'))
        k--;
    if (k == p || k == ls) return 0;
    /* "Version control & Project Management": inside a phrase */
    if (s[k - 1] == '&' || s[k - 1] == ',' || s[k - 1] == '/' || s[k - 1] == '-') return 0;
    size_t w = k;
    while (w > ls && is_alnum((unsigned char)s[w - 1])) w--;
    if (w < k && word_in(s + w, k - w, joining_words)) return 0;
    int caps = p + 1 < le && is_upper((unsigned char)s[p + 1]);
    if (!caps && w < k && is_upper((unsigned char)s[w])) return 5;
    return 4;
}

/* Does the word before p (in [ls, p), one space between) and the word at p
 * start a CV heading name ("Programming Language")? */
static int prev_word_joins(const jm_sectab *t, const char *s, size_t ls, size_t p)
{
    if (p < ls + 2 || s[p - 1] != ' ') return 0;
    size_t a = p - 1, e = p;
    while (a > ls && is_alnum((unsigned char)s[a - 1])) a--;
    while (e < p + 24 && is_alnum((unsigned char)s[e])) e++;
    char key[64];
    size_t n = 0, wl = p - 1 - a;
    if (!wl || wl + 1 + (e - p) >= sizeof key) return 0;
    for (size_t q = a; q < p - 1; q++) key[n++] = (char)lower((unsigned char)s[q]);
    n = fold_number(key, n);
    key[n++] = ' ';
    size_t b = n;
    for (size_t q = p; q < e; q++) key[n++] = (char)lower((unsigned char)s[q]);
    n = b + fold_number(key + b, n - b);
    return prefix_maybe(t, key, n);
}

/* In a flattened CV, may a name of kind k not in capitals with a colon at
 * c (the name starts at p) start a section? Not when it names the kind of
 * the section it is in ("Degree:" under Education), nor a project inside a
 * job ("Project: a shop"), nor when the section is a list so far and a
 * list item follows the colon ("Windows Other: Git, Composer", "BootStrap
 * Programming languages: JavaScript, NodeJS"; but "Windows Professional
 * Experience: 2019 - 2020" heads one): those are items. */
static int flat_colon_fits(const finder *f, jm_section_kind k, size_t p, size_t c)
{
    if (!f->nc) return 1;
    const jm_cut *last = &f->cuts[f->nc - 1];
    if (k == last->kind || (k == JM_SEC_PROJECTS && last->kind == JM_SEC_EXPERIENCE)) return 0;
    if (last->body >= p || p - last->body > 2000) return 1;
    size_t commas = 0;
    for (size_t i = last->body; i < p; i++) {
        if (f->s[i] == ',') commas++;
        if (i + 4 <= p && year_at(f->s, p, i)) return 1;     /* not a list */
    }
    if (commas < 2) return 1;
    for (size_t i = c + 1; i < f->n && i < c + 40; i++) {
        if (f->s[i] == ',') return 0;                       /* an item */
        if (is_digit((unsigned char)f->s[i]) || f->s[i] == '\n') break;
    }
    return 1;
}

/* Are there at least `least` words between the last cut's body (or the
 * text's start) and p? Stops there: a long line is not read again for
 * each name in it. */
static int words_since_cut(const finder *f, size_t p, size_t least)
{
    size_t a = f->nc ? f->cuts[f->nc - 1].body : 0, words = 0;
    for (size_t i = a; i < p && words < least; i++)
        if (is_alnum((unsigned char)f->s[i]) && (i == a || !is_alnum((unsigned char)f->s[i - 1])))
            words++;
    return words >= least;
}

/* Has a section of kind k been found before? */
static int kind_found(const finder *f, jm_section_kind k)
{
    for (size_t i = 0; i < f->nc; i++)
        if (f->cuts[i].kind == k) return 1;
    return 0;
}

/* Tries to match a heading name glued at p (line content [ls, le)); on
 * success sets the name's end *he, body start *body and *kind. at_start:
 * p is the line's first word (only a glued right side counts then). */
static int match_glued(finder *f, size_t ls, size_t le, size_t p, int strength,
                       size_t *he, size_t *body, jm_section_kind *kind)
{
    const char *s = f->s;
    char key[NAME_MAX_LEN];
    uint32_t hk[NAME_MAX_LEN + 1];      /* hk[m]: the prefix hash of key[0, m) */
    size_t kl = 0, i = p, best = 0;
    int best_ok = 0;
    hk[0] = PREFIX_SEED;
    for (int w = 0; w < 6 && i < le; w++) {
        int glued;
        size_t j = glued_word(s, le, i, &glued);
        if (j == i) break;
        if (kl + (j - i) + 2 >= sizeof key) break;
        if (kl) {
            key[kl] = ' ';
            hk[kl + 1] = prefix_hash(hk[kl], ' ');
            kl++;
        }
        for (size_t q = i; q < j; q++, kl++) {
            key[kl] = (char)lower((unsigned char)s[q]);
            hk[kl + 1] = prefix_hash(hk[kl], (unsigned char)key[kl]);
        }
        jm_section_kind k;
        size_t base = kl - (j - i);     /* the word's first byte in key */
        /* not a name's word prefix: neither a name nor the start of one */
        int maybe, cut_maybe;
        int unlisted = 0;
        int found = lookup_folded(f->t, f->type, key, base, j - i, hk[base], &maybe, &k,
                                  &unlisted);
        if (!found && j - i > 4 && all_caps(s, i, j)) {
            /* "EXPERIENCESKILLS": a name glued to more capitals */
            for (size_t cut = j - i - 1; cut >= 4 && !found; cut--)
                if (lookup_folded(f->t, f->type, key, base, cut, hk[base], &cut_maybe, &k,
                                  &unlisted)) {
                    /* "EXPERIENCESKILLS": the plural's S starts the next
                     * name when the capitals from it start one too */
                    jm_section_kind k1;
                    if (f->type == JM_DOC_CV && key[base + cut - 1] == 's' &&
                        caps_start_name(f->t, s, i + cut - 1, j) &&
                        !caps_start_name(f->t, s, i + cut, j) &&
                        lookup_folded(f->t, f->type, key, base, cut - 1, hk[base], &cut_maybe, &k1,
                                      &unlisted)) {
                        cut--;
                        k = k1;
                    }
                    found = 1;
                    kl = base + cut;
                    j = i + cut;
                    glued = 1;
                }
        }
        /* the key goes on with the word folded: "Skills & Tools" */
        size_t fl = f->type == JM_DOC_CV ? fold_number(key + base, kl - base) : kl - base;
        if (fl != kl - base) {
            kl = base + fl;
            for (size_t q = base; q < kl; q++)
                hk[q + 1] = prefix_hash(hk[q], (unsigned char)key[q]);
        }
        if (found) {
            /* "Skills Details", "Education Details:": generic words
             * after the name belong to the heading */
            size_t hj = f->type == JM_DOC_CV ? generic_tail(s, le, j) : j;
            int hglued = hj > j ? hj < le && is_alnum((unsigned char)s[hj]) : glued;
            /* right side: a colon, the line's end, a glued word, or (after
             * a glued left side) a space and a capital */
            size_t r = hj;
            while (r < le && is_space((unsigned char)s[r])) r++;
            int ok = 0;
            size_t b = hj;
            int caps_name = 1;
            for (size_t q = p; q < hj; q++)
                if (is_lower((unsigned char)s[q])) caps_name = 0;
            /* in a flattened CV, "Project: X" and "Degree: Y" are items;
             * "ABOUT ME:" is a heading */
            int colon_here = r < le && s[r] == ':';
            if (colon_here && f->flat && strength != 2 && strength != 3 && p != ls) {
                ok = caps_name || flat_colon_fits(f, k, p, r);
                b = r + 1;
            } else if (colon_here) {
                ok = strength >= 1 || p == ls;
                b = r + 1;
            }
            else if (hglued) ok = 1;
            else if (r == le) ok = strength >= 1 && strength != 3;
            else if (r > hj && list_mark_at(s, r, le) && (p == ls || strength >= 1) &&
                     f->type == JM_DOC_CV)
                ok = 1;
            else if (r > hj && is_upper((unsigned char)s[r]) && strength >= 1 && strength != 3 &&
                     p > ls && (w > 0 || caps_name || strength >= 2 || f->flat))
                ok = 1;
            /* "com #### **EDUCATION** ### Cornell", "theory.####
             * **AWARDS**": bold closes the name */
            else if ((strength == 4 || (strength == 2 && f->type == JM_DOC_CV)) &&
                     (s[hj] == '*' || s[hj] == '_'))
                ok = 1;
            /* "SCRUMExperience - Britannica", "EDUCATION 2017 - 2019":
             * a dash, a bar or a year after a glued or flattened name */
            else if (r > hj && (strength == 2 || (strength == 4 && caps_name) ||
                                (strength == 1 && f->flat)) &&
                     p > ls && f->type == JM_DOC_CV &&
                     (s[r] == '-' || s[r] == '|' || is_digit((unsigned char)s[r])))
                ok = 1;
            else if (r > hj && strength == 2 && w == 0 && f->type == JM_DOC_CV) {
                /* "(A1-A2)Educations and Curses: Ulpan": a glued name and
                 * a few more words up to a colon */
                size_t c = hj;
                int joins = 0;          /* "Experience with bug tracking:" */
                while (c < le && c - hj < 40 && (is_alnum((unsigned char)s[c]) ||
                       s[c] == ' ' || s[c] == '&' || s[c] == '-' || s[c] == '/')) {
                    if (s[c] == ' ' && c + 1 < le && is_lower((unsigned char)s[c + 1])) {
                        size_t e = c + 1;
                        while (e < le && is_alnum((unsigned char)s[e])) e++;
                        if (word_in(s + c + 1, e - c - 1, joining_words) &&
                            !word_in(s + c + 1, e - c - 1, and_or))
                            joins = 1;
                    }
                    c++;
                }
                if (!joins && c < le && c - hj < 40 && s[c] == ':') {
                    ok = 1;
                    while (c > hj && s[c - 1] == ' ') c--;
                    hj = c;
                    b = c + 1;
                }
            }
            /* whole lines are handled apart, but for a line that starts
             * with a name in capitals and goes on with its first item
             * ("EDUCATION 2017 - 2019 | Saint Petersburg University") */
            if (p == ls && !hglued && !(ok && list_mark_at(s, r, le)) &&
                !(f->type == JM_DOC_CV && caps_name && all_caps(s, p, hj) && r > hj && r < le &&
                  (is_digit((unsigned char)s[r]) || is_upper((unsigned char)s[r]))))
                ok = 0;
            /* "Spanish Education MBA": without a colon, a name after a
             * capitalized word heads a section of a flattened CV only when
             * no section of its kind came before (headings do not repeat),
             * the section it would end has a few words already (the first
             * words of a section are its first entry), a capital or a
             * digit starts what follows, and the name is not one that
             * organisations and entries are named with in title case
             * (projects: "Perm State National Research University",
             * "Data Science Projects Lead") */
            if (strength == 5 && !colon_here &&
                !(f->flat && r > hj && r < le && k != JM_SEC_PROJECTS &&
                  (is_upper((unsigned char)s[r]) || is_digit((unsigned char)s[r])) &&
                  !kind_found(f, k) && words_since_cut(f, p, 3)))
                ok = 0;
            /* "SoftProject Design", ".Achievement: Created": a singular
             * that only a plural lists, in running text, is an item */
            if (unlisted && !caps_name && hj == j && r < le && w == 0) ok = 0;
            if (ok) { best = hj; best_ok = 1; *kind = k; *body = b; }
        }
        if (glued || !maybe) break;     /* no name goes on from key */
        /* the next word: one space, or " & " / " and " */
        if (j < le && s[j] == ' ' && j + 1 < le && is_alnum((unsigned char)s[j + 1])) i = j + 1;
        else if (j + 3 < le && !memcmp(s + j, " & ", 3)) {
            if (kl + 5 >= sizeof key) break;
            for (const char *a = " and"; *a; a++, kl++) {
                key[kl] = *a;
                hk[kl + 1] = prefix_hash(hk[kl], (unsigned char)*a);
            }
            i = j + 3;
        } else break;
    }
    if (best_ok) *he = best;
    return best_ok;
}

static const char *const wish_words[] = {
    "preferred", "desired", "desirable", "bonus", "nice", "plus", "pluses",
    "optional", "advantageous", NULL
};
static int is_wish_word(const char *w, size_t n) { return word_in(w, n, wish_words); }

/* Words that may not appear in a heading found by keyword (they make the
 * line an entry: "Research Intern"). */
static int kills_keyword(const char *w, size_t n) { return is_role_word(w, n); }

/* A heading-shaped line whose last or first word is a one-word heading
 * name ("EDUCATION AND COURSES", "Role Qualifications:"). */
static int keyword_heading(finder *f, size_t a, size_t b, jm_section_kind *kind)
{
    const char *s = f->s;
    size_t words = 0;
    size_t ws[8], we[8];
    for (size_t i = a; i < b;) {
        while (i < b && !is_alnum((unsigned char)s[i])) {
            unsigned char c = (unsigned char)s[i];
            if (c != ' ' && c != '&' && c != '/' && c != '-') return 0;
            i++;
        }
        if (i >= b) break;
        size_t j = i;
        while (j < b && is_alnum((unsigned char)s[j])) {
            if (is_digit((unsigned char)s[j])) return 0;
            j++;
        }
        if (words == 8) return 0;
        ws[words] = i;
        we[words] = j;
        words++;
        i = j;
    }
    if (words == 0 || words > 4) return 0;
    if (any_word(s, a, b, kills_keyword)) return 0;
    size_t order[2] = { words - 1, 0 };         /* the head noun comes last */
    for (int k = 0; k < 2; k++) {
        char key[32];
        size_t i = order[k], n = we[i] - ws[i];
        if (n >= sizeof key) continue;
        for (size_t q = 0; q < n; q++) key[q] = (char)lower((unsigned char)s[ws[i] + q]);
        if (lookup_norm(f->t, f->type, key, n, kind)) {
            /* "Desired Skills", "Preferred Experience and Qualifications" */
            if (*kind == JM_SEC_REQUIREMENTS && any_word(s, a, b, is_wish_word))
                *kind = JM_SEC_PREFERRED;
            return 1;
        }
    }
    return 0;
}

/* Finds the headings of one line [ls, le). */
static void scan_line(finder *f, size_t ls, size_t le)
{
    const char *s = f->s;
    size_t a, b, body = le < f->n ? le + 1 : le;
    int md, bold, colon;
    jm_section_kind kind;

    heading_words(s, ls, le, &a, &b, &md, &bold, &colon);
    if (a >= b) return;
    /* a CV flattened to one line: its headings sit between words */
    int flat = f->flat = f->type == JM_DOC_CV &&
                         (le - ls > FLAT_LINE || (le - ls > FLAT_ONLY_LINE && blank(s, 0, ls) &&
                                                  blank(s, le, f->n)));
    size_t first = ls;
    while (first < le && is_space((unsigned char)s[first])) first++;
    /* a line of its own: a known name, or a heading-shaped line that
     * starts or ends with a one-word name */
    /* "  preferred)." ends a sentence: a heading ends in a word (or a
     * colon, stripped above) and starts with no lowercase letter unless
     * markup says it is a heading */
    unsigned char last = (unsigned char)s[b - 1];
    int shaped = b - a <= NAME_MAX_LEN &&
                 !(last == '.' || last == ',' || last == ';' || last == ')') &&
                 (md || bold || colon || !is_lower((unsigned char)s[a]));
    for (size_t k = a; k < b && shaped; k++)      /* "<DESCRIPTION>", "a=b" */
        if (s[k] == '<' || s[k] == '>' || s[k] == '=' || s[k] == '@' || s[k] == '|')
            shaped = 0;
    if (shaped) {
        if (jm_sectab_lookup(f->t, f->type, s + a, b - a, &kind)) {
            add_cut(f, first, a, b, body, kind, 1);
            return;
        }
        /* a keyword heading of the kind of the section it sits in is a
         * sub-heading ("Courses and special programs:" under EDUCATION) */
        if ((md || bold || colon || all_caps(s, a, b)) && keyword_heading(f, a, b, &kind) &&
            !(f->type == JM_DOC_CV && f->nc && f->cuts[f->nc - 1].kind == kind)) {
            add_cut(f, first, a, b, body, kind, 1);
            return;
        }
    }
    /* "Name: text" at the start of the line */
    size_t from = first, colon_at;
    if (kv_line(s, first, le, &colon_at)) {
        size_t ka = first, kb = colon_at;
        while (ka < kb && (s[ka] == '*' || s[ka] == '_' || s[ka] == '#' || is_space((unsigned char)s[ka]))) ka++;
        while (kb > ka && (s[kb - 1] == '*' || s[kb - 1] == '_' || is_space((unsigned char)s[kb - 1]))) kb--;
        /* "•Languages: Python" is an item of a list, not a heading */
        int bullet = (unsigned char)s[ka] >= 0x80 || s[ka] == '-' || s[ka] == '+';
        if (kb > ka && !bullet && jm_sectab_lookup(f->t, f->type, s + ka, kb - ka, &kind)) {
            int guarded = 0;
            size_t pa, pb, pc;
            /* in a CV, "Technologies: ..." or "Project: ..." inside a job
             * is a detail: the inline form must follow a blank line or a
             * heading, and not sit in a block of "key: value" lines */
            int after_heading = f->nc && f->cuts[f->nc - 1].body <= ls &&
                                blank(s, f->cuts[f->nc - 1].body, ls);
            if (f->type == JM_DOC_CV && ls > 0 && !blank(s, prev_start(s, ls), ls - 1) &&
                !after_heading)
                guarded = 1;
            /* the first line under a heading is its first item, unless
             * the heading was a generic one ("Other") */
            else if (f->type == JM_DOC_CV && after_heading &&
                     f->cuts[f->nc - 1].kind != JM_SEC_OTHER)
                guarded = 1;
            else if (f->type == JM_DOC_CV && prev_line(s, ls, &pa, &pb) && kv_line(s, pa, pb, &pc)) {
                size_t qa = pa;
                while (qa < pc && is_space((unsigned char)s[qa])) qa++;
                jm_section_kind pk;
                guarded = !jm_sectab_lookup(f->t, f->type, s + qa, pc - qa, &pk);
            }
            /* "Databases: ..." under SKILLS: an item of the section */
            if (f->nc && f->cuts[f->nc - 1].kind == kind) guarded = 1;
            if (!guarded) {
                size_t bd = colon_at + 1;
                while (bd < le && (s[bd] == '*' || s[bd] == '_')) bd++;
                add_cut(f, first, ka, kb, bd, kind, 1);
                from = bd;
            }
        }
    }
    /* glued into the text */
    for (size_t p = from; (p = scan_upper(s, p, le)) < le; p++) {
        /* a name's key would start with this word's first two letters
         * (match_glued keeps them whole): most capitals stop here */
        if (p + 1 < le && is_alnum((unsigned char)s[p + 1]) &&
            !bigram_maybe(f->t, lower((unsigned char)s[p]), lower((unsigned char)s[p + 1])))
            continue;
        int strength = p == first ? 0 : left_glue(s, first, le, p);
        if (!strength && p != first && f->type == JM_DOC_CV) strength = cv_glue(s, first, le, p);
        if ((!strength || strength == 3) && flat && p != first) {
            int fs = flat_left(s, first, le, p);
            /* "Programming Language:": the word before and this one start
             * a longer name, which was tried (and taken as an item) */
            if (fs == 5 && prev_word_joins(f->t, s, first, p)) fs = 0;
            if (fs) strength = fs;
        }
        /* right after a heading found glued in this line: "EXPERIENCESKILLS" */
        if (p != first && f->nc && f->cuts[f->nc - 1].body <= p &&
            f->cuts[f->nc - 1].body >= first && blank(s, f->cuts[f->nc - 1].body, p))
            strength = 2;
        if (p != first && !strength) continue;
        size_t he, bd;
        if (match_glued(f, first, le, p, strength, &he, &bd, &kind)) {
            /* "Skills: Languages: Php", "SKILLS SUMMARYProgramming
             * languages: Java": the first item of the heading before */
            if (bd > he && f->nc && f->cuts[f->nc - 1].body <= p &&
                blank(s, f->cuts[f->nc - 1].body, p) && f->cuts[f->nc - 1].kind != JM_SEC_OTHER)
                continue;
            add_cut(f, p, p, he, bd, kind, 1);
            p = bd > p ? bd - 1 : p;
        }
    }
}

/* ---------------------------------------------------------------------- */
/* Kinds from content                                                      */
/* ---------------------------------------------------------------------- */

/* Has contact details: an e-mail, a long digit run, a profile link. */
static int looks_like_contact(const char *s, size_t a, size_t b)
{
    size_t digits = 0, lines = 0;
    for (size_t i = a; i < b; i++) {
        if (s[i] == '@') return 1;
        if (is_digit((unsigned char)s[i])) { if (++digits >= 7) return 1; }
        else if (s[i] != ' ' && s[i] != '-' && s[i] != '(' && s[i] != ')' && s[i] != '+') digits = 0;
        if (s[i] == '\n') lines++;
        if (i == a || !is_alnum((unsigned char)s[i - 1])) {
            static const char *const cues[] = { "linkedin", "github", "email", "e-mail",
                                                "phone", "mobile", "tel", NULL };
            for (const char *const *c = cues; *c; c++) {
                size_t k = 0, cn = strlen(*c);
                while (k < cn && i + k < b && lower((unsigned char)s[i + k]) == (unsigned char)(*c)[k]) k++;
                if (k == cn) return 1;
            }
        }
    }
    if (lines <= 3 && b - a <= 300) return 1;  /* a name and a title */
    /* a name and a headline ("LEONID SHALAEV FULL STACK DEVELOPER",
     * "Senior Data Engineer | Python | AWS") over a few short lines: the
     * first line is short and ends no sentence, and no line is prose */
    size_t nonblank = 0, first_end = 0;
    for (size_t i = a; i < b;) {
        const char *nl = memchr(s + i, '\n', b - i);
        size_t e = nl ? (size_t)(nl - s) : b;
        if (!blank(s, i, e)) {
            size_t k = e;
            while (k > i && is_space((unsigned char)s[k - 1])) k--;
            if (e - i > 160) return 0;                  /* prose */
            if (!nonblank++) {
                if (e - i > 100 || s[k - 1] == '.') return 0;
                first_end = e;
            }
        }
        i = e + 1;
    }
    return nonblank && nonblank <= 5 && first_end;
}

/* Is a section body mostly a list of technologies (and no dated jobs)? */
static int looks_like_skill_list(const char *s, size_t a, size_t b)
{
    size_t lines = 0, listy = 0, all_commas = 0, all_words = 0;
    for (size_t i = a; i + 4 <= b; i++)
        if (year_at(s, b, i)) return 0;         /* years: dated jobs */
    for (size_t i = a; i < b;) {
        const char *nl = memchr(s + i, '\n', b - i);
        size_t e = nl ? (size_t)(nl - s) : b;
        size_t commas = 0, words = 0, col = 0;
        int nonblank = 0;
        for (size_t k = i; k < e; k++) {
            if (s[k] == ',' || s[k] == ';' || s[k] == '/' || s[k] == '|') commas++;
            if (s[k] == ':' && !col) col = k - i + 1;
            if (!is_space((unsigned char)s[k])) nonblank = 1;
            if (k == i || (is_space((unsigned char)s[k - 1]) && !is_space((unsigned char)s[k]))) words++;
        }
        all_commas += commas;
        all_words += words;
        if (nonblank) {
            lines++;
            if (commas >= 2 || (col && col <= 40 && commas >= 1) || (col && col <= 40 && words <= 6))
                listy++;
        }
        i = e + 1;
    }
    /* a CV flattened to one line: a list when a third of its words end
     * an item ("Web: HTML, CSS, SASS Frameworks: React, Angular") */
    if (lines == 1) return all_words >= 10 && all_commas * 3 >= all_words;
    return lines >= 2 && listy * 10 >= lines * 6;
}

/* ---------------------------------------------------------------------- */
/* Entries under the wrong heading                                         */
/* ---------------------------------------------------------------------- */

enum { ENTRY_NONE, ENTRY_PUB, ENTRY_JOB, ENTRY_SCHOOL };

typedef struct {
    size_t start;       /* the sub-heading line's first byte */
    size_t hs, he;      /* its words */
    size_t end;         /* the entry's end */
    int cls;            /* ENTRY_* */
    size_t sec;         /* index of the section (cut) it sits in */
} entry;

/* What an entry is, from its sub-heading [hs, he) and the start of its
 * text [he, e): a paper (a venue and a year, or an author list), a job (a
 * role word and a date range), a school (a school word and dates). */
static int classify_entry(const char *s, size_t hs, size_t he, size_t e)
{
    size_t lim = e < he + 600 ? e : he + 600;
    size_t l1a = he, l1b;                       /* the first line after it */
    while (l1a < lim && (s[l1a] == '\n' || is_space((unsigned char)s[l1a]))) l1a++;
    const char *nl = memchr(s + l1a, '\n', lim - l1a);
    l1b = nl ? (size_t)(nl - s) : lim;
    int venue = any_word(s, hs, he, is_venue_word);
    int year = 0;
    for (size_t i = hs; i + 4 <= he; i++)
        if (year_at(s, he, i)) year = 1;
    if ((venue && year) || (l1b > l1a && is_author_line(s, l1a, l1b))) return ENTRY_PUB;
    int dates = has_date_range(s, hs, lim);
    if (dates && (any_word(s, hs, he, is_role_word) || any_word(s, l1a, l1b, is_role_word)))
        return ENTRY_JOB;
    if ((dates || year) && any_word(s, hs, he, is_school_word)) return ENTRY_SCHOOL;
    return ENTRY_NONE;
}

/* Can an entry of class cls sit in a section of kind k? */
static int entry_fits(int cls, jm_section_kind k)
{
    switch (cls) {
    case ENTRY_PUB:
        return k == JM_SEC_PROJECTS || k == JM_SEC_PUBLICATIONS || k == JM_SEC_EXPERIENCE;
    case ENTRY_JOB:
        return k == JM_SEC_EXPERIENCE || k == JM_SEC_VOLUNTEERING || k == JM_SEC_PROJECTS ||
               k == JM_SEC_SUMMARY;
    case ENTRY_SCHOOL:
        return k == JM_SEC_EDUCATION || k == JM_SEC_CERTIFICATIONS || k == JM_SEC_AWARDS;
    default:
        return 1;
    }
}

/* Is line [ls, le) a sub-heading: a Markdown heading or a line in bold? */
static int sub_heading(const char *s, size_t ls, size_t le, size_t *a, size_t *b)
{
    int md, bold, colon;
    heading_words(s, ls, le, a, b, &md, &bold, &colon);
    if (*a >= *b || *b - *a > 300) return 0;
    if (md) return 1;
    size_t i = ls;
    while (i < le && is_space((unsigned char)s[i])) i++;
    return bold || (le - i >= 4 && s[i] == '*' && s[i + 1] == '*');
}

/* Orders cuts by start (qsort). */
static int cut_cmp(const void *x, const void *y)
{
    const jm_cut *a = x, *b = y;
    return a->start < b->start ? -1 : a->start > b->start;
}

/* Splits entries out of sections where they do not fit (CVs). */
static void move_entries(finder *f)
{
    const char *s = f->s;
    entry *en = NULL;
    size_t ne = 0, cap = 0;
    for (size_t c = 0; c < f->nc; c++) {
        size_t end = c + 1 < f->nc ? f->cuts[c + 1].start : f->n;
        for (size_t ls = f->cuts[c].body; ls < end;) {
            const char *nl = memchr(s + ls, '\n', end - ls);
            size_t le = nl ? (size_t)(nl - s) : end, a, b;
            if (sub_heading(s, ls, le, &a, &b)) {
                if (jm_grow(&en, &cap, ne, sizeof *en, 16)) {
                    f->oom = 1;
                    jm_free(en);
                    return;
                }
                if (ne && en[ne - 1].sec == c) en[ne - 1].end = ls;
                size_t st = ls;
                while (st < le && is_space((unsigned char)s[st])) st++;
                en[ne++] = (entry){ st, a, b, end, ENTRY_NONE, c };
            }
            ls = le + 1;
        }
    }
    int proj_pubs = 0;
    for (size_t i = 0; i < ne; i++) {
        en[i].cls = classify_entry(s, en[i].hs, en[i].he, en[i].end);
        if (en[i].cls == ENTRY_PUB && f->cuts[en[i].sec].kind == JM_SEC_PROJECTS) proj_pubs = 1;
    }
    size_t base = f->nc;
    for (size_t i = 0; i < ne; i++) {
        jm_section_kind home = f->cuts[en[i].sec].kind;
        int cls = en[i].cls;
        if (cls == ENTRY_NONE || entry_fits(cls, home)) continue;
        jm_section_kind k = cls == ENTRY_JOB ? JM_SEC_EXPERIENCE :
                            cls == ENTRY_SCHOOL ? JM_SEC_EDUCATION :
                            proj_pubs ? JM_SEC_PROJECTS : JM_SEC_PUBLICATIONS;
        /* a run of such entries (and unclassified ones after them) */
        size_t j = i + 1;
        while (j < ne && en[j].sec == en[i].sec &&
               (en[j].cls == ENTRY_NONE || en[j].cls == cls))
            j++;
        /* f->cuts may move in add_cut: append unordered, sort below */
        if (jm_grow(&f->cuts, &f->cap, f->nc, sizeof *f->cuts, 16)) { f->oom = 1; break; }
        /* the entry's first line is content (a role, a paper's title):
         * it heads the new section and stays in its text */
        f->cuts[f->nc++] = (jm_cut){ en[i].start, en[i].hs, en[i].he, en[i].start, k, 1 };
        /* what follows the run in the same section goes back home */
        if (j < ne && en[j].sec == en[i].sec) {
            if (jm_grow(&f->cuts, &f->cap, f->nc, sizeof *f->cuts, 16)) {
                f->oom = 1;
                break;
            }
            f->cuts[f->nc++] = (jm_cut){ en[j].start, en[j].hs, en[j].he, en[j].start, home, 1 };
        }
        i = j - 1;
    }
    if (f->nc > base) qsort(f->cuts, f->nc, sizeof *f->cuts, cut_cmp);
    jm_free(en);
}

/* ---------------------------------------------------------------------- */
/* Postings: the legal paragraph                                           */
/* ---------------------------------------------------------------------- */

#define CUE(s) { s, sizeof s - 1 }
static const struct {
    const char *s;      /* the cue, lowercase */
    size_t n;           /* its length */
} legal_cues[] = {
    CUE("equal opportunity"), CUE("equal employment opportunity"), CUE("without regard to"),
    CUE("e-verify"), CUE("reasonable accommodation"), CUE("affirmative action"),
    CUE("protected veteran"), CUE("eeo employer"), CUE("eoe"),
};
#undef CUE

/* The cheap first tests of find_legal (keep them in step with legal_cues):
 * legal_first8() flags the bytes of x that are the first letter of a cue
 * (either case), legal_pair() accepts the first two letters of a cue
 * (lowercased). Most words are rejected by these. */
static uint64_t legal_first8(uint64_t x)
{
    uint64_t l = x | SCAN_ONES * 0x20;          /* ASCII letters lowercased */
    return scan_eq(l, 'a') | scan_eq(l, 'e') | scan_eq(l, 'p') | scan_eq(l, 'r') |
           scan_eq(l, 'w');
}

static int legal_pair(unsigned char c, unsigned char c2)
{
    switch (c) {
    case 'a': return c2 == 'f';                         /* affirmative */
    case 'e': return c2 == 'q' || c2 == '-' || c2 == 'e' || c2 == 'o';
    case 'p': return c2 == 'r';                         /* protected */
    case 'r': return c2 == 'e';                         /* reasonable */
    case 'w': return c2 == 'i';                         /* without */
    default: return 0;
    }
}

/* Does a legal cue (a whole word or words) start at s[i], within [a, b)? */
static int legal_at(const char *s, size_t a, size_t b, size_t i)
{
    unsigned char c = lower((unsigned char)s[i]);
    unsigned char c2 = i + 1 < b ? lower((unsigned char)s[i + 1]) : 0;
    if (!legal_pair(c, c2)) return 0;
    if (i > a && (is_lower((unsigned char)s[i - 1]) || is_upper((unsigned char)s[i - 1])))
        return 0;                       /* inside a word */
    /* most candidates are words such as "provide" or "required": their
     * third letter is no cue's (every cue has one) */
    unsigned char c3 = i + 2 < b ? lower((unsigned char)s[i + 2]) : 0;
    for (size_t q = 0; q < JM_ARRAY_LEN(legal_cues); q++) {
        const char *cue = legal_cues[q].s;
        size_t n = legal_cues[q].n, k;
        if ((unsigned char)cue[0] != c || (unsigned char)cue[1] != c2 ||
            (unsigned char)cue[2] != c3 || i + n > b)
            continue;
        for (k = 3; k < n && lower((unsigned char)s[i + k]) == (unsigned char)cue[k]; k++) {}
        if (k == n && (i + n == b || !is_alnum((unsigned char)s[i + n]))) return 1;
    }
    return 0;
}

#ifdef SCAN_SSE2
/* legal_pair() and "not inside a word" for the 16 bytes at s + i (i > 0,
 * 17 bytes readable from s + i - 1): bit k flags s[i + k]. A superset
 * (ASCII | 0x20 also turns '\r' into '-'): legal_at() decides. */
static unsigned legal_starts16(const char *s, size_t i)
{
    const __m128i lc = _mm_set1_epi8(0x20);
    __m128i x = _mm_or_si128(_mm_loadu_si128((const __m128i *)(const void *)(s + i)), lc);
    __m128i y = _mm_or_si128(_mm_loadu_si128((const __m128i *)(const void *)(s + i - 1)), lc);
    __m128i z = _mm_or_si128(_mm_loadu_si128((const __m128i *)(const void *)(s + i + 1)), lc);
#define EQ(v, c) _mm_cmpeq_epi8((v), _mm_set1_epi8(c))
    __m128i e2 = _mm_or_si128(_mm_or_si128(EQ(z, 'q'), EQ(z, '-')), _mm_or_si128(EQ(z, 'e'), EQ(z, 'o')));
    __m128i m = _mm_or_si128(
        _mm_or_si128(_mm_and_si128(EQ(x, 'a'), EQ(z, 'f')), _mm_and_si128(EQ(x, 'e'), e2)),
        _mm_or_si128(_mm_or_si128(_mm_and_si128(EQ(x, 'p'), EQ(z, 'r')),
                                  _mm_and_si128(EQ(x, 'r'), EQ(z, 'e'))),
                     _mm_and_si128(EQ(x, 'w'), EQ(z, 'i'))));
#undef EQ
    /* y is a letter: 'a' <= y <= 'z' (bytes >= 0x80 compare as negative) */
    __m128i letter = _mm_and_si128(_mm_cmpgt_epi8(y, _mm_set1_epi8('a' - 1)),
                                   _mm_cmplt_epi8(y, _mm_set1_epi8('z' + 1)));
    return (unsigned)_mm_movemask_epi8(_mm_andnot_si128(letter, m));
}
#endif

/* The first legal cue in s[a, b) (case-insensitive), or b. Many bytes at a
 * time, only the words that start like a cue are tried. */
static size_t find_legal(const char *s, size_t a, size_t b)
{
    size_t i = a;
    if (i < b && legal_at(s, a, b, i)) return i;
    i++;
#ifdef SCAN_SSE2
    for (; i + 17 <= b; i += 16)
        for (unsigned m = legal_starts16(s, i); m; m &= m - 1) {
            size_t at = i + (size_t)__builtin_ctz(m);
            if (legal_at(s, a, b, at)) return at;
        }
#endif
    for (; i + 8 <= b; i += 8) {
        uint64_t m = legal_first8(scan_load(s + i)) & ~scan_letters(scan_load(s + i - 1));
        for (; m; m = scan_clear_first(m))
            if (legal_at(s, a, b, i + scan_first(m))) return i + scan_first(m);
    }
    for (; i < b; i++)
        if (legal_at(s, a, b, i)) return i;
    return b;
}

/* Splits the equal-opportunity text of each posting section into a legal
 * section of its own, from the start of the sentence that has the cue. */
static void split_legal(finder *f)
{
    const char *s = f->s;
    size_t n0 = f->nc;
    for (size_t c = 0; c < n0; c++) {
        jm_cut *cut = &f->cuts[c];
        if (cut->kind == JM_SEC_LEGAL || cut->kind == JM_SEC_TITLE) continue;
        size_t end = c + 1 < n0 ? f->cuts[c + 1].start : f->n;
        size_t at = find_legal(s, cut->body, end);
        if (at == end || end - at > 4000) continue;
        /* back to the sentence start: a stop, a line break, or a glued
         * sentence ("SponsorshipsOur company is ...") */
        size_t st = at;
        while (st > cut->body && at - st < 400 && s[st - 1] != '.' && s[st - 1] != '!' &&
               s[st - 1] != '?' && s[st - 1] != '\n' &&
               !(is_upper((unsigned char)s[st]) && is_lower((unsigned char)s[st - 1])))
            st--;
        while (st < at && is_space((unsigned char)s[st])) st++;
        if (st <= cut->body) {
            if (!cut->has_heading || cut->kind == JM_SEC_OTHER) cut->kind = JM_SEC_LEGAL;
            continue;
        }
        if (jm_grow(&f->cuts, &f->cap, f->nc, sizeof *f->cuts, 16)) {
            f->oom = 1;
            return;
        }
        f->cuts[f->nc++] = (jm_cut){ st, st, st, st, JM_SEC_LEGAL, 0 };
    }
    if (f->nc > n0) qsort(f->cuts, f->nc, sizeof *f->cuts, cut_cmp);
}

/* ---------------------------------------------------------------------- */
/* Driver                                                                  */
/* ---------------------------------------------------------------------- */

int jm_find_sections(const jm_sectab *t, jm_doc_type type, unsigned flags,
                     const char *text, size_t n, jm_cut **cuts, size_t *ncuts)
{
    finder f = { t, type, text, n, NULL, 0, 0, 0, 0 };
    size_t title_end = 0;
    *cuts = NULL;
    *ncuts = 0;

    /* a posting's title: its first line, when short and not a heading */
    if (flags & JM_FIND_TITLE) {
        size_t a = 0;
        while (a < n && (is_space((unsigned char)text[a]) || text[a] == '\n')) a++;
        const char *nl = a < n ? memchr(text + a, '\n', n - a) : NULL;
        size_t e = nl ? (size_t)(nl - text) : n, ha, hb;
        int md, bold, colon;
        jm_section_kind k;
        heading_words(text, a, e, &ha, &hb, &md, &bold, &colon);
        if (hb > ha && hb - ha <= 150 && !colon &&
            !jm_sectab_lookup(t, type, text + ha, hb - ha, &k)) {
            add_cut(&f, a, ha, ha, a, JM_SEC_TITLE, 0);
            title_end = e;
        }
    }
    for (size_t ls = title_end; ls < n;) {
        const char *nl = memchr(text + ls, '\n', n - ls);
        size_t le = nl ? (size_t)(nl - text) : n;
        scan_line(&f, ls, le);
        ls = le + 1;
    }
    if (f.oom) { jm_free(f.cuts); return JM_ENOMEM; }

    /* text before the first heading (after the title) is a section */
    size_t first_h = 0;
    while (first_h < f.nc && f.cuts[first_h].kind == JM_SEC_TITLE) first_h++;
    size_t pre = title_end;
    size_t pre_end = first_h < f.nc ? f.cuts[first_h].start : n;
    if (!blank(text, pre, pre_end)) {
        if (title_end) while (pre < pre_end && (text[pre] == '\n' || is_space((unsigned char)text[pre]))) pre++;
        jm_section_kind k = type == JM_DOC_POSTING ? JM_SEC_OTHER :
                            looks_like_contact(text, pre, pre_end) ? JM_SEC_CONTACT :
                            JM_SEC_SUMMARY;
        if (jm_grow(&f.cuts, &f.cap, f.nc, sizeof *f.cuts, 16)) {
            jm_free(f.cuts);
            return JM_ENOMEM;
        }
        f.cuts[f.nc++] = (jm_cut){ pre, pre, pre, pre, k, 0 };
        qsort(f.cuts, f.nc, sizeof *f.cuts, cut_cmp);
    }

    if (type == JM_DOC_CV) {
        for (size_t c = 0; c < f.nc; c++) {
            size_t end = c + 1 < f.nc ? f.cuts[c + 1].start : n;
            jm_cut *cut = &f.cuts[c];
            if ((cut->kind == JM_SEC_EXPERIENCE || cut->kind == JM_SEC_SUMMARY) &&
                cut->has_heading && looks_like_skill_list(text, cut->body, end))
                cut->kind = JM_SEC_SKILLS;
        }
        move_entries(&f);
    } else {
        split_legal(&f);
    }
    if (f.oom) { jm_free(f.cuts); return JM_ENOMEM; }
    *cuts = f.cuts;
    *ncuts = f.nc;
    return JM_OK;
}

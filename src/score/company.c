/* This file contains how the scorer finds the name of a posting's company
 * (see company.h): the `company` field, and the three ways a posting names
 * itself in its text, found with plain byte patterns. */
#include "score/company.h"
#include "model/model.h"

#include <string.h>

enum {
    NAME_MAX_BYTES = 256,   /* longer names are cut (no name is this long) */
    NAME_MAX_WORDS = 4,     /* a name in the text: 1 to 4 capitalized words */
    NAME_MAX_TERMS = 32,    /* terms kept of one name */
    SENTENCE_REACH = 160    /* bytes after "X is a" searched for a noun */
};

/* The terms of one name, as the analyzer makes them. */
typedef struct {
    uint32_t ids[NAME_MAX_TERMS];   /* term ids */
    unsigned kinds[NAME_MAX_TERMS]; /* lexicon kind, 0 for none */
    unsigned phrase[NAME_MAX_TERMS];/* a phrase term (two words) */
    size_t n;                       /* terms kept */
} name_terms;

static int on_name_term(void *ud, const jm_aterm *a)
{
    name_terms *nt = ud;
    if (nt->n == NAME_MAX_TERMS) return 1;
    nt->ids[nt->n] = a->term_id;
    nt->kinds[nt->n] = a->kind;
    nt->phrase[nt->n] = (a->pub.flags & JM_TOKEN_PHRASE) != 0;
    nt->n++;
    return 0;
}

/* Adds the terms of the name s[0..n) to names, as company.h says. */
static int add_name(jm_analyzer *an, const struct jm_model *skills, const char *s,
                    size_t n, jm_idmap *names)
{
    char buf[NAME_MAX_BYTES];
    size_t len = 0;
    int depth = 0;      /* inside parentheses: "KLA (Kim Lundgren Associates)" */
    for (size_t i = 0; i < n && len < sizeof buf; i++) {
        if (s[i] == '(') depth++;
        else if (s[i] == ')' && depth > 0) depth--;
        else if (!depth) buf[len++] = s[i];
    }
    name_terms nt = {0};
    int rc = jm_analyzer_terms(an, buf, len, on_name_term, &nt);
    if (rc == JM_ENOMEM) return rc;
    size_t words = 0;
    for (size_t i = 0; i < nt.n; i++) words += !nt.phrase[i];
    for (size_t i = 0; i < nt.n; i++) {
        int keep = words == 1 || nt.phrase[i];
        if (!keep && !nt.kinds[i]) {
            size_t tl;
            const char *term = jm_analyzer_term_str(an, nt.ids[i], &tl);
            keep = !skills || jm_model_df(skills, term, tl) == 0;
        }
        if (keep && jm_idmap_put(names, nt.ids[i], 1)) return JM_ENOMEM;
    }
    return JM_OK;
}

static int is_upper(char c) { return c >= 'A' && c <= 'Z'; }
static int is_alnum(char c)
{
    return (c >= 'a' && c <= 'z') || is_upper(c) || (c >= '0' && c <= '9');
}

/* Whether the word s[0..n) is a stopword ("Our", "The", "Us", "This"). */
static int is_stopword(jm_analyzer *an, const char *s, size_t n, int *oom)
{
    char low[64];
    if (n >= sizeof low) return 0;
    for (size_t i = 0; i < n; i++)
        low[i] = is_upper(s[i]) ? (char)(s[i] - 'A' + 'a') : s[i];
    jm_word w;
    if (jm_analyzer_word(an, low, n, &w)) { *oom = 1; return 0; }
    return w.what == JM_WORD_STOP;
}

/* The length of the name that starts at s[0..n): 1 to NAME_MAX_WORDS
 * words, each an upper-case letter and then letters, digits, UTF-8 bytes
 * or & ' . -, one space apart, the first not a stopword; a final '.' (the
 * sentence's) is not part of it. 0 when there is none. */
static size_t name_at(jm_analyzer *an, const char *s, size_t n, int *oom)
{
    size_t end = 0, i = 0;
    for (int w = 0; w < NAME_MAX_WORDS && i < n && is_upper(s[i]); w++) {
        size_t a = i;
        while (i < n && (is_alnum(s[i]) || (unsigned char)s[i] >= 0x80 ||
                         s[i] == '&' || s[i] == '\'' || s[i] == '.' || s[i] == '-'))
            i++;
        if (w == 0 && is_stopword(an, s + a, i - a, oom)) return 0;
        end = i;
        if (i + 1 < n && s[i] == ' ' && is_upper(s[i + 1])) i++;
        else break;
    }
    while (end > 0 && s[end - 1] == '.') end--;
    return end;
}

/* Whether s[0..n) starts with word w followed by a non-letter. */
static int word_at(const char *s, size_t n, const char *w)
{
    size_t k = strlen(w);
    return n >= k && !memcmp(s, w, k) && (n == k || !is_alnum(s[k]));
}

/* Whether the sentence s[0..n) (up to its end, at most SENTENCE_REACH
 * bytes) names the kind of organization a company says it is. */
static int names_organization(const char *s, size_t n)
{
    static const char *const nouns[] = {
        "company", "firm", "leader", "provider", "organization", "organisation",
        "business", "startup", "agency", "corporation", "employer", "manufacturer",
        "group", "enterprise", "institution", "brand", "retailer", "bank",
        "consultancy", "nonprofit", "practice", "network", "distributor"
    };
    for (size_t i = 0; i < n && i < SENTENCE_REACH && s[i] != '.' && s[i] != '\n'; i++) {
        if (i > 0 && is_alnum(s[i - 1])) continue;
        for (size_t k = 0; k < JM_ARRAY_LEN(nouns); k++) {
            size_t nl = strlen(nouns[k]);
            if (n - i < nl || memcmp(s + i, nouns[k], nl)) continue;
            size_t end = i + nl + (n - i > nl && s[i + nl] == 's');   /* a plural */
            if (end == n || !is_alnum(s[end])) return 1;
        }
    }
    return 0;
}

/* Finds the names text[0..len) gives itself and adds their terms. */
static int scan_text(jm_analyzer *an, const struct jm_model *skills, const char *text,
                     size_t len, jm_idmap *names)
{
    int oom = 0;
    for (size_t i = 0; i < len && !oom; i++) {
        if (i > 0 && is_alnum(text[i - 1])) continue;    /* at a word start */
        const char *s = text + i;
        size_t n = len - i, at = 0, name = 0;
        if (word_at(s, n, "At")) {          /* "At Northwind, we ..." */
            at = 3;
            name = name_at(an, s + at, n - at, &oom);
            const char *after = s + at + name;
            size_t left = n - at - name;
            if (name && !(left > 0 && after[0] == ',') && !word_at(after, left, " we"))
                name = 0;
        } else if (word_at(s, n, "Join") || word_at(s, n, "join")) {   /* "Join Northwind" */
            at = 5;
            name = name_at(an, s + at, n - at, &oom);
        } else if (is_upper(s[0]) &&
                   (i == 0 || text[i - 1] == '\n' ||
                    (i >= 2 && text[i - 1] == ' ' && strchr(".!?", text[i - 2])))) {
            name = name_at(an, s, n, &oom);  /* "Northwind is a leading provider" */
            const char *after = s + name;
            size_t left = n - name;
            if (name && !((word_at(after, left, " is a") || word_at(after, left, " is an") ||
                           word_at(after, left, " is the") || word_at(after, left, " is one")) &&
                          names_organization(after, left)))
                name = 0;
        }
        if (name && add_name(an, skills, s + at, name, names)) return JM_ENOMEM;
    }
    return oom ? JM_ENOMEM : JM_OK;
}

int jm_company_terms(jm_analyzer *an, const struct jm_model *skills,
                     const jm_doc *posting, jm_idmap *names)
{
    const char *company = jm_doc_company(posting);
    if (company && add_name(an, skills, company, strlen(company), names)) return JM_ENOMEM;
    for (size_t i = 0; i < posting->n_sections; i++) {
        size_t len;
        const char *text = jm_doc_section_text(posting, i, &len);
        if (scan_text(an, skills, text, len, names)) return JM_ENOMEM;
    }
    return JM_OK;
}

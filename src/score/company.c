/* This file contains how the scorer finds the name of a posting's company
 * (see company.h): the `company` field, and the three ways a posting names
 * itself in its text, found with plain byte patterns; then where the
 * posting writes those names, and which of their terms it uses only there. */
#include "score/company.h"
#include "text/lexicon.h"
#include "model/model.h"

#include <string.h>

enum {
    NAME_MAX_BYTES = 256,   /* longer names are cut (no name is this long) */
    NAME_MAX_WORDS = 4,     /* a name in the text: 1 to 4 capitalized words */
    NAME_MAX_TERMS = 32,    /* terms kept of one name */
    NAME_MAX_NAMES = 8,     /* distinct names kept of one posting */
    NAME_MAX_RUN = 16,      /* words of a name matched in the text */
    SENTENCE_REACH = 160    /* bytes after "X is a" searched for a noun */
};

/* One name of the company, as written in its field or in the text. */
typedef struct {
    char text[NAME_MAX_BYTES];      /* the text outside parentheses, or
                                       the first part inside them */
    size_t len;
    size_t word_start[NAME_MAX_RUN], word_len[NAME_MAX_RUN];
    size_t n_words;                 /* its words (runs of non-space bytes) */
    unsigned char plain[NAME_MAX_RUN];  /* a word with a letter or digit
                                       that is no stopword ("&", "of": no) */
    size_t n_plain;
} company_name;

/* A term of a name, and where the posting uses it. */
typedef struct {
    uint32_t id;                    /* term id */
    unsigned kind;                  /* lexicon kind, 0 for none */
    size_t total;                   /* occurrences in the posting's text */
    size_t inside;                  /* ... of them within a name */
    size_t asked;                   /* ... in the sections that say what the
                                       job needs: title, responsibilities,
                                       requirements, preferred */
    int no_skill;                   /* names no skill: no lexicon entry, and
                                       in no statement of the skills model */
} name_term;

/* What jm_company_terms() gathers of one posting. */
typedef struct {
    jm_analyzer *an;
    const struct jm_model *skills;  /* the skills model, or NULL */
    company_name names[NAME_MAX_NAMES];
    size_t n_names;
    name_term terms[NAME_MAX_NAMES * NAME_MAX_TERMS];
    size_t n_terms;
    jm_idmap index;                 /* term id -> index into terms */
    size_t (*spans)[2];             /* the names' places in one section */
    size_t n_spans, cap_spans;
    jm_section_kind kind;           /* the section being counted */
    int oom;
} company_scan;

/* Keeps each term of a name once in c->terms. */
static int on_name_term(void *ud, const jm_aterm *a)
{
    company_scan *c = ud;
    if (jm_idmap_get(&c->index, a->term_id) != UINT32_MAX) return 0;
    if (c->n_terms == JM_ARRAY_LEN(c->terms)) return 1;
    if (jm_idmap_put(&c->index, a->term_id, (uint32_t)c->n_terms)) {
        c->oom = 1;
        return 1;
    }
    size_t len;
    const char *term = jm_analyzer_term_str(c->an, a->term_id, &len);
    int no_skill = !a->kind && (!c->skills || jm_model_df(c->skills, term, len) == 0);
    c->terms[c->n_terms++] = (name_term){ a->term_id, a->kind, 0, 0, 0, no_skill };
    return 0;
}

static int is_upper(char c) { return c >= 'A' && c <= 'Z'; }
static int is_space(char ch) { return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r'; }
static char lower(char ch) { return is_upper(ch) ? (char)(ch - 'A' + 'a') : ch; }
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

/* Adds the name s[0..n) to c, unless c has it already or is full; text
 * in parentheses is left out (outer, 1) or is all that is taken (inner,
 * 0), and the name is cut to NAME_MAX_BYTES. */
static void add_name_part(company_scan *c, const char *s, size_t n, int outer)
{
    if (c->n_names == NAME_MAX_NAMES) return;
    company_name *nm = &c->names[c->n_names];
    size_t len = 0;
    int depth = 0;
    for (size_t i = 0; i < n && len < sizeof nm->text; i++) {
        if (s[i] == '(') depth++;
        else if (s[i] == ')' && depth > 0) depth--;
        else if (outer ? !depth : depth > 0) nm->text[len++] = s[i];
        else if (!outer && depth == 0 && len > 0) break;   /* the first only */
    }
    nm->len = len;
    nm->n_words = nm->n_plain = 0;
    for (size_t i = 0; i < len && nm->n_words < NAME_MAX_RUN;) {
        while (i < len && is_space(nm->text[i])) i++;
        size_t a = i;
        while (i < len && !is_space(nm->text[i])) i++;
        size_t b = i;    /* "Systems," is matched as "Systems" */
        while (b > a && (nm->text[b - 1] == ',' || nm->text[b - 1] == ';' ||
                         nm->text[b - 1] == ':'))
            b--;
        if (b == a) continue;
        int alnum = 0;
        for (size_t k = a; k < b && !alnum; k++) alnum = is_alnum(nm->text[k]);
        int oom = 0;
        int plain = alnum && !is_stopword(c->an, nm->text + a, b - a, &oom);
        if (oom) c->oom = 1;
        nm->word_start[nm->n_words] = a;
        nm->word_len[nm->n_words] = b - a;
        nm->plain[nm->n_words++] = (unsigned char)plain;
        nm->n_plain += (size_t)plain;
    }
    if (!nm->n_plain) return;
    for (size_t k = 0; k < c->n_names; k++)
        if (c->names[k].len == len && !memcmp(c->names[k].text, nm->text, len)) return;
    c->n_names++;
}

/* Adds the name s[0..n) to c; a part in parentheses is another name of
 * the same company ("KLA (Kim Lundgren Associates)"), or of the body it
 * belongs to ("Naval Sea Systems Command (Department of the Navy)"). */
static void add_name(company_scan *c, const char *s, size_t n)
{
    add_name_part(c, s, n, 1);
    if (memchr(s, '(', n)) add_name_part(c, s, n, 0);
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

/* Finds the names text[0..len) gives itself and adds them to c. */
static int scan_text(company_scan *c, const char *text, size_t len)
{
    jm_analyzer *an = c->an;
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
        if (name) add_name(c, s + at, name);
    }
    return oom ? JM_ENOMEM : JM_OK;
}


/* Whether a lower-case letter and an upper-case one at s[0..2) are two
 * words glued by scraping ("About RevatureRevature is"). */
static int glued(const char *s)
{
    return s[0] >= 'a' && s[0] <= 'z' && is_upper(s[1]);
}

/* The bytes of text[0..n) that spell the word w[0..k), letters of either
 * case, ' and U+2019 alike ("Children's" is "Children\u2019s"); 0 when it
 * does not start with it. */
static size_t word_written(const char *text, size_t n, const char *w, size_t k)
{
    static const char curly[] = "\xE2\x80\x99";
    size_t i = 0;
    for (size_t j = 0; j < k; j++) {
        int w_curly = k - j >= 3 && !memcmp(w + j, curly, 3);
        int t_curly = n - i >= 3 && !memcmp(text + i, curly, 3);
        if ((w[j] == '\'' || w_curly) && i < n && (text[i] == '\'' || t_curly)) {
            i += t_curly ? 3 : 1;
            j += w_curly ? 2 : 0;
            continue;
        }
        if (i == n || lower(text[i]) != lower(w[j])) return 0;
        i++;
    }
    return i;
}

/* The end of the name nm written at text[0..n), 0 when it is not there.
 * It is written there when its words follow each other from its first
 * word or from its first plain one (one run of white space apart, the
 * last not followed by a letter or digit, unless glued), capitalized ("NLB
 * SERVICES" matches "NLB Services", "apple" is not "Apple"), and they are
 * the whole name or two plain words of it or more ("Harrow & Pike" of
 * "Harrow & Pike Manufacturing", "Roxbury Latin" of "The Roxbury Latin
 * School"); or, with alone, its first plain word alone ("Sylvan" of
 * "Sylvan Learning"). */
static size_t name_written_at(const company_name *nm, const char *text, size_t n, int alone)
{
    /* a name written in lower case ("beem Light Sauna") is found as written */
    if (text[0] >= 'a' && text[0] <= 'z' && text[0] != nm->text[nm->word_start[0]]) return 0;
    size_t first_plain = 0;
    while (first_plain < nm->n_words && !nm->plain[first_plain]) first_plain++;
    size_t best = 0;
    for (size_t from = 0; from <= first_plain && from < nm->n_words; from += first_plain ? first_plain : 1) {
        size_t i = 0, plain = 0;
        for (size_t w = from; w < nm->n_words; w++) {
            if (w > from) {
                size_t sp = i;
                while (i < n && is_space(text[i])) i++;
                if (i == sp) break;
            }
            const char *word = nm->text + nm->word_start[w];
            size_t k = nm->word_len[w];
            size_t got = word_written(text + i, n - i, word, k);
            if (!got) break;
            i += got;
            if (i < n && is_alnum(text[i]) && is_alnum(word[k - 1]) && !glued(text + i - 1))
                break;
            plain += nm->plain[w];
            if ((w + 1 == nm->n_words && from == 0) || plain >= 2 ||
                (alone && plain == 1 && nm->plain[w]))
                best = i > best ? i : best;
        }
    }
    return best;
}

/* Finds where c's names are written in text[0..len), into c->spans; a
 * name's first plain word alone counts outside the title (alone), which
 * names the job, not the employer ("Executive Housekeeper" at Executive
 * Cleaning Services). */
static int find_spans(company_scan *c, const char *text, size_t len, int alone)
{
    c->n_spans = 0;
    for (size_t i = 0; i < len; i++) {
        if (i > 0 && is_alnum(text[i - 1]) && !glued(text + i - 1)) continue;   /* a word start */
        size_t best = 0;
        for (size_t k = 0; k < c->n_names; k++) {
            size_t end = name_written_at(&c->names[k], text + i, len - i, alone);
            if (end > best) best = end;
        }
        if (!best) continue;
        if (jm_grow(&c->spans, &c->cap_spans, c->n_spans, sizeof *c->spans, 16))
            return JM_ENOMEM;
        c->spans[c->n_spans][0] = i;
        c->spans[c->n_spans][1] = i + best;
        c->n_spans++;
        i += best - 1;
    }
    return JM_OK;
}

/* Counts an occurrence of a name's term: in all, within a name, where the
 * posting says what the job needs. */
static int on_posting_term(void *ud, const jm_aterm *a)
{
    company_scan *c = ud;
    uint32_t k = jm_idmap_get(&c->index, a->term_id);
    if (k == UINT32_MAX) return 0;
    name_term *t = &c->terms[k];
    t->total++;
    t->asked += c->kind == JM_SEC_TITLE || c->kind == JM_SEC_RESPONSIBILITIES ||
                c->kind == JM_SEC_REQUIREMENTS || c->kind == JM_SEC_PREFERRED;
    /* spans are in text order and apart: the last one starting at or
     * before the term is the only one that can hold it; a term that starts
     * in it is the name's ("Tracker's" is read as one word) */
    size_t lo = 0, hi = c->n_spans;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (c->spans[mid][0] <= a->pub.start) lo = mid + 1;
        else hi = mid;
    }
    t->inside += lo > 0 && a->pub.start < c->spans[lo - 1][1];
    return 0;
}

/* Whether name term t is the company's name rather than something the
 * posting asks for (company.h). */
static int is_name_term(const name_term *t)
{
    if (t->kind && t->kind != JM_KIND_ROLE && t->asked) return 0;
    return t->no_skill || t->inside == t->total;
}

static int company_terms(company_scan *c, const jm_doc *posting, jm_idmap *names)
{
    const char *company = jm_doc_company(posting);
    if (company) add_name(c, company, strlen(company));
    for (size_t i = 0; i < posting->n_sections; i++) {
        size_t len;
        const char *text = jm_doc_section_text(posting, i, &len);
        if (scan_text(c, text, len)) return JM_ENOMEM;
    }
    if (c->oom) return JM_ENOMEM;
    for (size_t k = 0; k < c->n_names; k++) {
        int rc = jm_analyzer_terms(c->an, c->names[k].text, c->names[k].len, on_name_term, c);
        if (rc == JM_ENOMEM || c->oom) return JM_ENOMEM;
    }
    if (!c->n_terms) return JM_OK;
    for (size_t i = 0; i < posting->n_sections; i++) {
        size_t len;
        const char *text = jm_doc_section_text(posting, i, &len);
        c->kind = posting->sections[i].kind;
        if (find_spans(c, text, len, c->kind != JM_SEC_TITLE)) return JM_ENOMEM;
        if (jm_analyzer_terms(c->an, text, len, on_posting_term, c) == JM_ENOMEM)
            return JM_ENOMEM;
    }
    for (size_t k = 0; k < c->n_terms; k++)
        if (is_name_term(&c->terms[k]) && jm_idmap_put(names, c->terms[k].id, 1))
            return JM_ENOMEM;
    return JM_OK;
}

int jm_company_terms(jm_analyzer *an, const struct jm_model *skills,
                     const jm_doc *posting, jm_idmap *names)
{
    company_scan *c = jm_calloc(1, sizeof *c);
    if (!c) return JM_ENOMEM;
    c->an = an;
    c->skills = skills;
    int rc = company_terms(c, posting, names);
    jm_idmap_free(&c->index);
    jm_free(c->spans);
    jm_free(c);
    return rc;
}

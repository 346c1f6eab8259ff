/* Tests of the tokenizer: tech terms kept whole, glued sentences split,
 * contact details recognized, breaks reported, offsets into the original
 * bytes. Each row renders the tokens as a string: a word as its folded
 * text, "#" before a number, <email> <url> <phone> for contact details, and
 * before a token "." for a sentence break, "," for a clause break, "+" when
 * glued by '-' or '/'. */
#include "unit.h"
#include "text/tokenizer.h"

#include <stdlib.h>

struct render {
    char out[2048];
    size_t len;
    const char *text;
    int bad_offsets;
};

static void add(struct render *r, const char *s)
{
    size_t n = strlen(s);
    if (r->len + n + 1 < sizeof r->out) {
        memcpy(r->out + r->len, s, n);
        r->len += n;
        r->out[r->len] = '\0';
    }
}

static int render_tok(void *ud, const jm_rawtok *t)
{
    struct render *r = ud;
    if (r->len) add(r, " ");
    if (t->flags & JM_TF_SENT) add(r, ". ");
    else if (t->flags & JM_TF_BREAK) add(r, ", ");
    if (t->flags & JM_TF_GLUE) add(r, "+");
    if (t->start >= t->end) r->bad_offsets = 1;
    switch (t->type) {
    case JM_TT_EMAIL: add(r, "<email>"); break;
    case JM_TT_URL: add(r, (t->flags & JM_TF_DOMAIN) ? "<domain>" : "<url>"); break;
    case JM_TT_PHONE: add(r, "<phone>"); break;
    case JM_TT_NUMBER: add(r, "#"); add(r, t->fold); break;
    default: add(r, t->fold); break;
    }
    return 0;
}

static const char *tokens_of(const char *text)
{
    static struct render r;
    memset(&r, 0, sizeof r);
    r.text = text;
    size_t n = strlen(text);
    char *copy = malloc(n ? n : 1);      /* exact size: ASan sees over-reads */
    memcpy(copy, text, n);
    jm_tokenize(copy, n, render_tok, &r);
    free(copy);
    if (r.bad_offsets) return "(bad offsets)";
    return r.out;
}

TEST(tokenizer_should_keep_tech_terms_whole)
{
    static const struct { const char *in, *out, *why; } rows[] = {
        { "C++ and C#", "c++ and c#", "'+' and '#' after a letter stay in the word" },
        { "F#, .NET", "f# , .net", "leading dot of .NET kept" },
        { "ASP.NET Core", "<domain> core", "a bare domain by shape: the analyzer asks the lexicon" },
        { "Node.js Vue.js Next.js", "node.js vue.js next.js", ".js names stay whole" },
        { "CI/CD TCP/IP", "ci +cd tcp +ip", "slash splits, glued (the lexicon joins)" },
        { "PL/SQL, T-SQL", "pl +sql , t +sql", "slash and hyphen glue" },
        { "Objective-C", "objective +c", "hyphen glues: the lexicon decides" },
        { "A/B testing", "a +b testing", "A/B glued" },
        { "3D parallelism", "3d parallelism", "digits and letters are one word" },
        { "scikit-learn", "scikit +learn", "hyphenated name glued" },
        { "R, Go and C.", "r , go and c", "single letters are words" },
        { "R&D and AT&T", "r&d and at&t", "short word & letter stays whole" },
        { "H.264 video", "h.264 video", "letter.digits stays whole" },
        { "Notepad++ g++", "notepad++ g++", "double plus" },
        { "5+ years", "#5 years", "plus after a number is not kept" },
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        const char *got = tokens_of(rows[i].in);
        CHECK_MSG(!strcmp(got, rows[i].out), "row %zu (%s): \"%s\"", i, rows[i].why, got);
    }
}

TEST(tokenizer_should_split_sentences_glued_by_scraping)
{
    static const struct { const char *in, *out, *why; } rows[] = {
        { "The Woodlands.Minimum Requirements", "the woodlands . minimum requirements",
          "lowercase word, dot, capitalized word: a sentence break" },
        { "Deep learning.Education Details", "deep learning . education details",
          "the same in a CV" },
        { "e.g. Python", "e.g python", "e.g. keeps its dot, no break" },
        { "in the U.S. Army", "in the u.s army", "U.S. is an abbreviation" },
        { "a Ph.D. in CS", "a ph.d in cs", "Ph.D. is not a glued sentence" },
        { "use Node.js daily", "use node.js daily", "lowercase after the dot joins" },
        { "done. Next", "done . next", "ordinary full stop" },
        { "Who you are:You must", "who you are , you must", "colon is a clause break" },
        { "years.5 years", "years.5 years", "dot then digit joins (H.264 style)" },
        { "Ready? Go!", "ready . go", "question mark is a sentence break" },
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        const char *got = tokens_of(rows[i].in);
        CHECK_MSG(!strcmp(got, rows[i].out), "row %zu (%s): \"%s\"", i, rows[i].why, got);
    }
}

TEST(tokenizer_should_recognize_contact_details)
{
    static const struct { const char *in, *out, *why; } rows[] = {
        { "mail ben.athiwaratkun@example.com now", "mail <email> now", "email with a dot" },
        { "first-last@x.co.uk", "<email>", "hyphen in the local part" },
        { "(555) 010-0199 x", "<phone> x", "US phone with parentheses" },
        { "+1 555 010 0199", "<phone>", "international phone with spaces" },
        { "555-010-0199", "<phone>", "dashed phone" },
        { "555.010.0199", "<phone>", "dotted phone" },
        { "call 555-0199", "call <phone>", "7-digit local number" },
        { "2014-2019", "#2014 +#2019", "a year range is not a phone" },
        { "https://x.com/a?b=c. Next", "<url> . next", "URL without the final dot" },
        { "see www.opm.gov/DirectHire.", "see <url>", "www. URL" },
        { "Google Scholar benathi.github.io", "google scholar <domain>", "bare domain" },
        { "github.com/benathi/x", "<url>", "bare domain with a path" },
        { "(http://a.b/c)", ", <url>", "URL inside parentheses, without the ')'" },
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        const char *got = tokens_of(rows[i].in);
        CHECK_MSG(!strcmp(got, rows[i].out), "row %zu (%s): \"%s\"", i, rows[i].why, got);
    }
}

TEST(tokenizer_should_report_clause_breaks_and_normalize_punctuation)
{
    static const struct { const char *in, *out, *why; } rows[] = {
        { "Python\nJava", "python , java", "a short line ends a list item" },
        { "- Python\n- Java", ", python , java", "list markers" },
        { "a • b ▪ c · d ◦ e", "a , b , c , d , e", "bullets are breaks" },
        { "a – b — c", "a , b , c", "spaced en dash and em dash are breaks" },
        { "end–to–end", "end +to +end", "unspaced en dash glues like a hyphen" },
        { "“quoted” words", "quoted words", "curly double quotes are plain separators" },
        { "You’ll see", "you'll see", "curly apostrophe inside a word" },
        { "Müller CAFÉ naïve", "müller café naïve", "accented letters fold" },
        { "x\n\ny", "x . y", "a blank line ends a sentence" },
        { "we are looking for experienced engineers with a strong\nbackground",
          "we are looking for experienced engineers with a strong background",
          "a long wrapped line goes on in lowercase" },
        { "infor\xC2\xADmation", "information", "soft hyphen inside a word" },
        { "a\xFF" "b", "a b", "an invalid byte separates" },
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        const char *got = tokens_of(rows[i].in);
        CHECK_MSG(!strcmp(got, rows[i].out), "row %zu (%s): \"%s\"", i, rows[i].why, got);
    }
}

struct offs { const char *text; size_t n; char got[512]; };

static int collect_surface(void *ud, const jm_rawtok *t)
{
    struct offs *o = ud;
    size_t l = strlen(o->got);
    snprintf(o->got + l, sizeof o->got - l, "%s[%.*s]", l ? " " : "",
             (int)(t->end - t->start), o->text + t->start);
    return 0;
}

TEST(tokenizer_offsets_should_point_into_the_original_bytes)
{
    /* Guards against offsets into a folded or normalized copy: the
     * surfaces must be the original bytes, accents, case and all. */
    struct offs o = { "Müller’s C++ e.g. (555) 010-0199 ÉCOLE", 0, "" };
    o.n = strlen(o.text);
    jm_tokenize(o.text, o.n, collect_surface, &o);
    CHECK_STR(o.got, "[Müller’s] [C++] [e.g.] [(555) 010-0199] [ÉCOLE]");
}

TEST(tokenizer_should_cut_very_long_words_and_flag_them)
{
    char buf[400];
    memset(buf, 'a', sizeof buf);
    jm_tokenizer t;
    jm_rawtok tok;
    jm_tokenizer_init(&t, buf, sizeof buf);
    CHECK(jm_tokenizer_next(&t, &tok));
    CHECK(tok.flags & JM_TF_LONG);
    CHECK_INT(tok.len, JM_TOK_MAX);
    CHECK_INT(tok.end, sizeof buf);
    CHECK(!jm_tokenizer_next(&t, &tok));
}

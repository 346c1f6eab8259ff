/* Tests of the analyzer: terms from text with the test lexicon
 * (tests/data/lexicon.tsv) and the built-in stopwords. Each row lists the
 * terms as "t1 | t2 | ..."; a phrase term is shown as [a b]; with joins,
 * "~" marks a term that joins the previous one (joins_prev). Also: real
 * lines from ../shared, allocation failures, random bytes, clones. */
#include "unit.h"
#include "text/analyzer.h"
#include "base/embedded.h"
#include "text/lexicon.h"

#include <pthread.h>
#include <stdlib.h>

static jm_analyzer *make(void)
{
    size_t len;
    char *lex = unit_read("tests/data/lexicon.tsv", &len);
    char err[256] = "";
    jm_analyzer *an = NULL;
    if (!lex) { unit_fail(__FILE__, __LINE__, "cannot read tests/data/lexicon.tsv"); return NULL; }
    int rc = jm_analyzer_new("english", jm_embedded_stopwords,
                             (size_t)(jm_embedded_stopwords_end - jm_embedded_stopwords),
                             lex, len, &an, err, sizeof err);
    free(lex);
    if (rc) unit_fail(__FILE__, __LINE__, "jm_analyzer_new: %s", err);
    return an;
}

struct render {
    char out[4096];
    size_t len;
    int joins;              /* show joins_prev */
    const char *text;
    size_t text_len;
    int bad;                /* an offset or string check failed */
};

static void add(struct render *r, const char *s, size_t n)
{
    if (r->len + n + 1 < sizeof r->out) {
        memcpy(r->out + r->len, s, n);
        r->len += n;
        r->out[r->len] = '\0';
    }
}

static int render_term(void *ud, const jm_aterm *t)
{
    struct render *r = ud;
    if (t->pub.start >= t->pub.end || t->pub.end > r->text_len ||
        t->pub.text != r->text + t->pub.start ||
        t->pub.text_len != t->pub.end - t->pub.start || !t->pub.term_len)
        r->bad = 1;
    if (r->len) add(r, " | ", 3);
    if (r->joins && t->joins_prev) add(r, "~", 1);
    if (t->pub.flags & JM_TOKEN_PHRASE) add(r, "[", 1);
    add(r, t->pub.term, t->pub.term_len);
    if (t->pub.flags & JM_TOKEN_PHRASE) add(r, "]", 1);
    return 0;
}

/* The terms of text (a static buffer). */
static const char *terms_of_ex(jm_analyzer *an, const char *text, int joins)
{
    static struct render r;
    memset(&r, 0, sizeof r);
    r.joins = joins;
    size_t n = strlen(text);
    char *copy = malloc(n ? n : 1);     /* exact size for ASan */
    memcpy(copy, text, n);
    r.text = copy;
    r.text_len = n;
    int rc = an ? jm_analyzer_terms(an, copy, n, render_term, &r) : -1;
    free(copy);
    if (rc) return "(error)";
    if (r.bad) return "(bad offsets)";
    return r.out;
}

static const char *terms_of(jm_analyzer *an, const char *text)
{
    return terms_of_ex(an, text, 0);
}

struct row { const char *in, *out, *why; };

static void run_rows(jm_analyzer *an, const struct row *rows, size_t n, int joins,
                     const char *file, int line)
{
    for (size_t i = 0; i < n; i++) {
        const char *got = terms_of_ex(an, rows[i].in, joins);
        if (strcmp(got, rows[i].out))
            unit_fail(file, line, "row %zu (%s): \"%s\", expected \"%s\"", i,
                      rows[i].why, got, rows[i].out);
    }
}
#define RUN_ROWS(an, rows, joins) \
    run_rows(an, rows, sizeof rows / sizeof rows[0], joins, __FILE__, __LINE__)

TEST(analyzer_should_keep_tech_terms_whole_as_lexicon_terms)
{
    static const struct row rows[] = {
        { "C++, C#, F#, .NET", "c++ | c# | f# | .net", "symbols are part of the names" },
        { "ASP.NET and Node.js", "asp.net | node.js", "dotted names" },
        { "Vue.js, Next.js", "vue.js | next.js", "more dotted names" },
        { "CI/CD, TCP/IP", "ci/cd | tcp/ip", "slash compounds the lexicon lists" },
        { "PL/SQL, T-SQL", "pl/sql | t-sql", "slash and hyphen compounds" },
        { "Objective-C", "objective-c", "not the language C" },
        { "A/B testing", "a/b testing", "'a' is a stopword, yet starts the entry" },
        { "3D, scikit-learn", "3d | scikit-learn", "digit word and hyphenated name" },
        { "input/output", "input | output", "an unlisted slash compound splits" },
        { "state-of-the-art", "state | art", "an unlisted hyphen compound splits" },
        { "H.264 codecs", "h.264 | codec", "letters with digits are terms" },
    };
    jm_analyzer *an = make();
    RUN_ROWS(an, rows, 0);
    jm_analyzer_free(an);
}

TEST(analyzer_should_map_aliases_and_spelling_variants_to_one_term)
{
    static const struct row rows[] = {
        { "k8s Kubernetes", "kubernetes | kubernetes", "alias and canonical agree" },
        { "JS TS", "javascript | typescript", "short aliases" },
        { "Postgres golang", "postgresql | go", "golang is always Go" },
        { "ML, NLP, LLM, GCP", "machine learning | natural language processing | "
          "large language model | google cloud platform", "acronyms" },
        { "machine learning, Machine-Learning, machinelearning",
          "machine learning | machine learning | machine learning", "spaced, hyphenated, joined" },
        { "Node.js, nodejs, node js, NODE.JS", "node.js | node.js | node.js | node.js",
          "dotted, joined, spaced, shouted" },
        { "scikit-learn, scikit learn, scikitlearn, sklearn",
          "scikit-learn | scikit-learn | scikit-learn | scikit-learn", "four spellings" },
        { "react native developer", "react native | developer", "multi-word entry" },
        { "SQL Server and SQL", "sql server | sql", "longest match first" },
        { "Google Cloud Platform", "google cloud platform", "three words" },
        { "Google Cloud", "google cloud platform", "shorter variant" },
        { "distributed training", "distributed training", "multi-word skill" },
    };
    jm_analyzer *an = make();
    RUN_ROWS(an, rows, 0);
    jm_analyzer_free(an);
}

TEST(analyzer_should_apply_the_rules_for_ambiguous_short_forms)
{
    static const struct row rows[] = {
        /* CV */
        { "CV/NLP research", "computer vision | natural language processing | research",
          "CV next to a tech term is computer vision" },
        { "Python, CV", "python | computer vision", "CV after a tech term" },
        { "Please send your CV today", "pleas | send | today", "CV as the document" },
        { "cv", "", "lowercase cv is never computer vision" },
        /* Go */
        { "Python, Go, Rust", "python | go | rust", "Go in a tech list" },
        { "Go to market strategy", "market | strategi", "the verb" },
        { "go with Docker", "docker", "lowercase go is the verb" },
        { "going forward, Python", "going | forward | python", "a stem that spells go is not Go" },
        /* R */
        { "Python, R, SQL", "python | r | sql", "R in a tech list" },
        { "R&D budget", "r&d | budget", "R&D is its own term" },
        { "Grade R", "grade", "R without tech context" },
        /* C */
        { "Java, C, Python", "java | c | python", "C in a tech list" },
        { "C-level executives", "level | execut", "C-level is not the language" },
        { "Grade C", "grade", "C without tech context" },
        { "C/C++ and Java", "c | c++ | java", "C/C++" },
        /* IT */
        { "IT support", "information technology | support", "uppercase IT" },
        { "it works", "work", "lowercase it is a stopword" },
        { "It works", "work", "capitalized It is a stopword" },
        { "IT IS REQUIRED", "requir", "shouted text: IT before a stopword" },
        /* ML */
        { "5 ml of water", "water", "millilitre after a number" },
        { "add 10ML", "add", "glued to a number" },
        { "ML engineer", "machine learning | engineer", "ML alone" },
    };
    jm_analyzer *an = make();
    RUN_ROWS(an, rows, 0);
    jm_analyzer_free(an);
}

TEST(analyzer_should_drop_stopwords_numbers_and_contact_details)
{
    static const struct row rows[] = {
        { "the of and", "", "only stopwords: no terms" },
        { "", "", "empty text" },
        { "2019 3.5 1,000", "", "numbers alone are not terms" },
        { "ben.athiwaratkun@example.com", "", "email" },
        { "(555) 010-0199 +1 555 010 0199", "", "phones" },
        { "https://www.opm.gov/x benathi.github.io", "", "URL and bare domain" },
        { "e.g. Python, i.e. Java, etc.", "python | java", "Latin abbreviations" },
        { "Ph.D. in the U.S.", "phd | us", "dotted abbreviations keep their letters" },
        { "don't won’t", "", "stopwords with straight and curly apostrophes" },
        { "Smith et al. (2020)", "smith", "et al." },
        { "Engineer (m/f/d), Grade B", "engineer | grade", "single letters are not terms" },
        { "September 2014 - May 2019", "", "a month before a year is a date, not a word" },
        { "Candidates may apply in May.", "candid | may | appli | may",
          "a month name with no year stays a word" },
        { "skills .Ability to use .NET", "skill | abil | use | .net",
          "a leading dot is a lost full stop unless the lexicon lists the name" },
        { "<ORGANIZATION> <br/>Python</li>", "python",
          "markup tags and de-identification placeholders are not text" },
        { "x < 5 years, a<b", "year", "a lone '<' is no tag; the letters stay dropped" },
        { "Java is a programming language", "java | program | languag",
          "a lexicon form that starts with a stopword is a description, not a name" },
    };
    jm_analyzer *an = make();
    RUN_ROWS(an, rows, 0);
    jm_analyzer_free(an);
}

TEST(analyzer_should_stem_other_words_and_fold_case)
{
    static const struct row rows[] = {
        { "Engineering engineered engines", "engin | engin | engin", "one stem" },
        { "Müller CAFÉ naïve", "müller | café | naïv", "accents fold, then stem" },
        { "The Woodlands.Minimum Requirements", "woodland | minimum | requir",
          "glued sentence split" },
        { "Deep learning.Education Details", "deep learning | educ | detail",
          "glued sentence split after a multi-word term" },
        { "Master's program", "master | program", "possessive 's stemmed away" },
        { "reacting quickly", "reacting | quick", "stems that spell lexicon terms (react) stay words" },
        { "Docker's engine", "docker | engin", "possessive of a lexicon entry" },
        { "Master's degree", "master's degree", "unless the lexicon lists it" },
    };
    jm_analyzer *an = make();
    RUN_ROWS(an, rows, 0);
    jm_analyzer_free(an);
}

TEST(analyzer_should_keep_occupation_nouns_whole)
{
    static const struct row rows[] = {
        { "Developers develop; development", "developer | develop | develop",
          "a developer is not development" },
        { "Engineer, engineers, engineering", "engineer | engineer | engin",
          "an engineer is not engineering" },
    };
    jm_analyzer *an = make();
    RUN_ROWS(an, rows, 0);
    jm_analyzer_free(an);
}

TEST(analyzer_should_define_phrase_adjacency_by_clause)
{
    static const struct row rows[] = {
        { "data science team", "data | ~scienc | ~team", "adjacent words join" },
        { "data, science", "data | scienc", "comma breaks" },
        { "data; science", "data | scienc", "semicolon breaks" },
        { "data. Science", "data | scienc", "full stop breaks" },
        { "data • science", "data | scienc", "bullet breaks" },
        { "data\nscience", "data | scienc", "a short line is a list item" },
        { "data of science", "data | scienc", "a dropped stopword breaks" },
        { "data 2019 science", "data | scienc", "a dropped number breaks" },
        { "machine learning models", "machine learning | ~model", "a multi-word term joins" },
        { "data (science)", "data | scienc", "brackets break" },
        { "data-driven", "data | ~driven", "hyphen glue keeps adjacency" },
    };
    jm_analyzer *an = make();
    RUN_ROWS(an, rows, 1);
    jm_analyzer_free(an);
}

TEST(analyzer_should_emit_registered_phrases_after_their_second_word)
{
    jm_analyzer *an = make();
    if (!an) return;
    CHECK_INT(jm_analyzer_add_phrase(an, "data", 4, "scienc", 6), JM_OK);
    CHECK_INT(jm_analyzer_add_phrase(an, "machine learning", 16, "engineer", 8), JM_OK);
    static const struct row rows[] = {
        { "data science", "data | scienc | [data scienc]", "the pair" },
        { "Data Sciences team", "data | scienc | [data scienc] | team", "any inflection" },
        { "data, science", "data | scienc", "not across a comma" },
        { "data of science", "data | scienc", "not across a dropped stopword" },
        { "science data", "scienc | data", "order matters" },
        { "ML engineers", "machine learning | engineer | [machine learning engineer]",
          "an alias in a phrase" },
    };
    RUN_ROWS(an, rows, 0);
    jm_analyzer_free(an);
}

/* The pair terms of a run, "a|b a|b ...", each checked to start where its
 * first word does. */
struct pairs { jm_analyzer *an; const char *text; size_t last_start; char got[512]; int bad; };

static int collect_pairs(void *ud, const jm_aterm *t)
{
    struct pairs *p = ud;
    if (t->pair_prev != JM_NO_PAIR) {
        uint32_t id;
        size_t len, l = strlen(p->got);
        if (jm_analyzer_pair_term(p->an, t->pair_prev, t->term_id, &id) || id == UINT32_MAX)
            p->bad = 1;
        else if (t->pair_start != p->last_start)
            p->bad = 2;
        else {
            const char *s = jm_analyzer_term_str(p->an, id, &len);
            snprintf(p->got + l, sizeof p->got - l, "%s%.*s", l ? " " : "", (int)len, s);
        }
    }
    if (!(t->pub.flags & JM_TOKEN_PHRASE)) p->last_start = t->pub.start;
    return 0;
}

TEST(analyzer_should_mark_adjacent_words_without_a_phrase_as_pairs)
{
    jm_analyzer *an = make();
    if (!an) return;
    CHECK_INT(jm_analyzer_add_phrase(an, "data", 4, "scienc", 6), JM_OK);
    static const struct row rows[] = {
        { "data science team", "scienc|team", "a phrase is no pair; its second word pairs on" },
        { "science data", "scienc|data", "the other order is no phrase: a pair" },
        { "data, science", "", "not across a comma" },
        { "data of science", "", "not across a dropped stopword" },
        { "data\nscience", "", "not across a list line break" },
        { "machine learning models", "machine learning|model", "a multi-word term pairs whole" },
        { "Kubernetes operators, data-driven teams", "kubernetes|oper data|driven driven|team",
          "hyphen glue pairs; a comma breaks" },
        { "GPU", "", "one word makes none" },
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        struct pairs p = { an, rows[i].in, 0, "", 0 };
        CHECK_INT(jm_analyzer_terms(an, rows[i].in, strlen(rows[i].in), collect_pairs, &p), JM_OK);
        if (p.bad || strcmp(p.got, rows[i].out))
            unit_fail(__FILE__, __LINE__, "row %zu (%s): \"%s\" (bad %d), expected \"%s\"", i,
                      rows[i].why, p.got, p.bad, rows[i].out);
    }
    jm_analyzer_free(an);
}

struct spans { const char *text; char got[1024]; };

static int collect_spans(void *ud, const jm_aterm *t)
{
    struct spans *s = ud;
    size_t l = strlen(s->got);
    snprintf(s->got + l, sizeof s->got - l, "%s[%.*s]=%.*s", l ? " " : "",
             (int)(t->pub.end - t->pub.start), s->text + t->pub.start,
             (int)t->pub.term_len, t->pub.term);
    return 0;
}

TEST(analyzer_offsets_should_span_multi_word_terms_and_phrases)
{
    jm_analyzer *an = make();
    if (!an) return;
    jm_analyzer_add_phrase(an, "deep learning", 13, "model", 5);
    struct spans s = { "Deep  Learning models, Machine-Learning", "" };
    CHECK_INT(jm_analyzer_terms(an, s.text, strlen(s.text), collect_spans, &s), JM_OK);
    CHECK_STR(s.got, "[Deep  Learning]=deep learning [models]=model "
                     "[Deep  Learning models]=deep learning model "
                     "[Machine-Learning]=machine learning");
    jm_analyzer_free(an);
}

TEST(analyzer_should_intern_terms_and_keep_their_strings_stable)
{
    jm_analyzer *an = make();
    if (!an) return;
    uint32_t a, b, c;
    CHECK_INT(jm_analyzer_intern(an, "kubernetes", 10, &a), JM_OK);
    size_t len;
    const char *s = jm_analyzer_term_str(an, a, &len);
    CHECK(s && len == 10 && !memcmp(s, "kubernetes", 10));
    CHECK_INT(jm_analyzer_term_kind(an, a), JM_KIND_TECH);
    size_t before = jm_analyzer_term_count(an);
    CHECK_INT(jm_analyzer_intern(an, "zzz-new", 7, &b), JM_OK);
    CHECK_INT(b, before);
    CHECK_INT(jm_analyzer_term_count(an), before + 1);
    for (int i = 0; i < 20000; i++) {          /* force the table to grow */
        char w[32];
        int n = snprintf(w, sizeof w, "w%d", i);
        jm_analyzer_intern(an, w, (size_t)n, &c);
    }
    CHECK(jm_analyzer_term_str(an, a, NULL) == s);   /* did not move */
    CHECK(jm_analyzer_term_str(an, 0xFFFFFFF0u, NULL) == NULL);
    CHECK_STR(jm_analyzer_lang(an), "english");
    jm_analyzer_free(an);
}

TEST(analyzer_fingerprint_should_depend_on_language_and_data)
{
    jm_analyzer *a = make(), *b = NULL, *c = NULL;
    char err[128];
    const char *stop = "a\nthe\n";
    CHECK_INT(jm_analyzer_new("english", stop, strlen(stop), "", 0, &b, err, sizeof err), JM_OK);
    CHECK_INT(jm_analyzer_new("french", stop, strlen(stop), "", 0, &c, err, sizeof err), JM_OK);
    if (a && b && c) {
        CHECK(jm_analyzer_fingerprint(a) != jm_analyzer_fingerprint(b));
        CHECK(jm_analyzer_fingerprint(b) != jm_analyzer_fingerprint(c));
    }
    jm_analyzer_free(a);
    jm_analyzer_free(b);
    jm_analyzer_free(c);
    jm_analyzer *d = NULL;
    CHECK_INT(jm_analyzer_new("klingon", stop, strlen(stop), "", 0, &d, err, sizeof err),
              JM_EINVAL);
    CHECK(d == NULL);
    CHECK(strstr(err, "klingon") != NULL);
}

TEST(analyzer_clone_should_share_tables_and_agree_on_terms)
{
    jm_analyzer *an = make();
    if (!an) return;
    jm_analyzer_add_phrase(an, "data", 4, "scienc", 6);
    jm_analyzer *cl = NULL;
    CHECK_INT(jm_analyzer_clone(an, &cl), JM_OK);
    if (!cl) { jm_analyzer_free(an); return; }
    const char *text = "Data science with k8s, CV/NLP and Go. Engineers.";
    char a[4096], b[4096];
    snprintf(a, sizeof a, "%s", terms_of(an, text));
    snprintf(b, sizeof b, "%s", terms_of(cl, text));
    CHECK_STR(a, b);
    CHECK_STR(a, "data | scienc | [data scienc] | kubernetes | computer vision | "
                 "natural language processing | go | engineer");
    CHECK_INT(jm_analyzer_fingerprint(an), jm_analyzer_fingerprint(cl));
    CHECK_INT(jm_analyzer_add_phrase(cl, "a", 1, "b", 1), JM_EINVAL);
    jm_analyzer_free(cl);
    jm_analyzer_free(an);
}

static int stop_at_second(void *ud, const jm_aterm *t)
{
    (void)t;
    return ++*(int *)ud == 2;
}

TEST(analyzer_should_stop_when_the_callback_asks)
{
    jm_analyzer *an = make();
    if (!an) return;
    int n = 0;
    CHECK_INT(jm_analyzer_terms(an, "alpha beta gamma", 16, stop_at_second, &n), JM_ESTOP);
    CHECK_INT(n, 2);
    jm_analyzer_free(an);
}

TEST(analyzer_should_survive_allocation_failures)
{
    /* Every allocation of creation and of a first run fails in turn: each
     * must report JM_ENOMEM (or succeed), never crash or leak. */
    size_t len;
    char *lex = unit_read("tests/data/lexicon.tsv", &len);
    if (!lex) { unit_fail(__FILE__, __LINE__, "no test lexicon"); return; }
    const char *text = "Senior ML engineer: Python, Go, k8s, machine learning; "
                       "data science teams. Müller. Kubernetes!";
    int done = 0;
    for (long n = 0; n < 5000 && !done; n++) {
        jm_analyzer *an = NULL;
        char err[128];
        jm_alloc_fail_after(n);
        int rc = jm_analyzer_new("english", jm_embedded_stopwords,
                                 (size_t)(jm_embedded_stopwords_end - jm_embedded_stopwords),
                                 lex, len, &an, err, sizeof err);
        if (rc == JM_OK) {
            int rc2 = jm_analyzer_add_phrase(an, "data", 4, "scienc", 6);
            struct render r;
            memset(&r, 0, sizeof r);
            r.text = text;
            r.text_len = strlen(text);
            int rc3 = jm_analyzer_terms(an, text, strlen(text), render_term, &r);
            jm_analyzer *cl = NULL;
            int rc4 = jm_analyzer_clone(an, &cl);
            CHECK(rc2 == JM_OK || rc2 == JM_ENOMEM);
            CHECK(rc3 == JM_OK || rc3 == JM_ENOMEM);
            CHECK(rc4 == JM_OK || rc4 == JM_ENOMEM);
            CHECK(rc4 != JM_OK || cl != NULL);
            done = rc2 == JM_OK && rc3 == JM_OK && rc4 == JM_OK;
            jm_analyzer_free(cl);
        } else {
            CHECK_INT(rc, JM_ENOMEM);
            CHECK(an == NULL);
        }
        jm_alloc_fail_after(-1);
        jm_analyzer_free(an);
    }
    CHECK(done);
    free(lex);
}

TEST(analyzer_should_survive_random_bytes)
{
    /* Random bytes, biased towards the characters the tokenizer treats
     * specially and UTF-8 lead bytes: no crash, no over-read (exact-size
     * buffers under ASan), offsets inside the input and increasing. */
    static const char special[] = ".-/@+#&'()\n\r ,;:!?$%*_\"\xC2\xC3\xE2\x80\x94\x99\xF0\x9F\xFF";
    jm_analyzer *an = make();
    if (!an) return;
    uint64_t seed = 0x2545F4914F6CDD1DULL;
    for (int iter = 0; iter < 3000; iter++) {
        seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
        size_t n = (size_t)(seed >> 33) % 200;
        char *buf = malloc(n ? n : 1);
        for (size_t i = 0; i < n; i++) {
            seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
            unsigned v = (unsigned)(seed >> 40);
            if (v % 3 == 0) buf[i] = special[v % (sizeof special - 1)];
            else if (v % 3 == 1) buf[i] = (char)("aAcCgGmMlLrRiItT0123456789"[v % 26]);
            else buf[i] = (char)(v & 0xFF);
        }
        struct render r;
        memset(&r, 0, sizeof r);
        r.text = buf;
        r.text_len = n;
        int rc = jm_analyzer_terms(an, buf, n, render_term, &r);
        CHECK_MSG(rc == JM_OK && !r.bad, "iteration %d: rc %d bad %d", iter, rc, r.bad);
        free(buf);
    }
    jm_analyzer_free(an);
}

struct shared_check {
    const char *text;
    size_t len;
    int bad;
    int has_distributed_training, has_pytorch, has_3d, has_contact;
    size_t n;
};

static int check_shared(void *ud, const jm_aterm *t)
{
    struct shared_check *c = ud;
    if (t->pub.end > c->len || t->pub.start >= t->pub.end ||
        t->pub.text != c->text + t->pub.start)
        c->bad = 1;
    if (t->pub.term_len == 20 && !memcmp(t->pub.term, "distributed training", 20))
        c->has_distributed_training = 1;
    if (t->pub.term_len == 7 && !memcmp(t->pub.term, "pytorch", 7)) c->has_pytorch = 1;
    if (t->pub.term_len == 2 && !memcmp(t->pub.term, "3d", 2)) c->has_3d = 1;
    if (memchr(t->pub.term, '@', t->pub.term_len) ||
        (t->pub.term_len >= 7 && !memcmp(t->pub.term, "example", 7)) ||
        (t->pub.term_len >= 7 && !memcmp(t->pub.term, "benathi", 7)))
        c->has_contact = 1;
    c->n++;
    return 0;
}

TEST(analyzer_should_find_the_skills_of_the_seed_cv)
{
    UNIT_NEED_SHARED();
    char path[512];
    snprintf(path, sizeof path, "%s/cv/seed-cv.md", unit_shared());
    size_t len;
    char *text = unit_read(path, &len);
    if (!text) { unit_skip("no seed CV"); return; }
    jm_analyzer *an = make();
    if (an) {
        struct shared_check c = { text, len, 0, 0, 0, 0, 0, 0 };
        CHECK_INT(jm_analyzer_terms(an, text, len, check_shared, &c), JM_OK);
        CHECK(!c.bad);
        CHECK(c.has_distributed_training);   /* "Distributed training / 3D parallelism" */
        CHECK(c.has_pytorch);
        CHECK(c.has_3d);
        CHECK(!c.has_contact);               /* email, phone, benathi.github.io */
        CHECK(c.n > 300);
        /* real lines, term by term */
        CHECK_STR(terms_of(an, "Distributed training / 3D parallelism"),
                  "distributed training | 3d | parallel");
        CHECK_STR(terms_of(an, "PyTorch, Megatron-LM, DeepSpeed Zero, DeepSpeed Inference"),
                  "pytorch | megatron-lm | deepspeed | zero | deepspeed | infer");
        CHECK_STR(terms_of(an, "(555) 010-0199 ben.athiwaratkun@example.com"), "");
        CHECK_STR(terms_of(an, "Google Scholar benathi.github.io"), "googl | scholar");
    }
    jm_analyzer_free(an);
    free(text);
}

TEST(analyzer_should_handle_real_posting_lines)
{
    UNIT_NEED_SHARED();
    jm_analyzer *an = make();
    if (!an) return;
    static const struct row rows[] = {
        { "Job descriptionA leading real estate firm", "job | descriptiona | lead | real | estat | firm",
          "glued without a dot: cannot be split (documented limit)" },
        { "inclusion.Who you are:You must be a well-organized, creative",
          "inclus | must | well | organ | creativ", "glued sentence and colon" },
        { "5 United States Code (U.S.C.), Section 3304", "unit | state | code | usc | section",
          "dotted abbreviation" },
        { "please review this link: http://www.opm.gov/DirectHire/factsheet.asp.",
          "pleas | review | link", "URL with a final dot" },
        { "docker agile selenium circleci jenkins", "docker | agil | selenium | circleci | jenkin",
          "a skills line from skillspan" },
        { "Java or Kotlin and JavaScript or TypeScript programming",
          "java | kotlin | javascript | typescript | program", "languages" },
    };
    RUN_ROWS(an, rows, 0);
    /* every line of a real posting file: offsets stay inside the input */
    char path[512];
    snprintf(path, sizeof path, "%s/corpora/postings/linkedin-sample.jsonl", unit_shared());
    size_t len;
    char *text = unit_read(path, &len);
    if (text) {
        struct shared_check c = { text, len, 0, 0, 0, 0, 0, 0 };
        CHECK_INT(jm_analyzer_terms(an, text, len, check_shared, &c), JM_OK);
        CHECK(!c.bad);
        CHECK(c.n > 1000);
        free(text);
    }
    jm_analyzer_free(an);
}

struct thread_job {
    jm_analyzer *an;        /* a clone, used by one thread only */
    const char *text;
    size_t len;
    uint64_t digest;        /* FNV of the terms, in order */
    size_t n;
};

static int digest_term(void *ud, const jm_aterm *t)
{
    struct thread_job *j = ud;
    j->digest = jm_fnv1a64(t->pub.term, t->pub.term_len, j->digest);
    j->digest = jm_fnv1a64(&t->pub.start, sizeof t->pub.start, j->digest);
    j->n++;
    return 0;
}

static void *run_job(void *arg)
{
    struct thread_job *j = arg;
    j->digest = JM_FNV_SEED;
    jm_analyzer_terms(j->an, j->text, j->len, digest_term, j);
    return NULL;
}

TEST(analyzer_clones_should_give_the_same_terms_in_parallel_threads)
{
    /* Guards against shared mutable state between clones (stemmer, cache,
     * term table): under SANITIZE=1 a race would also crash or be reported. */
    UNIT_NEED_SHARED();
    char path[512];
    snprintf(path, sizeof path, "%s/corpora/postings/linkedin-sample.jsonl", unit_shared());
    size_t len;
    char *text = unit_read(path, &len);
    if (!text) { unit_skip("no postings"); return; }
    jm_analyzer *an = make();
    if (!an) { free(text); return; }
    jm_analyzer_add_phrase(an, "data", 4, "scienc", 6);
    struct thread_job jobs[3];
    pthread_t th[3];
    for (int i = 0; i < 3; i++) {
        jobs[i].text = text;
        jobs[i].len = len;
        jobs[i].n = 0;
        CHECK_INT(jm_analyzer_clone(an, &jobs[i].an), JM_OK);
    }
    for (int i = 0; i < 3; i++) pthread_create(&th[i], NULL, run_job, &jobs[i]);
    for (int i = 0; i < 3; i++) pthread_join(th[i], NULL);
    struct thread_job base = { an, text, len, 0, 0 };
    run_job(&base);
    for (int i = 0; i < 3; i++) {
        CHECK(jobs[i].digest == base.digest);
        CHECK_INT(jobs[i].n, base.n);
        jm_analyzer_free(jobs[i].an);
    }
    jm_analyzer_free(an);
    free(text);
}

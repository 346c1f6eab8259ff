/* Fuzz target: the analyzer (jm_analyze) on arbitrary bytes, with the
 * built-in lexicon, stopwords and model (so its phrases are registered).
 * Checks every token: offsets inside the input and in order, the text as
 * written pointing into the input, a non-empty term. The same bytes go
 * through the internal term stream (jm_analyzer_terms), which the scorer
 * and the model builder use, and must give the same number of terms. */
#include "fuzz.h"

typedef struct {
    const uint8_t *data;   /* the input */
    size_t len;
    size_t n;              /* tokens seen */
    size_t last_start;     /* start of the last word token (not a phrase) */
} seen;

static int on_token(void *ud, const jm_token *t)
{
    seen *s = ud;
    FUZZ_CHECK(t->start <= t->end && t->end <= s->len);
    FUZZ_CHECK(t->text == (const char *)s->data + t->start);
    FUZZ_CHECK(t->text_len == t->end - t->start);
    FUZZ_CHECK(t->term && t->term_len > 0);
    FUZZ_CHECK(t->term[t->term_len] == '\0');
    if (!(t->flags & JM_TOKEN_PHRASE)) {
        FUZZ_CHECK(s->n == 0 || t->start >= s->last_start);
        s->last_start = t->start;
    }
    s->n++;
    return 0;
}

static int on_term(void *ud, const jm_aterm *t)
{
    size_t *n = ud;
    (*n)++;
    return t->pub.term_len == 0;   /* an empty term stops: a finding below */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    jm_engine *e = fuzz_engine(NULL);
    seen s = { data, size, 0, 0 };
    int rc = jm_analyze(e, (const char *)data, size, on_token, &s);
    FUZZ_CHECK(rc == JM_OK);
    size_t n = 0;
    rc = jm_analyzer_terms(e->an, (const char *)data, size, on_term, &n);
    FUZZ_CHECK(rc == JM_OK);
    FUZZ_CHECK(n == s.n);
    return 0;
}

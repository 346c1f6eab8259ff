/* This file contains the analyzer. PLACEHOLDER: ASCII words, lowercased and
 * stemmed; the real analyzer replaces it. */
#include "analyzer.h"

#include <ctype.h>
#include <string.h>
#include <libstemmer.h>

struct jm_analyzer {
    struct sb_stemmer *stemmer;
    char word[256];
};

int jm_analyzer_new(const char *lang, const char *stopwords, size_t stop_len,
                    const char *lexicon, size_t lex_len, jm_analyzer **out,
                    char *err, size_t errlen)
{
    (void)stopwords; (void)stop_len; (void)lexicon; (void)lex_len;
    jm_analyzer *an = jm_calloc(1, sizeof *an);
    *out = NULL;
    if (!an) { snprintf(err, errlen, "out of memory"); return JM_ENOMEM; }
    an->stemmer = sb_stemmer_new(lang, "UTF_8");
    if (!an->stemmer) {
        snprintf(err, errlen, "unknown language '%s'", lang);
        jm_analyzer_free(an);
        return JM_EINVAL;
    }
    *out = an;
    return JM_OK;
}

void jm_analyzer_free(jm_analyzer *an)
{
    if (!an) return;
    if (an->stemmer) sb_stemmer_delete(an->stemmer);
    jm_free(an);
}

int jm_analyzer_run(jm_analyzer *an, const char *text, size_t len,
                    jm_token_fn fn, void *ud)
{
    size_t i = 0;
    while (i < len) {
        while (i < len && !isalnum((unsigned char)text[i])) i++;
        size_t s = i;
        while (i < len && isalnum((unsigned char)text[i])) i++;
        if (i == s) break;
        size_t n = JM_MIN(i - s, sizeof an->word - 1);
        for (size_t k = 0; k < n; k++)
            an->word[k] = (char)tolower((unsigned char)text[s + k]);
        const sb_symbol *st = sb_stemmer_stem(an->stemmer,
                                              (const sb_symbol *)an->word, (int)n);
        if (!st) return JM_ENOMEM;
        jm_token t = { text + s, i - s, (const char *)st,
                       (size_t)sb_stemmer_length(an->stemmer), s, i, 0 };
        if (fn(ud, &t)) return JM_ESTOP;
    }
    return JM_OK;
}

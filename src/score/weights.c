/* This file contains section weights: the defaults and the parser of
 * overrides (see weights.h). */
#include "score/weights.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void jm_weights_default(jm_weights *w)
{
    /* CV side: what a person did and knows counts most; links and
     * references are not evidence of fit. The contact block counts half:
     * e-mails, phones and URLs never become terms, and what is left is the
     * name and the headline ("Senior .NET Engineer"), which matters; in
     * two-column PDF text a misplaced "Contacts" heading can also swallow
     * real experience (nDCG@10 of bench/ndcg.py: 0.712 at 0, 0.744 at 0.5,
     * 0.746 at 1; AUC of bench/auc.py unchanged). Posting side: the title
     * and the requirements say what the job is; benefits barely, legal
     * boilerplate not at all. */
    static const double dflt[JM_SEC_COUNT] = {
        [JM_SEC_CONTACT] = 0.5,        [JM_SEC_SUMMARY] = 1.0,
        [JM_SEC_SKILLS] = 1.5,         [JM_SEC_EXPERIENCE] = 1.2,
        [JM_SEC_PROJECTS] = 1.0,       [JM_SEC_EDUCATION] = 0.8,
        [JM_SEC_PUBLICATIONS] = 0.8,   [JM_SEC_PATENTS] = 0.6,
        [JM_SEC_AWARDS] = 0.3,         [JM_SEC_CERTIFICATIONS] = 1.0,
        [JM_SEC_LANGUAGES] = 0.5,      [JM_SEC_LINKS] = 0.0,
        [JM_SEC_VOLUNTEERING] = 0.5,   [JM_SEC_INTERESTS] = 0.2,
        [JM_SEC_REFERENCES] = 0.0,
        [JM_SEC_TITLE] = 2.0,          [JM_SEC_RESPONSIBILITIES] = 1.0,
        [JM_SEC_REQUIREMENTS] = 1.5,   [JM_SEC_PREFERRED] = 1.2,
        [JM_SEC_ABOUT] = 0.3,          [JM_SEC_BENEFITS] = 0.1,
        [JM_SEC_LEGAL] = 0.0,          [JM_SEC_OTHER] = 1.0,
    };
    memcpy(w->w, dflt, sizeof dflt);
    /* The occupation match (occupation.h) next to the term cosine:
     * score = (cosine + o x occupation match) / (1 + o), chosen by
     * bench/ndcg.py (doc/scoring.md, "Occupations"). */
    w->occupation = JM_OCCUPATION_WEIGHT;
}

int jm_weights_parse(jm_weights *w, const char *spec, size_t len,
                     char *err, size_t errlen)
{
    size_t i = 0;
    while (i < len) {
        /* skip separators and comments */
        if (spec[i] == ',' || isspace((unsigned char)spec[i])) { i++; continue; }
        if (spec[i] == '#') {
            while (i < len && spec[i] != '\n') i++;
            continue;
        }
        size_t item = i;
        while (i < len && spec[i] != ',' && spec[i] != '\n' && spec[i] != '#') i++;
        size_t end = i;
        while (end > item && isspace((unsigned char)spec[end - 1])) end--;
        const char *eq = memchr(spec + item, '=', end - item);
        int n = (int)JM_MIN(end - item, 80);
        if (!eq) {
            snprintf(err, errlen, "weights: '%.*s' is not kind=number", n, spec + item);
            return JM_EINVAL;
        }
        size_t klen = (size_t)(eq - (spec + item));
        while (klen && isspace((unsigned char)spec[item + klen - 1])) klen--;
        jm_section_kind kind = JM_SEC_COUNT;   /* JM_SEC_COUNT: occupation */
        int occupation = klen == 10 && !memcmp(spec + item, "occupation", 10);
        if (!occupation && jm_section_kind_parse(spec + item, klen, &kind)) {
            snprintf(err, errlen, "weights: unknown section kind '%.*s'",
                     (int)JM_MIN(klen, 80), spec + item);
            return JM_EINVAL;
        }
        char num[64];
        size_t vlen = (size_t)(spec + end - (eq + 1));
        if (vlen >= sizeof num) vlen = sizeof num - 1;
        memcpy(num, eq + 1, vlen);
        num[vlen] = '\0';
        char *stop;
        double v = strtod(num, &stop);
        while (isspace((unsigned char)*stop)) stop++;
        if (stop == num || *stop || !isfinite(v) || v < 0) {
            snprintf(err, errlen, "weights: '%.*s' needs a number >= 0", n,
                     spec + item);
            return JM_EINVAL;
        }
        if (occupation) w->occupation = v;
        else w->w[kind] = v;
    }
    return JM_OK;
}

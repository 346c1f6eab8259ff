/* This file contains the engine: creation from jm_options (built-in data or
 * files), the error message, and the small public helpers (jm_strerror,
 * jm_version). */
#include "score/engine.h"
#include "score/occupation.h"
#include "base/embedded.h"
#include "read/sections.h"
#include "model/model.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

const char *jm_strerror(int code)
{
    switch (code) {
    case JM_OK:      return "success";
    case JM_ENOMEM:  return "out of memory";
    case JM_EIO:     return "input/output error";
    case JM_EINPUT:  return "malformed input";
    case JM_EMODEL:  return "bad or incompatible model";
    case JM_EINVAL:  return "invalid argument";
    case JM_ESTOP:   return "stopped by callback";
    default:         return "unknown error";
    }
}

const char *jm_version(void) { return JM_VERSION; }

int jm_fail(jm_engine *e, int code, const char *fmt, ...)
{
    if (!e) return code;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->errmsg, sizeof e->errmsg, fmt, ap);
    va_end(ap);
    return code;
}

const char *jm_errmsg(const jm_engine *e)
{
    return e ? e->errmsg : jm_strerror(JM_ENOMEM);
}

/* Loads a data file named by an option, or takes the embedded default. On
 * success *data is either owned (*owned set, free it) or static. */
static int load_data(jm_engine *e, const char *path, const char *what,
                     const char *dflt, const char *dflt_end,
                     char **owned, const char **data, size_t *len)
{
    *owned = NULL;
    if (!path) {
        *data = dflt;
        *len = (size_t)(dflt_end - dflt);
        return JM_OK;
    }
    int rc = jm_read_file(path, owned, len);
    if (rc == JM_EIO)
        return jm_fail(e, rc, "%s: cannot read %s: %s", path, what,
                       strerror(errno));
    if (rc) return jm_fail(e, rc, "%s", jm_strerror(rc));
    *data = *owned;
    return JM_OK;
}

/* Sets the default section weights, then the overrides of spec
 * ("kind=number,..." or "@FILE"). */
static int load_weights(jm_engine *e, const char *spec)
{
    jm_weights_default(&e->weights);
    if (!spec) return JM_OK;
    if (spec[0] != '@')
        return jm_weights_parse(&e->weights, spec, strlen(spec), e->errmsg,
                                sizeof e->errmsg);
    char *text;
    size_t len;
    int rc = jm_read_file(spec + 1, &text, &len);
    if (rc == JM_EIO)
        return jm_fail(e, rc, "%s: cannot read weights: %s", spec + 1,
                       strerror(errno));
    if (rc) return jm_fail(e, rc, "out of memory");
    rc = jm_weights_parse(&e->weights, text, len, e->errmsg, sizeof e->errmsg);
    if (rc) {
        char inner[sizeof e->errmsg];
        memcpy(inner, e->errmsg, sizeof inner);
        jm_fail(e, rc, "%s: %s", spec + 1, inner);
    }
    jm_free(text);
    return rc;
}

int jm_engine_new(const jm_options *opts, jm_engine **out)
{
    static const jm_options none;
    jm_engine *e = jm_calloc(1, sizeof *e);
    char *stop_owned = NULL, *lex_owned = NULL;
    const char *stop, *lex;
    size_t stop_len, lex_len;
    int rc;

    *out = e;
    if (!e) return JM_ENOMEM;
    if (!opts) opts = &none;
    e->lang = jm_strndup(opts->lang ? opts->lang : "english",
                         strlen(opts->lang ? opts->lang : "english"));
    if (!e->lang) return jm_fail(e, JM_ENOMEM, "out of memory");

    rc = load_data(e, opts->stopwords_path, "stopwords", jm_embedded_stopwords,
                   jm_embedded_stopwords_end, &stop_owned, &stop, &stop_len);
    if (rc) goto done;
    rc = load_data(e, opts->lexicon_path, "lexicon", jm_embedded_lexicon,
                   jm_embedded_lexicon_end, &lex_owned, &lex, &lex_len);
    if (rc) goto done;
    e->stopwords_hash = jm_fnv1a64(stop, stop_len, JM_FNV_SEED);
    e->lexicon_hash = jm_fnv1a64(lex, lex_len, JM_FNV_SEED);
    rc = jm_analyzer_new(e->lang, stop, stop_len, lex, lex_len, &e->an,
                         e->errmsg, sizeof e->errmsg);
    if (rc) goto done;
    rc = jm_model_load_engine(e, opts->model_path);
    if (rc) goto done;
    rc = jm_model_load_skills(e, opts->skills_path);
    if (rc) goto done;
    rc = load_weights(e, opts->weights);
    if (rc) goto done;
    if (opts->occupations_path && !strcmp(opts->occupations_path, "none")) {
        e->occ_none = 1;
    } else {
        rc = load_data(e, opts->occupations_path, "occupations", jm_embedded_occupations,
                       jm_embedded_occupations_end, &e->occ_owned, &e->occ_data,
                       &e->occ_len);
        if (rc) goto done;
    }
done:
    jm_free(stop_owned);
    jm_free(lex_owned);
    return rc;
}

void jm_engine_free(jm_engine *e)
{
    if (!e) return;
    jm_analyzer_free(e->an);
    jm_model_free(e->model);
    jm_model_free(e->skills);
    jm_sectab_free(e->sections);
    jm_occtab_free(e->occupations);
    jm_free(e->occ_owned);
    jm_free(e->lang);
    jm_free(e);
}

int jm_engine_worker(jm_engine *e, jm_engine **out)
{
    jm_engine *w = jm_malloc(sizeof *w);
    *out = NULL;
    if (!w) return JM_ENOMEM;
    *w = *e;
    w->errmsg[0] = '\0';
    if (jm_analyzer_clone(e->an, &w->an)) {
        jm_free(w);
        return JM_ENOMEM;
    }
    *out = w;
    return JM_OK;
}

void jm_engine_worker_free(jm_engine *w)
{
    if (!w) return;
    jm_analyzer_free(w->an);   /* everything else belongs to the original */
    jm_free(w);
}

int jm_analyze(jm_engine *e, const char *text, size_t len,
               jm_token_fn fn, void *ud)
{
    e->errmsg[0] = '\0';
    return jm_analyzer_run(e->an, text, len, fn, ud);
}

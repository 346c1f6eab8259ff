/* src/score/: the engine, which assembles the stages below it (base, text,
 * read, model) from jm_options, and scoring: section weights, the
 * occupation match, the scorer with its explanation, gaps and keywords.
 *
 * This file contains the engine: creation from jm_options (built-in data or
 * files), the views the stages below take (a reader, a model environment),
 * the public entry points that are theirs (jm_doc_read, jm_doc_read_as,
 * jm_model_*, jm_occupations_write), and the small public helpers
 * (jm_errmsg, jm_version). */
#include "score/engine.h"
#include "base/embedded.h"
#include "read/sections.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

const char *jm_version(void) { return JM_VERSION; }

const char *jm_errmsg(const jm_engine *e)
{
    return e ? e->err.msg : jm_strerror(JM_ENOMEM);
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
        return jm_fail(&e->err, rc, "%s: cannot read %s: %s", path, what,
                       strerror(errno));
    if (rc) return jm_fail(&e->err, rc, "%s", jm_strerror(rc));
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
        return jm_weights_parse(&e->weights, spec, strlen(spec), e->err.msg,
                                sizeof e->err.msg);
    char *text;
    size_t len;
    int rc = jm_read_file(spec + 1, &text, &len);
    if (rc == JM_EIO)
        return jm_fail(&e->err, rc, "%s: cannot read weights: %s", spec + 1,
                       strerror(errno));
    if (rc) return jm_fail(&e->err, rc, "out of memory");
    rc = jm_weights_parse(&e->weights, text, len, e->err.msg, sizeof e->err.msg);
    if (rc) {
        char inner[sizeof e->err.msg];
        memcpy(inner, e->err.msg, sizeof inner);
        jm_fail(&e->err, rc, "%s: %s", spec + 1, inner);
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
    if (!e->lang) return jm_fail(&e->err, JM_ENOMEM, "out of memory");

    rc = load_data(e, opts->stopwords_path, "stopwords", jm_embedded_stopwords,
                   jm_embedded_stopwords_end, &stop_owned, &stop, &stop_len);
    if (rc) goto done;
    rc = load_data(e, opts->lexicon_path, "lexicon", jm_embedded_lexicon,
                   jm_embedded_lexicon_end, &lex_owned, &lex, &lex_len);
    if (rc) goto done;
    e->stopwords_hash = jm_fnv1a64(stop, stop_len, JM_FNV_SEED);
    e->lexicon_hash = jm_fnv1a64(lex, lex_len, JM_FNV_SEED);
    rc = jm_analyzer_new(e->lang, stop, stop_len, lex, lex_len, &e->an,
                         e->err.msg, sizeof e->err.msg);
    if (rc) goto done;
    jm_model_env env;
    jm_engine_model_env(e, NULL, &env);
    rc = jm_model_load_main(&env, opts->model_path, &e->model);
    if (rc) goto done;
    rc = jm_model_load_skills(&env, opts->skills_path, &e->skills);
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
    jm_error_clear(&w->err);
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
    jm_error_clear(&e->err);
    return jm_analyzer_run(e->an, text, len, fn, ud);
}

/* ---------------------------------------------------------------------- */
/* Views for the stages below, and their public entry points              */
/* ---------------------------------------------------------------------- */

/* jm_model_df() as the repairs' dictionary takes it (repair.h). */
static long model_df(const void *model, const char *term, size_t len)
{
    return jm_model_df(model, term, len);
}

int jm_engine_reader(jm_engine *e, jm_reader *r)
{
    if (!e->sections) {
        int rc = jm_sectab_new(jm_embedded_sections,
                               (size_t)(jm_embedded_sections_end - jm_embedded_sections),
                               &e->sections, e->err.msg, sizeof e->err.msg);
        if (rc) return rc;
    }
    *r = (jm_reader){
        .sections = e->sections,
        .vocab = { .an = e->an, .df = model_df, .model = e->model },
        .err = &e->err,
    };
    return JM_OK;
}

void jm_engine_model_env(jm_engine *e, const jm_reader *r, jm_model_env *env)
{
    *env = (jm_model_env){
        .an = e->an,
        .lexicon_hash = e->lexicon_hash,
        .stopwords_hash = e->stopwords_hash,
        .reader = r,
        .err = &e->err,
    };
}

const jm_occtab *jm_engine_occupations(jm_engine *e)
{
    if (e->occupations) return e->occupations;
    int rc = JM_EMODEL;
    /* the default titles come compiled; another analyzer than the one
     * that compiled them (--lang, --lexicon, --stopwords) refuses them */
    if (e->occ_data == jm_embedded_occupations)
        rc = jm_occtab_load(e->an, jm_embedded_occtab,
                            (size_t)(jm_embedded_occtab_end - jm_embedded_occtab),
                            e->occ_len, &e->occupations);
    if (rc == JM_EMODEL) rc = jm_occtab_build(e->an, e->occ_data, e->occ_len, &e->occupations);
    if (rc) jm_fail(&e->err, JM_ENOMEM, "out of memory");
    return e->occupations;
}

int jm_occupations_write(jm_engine *e, const char *path)
{
    jm_occtab *t;
    jm_buf b = {0};
    jm_error_clear(&e->err);
    if (e->occ_none)
        return jm_fail(&e->err, JM_EINVAL, "no occupation titles (--occupations none)");
    int rc = jm_occtab_build(e->an, e->occ_data, e->occ_len, &t);
    if (!rc) rc = jm_occtab_write(e->an, t, e->occ_data, e->occ_len, &b);
    jm_occtab_free(t);
    if (rc) {
        jm_buf_free(&b);
        return jm_fail(&e->err, rc, "out of memory");
    }
    FILE *f = fopen(path, "wb");
    if (!f) rc = JM_EIO;
    else if (fwrite(b.data, 1, b.len, f) != b.len) rc = JM_EIO;
    if (f && fclose(f) && !rc) rc = JM_EIO;
    jm_buf_free(&b);
    if (rc) return jm_fail(&e->err, rc, "%s: %s", path, strerror(errno));
    return JM_OK;
}

int jm_doc_read_with(jm_engine *e, jm_doc_type type, const char *buf, size_t len,
                     const char *name, unsigned flags, jm_doc **out)
{
    jm_reader r;
    *out = NULL;
    int rc = jm_engine_reader(e, &r);
    return rc ? rc : jm_doc_parse(&r, type, buf, len, name, flags, out);
}

int jm_doc_read(jm_engine *e, jm_doc_type type, const char *buf, size_t len,
                const char *name, jm_doc **out)
{
    return jm_doc_read_with(e, type, buf, len, name, 0, out);
}

int jm_doc_read_as(jm_engine *e, jm_doc_type type, jm_format format, const char *buf,
                   size_t len, const char *name, jm_doc **out)
{
    unsigned flags = format == JM_FORMAT_TEXT ? JM_READ_AS_TEXT
                   : format == JM_FORMAT_JSON ? JM_READ_AS_JSON : 0;
    *out = NULL;
    if (format != JM_FORMAT_AUTO && !flags)
        return jm_fail(&e->err, JM_EINVAL, "%s: unknown format %d", name ? name : "input",
                       (int)format);
    return jm_doc_read_with(e, type, buf, len, name, flags, out);
}

int jm_model_build_write(jm_engine *e, const char *const *paths, size_t n,
                         const char *out_path, const jm_finalize_options *fin,
                         jm_skip_fn skip, void *ud, jm_model_stats *stats)
{
    jm_reader r;
    jm_model_env env;
    if (stats) memset(stats, 0, sizeof *stats);
    int rc = jm_engine_reader(e, &r);
    if (rc) return rc;
    jm_engine_model_env(e, &r, &env);
    return jm_model_build_file(&env, paths, n, out_path, fin, skip, ud, stats);
}

int jm_model_merge(jm_engine *e, const char *const *in, size_t n,
                   const char *out_path, jm_model_stats *stats)
{
    jm_model_env env;
    jm_engine_model_env(e, NULL, &env);
    return jm_model_merge_files(&env, in, n, out_path, stats);
}

int jm_model_finalize(jm_engine *e, const char *in_path, const char *out_path,
                      const jm_finalize_options *fin, jm_model_stats *stats)
{
    jm_model_env env;
    jm_engine_model_env(e, NULL, &env);
    return jm_model_finalize_file(&env, in_path, out_path, fin, stats);
}

int jm_model_info_read(jm_engine *e, const char *path, size_t k,
                       jm_model_info **out)
{
    jm_model_env env;
    jm_engine_model_env(e, NULL, &env);
    return jm_model_info_load(&env, path, k, out);
}

/* This file contains jobmatch._jobmatch, the CPython extension over
 * libjobmatch. It uses the public C API only (include/jobmatch.h): it reads
 * documents from the caller's text, calls the library with the GIL
 * released, and builds from the library's structs the same dicts that the
 * command line's --json prints (the files of src/cli), field for field, so that a
 * dict equals json.loads() of the CLI's output for the same inputs. The
 * Python side (jobmatch/__init__.py) adds what needs no C: weights given as
 * a dict, postings given as dicts, temporary files for models.
 *
 * Threads: a jm_engine is not thread-safe. Each Engine object marks itself
 * busy (under the GIL) while the library works for it with the GIL
 * released; a second thread that calls it meanwhile gets
 * ConcurrentUseError instead of a crash. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jobmatch.h"

/* The same wording as the CLI's score --json (src/cli/cmd_score.c). */
#define SCHEMA_VERSION 1
static const char coverage_definition[] =
    "sum of ln(1+tf)*idf over the posting's terms found in the CV, divided by "
    "the same sum over all of the posting's terms";

/* The name of the codec error handler that turns each byte that is not
 * UTF-8 into U+FFFD, one per byte, as the CLI's JSON writer does. */
#define REPLACE_BYTE "jobmatch.replace_byte"

/* The module's exception classes (set in module init, never freed). */
static PyObject *Error;               /* base of the library's errors */
static PyObject *InputError;          /* JM_EINPUT: the input is malformed */
static PyObject *ModelError;          /* JM_EMODEL: a model file is damaged */
static PyObject *ConcurrentUseError;  /* an Engine called from two threads */

/* ---------------------------------------------------------------------- */
/* Errors and conversions                                                  */
/* ---------------------------------------------------------------------- */

/* Raises the exception for library status rc with message msg (the
 * library's own, jm_errmsg); returns NULL for the caller to return. */
static PyObject *raise_status(int rc, const char *msg)
{
    PyObject *type;
    if (!msg || !*msg) msg = jm_strerror(rc);
    switch (rc) {
    case JM_ENOMEM: type = PyExc_MemoryError; break;
    case JM_EIO:    type = PyExc_OSError; break;
    case JM_EINPUT: type = InputError; break;
    case JM_EMODEL: type = ModelError; break;
    case JM_EINVAL: type = PyExc_ValueError; break;
    default:        type = Error; break;
    }
    PyErr_SetString(type, msg);
    return NULL;
}

/* A str from s[0..len) where every byte that is not UTF-8 is U+FFFD (the
 * CLI's rule); None for NULL. New reference or NULL with an exception. */
static PyObject *str_n(const char *s, size_t len)
{
    if (!s) Py_RETURN_NONE;
    return PyUnicode_DecodeUTF8(s, (Py_ssize_t)len, REPLACE_BYTE);
}

/* str_n() of a NUL-terminated string (None for NULL). */
static PyObject *str_c(const char *s)
{
    return str_n(s, s ? strlen(s) : 0);
}

/* A number as the CLI's JSON gives it: non-finite is null, zero has no
 * sign; otherwise the double itself (%.17g round-trips it exactly). */
static PyObject *num(double v)
{
    if (!isfinite(v)) Py_RETURN_NONE;
    return PyFloat_FromDouble(v == 0 ? 0.0 : v);
}

/* The codec error handler REPLACE_BYTE: U+FFFD for the first byte of the
 * bad sequence, decoding resumes at the next byte. */
static PyObject *replace_byte(PyObject *self, PyObject *exc)
{
    Py_ssize_t start;
    (void)self;
    if (PyUnicodeDecodeError_GetStart(exc, &start) < 0) return NULL;
    return Py_BuildValue("(Cn)", 0xFFFD, start + 1);
}

/* list.append(value), stealing value; -1 on failure (also value NULL). */
static int append(PyObject *list, PyObject *value)
{
    if (!value) return -1;
    int rc = PyList_Append(list, value);
    Py_DECREF(value);
    return rc;
}

/* Text given as str (read as UTF-8) or any bytes-like object. */
typedef struct {
    Py_buffer view;       /* the bytes-like object's buffer, when used */
    int has_view;         /* view must be released */
    const char *data;     /* the bytes */
    size_t len;           /* their number */
} text_arg;

/* Fills t from obj (str or bytes-like); -1 with TypeError otherwise.
 * Release with text_release(). The bytes stay valid while obj lives. */
static int text_get(PyObject *obj, const char *what, text_arg *t)
{
    memset(t, 0, sizeof *t);
    if (PyUnicode_Check(obj)) {
        Py_ssize_t n;
        t->data = PyUnicode_AsUTF8AndSize(obj, &n);
        if (!t->data) return -1;
        t->len = (size_t)n;
        return 0;
    }
    if (PyObject_CheckBuffer(obj)) {
        if (PyObject_GetBuffer(obj, &t->view, PyBUF_SIMPLE) < 0) return -1;
        t->has_view = 1;
        t->data = t->view.buf;
        t->len = (size_t)t->view.len;
        return 0;
    }
    PyErr_Format(PyExc_TypeError, "%s must be str or bytes, not %.100s", what,
                 Py_TYPE(obj)->tp_name);
    return -1;
}

static void text_release(text_arg *t)
{
    if (t->has_view) PyBuffer_Release(&t->view);
    t->has_view = 0;
}

/* File system paths (str, bytes or os.PathLike), as a C array. */
typedef struct {
    PyObject *held;       /* a list of the encoded bytes objects */
    const char **paths;   /* pointers into them (PyMem) */
    size_t n;             /* number of paths */
} path_list;

/* Converts the iterable seq of paths; -1 with an exception on failure.
 * Release with paths_release(). */
static int paths_get(PyObject *seq, path_list *p)
{
    memset(p, 0, sizeof *p);
    if (PyUnicode_Check(seq) || PyBytes_Check(seq)) {
        PyErr_SetString(PyExc_TypeError, "paths must be a list of paths, not one path");
        return -1;
    }
    PyObject *fast = PySequence_Fast(seq, "paths must be a list of paths");
    if (!fast) return -1;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(fast);
    p->held = PyList_New(0);
    p->paths = PyMem_Calloc((size_t)n + 1, sizeof *p->paths);
    if (!p->held || !p->paths) {
        Py_DECREF(fast);
        if (!p->paths) PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *enc = NULL;
        if (!PyUnicode_FSConverter(PySequence_Fast_GET_ITEM(fast, i), &enc) ||
            append(p->held, enc) < 0) {
            Py_DECREF(fast);
            return -1;
        }
        p->paths[i] = PyBytes_AS_STRING(enc);
        p->n++;
    }
    Py_DECREF(fast);
    return 0;
}

static void paths_release(path_list *p)
{
    Py_CLEAR(p->held);
    PyMem_Free(p->paths);
    p->paths = NULL;
}

/* Skipped records as the CLI reports them ("FILE:LINE: reason"),
 * collected while the GIL is released (plain malloc: not Python memory). */
typedef struct {
    char **lines;         /* the messages */
    size_t n, cap;        /* used and allocated entries */
    int oom;              /* a message could not be kept */
} skip_log;

/* jm_skip_fn: keeps the message; always goes on, as the CLI does. */
static int log_skip(void *ud, const char *file, size_t line, const char *reason)
{
    skip_log *s = ud;
    char buf[4608];
    if (line) snprintf(buf, sizeof buf, "%s:%zu: %s", file, line, reason);
    else snprintf(buf, sizeof buf, "%s: %s", file, reason);
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 16;
        char **grown = realloc(s->lines, cap * sizeof *grown);
        if (!grown) { s->oom = 1; return 0; }
        s->lines = grown;
        s->cap = cap;
    }
    if (!(s->lines[s->n] = strdup(buf))) s->oom = 1;
    else s->n++;
    return 0;
}

/* The messages as a list of str, freeing the log. */
static PyObject *skip_list(skip_log *s)
{
    PyObject *list = PyList_New(0);
    for (size_t i = 0; i < s->n; i++) {
        if (list && append(list, str_c(s->lines[i])) < 0) Py_CLEAR(list);
        free(s->lines[i]);
    }
    free(s->lines);
    memset(s, 0, sizeof *s);
    return list;
}

/* Optional string arguments ("s" or None) of the engine options. */
static int opt_str(PyObject *obj, void *out)
{
    const char **s = out;
    if (obj == Py_None) { *s = NULL; return 1; }
    if (!PyUnicode_Check(obj)) {
        PyErr_Format(PyExc_TypeError, "expected str or None, not %.100s",
                     Py_TYPE(obj)->tp_name);
        return 0;
    }
    *s = PyUnicode_AsUTF8(obj);
    return *s != NULL;
}

/* ---------------------------------------------------------------------- */
/* Engine                                                                  */
/* ---------------------------------------------------------------------- */

typedef struct {
    PyObject_HEAD
    jm_engine *e;     /* the library's engine; NULL before a good __init__ */
    int busy;         /* the library works for this engine right now, on
                         some thread (read and set with the GIL held) */
} EngineObject;

/* Claims self for one call into the library; -1 with an exception when
 * it is not made or another thread is using it. */
static int claim(EngineObject *self)
{
    if (!self->e) {
        PyErr_SetString(Error, "the Engine was not initialized");
        return -1;
    }
    if (self->busy) {
        PyErr_SetString(ConcurrentUseError,
                        "this Engine is in use by another thread: a jobmatch.Engine is "
                        "not thread-safe, make one Engine per thread");
        return -1;
    }
    self->busy = 1;
    return 0;
}

static void release(EngineObject *self)
{
    self->busy = 0;
}

/* An engine made from o with the GIL released (it reads files and builds
 * tables); NULL with the library's message as the exception. */
static jm_engine *new_engine(const jm_options *o)
{
    jm_engine *e = NULL;
    int rc;
    Py_BEGIN_ALLOW_THREADS
    rc = jm_engine_new(o, &e);
    Py_END_ALLOW_THREADS
    if (rc) {
        raise_status(rc, e ? jm_errmsg(e) : NULL);
        jm_engine_free(e);
        return NULL;
    }
    return e;
}

/* The options of jm_options, as keyword arguments. */
static int engine_init(EngineObject *self, PyObject *args, PyObject *kw)
{
    static char *kwlist[] = { "model", "weights", "occupations", "lang", "lexicon",
                              "stopwords", "skills", NULL };
    jm_options o = {0};
    if (!PyArg_ParseTupleAndKeywords(args, kw, "|O&O&O&O&O&O&O&:Engine", kwlist,
                                     opt_str, &o.model_path, opt_str, &o.weights,
                                     opt_str, &o.occupations_path, opt_str, &o.lang,
                                     opt_str, &o.lexicon_path, opt_str, &o.stopwords_path,
                                     opt_str, &o.skills_path))
        return -1;
    if (self->busy) {
        PyErr_SetString(ConcurrentUseError, "this Engine is in use by another thread");
        return -1;
    }
    jm_engine_free(self->e);
    self->e = new_engine(&o);
    return self->e ? 0 : -1;
}

static void engine_dealloc(EngineObject *self)
{
    jm_engine_free(self->e);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

/* The format named by cv_format / posting_format (None: detected); -1
 * with ValueError for another name. */
static int parse_format(const char *name, jm_format *out)
{
    if (!name) *out = JM_FORMAT_AUTO;
    else if (!strcmp(name, "text")) *out = JM_FORMAT_TEXT;
    else if (!strcmp(name, "json")) *out = JM_FORMAT_JSON;
    else {
        PyErr_Format(PyExc_ValueError, "format must be \"text\", \"json\" or None, not \"%s\"",
                     name);
        return -1;
    }
    return 0;
}

/* Reads one document with the GIL released; NULL with an exception. The
 * engine must be claimed. */
static jm_doc *read_doc(EngineObject *self, jm_doc_type type, PyObject *obj,
                        const char *name, const char *format)
{
    text_arg t;
    jm_doc *d = NULL;
    int rc;
    jm_format fmt;
    if (parse_format(format, &fmt) < 0 ||
        text_get(obj, type == JM_DOC_CV ? "cv" : "posting", &t) < 0)
        return NULL;
    Py_BEGIN_ALLOW_THREADS
    rc = jm_doc_read_as(self->e, type, fmt, t.data, t.len, name, &d);
    Py_END_ALLOW_THREADS
    text_release(&t);
    if (rc) raise_status(rc, jm_errmsg(self->e));
    return d;
}

/* The first n of a list, by the CLI's --top rule (top <= 0: all). */
static size_t limit(Py_ssize_t top, size_t n)
{
    return top > 0 && (size_t)top < n ? (size_t)top : n;
}

/* list = [expr for i in range(n)] (each expr's reference taken); NULL
 * with the exception when one fails. */
#define LIST_OF(list, n, expr)                                        \
    do {                                                              \
        (list) = PyList_New(0);                                       \
        for (size_t i_ = 0; (list) && i_ < (n); i_++) {               \
            size_t i = i_;                                            \
            if (append((list), (expr)) < 0) Py_CLEAR(list);           \
        }                                                             \
    } while (0)

/* A gap, as score --json's "missing" and gaps --json list it. (Py_BuildValue's
 * N takes each value's reference, releasing them all when one is NULL.) */
static PyObject *gap_dict(const jm_keyword *k)
{
    return Py_BuildValue("{s:N,s:N,s:N,s:N,s:N,s:N,s:N,s:N}", "term", str_c(k->term),
                         "display", str_c(k->display), "gain", num(k->gain),
                         "section", str_c(jm_section_kind_name(k->section)),
                         "posting_section", str_c(jm_section_kind_name(k->posting_section)),
                         "idf", num(k->idf), "posting_tf", num(k->posting_tf),
                         "weight", num(k->weight));
}

/* A term of a section (with_section: with its section_tf) or a matched
 * term (with its section's kind instead), as score --json gives them. */
static PyObject *term_dict(const jm_term_score *t, int with_section)
{
    if (with_section)
        return Py_BuildValue("{s:N,s:N,s:N,s:N,s:N,s:N,s:N,s:N,s:N}", "term", str_c(t->term),
                             "display", str_c(t->display), "idf", num(t->idf),
                             "cv_tf", num(t->cv_tf), "section_tf", num(t->section_tf),
                             "posting_tf", num(t->posting_tf),
                             "contribution", num(t->contribution),
                             "start", PyLong_FromSize_t(t->start),
                             "end", PyLong_FromSize_t(t->end));
    return Py_BuildValue("{s:N,s:N,s:N,s:N,s:N,s:N,s:N,s:N,s:N,s:N,s:N,s:N,s:N}", "term",
                         str_c(t->term), "display", str_c(t->display), "idf", num(t->idf),
                         "cv_tf", num(t->cv_tf), "posting_tf", num(t->posting_tf),
                         "contribution", num(t->contribution),
                         "role_idf", num(t->role_idf), "role_cv_tf", num(t->role_cv_tf),
                         "role_posting_tf", num(t->role_posting_tf),
                         "role_contribution", num(t->role_contribution),
                         "section", str_c(jm_section_kind_name(t->section)),
                         "start", PyLong_FromSize_t(t->start), "end", PyLong_FromSize_t(t->end));
}

/* An occupation both name. */
static PyObject *shared_dict(const jm_occupation_score *o)
{
    return Py_BuildValue("{s:N,s:N,s:N,s:N,s:N}", "code", str_c(o->code), "title",
                         str_c(o->title), "cv_weight", num(o->cv_weight), "posting_weight",
                         num(o->posting_weight), "contribution", num(o->contribution));
}

/* The occupation part of a match, with the occupations both name. */
static PyObject *occupation_dict(const jm_match *m)
{
    PyObject *shared;
    LIST_OF(shared, m->n_occupations, shared_dict(&m->occupations[i]));
    return Py_BuildValue("{s:N,s:N,s:N,s:N}", "match", num(m->occupation), "weight",
                         num(m->occupation_weight), "contribution",
                         num(m->occupation_contribution), "shared", shared);
}

/* A CV section's score with its terms. */
static PyObject *section_dict(const jm_section_score *s)
{
    PyObject *terms;
    LIST_OF(terms, s->n_terms, term_dict(&s->terms[i], 1));
    return Py_BuildValue("{s:N,s:N,s:N,s:N,s:N}", "kind", str_c(jm_section_kind_name(s->kind)),
                         "heading", str_n(s->heading, s->heading_len), "weight",
                         num(s->weight), "contribution", num(s->contribution), "terms", terms);
}

/* The posting's id, title and company. */
static PyObject *posting_dict(const jm_doc *p)
{
    return Py_BuildValue("{s:N,s:N,s:N}", "id", str_c(jm_doc_id(p)), "title",
                         str_c(jm_doc_title(p)), "company", str_c(jm_doc_company(p)));
}


/* A repair of a CV. */
static PyObject *repair_dict(const jm_repair *r)
{
    return Py_BuildValue("{s:N,s:N,s:N,s:N}", "kind", str_c(jm_repair_kind_name(r->kind)),
                         "start", PyLong_FromSize_t(r->start), "end", PyLong_FromSize_t(r->end),
                         "read_as", str_c(r->read_as));
}

/* score --json's object for match m of cv and posting (top > 0: the
 * first top matched terms and gaps). */
static PyObject *score_dict(const jm_doc *cv, const jm_doc *posting, const jm_match *m,
                            Py_ssize_t top)
{
    PyObject *sections, *matched, *missing, *repairs;
    size_t nr;
    const jm_repair *r = jm_doc_repairs(cv, &nr);
    LIST_OF(sections, m->n_sections, section_dict(&m->sections[i]));
    LIST_OF(matched, limit(top, m->n_matched), term_dict(&m->matched[i], 0));
    LIST_OF(missing, limit(top, m->n_missing), gap_dict(&m->missing[i]));
    LIST_OF(repairs, nr, repair_dict(&r[i]));
    return Py_BuildValue("{s:i,s:N,s:N,s:s,s:N,s:N,s:N,s:N,s:N,s:N,s:N,s:N,s:N}",
                         "schema_version", SCHEMA_VERSION, "score", num(m->score),
                         "coverage", num(m->coverage), "coverage_definition",
                         coverage_definition, "cv_norm", num(m->cv_norm), "posting_norm",
                         num(m->posting_norm), "cosine", num(m->cosine), "occupation",
                         occupation_dict(m), "posting", posting_dict(posting), "sections",
                         sections, "matched", matched, "missing", missing, "cv_repairs",
                         repairs);
}

/* The arguments score and gaps share. */
static char *pair_kwlist[] = { "cv", "posting", "top", "cv_name", "posting_id", "cv_format",
                               "posting_format", NULL };

/* Reads cv and posting and scores them; builds the result with make.
 * The engine is claimed for the whole call. */
static PyObject *run_pair(EngineObject *self, PyObject *args, PyObject *kw, int gaps_only)
{
    PyObject *cv_obj, *p_obj, *top_obj = Py_None, *res = NULL;
    const char *cv_name = NULL, *p_name = NULL, *cv_format = NULL, *p_format = NULL;
    Py_ssize_t top = 0;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "OO|$OO&O&O&O&", pair_kwlist, &cv_obj,
                                     &p_obj, &top_obj, opt_str, &cv_name, opt_str, &p_name,
                                     opt_str, &cv_format, opt_str, &p_format))
        return NULL;
    if (top_obj != Py_None && ((top = PyLong_AsSsize_t(top_obj)) < 0 || PyErr_Occurred())) {
        if (!PyErr_Occurred()) PyErr_SetString(PyExc_ValueError, "top must be >= 0");
        return NULL;
    }
    if (claim(self) < 0) return NULL;
    jm_doc *cv = read_doc(self, JM_DOC_CV, cv_obj, cv_name, cv_format);
    jm_doc *posting = cv ? read_doc(self, JM_DOC_POSTING, p_obj, p_name, p_format) : NULL;
    jm_match *m = NULL;
    int rc = 0;
    if (posting) {
        Py_BEGIN_ALLOW_THREADS
        rc = jm_score(self->e, cv, posting, &m);
        Py_END_ALLOW_THREADS
        if (rc) raise_status(rc, jm_errmsg(self->e));
    }
    if (m && !gaps_only) {
        res = score_dict(cv, posting, m, top);
    } else if (m) {
        PyObject *list;
        LIST_OF(list, limit(top, m->n_missing), gap_dict(&m->missing[i]));
        res = Py_BuildValue("{s:N}", "gaps", list);
    }
    jm_match_free(m);
    jm_doc_free(posting);
    jm_doc_free(cv);
    release(self);
    return res;
}

static PyObject *engine_score(EngineObject *self, PyObject *args, PyObject *kw)
{
    return run_pair(self, args, kw, 0);
}

static PyObject *engine_gaps(EngineObject *self, PyObject *args, PyObject *kw)
{
    return run_pair(self, args, kw, 1);
}

/* A keyword, as keywords --json lists it. */
static PyObject *keyword_dict(const jm_keyword *k)
{
    return Py_BuildValue("{s:N,s:N,s:N,s:N}", "display", str_c(k->display), "term",
                         str_c(k->term), "weight", num(k->weight), "section",
                         str_c(jm_section_kind_name(k->posting_section)));
}

static PyObject *engine_keywords(EngineObject *self, PyObject *args, PyObject *kw)
{
    static char *kwlist[] = { "posting", "top", "posting_id", "posting_format", NULL };
    PyObject *p_obj, *res = NULL, *list;
    const char *p_name = NULL, *p_format = NULL;
    Py_ssize_t top = 0;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "O|$nO&O&", kwlist, &p_obj, &top, opt_str,
                                     &p_name, opt_str, &p_format))
        return NULL;
    if (claim(self) < 0) return NULL;
    jm_doc *posting = read_doc(self, JM_DOC_POSTING, p_obj, p_name, p_format);
    jm_keyword *k = NULL;
    size_t n = 0;
    int rc = 0;
    if (posting) {
        Py_BEGIN_ALLOW_THREADS
        rc = jm_keywords(self->e, posting, &k, &n);
        Py_END_ALLOW_THREADS
        if (rc) {
            raise_status(rc, jm_errmsg(self->e));
        } else {
            LIST_OF(list, limit(top, n), keyword_dict(&k[i]));
            res = Py_BuildValue("{s:N}", "keywords", list);
        }
    }
    jm_keywords_free(k, n);
    jm_doc_free(posting);
    release(self);
    return res;
}

/* A section of a document, as sections --json lists it. */
static PyObject *doc_section_dict(const jm_section *s)
{
    return Py_BuildValue("{s:N,s:N,s:N,s:N,s:N}", "kind", str_c(jm_section_kind_name(s->kind)),
                         "heading", str_n(s->heading, s->heading_len), "line",
                         PyLong_FromSize_t(s->line), "start", PyLong_FromSize_t(s->start),
                         "end", PyLong_FromSize_t(s->end));
}

static PyObject *engine_sections(EngineObject *self, PyObject *args, PyObject *kw)
{
    static char *kwlist[] = { "text", "posting", "name", "format", NULL };
    PyObject *obj, *res = NULL, *list;
    int is_posting = 0;
    const char *name = NULL, *format = NULL;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "O|$pO&O&", kwlist, &obj, &is_posting,
                                     opt_str, &name, opt_str, &format))
        return NULL;
    if (claim(self) < 0) return NULL;
    jm_doc *d = read_doc(self, is_posting ? JM_DOC_POSTING : JM_DOC_CV, obj, name, format);
    if (d) {
        size_t n;
        const jm_section *s = jm_doc_sections(d, &n);
        LIST_OF(list, n, doc_section_dict(&s[i]));
        res = Py_BuildValue("{s:N}", "sections", list);
    }
    jm_doc_free(d);
    release(self);
    return res;
}

/* Tokens gathered while the GIL is released: offsets into the input and
 * into a pool of the terms (a term is valid only during the callback). */
typedef struct {
    size_t text_off, text_len;   /* the token as written: bytes of the input */
    size_t term_off, term_len;   /* its term: bytes of the pool */
    size_t start, end;           /* its offsets, as the library gives them */
} token_rec;

typedef struct {
    const char *input;    /* the text analyzed */
    token_rec *toks;      /* the tokens so far */
    size_t n, cap;        /* used and allocated tokens */
    char *pool;           /* the terms, back to back */
    size_t pool_len, pool_cap;   /* used and allocated bytes of pool */
    int oom;              /* an allocation failed: the call stopped */
} token_log;

/* jm_token_fn: keeps the token; stops on allocation failure. */
static int log_token(void *ud, const jm_token *t)
{
    token_log *l = ud;
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 256;
        token_rec *grown = realloc(l->toks, cap * sizeof *grown);
        if (!grown) { l->oom = 1; return 1; }
        l->toks = grown;
        l->cap = cap;
    }
    if (l->pool_len + t->term_len > l->pool_cap) {
        size_t cap = l->pool_cap ? l->pool_cap : 4096;
        while (cap < l->pool_len + t->term_len) cap *= 2;
        char *grown = realloc(l->pool, cap);
        if (!grown) { l->oom = 1; return 1; }
        l->pool = grown;
        l->pool_cap = cap;
    }
    memcpy(l->pool + l->pool_len, t->term, t->term_len);
    l->toks[l->n++] = (token_rec){ (size_t)(t->text - l->input), t->text_len, l->pool_len,
                                   t->term_len, t->start, t->end };
    l->pool_len += t->term_len;
    return 0;
}

/* A token, as analyze --json lists it. */
static PyObject *token_dict(const token_log *l, const token_rec *r)
{
    return Py_BuildValue("{s:N,s:N,s:N,s:N}", "text",
                         str_n(l->input + r->text_off, r->text_len), "term",
                         str_n(l->pool + r->term_off, r->term_len), "start",
                         PyLong_FromSize_t(r->start), "end", PyLong_FromSize_t(r->end));
}

static PyObject *engine_analyze(EngineObject *self, PyObject *args, PyObject *kw)
{
    static char *kwlist[] = { "text", "name", NULL };
    PyObject *obj, *res = NULL, *list;
    const char *name = "input";
    text_arg t;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "O|$O&", kwlist, &obj, opt_str, &name))
        return NULL;
    if (!name) name = "input";
    if (text_get(obj, "text", &t) < 0) return NULL;
    if (claim(self) < 0) { text_release(&t); return NULL; }
    token_log l = { .input = t.data };
    int rc;
    Py_BEGIN_ALLOW_THREADS
    rc = jm_analyze(self->e, t.data, t.len, log_token, &l);
    Py_END_ALLOW_THREADS
    if (l.oom) {
        PyErr_NoMemory();
    } else if (rc) {
        char msg[4608];
        snprintf(msg, sizeof msg, "%s: %s", name, jm_errmsg(self->e));
        raise_status(rc, msg);
    } else {
        LIST_OF(list, l.n, token_dict(&l, &l.toks[i]));
        res = Py_BuildValue("{s:N}", "tokens", list);
    }
    free(l.toks);
    free(l.pool);
    release(self);
    text_release(&t);
    return res;
}

/* A ranked record, as rank --json lists it. */
static PyObject *rank_dict(const jm_rank_result *x)
{
    PyObject *matched;
    LIST_OF(matched, x->n_matched, str_c(x->matched[i]));
    return Py_BuildValue("{s:N,s:N,s:N,s:N,s:N,s:N,s:N}", "rank", PyLong_FromSize_t(x->rank),
                         "id", str_c(x->id), "title", str_c(x->title), "company",
                         str_c(x->company), "score", num(x->score), "coverage",
                         num(x->coverage), "matched", matched);
}

/* _rank_paths(cv, paths, top, threads, min_score, dedup, cv_name, cv_format):
 * (rank --json's dict, [skip messages]). */
static PyObject *engine_rank_paths(EngineObject *self, PyObject *args, PyObject *kw)
{
    static char *kwlist[] = { "cv", "paths", "top", "threads", "min_score", "dedup",
                              "cv_name", "cv_format", NULL };
    PyObject *cv_obj, *paths_obj, *res = NULL, *list;
    Py_ssize_t top = 10;
    int threads = 0, dedup = 0;
    double min_score = 0;
    const char *cv_name = NULL, *cv_format = NULL;
    path_list pl;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "OO|$nidpO&O&", kwlist, &cv_obj, &paths_obj,
                                     &top, &threads, &min_score, &dedup, opt_str, &cv_name,
                                     opt_str, &cv_format))
        return NULL;
    if (top < 1 || threads < 0 || threads > 1024 || !(min_score >= 0 && min_score <= 1)) {
        PyErr_SetString(PyExc_ValueError,
                        "top must be >= 1, threads from 0 to 1024, min_score from 0 to 1");
        return NULL;
    }
    if (paths_get(paths_obj, &pl) < 0) { paths_release(&pl); return NULL; }
    if (claim(self) < 0) { paths_release(&pl); return NULL; }
    jm_doc *cv = read_doc(self, JM_DOC_CV, cv_obj, cv_name, cv_format);
    jm_rank_options opt = { .top = (size_t)top, .threads = threads, .min_score = min_score,
                            .dedup = dedup };
    jm_rank_result *r = NULL;
    size_t n = 0;
    jm_rank_stats st = {0};
    skip_log skips = {0};
    int rc = 0;
    if (cv) {
        Py_BEGIN_ALLOW_THREADS
        rc = jm_rank_postings(self->e, cv, pl.paths, pl.n, &opt, log_skip, NULL, &skips,
                              &r, &n, &st);
        Py_END_ALLOW_THREADS
        PyObject *skipped = skip_list(&skips);
        if (rc) {
            raise_status(rc, jm_errmsg(self->e));
        } else if (skipped) {
            LIST_OF(list, n, rank_dict(&r[i]));
            PyObject *d = dedup
                ? Py_BuildValue("{s:N,s:K,s:K,s:K}", "results", list, "ranked", st.ranked,
                                "skipped", st.skipped, "duplicates", st.duplicates)
                : Py_BuildValue("{s:N,s:K,s:K}", "results", list, "ranked", st.ranked,
                                "skipped", st.skipped);
            if (d) res = Py_BuildValue("(NO)", d, skipped);
        }
        Py_XDECREF(skipped);
    }
    jm_rank_results_free(r, n);
    jm_doc_free(cv);
    release(self);
    paths_release(&pl);
    return res;
}

/* A method table entry of a function taking (self, args, kwargs). */
#define KW_METHOD(name, fn, doc) \
    { name, (PyCFunction)(void (*)(void))(fn), METH_VARARGS | METH_KEYWORDS, doc }

static PyMethodDef engine_methods[] = {
    KW_METHOD("score", engine_score,
      "score(cv, posting, *, top=None, cv_name=None, posting_id=None, cv_format=None, "
      "posting_format=None) -> dict\n\nScores a CV against a posting: the dict of "
      "`jobmatch score --json`."),
    KW_METHOD("gaps", engine_gaps,
      "gaps(cv, posting, *, top=None, ...) -> dict\n\nThe posting's terms the CV lacks, "
      "by score gain: the dict of `jobmatch gaps --json`."),
    KW_METHOD("keywords", engine_keywords,
      "keywords(posting, *, top=0, posting_id=None, posting_format=None) -> dict\n\n"
      "What a posting asks for, by weight: the dict of `jobmatch keywords --json`."),
    KW_METHOD("sections", engine_sections,
      "sections(text, *, posting=False, name=None, format=None) -> dict\n\nHow a CV (or "
      "a posting) was split: the dict of `jobmatch sections --json`."),
    KW_METHOD("analyze", engine_analyze,
      "analyze(text, *, name='input') -> dict\n\nThe terms of a text with their "
      "offsets: the dict of `jobmatch analyze --json`."),
    KW_METHOD("_rank_paths", engine_rank_paths,
      "_rank_paths(cv, paths, *, top=10, threads=0, min_score=0, dedup=False, "
      "cv_name=None, cv_format=None) -> (dict, list)\n\nRanks the postings in files "
      "(jm_rank_postings): rank --json's dict and the skipped records' messages."),
    { NULL, NULL, 0, NULL }
};

static PyTypeObject EngineType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "jobmatch._jobmatch.Engine",
    .tp_basicsize = sizeof(EngineObject),
    .tp_dealloc = (destructor)engine_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,
    .tp_doc = "The library's engine (jm_engine): one per thread.",
    .tp_methods = engine_methods,
    .tp_init = (initproc)engine_init,
    .tp_new = PyType_GenericNew,
};

/* ---------------------------------------------------------------------- */
/* Matcher: many CVs against many postings (jm_matcher)                    */
/* ---------------------------------------------------------------------- */

typedef struct {
    PyObject_HEAD
    EngineObject *engine;   /* the engine it uses (a reference is held) */
    jm_matcher *m;          /* the library's matcher; NULL before __init__ */
} MatcherObject;

/* Matcher(engine): an empty matcher over engine. */
static int matcher_init(MatcherObject *self, PyObject *args, PyObject *kw)
{
    static char *kwlist[] = { "engine", NULL };
    EngineObject *engine;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "O!:Matcher", kwlist, &EngineType, &engine))
        return -1;
    if (self->m) {
        PyErr_SetString(Error, "a Matcher is made once");
        return -1;
    }
    if (claim(engine) < 0) return -1;
    int rc = jm_matcher_new(engine->e, &self->m);
    release(engine);
    if (rc) {
        raise_status(rc, jm_errmsg(engine->e));
        return -1;
    }
    Py_INCREF(engine);
    self->engine = engine;
    return 0;
}

static void matcher_dealloc(MatcherObject *self)
{
    jm_matcher_free(self->m);    /* before the engine it uses */
    Py_XDECREF(self->engine);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

/* Claims the matcher's engine; -1 with an exception. */
static int matcher_claim(MatcherObject *self)
{
    if (!self->m) {
        PyErr_SetString(Error, "the Matcher was not initialized");
        return -1;
    }
    return claim(self->engine);
}

/* add_cv(text, name, *, format=None): reads a CV and adds it. */
static PyObject *matcher_add_cv(MatcherObject *self, PyObject *args, PyObject *kw)
{
    static char *kwlist[] = { "text", "name", "format", NULL };
    PyObject *obj;
    const char *name, *format = NULL;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "Os|$O&", kwlist, &obj, &name, opt_str,
                                     &format))
        return NULL;
    if (matcher_claim(self) < 0) return NULL;
    jm_doc *cv = read_doc(self->engine, JM_DOC_CV, obj, name, format);
    int rc = 0;
    if (cv) {
        Py_BEGIN_ALLOW_THREADS
        rc = jm_matcher_add_cv(self->m, cv, name);
        Py_END_ALLOW_THREADS
        if (rc) raise_status(rc, jm_errmsg(self->engine->e));
        jm_doc_free(cv);
    }
    release(self->engine);
    if (!cv || rc) return NULL;
    Py_RETURN_NONE;
}

/* add_cvs(path, *, threads=1) -> (added, [skip messages]): the CVs of a
 * folder or of a JSON Lines file of JSON Resumes, as `jobmatch match CVS`
 * reads them, read and counted on threads threads (0: every core). */
static PyObject *matcher_add_cvs(MatcherObject *self, PyObject *args, PyObject *kw)
{
    static char *kwlist[] = { "path", "threads", NULL };
    PyObject *path = NULL, *res = NULL;
    int threads = 1;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "O&|$i:add_cvs", kwlist, PyUnicode_FSConverter,
                                     &path, &threads))
        return NULL;
    if (threads < 0) {
        PyErr_SetString(PyExc_ValueError, "threads must be >= 0");
        Py_DECREF(path);
        return NULL;
    }
    if (matcher_claim(self) < 0) { Py_DECREF(path); return NULL; }
    jm_rank_stats st = {0};
    skip_log skips = {0};
    int rc;
    jm_matcher_set_threads(self->m, threads);
    Py_BEGIN_ALLOW_THREADS
    rc = jm_matcher_add_cvs(self->m, PyBytes_AS_STRING(path), log_skip, &skips, &st);
    Py_END_ALLOW_THREADS
    PyObject *skipped = skip_list(&skips);
    if (rc) raise_status(rc, jm_errmsg(self->engine->e));
    else if (skipped) res = Py_BuildValue("(KO)", st.ranked, skipped);
    Py_XDECREF(skipped);
    release(self->engine);
    Py_DECREF(path);
    return res;
}

/* What a run's callbacks build, on the calling thread with the GIL taken
 * back for the moment of the call. One ud serves every callback, so the
 * skip log comes first (log_skip reads it there). */
typedef struct {
    skip_log skips;     /* malformed postings */
    PyObject *out;      /* the list of per-CV or per-posting dicts */
    int failed;         /* a Python error is set: the run was stopped */
} match_sink;

/* A CV hit of a posting, as match --per posting --json lists it. */
static PyObject *hit_dict(const jm_cv_hit *h)
{
    return Py_BuildValue("{s:N,s:N,s:N,s:N}", "rank", PyLong_FromSize_t(h->rank), "cv",
                         str_c(h->name), "score", num(h->score), "coverage",
                         num(h->coverage));
}

/* jm_cv_results_fn: {"cv": name, "results": [...]} */
static int sink_cv(void *ud, size_t cv, const char *name, const jm_rank_result *res,
                   size_t n)
{
    match_sink *s = ud;
    PyGILState_STATE g = PyGILState_Ensure();
    PyObject *list;
    (void)cv;
    LIST_OF(list, n, rank_dict(&res[i]));
    PyObject *d = Py_BuildValue("{s:N,s:N}", "cv", str_c(name), "results", list);
    if (!d || append(s->out, d) < 0) s->failed = 1;
    PyGILState_Release(g);
    return s->failed;
}

/* jm_posting_results_fn: {"posting": id, "title": title, "results": [...]} */
static int sink_posting(void *ud, const jm_rank_result *posting, const jm_cv_hit *hits,
                        size_t n)
{
    match_sink *s = ud;
    PyGILState_STATE g = PyGILState_Ensure();
    PyObject *list;
    LIST_OF(list, n, hit_dict(&hits[i]));
    PyObject *d = Py_BuildValue("{s:N,s:N,s:N}", "posting", str_c(posting->id), "title",
                                str_c(posting->title), "results", list);
    if (!d || append(s->out, d) < 0) s->failed = 1;
    PyGILState_Release(g);
    return s->failed;
}

/* run(paths, *, top=10, threads=0, per="cv", min_score=0, dedup=False) ->
 * (list, stats, [skip messages]): the lines of `jobmatch match --json`
 * as dicts, the postings' counts. */
static PyObject *matcher_run(MatcherObject *self, PyObject *args, PyObject *kw)
{
    static char *kwlist[] = { "paths", "top", "threads", "per", "min_score", "dedup", NULL };
    PyObject *paths_obj, *res = NULL;
    Py_ssize_t top = 10;
    int threads = 0, dedup = 0;
    double min_score = 0;
    const char *per = "cv";
    path_list pl;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "O|$nisdp", kwlist, &paths_obj, &top, &threads,
                                     &per, &min_score, &dedup))
        return NULL;
    if (top < 1 || threads < 0 || threads > 1024 || !(min_score >= 0 && min_score <= 1) ||
        (strcmp(per, "cv") && strcmp(per, "posting"))) {
        PyErr_SetString(PyExc_ValueError, "top must be >= 1, threads from 0 to 1024, "
                        "min_score from 0 to 1, per \"cv\" or \"posting\"");
        return NULL;
    }
    if (paths_get(paths_obj, &pl) < 0) { paths_release(&pl); return NULL; }
    if (matcher_claim(self) < 0) { paths_release(&pl); return NULL; }
    match_sink sink = { .out = PyList_New(0) };
    jm_rank_stats st = {0};
    jm_match_options opt = {
        .rank = { .top = (size_t)top, .threads = threads, .min_score = min_score,
                  .dedup = dedup },
        .per = strcmp(per, "cv") ? JM_PER_POSTING : JM_PER_CV,
        .skip = log_skip, .cv_results = sink_cv, .posting_results = sink_posting,
        .ud = &sink,
    };
    int rc = JM_ENOMEM;
    if (sink.out) {
        /* the callbacks are called on this thread: each takes the GIL */
        Py_BEGIN_ALLOW_THREADS
        rc = jm_matcher_run(self->m, pl.paths, pl.n, &opt, &st);
        Py_END_ALLOW_THREADS
    }
    PyObject *skipped = skip_list(&sink.skips);
    if (sink.failed) {
        /* the Python error set in a callback says why */
    } else if (rc) {
        raise_status(rc, sink.out ? jm_errmsg(self->engine->e) : NULL);
    } else if (skipped) {
        PyObject *stats = dedup
            ? Py_BuildValue("{s:K,s:K,s:K}", "ranked", st.ranked, "skipped", st.skipped,
                            "duplicates", st.duplicates)
            : Py_BuildValue("{s:K,s:K}", "ranked", st.ranked, "skipped", st.skipped);
        if (stats) res = Py_BuildValue("(ONO)", sink.out, stats, skipped);
    }
    Py_XDECREF(skipped);
    Py_XDECREF(sink.out);
    release(self->engine);
    paths_release(&pl);
    return res;
}

/* ---------------------------------------------------------------------- */
/* Models                                                                  */
/* ---------------------------------------------------------------------- */

/* The engine a model command uses: no model and no skills model, as the
 * CLI's `model` makes it (counting must not depend on a model). */
static jm_engine *model_engine(const char *lang, const char *lexicon, const char *stopwords)
{
    jm_options o = { .lang = lang, .model_path = "none", .lexicon_path = lexicon,
                     .stopwords_path = stopwords, .skills_path = "none" };
    return new_engine(&o);
}

/* What a model command counted and wrote. */
static PyObject *model_stats_dict(const jm_model_stats *s)
{
    return Py_BuildValue("{sKsKsKsK}", "docs", s->docs, "skipped", s->skipped, "terms",
                         s->terms, "pairs", s->pairs);
}

/* _model_run(command, inputs, out, *, finalize=False, min_df=0, lang=None,
 * lexicon=None, stopwords=None) -> (stats, [skip messages]). command is
 * "build", "merge" or "finalize". */
static PyObject *model_run(PyObject *mod, PyObject *args, PyObject *kw)
{
    static char *kwlist[] = { "command", "inputs", "out", "finalize", "min_df", "lang",
                              "lexicon", "stopwords", NULL };
    const char *cmd, *lang = NULL, *lexicon = NULL, *stopwords = NULL;
    PyObject *in_obj, *out_obj = NULL, *res = NULL;
    int finalize = 0;
    long min_df = 0;
    path_list pl;
    (void)mod;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "sOO&|$plO&O&O&", kwlist, &cmd, &in_obj,
                                     PyUnicode_FSConverter, &out_obj, &finalize, &min_df,
                                     opt_str, &lang, opt_str, &lexicon, opt_str, &stopwords))
        return NULL;
    int build = !strcmp(cmd, "build"), merge = !strcmp(cmd, "merge");
    int fin_only = !strcmp(cmd, "finalize");
    if (!build && !merge && !fin_only) {
        Py_DECREF(out_obj);
        return PyErr_Format(PyExc_ValueError, "unknown model command '%s'", cmd);
    }
    if (min_df < 0) {
        Py_DECREF(out_obj);
        return PyErr_Format(PyExc_ValueError, "min_df must be >= 0");
    }
    if (paths_get(in_obj, &pl) < 0 || (fin_only && pl.n != 1) || (!fin_only && !pl.n)) {
        if (!PyErr_Occurred())
            PyErr_SetString(PyExc_ValueError, fin_only ? "finalize takes one counts file"
                                                       : "nothing to read");
        paths_release(&pl);
        Py_DECREF(out_obj);
        return NULL;
    }
    jm_engine *e = model_engine(lang, lexicon, stopwords);
    if (e) {
        const char *out = PyBytes_AS_STRING(out_obj);
        jm_finalize_options fin = { min_df, 0, 0 };
        jm_model_stats st = {0};
        skip_log skips = {0};
        int rc;
        Py_BEGIN_ALLOW_THREADS
        if (build)
            rc = jm_model_build_write(e, pl.paths, pl.n, out, finalize ? &fin : NULL,
                                      log_skip, &skips, &st);
        else if (merge)
            rc = jm_model_merge(e, pl.paths, pl.n, out, &st);
        else
            rc = jm_model_finalize(e, pl.paths[0], out, &fin, &st);
        Py_END_ALLOW_THREADS
        PyObject *skipped = skip_list(&skips);
        if (rc) raise_status(rc, jm_errmsg(e));
        else if (skipped) {
            PyObject *stats = model_stats_dict(&st);
            if (stats) res = Py_BuildValue("(OO)", stats, skipped);
            Py_XDECREF(stats);
        }
        Py_XDECREF(skipped);
        jm_engine_free(e);
    }
    paths_release(&pl);
    Py_DECREF(out_obj);
    return res;
}

static PyObject *version(PyObject *mod, PyObject *unused)
{
    (void)mod;
    (void)unused;
    return PyUnicode_FromString(jm_version());
}

static PyMethodDef matcher_methods[] = {
    KW_METHOD("add_cv", matcher_add_cv,
      "add_cv(text, name, *, format=None)\n\nReads a CV (str or bytes) and adds it, "
      "named name."),
    KW_METHOD("add_cvs", matcher_add_cvs,
      "add_cvs(path, *, threads=1) -> (added, skipped messages)\n\nAdds the CVs of a "
      "folder or of a JSON Lines file of JSON Resumes, as `jobmatch match CVS ...` reads "
      "them, on threads threads (0: every core)."),
    KW_METHOD("run", matcher_run,
      "run(paths, *, top=10, threads=0, per='cv', min_score=0, dedup=False) -> "
      "(list, stats, skipped messages)\n\nMatches the postings in files against every "
      "CV: the objects `jobmatch match --json` prints, one per CV (or posting)."),
    { NULL, NULL, 0, NULL }
};

static PyTypeObject MatcherType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "jobmatch._jobmatch.Matcher",
    .tp_basicsize = sizeof(MatcherObject),
    .tp_dealloc = (destructor)matcher_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "Matcher(engine): CVs counted once into an index (jm_matcher); it uses "
              "engine, which it keeps alive.",
    .tp_methods = matcher_methods,
    .tp_init = (initproc)matcher_init,
    .tp_new = PyType_GenericNew,
};

static PyMethodDef module_methods[] = {
    KW_METHOD("_model_run", model_run,
      "_model_run(command, inputs, out, *, finalize=False, min_df=0, lang=None, "
      "lexicon=None, stopwords=None) -> (dict, list)\n\nRuns `model build`, `merge` or "
      "`finalize` from files to the file out: its statistics and skipped records."),
    { "version", version, METH_NOARGS, "The library's version string." },
    { NULL, NULL, 0, NULL }
};

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT, "jobmatch._jobmatch",
    "The CPython extension over libjobmatch (see the jobmatch package).", -1,
    module_methods, NULL, NULL, NULL, NULL
};

/* Adds exception class name (a subclass of base, or bases) to mod. */
static PyObject *new_error(PyObject *mod, const char *name, PyObject *bases, const char *doc)
{
    char full[128];
    snprintf(full, sizeof full, "jobmatch.%s", name);
    PyObject *cls = PyErr_NewExceptionWithDoc(full, doc, bases, NULL);
    if (!cls) return NULL;
    if (PyModule_AddObjectRef(mod, name, cls) < 0) {
        Py_DECREF(cls);
        return NULL;
    }
    return cls;
}

PyMODINIT_FUNC PyInit__jobmatch(void);

PyMODINIT_FUNC PyInit__jobmatch(void)
{
    static PyMethodDef handler = { "replace_byte", replace_byte, METH_O, NULL };
    PyObject *mod = NULL, *fn = NULL, *bases = NULL;
    if (PyType_Ready(&EngineType) < 0 || PyType_Ready(&MatcherType) < 0) return NULL;
    mod = PyModule_Create(&module_def);
    if (!mod) return NULL;
    fn = PyCFunction_New(&handler, NULL);
    if (!fn || PyCodec_RegisterError(REPLACE_BYTE, fn) < 0) goto fail;
    Py_CLEAR(fn);
    if (!(Error = new_error(mod, "Error", PyExc_Exception,
                            "A failure reported by libjobmatch (base class).")))
        goto fail;
    if (!(bases = PyTuple_Pack(2, Error, PyExc_ValueError))) goto fail;
    if (!(InputError = new_error(mod, "InputError", bases,
                                 "The input is malformed; the message names where.")))
        goto fail;
    if (!(ModelError = new_error(mod, "ModelError", Error,
                                 "A model file is damaged, truncated or incompatible.")))
        goto fail;
    Py_CLEAR(bases);
    if (!(bases = PyTuple_Pack(2, Error, PyExc_RuntimeError))) goto fail;
    if (!(ConcurrentUseError = new_error(mod, "ConcurrentUseError", bases,
                                         "An Engine was called from a second thread while "
                                         "it was working for another.")))
        goto fail;
    Py_CLEAR(bases);
    if (PyModule_AddObjectRef(mod, "Engine", (PyObject *)&EngineType) < 0 ||
        PyModule_AddObjectRef(mod, "Matcher", (PyObject *)&MatcherType) < 0)
        goto fail;
    return mod;
fail:
    Py_XDECREF(fn);
    Py_XDECREF(bases);
    Py_DECREF(mod);
    return NULL;
}

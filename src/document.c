/* This file contains the document readers. PLACEHOLDER: the whole input is
 * one section; the real readers replace it. */
#include "document.h"
#include "engine.h"

#include <string.h>

static const char *const kind_names[JM_SEC_COUNT] = {
    "contact", "summary", "skills", "experience", "projects", "education",
    "publications", "patents", "awards", "certifications", "languages",
    "links", "volunteering", "interests", "references",
    "title", "responsibilities", "requirements", "preferred", "about",
    "benefits", "legal", "other",
};

const char *jm_section_kind_name(jm_section_kind kind)
{
    return (unsigned)kind < JM_SEC_COUNT ? kind_names[kind] : "other";
}

int jm_section_kind_parse(const char *name, size_t len, jm_section_kind *out)
{
    for (int k = 0; k < JM_SEC_COUNT; k++)
        if (strlen(kind_names[k]) == len && !memcmp(kind_names[k], name, len)) {
            *out = (jm_section_kind)k;
            return JM_OK;
        }
    return JM_EINVAL;
}

int jm_doc_read(jm_engine *e, jm_doc_type type, const char *buf, size_t len,
                const char *name, jm_doc **out)
{
    (void)name;
    jm_doc *d = jm_calloc(1, sizeof *d);
    *out = NULL;
    if (!d) return jm_fail(e, JM_ENOMEM, "out of memory");
    d->type = type;
    d->raw = jm_strndup(buf, len);
    d->raw_len = len;
    d->sections = jm_calloc(1, sizeof *d->sections);
    if (!d->raw || !d->sections) {
        jm_doc_free(d);
        return jm_fail(e, JM_ENOMEM, "out of memory");
    }
    d->sections[0] = (jm_section){ JM_SEC_OTHER, NULL, 0, 1, 0, len };
    d->n_sections = 1;
    *out = d;
    return JM_OK;
}

void jm_doc_free(jm_doc *d)
{
    if (!d) return;
    jm_free(d->raw);
    jm_free(d->sections);
    jm_free(d->id);
    jm_free(d->title);
    jm_free(d->company);
    jm_free(d);
}

const jm_section *jm_doc_sections(const jm_doc *d, size_t *n)
{
    *n = d->n_sections;
    return d->sections;
}

const char *jm_doc_id(const jm_doc *d) { return d->id; }
const char *jm_doc_title(const jm_doc *d) { return d->title; }
const char *jm_doc_company(const jm_doc *d) { return d->company; }

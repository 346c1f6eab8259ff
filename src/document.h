/* This file defines the internal view of a document: its copy of the input
 * and its sections (see jm_doc in jobmatch.h). */
#ifndef JM_DOCUMENT_H
#define JM_DOCUMENT_H

#include "common.h"

struct jm_doc {
    jm_doc_type type;
    char *raw;                /* copy of the input as read (NUL-terminated) */
    size_t raw_len;
    jm_section *sections;     /* public view of each section */
    size_t n_sections;
    char *id, *title, *company;   /* posting fields, NULL when absent */
};

#endif

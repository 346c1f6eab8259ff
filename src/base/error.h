/* This file declares the error object: where a stage puts the message of
 * its last failure. The caller owns it (the engine has one, a rank worker
 * its own), so that a stage below the engine reports without knowing it. */
#ifndef JM_ERROR_H
#define JM_ERROR_H

#include "jobmatch.h"

typedef struct jm_error {
    char msg[1024];           /* last failure, "" when none */
} jm_error;

/* Sets err's message from a printf format and returns code, so that callers
 * can write `return jm_fail(err, JM_EIO, "%s: %s", path, strerror(errno));`.
 * err may be NULL (nothing is kept). */
int jm_fail(jm_error *err, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Forgets the last failure. */
static inline void jm_error_clear(jm_error *err) { err->msg[0] = '\0'; }

#endif

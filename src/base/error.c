/* This file contains the error object (error.h) and jm_strerror(). */
#include "base/error.h"

#include <stdarg.h>
#include <stdio.h>

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

int jm_fail(jm_error *err, int code, const char *fmt, ...)
{
    if (!err) return code;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    return code;
}

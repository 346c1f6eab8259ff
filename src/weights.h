/* This file declares section weights: how much a term counts in each kind
 * of section, on the CV side and on the posting side, with defaults chosen
 * by measurement (bench/weights.sh) and overrides from --weights. */
#ifndef JM_WEIGHTS_H
#define JM_WEIGHTS_H

#include "common.h"

typedef struct {
    double w[JM_SEC_COUNT];   /* weight of a term count in a section of that kind */
} jm_weights;

/* The built-in defaults. */
void jm_weights_default(jm_weights *w);

/* Applies overrides "kind=number,kind=number" (also newlines, spaces or '#'
 * comments, as in a weights file) to w. Numbers must be finite and >= 0.
 * On error returns JM_EINVAL and writes a message naming the bad item. */
int jm_weights_parse(jm_weights *w, const char *spec, size_t len,
                     char *err, size_t errlen);

#endif

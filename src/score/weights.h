/* This file declares section weights: how much a term counts in each kind
 * of section, on the CV side and on the posting side, with defaults chosen
 * by measurement (bench/weights.sh) and overrides from --weights. */
#ifndef JM_WEIGHTS_H
#define JM_WEIGHTS_H

#include "base/common.h"

/* The default weight of the occupation match in the score. */
#define JM_OCCUPATION_WEIGHT 0.15

typedef struct {
    double w[JM_SEC_COUNT];   /* weight of a term count in a section of that kind */
    double occupation;        /* weight of the occupation match ("occupation=") */
} jm_weights;

/* The built-in defaults. */
void jm_weights_default(jm_weights *w);

/* Applies overrides "kind=number,kind=number" (also newlines, spaces or '#'
 * comments, as in a weights file) to w; the kind "occupation" sets the
 * weight of the occupation match. Numbers must be finite and >= 0.
 * On error returns JM_EINVAL and writes a message naming the bad item. */
int jm_weights_parse(jm_weights *w, const char *spec, size_t len,
                     char *err, size_t errlen);

#endif

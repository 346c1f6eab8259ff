/* This file declares the data files embedded into the library by
 * embedded.S: [name, name_end) is the file's bytes, followed by a NUL. */
#ifndef JM_EMBEDDED_H
#define JM_EMBEDDED_H

extern const char jm_embedded_stopwords[], jm_embedded_stopwords_end[];
extern const char jm_embedded_lexicon[], jm_embedded_lexicon_end[];
extern const char jm_embedded_sections[], jm_embedded_sections_end[];
extern const char jm_embedded_model[], jm_embedded_model_end[];
extern const char jm_embedded_skills[], jm_embedded_skills_end[];
extern const char jm_embedded_occupations[], jm_embedded_occupations_end[];
/* data/occupations.bin: the occupations compiled (occupation.h) */
extern const char jm_embedded_occtab[], jm_embedded_occtab_end[];

#endif

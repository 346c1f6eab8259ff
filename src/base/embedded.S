/* This file embeds the default data files into the library, so that a copy
 * of the binary runs from any folder with nothing beside it. Each blob is
 * followed by a NUL byte; see embedded.h for the symbols. */
        .section .rodata
        .balign 16
        .global jm_embedded_stopwords, jm_embedded_stopwords_end
jm_embedded_stopwords:
        .incbin "data/stopwords.txt"
jm_embedded_stopwords_end:
        .byte 0
        .balign 16
        .global jm_embedded_lexicon, jm_embedded_lexicon_end
jm_embedded_lexicon:
        .incbin "data/lexicon.tsv"
jm_embedded_lexicon_end:
        .byte 0
        .balign 16
        .global jm_embedded_sections, jm_embedded_sections_end
jm_embedded_sections:
        .incbin "data/sections.tsv"
jm_embedded_sections_end:
        .byte 0
        .balign 16
        .global jm_embedded_model, jm_embedded_model_end
jm_embedded_model:
        .incbin "data/model.jm"
jm_embedded_model_end:
        .byte 0
        .balign 16
        .global jm_embedded_skills, jm_embedded_skills_end
jm_embedded_skills:
        .incbin "data/skills.jm"
jm_embedded_skills_end:
        .byte 0
        .balign 16
        .global jm_embedded_occupations, jm_embedded_occupations_end
jm_embedded_occupations:
        .incbin "data/occupations.tsv"
jm_embedded_occupations_end:
        .byte 0
        .balign 16
        .global jm_embedded_occtab, jm_embedded_occtab_end
jm_embedded_occtab:
        .incbin "data/occupations.bin"
jm_embedded_occtab_end:
        .byte 0
        .section .note.GNU-stack,"",@progbits

/* This file contains the lexicon parser (see lexicon.h). */
#include "text/lexicon.h"
#include "base/common.h"
#include "base/utf8.h"

static const char *const kind_names[JM_KIND_COUNT] = {
    "", "tech", "language", "skill", "degree", "cert", "soft", "field", "role"
};

const char *jm_kind_name(unsigned kind)
{
    return kind < JM_KIND_COUNT ? kind_names[kind] : "";
}

static unsigned parse_kind(const char *s, size_t n)
{
    for (unsigned k = 1; k < JM_KIND_COUNT; k++)
        if (strlen(kind_names[k]) == n && !memcmp(kind_names[k], s, n)) return k;
    return JM_KIND_NONE;
}

size_t jm_lexicon_tokkey(const char *fold, size_t len, char *out)
{
    size_t o = 0;
    for (size_t i = 0; i < len; i++)
        if (fold[i] != '.' || i == 0) out[o++] = fold[i];
    out[o] = '\0';
    return o;
}

/* Trims blanks (and a CR) at both ends of s[0..*n). */
static const char *trim(const char *s, size_t *n)
{
    while (*n && (*s == ' ' || *s == '\t' || *s == '\r')) { s++; (*n)--; }
    while (*n && (s[*n - 1] == ' ' || s[*n - 1] == '\t' || s[*n - 1] == '\r')) (*n)--;
    return s;
}

/* Adds one form of entry id: its key and its prefixes. Returns JM_OK,
 * JM_ENOMEM, or -1 when the form is unusable. */
static int add_form(jm_lexicon *lx, const char *form, size_t n, uint32_t id,
                    const jm_strtab *stop)
{
    char key[JM_LEX_MAX_WORDS * (JM_TOK_MAX + 1)];
    size_t klen = 0, words = 0;
    jm_tokenizer t;
    jm_rawtok tok;
    uint32_t dummy;

    jm_tokenizer_init(&t, form, n);
    while (jm_tokenizer_next(&t, &tok)) {
        if (!tok.len || (tok.flags & JM_TF_LONG) || words == JM_LEX_MAX_WORDS)
            return -1;
        if (words == 1 && stop && !(tok.flags & JM_TF_GLUE) &&
            jm_strtab_find(stop, key, klen, jm_hash(key, klen)) >= 0)
            return -1;                   /* "a programming language" */
        /* the key so far goes on: a start of a longer form */
        if (words && jm_strtab_add(&lx->starts, key, klen, 0, &dummy, NULL))
            return JM_ENOMEM;
        /* prefixes at the inner dots of the token: "node" of "node.js" */
        for (size_t i = 1; i < tok.len; i++) {
            if (tok.fold[i] != '.') continue;
            size_t pl = jm_lexicon_tokkey(tok.fold, i, key + klen);
            if (jm_strtab_add(&lx->prefixes, key, klen + pl, 0, &dummy, NULL) ||
                jm_strtab_add(&lx->starts, key, klen + pl, 0, &dummy, NULL))
                return JM_ENOMEM;
        }
        klen += jm_lexicon_tokkey(tok.fold, tok.len, key + klen);
        if (jm_strtab_add(&lx->prefixes, key, klen, 0, &dummy, NULL))
            return JM_ENOMEM;
        words++;
    }
    if (!words) return -1;
    if (words > lx->max_words) lx->max_words = words;
    return jm_strtab_add(&lx->keys, key, klen, id, &dummy, NULL);
}

int jm_lexicon_parse(jm_lexicon *lx, const char *text, size_t len,
                     const jm_strtab *stop)
{
    const char *p = text, *end = text + len;
    char *fold = NULL;
    size_t fold_cap = 0;
    int rc = JM_OK;

    lx->max_words = 2;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *eol = nl ? nl : end;
        const char *f[3] = { p, NULL, NULL };
        size_t fl[3] = { 0, 0, 0 };
        int nf = 1;
        for (const char *q = p; q < eol; q++)
            if (*q == '\t' && nf < 3) {
                fl[nf - 1] = (size_t)(q - f[nf - 1]);
                f[nf++] = q + 1;
            }
        fl[nf - 1] = (size_t)(eol - f[nf - 1]);
        p = nl ? nl + 1 : end;
        f[0] = trim(f[0], &fl[0]);
        if (!fl[0] || f[0][0] == '#') continue;

        /* canonical: folded (it should be lowercase already) */
        if (fold_cap < 3 * fl[0] + 1) {
            char *g = jm_realloc(fold, 3 * fl[0] + 1);
            if (!g) { rc = JM_ENOMEM; break; }
            fold = g;
            fold_cap = 3 * fl[0] + 1;
        }
        size_t cl = jm_utf8_fold(f[0], fl[0], fold);
        unsigned kind = nf > 1 ? parse_kind(trim(f[1], &fl[1]), fl[1]) : JM_KIND_NONE;
        uint32_t id;
        int added;
        if ((rc = jm_strtab_add(&lx->canon, fold, cl, kind, &id, &added))) break;
        rc = add_form(lx, fold, cl, id, stop);
        if (rc == JM_ENOMEM) break;
        rc = JM_OK;
        if (nf > 2) {
            const char *v = f[2], *vend = f[2] + fl[2];
            while (v < vend) {
                const char *bar = memchr(v, '|', (size_t)(vend - v));
                const char *ve = bar ? bar : vend;
                size_t vl = (size_t)(ve - v);
                const char *vs = trim(v, &vl);
                if (vl && (rc = add_form(lx, vs, vl, id, stop)) == JM_ENOMEM) break;
                rc = JM_OK;
                v = bar ? bar + 1 : vend;
            }
            if (rc) break;
        }
    }
    jm_free(fold);
    if (!rc) {
        /* 16 bits a prefix, two of them set by each: about 1.5% false hits */
        size_t words = 1;
        while (words * 64 < 16 * lx->prefixes.n) words *= 2;
        if (!(lx->pfilter = jm_calloc(words, sizeof *lx->pfilter))) rc = JM_ENOMEM;
        lx->pfilter_mask = words - 1;
        for (size_t i = 0; !rc && i < lx->prefixes.n; i++) {
            uint64_t h = lx->prefixes.keys[i].h;
            lx->pfilter[(h >> 20) & lx->pfilter_mask] |= 1ULL << (h >> 58) | 1ULL << (h >> 52 & 63);
        }
    }
    if (rc) jm_lexicon_free(lx);
    return rc;
}

void jm_lexicon_free(jm_lexicon *lx)
{
    jm_strtab_free(&lx->canon);
    jm_strtab_free(&lx->keys);
    jm_strtab_free(&lx->prefixes);
    jm_strtab_free(&lx->starts);
    jm_free(lx->pfilter);
    lx->pfilter = NULL;
}

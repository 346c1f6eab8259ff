/* src/read/: from bytes to documents: input checks, the text and JSON
 * readers, cleaning with a map back to the input as read, the repairs of
 * PDF damage, the section finder, and the corpus iterator that streams
 * records. It includes base/ and text/; what it needs of the model (the
 * repairs' dictionary) it is handed (jm_vocab, repair.h).
 *
 * This file contains the text maps and the cleaning passes of the readers:
 * decoding to UTF-8 with LF line ends, mojibake repair by re-decoding,
 * LaTeX remnants, hyphenated line breaks and Markdown markup. Each pass is
 * a rewriter: it copies what it keeps and replaces what it fixes, so the
 * map back to the input as read grows only where something changed. */
#include "read/clean.h"
#include "base/scan.h"

#include <string.h>

size_t jm_map_raw(const jm_anchor *a, size_t n, size_t off, size_t limit)
{
    if (n == 0) return off < limit ? off : limit;
    size_t lo = 0, hi = n;          /* find the last anchor with dst <= off */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (a[mid].dst <= off) lo = mid; else hi = mid;
    }
    size_t r = a[lo].src + (off >= a[lo].dst ? off - a[lo].dst : 0);
    if (lo + 1 < n && r > a[lo + 1].src) r = a[lo + 1].src;
    return r < limit ? r : limit;
}

/* Adds an anchor unless it continues the previous one's run. */
static void push_anchor(jm_rewriter *w, size_t dst, size_t src)
{
    jm_map *m = &w->map;
    if (m->n && m->a[m->n - 1].dst == dst) {
        m->n--;                         /* the later anchor wins */
    }
    if (m->n) {
        const jm_anchor *l = &m->a[m->n - 1];
        if (l->src + (dst - l->dst) == src) return;
    }
    if (jm_grow(&m->a, &m->cap, m->n, sizeof *m->a, 8)) { w->oom = 1; return; }
    m->a[m->n++] = (jm_anchor){ dst, src };
}

/* The raw offset of input offset a. */
static size_t in_raw(const jm_rewriter *w, size_t a)
{
    return jm_map_raw(w->in, w->in_n, a, w->limit);
}

void jm_rw_copy(jm_rewriter *w, const char *text, size_t a, size_t b)
{
    if (a >= b) return;
    size_t base = w->out.len;
    if (jm_buf_append(&w->out, text + a, b - a)) { w->oom = 1; return; }
    push_anchor(w, base, in_raw(w, a));
    if (!w->in_n) return;
    size_t lo = 0, hi = w->in_n;        /* first input anchor with dst > a */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (w->in[mid].dst <= a) lo = mid + 1; else hi = mid;
    }
    for (size_t k = lo; k < w->in_n && w->in[k].dst < b; k++)
        push_anchor(w, base + (w->in[k].dst - a), w->in[k].src);
}

void jm_rw_replace(jm_rewriter *w, size_t a, size_t b, const char *s, size_t n)
{
    size_t base = w->out.len;
    push_anchor(w, base, in_raw(w, a));
    if (n && jm_buf_append(&w->out, s, n)) { w->oom = 1; return; }
    push_anchor(w, base + n, in_raw(w, b));
}

void jm_rw_free(jm_rewriter *w)
{
    jm_buf_free(&w->out);
    jm_free(w->map.a);
    w->map = (jm_map){0};
}

/* ---------------------------------------------------------------------- */
/* UTF-8 and Windows-1252                                                  */
/* ---------------------------------------------------------------------- */

/* Unicode of CP1252 bytes 0x80..0x9F (0: undefined, read as Latin-1). */
static const unsigned short cp1252_hi[32] = {
    0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
    0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
};

/* Encodes code point c as UTF-8 into o (4 bytes room); returns the length. */
static size_t utf8_put(unsigned long c, char *o)
{
    if (c < 0x80) { o[0] = (char)c; return 1; }
    if (c < 0x800) {
        o[0] = (char)(0xC0 | (c >> 6));
        o[1] = (char)(0x80 | (c & 0x3F));
        return 2;
    }
    if (c < 0x10000) {
        o[0] = (char)(0xE0 | (c >> 12));
        o[1] = (char)(0x80 | ((c >> 6) & 0x3F));
        o[2] = (char)(0x80 | (c & 0x3F));
        return 3;
    }
    o[0] = (char)(0xF0 | (c >> 18));
    o[1] = (char)(0x80 | ((c >> 12) & 0x3F));
    o[2] = (char)(0x80 | ((c >> 6) & 0x3F));
    o[3] = (char)(0x80 | (c & 0x3F));
    return 4;
}

/* Decodes one UTF-8 character at s[i] (n bytes in all); returns its length
 * and sets *cp, or returns 0 for an invalid or truncated sequence. */
static size_t utf8_get(const unsigned char *s, size_t n, size_t i,
                       unsigned long *cp)
{
    unsigned c = s[i];
    size_t len;
    unsigned long v, min;
    if (c < 0x80) { *cp = c; return 1; }
    if (c >= 0xC2 && c <= 0xDF) { len = 2; v = c & 0x1F; min = 0x80; }
    else if (c >= 0xE0 && c <= 0xEF) { len = 3; v = c & 0x0F; min = 0x800; }
    else if (c >= 0xF0 && c <= 0xF4) { len = 4; v = c & 0x07; min = 0x10000; }
    else return 0;
    if (i + len > n) return 0;
    for (size_t k = 1; k < len; k++) {
        if ((s[i + k] & 0xC0) != 0x80) return 0;
        v = (v << 6) | (s[i + k] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return 0;
    *cp = v;
    return len;
}

/* The byte that code point c was decoded from, if the text was read as
 * CP1252 (or as Latin-1 for the C1 controls); -1 when none. */
static int cp1252_byte(unsigned long c)
{
    if (c >= 0x80 && c <= 0xFF) return (int)c;
    for (int k = 0; k < 32; k++)
        if (cp1252_hi[k] && cp1252_hi[k] == c) return 0x80 + k;
    return -1;
}

/* ---------------------------------------------------------------------- */
/* Pass 1, stage A: bytes to UTF-8 with LF line ends                       */
/* ---------------------------------------------------------------------- */

static void decode_utf16(jm_rewriter *w, const unsigned char *s, size_t len,
                         int be)
{
    size_t i = 2;                       /* after the byte-order mark */
    jm_rw_replace(w, 0, 2, "", 0);
    while (i + 1 < len) {
        unsigned long c = be ? (unsigned long)(s[i] << 8 | s[i + 1])
                             : (unsigned long)(s[i + 1] << 8 | s[i]);
        size_t used = 2;
        if (c >= 0xD800 && c <= 0xDBFF && i + 3 < len) {
            unsigned long d = be ? (unsigned long)(s[i + 2] << 8 | s[i + 3])
                                 : (unsigned long)(s[i + 3] << 8 | s[i + 2]);
            if (d >= 0xDC00 && d <= 0xDFFF) {
                c = 0x10000 + ((c - 0xD800) << 10) + (d - 0xDC00);
                used = 4;
            }
        }
        if (c >= 0xD800 && c <= 0xDFFF) c = 0xFFFD;   /* lone surrogate */
        char o[4];
        size_t n;
        if (c == '\r') {
            /* CRLF and lone CR both become LF */
            int crlf = i + 3 < len && (be ? s[i + 2] == 0 && s[i + 3] == '\n'
                                          : s[i + 3] == 0 && s[i + 2] == '\n');
            if (crlf) used = 4;
            o[0] = '\n';
            n = 1;
        } else {
            n = utf8_put(c, o);
        }
        jm_rw_replace(w, i, i + used, o, n);
        i += used;
    }
    if (i < len) jm_rw_replace(w, i, len, "", 0);     /* odd last byte */
}

/* Needs stage A: a BOM, a CR, or bytes that are not UTF-8. */
static int needs_decode(const unsigned char *s, size_t len)
{
    if (len >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) return 1;
    if (memchr(s, '\r', len)) return 1;
    for (size_t i = scan_high((const char *)s, 0, len); i < len;
         i = scan_high((const char *)s, i, len)) {
        unsigned long cp;
        size_t k = utf8_get(s, len, i, &cp);
        if (!k) return 1;
        i += k;
    }
    return 0;
}

/* Stage A over text: a BOM (at a file's start), UTF-16, CR and CRLF,
 * bytes that are not UTF-8 (read as Windows-1252). */
static void decode_bytes(jm_rewriter *w, const char *text, size_t len,
                         int at_file_start)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t i = 0, run = 0;
    if (at_file_start && len >= 2 &&
        ((s[0] == 0xFF && s[1] == 0xFE) || (s[0] == 0xFE && s[1] == 0xFF))) {
        decode_utf16(w, s, len, s[0] == 0xFE);
        return;
    }
    if (at_file_start && len >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) {
        jm_rw_replace(w, 0, 3, "", 0);
        i = run = 3;
    }
    while (i < len) {
        if (s[i] == '\r') {
            jm_rw_copy(w, text, run, i);
            size_t used = i + 1 < len && s[i + 1] == '\n' ? 2 : 1;
            jm_rw_replace(w, i, i + used, "\n", 1);
            i += used;
            run = i;
            continue;
        }
        if (s[i] < 0x80) { i++; continue; }
        unsigned long cp;
        size_t k = utf8_get(s, len, i, &cp);
        if (k) { i += k; continue; }
        /* not UTF-8: read the byte as Windows-1252 */
        jm_rw_copy(w, text, run, i);
        unsigned long c = s[i];
        if (c >= 0x80 && c < 0xA0 && cp1252_hi[c - 0x80]) c = cp1252_hi[c - 0x80];
        char o[4];
        size_t n = utf8_put(c, o);
        jm_rw_replace(w, i, i + 1, o, n);
        i++;
        run = i;
    }
    jm_rw_copy(w, text, run, len);
}

/* ---------------------------------------------------------------------- */
/* Pass 1, stage B: mojibake                                               */
/* ---------------------------------------------------------------------- */

/* At s[i], tries to read a run of characters that are the CP1252/Latin-1
 * reading of one UTF-8 sequence; on success stores the repaired bytes in o
 * (*on bytes) and returns the length of the run in s, else 0. */
static size_t mojibake_at(const unsigned char *s, size_t n, size_t i,
                          char *o, size_t *on)
{
    unsigned long cp;
    size_t k = utf8_get(s, n, i, &cp);
    if (k < 2 || cp < 0xC2 || cp > 0xF4) return 0;    /* a lead byte */
    size_t want = cp < 0xE0 ? 2 : cp < 0xF0 ? 3 : 4;
    unsigned char bytes[4];
    bytes[0] = (unsigned char)cp;
    size_t j = i + k;
    for (size_t b = 1; b < want; b++) {
        size_t kk = j < n ? utf8_get(s, n, j, &cp) : 0;
        int byte = kk ? cp1252_byte(cp) : -1;
        if (byte < 0x80 || byte > 0xBF) return 0;     /* a continuation */
        bytes[b] = (unsigned char)byte;
        j += kk;
    }
    unsigned long dec;
    if (utf8_get(bytes, want, 0, &dec) != want) return 0;
    memcpy(o, bytes, want);
    *on = want;
    return j - i;
}

/* Could s hold mojibake (a byte that may lead a re-decoded sequence)? */
static int has_high_bytes(const char *s, size_t n)
{
    for (size_t i = scan_high(s, 0, n); i < n; i = scan_high(s, i + 1, n))
        if ((unsigned char)s[i] >= 0xC2) return 1;
    return 0;
}

/* Stage B: replaces each run that re-decodes to one UTF-8 character. */
static void repair_mojibake(jm_rewriter *w, const char *text, size_t len)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t i = 0, run = 0;
    while (i < len) {
        if (s[i] < 0x80) { i = scan_high(text, i, len); continue; }
        if (s[i] < 0xC2) { i++; continue; }
        char o[4];
        size_t on, k = mojibake_at(s, len, i, o, &on);
        if (!k) { i++; continue; }
        jm_rw_copy(w, text, run, i);
        jm_rw_replace(w, i, i + k, o, on);
        i += k;
        run = i;
    }
    jm_rw_copy(w, text, run, len);
}

int jm_clean_repair_string(const char *s, size_t n, jm_buf *out)
{
    jm_rewriter w = {0};
    w.limit = n;
    repair_mojibake(&w, s, n);
    /* text read wrongly twice needs a second round */
    if (!w.oom && has_high_bytes(w.out.data, w.out.len)) {
        jm_rewriter w2 = {0};
        w2.limit = n;
        repair_mojibake(&w2, w.out.data ? w.out.data : "", w.out.len);
        jm_rw_free(&w);
        w = w2;
    }
    int rc = w.oom ? JM_ENOMEM : jm_buf_append(out, w.out.data ? w.out.data : "", w.out.len);
    jm_rw_free(&w);
    return rc;
}

/* ---------------------------------------------------------------------- */
/* Pass 1, stage C: LaTeX remnants and hyphenated line breaks              */
/* ---------------------------------------------------------------------- */

/* LaTeX commands that stand for a character. */
static const struct { const char *cmd; const char *text; } latex_chars[] = {
    { "cdot", "\xC2\xB7" }, { "bullet", "\xE2\x80\xA2" }, { "ast", "*" },
    { "times", "\xC3\x97" }, { "sim", "~" }, { "approx", "~" },
    { "textendash", "\xE2\x80\x93" }, { "textemdash", "\xE2\x80\x94" },
    { "ldots", "..." }, { "dots", "..." }, { "quad", " " }, { "qquad", " " },
    { "textbar", "|" }, { "vert", "|" }, { "mid", "|" },
};

/* Commands that make their group bold. */
static int is_bold_cmd(const char *s, size_t n)
{
    return (n == 2 && !memcmp(s, "bf", 2)) || (n == 8 && !memcmp(s, "bfseries", 8)) ||
           (n == 6 && !memcmp(s, "textbf", 6)) || (n == 6 && !memcmp(s, "mathbf", 6));
}

static int is_alpha(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Rewrites the math span text[a, b) ('$' at a and at b - 1) as plain text:
 * {\bf X} and \textbf{X} become **X**, "\ " a space, \cdot a middle dot,
 * other commands and braces vanish. */
static void rewrite_latex(jm_rewriter *w, const char *text, size_t a, size_t b)
{
    unsigned char bold[64];             /* per open brace: is it bold */
    size_t depth = 0, i = a + 1, run = a + 1;
    int pending_bold = 0;               /* \textbf seen, its { comes next */
    jm_rw_replace(w, a, a + 1, "", 0);
    b--;                                /* the closing '$' */
    while (i < b) {
        unsigned char c = (unsigned char)text[i];
        if (c == '{') {
            jm_rw_copy(w, text, run, i);
            size_t j = i + 1;
            while (j < b && text[j] == ' ') j++;
            int is_bold = pending_bold;
            size_t end = j;
            if (j < b && text[j] == '\\') {
                size_t k = j + 1;
                while (k < b && is_alpha((unsigned char)text[k])) k++;
                if (is_bold_cmd(text + j + 1, k - j - 1)) {
                    is_bold = 1;
                    while (k < b && text[k] == ' ') k++;
                    end = k;
                }
            }
            if (depth < sizeof bold) bold[depth] = (unsigned char)is_bold;
            depth++;
            pending_bold = 0;
            jm_rw_replace(w, i, is_bold ? end : i + 1, is_bold ? "**" : "", is_bold ? 2 : 0);
            i = run = is_bold ? end : i + 1;
            continue;
        }
        if (c == '}') {
            jm_rw_copy(w, text, run, i);
            int was_bold = depth && depth <= sizeof bold && bold[depth - 1];
            if (depth) depth--;
            jm_rw_replace(w, i, i + 1, was_bold ? "**" : "", was_bold ? 2 : 0);
            i = run = i + 1;
            continue;
        }
        if (c == '\\') {
            jm_rw_copy(w, text, run, i);
            size_t k = i + 1;
            if (k < b && !is_alpha((unsigned char)text[k])) {
                /* "\ " is a space, "\&" a '&', "\\" a line break */
                char o = text[k] == '\\' ? ' ' : text[k];
                jm_rw_replace(w, i, k + 1, &o, 1);
                i = run = k + 1;
                continue;
            }
            while (k < b && is_alpha((unsigned char)text[k])) k++;
            const char *rep = "";
            for (size_t t = 0; t < JM_ARRAY_LEN(latex_chars); t++)
                if (strlen(latex_chars[t].cmd) == k - i - 1 &&
                    !memcmp(latex_chars[t].cmd, text + i + 1, k - i - 1))
                    rep = latex_chars[t].text;
            if (is_bold_cmd(text + i + 1, k - i - 1)) pending_bold = 1;
            jm_rw_replace(w, i, k, rep, strlen(rep));
            i = run = k;
            continue;
        }
        i++;
    }
    jm_rw_copy(w, text, run, b);
    jm_rw_replace(w, b, b + 1, "", 0);
}

/* The end of a LaTeX math span starting at '$' text[i] on its line, or 0
 * when it is not one: it must close on the same line and hold a backslash
 * command or a brace (so "$18-20/hour" stays money). */
static size_t latex_span(const char *text, size_t len, size_t i)
{
    int cmd = 0;
    for (size_t j = i + 1; j < len && j < i + 1000; j++) {
        char c = text[j];
        if (c == '\n') return 0;
        if (c == '\\' || c == '{') cmd = 1;
        if (c == '$') return cmd ? j + 1 : 0;
    }
    return 0;
}

/* Does stage C have anything to do in s: "$\\" or "${" (LaTeX), "-\n" (a
 * hyphenated line break)? */
static int has_latex_or_hyphen(const char *s, size_t n)
{
    for (const char *p = s; n > 1 && (p = memchr(p, '$', (size_t)(s + n - 1 - p))); p++)
        if (p[1] == '\\' || p[1] == '{') return 1;
    for (const char *p = s + 1; n > 1 && (p = memchr(p, '\n', (size_t)(s + n - p))); p++)
        if (p[-1] == '-') return 1;
    return 0;
}

/* Stage C: LaTeX math spans and words hyphenated across a line break. */
static void fix_latex_and_hyphens(jm_rewriter *w, const char *text, size_t len)
{
    size_t i = 0, run = 0;
    while (i < len) {
        char c = text[i];
        if (c == '$') {
            size_t end = latex_span(text, len, i);
            if (end) {
                jm_rw_copy(w, text, run, i);
                rewrite_latex(w, text, i, end);
                i = run = end;
                continue;
            }
        } else if (c == '-' && i > 0 && i + 1 < len && text[i + 1] == '\n' &&
                   text[i - 1] >= 'a' && text[i - 1] <= 'z') {
            /* "experi-\n  ence": join when a lowercase letter goes on */
            size_t j = i + 2;
            while (j < len && (text[j] == ' ' || text[j] == '\t')) j++;
            if (j < len && text[j] >= 'a' && text[j] <= 'z') {
                jm_rw_copy(w, text, run, i);
                jm_rw_replace(w, i, j, "", 0);
                i = run = j;
                continue;
            }
        }
        i++;
    }
    jm_rw_copy(w, text, run, len);
}

/* ---------------------------------------------------------------------- */
/* Pass 1 driver                                                           */
/* ---------------------------------------------------------------------- */

/* Runs one stage over cur (text + map) into a fresh rewriter; cur becomes
 * its result. */
typedef void (*stage_fn)(jm_rewriter *w, const char *text, size_t len);

static int run_stage(jm_rewriter *cur, size_t limit, stage_fn fn)
{
    jm_rewriter next = {0};
    next.in = cur->map.a;
    next.in_n = cur->map.n;
    next.limit = limit;
    fn(&next, cur->out.data ? cur->out.data : "", cur->out.len);
    jm_rw_free(cur);
    *cur = next;
    return next.oom ? JM_ENOMEM : JM_OK;
}

int jm_clean_decode(const char *raw, size_t len, jm_rewriter *w)
{
    const unsigned char *s = (const unsigned char *)raw;
    size_t limit = w->limit ? w->limit : len;
    int file = w->in_n == 0;
    jm_rewriter cur = {0};
    int rc = JM_OK;

    cur.in = w->in;
    cur.in_n = w->in_n;
    cur.limit = limit;
    if ((file && len >= 2 && ((s[0] == 0xFF && s[1] == 0xFE) ||
                              (s[0] == 0xFE && s[1] == 0xFF))) ||
        needs_decode(s, len))
        decode_bytes(&cur, raw, len, file);
    else
        jm_rw_copy(&cur, raw, 0, len);
    if (cur.oom) rc = JM_ENOMEM;
    /* a second round catches text that was read wrongly twice */
    for (int round = 0; !rc && round < 2 &&
         has_high_bytes(cur.out.data ? cur.out.data : "", cur.out.len); round++) {
        size_t before = cur.out.len;
        rc = run_stage(&cur, limit, repair_mojibake);
        if (cur.out.len == before) break;
    }
    if (!rc && has_latex_or_hyphen(cur.out.data ? cur.out.data : "", cur.out.len))
        rc = run_stage(&cur, limit, fix_latex_and_hyphens);
    if (rc) {
        jm_rw_free(&cur);
        return rc;
    }
    if (jm_buf_reserve(&cur.out, 0)) {         /* NUL-terminated even when empty */
        jm_rw_free(&cur);
        return JM_ENOMEM;
    }
    jm_rw_free(w);
    *w = cur;
    return JM_OK;
}

/* ---------------------------------------------------------------------- */
/* Pass 2: Markdown markup                                                 */
/* ---------------------------------------------------------------------- */

void jm_clean_markup(jm_rewriter *w, const char *text, size_t a, size_t b)
{
    size_t i = a, run = a;
    int line_start = 1;
    while (i < b) {
        /* only line starts, '*', '_' and line breaks have work */
        if (!line_start && (i = scan_any3(text, i, b, '*', '_', '\n')) >= b) break;
        char c = text[i];
        if (line_start) {
            size_t j = i;
            while (j < b && (text[j] == ' ' || text[j] == '\t')) j++;
            size_t h = j;
            while (h < b && text[h] == '#') h++;
            if (h > j && (h == b || text[h] == ' ' || text[h] == '\n')) {
                while (h < b && text[h] == ' ') h++;
                jm_rw_copy(w, text, run, i);
                jm_rw_replace(w, i, h, "", 0);
                i = run = h;
            }
            line_start = 0;
            continue;
        }
        if ((c == '*' || c == '_') && i + 1 < b && text[i + 1] == c) {
            size_t j = i;
            while (j < b && text[j] == c) j++;
            jm_rw_copy(w, text, run, i);
            jm_rw_replace(w, i, j, "", 0);
            i = run = j;
            continue;
        }
        if (c == '*' && ((i > a && is_alpha((unsigned char)text[i - 1])) ||
                         (i + 1 < b && is_alpha((unsigned char)text[i + 1])))) {
            /* *italic*: the marker goes, a "* " bullet stays */
            jm_rw_copy(w, text, run, i);
            jm_rw_replace(w, i, i + 1, "", 0);
            i = run = i + 1;
            continue;
        }
        if (c == '\n') line_start = 1;
        i++;
    }
    jm_rw_copy(w, text, run, b);
}

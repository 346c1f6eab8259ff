/* This file contains the job seeker's commands: `jobmatch score` (score,
 * coverage and the explanation), `jobmatch gaps` (missing keywords by score
 * gain) and `jobmatch keywords` (what a posting asks for). */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

#define SCHEMA_VERSION 1

static const char score_usage[] =
    "usage: jobmatch score [--json] [--top N] [--weights SPEC] [--model FILE] CV POSTING\n"
    "Scores a CV against a posting: score (cosine of section-weighted TF-IDF\n"
    "vectors, 0..1), coverage (share of the posting's keyword weight the CV\n"
    "has), the CV's sections by contribution, the top matched terms and gaps.\n";

static const char gaps_usage[] =
    "usage: jobmatch gaps [--json] [--top N] [--weights SPEC] [--model FILE] CV POSTING\n"
    "Lists the posting's terms the CV lacks, by the exact score gain of adding\n"
    "each once to the CV section where it belongs.\n";

static const char keywords_usage[] =
    "usage: jobmatch keywords [--json] [--top N] [--model FILE] POSTING\n"
    "Lists what a posting asks for, by weight: ln(1 + weighted count) x idf,\n"
    "times how much the term names a skill (the skills model).\n";

static const char coverage_definition[] =
    "sum of ln(1+tf)*idf over the posting's terms found in the CV, divided by "
    "the same sum over all of the posting's terms";

/* Colours, used only when stdout is a terminal. */
typedef struct {
    const char *bold, *dim, *green, *yellow, *off;
} palette;

static palette colours(int on)
{
    palette p = { "", "", "", "", "" };
    if (on) {
        p.bold = "\033[1m";
        p.dim = "\033[2m";
        p.green = "\033[32m";
        p.yellow = "\033[33m";
        p.off = "\033[0m";
    }
    return p;
}

static void json_gap(const jm_keyword *k)
{
    fputs("{\"term\":", stdout);
    json_cstr(stdout, k->term);
    fputs(",\"display\":", stdout);
    json_cstr(stdout, k->display);
    fputs(",\"gain\":", stdout);
    json_num(stdout, k->gain);
    fputs(",\"section\":", stdout);
    json_cstr(stdout, jm_section_kind_name(k->section));
    fputs(",\"posting_section\":", stdout);
    json_cstr(stdout, jm_section_kind_name(k->posting_section));
    fputs(",\"idf\":", stdout);
    json_num(stdout, k->idf);
    fputs(",\"posting_tf\":", stdout);
    json_num(stdout, k->posting_tf);
    fputs(",\"weight\":", stdout);
    json_num(stdout, k->weight);
    putchar('}');
}

static void json_term(const jm_term_score *t, int with_section)
{
    fputs("{\"term\":", stdout);
    json_cstr(stdout, t->term);
    fputs(",\"display\":", stdout);
    json_cstr(stdout, t->display);
    fputs(",\"idf\":", stdout);
    json_num(stdout, t->idf);
    fputs(",\"cv_tf\":", stdout);
    json_num(stdout, t->cv_tf);
    if (with_section) {
        fputs(",\"section_tf\":", stdout);
        json_num(stdout, t->section_tf);
    }
    fputs(",\"posting_tf\":", stdout);
    json_num(stdout, t->posting_tf);
    fputs(",\"contribution\":", stdout);
    json_num(stdout, t->contribution);
    if (!with_section) {     /* the matched list: with its role term's part */
        fputs(",\"role_idf\":", stdout);
        json_num(stdout, t->role_idf);
        fputs(",\"role_cv_tf\":", stdout);
        json_num(stdout, t->role_cv_tf);
        fputs(",\"role_posting_tf\":", stdout);
        json_num(stdout, t->role_posting_tf);
        fputs(",\"role_contribution\":", stdout);
        json_num(stdout, t->role_contribution);
        fputs(",\"section\":", stdout);
        json_cstr(stdout, jm_section_kind_name(t->section));
    }
    printf(",\"start\":%zu,\"end\":%zu}", t->start, t->end);
}

static size_t limit(const cli_opts *o, size_t n, size_t dflt)
{
    size_t top = o->top > 0 ? (size_t)o->top : dflt;
    return n < top ? n : top;
}

static void print_score_json(const cli_pair *in, const jm_match *m)
{
    printf("{\"schema_version\":%d,\"score\":", SCHEMA_VERSION);
    json_num(stdout, m->score);
    fputs(",\"coverage\":", stdout);
    json_num(stdout, m->coverage);
    fputs(",\"coverage_definition\":", stdout);
    json_cstr(stdout, coverage_definition);
    fputs(",\"cv_norm\":", stdout);
    json_num(stdout, m->cv_norm);
    fputs(",\"posting_norm\":", stdout);
    json_num(stdout, m->posting_norm);
    fputs(",\"cosine\":", stdout);
    json_num(stdout, m->cosine);
    fputs(",\"occupation\":{\"match\":", stdout);
    json_num(stdout, m->occupation);
    fputs(",\"weight\":", stdout);
    json_num(stdout, m->occupation_weight);
    fputs(",\"contribution\":", stdout);
    json_num(stdout, m->occupation_contribution);
    fputs(",\"shared\":[", stdout);
    for (size_t i = 0; i < m->n_occupations; i++) {
        const jm_occupation_score *o = &m->occupations[i];
        fputs(i ? ",\n  {\"code\":" : "\n  {\"code\":", stdout);
        json_cstr(stdout, o->code);
        fputs(",\"title\":", stdout);
        json_cstr(stdout, o->title);
        fputs(",\"cv_weight\":", stdout);
        json_num(stdout, o->cv_weight);
        fputs(",\"posting_weight\":", stdout);
        json_num(stdout, o->posting_weight);
        fputs(",\"contribution\":", stdout);
        json_num(stdout, o->contribution);
        fputs("}", stdout);
    }
    fputs("]},\"posting\":{\"id\":", stdout);
    json_cstr(stdout, jm_doc_id(in->posting));
    fputs(",\"title\":", stdout);
    json_cstr(stdout, jm_doc_title(in->posting));
    fputs(",\"company\":", stdout);
    json_cstr(stdout, jm_doc_company(in->posting));
    fputs("},\n\"sections\":[", stdout);
    for (size_t i = 0; i < m->n_sections; i++) {
        const jm_section_score *s = &m->sections[i];
        fputs(i ? ",\n {\"kind\":" : "\n {\"kind\":", stdout);
        json_cstr(stdout, jm_section_kind_name(s->kind));
        fputs(",\"heading\":", stdout);
        if (s->heading) json_str(stdout, s->heading, s->heading_len);
        else fputs("null", stdout);
        fputs(",\"weight\":", stdout);
        json_num(stdout, s->weight);
        fputs(",\"contribution\":", stdout);
        json_num(stdout, s->contribution);
        fputs(",\"terms\":[", stdout);
        for (size_t k = 0; k < s->n_terms; k++) {
            fputs(k ? ",\n   " : "\n   ", stdout);
            json_term(&s->terms[k], 1);
        }
        fputs("]}", stdout);
    }
    fputs("],\n\"matched\":[", stdout);
    for (size_t i = 0; i < limit(&in->o, m->n_matched, m->n_matched); i++) {
        fputs(i ? ",\n " : "\n ", stdout);
        json_term(&m->matched[i], 0);
    }
    fputs("],\n\"missing\":[", stdout);
    for (size_t i = 0; i < limit(&in->o, m->n_missing, m->n_missing); i++) {
        fputs(i ? ",\n " : "\n ", stdout);
        json_gap(&m->missing[i]);
    }
    size_t nr;
    const jm_repair *r = jm_doc_repairs(in->cv, &nr);
    fputs("],\n\"cv_repairs\":[", stdout);
    for (size_t i = 0; i < nr; i++) {
        fputs(i ? ",\n {\"kind\":" : "\n {\"kind\":", stdout);
        json_cstr(stdout, jm_repair_kind_name(r[i].kind));
        printf(",\"start\":%zu,\"end\":%zu,\"read_as\":", r[i].start, r[i].end);
        json_cstr(stdout, r[i].read_as);
        fputs("}", stdout);
    }
    fputs("]}\n", stdout);
}

/* Prints text[0..len) in a column of width characters, cut at a character
 * boundary (with an ellipsis when cut) and padded with spaces; widths count
 * UTF-8 characters, not bytes. A heading (markup set) loses its Markdown
 * emphasis markers; a term keeps every byte (C#). */
static void print_cell(const char *text, size_t len, int width, int markup)
{
    int shown = 0;
    size_t i = 0;
    while (text && i < len && shown < width) {
        unsigned char c = (unsigned char)text[i];
        if (c == '\n' || c == '\r' || (markup && (c == '*' || c == '_' || c == '#'))) {
            i++;
            continue;
        }
        size_t n = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
        if (i + n > len) break;
        if (shown == width - 1 && i + n < len) {   /* room for the ellipsis only */
            fputs("\xe2\x80\xa6", stdout);
            shown++;
            break;
        }
        fwrite(text + i, 1, n, stdout);
        i += n;
        shown++;
    }
    for (; shown < width; shown++) putchar(' ');
}

/* A bar of up to width cells for share in [0, 1]. */
static void bar(double share, int width)
{
    int n = (int)(share * width + 0.5);
    for (int i = 0; i < n && i < width; i++) fputs("#", stdout);
}

/* The CV's repairs (jm_doc_repairs), when there are some: how many of
 * each kind, and a few, one of each kind first. The CV's owner learns
 * that the file reads wrongly, to applicant tracking systems too. */
static void print_repairs(const cli_pair *in, palette c)
{
    enum { SHOWN = 5 };
    size_t n, count[3] = { 0 }, pick[SHOWN], np = 0;
    const jm_repair *r = jm_doc_repairs(in->cv, &n);
    static const char *const what[3] = { "glued words split", "letter-spaced words joined",
                                         "lost ligatures put back" };
    if (!n) return;
    for (size_t i = 0; i < n; i++) count[r[i].kind]++;
    for (int k = 0; k < 3; k++)              /* the first of each kind */
        for (size_t i = 0; i < n; i++)
            if ((int)r[i].kind == k) { pick[np++] = i; break; }
    for (size_t i = 0; i < n && np < SHOWN; i++) {
        int seen = 0;
        for (size_t j = 0; j < np; j++) seen |= pick[j] == i;
        if (!seen) pick[np++] = i;
    }
    for (size_t i = 1; i < np; i++)          /* in text order */
        for (size_t j = i; j > 0 && pick[j] < pick[j - 1]; j--) {
            size_t t = pick[j]; pick[j] = pick[j - 1]; pick[j - 1] = t;
        }
    printf("\n%sCV text mended before scoring%s (a PDF export's damage; other software "
           "reads it as written)\n ", c.bold, c.off);
    for (int k = 0, first = 1; k < 3; k++)
        if (count[k]) {
            printf("%s %zu %s", first ? "" : ",", count[k], what[k]);
            first = 0;
        }
    putchar('\n');
    for (size_t i = 0; i < np; i++) {
        const jm_repair *x = &r[pick[i]];
        size_t len = x->end - x->start;
        /* the words as written, when they are plain text (not UTF-16) */
        int plain = x->end <= in->cv_len && len <= 64 &&
                    !memchr(in->cv_buf + x->start, '\0', len);
        printf("  line %-5zu ", cli_line_of(in->cv_buf, in->cv_len, x->start));
        if (plain) {
            printf("\"%.*s\"", (int)len, in->cv_buf + x->start);
            printf("%*s", len < 28 ? (int)(28 - len) : 1, "");
        }
        printf("read as \"%s\"\n", x->read_as);
    }
    if (n > np) printf("  ... (--json lists all %zu)\n", n);
}

static void print_score_text(const cli_pair *in, const jm_match *m)
{
    palette c = colours(in->o.color);
    const char *title = jm_doc_title(in->posting);
    const char *company = jm_doc_company(in->posting);

    printf("%sScore %.3f%s   coverage %s%.0f%%%s", c.bold, m->score, c.off,
           c.bold, m->coverage * 100, c.off);
    if (title) printf("   %s%s%s%s", title, company ? " at " : "",
                      company ? company : "", "");
    printf("\n%s(cosine of section-weighted TF-IDF vectors", c.dim);
    if (m->occupation_weight > 0)
        printf(" %.3f, with the occupation match %.3f weighing %g", m->cosine,
               m->occupation, m->occupation_weight);
    printf("; coverage: share of the posting's keyword weight the CV has)%s\n", c.off);

    printf("\n%sCV sections by contribution%s\n", c.bold, c.off);
    size_t order[256];
    size_t n = cli_sections_by_contribution(m, order, 256);
    for (size_t i = 0; i < n; i++) {
        const jm_section_score *s = &m->sections[order[i]];
        printf("  %-13s ", jm_section_kind_name(s->kind));
        print_cell(s->heading, s->heading_len, 34, 1);
        printf(" %.3f  ", s->contribution);
        bar(m->score > 0 ? s->contribution / m->score : 0, 20);
        putchar('\n');
    }
    if (!n) printf("  (no section shares a term with the posting)\n");
    if (m->occupation_weight > 0) {
        const char *what = cli_occupation_name(m);
        printf("  %-13s ", "occupation");
        print_cell(what, strlen(what), 34, 0);
        printf(" %.3f  ", m->occupation_contribution);
        bar(m->score > 0 ? m->occupation_contribution / m->score : 0, 20);
        putchar('\n');
    }

    printf("\n%sTop matched terms%s            contribution  found in the CV\n",
           c.bold, c.off);
    /* a term whose words the list has shown is skipped (cli.h); without
     * memory for the list, every term is shown */
    size_t top = limit(&in->o, m->n_matched, 10), n_shown = 0;
    const char **shown = top ? malloc(top * sizeof *shown) : NULL;
    for (size_t i = 0; i < m->n_matched && n_shown < top; i++) {
        const jm_term_score *t = &m->matched[i];
        if (shown && cli_term_repeats(shown, n_shown, t->display)) continue;
        if (shown) shown[n_shown] = t->display;
        n_shown++;
        printf("  %s", c.green);
        /* A role term is the word again, as a title: alone (its word did
         * not match) or within its word's entry. */
        if (t->term[0] == '^' || t->role_contribution > 0) {
            char role[160];
            snprintf(role, sizeof role, "%s (%stitle)", t->display,
                     t->role_contribution > 0 ? "+ " : "");
            print_cell(role, strlen(role), 26, 0);
        } else {
            print_cell(t->display, strlen(t->display), 26, 0);
        }
        printf("%s %.4f        %s, line %zu\n", c.off, t->contribution,
               jm_section_kind_name(t->section),
               cli_line_of(in->cv_buf, in->cv_len, t->start));
    }
    free(shown);
    if (!m->n_matched) printf("  (none)\n");

    printf("\n%sTop gaps%s (add these)         gain      posting section -> CV section\n",
           c.bold, c.off);
    for (size_t i = 0; i < limit(&in->o, m->n_missing, 10); i++) {
        const jm_keyword *k = &m->missing[i];
        printf("  %s", c.yellow);
        print_cell(k->display, strlen(k->display), 26, 0);
        printf("%s +%.4f   %s -> %s\n", c.off, k->gain,
               jm_section_kind_name(k->posting_section),
               jm_section_kind_name(k->section));
    }
    if (!m->n_missing) printf("  (none)\n");
    print_repairs(in, c);
}

static void print_score(const cli_pair *in, const jm_match *m)
{
    if (in->o.json) print_score_json(in, m);
    else print_score_text(in, m);
}

static void print_gaps(const cli_pair *in, const jm_match *m)
{
    size_t n = limit(&in->o, m->n_missing, m->n_missing);
    if (in->o.json) {
        fputs("{\"gaps\":[", stdout);
        for (size_t i = 0; i < n; i++) {
            fputs(i ? ",\n " : "\n ", stdout);
            json_gap(&m->missing[i]);
        }
        fputs(n ? "\n]}\n" : "]}\n", stdout);
        return;
    }
    printf("%-30s %-10s %-17s %s\n", "missing term", "gain", "posting section",
           "add to CV section");
    for (size_t i = 0; i < n; i++) {
        const jm_keyword *k = &m->missing[i];
        print_cell(k->display, strlen(k->display), 30, 0);
        printf(" +%.5f  %-17s %s\n", k->gain,
               jm_section_kind_name(k->posting_section),
               jm_section_kind_name(k->section));
    }
}

/* The body of score and gaps: read CV and POSTING, score, print. */
static int run_match(int argc, char **argv, const char *usage,
                     void (*print)(const cli_pair *, const jm_match *))
{
    cli_pair in;
    jm_match *m = NULL;
    int st = cli_load_pair(argc, argv, 0, usage, &in);
    if (st < 0) {
        if (jm_score(in.e, in.cv, in.posting, &m)) {
            st = cli_error(EXIT_FAIL, "%s", jm_errmsg(in.e));
        } else {
            print(&in, m);
            st = EXIT_OK;
        }
    }
    jm_match_free(m);
    cli_pair_free(&in);
    return cli_finish(st);
}

int cmd_score(int argc, char **argv)
{
    return run_match(argc, argv, score_usage, print_score);
}

int cmd_gaps(int argc, char **argv)
{
    return run_match(argc, argv, gaps_usage, print_gaps);
}

int cmd_keywords(int argc, char **argv)
{
    cli_opts o;
    int st = cli_parse(argc, argv, 0, keywords_usage, &o);
    if (st >= 0) return st;
    if (o.nargs != 1) {
        free(o.args);
        return cli_error(EXIT_USAGE, "keywords takes one POSTING (see --help)");
    }
    jm_engine *e = cli_engine(&o);
    jm_doc *d = e ? cli_read_doc(e, JM_DOC_POSTING, o.args[0]) : NULL;
    jm_keyword *k = NULL;
    size_t n = 0;
    st = EXIT_FAIL;
    if (d && jm_keywords(e, d, &k, &n))
        cli_error(EXIT_FAIL, "%s", jm_errmsg(e));
    else if (d) {
        size_t shown = limit(&o, n, o.json ? n : 30);
        if (o.json) {
            fputs("{\"keywords\":[", stdout);
            for (size_t i = 0; i < shown; i++) {
                fputs(i ? ",\n " : "\n ", stdout);
                fputs("{\"display\":", stdout);
                json_cstr(stdout, k[i].display);
                fputs(",\"term\":", stdout);
                json_cstr(stdout, k[i].term);
                fputs(",\"weight\":", stdout);
                json_num(stdout, k[i].weight);
                fputs(",\"section\":", stdout);
                json_cstr(stdout, jm_section_kind_name(k[i].posting_section));
                putchar('}');
            }
            fputs(shown ? "\n]}\n" : "]}\n", stdout);
        } else {
            printf("%-32s %-8s %s\n", "keyword", "weight", "section");
            for (size_t i = 0; i < shown; i++) {
                print_cell(k[i].display, strlen(k[i].display), 32, 0);
                printf(" %-8.3f %s\n", k[i].weight,
                       jm_section_kind_name(k[i].posting_section));
            }
        }
        st = EXIT_OK;
    }
    jm_keywords_free(k, n);
    jm_doc_free(d);
    jm_engine_free(e);
    free(o.args);
    return cli_finish(st);
}

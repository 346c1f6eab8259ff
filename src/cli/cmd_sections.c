/* This file contains `jobmatch sections`: how a CV or a posting was split
 * into sections (kind, heading as written, line, byte range), as an
 * aligned table or as JSON. */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

static const char usage[] =
    "usage: jobmatch sections [--json] [--posting] FILE|-\n"
    "Prints each section of a CV (or of a posting, with --posting): its kind,\n"
    "its heading as written, the line of the heading and its byte range in\n"
    "the file as read. --json: {\"sections\":[{\"kind\",\"heading\",\"line\",\n"
    "\"start\",\"end\"}]}.\n";

/* Prints a heading on one line: line breaks and tabs as spaces, at most
 * 60 bytes (cut at a character boundary, marked with "..."). */
static void print_heading(const char *h, size_t n)
{
    size_t max = 60, i;
    if (!h) { fputs("-", stdout); return; }
    for (i = 0; i < n && i < max; i++) {
        char c = h[i];
        putchar(c == '\n' || c == '\t' || c == '\r' ? ' ' : c);
    }
    if (i < n) {
        /* finish the UTF-8 character we are in */
        while (i < n && ((unsigned char)h[i] & 0xC0) == 0x80) putchar(h[i++]);
        if (i < n) fputs("...", stdout);
    }
}

int cmd_sections(int argc, char **argv)
{
    cli_opts o;
    int st = cli_parse(argc, argv, OPT_POSTING, usage, &o);
    if (st >= 0) {
        free(o.args);               /* NULL-safe; allocated before a usage error */
        return st;
    }
    if (o.nargs != 1) {
        free(o.args);
        return cli_error(EXIT_USAGE, "sections takes one FILE (see --help)");
    }
    jm_engine *e = cli_engine(&o);
    jm_doc *d = e ? cli_read_doc(e, o.posting ? JM_DOC_POSTING : JM_DOC_CV, o.args[0]) : NULL;
    st = EXIT_FAIL;
    if (d) {
        size_t n;
        const jm_section *s = jm_doc_sections(d, &n);
        if (o.json) {
            fputs("{\"sections\":[", stdout);
            for (size_t i = 0; i < n; i++) {
                fputs(i ? ",\n  " : "\n  ", stdout);
                fputs("{\"kind\":", stdout);
                json_cstr(stdout, jm_section_kind_name(s[i].kind));
                fputs(",\"heading\":", stdout);
                if (s[i].heading) json_str(stdout, s[i].heading, s[i].heading_len);
                else fputs("null", stdout);
                printf(",\"line\":%zu,\"start\":%zu,\"end\":%zu}", s[i].line,
                       s[i].start, s[i].end);
            }
            fputs(n ? "\n]}\n" : "]}\n", stdout);
        } else {
            printf("%-16s %6s %17s  %s\n", "kind", "line", "bytes", "heading");
            for (size_t i = 0; i < n; i++) {
                char range[48];
                snprintf(range, sizeof range, "%zu-%zu", s[i].start, s[i].end);
                printf("%-16s %6zu %17s  ", jm_section_kind_name(s[i].kind),
                       s[i].line, range);
                print_heading(s[i].heading, s[i].heading_len);
                putchar('\n');
            }
        }
        st = EXIT_OK;
    }
    jm_doc_free(d);
    jm_engine_free(e);
    free(o.args);
    return cli_finish(st);
}

/* Tests of the compiled occupation table (data/occupations.bin, embedded):
 * it is what `make model` makes from data/occupations.tsv with this
 * analyzer, it finds the very occupations that the table built from the
 * titles finds in real CVs and postings, and another analyzer, other
 * titles and damaged bytes are refused (the table is then built from the
 * titles) without a crash. */
#include "unit.h"
#include "base/common.h"
#include "base/embedded.h"
#include "score/engine.h"
#include "score/occupation.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

static size_t compiled_len(void)
{
    return (size_t)(jm_embedded_occtab_end - jm_embedded_occtab);
}

static size_t titles_len(void)
{
    return (size_t)(jm_embedded_occupations_end - jm_embedded_occupations);
}

/* The compiled table's bytes, 8-byte aligned, in memory of our own. */
static char *compiled_copy(void)
{
    char *c = NULL;
    if (posix_memalign((void **)&c, 16, compiled_len() + 16)) return NULL;
    memcpy(c, jm_embedded_occtab, compiled_len());
    return c;
}

/* Whether two vectors have the same keys with the same weights (to the
 * bit: the same finds add up in the same order). */
static int same_vector(const jm_occvec *a, const jm_occvec *b)
{
    if (a->n != b->n || a->norm != b->norm) return 0;
    for (size_t i = 0; i < a->n; i++)
        if (a->e[i].key != b->e[i].key || a->e[i].w != b->e[i].w) return 0;
    return 1;
}

/* Guards against a compiled table that `make model` did not refresh after
 * the analyzer, the lexicon, the stopwords or the titles changed: the
 * loaded table would then differ from the one the titles give. */
TEST(compiled_occupations_should_be_what_make_model_writes_now)
{
    char dir[64];
    jm_engine *e = unit_engine_no_model();
    if (!e || unit_mkdtemp(dir, sizeof dir, "occ")) return;
    const char *out = unit_path(dir, "occupations.bin");
    CHECK_INT(jm_occupations_write(e, out), JM_OK);
    size_t len;
    char *bytes = unit_read(out, &len);
    CHECK_MSG(bytes && len == compiled_len() && !memcmp(bytes, jm_embedded_occtab, len),
              "data/occupations.bin is stale (%zu bytes written, %zu embedded): run "
              "`make model`, then make, and commit data/occupations.bin", len,
              compiled_len());
    free(bytes);
    unit_rmtree(dir);
    jm_engine_free(e);
}

/* Adds the text of file path to the vectors of both tables; 1 when they
 * found the same. */
static int same_finds(jm_engine *loaded, const jm_occtab *lt, jm_engine *built,
                      const jm_occtab *bt, const char *text, size_t len)
{
    jm_occvec a = {0}, b = {0};
    int ok = !jm_occvec_add_text(loaded->an, lt, text, len, &a) &&
             !jm_occvec_add_text(built->an, bt, text, len, &b);
    jm_occvec_finish(&a);
    jm_occvec_finish(&b);
    ok = ok && same_vector(&a, &b);
    jm_occvec_free(&a);
    jm_occvec_free(&b);
    return ok;
}

/* Guards against a load that maps a word to the wrong term, or an index
 * that misses a title: on the 65 real CVs and 500 real postings (their
 * lines one by one, titles included), the compiled table and the table
 * built from the titles find the same occupations. */
TEST(compiled_occupations_should_find_what_the_titles_find_in_real_texts)
{
    UNIT_NEED_SHARED();
    jm_engine *loaded = unit_engine(NULL), *built = unit_engine(NULL);
    jm_occtab *lt = NULL, *bt = NULL;
    if (!loaded || !built) goto done;
    CHECK_INT(jm_occtab_load(loaded->an, jm_embedded_occtab, compiled_len(), titles_len(), &lt),
              JM_OK);
    CHECK_INT(jm_occtab_build(built->an, jm_embedded_occupations, titles_len(), &bt), JM_OK);
    if (!lt || !bt) goto done;
    char path[4096];
    size_t texts = 0, named = 0;
    snprintf(path, sizeof path, "%s/eval/cvs-vanetik", unit_shared());
    DIR *d = opendir(path);
    struct dirent *de;
    while (d && (de = readdir(d))) {
        if (!strstr(de->d_name, ".txt")) continue;
        snprintf(path, sizeof path, "%s/eval/cvs-vanetik/%s", unit_shared(), de->d_name);
        size_t len;
        char *text = unit_read(path, &len);
        if (!text) continue;
        CHECK_MSG(same_finds(loaded, lt, built, bt, text, len), "%s", path);
        jm_occvec v = {0};
        if (!jm_occvec_add_text(loaded->an, lt, text, len, &v) && v.n_keys) named++;
        jm_occvec_free(&v);
        texts++;
        free(text);
    }
    if (d) closedir(d);
    snprintf(path, sizeof path, "%s/corpora/postings/linkedin-sample.jsonl", unit_shared());
    size_t len;
    char *all = unit_read(path, &len);
    for (char *line = all, *nl; all && line < all + len; line = nl + 1) {
        if (!(nl = memchr(line, '\n', (size_t)(all + len - line)))) nl = all + len;
        CHECK_MSG(same_finds(loaded, lt, built, bt, line, (size_t)(nl - line)),
                  "%s, line at byte %zu", path, (size_t)(line - all));
        texts++;
    }
    free(all);
    CHECK_MSG(texts >= 565, "only %zu texts read", texts);
    CHECK_MSG(named >= 50, "occupations found in only %zu of the CVs", named);
done:
    jm_occtab_free(lt);
    jm_occtab_free(bt);
    jm_engine_free(loaded);
    jm_engine_free(built);
}

/* Guards against loading a table whose term strings another analyzer
 * would not give, or that was made from other titles. */
TEST(compiled_occupations_should_be_refused_by_another_analyzer_or_other_titles)
{
    char dir[64];
    if (unit_mkdtemp(dir, sizeof dir, "occ")) return;
    unit_put(dir, "stop.txt", "a\nan\nthe\nof\n");
    jm_options o = { .stopwords_path = unit_path(dir, "stop.txt"), .model_path = "none" };
    jm_engine *other = unit_engine(&o), *e = unit_engine(NULL);
    jm_occtab *t = NULL;
    if (other && e) {
        CHECK_INT(jm_occtab_load(other->an, jm_embedded_occtab, compiled_len(), titles_len(), &t),
                  JM_EMODEL);
        CHECK(!t);
        CHECK_INT(jm_occtab_load(e->an, jm_embedded_occtab, compiled_len(), titles_len() - 1, &t),
                  JM_EMODEL);
        /* the engine then builds from the titles, and still finds them */
        const jm_occtab *ot = jm_engine_occupations(other);
        jm_occvec v = {0};
        static const char text[] = "Senior Java Developer";
        CHECK(ot && !jm_occvec_add_text(other->an, ot, text, sizeof text - 1, &v) && v.n_keys);
        jm_occvec_free(&v);
    }
    jm_engine_free(other);
    jm_engine_free(e);
    unit_rmtree(dir);
}

/* Guards against a crash or an out-of-bounds read on damaged bytes: a
 * truncated or misaligned table is refused, and with 300 single bytes
 * changed (fixed seed) the load either refuses the table or gives one
 * whose lookups stay in bounds (the sanitizer build checks). */
TEST(compiled_occupations_should_refuse_or_survive_damaged_bytes)
{
    jm_engine *e = unit_engine_no_model();
    char *c = compiled_copy();
    jm_occtab *t = NULL;
    if (!e || !c) goto done;
    CHECK_INT(jm_occtab_load(e->an, c, compiled_len() - 8, titles_len(), &t), JM_EMODEL);
    CHECK_INT(jm_occtab_load(e->an, c, 100, titles_len(), &t), JM_EMODEL);
    memmove(c + 4, c, compiled_len());
    CHECK_INT(jm_occtab_load(e->an, c + 4, compiled_len(), titles_len(), &t), JM_EMODEL);
    memmove(c, c + 4, compiled_len());
    CHECK_INT(jm_occtab_load(e->an, c, compiled_len(), titles_len(), &t), JM_OK);
    jm_occtab_free(t);
    t = NULL;
    static const char text[] = "Lead software engineer, registered nurse and "
                               "financial analyst; data scientist. Java developer";
    unsigned long seed = 17;
    size_t refused = 0;
    for (int i = 0; i < 300; i++) {
        seed = seed * 6364136223846793005UL + 1442695040888963407UL;
        /* half of the changes in the first 4 KB: the header and the
         * start of the index, where the counts and offsets are */
        size_t at = (size_t)(seed >> 33) % (i % 2 ? compiled_len() : 4096);
        char was = c[at];
        c[at] = (char)(was ^ (char)(1 + (seed >> 20) % 255));
        int rc = jm_occtab_load(e->an, c, compiled_len(), titles_len(), &t);
        CHECK(rc == JM_OK || rc == JM_EMODEL);
        if (rc == JM_OK) {
            jm_occvec v = {0};
            CHECK(!jm_occvec_add_text(e->an, t, text, sizeof text - 1, &v));
            jm_occvec_finish(&v);
            jm_occvec_free(&v);
            jm_occtab_free(t);
            t = NULL;
        } else {
            refused++;
        }
        c[at] = was;
    }
    CHECK_MSG(refused > 0, "no damaged table refused");
done:
    free(c);
    jm_engine_free(e);
}

/* Guards against a leak or a half-made table when an allocation fails:
 * each allocation of loading the compiled table and of writing a table
 * (tests/data/occupations.tsv) fails in turn, alone and with every one
 * after it; the call gives JM_ENOMEM and frees what it made (LeakSanitizer
 * in make test SANITIZE=1), or, when the failure was absorbed, the very
 * table (the same finds, the same bytes). */
TEST(compiled_occupations_should_fail_cleanly_at_every_allocation)
{
    char dir[64];
    if (unit_mkdtemp(dir, sizeof dir, "occ")) return;
    static const char text[] = "Senior Java Developer and registered nurse";
    jm_options o = { .model_path = "none", .occupations_path = "tests/data/occupations.tsv" };
    jm_engine *ref = unit_engine(&o);
    jm_occtab *rt = NULL;
    jm_occvec want = {0};
    size_t want_len = 0;
    char *want_bytes = NULL;
    if (!ref) goto done;
    jm_options d = { .model_path = "none" };
    jm_engine *de = unit_engine(&d);
    if (!de) goto done;
    CHECK_INT(jm_occtab_load(de->an, jm_embedded_occtab, compiled_len(), titles_len(), &rt), JM_OK);
    CHECK(rt && !jm_occvec_add_text(de->an, rt, text, sizeof text - 1, &want));
    jm_occvec_finish(&want);
    jm_occtab_free(rt);
    jm_engine_free(de);
    CHECK_INT(jm_occupations_write(ref, unit_path(dir, "want.bin")), JM_OK);
    want_bytes = unit_read(unit_path(dir, "want.bin"), &want_len);
    for (int mode = 0; mode < 2; mode++) {
        long n;
        for (n = 0; n < 100000; n++) {
            jm_engine *e = unit_engine(&d), *w = unit_engine(&o);
            jm_occtab *t = NULL;
            if (!e || !w) { jm_engine_free(e); jm_engine_free(w); break; }
            if (mode) jm_alloc_fail_after(n);
            else jm_alloc_fail_at(n);
            int rc = jm_occtab_load(e->an, jm_embedded_occtab, compiled_len(), titles_len(), &t);
            int wrc = jm_occupations_write(w, unit_path(dir, "got.bin"));
            long refused = jm_alloc_failures();
            jm_alloc_fail_at(-1);
            CHECK_MSG(rc == JM_OK || (rc == JM_ENOMEM && !t), "load, allocation %ld: %d", n, rc);
            if (rc == JM_OK) {
                jm_occvec v = {0};
                CHECK(!jm_occvec_add_text(e->an, t, text, sizeof text - 1, &v));
                jm_occvec_finish(&v);
                CHECK_MSG(same_vector(&v, &want), "load, allocation %ld: other finds", n);
                jm_occvec_free(&v);
            }
            CHECK_MSG(wrc == JM_OK || (wrc == JM_ENOMEM && strstr(jm_errmsg(w), "out of memory")),
                      "write, allocation %ld: %d %s", n, wrc, jm_errmsg(w));
            if (wrc == JM_OK) {
                size_t len;
                char *got = unit_read(unit_path(dir, "got.bin"), &len);
                CHECK_MSG(got && want_bytes && len == want_len && !memcmp(got, want_bytes, len),
                          "write, allocation %ld: other bytes", n);
                free(got);
            }
            jm_occtab_free(t);
            jm_engine_free(e);
            jm_engine_free(w);
            if (!refused) break;
        }
        CHECK(n > 3 && n < 100000);
    }
done:
    free(want_bytes);
    jm_occvec_free(&want);
    jm_engine_free(ref);
    unit_rmtree(dir);
}

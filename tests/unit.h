/* This file is the unit test harness: TEST(name) defines a test that
 * registers itself, CHECK* record failures and go on. Tests are named as
 * sentences (analyzer_should_keep_cplusplus_whole) and, where they are
 * tables, each row says which bug it guards against. */
#ifndef JM_UNIT_H
#define JM_UNIT_H

#include <stdio.h>
#include <string.h>

#include "jobmatch.h"

typedef void (*unit_fn)(void);
void unit_register(const char *name, const char *file, unit_fn fn);
void unit_fail(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Path of ../shared (from $SHARED), or NULL when absent: a test that needs
 * it calls UNIT_NEED_SHARED() first, which skips with a message. */
const char *unit_shared(void);
void unit_skip(const char *why);
/* An engine made from opts (NULL: every default); on failure the test
 * fails with the engine's message and NULL is returned. */
jm_engine *unit_engine(const jm_options *opts);

/* An engine without a background model (counting, reading). */
jm_engine *unit_engine_no_model(void);

/* Reads a whole file (NUL-terminated) or returns NULL; free with free(). */
char *unit_read(const char *path, size_t *len);

/* Scratch folders for a test's files: unit_mkdtemp makes
 * /tmp/jm-TAG-XXXXXX in dir (size bytes; -1 and a failure when it cannot),
 * unit_path gives dir/name (a static buffer, valid for the next 31 calls),
 * unit_put writes text to dir/name, unit_rmtree removes the folder. */
int unit_mkdtemp(char *dir, size_t size, const char *tag);
const char *unit_path(const char *dir, const char *name);
void unit_put(const char *dir, const char *name, const char *text);
void unit_rmtree(const char *dir);

#define TEST(name)                                                        \
    static void name(void);                                               \
    __attribute__((constructor)) static void name##_register(void)        \
    { unit_register(#name, __FILE__, name); }                             \
    static void name(void)

#define CHECK(cond)                                                       \
    do { if (!(cond)) unit_fail(__FILE__, __LINE__, "%s", #cond); } while (0)
#define CHECK_MSG(cond, ...)                                              \
    do { if (!(cond)) unit_fail(__FILE__, __LINE__, __VA_ARGS__); } while (0)
#define CHECK_INT(a, b)                                                   \
    do { long long a_ = (long long)(a), b_ = (long long)(b);              \
         if (a_ != b_) unit_fail(__FILE__, __LINE__, "%s == %lld, expected %lld", \
                                 #a, a_, b_); } while (0)
#define CHECK_STR(a, b)                                                   \
    do { const char *a_ = (a), *b_ = (b);                                 \
         if (!a_ || !b_ || strcmp(a_, b_))                                \
             unit_fail(__FILE__, __LINE__, "%s == \"%s\", expected \"%s\"", \
                       #a, a_ ? a_ : "(null)", b_ ? b_ : "(null)"); } while (0)
#define CHECK_NEAR(a, b, eps)                                             \
    do { double a_ = (a), b_ = (b);                                       \
         if (!(a_ - b_ <= (eps) && b_ - a_ <= (eps)))                     \
             unit_fail(__FILE__, __LINE__, "%s == %.17g, expected %.17g", \
                       #a, a_, b_); } while (0)

#define UNIT_NEED_SHARED()                                                \
    do { if (!unit_shared()) { unit_skip("../shared is absent"); return; } } while (0)

#endif

# jobmatch -- build, test, bench, install.
#
#   make            build ./jobmatch, the static and the shared library
#   make demo       build, then run the main job on data/examples
#   make test       build, then run every test (one closing "N passed, N failed")
#   make bench      speed and quality benchmarks (needs ../shared)
#   make deps       install the Debian packages the build needs
#   make doc-deps   install the man page linters (groff, mandoc) make test uses
#   make install    PREFIX=/usr/local DESTDIR=
#   make fuzz       libFuzzer targets, FUZZ_SECONDS each (clang; see fuzz/)
#   make python     the Python package (python/) into build/python
#   make screenshots  the report's pictures in doc/ (headless Chromium)
#
# Variables: SANITIZE=1 (ASan+UBSan, own build folder), VALGRIND=1 (tests
# under valgrind), WERROR=1 (warnings are errors; CI sets it).

PREFIX  ?= /usr/local
DESTDIR ?=
CC      ?= cc
SHARED  ?= ../shared

DEB_PACKAGES := libcjson-dev libstemmer-dev uthash-dev pkg-config
# The manual pages (hand-written roff, installed as they are) and the
# linters that tests/cli/man-pages.sh runs on them.
MAN1 := doc/jobmatch.1
MAN3 := doc/libjobmatch.3
DOC_PACKAGES := groff-base mandoc

WARN := -Wall -Wextra -Wshadow -Wconversion -Wstrict-prototypes \
        -Wmissing-prototypes -Wwrite-strings -Wno-sign-conversion
ifeq ($(WERROR),1)
WARN += -Werror
endif

ifeq ($(SANITIZE),1)
VARIANT := san
OPT     := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer \
           -fno-sanitize-recover=undefined
LDSAN   := -fsanitize=address,undefined
else
VARIANT := rel
OPT     := -O2 -g
LDSAN   :=
endif

B        := build/$(VARIANT)
CPPFLAGS += -Iinclude -Isrc -D_POSIX_C_SOURCE=200809L -DHASH_NONFATAL_OOM=1
CFLAGS   += -std=c11 $(OPT) $(WARN) -fPIC -pthread
# libcjson ships a .pc file; libstemmer and uthash do not (plain -l / header).
CJSON_LIBS = $(shell pkg-config --libs libcjson 2>/dev/null || echo -lcjson)
LDLIBS    = $(CJSON_LIBS) -lstemmer -lm -pthread

# The library: one folder per stage (src/base, text, read, model, score, rank);
# src/cli is the command line.
LIB_SRC  := $(sort $(filter-out src/cli/%,$(wildcard src/*/*.c)))
CLI_SRC  := $(sort $(wildcard src/cli/*.c))
TEST_SRC := $(sort $(wildcard tests/*.c))
LIB_OBJ  := $(LIB_SRC:%.c=$(B)/%.o) $(B)/src/base/embedded.o
CLI_OBJ  := $(CLI_SRC:%.c=$(B)/%.o)
TEST_OBJ := $(TEST_SRC:%.c=$(B)/%.o)
# Files embedded into the library (see src/base/embedded.S).
EMBEDDED := data/stopwords.txt data/lexicon.tsv data/sections.tsv data/model.jm \
            data/skills.jm data/occupations.tsv data/occupations.bin

JOBMATCH := $(B)/jobmatch
# The Python package (see "Python package" below).
PYTHON     := /usr/bin/python3
PY_BUILD   := build/python
PY_STAMP   := $(PY_BUILD)/.built
PY_PACKAGES := python3-dev python3-setuptools python3-pytest python3-distributed
# Fuzz targets: fuzz/fuzz_NAME.c (see "fuzzing" below).
FUZZ_TARGETS := analyzer cv_text json_resume posting model occupations occbin
RUN      :=
ifeq ($(VALGRIND),1)
RUN := valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite
endif

.PHONY: all demo test bench bench-analyzer bench-quality bench-rank bench-match bench-report bench-sections \
        bench-weights deps \
        install uninstall clean model lexicon occupations check-deps fuzz fuzz-deps doc-deps \
        python python-deps bench-dask

all: jobmatch $(B)/libjobmatch.a $(B)/libjobmatch.so

jobmatch: $(JOBMATCH)
	@# replaced by rename, so that a running ./jobmatch is not rewritten in place
	@if [ "$(VARIANT)" = rel ]; then cp $(JOBMATCH) jobmatch.tmp && mv -f jobmatch.tmp jobmatch; fi

# --- dependencies -------------------------------------------------------
# Every build step waits for this check; it installs what is missing.
$(B)/.deps-ok:
	@if [ -f /usr/include/libstemmer.h ] && [ -f /usr/include/uthash.h ] && \
	   [ -f /usr/include/cjson/cJSON.h ] && command -v pkg-config >/dev/null; \
	then :; else $(MAKE) --no-print-directory deps; fi
	@mkdir -p $(B) && touch $@

# $(call apt_install,PACKAGES,WHO,HINT): a shell command that installs the
# Debian PACKAGES with apt-get (through sudo when not root; apt-get update
# only when the first try fails, so a machine with fresh lists does not
# wait for it), or, where there is no apt-get, says that WHO needs them
# (and HINT) and fails. The deps targets below run it only when something
# is missing. Two of them may run at once (make -j): the second waits for
# the first's dpkg lock instead of failing.
APT_GET := apt-get -o DPkg::Lock::Timeout=600
apt_install = if command -v apt-get >/dev/null; then \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  echo "installing $(1)"; \
	  $$SUDO env DEBIAN_FRONTEND=noninteractive $(APT_GET) install -y -q $(1) >/dev/null || \
	  { $$SUDO $(APT_GET) update -q >/dev/null && \
	    $$SUDO env DEBIAN_FRONTEND=noninteractive $(APT_GET) install -y -q $(1) >/dev/null; }; \
	else \
	  echo "$(2) these packages (Debian names): $(1) $(3)" >&2; exit 1; \
	fi

DEPS_HINT := (headers libstemmer.h, uthash.h, cjson/cJSON.h; libraries -lstemmer -lcjson)
deps:
	@$(call apt_install,$(DEB_PACKAGES),jobmatch needs,$(DEPS_HINT))

# The man page linters of `make test`, installed only when one is missing.
# Where they cannot be, the man page tests say so and are skipped.
doc-deps:
	@if command -v groff >/dev/null && command -v mandoc >/dev/null; then :; else \
	  ( $(call apt_install,$(DOC_PACKAGES),the man page tests need) ) || \
	  echo "the man page tests will be skipped" >&2; \
	fi

# --- library and CLI ----------------------------------------------------
$(B)/%.o: %.c | $(B)/.deps-ok
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -MMD -MP -c $< -o $@

$(B)/src/base/embedded.o: src/base/embedded.S $(EMBEDDED) | $(B)/.deps-ok
	@mkdir -p $(dir $@)
	$(CC) -c $< -o $@

$(B)/libjobmatch.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(B)/libjobmatch.so: $(LIB_OBJ)
	$(CC) -shared -Wl,-soname,libjobmatch.so.0 $(LDSAN) -o $@ $^ $(LDLIBS)

$(JOBMATCH): $(CLI_OBJ) $(B)/libjobmatch.a
	$(CC) $(LDSAN) -o $@ $(CLI_OBJ) $(B)/libjobmatch.a $(LDLIBS)

# --- tests --------------------------------------------------------------
$(B)/unit_tests: $(TEST_OBJ) $(B)/libjobmatch.a
	$(CC) $(LDSAN) -o $@ $(TEST_OBJ) $(B)/libjobmatch.a $(LDLIBS)

# The fuzz targets with a plain main() (fuzz/replay.c), built by the regular
# compiler: tests/cli/fuzz-regress.sh replays tests/fuzz-regress/ with them.
REPLAY_BIN := $(FUZZ_TARGETS:%=$(B)/fuzz/replay_%)

$(B)/fuzz/replay_%: $(B)/fuzz/fuzz_%.o $(B)/fuzz/replay.o $(B)/libjobmatch.a
	$(CC) $(LDSAN) -o $@ $^ $(LDLIBS)

# The Python tests run on the regular build only: the extension is a
# shared object loaded by /usr/bin/python3, which has no sanitizer runtime,
# and valgrind over CPython reports the interpreter's own allocations.
ifeq ($(VARIANT)$(VALGRIND),rel)
TEST_PY := $(PY_STAMP)
endif

test: $(JOBMATCH) $(B)/unit_tests $(REPLAY_BIN) $(B)/libjobmatch.a $(TEST_PY) | doc-deps browser-deps
	@JOBMATCH=$(JOBMATCH) UNIT=$(B)/unit_tests RUN="$(RUN)" SHARED=$(SHARED) \
	  PYTEST="$(if $(TEST_PY),$(PYTHON) -m pytest)" PYTHONPATH=$(PY_BUILD) \
	  sh tests/run.sh

# The targets below run $(JOBMATCH), so that SANITIZE=1 runs them on the
# sanitized build.
demo: jobmatch
	@sh data/examples/demo.sh $(JOBMATCH)

# --- Python package -----------------------------------------------------
# python/ (the extension over jobmatch.h and the Dask module), built with
# Debian's Python against build/rel/libjobmatch.a into build/python (put it
# on PYTHONPATH, or `pip install --no-build-isolation ./python`).
# python-deps installs what building and testing it needs when missing.
python: $(PY_STAMP)

# --force: setuptools compares the extension with its own sources only, so
# a changed libjobmatch.a would otherwise leave the old one in place.
$(PY_STAMP): build/rel/libjobmatch.a $(wildcard python/jobmatch/*) python/setup.py
	@$(MAKE) --no-print-directory python-deps
	@mkdir -p build/pybuild
	cd python && JOBMATCH_LIB=../build/rel/libjobmatch.a WERROR=$(WERROR) $(PYTHON) setup.py -q build \
	  --force --build-base ../build/pybuild --build-lib ../$(PY_BUILD) >../build/pybuild/log 2>&1 || \
	  { cat ../build/pybuild/log; exit 1; }
	@grep -v -e 'byte-compiling is disabled' -e '^$$' build/pybuild/log || true
	@test -f $(PY_BUILD)/jobmatch/_jobmatch.cpython-*.so
	@touch $@

python-deps:
	@if $(PYTHON) -c 'import sysconfig, os, setuptools, pytest, distributed; \
	     assert os.path.exists(sysconfig.get_paths()["include"] + "/Python.h")' 2>/dev/null; \
	then :; else $(call apt_install,$(PY_PACKAGES),the Python package and its tests need); fi

# --- browser tests ------------------------------------------------------
# tests/cli/browser.sh loads the HTML pages (jobmatch report, rank --html)
# in Debian's Chromium, driven by puppeteer-core and checked by axe-core
# (npm packages pinned in tests/browser/package-lock.json, installed into
# tests/browser/node_modules, which is not committed). browser-deps installs
# what is missing: the Debian packages, then `npm ci` once.
BROWSER_DIR := tests/browser
.PHONY: browser-deps screenshots

browser-deps:
	@pkgs=; command -v chromium >/dev/null || pkgs="$$pkgs chromium"; \
	command -v node >/dev/null || pkgs="$$pkgs nodejs"; \
	command -v npm >/dev/null || pkgs="$$pkgs npm"; \
	if [ -n "$$pkgs" ]; then \
	  ( $(call apt_install,$$pkgs,the browser tests need) ) || \
	  echo "the browser tests will be skipped" >&2; \
	fi
	@if [ -f $(BROWSER_DIR)/node_modules/.package-lock.json ] && \
	   [ ! $(BROWSER_DIR)/package-lock.json -nt $(BROWSER_DIR)/node_modules/.package-lock.json ]; \
	then :; elif command -v npm >/dev/null; then \
	  echo "installing the browser tests' npm packages into $(BROWSER_DIR)/node_modules"; \
	  cd $(BROWSER_DIR) && npm ci --no-audit --no-fund --loglevel=error >/dev/null; \
	fi

# The pictures README shows (doc/report-*.png, doc/rank-1280.png): the
# browser tests' pages, the top of each.
screenshots: $(JOBMATCH) browser-deps
	@mkdir -p doc
	node $(BROWSER_DIR)/check.mjs $(JOBMATCH) $(SHARED) build/browser --screenshots doc

# --- derived data (reproducible; see scripts/) ---------------------------
lexicon: bench-deps
	/usr/bin/python3 scripts/build_lexicon.py $(SHARED) data

occupations:
	python3 scripts/build_occupations.py $(SHARED) data

# Both models record the analyzer that counted them: rebuild them whenever
# the analyzer, the lexicon or the stopwords change (a test says when).
model: jobmatch
	sh scripts/build_model.sh $(JOBMATCH) $(SHARED) data/model.jm
	sh scripts/build_skills.sh $(JOBMATCH) $(SHARED) data/skills.jm
	$(JOBMATCH) model occupations -o data/occupations.bin

# --- benchmarks ---------------------------------------------------------
# The baselines need Debian's Python packages (the scripts run
# /usr/bin/python3) and GNU time; bench-deps installs what is missing.
BENCH_PACKAGES := python3-sklearn python3-xapian python3-snowballstemmer time
.PHONY: bench-deps

bench: bench-analyzer bench-quality bench-rank bench-match bench-report bench-sections

bench-deps:
	@if /usr/bin/python3 -c 'import sklearn, xapian, snowballstemmer' 2>/dev/null && \
	   [ -x /usr/bin/time ]; then :; else \
	  $(call apt_install,$(BENCH_PACKAGES),the benchmarks need); \
	fi

bench-analyzer: jobmatch bench-deps
	sh bench/analyzer.sh $(JOBMATCH) $(SHARED)

bench-quality: jobmatch bench-deps
	sh bench/quality.sh $(JOBMATCH) $(SHARED)

bench-weights: jobmatch bench-deps
	sh bench/weights.sh $(JOBMATCH) $(SHARED)

bench-rank: jobmatch bench-deps
	sh bench/rank.sh $(JOBMATCH) $(SHARED)

bench-match: jobmatch bench-deps
	sh bench/match.sh $(JOBMATCH) $(SHARED)

# jobmatch.dask match on 2 worker processes against one `jobmatch match
# --threads 2` (1M postings x 1,000 CVs; POSTINGS=N CVS=N for other sizes).
bench-dask: jobmatch bench-deps $(PY_STAMP)
	PYTHONPATH=$(PY_BUILD) sh bench/dask.sh $(JOBMATCH) $(SHARED)

bench-report: jobmatch bench-deps
	sh bench/report.sh $(JOBMATCH)

# headings of hand-labelled CVs and their scraped variants (bench/sections.py)
bench-sections: jobmatch
	/usr/bin/python3 bench/sections.py $(JOBMATCH) $(SHARED)

# --- fuzzing ------------------------------------------------------------
# libFuzzer targets (fuzz/fuzz_*.c), built with clang into build/fuzz/: the
# library compiled with -fsanitize=fuzzer-no-link,address,undefined, each
# target linked with -fsanitize=fuzzer. `make fuzz` makes the seed corpora
# (from ../shared and data/) and runs every target for FUZZ_SECONDS, one at
# a time (fuzz/run.sh); it needs clang and its runtime (FUZZ_PACKAGES,
# installed by fuzz-deps when clang cannot link a fuzzer).
FUZZ_SECONDS ?= 60
FUZZ_PACKAGES := clang libclang-rt-dev
FUZZ_CC  ?= clang
FB       := build/fuzz
FUZZ_OPT := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
            -fno-sanitize-recover=undefined
FUZZ_WARN := $(filter-out -Werror,$(WARN))
FUZZ_OBJ := $(LIB_SRC:%.c=$(FB)/%.o) $(FB)/src/base/embedded.o
FUZZ_BIN := $(FUZZ_TARGETS:%=$(FB)/fuzz_%)

fuzz: $(FUZZ_BIN) $(JOBMATCH)
	@sh fuzz/run.sh $(FUZZ_SECONDS) $(SHARED) $(JOBMATCH) $(FUZZ_TARGETS)

fuzz-deps:
	@mkdir -p $(FB)
	@printf 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n);\nint LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n) { (void)d; (void)n; return 0; }\n' >$(FB)/probe.c
	@if $(FUZZ_CC) -fsanitize=fuzzer,address,undefined $(FB)/probe.c -o $(FB)/probe 2>/dev/null; \
	then :; elif command -v apt-get >/dev/null; then \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  echo "installing $(FUZZ_PACKAGES)"; \
	  $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q $(FUZZ_PACKAGES) >/dev/null || \
	  { $$SUDO apt-get update -q >/dev/null && \
	    $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q $(FUZZ_PACKAGES) >/dev/null; } || \
	  $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q clang >/dev/null; \
	else \
	  echo "fuzzing needs clang with libFuzzer (Debian: $(FUZZ_PACKAGES))" >&2; exit 1; \
	fi
	@rm -f $(FB)/probe $(FB)/probe.c

$(FB)/.deps-ok: | $(B)/.deps-ok
	@$(MAKE) --no-print-directory fuzz-deps
	@mkdir -p $(FB) && touch $@

$(FB)/%.o: %.c | $(FB)/.deps-ok
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(CPPFLAGS) -std=c11 $(FUZZ_OPT) -fsanitize=fuzzer-no-link $(FUZZ_WARN) \
	  -pthread -MMD -MP -c $< -o $@

$(FB)/src/base/embedded.o: src/base/embedded.S $(EMBEDDED) | $(FB)/.deps-ok
	@mkdir -p $(dir $@)
	$(FUZZ_CC) -c $< -o $@

# kept: make would delete these as intermediate files of the pattern rules
.SECONDARY: $(FUZZ_OBJ) $(FUZZ_TARGETS:%=$(FB)/fuzz/fuzz_%.o) \
            $(FUZZ_TARGETS:%=$(B)/fuzz/fuzz_%.o) $(B)/fuzz/replay.o

$(FB)/fuzz_%: $(FB)/fuzz/fuzz_%.o $(FUZZ_OBJ)
	$(FUZZ_CC) $(FUZZ_OPT) -fsanitize=fuzzer -o $@ $^ $(LDLIBS)

# --- install ------------------------------------------------------------
install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib \
	  $(DESTDIR)$(PREFIX)/include $(DESTDIR)$(PREFIX)/lib/pkgconfig
	install -m 755 $(JOBMATCH) $(DESTDIR)$(PREFIX)/bin/jobmatch
	install -m 644 $(B)/libjobmatch.a $(DESTDIR)$(PREFIX)/lib/
	install -m 755 $(B)/libjobmatch.so $(DESTDIR)$(PREFIX)/lib/libjobmatch.so.0
	ln -sf libjobmatch.so.0 $(DESTDIR)$(PREFIX)/lib/libjobmatch.so
	install -m 644 include/jobmatch.h $(DESTDIR)$(PREFIX)/include/
	install -d $(DESTDIR)$(PREFIX)/share/man/man1 $(DESTDIR)$(PREFIX)/share/man/man3
	install -m 644 $(MAN1) $(DESTDIR)$(PREFIX)/share/man/man1/
	install -m 644 $(MAN3) $(DESTDIR)$(PREFIX)/share/man/man3/
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@VERSION@|$(shell sed -n 's/^#define JM_VERSION "\(.*\)"/\1/p' include/jobmatch.h)|' \
	  jobmatch.pc.in > $(DESTDIR)$(PREFIX)/lib/pkgconfig/jobmatch.pc

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/jobmatch $(DESTDIR)$(PREFIX)/lib/libjobmatch.a \
	  $(DESTDIR)$(PREFIX)/lib/libjobmatch.so $(DESTDIR)$(PREFIX)/lib/libjobmatch.so.0 \
	  $(DESTDIR)$(PREFIX)/include/jobmatch.h $(DESTDIR)$(PREFIX)/lib/pkgconfig/jobmatch.pc \
	  $(DESTDIR)$(PREFIX)/share/man/man1/$(notdir $(MAN1)) \
	  $(DESTDIR)$(PREFIX)/share/man/man3/$(notdir $(MAN3))

clean:
	rm -rf build jobmatch

-include $(wildcard $(B)/src/*/*.d $(B)/tests/*.d $(B)/fuzz/*.d $(FB)/src/*/*.d $(FB)/fuzz/*.d)

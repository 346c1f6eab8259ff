#!/bin/sh
# This file contains the test of the C example in libjobmatch(3): the
# program between the "example" comment lines of doc/libjobmatch.3 is taken
# out of the page (roff escapes undone), compiled with strict warnings
# against the library built next to $JOBMATCH (sanitized when that build
# is), run on the seed CV and a posting of data/examples, and its score,
# coverage and first matched term must be those `jobmatch score` gives.
# Run from the repository root by tests/run.sh; exit 0 pass, else fail.
set -u
JM=${JM:-./jobmatch}
JOBMATCH=${JOBMATCH:-build/rel/jobmatch}
CC=${CC:-cc}
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail() { echo "man-example.sh: $*"; exit 1; }
cv=data/examples/seed-cv.md
posting=data/examples/posting-llm-research-scientist.md

build=$(dirname "$JOBMATCH")
lib=$build/libjobmatch.a
[ -f "$lib" ] || fail "no $lib next to $JOBMATCH (run make first)"
san=
case $build in */san) san="-fsanitize=address,undefined";; esac

# The program as a reader copies it from the rendered page: \e is a
# backslash, \- a minus, \(aq a quote, \& nothing.
sed -n '/^\.\\" example: begin$/,/^\.\\" example: end$/p' doc/libjobmatch.3 |
    sed -e '/^\.\\"/d' -e '/^\.EX$/d' -e '/^\.EE$/d' \
        -e 's/\\e/\\/g' -e 's/\\-/-/g' -e "s/\\\\(aq/'/g" -e 's/\\&//g' >"$tmp/fit.c"
[ "$(wc -l <"$tmp/fit.c")" -gt 40 ] || fail "no example program found in doc/libjobmatch.3"
# C's own escapes are \n only; any other backslash is roff's, left over.
if sed 's/\\n//g' "$tmp/fit.c" | grep -q '\\'; then
    fail "a roff escape is left in the example: $(sed 's/\\n//g' "$tmp/fit.c" | grep '\\')"
fi

cjson=$(pkg-config --libs libcjson 2>/dev/null || echo -lcjson)
# shellcheck disable=SC2086
$CC -std=c11 -Wall -Wextra -Wconversion -Wshadow -Werror $san -Iinclude -o "$tmp/fit" \
    "$tmp/fit.c" "$lib" $cjson -lstemmer -lm -pthread >"$tmp/cc.out" 2>&1 ||
    fail "the example does not compile: $(cat "$tmp/cc.out")"
"$tmp/fit" "$cv" "$posting" >"$tmp/out" 2>"$tmp/err" ||
    fail "the example failed (status $?): $(cat "$tmp/err")"
"$tmp/fit" "$cv" >/dev/null 2>&1; [ $? -eq 2 ] || fail "the example without a posting: not status 2"
"$tmp/fit" "$cv" "$tmp/none.md" >/dev/null 2>"$tmp/err" && fail "the example read a missing file"
grep -q "none.md" "$tmp/err" || fail "the example's error does not name the file: $(cat "$tmp/err")"

# What the command line says about the same pair.
$JM score --json "$cv" "$posting" >"$tmp/json" || fail "jobmatch score --json: status $?"
want=$(/usr/bin/python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
print("score %.6f coverage %.6f" % (d["score"], d["coverage"]))
print("  matched %s" % d["matched"][0]["display"])
n = sum(1 for s in d["sections"])
print(n)' "$tmp/json") || fail "cannot read the JSON of jobmatch score"
first=$(echo "$want" | sed -n 1p)
matched=$(echo "$want" | sed -n 2p)
n_sections=$(echo "$want" | sed -n 3p)
[ "$(head -1 "$tmp/out")" = "$first" ] ||
    fail "the example printed '$(head -1 "$tmp/out")', jobmatch score says '$first'"
grep -q -x -F "$matched" "$tmp/out" || fail "the example does not list '$matched'"
got=$(grep -c '^  [a-z]* *[0-9]' "$tmp/out")
[ "$got" -eq "$n_sections" ] || fail "the example printed $got sections, jobmatch score $n_sections"
# The page shows the first lines of this output: they must be true.
sed -n '/^which prints, first:$/,/^\.EE$/p' doc/libjobmatch.3 | sed -e '1,3d' -e '$d' >"$tmp/shown"
[ -s "$tmp/shown" ] || fail "no shown output after the example in doc/libjobmatch.3"
head -n "$(wc -l <"$tmp/shown")" "$tmp/out" | diff "$tmp/shown" - >"$tmp/diff" ||
    fail "the output shown in doc/libjobmatch.3 is not what the example prints: $(cat "$tmp/diff")"
echo "man-example.sh: ok ($first)"
exit 0

#!/bin/sh
# This file contains the portable-binary test: a copy of the jobmatch binary
# in an empty folder, run from another empty folder, must work as well as
# the original run from the repository root (the binary carries its
# stopwords, lexicon, section names and model). Run from the repository
# root by tests/run.sh; exit 0 pass, 77 skip, anything else fail.
set -u
: "${JOBMATCH:=./jobmatch}" "${RUN:=}"
[ -x "$JOBMATCH" ] || { echo "no binary at $JOBMATCH"; exit 77; }
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail() { echo "portable-binary.sh: $*"; exit 1; }

mkdir "$tmp/bin" "$tmp/elsewhere" "$tmp/home"
cp "$JOBMATCH" "$tmp/bin/jobmatch" || fail "cannot copy $JOBMATCH"
printf '%s\n' "Requirements: Kubernetes (k8s), PyTorch, C++ and CI/CD." \
    "We use Node.js and PostgreSQL; a Master's degree in machine learning is a plus." \
    >"$tmp/posting.txt"

# Reference: the original binary, from the repository root.
$RUN "$JOBMATCH" analyze --json - <"$tmp/posting.txt" >"$tmp/want.out" 2>"$tmp/want.err" ||
    fail "the original binary failed: $(cat "$tmp/want.err")"
grep -q '"term"' "$tmp/want.out" || fail "the original binary found no terms"

# The copy, from an empty folder, with an empty HOME and no repository near.
(cd "$tmp/elsewhere" && HOME=$tmp/home $RUN ../bin/jobmatch analyze --json -) \
    <"$tmp/posting.txt" >"$tmp/got.out" 2>"$tmp/got.err" ||
    fail "the copied binary failed: $(cat "$tmp/got.err")"
cmp -s "$tmp/want.out" "$tmp/got.out" || {
    diff "$tmp/want.out" "$tmp/got.out" | head -20
    fail "the copied binary's output differs from the original's"
}
(cd "$tmp/elsewhere" && $RUN ../bin/jobmatch --version) >/dev/null 2>&1 ||
    fail "the copied binary's --version failed"
[ -z "$(ls -A "$tmp/elsewhere")" ] || fail "the binary wrote files into the working folder"
echo "portable-binary.sh: ok"
exit 0

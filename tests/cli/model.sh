#!/bin/sh
# CLI tests of `jobmatch model`: malformed records reported as FILE:LINE
# with exit status 3, merge of shards equal to the build of the whole,
# reproducible bytes, finalize, info, damaged models refused by every
# command, usage errors.
set -u
JM=${JM:-./jobmatch}
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

mkdir -p "$tmp/a" "$tmp/b"
printf 'alpha beta alpha beta\n' >"$tmp/a/1.txt"
printf 'alpha beta. gamma\n' >"$tmp/a/2.txt"
printf 'gamma delta\n' >"$tmp/b/3.txt"
printf '%s\n' '{"title":"Nurse","description":"Care for patients"}' \
    '{"title":"Broken' '{"company":"No text"}' '{"title":"Welder"}' >"$tmp/p.jsonl"

# malformed records: FILE:LINE: reason on stderr, the rest counted, exit 3
$JM model build -o "$tmp/p.jm" "$tmp/p.jsonl" 2>"$tmp/err"
st=$?
[ "$st" = 3 ] || fail "build with malformed records: status $st, expected 3"
grep -qx "$tmp/p.jsonl:2: invalid JSON: unterminated string at column 10" "$tmp/err" ||
    fail "line 2 not reported: $(cat "$tmp/err")"
grep -qx "$tmp/p.jsonl:3: no description or title" "$tmp/err" || fail "line 3 not reported"
grep -q "2 documents counted, 2 records skipped" "$tmp/err" || fail "no summary"

# merge of the halves = build of the whole, byte for byte
$JM model build -o "$tmp/whole.jm" "$tmp/a" "$tmp/b" 2>/dev/null || fail "build whole"
$JM model build -o "$tmp/h1.jm" "$tmp/a" 2>/dev/null || fail "build half 1"
$JM model build -o "$tmp/h2.jm" "$tmp/b" 2>/dev/null || fail "build half 2"
$JM model merge -o "$tmp/merged.jm" "$tmp/h2.jm" "$tmp/h1.jm" 2>/dev/null || fail "merge"
cmp -s "$tmp/whole.jm" "$tmp/merged.jm" || fail "merge differs from build"

# reproducible: the same bytes again, whatever the output path
$JM model build -o "$tmp/again.jm" "$tmp/a" "$tmp/b" 2>/dev/null || fail "build again"
cmp -s "$tmp/whole.jm" "$tmp/again.jm" || fail "build is not reproducible"
grep -q "$tmp" "$tmp/whole.jm" && fail "a path went into the model"

# finalize = build --finalize
$JM model finalize --min-df 1 -o "$tmp/f1.jm" "$tmp/whole.jm" 2>/dev/null || fail "finalize"
$JM model build --finalize --min-df 1 -o "$tmp/f2.jm" "$tmp/a" "$tmp/b" 2>/dev/null ||
    fail "build --finalize"
cmp -s "$tmp/f1.jm" "$tmp/f2.jm" || fail "finalize differs from build --finalize"

# info
$JM model info "$tmp/f1.jm" >"$tmp/info" || fail "info"
grep -q "^documents   3$" "$tmp/info" || fail "info: documents: $(cat "$tmp/info")"
grep -q "^vocabulary  4 terms$" "$tmp/info" || fail "info: vocabulary"
$JM model info --json "$tmp/f1.jm" >"$tmp/info.json" || fail "info --json"
if command -v python3 >/dev/null; then
    python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["docs"]==3 and d["terms"]==4, d' \
        "$tmp/info.json" || fail "info --json is not the expected JSON"
fi

# a damaged model is refused by any command, naming the file
sed 's/^alpha\t2/alpha\t3/' "$tmp/f1.jm" >"$tmp/bad.jm"
$JM analyze --model "$tmp/bad.jm" "$tmp/a/1.txt" >/dev/null 2>"$tmp/err"
st=$?
[ "$st" = 1 ] || fail "damaged model: status $st, expected 1"
grep -q "bad.jm: damaged or truncated model" "$tmp/err" || fail "damaged: $(cat "$tmp/err")"
head -c 100 "$tmp/f1.jm" >"$tmp/cut.jm"
$JM model info "$tmp/cut.jm" >/dev/null 2>"$tmp/err" && fail "truncated model accepted"
grep -q "cut.jm" "$tmp/err" || fail "truncated: $(cat "$tmp/err")"
# a counts file is not a model to score with
$JM analyze --model "$tmp/whole.jm" "$tmp/a/1.txt" >/dev/null 2>"$tmp/err" &&
    fail "counts file accepted as a model"
grep -q "finalize" "$tmp/err" || fail "counts: $(cat "$tmp/err")"

# usage errors
$JM model >/dev/null 2>&1; [ $? = 2 ] || fail "model without subcommand: not a usage error"
$JM model build "$tmp/a" >/dev/null 2>&1; [ $? = 2 ] || fail "build without -o: not a usage error"
$JM model merge -o "$tmp/x.jm" "$tmp/nope.jm" >/dev/null 2>"$tmp/err"
[ $? = 1 ] || fail "merge of a missing file: not a runtime failure"
grep -q "nope.jm" "$tmp/err" || fail "missing file not named"

# the compiled occupation titles: what is embedded, from the built-in
# titles; a title file of one's own gives other bytes; errors name the path
$JM model occupations -o "$tmp/occ.bin" 2>"$tmp/err" || fail "model occupations: $(cat "$tmp/err")"
if [ -f data/occupations.bin ]; then
    cmp -s "$tmp/occ.bin" data/occupations.bin ||
        fail "model occupations differs from data/occupations.bin: run make model"
fi
printf '15-1252.00\tSoftware Developers\tjava developer|coder\n' >"$tmp/occ.tsv"
$JM model occupations --occupations "$tmp/occ.tsv" -o "$tmp/own.bin" 2>/dev/null ||
    fail "model occupations --occupations FILE"
cmp -s "$tmp/occ.bin" "$tmp/own.bin" && fail "own titles gave the built-in table"
[ "$(wc -c <"$tmp/own.bin")" -lt 20000 ] || fail "own table of 3 titles is large"
$JM model occupations -o "$tmp/no/such/dir/occ.bin" >/dev/null 2>"$tmp/err"
[ $? = 1 ] || fail "unwritable output: not a runtime failure"
grep -q "no/such/dir/occ.bin" "$tmp/err" || fail "unwritable output not named: $(cat "$tmp/err")"
$JM model occupations -o "$tmp/x.bin" extra >/dev/null 2>&1
[ $? = 2 ] || fail "model occupations with a file: not a usage error"
$JM model occupations --occupations none -o "$tmp/x.bin" >/dev/null 2>&1
[ $? = 1 ] || fail "model occupations --occupations none: not a failure"
exit 0

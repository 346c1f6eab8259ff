#!/bin/sh
# CLI tests of `jobmatch rank`: the same bytes for any thread count,
# malformed records reported as FILE:LINE with exit status 3 while the good
# ones are all ranked, dedup, ids, stdin, --cvs, and rank's scores equal to
# `score`'s.
set -u
JM=${JM:-./jobmatch}
SHARED=${SHARED:-../shared}
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
cv=data/examples/seed-cv.md

# malformed records: reported, skipped, counted; the rest all ranked; exit 3
printf '%s\n' \
    '{"id":"a","title":"ML Engineer","company":"X","description":"PyTorch and distributed training"}' \
    '{"id":"b","title":"Broken' \
    '{"id":"c","title":"Nurse","description":"Patient care in a hospital"}' \
    '' \
    '{"title":"No id here","description":"deep learning research with PyTorch"}' \
    '{"id":"e","title":"Baker","location":"Paris","description":"Bread and pastry"}' \
    >"$tmp/p.jsonl"
$JM rank --json --top 2 "$cv" "$tmp/p.jsonl" >"$tmp/out" 2>"$tmp/err"
st=$?
[ "$st" = 3 ] || fail "malformed record: status $st, expected 3"
grep -q "^$tmp/p.jsonl:2: " "$tmp/err" || fail "line 2 not reported as FILE:LINE: $(cat "$tmp/err")"
grep -q '"ranked":4,"skipped":1}' "$tmp/out" || fail "ranked/skipped counts: $(tail -1 "$tmp/out")"
[ "$(grep -c '"rank":' "$tmp/out")" = 2 ] || fail "--top 2 shows $(grep -c '"rank":' "$tmp/out") results"
grep -q '"id":"a"' "$tmp/out" || fail "the ML posting is not in the top 2"
grep -q "\"id\":\"$tmp/p.jsonl:5\"" "$tmp/out" || fail "a record without an id is not named FILE:LINE"

# a missing company is not malformed; --min-score drops low scores
$JM rank --json --min-score 0.05 "$cv" "$tmp/p.jsonl" >"$tmp/out" 2>/dev/null
grep -q '"id":"e"' "$tmp/out" && fail "--min-score kept the baker"
grep -q '"ranked":4' "$tmp/out" || fail "--min-score changed the ranked count"

# stdin and dedup
cat "$tmp/p.jsonl" "$tmp/p.jsonl" | $JM rank --json --dedup "$cv" - >"$tmp/out" 2>/dev/null
[ $? = 3 ] || fail "stdin with malformed records: expected status 3"
grep -q '"ranked":4,"skipped":2,"duplicates":4}' "$tmp/out" || fail "dedup counts: $(tail -1 "$tmp/out")"

# rank shows the score that `score` computes, to the last digit
$JM score --json "$cv" data/examples/posting-llm-research-scientist.md >"$tmp/score.json" || fail "score"
want=$(sed -n 's/^{"schema_version":1,"score":\([^,]*\),.*/\1/p' "$tmp/score.json")
$JM rank --json "$cv" data/examples/posting-llm-research-scientist.md data/examples/posting-registered-nurse.txt >"$tmp/out" || fail "rank files"
grep -q "\"id\":\"data/examples/posting-llm-research-scientist.md\",.*\"score\":$want," "$tmp/out" ||
    fail "rank's score differs from score's $want: $(cat "$tmp/out")"
head -2 "$tmp/out" | grep -q 'posting-llm-research-scientist' || fail "the LLM posting is not first"

# --cvs: the seed CV ranks first among real CVs for the LLM posting
if [ -d "$SHARED/eval/cvs-vanetik" ]; then
    $JM rank --cvs --json --top 3 data/examples/posting-llm-research-scientist.md "$cv" \
        "$SHARED"/eval/cvs-vanetik/*.txt >"$tmp/out" 2>"$tmp/err" || fail "rank --cvs: $(cat "$tmp/err")"
    head -2 "$tmp/out" | grep -q '"rank":1,"id":"data/examples/seed-cv.md"' ||
        fail "the seed CV is not first: $(head -3 "$tmp/out")"
    grep -q '"ranked":66,"skipped":0}' "$tmp/out" || fail "--cvs counts: $(tail -1 "$tmp/out")"
fi

# --cvs reads JSON Resume files too
$JM rank --cvs --json data/examples/posting-llm-research-scientist.md "$cv" tests/data/resume.json \
    >"$tmp/out" 2>"$tmp/err" || fail "rank --cvs with a JSON Resume: $(cat "$tmp/err")"
grep -q '"id":"tests/data/resume.json"' "$tmp/out" || fail "the JSON Resume is not ranked"
grep -q '"ranked":2,"skipped":0}' "$tmp/out" || fail "--cvs JSON Resume counts: $(tail -1 "$tmp/out")"

# the same bytes for any thread count, on real postings
if [ -d "$SHARED/corpora/postings" ]; then
    p="$SHARED/corpora/postings/linkedin-sample.jsonl $SHARED/corpora/postings/usajobs-ai-cyber.jsonl"
    $JM rank --json --top 50 --threads 1 "$cv" $p >"$tmp/t1" || fail "threads 1"
    for t in 2 3 8; do
        $JM rank --json --top 50 --threads $t "$cv" $p >"$tmp/t$t" || fail "threads $t"
        cmp -s "$tmp/t1" "$tmp/t$t" || fail "--threads $t differs from --threads 1"
    done
    grep -q '"ranked":4505,"skipped":0}' "$tmp/t1" || fail "real postings: $(tail -1 "$tmp/t1")"
fi

# usage errors
$JM rank "$cv" 2>/dev/null; [ $? = 2 ] || fail "rank with no postings: expected status 2"
$JM rank --threads x "$cv" "$tmp/p.jsonl" 2>/dev/null; [ $? = 2 ] || fail "--threads x: expected 2"
$JM rank --cvs --dedup "$cv" "$cv" 2>/dev/null; [ $? = 2 ] || fail "--cvs --dedup: expected 2"
exit 0

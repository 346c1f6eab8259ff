#!/bin/sh
# CLI tests of `jobmatch match` on real CVs (../shared/eval/cvs-vanetik,
# ../shared/cv/seed-cv.md) and real postings (../shared/corpora/postings):
# each CV's results are the bytes `rank --json --top K CV POSTINGS` prints
# for it, a score equals `score`'s, the same bytes for any thread count,
# --per posting gives each posting's best CVs as `rank --cvs` does, bad CVs
# are reported as FILE: reason, skipped and counted (exit 3), usage errors
# exit 2. Skips (exit 77) without ../shared.
set -u
JM=${JM:-./jobmatch}
SHARED=${SHARED:-../shared}
[ -d "$SHARED/eval/cvs-vanetik" ] && [ -d "$SHARED/corpora/postings" ] ||
    { echo "match.sh: $SHARED/eval/cvs-vanetik or corpora/postings missing; skipped"; exit 77; }
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
P=$SHARED/corpora/postings
posts="$P/linkedin-sample.jsonl $P/skillspan.jsonl"

# the CV set: the seed CV and twelve real CVs (a folder, read in name order)
mkdir "$tmp/cvs"
cp "$SHARED/cv/seed-cv.md" "$tmp/cvs/00-seed.md"
for i in 1 2 3 4 5 10 20 30 40 50 60 65; do cp "$SHARED/eval/cvs-vanetik/$i.txt" "$tmp/cvs/"; done

# each CV's results: the very results rank prints for it
$JM match --json --top 7 --threads 2 "$tmp/cvs" $posts >"$tmp/m.jsonl" 2>"$tmp/err" ||
    fail "match: status $?: $(cat "$tmp/err")"
[ "$(wc -l <"$tmp/m.jsonl")" = 13 ] || fail "13 CVs, $(wc -l <"$tmp/m.jsonl") lines"
grep -q "^jobmatch: 13 CVs, 763 postings ranked, 0 skipped" "$tmp/err" ||
    fail "summary: $(cat "$tmp/err")"
n=0
for cv in "$tmp"/cvs/*; do
    n=$((n + 1))
    $JM rank --json --top 7 --threads 1 "$cv" $posts >"$tmp/r.json" || fail "rank $cv"
    # rank's results, one per line, against match's line for the CV
    sed -n 's/^ \{0,1\}\({"rank":.*}\),\{0,1\}$/\1/p; s/^{"results":\[$//' "$tmp/r.json" |
        sed 's/,$//' | paste -sd, >"$tmp/want"
    sed -n "${n}p" "$tmp/m.jsonl" | sed 's/^{"cv":"[^"]*","results":\[\(.*\)\]}$/\1/' >"$tmp/got"
    sed -n "${n}p" "$tmp/m.jsonl" | grep -q "^{\"cv\":\"$cv\"," || fail "line $n does not name $cv"
    cmp -s "$tmp/want" "$tmp/got" || fail "$cv: match differs from rank:
rank:  $(head -c 400 "$tmp/want")
match: $(head -c 400 "$tmp/got")"
done

# a score equals what `score` prints for the pair (the seed CV's best)
best=$(head -1 "$tmp/m.jsonl" | sed 's/},{"rank":2,.*//' |
    sed 's/^{"cv":"[^"]*","results":\[{"rank":1,"id":"\([^"]*\)".*"score":\([^,]*\),.*/\1 \2/')
id=${best% *}; want=${best#* }
grep -h "\"id\": *\"$id\"" $posts | head -1 >"$tmp/best.json"
[ -s "$tmp/best.json" ] || fail "posting $id not found"
$JM score --json "$tmp/cvs/00-seed.md" "$tmp/best.json" >"$tmp/s.json" || fail "score"
grep -q "^{\"schema_version\":1,\"score\":$want," "$tmp/s.json" ||
    fail "score of $id: $(head -c 80 "$tmp/s.json"), match $want"

# the same bytes for any thread count, in both modes
for t in 1 3; do
    $JM match --json --top 7 --threads $t "$tmp/cvs" $posts 2>/dev/null | cmp -s - "$tmp/m.jsonl" ||
        fail "--threads $t differs from --threads 2"
done
$JM match --json --per posting --top 3 --threads 1 "$tmp/cvs" $posts >"$tmp/p1" 2>/dev/null || fail "per posting"
$JM match --json --per posting --top 3 --threads 2 "$tmp/cvs" $posts 2>/dev/null | cmp -s - "$tmp/p1" ||
    fail "--per posting: --threads 2 differs from 1"
[ "$(wc -l <"$tmp/p1")" = 763 ] || fail "--per posting: $(wc -l <"$tmp/p1") lines for 763 postings"

# --per posting: a posting's CVs are the ones `rank --cvs` ranks first
sed -n 5p "$P/linkedin-sample.jsonl" >"$tmp/one.json"
pid=$(sed 's/.*"id": *"\([^"]*\)".*/\1/' "$tmp/one.json")
$JM rank --cvs --json --top 3 "$tmp/one.json" "$tmp/cvs" >"$tmp/rc.json" || fail "rank --cvs"
grep "^{\"posting\":\"$pid\"," "$tmp/p1" >"$tmp/pl" || fail "posting $pid not in --per posting"
sed -n 's/^ \{0,1\}{"rank":\([0-9]*\),"id":\("[^"]*"\),"title":null,"company":null,"score":\([^,]*\),"coverage":\([^,]*\),.*/{"rank":\1,"cv":\2,"score":\3,"coverage":\4}/p' \
    "$tmp/rc.json" | paste -sd, >"$tmp/want"
sed 's/.*"results":\[\(.*\)\]}$/\1/' "$tmp/pl" >"$tmp/got"
cmp -s "$tmp/want" "$tmp/got" || fail "--per posting differs from rank --cvs:
rank --cvs: $(cat "$tmp/want")
match:      $(cat "$tmp/got")"

# bad CVs: reported as FILE: reason, skipped and counted; the others matched
: >"$tmp/cvs/zz-empty.txt"
printf '\211PNG\r\n\032\n\000\000' >"$tmp/cvs/zz-image.md"
$JM match --top 2 "$tmp/cvs" "$P/skillspan.jsonl" >"$tmp/out" 2>"$tmp/err"
st=$?
[ "$st" = 3 ] || fail "bad CVs: status $st, expected 3"
grep -q "^$tmp/cvs/zz-empty.txt: " "$tmp/err" || fail "the empty CV is not reported: $(cat "$tmp/err")"
grep -q "^$tmp/cvs/zz-image.md: " "$tmp/err" || fail "the binary CV is not reported: $(cat "$tmp/err")"
grep -q "13 CVs, 263 postings ranked, 2 skipped (2 CVs, 0 postings)" "$tmp/err" ||
    fail "bad CV counts: $(tail -1 "$tmp/err")"
[ "$(grep -c '^== ' "$tmp/out")" = 13 ] || fail "text: $(grep -c '^== ' "$tmp/out") blocks for 13 CVs"
# the CVs are read and counted on the threads: the same reports, in the
# same order, and the same results for any count
sed '$d' "$tmp/err" >"$tmp/skips"   # the reports, without the summary's seconds
[ "$(wc -l <"$tmp/skips")" = 2 ] || fail "bad CVs: $(cat "$tmp/err")"
for t in 1 3; do
    $JM match --top 2 --threads $t "$tmp/cvs" "$P/skillspan.jsonl" >"$tmp/out$t" 2>"$tmp/err$t"
    [ $? = 3 ] || fail "bad CVs, --threads $t: expected status 3"
    cmp -s "$tmp/out" "$tmp/out$t" || fail "bad CVs: --threads $t gives other results"
    sed '$d' "$tmp/err$t" | cmp -s - "$tmp/skips" ||
        fail "bad CVs: --threads $t reports them otherwise: $(cat "$tmp/err$t")"
done

# a JSON Lines file of JSON Resumes: named by id, else FILE:LINE
printf '%s\n' '{"id":"ann","basics":{"summary":"Java developer"},"skills":[{"name":"Java"}]}' \
    '{"basics":{"summary":"Registered nurse"},"skills":[{"name":"Patient care"}]}' >"$tmp/r.jsonl"
$JM match --json --top 1 "$tmp/r.jsonl" "$P/skillspan.jsonl" >"$tmp/out" 2>/dev/null || fail "resumes"
grep -q '^{"cv":"ann",' "$tmp/out" || fail "a resume is not named by its id"
grep -q "^{\"cv\":\"$tmp/r.jsonl:2\"," "$tmp/out" || fail "a resume without an id is not FILE:LINE"

# a CV set that cannot be read, usage errors
$JM match "$tmp/none" "$P/skillspan.jsonl" 2>"$tmp/err"; [ $? = 1 ] || fail "missing CVS: expected 1"
grep -q "$tmp/none" "$tmp/err" || fail "missing CVS not named: $(cat "$tmp/err")"
$JM match "$tmp/cvs" 2>/dev/null; [ $? = 2 ] || fail "match with no postings: expected 2"
$JM match --per job "$tmp/cvs" "$P/skillspan.jsonl" 2>/dev/null; [ $? = 2 ] || fail "--per job: expected 2"
exit 0

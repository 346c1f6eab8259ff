#!/bin/sh
# CLI tests of the CV repairs as `jobmatch score` shows them: the text
# output counts them and shows a few as written and as read; the JSON lists
# every one with offsets into the CV as read; a CV without damage shows no
# such block.
set -u
JM=${JM:-./jobmatch}
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
posting=data/examples/posting-llm-research-scientist.md

printf 'Jane Doe\nBackend DeveloperLocation: Berlin\n\nSummary\nS enior engineer of crical systems in the eld, usingPython\n' >"$tmp/cv.md"
$JM score "$tmp/cv.md" $posting >"$tmp/out" || fail "score: status $?"
grep -q "^CV text mended before scoring" "$tmp/out" || fail "no repairs block: $(cat "$tmp/out")"
grep -q " 2 glued words split, 1 letter-spaced words joined, 2 lost ligatures put back" "$tmp/out" ||
    fail "repair counts: $(grep -A1 '^CV text mended' "$tmp/out")"
grep -q 'line 2 .*"DeveloperLocation" *read as "Developer Location"' "$tmp/out" ||
    fail "glue example: $(cat "$tmp/out")"
grep -q '"crical" *read as "critical"' "$tmp/out" || fail "ligature example"

$JM score --json "$tmp/cv.md" $posting >"$tmp/json" || fail "score --json: status $?"
/usr/bin/python3 - "$tmp/json" "$tmp/cv.md" <<'PY' || fail "JSON repairs"
import json, sys
d = json.load(open(sys.argv[1]))
raw = open(sys.argv[2], 'rb').read()
got = [(r['kind'], raw[r['start']:r['end']].decode(), r['read_as']) for r in d['cv_repairs']]
want = [('glued', 'DeveloperLocation', 'Developer Location'), ('spaced', 'S enior', 'Senior'),
        ('ligature', 'crical', 'critical'), ('ligature', 'eld', 'field'),
        ('glued', 'usingPython', 'using Python')]
if got != want:
    print(got)
    sys.exit(1)
PY

# an undamaged CV: no block, an empty list
$JM score data/examples/seed-cv.md $posting >"$tmp/out" || fail "score seed CV"
grep -q "CV text mended" "$tmp/out" && fail "the seed CV shows repairs"
$JM score --json data/examples/seed-cv.md $posting | grep -q '"cv_repairs":\[\]}' ||
    fail "the seed CV's JSON has repairs"
exit 0

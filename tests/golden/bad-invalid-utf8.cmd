# bytes that are not UTF-8 (Latin-1 letters, an overlong form, a lone
# continuation byte, a cut sequence, 0xFF): read, never refused (exit 0).
# Text is read as Windows-1252 (jobmatch(1), BAD INPUT); a JSON posting's
# strings are kept as written and --json prints each bad byte as U+FFFD
# (valid JSON)
t=$(mktemp -d) && trap 'rm -rf "$t"' EXIT
# each command: its stdout, then its stderr (the temporary folder cut from
# both), then its exit status
run() { "$@" >"$t/.out" 2>"$t/.err"; st=$?; cat "$t/.out" "$t/.err" | sed "s|$t/||g"; echo "[exit $st]"; return $st; }
cv=data/examples/seed-cv.md p=data/examples/posting-data-engineer.txt
printf 'Jane Doe\n\nSKILLS\ncaf\351 na\357ve \300\200 \200 \342\202 Python \377\376\n\nEXPERIENCE\nData engineer\n' > "$t/cv.md"
printf '{"id": "u", "title": "caf\351 \300\200 \355\240\200 \342\202", "description": "Python \377 SQL"}\n' > "$t/p.jsonl"
run $JM sections --json "$t/cv.md"
$JM score --json "$t/cv.md" $p > "$t/score.json"; echo "[exit $?]"
$JM rank --json "$t/cv.md" "$t/p.jsonl" > "$t/rank.json"; echo "[exit $?]"
grep -o '"title":"[^"]*"' "$t/rank.json"

# JSON nested 10,000 deep: a clear message, no stack overflow (a CV or a
# posting file: more than 1000 levels, exit 1; a JSON Lines record: more
# than 256 levels, reported by FILE:LINE and skipped, exit 3)
t=$(mktemp -d) && trap 'rm -rf "$t"' EXIT
# each command: its stdout, then its stderr (the temporary folder cut from
# both), then its exit status
run() { "$@" >"$t/.out" 2>"$t/.err"; st=$?; cat "$t/.out" "$t/.err" | sed "s|$t/||g"; echo "[exit $st]"; return $st; }
cv=data/examples/seed-cv.md p=data/examples/posting-data-engineer.txt
awk 'BEGIN { for (i = 0; i < 10000; i++) printf "{\"a\":"; printf "1"; for (i = 0; i < 10000; i++) printf "}"; print "" }' > "$t/deep.json"
awk 'BEGIN { printf "{\"title\":\"T\",\"description\":\"D\",\"x\":"; for (i = 0; i < 10000; i++) printf "["; for (i = 0; i < 10000; i++) printf "]"; print "}" }' > "$t/deep.jsonl"
run $JM score "$t/deep.json" $p
run $JM score $cv "$t/deep.json"
run $JM rank $cv "$t/deep.jsonl"

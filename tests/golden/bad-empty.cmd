# empty files: a CV or a posting read alone fails (exit 1); in rank an
# empty posting or CV file is a malformed record, reported and counted
# (exit 3), whether text or JSON Lines; an empty model is no model (exit 1)
t=$(mktemp -d) && trap 'rm -rf "$t"' EXIT
# each command: its stdout, then its stderr (the temporary folder cut from
# both), then its exit status
run() { "$@" >"$t/.out" 2>"$t/.err"; st=$?; cat "$t/.out" "$t/.err" | sed "s|$t/||g"; echo "[exit $st]"; return $st; }
cv=data/examples/seed-cv.md p=data/examples/posting-data-engineer.txt
: > "$t/empty.md"; : > "$t/empty.jsonl"; printf '\n  \n\n' > "$t/blank.jsonl"; : > "$t/empty.jm"
run $JM score "$t/empty.md" $p
run $JM score $cv "$t/empty.md"
run $JM keywords "$t/empty.md"
run $JM rank --json $cv "$t/empty.md" "$t/empty.jsonl" "$t/blank.jsonl"
run $JM rank --cvs --json $p "$t/empty.md"
run $JM score --model "$t/empty.jm" $cv $p
# a CV with no terms at all (stopwords only) is not empty: it scores 0
printf 'the and of\n' > "$t/stop.md"
run $JM rank --json "$t/stop.md" data/examples/postings.jsonl | grep -e '"ranked"' -e '^\[exit'
run $JM rank --cvs --json $p "$t/stop.md" | grep -e '"ranked"' -e '^\[exit'

# a missing file: exit 1, the message names it (a CV, a posting, a posting
# among several in rank, a CV in rank --cvs, a model, a lexicon)
t=$(mktemp -d) && trap 'rm -rf "$t"' EXIT
# each command: its stdout, then its stderr (the temporary folder cut from
# both), then its exit status
run() { "$@" >"$t/.out" 2>"$t/.err"; st=$?; cat "$t/.out" "$t/.err" | sed "s|$t/||g"; echo "[exit $st]"; return $st; }
cv=data/examples/seed-cv.md p=data/examples/posting-data-engineer.txt
run $JM score "$t/nosuch.md" $p
run $JM score $cv "$t/nosuch.txt"
run $JM keywords "$t/nosuch.txt"
cp $p "$t/good.txt"
run $JM rank $cv "$t/good.txt" "$t/nosuch.jsonl"
run $JM rank --cvs $p $cv "$t/nosuch.md"
run $JM score --lexicon "$t/nosuch.tsv" $cv $p
run $JM score --model "$t/nosuch.jm" $cv $p

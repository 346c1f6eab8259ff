# a folder where a file is expected: exit 1, the message names it (rank
# takes folders of postings and CVs: there, an empty folder ranks nothing)
t=$(mktemp -d) && trap 'rm -rf "$t"' EXIT
# each command: its stdout, then its stderr (the temporary folder cut from
# both), then its exit status
run() { "$@" >"$t/.out" 2>"$t/.err"; st=$?; cat "$t/.out" "$t/.err" | sed "s|$t/||g"; echo "[exit $st]"; return $st; }
cv=data/examples/seed-cv.md p=data/examples/posting-data-engineer.txt
mkdir "$t/dir"
run $JM score "$t/dir" $p
run $JM score $cv "$t/dir"
run $JM sections "$t/dir"
run $JM rank "$t/dir" $p
run $JM rank --cvs "$t/dir" $cv
run $JM score --model "$t/dir" $cv $p
run $JM score --weights "@$t/dir" $cv $p
run $JM rank $cv "$t/dir"

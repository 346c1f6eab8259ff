# a truncated model (cut in its body, in its header, to nothing): exit 1,
# the message names the file and says what is wrong
t=$(mktemp -d) && trap 'rm -rf "$t"' EXIT
# each command: its stdout, then its stderr (the temporary folder cut from
# both), then its exit status
run() { "$@" >"$t/.out" 2>"$t/.err"; st=$?; cat "$t/.out" "$t/.err" | sed "s|$t/||g"; echo "[exit $st]"; return $st; }
cv=data/examples/seed-cv.md p=data/examples/posting-data-engineer.txt
m=tests/data/model-tiny.jm
head -n 4 $m > "$t/body.jm"; head -c 40 $m > "$t/header.jm"; : > "$t/empty.jm"
run $JM score --model "$t/body.jm" $cv $p
run $JM score --skills "$t/body.jm" $cv $p
run $JM score --model "$t/header.jm" $cv $p
run $JM score --model "$t/empty.jm" $cv $p

# a corrupted model (one byte flipped in its body, in its header): exit 1,
# the message names the file (the body's checksum, the header's fields)
t=$(mktemp -d) && trap 'rm -rf "$t"' EXIT
# each command: its stdout, then its stderr (the temporary folder cut from
# both), then its exit status
run() { "$@" >"$t/.out" 2>"$t/.err"; st=$?; cat "$t/.out" "$t/.err" | sed "s|$t/||g"; echo "[exit $st]"; return $st; }
cv=data/examples/seed-cv.md p=data/examples/posting-data-engineer.txt
m=tests/data/model-tiny.jm
flip() { cp $m "$t/$2"; printf 'X' | dd of="$t/$2" bs=1 seek=$1 conv=notrunc 2>/dev/null; }
flip 300 body.jm; flip 3 magic.jm; flip 25 kind.jm
run $JM score --model "$t/body.jm" $cv $p
run $JM score --model "$t/magic.jm" $cv $p
run $JM score --model "$t/kind.jm" $cv $p
run $JM model info "$t/body.jm"

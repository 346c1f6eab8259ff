# a full disk (stdout is /dev/full) or a closed stdout: every command ends
# with exit 1 and "write error" on stderr, never exit 0 with lost output
t=$(mktemp -d) && trap 'rm -rf "$t"' EXIT
# each command: its stdout, then its stderr (the temporary folder cut from
# both), then its exit status
run() { "$@" >"$t/.out" 2>"$t/.err"; st=$?; cat "$t/.out" "$t/.err" | sed "s|$t/||g"; echo "[exit $st]"; return $st; }
cv=data/examples/seed-cv.md p=data/examples/posting-data-engineer.txt
full() { "$@" >/dev/full 2>"$t/.err"; st=$?; sed "s|$t/||g" "$t/.err"; echo "[exit $st]"; }
closed() { "$@" >&- 2>"$t/.err"; st=$?; sed "s|$t/||g" "$t/.err"; echo "[exit $st]"; }
full $JM score $cv $p
full $JM score --json $cv $p
full $JM gaps $cv $p
full $JM keywords $p
full $JM sections $cv
full $JM analyze --json $cv
full $JM rank $cv data/examples/postings.jsonl
full $JM rank --cvs --json $p $cv
full $JM model info tests/data/model-tiny.jm
full $JM --help
full $JM score --help
full $JM --version
closed $JM score $cv $p
closed $JM rank --json $cv data/examples/postings.jsonl

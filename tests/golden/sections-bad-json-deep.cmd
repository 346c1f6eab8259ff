# JSON nested 10,000 deep fails cleanly (no stack overflow)
t=$(mktemp -d) && trap 'rm -rf "$t"' EXIT
# the temporary folder is cut from messages
run() { out=$("$@" 2>&1); st=$?; printf '%s\n' "$out" | sed "s|$t/||g"; return $st; }
awk 'BEGIN { for (i = 0; i < 10000; i++) printf "{\"a\":"; printf "1"; for (i = 0; i < 10000; i++) printf "}"; print "" }' > "$t/deep.json"
run $JM sections "$t/deep.json"

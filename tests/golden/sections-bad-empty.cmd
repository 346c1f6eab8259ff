# an empty file: exit 1, the message names the file
t=$(mktemp -d) && : > "$t/empty.md" && trap 'rm -rf "$t"' EXIT
# the temporary folder is cut from messages
run() { out=$("$@" 2>&1); st=$?; printf '%s\n' "$out" | sed "s|$t/||g"; return $st; }
run $JM sections "$t/empty.md"

# JSON that is neither a resume nor a posting, as a CV and as a posting
t=$(mktemp -d) && trap 'rm -rf "$t"' EXIT
# the temporary folder is cut from messages
run() { out=$("$@" 2>&1); st=$?; printf '%s\n' "$out" | sed "s|$t/||g"; return $st; }
printf '{"name": "x", "items": [1, 2]}\n' > "$t/x.json"
run $JM sections "$t/x.json"
run $JM sections --posting "$t/x.json"

# a JSON Lines file is not one document; a malformed JSON object names its line
t=$(mktemp -d) && trap 'rm -rf "$t"' EXIT
# the temporary folder is cut from messages
run() { out=$("$@" 2>&1); st=$?; printf '%s\n' "$out" | sed "s|$t/||g"; return $st; }
printf '{"title": "A", "description": "x"}\n{"title": "B", "description": "y"}\n' > "$t/two.jsonl"
printf '{"title": "A",\n "description": }\n' > "$t/bad.json"
run $JM sections --posting "$t/two.jsonl"
run $JM sections --posting "$t/bad.json"

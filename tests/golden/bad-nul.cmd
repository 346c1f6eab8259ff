# NUL bytes: in a text CV, in a JSON CV, in a JSON Lines record (that one
# record is reported by FILE:LINE and skipped, the others ranked: exit 3)
t=$(mktemp -d) && trap 'rm -rf "$t"' EXIT
# each command: its stdout, then its stderr (the temporary folder cut from
# both), then its exit status
run() { "$@" >"$t/.out" 2>"$t/.err"; st=$?; cat "$t/.out" "$t/.err" | sed "s|$t/||g"; echo "[exit $st]"; return $st; }
cv=data/examples/seed-cv.md p=data/examples/posting-data-engineer.txt
printf 'SKILLS\nPython\000SQL\n' > "$t/cv.md"
printf '{"basics": {"name": "A\000B"}, "skills": [{"name": "SQL"}]}' > "$t/cv.json"
printf '{"id": "1", "title": "Data engineer", "description": "SQL"}\n{"id": "2", "title": "A\000B", "description": "SQL"}\n{"id": "3", "title": "Analyst", "description": "SQL"}\n' > "$t/p.jsonl"
run $JM score "$t/cv.md" $p
run $JM score "$t/cv.json" $p
run $JM rank --json $cv "$t/p.jsonl" | grep -v '"rank":'

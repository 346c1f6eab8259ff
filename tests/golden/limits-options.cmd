# option limits: --threads takes 0 to 1024 (above 64, 64 threads run);
# --top has no fixed limit (the winners' memory grows with what is kept)
t=$(mktemp -d) && trap 'rm -rf "$t"' EXIT
run() { "$@" >"$t/.out" 2>&1; st=$?; grep -e '"ranked"' -e '^jobmatch' "$t/.out"; echo "[exit $st]"; return $st; }
run $JM rank --json --threads 1024 data/examples/seed-cv.md data/examples/postings.jsonl
run $JM rank --json --top 1000000000000 data/examples/seed-cv.md data/examples/postings.jsonl
run $JM rank --json --threads 1025 data/examples/seed-cv.md data/examples/postings.jsonl
# a value the engine refuses is a usage error too, named in the message
run $JM score --lang klingon data/examples/seed-cv.md data/examples/posting-data-engineer.txt
run $JM score --weights skills=2,nosuchkind=1 data/examples/seed-cv.md data/examples/posting-data-engineer.txt
run $JM rank --weights skills=-1 data/examples/seed-cv.md data/examples/postings.jsonl

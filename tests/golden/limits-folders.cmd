# folders: walked up to 64 levels below the folder given; deeper is an
# error that names the folder (exit 1), never a silent cut (jobmatch(1), LIMITS)
t=$(mktemp -d) && trap 'rm -rf "$t"' EXIT
run() { "$@" >"$t/.out" 2>"$t/.err"; st=$?; cat "$t/.out" "$t/.err" | sed "s|$t/||g"; echo "[exit $st]"; return $st; }
d="$t/top"; for i in $(seq 1 64); do d="$d/d"; done
mkdir -p "$d" && cp data/examples/posting-data-engineer.txt "$d/p.txt"
run $JM rank --json data/examples/seed-cv.md "$t/top" | grep -e '"ranked"' -e '^\[exit'
mkdir "$d/e" && mv "$d/p.txt" "$d/e/"
run $JM rank --json data/examples/seed-cv.md "$t/top" | sed 's|\(d/\)\{64\}|(d/ x 64)|'

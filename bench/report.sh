#!/bin/sh
# The report's speed and size: sh bench/report.sh [JOBMATCH]
# For the seed CV against each example posting (data/examples), the time of
# `jobmatch report -o FILE` (the whole page) against `jobmatch score --json`
# on the same files in the same invocation (the baseline: the same reading
# and scoring, printed as JSON), best of 5 rounds of 10 runs each, by CPU
# time (user + system, GNU time; steady on a shared machine, where the wall
# clock is not), process start included; the ratio and the difference
# (what the page costs beyond the score); and each page's size (the seed
# CV's page must stay under 200 KB). Reads nothing from ../shared.
set -eu
jm=${1:-./jobmatch}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cv=data/examples/seed-cv.md
[ -x /usr/bin/time ] || { echo "bench-report needs GNU time (make bench-deps)" >&2; exit 1; }
# best of 5 rounds of 10 runs of "$@", in ms of CPU per run
best_ms() {
    for round in 1 2 3 4 5; do
        for i in 1 2 3 4 5 6 7 8 9 10; do
            /usr/bin/time -a -o "$tmp/cpu.$round" -f '%U %S' "$@" >/dev/null
        done
    done
    for round in 1 2 3 4 5; do
        awk '{ t += $1 + $2 } END { printf "%.2f\n", t * 100 }' "$tmp/cpu.$round"
    done | sort -n | head -1
    rm -f "$tmp"/cpu.*
}
printf '%-40s %9s %9s %6s %9s %9s\n' posting "score ms" "report ms" ratio "page ms" "page KB"
for p in data/examples/posting-*; do
    s=$(best_ms "$jm" score --json "$cv" "$p")
    r=$(best_ms "$jm" report -o "$tmp/page.html" "$cv" "$p")
    kb=$(awk -v b="$(wc -c <"$tmp/page.html")" 'BEGIN { printf "%.1f", b / 1024 }')
    awk -v p="$(basename "$p")" -v s="$s" -v r="$r" -v kb="$kb" \
        'BEGIN { printf "%-40s %9.1f %9.1f %6.2f %9.1f %9s\n", p, s, r, r / s, r - s, kb }'
done

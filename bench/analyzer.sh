#!/bin/sh
# Analyzer speed benchmark (make bench-analyzer):
#   sh bench/analyzer.sh ./jobmatch ../shared
# Concatenates the description text of every posting in
# SHARED/corpora/postings/*.jsonl into one temporary file, then, in the same
# run, times the analyzer over it on one core (bench/analyzer_bench.c, linked
# against build/rel/libjobmatch.a; best of 3) and `wc -w` over the same bytes
# (best of 3). Prints MB/s and tokens/s of each and their ratio, then the
# stem cache's table against uthash's default on the same words.
set -eu
jm=${1:-./jobmatch}
shared=${2:-../shared}
here=$(dirname "$0")
root=$(cd "$here/.." && pwd)
lib=$root/build/rel/libjobmatch.a
[ -d "$shared/corpora/postings" ] || { echo "bench-analyzer: $shared/corpora/postings is absent; skipped"; exit 0; }
[ -f "$lib" ] || { echo "bench-analyzer: $lib is missing; run make first" >&2; exit 1; }
[ -x "$jm" ] || { echo "bench-analyzer: $jm is missing; run make first" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
${CC:-cc} -O2 -std=c11 -D_POSIX_C_SOURCE=200809L -DHASH_NONFATAL_OOM=1 \
    -I"$root/include" -I"$root/src" -o "$tmp/bench" "$here/analyzer_bench.c" "$lib" \
    $(pkg-config --libs libcjson 2>/dev/null || echo -lcjson) -lstemmer -lm
"$tmp/bench" --extract "$shared"/corpora/postings/*.jsonl > "$tmp/text"

# wc -w, best of 3 (wall clock; the process start is included, ~1 ms)
best=
for i in 1 2 3; do
    t0=$(date +%s.%N)
    words=$(LC_ALL=C.UTF-8 wc -w < "$tmp/text")
    t1=$(date +%s.%N)
    t=$(echo "$t1 $t0" | awk '{ printf "%.4f", $1 - $2 }')
    best=$(echo "$best $t" | awk '{ if ($1 == "" || NF == 1) print $NF; else print ($2 < $1 ? $2 : $1) }')
done
bytes=$(wc -c < "$tmp/text")
set -- $("$tmp/bench" "$tmp/text")   # analyzer BYTES bytes TERMS terms SECONDS s
terms=$4 secs=$6
awk -v b="$bytes" -v w="$words" -v tw="$best" -v t="$terms" -v ta="$secs" 'BEGIN {
    printf "input: %.1f MB of posting descriptions (%s postings files)\n", b / 1e6, "'"$(ls "$shared"/corpora/postings/*.jsonl | wc -l)"'"
    printf "analyzer (1 core): %7.1f MB/s  %6.2f M terms/s  (%d terms, %.3f s)\n", b / ta / 1e6, t / ta / 1e6, t, ta
    printf "wc -w            : %7.1f MB/s  %6.2f M words/s  (%d words, %.3f s)\n", b / tw / 1e6, w / tw / 1e6, w, tw
    printf "ratio analyzer / wc -w: %.2f (target: >= 150 MB/s)\n", (b / ta) / (b / tw)
}'
"$tmp/bench" --hash "$tmp/text"

#!/bin/sh
# Analyzer speed benchmark (make bench-analyzer):
#   sh bench/analyzer.sh ./jobmatch ../shared
# Concatenates the description text of every posting in
# SHARED/corpora/postings/*.jsonl into one temporary file, then, in the same
# run, times the analyzer over it on one core (bench/analyzer_bench.c, linked
# against build/rel/libjobmatch.a) and `wc -w` over the same bytes, best of 5
# each. Prints MB/s and tokens/s of each and their ratio, by the wall clock
# and by CPU time (steadier when other work shares the machine), then the
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
bytes=$(wc -c < "$tmp/text")
files=$(ls "$shared"/corpora/postings/*.jsonl | wc -l)

# wc -w, best of 5: wall clock (the process start is included, ~1 ms) and,
# when /usr/bin/time is there, user + system CPU time (10 ms resolution)
wall=9999 cpu=9999
for i in 1 2 3 4 5; do
    t0=$(date +%s.%N)
    if [ -x /usr/bin/time ]; then
        /usr/bin/time -f "%U %S" -o "$tmp/time" sh -c 'LC_ALL=C.UTF-8 wc -w < "$1" > "$2"' sh "$tmp/text" "$tmp/words"
        c=$(awk '{ printf "%.3f", $1 + $2 }' "$tmp/time")
    else
        LC_ALL=C.UTF-8 wc -w < "$tmp/text" > "$tmp/words"
        c=9999
    fi
    t1=$(date +%s.%N)
    wall=$(echo "$t1 $t0 $wall" | awk '{ t = $1 - $2; print (t < $3 ? t : $3) }')
    cpu=$(echo "$c $cpu" | awk '{ print ($1 < $2 ? $1 : $2) }')
done
words=$(cat "$tmp/words")
set -- $("$tmp/bench" "$tmp/text")   # analyzer BYTES bytes TERMS terms WALL s CPU cpu
terms=$4 awall=$6 acpu=$8
awk -v b="$bytes" -v w="$words" -v tw="$wall" -v cw="$cpu" -v t="$terms" \
    -v ta="$awall" -v ca="$acpu" -v files="$files" 'BEGIN {
    printf "input: %.1f MB of posting descriptions (%d postings files)\n", b / 1e6, files
    printf "wall clock, best of 5:\n"
    printf "  analyzer (1 core): %6.1f MB/s  %6.2f M terms/s  (%d terms, %.3f s)\n", b / ta / 1e6, t / ta / 1e6, t, ta
    printf "  wc -w            : %6.1f MB/s  %6.2f M words/s  (%d words, %.3f s)\n", b / tw / 1e6, w / tw / 1e6, w, tw
    printf "  ratio analyzer / wc -w: %.2f\n", tw / ta
    if (cw < 9999 && cw > 0) {
        printf "CPU time, best of 5:\n"
        printf "  analyzer (1 core): %6.1f MB/s  %6.2f M terms/s  (%.3f s)\n", b / ca / 1e6, t / ca / 1e6, ca
        printf "  wc -w            : %6.1f MB/s  %6.2f M words/s  (%.3f s)\n", b / cw / 1e6, w / cw / 1e6, cw
        printf "  ratio analyzer / wc -w: %.2f\n", cw / ca
    }
    printf "target: analyzer >= 150 MB/s on one core\n"
}'
"$tmp/bench" --hash "$tmp/text"

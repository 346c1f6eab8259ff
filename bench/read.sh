#!/bin/sh
# Readers' speed: sh bench/read.sh [SHARED]
# Reads every JSON Lines posting of SHARED/corpora/postings through
# jm_doc_read() (bench/read_bench.c, linked against build/rel/libjobmatch.a;
# run make first): MB/s by CPU time, best of 5. With valgrind installed, it
# also counts the instructions per byte of jm_doc_read (callgrind: the same
# count on a loaded machine) on the first 2,000 postings of
# usajobs-2017-qualifications.jsonl and on linkedin-sample.jsonl.
set -eu
shared=${1:-../shared}
here=$(dirname "$0")
root=$(cd "$here/.." && pwd)
lib=$root/build/rel/libjobmatch.a
[ -d "$shared/corpora/postings" ] || { echo "bench-read: $shared/corpora/postings is absent; skipped"; exit 0; }
[ -f "$lib" ] || { echo "bench-read: $lib is missing; run make first" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
${CC:-cc} -O2 -g -std=c11 -D_POSIX_C_SOURCE=200809L -DHASH_NONFATAL_OOM=1 \
    -I"$root/include" -I"$root/src" -o "$tmp/bench" "$here/read_bench.c" "$lib" \
    $(pkg-config --libs libcjson 2>/dev/null || echo -lcjson) -lstemmer -lm -pthread
echo "all postings (JSON Lines):"
"$tmp/bench" --repeat 5 "$shared"/corpora/postings/*.jsonl
command -v valgrind >/dev/null || exit 0
head -2000 "$shared/corpora/postings/usajobs-2017-qualifications.jsonl" > "$tmp/p2k.jsonl"
for f in "$tmp/p2k.jsonl" "$shared/corpora/postings/linkedin-sample.jsonl"; do
    valgrind --tool=callgrind --callgrind-out-file="$tmp/cg.out" "$tmp/bench" "$f" >/dev/null 2>&1
    ir=$(callgrind_annotate --inclusive=yes "$tmp/cg.out" 2>/dev/null |
         awk '/document.c:jm_doc_read / { gsub(",", "", $1); print $1; exit }')
    bytes=$(wc -c < "$f")
    awk -v ir="$ir" -v b="$bytes" -v f="$(basename "$f")" 'BEGIN {
        printf "%s: jm_doc_read %d instructions, %.1f per byte (callgrind)\n", f, ir, ir / b }'
done

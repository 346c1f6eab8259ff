#!/bin/sh
# This file contains the speed benchmark of `jobmatch match` (issue 14):
#
#   sh bench/match.sh [JOBMATCH] [SHARED]        (make bench-match)
#
# Inputs (made in bench/out/ when missing, fixed seeds): cvs-145, cvs-1000
# and cvs-10000 (bench/gen_cvs.py: the 66 real CVs resampled by section),
# pool-5269.jsonl (bench/baseline_match.py pool: 5,269 postings sampled from
# ../shared/corpora/postings) and postings-100k.jsonl (bench/gen_postings.py,
# as `make bench-rank` makes it). Runs, each timed by GNU time (%e wall,
# %U+%S CPU, %M peak RSS), jobmatch the best of BENCH_RUNS (default 2):
#
#   held-out shape, 145 CVs x 5,269 postings, top 100, one core:
#     jobmatch match --json --top 100 --threads 1 cvs-145 pool-5269.jsonl
#     baseline_match.py heldout cvs-145 pool-5269.jsonl --top 100
#       (scikit-learn unigrams: fit on the pool + transform + product + top
#       100, all timed, as the issue measured it)
#   scale, 1,000 CVs x 100,000 postings, top 20:
#     jobmatch match --json --top 20 --threads 1|2 cvs-1000 postings-100k.jsonl
#     baseline_match.py scale SHARED cvs-1000 postings-100k.jsonl --top 20
#       (fitted on the shared postings first, not timed; then transform CVs
#       and postings, sparse products in chunks of 2,000, top 20 per CV)
#   memory, 10,000 CVs x 100,000 postings, top 20, 2 threads: peak RSS
#     (BENCH_10K=0 skips it: it is the longest run)
#   memory at 100,000 CVs x the first 2,000 of postings-100k.jsonl, top 20,
#     2 threads: peak RSS (only with BENCH_100K=1: the CVs take 430 MB of
#     disk and the run minutes)
#
# Ratios use CPU seconds as well as wall seconds: on a shared machine the
# wall time of one run depends on what else runs (the load average is
# printed at the start and the end). Also printed: postings/s and CV-posting
# pairs scored per second, and whether --threads 1 and 2 wrote the same
# bytes. Environment: BENCH_RUNS, BENCH_10K, BENCH_100K, PYTHON (default
# /usr/bin/python3, the interpreter with Debian's python3-sklearn).
set -u
jm=${1:-./jobmatch}
shared=${2:-../shared}
here=$(cd "$(dirname "$0")" && pwd)
out=$here/out
runs=${BENCH_RUNS:-2}
PYTHON=${PYTHON:-/usr/bin/python3}
[ -x "$PYTHON" ] || PYTHON=python3
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "match.sh: GNU time (/usr/bin/time) is needed: apt-get install time" >&2; exit 1; }
[ -d "$shared/corpora/postings" ] && [ -d "$shared/eval/cvs-vanetik" ] ||
    { echo "match.sh: $shared/corpora/postings or eval/cvs-vanetik missing; skipped" >&2; exit 0; }
mkdir -p "$out"
# the binary is copied first, so that a rebuild during the run cannot mix
# two versions in one table
[ -x "$jm" ] && cp "$jm" "$out/jobmatch-match-under-test" && jm=$out/jobmatch-match-under-test

for n in 145 1000 10000 100000; do
    [ "$n" = 10000 ] && [ "${BENCH_10K:-1}" = 0 ] && continue
    [ "$n" = 100000 ] && [ "${BENCH_100K:-0}" != 1 ] && continue
    [ -d "$out/cvs-$n" ] && continue
    echo "generating $out/cvs-$n ($n CVs)" >&2
    "$PYTHON" "$here/gen_cvs.py" "$jm" "$shared" "$n" "$out/cvs-$n" || exit 1
done
[ -s "$out/pool-5269.jsonl" ] ||
    "$PYTHON" "$here/baseline_match.py" pool "$shared" 5269 "$out/pool-5269.jsonl" || exit 1
[ -s "$out/postings-100k.jsonl" ] ||
    "$PYTHON" "$here/gen_postings.py" "$shared" 100000 "$out/postings-100k.jsonl" || exit 1

res=$out/match-results.txt   # name cvs postings wall cpu rss_kb
: >"$res"

# run NAME CVS POSTINGS CMD...: the best wall time of $runs runs (with the
# CPU time of that run) and the largest peak RSS, into $res; stdout kept in
# out/NAME.out.
run() {
    name=$1 nc=$2 np=$3; shift 3
    best= cpu= rss=0 r=0
    while [ "$r" -lt "$runs" ]; do
        r=$((r + 1))
        if ! "$TIME" -f '%e %U %S %M' -o "$out/$name.time" "$@" >"$out/$name.out" 2>"$out/$name.err"; then
            case $? in 3) ;; *) echo "match.sh: $name failed: $(tail -2 "$out/$name.err")" >&2; return 1 ;; esac
        fi
        read -r w u s m <"$out/$name.time" || true
        c=$(awk -v u="$u" -v s="$s" 'BEGIN { printf "%.2f", u + s }')
        if [ -z "$best" ] || awk -v a="$w" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$w cpu=$c; fi
        [ "$m" -gt "$rss" ] && rss=$m
    done
    echo "$name $nc $np $best $cpu $rss" >>"$res"
}

# base NAME MODE ARGS...: the scikit-learn baseline once; its own timing of
# the timed part (RESULT line) and the process's peak RSS.
base() {
    name=$1; shift
    "$TIME" -f '%M' -o "$out/$name.time" "$PYTHON" "$here/baseline_match.py" "$@" \
        >"$out/$name.out" 2>"$out/$name.err" || { echo "match.sh: $name failed: $(tail -2 "$out/$name.err")" >&2; return 1; }
    line=$(grep '^RESULT' "$out/$name.out")
    set -- $line
    nc=${3#cvs=} np=${4#postings=} w=${5#seconds=} c=${6#cpu_seconds=}
    echo "$name $nc $np $w $c $(tail -1 "$out/$name.time")" >>"$res"
}

echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
cat "$out/pool-5269.jsonl" "$out/postings-100k.jsonl" >/dev/null   # warm the page cache
run heldout-jobmatch 145 5269 "$jm" match --json --top 100 --threads 1 "$out/cvs-145" "$out/pool-5269.jsonl"
base heldout-sklearn heldout "$out/cvs-145" "$out/pool-5269.jsonl" --top 100
run scale-jobmatch-1t 1000 100000 "$jm" match --json --top 20 --threads 1 "$out/cvs-1000" "$out/postings-100k.jsonl"
cp "$out/scale-jobmatch-1t.out" "$out/scale-1t.jsonl"
run scale-jobmatch-2t 1000 100000 "$jm" match --json --top 20 --threads 2 "$out/cvs-1000" "$out/postings-100k.jsonl"
base scale-sklearn scale "$shared" "$out/cvs-1000" "$out/postings-100k.jsonl" --top 20
if [ "${BENCH_10K:-1}" != 0 ]; then
    runs=1
    run memory-jobmatch-10k 10000 100000 "$jm" match --json --top 20 --threads 2 "$out/cvs-10000" "$out/postings-100k.jsonl"
fi
if [ "${BENCH_100K:-0}" = 1 ]; then
    runs=1
    head -2000 "$out/postings-100k.jsonl" >"$out/postings-2k.jsonl"
    run memory-jobmatch-100k 100000 2000 "$jm" match --json --top 20 --threads 2 "$out/cvs-100000" "$out/postings-2k.jsonl"
fi
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"

same=no
cmp -s "$out/scale-1t.jsonl" "$out/scale-jobmatch-2t.out" && same=yes

awk -v same="$same" '
{ name[NR] = $1; nc[$1] = $2; np[$1] = $3; w[$1] = $4; c[$1] = $5; rss[$1] = $6; order[NR] = $1 }
END {
    printf "%-22s %7s %8s %9s %9s %12s %14s %9s\n", "run", "CVs", "postings", "wall s", "CPU s",
           "postings/s", "pairs/s", "peak MB"
    for (i = 1; i <= NR; i++) {
        k = order[i]
        printf "%-22s %7d %8d %9.2f %9.2f %12.0f %14.0f %9.0f\n", k, nc[k], np[k], w[k], c[k],
               np[k] / w[k], nc[k] * np[k] / w[k], rss[k] / 1024
    }
    print ""
    if (("heldout-jobmatch" in w) && ("heldout-sklearn" in w))
        printf "held-out 145 x 5,269: jobmatch / scikit-learn = %.2fx (wall), %.2fx (CPU); target: faster (> 1x)\n",
               w["heldout-sklearn"] / w["heldout-jobmatch"], c["heldout-sklearn"] / c["heldout-jobmatch"]
    if (("scale-jobmatch-1t" in w) && ("scale-sklearn" in w))
        printf "scale 1,000 x 100,000, one core: %.2fx (wall), %.2fx (CPU); target: at least 3x, aim 5x\n",
               w["scale-sklearn"] / w["scale-jobmatch-1t"], c["scale-sklearn"] / c["scale-jobmatch-1t"]
    if (("scale-jobmatch-1t" in w) && ("scale-jobmatch-2t" in w))
        printf "2 threads against 1: %.2fx (wall); target: at least 1.8x; same bytes: %s\n",
               w["scale-jobmatch-1t"] / w["scale-jobmatch-2t"], same
    if ("memory-jobmatch-10k" in w)
        printf "10,000 x 100,000 peak RSS: %.0f MB; target: under 1024 MB\n", rss["memory-jobmatch-10k"] / 1024
    if ("memory-jobmatch-100k" in w)
        printf "100,000 x 2,000 peak RSS: %.0f MB\n", rss["memory-jobmatch-100k"] / 1024
}' "$res"

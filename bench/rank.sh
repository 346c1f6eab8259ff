#!/bin/sh
# This file contains the speed benchmark of `jobmatch rank` (issue 6):
#
#   sh bench/rank.sh [JOBMATCH] [SHARED]        (make bench-rank)
#
# It generates bench/out/postings-100k.jsonl and postings-1m.jsonl if missing
# (bench/gen_postings.py, fixed seed), then ranks them for the seed CV with
#   jobmatch rank --top 20 --json --threads T data/examples/seed-cv.md FILE
# for T = 1 and T = nproc (at least 2), at 100k and 1M, and runs the
# scikit-learn and Xapian baselines at 100k. Every run is timed and its peak
# RSS taken with GNU time (%M). It prints a table and the issue's targets.
#
# Environment: BENCH_1M=0 skips the 1M postings; PYTHON (default
# /usr/bin/python3, the interpreter that has Debian's python3-sklearn).
set -u
jm=${1:-./jobmatch}
shared=${2:-../shared}
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
out=$here/out
cv=$root/data/examples/seed-cv.md
PYTHON=${PYTHON:-/usr/bin/python3}
[ -x "$PYTHON" ] || PYTHON=python3
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "rank.sh: GNU time (/usr/bin/time) is needed: apt-get install time" >&2; exit 1; }
[ -d "$shared/corpora/postings" ] || { echo "rank.sh: $shared/corpora/postings missing; skipped" >&2; exit 0; }
ncpu=$(nproc 2>/dev/null || echo 2)
[ "$ncpu" -ge 2 ] || ncpu=2
mkdir -p "$out"
res=$out/rank-results.txt   # one line per run: name postings bytes seconds rss_kb
: >"$res"

sizes="100k"
[ "${BENCH_1M:-1}" = 0 ] || sizes="100k 1m"
for s in $sizes; do
    f=$out/postings-$s.jsonl
    [ -s "$f" ] && continue
    case $s in 100k) n=100000 ;; 1m) n=1000000 ;; esac
    echo "generating $f ($n postings)" >&2
    "$PYTHON" "$here/gen_postings.py" "$shared" "$n" "$f" || exit 1
done

# run NAME POSTINGS FILE CMD...: times CMD (stdout to out/NAME.out), records
# wall seconds and peak RSS; the page cache is warmed first so that every
# engine reads the same warm bytes.
run() {
    name=$1 np=$2 file=$3; shift 3
    cat "$file" >/dev/null
    if ! "$TIME" -f '%e %M' -o "$out/$name.time" "$@" >"$out/$name.out" 2>"$out/$name.err"; then
        st=$(tail -1 "$out/$name.err")
        case $st in Command\ exited\ with\ non-zero\ status\ 3) ;; *)
            echo "rank.sh: $name failed:" >&2; cat "$out/$name.err" >&2; return 1 ;; esac
    fi
    set -- $(tail -1 "$out/$name.time")
    echo "$name $np $(wc -c <"$file") $1 $2" >>"$res"
}

# result NAME FIELD: a field of the RESULT line a Python baseline printed.
result() {
    sed -n "s/.* $2=\([^ ]*\).*/\1/p" "$out/$1.out" | tail -1
}

f100=$out/postings-100k.jsonl
echo "sklearn baseline, 100k postings (fit on the background corpus, not timed)" >&2
run sklearn-100k 100000 "$f100" "$PYTHON" "$here/baseline_rank.py" "$shared" "$cv" "$f100" --top 20 || exit 1
echo "Xapian baseline, 100k postings" >&2
run xapian-100k 100000 "$f100" "$PYTHON" "$here/baseline_xapian.py" "$cv" "$f100" --top 20 --dir "$out" || exit 1
run wc-100k 100000 "$f100" env LC_ALL=C.UTF-8 wc -w "$f100" || exit 1

head -5 "$f100" >"$out/probe.jsonl"
have_jm=0
if "$jm" rank --top 1 --json --threads 1 "$cv" "$out/probe.jsonl" >/dev/null 2>"$out/probe.err"; then
    have_jm=1
else
    st=$?
    [ "$st" = 3 ] && have_jm=1
fi
if [ "$have_jm" = 1 ]; then
    for s in $sizes; do
        case $s in 100k) n=100000 ;; 1m) n=1000000 ;; esac
        for t in 1 "$ncpu"; do
            echo "jobmatch rank --threads $t, $s postings" >&2
            run "jobmatch-$s-t$t" "$n" "$out/postings-$s.jsonl" \
                "$jm" rank --top 20 --json --threads "$t" "$cv" "$out/postings-$s.jsonl" || exit 1
        done
    done
fi

# The table. Speeds: postings/s and MB/s of the whole process for jobmatch
# (start-up, model, reading, parsing, scoring, output); for sklearn reading,
# parsing, transform, cosine and top-k (its fit excluded); for Xapian
# reading, parsing and indexing (its query time shown apart).
sk_sec=$(result sklearn-100k seconds)
xa_sec=$(result xapian-100k index_seconds)
xa_q=$(result xapian-100k query_seconds)
awk -v sk="$sk_sec" -v xa="$xa_sec" -v xq="$xa_q" -v ncpu="$ncpu" -v have="$have_jm" '
{ name=$1; np[name]=$2; by[name]=$3; sec[name]=$4; rss[name]=$5; order[++n]=name }
END {
    sec["sklearn-100k"] = sk; sec["xapian-100k"] = xa
    skps = np["sklearn-100k"] / sk
    printf "\n%-22s %9s %8s %11s %8s %10s %9s\n", "engine", "postings", "seconds", "postings/s", "MB/s", "x sklearn", "RSS MB"
    for (i = 1; i <= n; i++) {
        k = order[i]; ps = np[k] / sec[k]
        printf "%-22s %9d %8.2f %11.0f %8.1f %10.2f %9.1f\n", k, np[k], sec[k], ps, by[k] / sec[k] / 1e6, ps / skps, rss[k] / 1024
    }
    printf "(sklearn: fit excluded; xapian: indexing, its query took %.3f s; wc -w: the ceiling)\n", xq
    if (!have) { print "\njobmatch rank not available yet"; exit }
    one = "jobmatch-100k-t1"; all = "jobmatch-100k-t" ncpu
    big1 = "jobmatch-1m-t1"; bigN = "jobmatch-1m-t" ncpu
    r1 = (np[one] / sec[one]) / skps; rN = (np[all] / sec[all]) / skps
    printf "\ntargets (issue 6)\n"
    printf "  one core vs sklearn:     %6.2fx  (target >= 5, aim 10)  %s\n", r1, (r1 >= 5 ? "PASS" : "FAIL")
    printf "  %d threads vs sklearn:    %6.2fx\n", ncpu, rN
    s1 = (big1 in sec) ? big1 : one; sN = (bigN in sec) ? bigN : all
    sp = sec[s1] / sec[sN]
    printf "  speed-up, %d threads:     %6.2fx  (target >= 1.8, %s)  %s\n", ncpu, sp, s1, (sp >= 1.8 ? "PASS" : "FAIL")
    if (big1 in rss) {
        m = rss[big1] > rss[bigN] ? rss[big1] : rss[bigN]
        printf "  peak RSS at 1M postings: %6.1f MB (target < 100)  %s\n", m / 1024, (m < 100 * 1024 ? "PASS" : "FAIL")
    }
}' "$res"
if [ "$have_jm" = 1 ]; then
    for s in $sizes; do
        if cmp -s "$out/jobmatch-$s-t1.out" "$out/jobmatch-$s-t$ncpu.out"; then
            echo "  same bytes out for --threads 1 and $ncpu ($s): yes"
        else
            echo "  same bytes out for --threads 1 and $ncpu ($s): NO"
        fi
    done
else
    echo "  ($jm rank: $(head -1 "$out/probe.err"))"
fi

#!/bin/sh
# This file contains the Dask benchmark (issue 16): what running `match` on
# Dask distributed costs against one jobmatch process on the same cores.
#
#   sh bench/dask.sh [JOBMATCH] [SHARED]       (make bench-dask)
#
# It makes POSTINGS synthetic postings (bench/gen_postings.py, real
# sentences resampled, fixed seed; default 1,000,000) and CVS synthetic CVs
# (bench/gen_cvs.py, real CV sections resampled; default 1,000) under
# bench/out/dask/ (kept for the next run, never committed), then, in the same
# invocation so that the machine's load weighs on both:
#   - baseline: jobmatch match --json --top 10 --threads 2 CVS POSTINGS
#   - dask: a scheduler and 2 single-threaded worker processes on 127.0.0.1
#     (as a cluster runs them: `dask scheduler`, `dask worker`), and
#     python3 -m jobmatch.dask --scheduler ADDR match --top 10 CVS POSTINGS
# and prints the wall-clock seconds, the peak RSS of the jobmatch process
# and of each worker, the ratio dask / jobmatch (the engine's overhead) and
# whether the outputs are the same bytes (they must be). Then the same for
# the model build of the postings: `jobmatch model build` (one thread)
# against `python3 -m jobmatch.dask model-build` on the 2 workers.
#
# Environment: POSTINGS, CVS (counts), PARTITION (bytes of a partition,
# default 32M), PYTHON (default /usr/bin/python3), PYTHONPATH (the built
# package; make bench-dask sets it).
set -u
jm=${1:-./jobmatch}
shared=${2:-../shared}
: "${POSTINGS:=1000000}" "${CVS:=1000}" "${PARTITION:=32M}" "${PYTHON:=/usr/bin/python3}"
here=$(dirname "$0")
out=$here/out/dask
[ -d "$shared/corpora/postings" ] || { echo "bench-dask: $shared is absent" >&2; exit 1; }
command -v /usr/bin/time >/dev/null || { echo "bench-dask: needs GNU time (make bench-deps)" >&2; exit 1; }
mkdir -p "$out"

posts=$out/postings-$POSTINGS.jsonl
cvs=$out/cvs-$CVS
if [ ! -s "$posts" ]; then
    echo "making $POSTINGS postings" >&2
    "$PYTHON" "$here/gen_postings.py" "$shared" "$POSTINGS" "$posts.tmp" --seed=16 &&
        mv "$posts.tmp" "$posts" || exit 1
fi
if [ ! -d "$cvs" ]; then
    echo "making $CVS CVs" >&2
    "$PYTHON" "$here/gen_cvs.py" "$jm" "$shared" "$CVS" "$cvs.tmp" --seed=16 &&
        mv "$cvs.tmp" "$cvs" || exit 1
fi

# --- baseline: one jobmatch process, 2 threads ---------------------------
echo "jobmatch match --threads 2: $CVS CVs x $POSTINGS postings" >&2
/usr/bin/time -f "%e %M" -o "$out/cli.time" "$jm" match --json --top 10 --threads 2 \
    "$cvs" "$posts" >"$out/cli.out" 2>"$out/cli.err" || {
    [ $? = 3 ] || { echo "bench-dask: jobmatch match failed:" >&2; tail -3 "$out/cli.err" >&2; exit 1; }; }

# --- Dask: a scheduler and two worker processes ---------------------------
sched=$out/scheduler.json
rm -f "$sched"
"$PYTHON" -m distributed.cli.dask_scheduler --host 127.0.0.1 --port 0 --no-dashboard \
    --scheduler-file "$sched" >"$out/scheduler.log" 2>&1 &
spid=$!
pids=
for w in 1 2; do
    "$PYTHON" -m distributed.cli.dask_worker \
        --scheduler-file "$sched" --nthreads 1 --no-nanny --no-dashboard --host 127.0.0.1 \
        --local-directory "$out" --name "w$w" >"$out/worker$w.log" 2>&1 &
    pids="$pids $!"
done
stop() { kill $pids $spid 2>/dev/null; wait 2>/dev/null; }
trap stop EXIT
i=0
while [ ! -s "$sched" ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i + 1)); done
addr=$("$PYTHON" -c 'import json, sys; print(json.load(open(sys.argv[1]))["address"])' "$sched")
"$PYTHON" -c 'import sys; from distributed import Client
c = Client(sys.argv[1], timeout=60); c.wait_for_workers(2, timeout=60); c.close()' "$addr" || exit 1

echo "python3 -m jobmatch.dask match on 2 workers" >&2
/usr/bin/time -f "%e %M" -o "$out/dask.time" "$PYTHON" -m jobmatch.dask --scheduler "$addr" \
    match --top 10 --partition-size "$PARTITION" "$cvs" "$posts" >"$out/dask.out" 2>"$out/dask.err" || {
    [ $? = 3 ] || { echo "bench-dask: jobmatch.dask failed:" >&2; tail -3 "$out/dask.err" >&2; exit 1; }; }
echo "model build: jobmatch, then jobmatch.dask on 2 workers" >&2
/usr/bin/time -f "%e %M" -o "$out/cli-model.time" "$jm" model build -o "$out/cli.jm" "$posts" \
    2>"$out/cli-model.err" || [ $? = 3 ] || exit 1
/usr/bin/time -f "%e %M" -o "$out/dask-model.time" "$PYTHON" -m jobmatch.dask --scheduler "$addr" \
    model-build --partition-size "$PARTITION" -o "$out/dask.jm" "$posts" 2>"$out/dask-model.err" ||
    [ $? = 3 ] || { tail -3 "$out/dask-model.err" >&2; exit 1; }

# each worker's peak RSS (kB), asked of the workers themselves
"$PYTHON" -c 'import sys, resource; from distributed import Client
c = Client(sys.argv[1], timeout=60)
rss = c.run(lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
print("+".join("%.0f" % (v / 1024) for v in rss.values())); c.close()' "$addr" >"$out/workers.rss" 2>>"$out/scheduler.log"
stop
trap - EXIT

# --- the table ---------------------------------------------------------------
same=no
cmp -s "$out/cli.out" "$out/dask.out" && same=yes
same_model=no
cmp -s "$out/cli.jm" "$out/dask.jm" && same_model=yes
read cli_s cli_kb <"$out/cli.time"
read dask_s client_kb <"$out/dask.time"
read cm_s cm_kb <"$out/cli-model.time"
read dm_s dm_kb <"$out/dask-model.time"
workers=$(cat "$out/workers.rss")
awk -v c="$cli_s" -v d="$dask_s" -v ckb="$cli_kb" -v qkb="$client_kb" -v workers="$workers" \
    -v n="$POSTINGS" -v k="$CVS" -v same="$same" -v cm="$cm_s" -v dm="$dm_s" \
    -v cmkb="$cm_kb" -v same_model="$same_model" 'BEGIN {
    printf "%d CVs x %d postings, top 10 per CV (per cv)\n", k, n
    printf "%-34s %9s %12s\n", "", "seconds", "peak RSS MB"
    printf "%-34s %9.1f %12.0f\n", "jobmatch match --threads 2", c, ckb / 1024
    printf "%-34s %9.1f %12s\n", "jobmatch.dask, 2 worker processes", d, workers
    printf "%-34s %9s %12.0f\n", "  (its client)", "", qkb / 1024
    printf "ratio dask / jobmatch: %.2f (the engine'"'"'s overhead on the same 2 cores)\n", d / c
    printf "same bytes: %s\n", same
    printf "\nmodel build of the %d postings\n", n
    printf "%-34s %9.1f %12.0f\n", "jobmatch model build", cm, cmkb / 1024
    printf "%-34s %9.1f\n", "jobmatch.dask model-build, 2 workers", dm
    printf "ratio dask / jobmatch: %.2f; same bytes: %s\n", dm / cm, same_model
}'
[ "$same" = yes ] && [ "$same_model" = yes ]

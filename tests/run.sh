#!/bin/sh
# Runs every test: the unit tests (one binary), the CLI golden tests
# (tests/golden/NAME.cmd -> NAME.out [+ NAME.status]) and the CLI scripts
# (tests/cli/*.sh; exit 0 pass, 77 skip, else fail) and the Python package's
# tests (python/tests, pytest; each test counts). Prints one closing line:
# "N passed, N failed".
#
# Environment: JOBMATCH (the binary), UNIT (the unit test binary), RUN (a
# wrapper such as valgrind), SHARED (../shared), PYTEST (the command that
# runs pytest; empty: the Python tests are skipped), PYTHONPATH (where the
# built package is).
set -u
: "${JOBMATCH:=./jobmatch}" "${UNIT:=build/rel/unit_tests}" "${RUN:=}" "${SHARED:=../shared}"
export JOBMATCH RUN SHARED
JM="$RUN $JOBMATCH"
export JM
passed=0 failed=0 skipped=0
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

# 1. unit tests
$RUN "$UNIT" >"$tmp/unit.out" 2>"$tmp/unit.err"
status=$?
cat "$tmp/unit.err" >&2
summary=$(grep '^unit: ' "$tmp/unit.out")
if [ -z "$summary" ]; then
    echo "FAIL unit tests: the binary stopped (status $status) before its summary" >&2
    failed=$((failed + 1))
else
    set -- $summary   # unit: P ok, F not ok, S skipped
    passed=$((passed + $2)); failed=$((failed + ${4%,})); skipped=$((skipped + $7))
    [ "$status" -ne 0 ] && [ "${4%,}" -eq 0 ] && {
        echo "FAIL unit tests: exit status $status" >&2; failed=$((failed + 1)); }
fi

# 2. golden tests: run NAME.cmd from the repository root, compare stdout
for cmd in tests/golden/*.cmd; do
    [ -e "$cmd" ] || continue
    name=${cmd%.cmd}
    want_status=0
    [ -f "$name.status" ] && want_status=$(cat "$name.status")
    if grep -q '$SHARED' "$cmd" && [ ! -d "$SHARED" ]; then
        echo "skip $name: ../shared is absent" >&2
        skipped=$((skipped + 1)); continue
    fi
    sh -c "$(cat "$cmd")" >"$tmp/out" 2>"$tmp/err"
    got_status=$?
    if [ "$got_status" != "$want_status" ]; then
        echo "FAIL $name: exit status $got_status, expected $want_status" >&2
        sed 's/^/  stderr: /' "$tmp/err" | head -5 >&2
        failed=$((failed + 1))
    elif ! diff -u "$name.out" "$tmp/out" >"$tmp/diff"; then
        echo "FAIL $name: output differs" >&2
        head -40 "$tmp/diff" >&2
        failed=$((failed + 1))
    else
        passed=$((passed + 1))
    fi
done

# 3. CLI scripts
for t in tests/cli/*.sh; do
    [ -e "$t" ] || continue
    sh "$t" >"$tmp/out" 2>&1
    s=$?
    if [ $s -eq 0 ]; then passed=$((passed + 1))
    elif [ $s -eq 77 ]; then skipped=$((skipped + 1)); echo "skip $t: $(tail -1 "$tmp/out")" >&2
    else failed=$((failed + 1)); echo "FAIL $t (status $s):" >&2; tail -20 "$tmp/out" >&2
    fi
done

# 4. Python tests: pytest's summary line ("3 failed, 40 passed, 2 skipped
# in 9.1s") is added up; exit 5 (nothing collected) is a failure.
if [ -z "${PYTEST:-}" ]; then
    echo "skip python/tests: the package is built and tested on the regular build only" >&2
    skipped=$((skipped + 1))
else
    SHARED=$SHARED $PYTEST -q -rs -p no:cacheprovider python/tests >"$tmp/py.out" 2>&1
    s=$?
    # the summary line; Dask may print after it as the interpreter exits
    last=$(grep -E '^[0-9]+ (passed|failed|skipped|errors?)\b.* in [0-9.]+s' "$tmp/py.out" | tail -1)
    count() { echo "$last" | grep -o "[0-9]* $1" | grep -o '^[0-9]*' || echo 0; }
    p=$(count passed) f=$(count failed) e=$(count error) k=$(count skipped)
    passed=$((passed + p)); failed=$((failed + f + e)); skipped=$((skipped + k))
    grep '^SKIPPED' "$tmp/py.out" | sed 's/^/skip /' >&2
    if [ $s -eq 5 ]; then
        echo "FAIL python/tests: pytest collected no tests" >&2; failed=$((failed + 1))
    elif [ -z "$last" ] || [ $((p + f + e + k)) -eq 0 ]; then
        echo "FAIL python/tests: no pytest summary (status $s):" >&2
        tail -20 "$tmp/py.out" >&2; failed=$((failed + 1))
    elif [ $s -ne 0 ]; then
        [ $((f + e)) -eq 0 ] && failed=$((failed + 1))
        echo "FAIL python/tests (pytest status $s):" >&2; tail -60 "$tmp/py.out" >&2
    fi
fi

[ "$skipped" -gt 0 ] && echo "($skipped skipped)" >&2
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

#!/bin/sh
# Replays the inputs the fuzzers found (tests/fuzz-regress/TARGET/, one file
# each, named after the bug) with the regular build: through the fuzz
# target's own checks (build/VARIANT/fuzz/replay_TARGET, see fuzz/replay.c)
# and through the command line, which must end with status 0, or 1 with a
# message naming the file (3 for rank's skipped records), never a crash or
# a sanitizer report.
set -u
JM=${JM:-./jobmatch}
JOBMATCH=${JOBMATCH:-./jobmatch}
RUN=${RUN:-}
replay=$(dirname "$JOBMATCH")/fuzz
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
# a sanitizer report must not pass for the status 1 of bad input
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}exitcode=99"
UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}exitcode=99"
export ASAN_OPTIONS UBSAN_OPTIONS
cv=data/examples/seed-cv.md
posting=data/examples/posting-data-engineer.txt
n=0

# clean FILE WHAT: no sanitizer report or crash message in stderr file
clean() {
    if grep -qE 'runtime error|AddressSanitizer|LeakSanitizer|Assertion|check failed' "$1"; then
        sed 's/^/  /' "$1" | head -20
        fail "$2"
    fi
}

# cli FILE ALLOWED CMD...: runs CMD, expects one of the ALLOWED statuses, and
# with status 1 a message naming FILE
cli() {
    f=$1 allowed=$2
    shift 2
    "$@" >"$tmp/out" 2>"$tmp/err"
    st=$?
    clean "$tmp/err" "$* ($f)"
    case " $allowed " in *" $st "*) ;; *) sed 's/^/  /' "$tmp/err" | head -5
        fail "$* : status $st, expected one of $allowed";; esac
    if [ "$st" = 1 ] && ! grep -qF "$f" "$tmp/err"; then
        fail "$*: status 1 without a message naming $f: $(head -2 "$tmp/err")"
    fi
}

for t in analyzer cv_text json_resume posting model occupations occbin; do
    dir=tests/fuzz-regress/$t
    [ -d "$dir" ] || continue
    [ -x "$replay/replay_$t" ] || fail "$replay/replay_$t is not built (make test builds it)"
    $RUN "$replay/replay_$t" "$dir" >"$tmp/out" 2>"$tmp/err"
    st=$?
    clean "$tmp/err" "replay_$t $dir"
    [ "$st" = 0 ] || { tail -20 "$tmp/err"; fail "replay_$t $dir: status $st"; }
    for f in "$dir"/*; do
        [ -f "$f" ] || continue
        n=$((n + 1))
        case $t in
        analyzer)    cli "$f" "0 1" $JM analyze --json "$f" ;;
        cv_text|json_resume)
                     cli "$f" "0 1" $JM sections "$f"
                     cli "$f" "0 1" $JM score --json "$f" "$posting" ;;
        posting)     cli "$f" "0 1" $JM sections --posting "$f"
                     cli "$f" "0 1" $JM keywords "$f"
                     cli "$f" "0 1 3" $JM rank --json "$cv" - <"$f" ;;
        model)       cli "$f" "0 1" $JM model info "$f"
                     cli "$f" "0 1" $JM score --model "$f" "$cv" "$posting" ;;
        occupations) cli "$f" "0 1" $JM score --occupations "$f" "$cv" "$posting"
                     cli "$f" "0 1" $JM score --json --occupations "$f" "$cv" "$posting"
                     cli "$f" "0 1 3" $JM rank --occupations "$f" "$cv" "$posting" ;;
        occbin)      ;;  # no command reads a compiled table: the replay only
        esac
    done
done
echo "ok: $n regression inputs"

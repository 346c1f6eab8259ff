#!/bin/sh
# The bad-input cases that need big generated inputs or a special setup
# (the others are goldens, tests/golden/bad-*): a file without read
# permission, a 64 MB single line (at the JSON Lines limit and one byte
# over), a 1,000,000-line JSON Lines file with three malformed lines, and
# stdout closed early (| head -1). Big inputs are made here, in a temporary
# folder, never committed. Under valgrind (RUN set) the big cases are left
# out: they would take many minutes.
set -u
JM=${JM:-./jobmatch}
RUN=${RUN:-}
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
p=data/examples/posting-data-engineer.txt
printf 'Jane Doe\n\nSKILLS\nPython, SQL, Kubernetes, Spark\n' >"$tmp/cv.md"
cv=$tmp/cv.md
big=1
case "$RUN" in *valgrind*) big=0; echo "skip: 64 MB and 1,000,000-line cases under valgrind" ;; esac

# --- no read permission: exit 1, the message names the file --------------
# root reads anything, so the command runs as nobody when we are root
cp "$cv" "$tmp/noperm.md" && chmod 000 "$tmp/noperm.md" && chmod 755 "$tmp"
as_user=
if [ "$(id -u)" != 0 ]; then
    as_user=run_plain
elif command -v setpriv >/dev/null &&
     setpriv --reuid=65534 --regid=65534 --clear-groups true 2>/dev/null; then
    as_user=run_setpriv
elif su nobody -s /bin/sh -c true 2>/dev/null; then
    as_user=run_su
fi
run_plain() { "$@"; }
run_setpriv() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
run_su() { q=; for a in "$@"; do q="$q '$a'"; done; su nobody -s /bin/sh -c "$q"; }
if [ -z "$as_user" ]; then
    echo "skip: no read permission (root, and neither setpriv nor su works)"
elif ! $as_user $JM --version >/dev/null 2>&1; then
    echo "skip: no read permission (the binary cannot run as nobody from here)"
else
    for args in "score $tmp/noperm.md $p" "rank $cv $tmp/noperm.md" \
                "rank --cvs $p $tmp/noperm.md"; do
        $as_user $JM $args >"$tmp/out" 2>"$tmp/err"
        st=$?
        [ "$st" = 1 ] || fail "no read permission ($args): status $st, expected 1"
        grep -qx "jobmatch: $tmp/noperm.md: Permission denied" "$tmp/err" ||
            fail "no read permission ($args): stderr: $(cat "$tmp/err")"
    done
fi

# --- a 64 MB single line --------------------------------------------------
if [ $big = 1 ]; then
    max=67108864   # the JSON Lines limit (jobmatch(1), LIMITS)
    # a CV that is one 64 MiB line of words: read and scored (exit 0)
    yes 'python sql data' | head -c $max | tr '\n' ' ' >"$tmp/long.md"
    $JM score "$tmp/long.md" "$p" >"$tmp/out" 2>"$tmp/err"
    st=$?
    [ "$st" = 0 ] || fail "64 MB one-line CV: status $st: $(cat "$tmp/err")"
    [ -s "$tmp/err" ] && fail "64 MB one-line CV: stderr: $(cat "$tmp/err")"
    grep -q '^Score 0\.[0-9]*[1-9]' "$tmp/out" || fail "64 MB one-line CV: no score: $(head -1 "$tmp/out")"
    # in rank a whole file is one record, with the same limit: a file of
    # exactly 64 MiB is ranked, one byte more is reported and skipped
    $JM rank --json "$cv" "$tmp/long.md" >"$tmp/out" 2>"$tmp/err"
    st=$?
    [ "$st" = 0 ] && grep -q '"ranked":1,"skipped":0}' "$tmp/out" ||
        fail "64 MiB file in rank: status $st: $(cat "$tmp/err")"
    printf ' ' >>"$tmp/long.md"
    $JM rank --json "$cv" "$tmp/long.md" >"$tmp/out" 2>"$tmp/err"
    st=$?
    [ "$st" = 3 ] || fail "64 MiB + 1 file in rank: status $st, expected 3"
    grep -qx "$tmp/long.md: file longer than $max bytes (skipped)" "$tmp/err" ||
        fail "64 MiB + 1 file in rank: stderr: $(cat "$tmp/err")"
    # a JSON Lines record of exactly the limit is ranked; one byte more is
    # reported as FILE:LINE and skipped, and the line after it is ranked
    line() {   # a record of $1 bytes (without its newline)
        printf '{"id":"long","title":"Python engineer","description":"'
        yes 'python sql data' | head -c $(($1 - 56)) | tr '\n' ' '
        printf '"}\n'
    }
    line $max >"$tmp/at.jsonl"
    [ "$(wc -c <"$tmp/at.jsonl")" = $((max + 1)) ] || fail "test bug: record size"
    $JM rank --json "$cv" "$tmp/at.jsonl" >"$tmp/out" 2>"$tmp/err"
    st=$?
    [ "$st" = 0 ] || fail "64 MiB JSON line: status $st: $(cat "$tmp/err")"
    grep -q '"id":"long"' "$tmp/out" && grep -q '"ranked":1,"skipped":0}' "$tmp/out" ||
        fail "64 MiB JSON line not ranked: $(tail -c 300 "$tmp/out")"
    { line $((max + 1)); echo '{"id":"next","title":"Data engineer","description":"SQL"}'; } >"$tmp/over.jsonl"
    $JM rank --json "$cv" "$tmp/over.jsonl" >"$tmp/out" 2>"$tmp/err"
    st=$?
    [ "$st" = 3 ] || fail "64 MiB + 1 JSON line: status $st, expected 3"
    grep -qx "$tmp/over.jsonl:1: line longer than $max bytes (skipped)" "$tmp/err" ||
        fail "64 MiB + 1 JSON line: stderr: $(cat "$tmp/err")"
    grep -q '"id":"next"' "$tmp/out" && grep -q '"ranked":1,"skipped":1}' "$tmp/out" ||
        fail "the line after an over-long one: $(tail -c 300 "$tmp/out")"
    rm -f "$tmp"/long.md "$tmp"/at.jsonl "$tmp"/over.jsonl
fi

# --- 1,000,000 JSON lines, three malformed --------------------------------
# every good record ranked (999,997), the three reported as FILE:LINE, exit
# 3; the one record that matches the CV, far past the first bad line, wins
if [ $big = 1 ]; then
    awk 'BEGIN {
        for (i = 1; i <= 1000000; i++) {
            if (i == 10 || i == 500000 || i == 1000000) print "{\"id\":\"bad\",\"title\":"
            else if (i == 777777) print "{\"id\":\"p777777\",\"title\":\"Python engineer\",\"description\":\"Python, SQL, Kubernetes and Spark\"}"
            else printf "{\"id\":\"p%d\",\"title\":\"Baker %d\",\"description\":\"bread and pastry %d\"}\n", i, i % 97, i % 1013
        } }' >"$tmp/million.jsonl"
    $JM rank --json --top 1 --threads 2 "$cv" "$tmp/million.jsonl" >"$tmp/out" 2>"$tmp/err"
    st=$?
    [ "$st" = 3 ] || fail "1M lines: status $st, expected 3: $(head -5 "$tmp/err")"
    grep -q '"ranked":999997,"skipped":3}' "$tmp/out" || fail "1M lines: counts: $(tail -c 200 "$tmp/out")"
    grep -q '"rank":1,"id":"p777777"' "$tmp/out" || fail "1M lines: the best record is not first: $(head -3 "$tmp/out")"
    printf '%s\n' "$tmp/million.jsonl:10: invalid JSON: unexpected end at column 21" \
        "$tmp/million.jsonl:500000: invalid JSON: unexpected end at column 21" \
        "$tmp/million.jsonl:1000000: invalid JSON: unexpected end at column 21" \
        "jobmatch: 3 malformed records skipped" >"$tmp/want"
    diff "$tmp/want" "$tmp/err" >"$tmp/diff" || fail "1M lines: stderr: $(cat "$tmp/diff")"
    rm -f "$tmp/million.jsonl"
fi

# --- stdout closed early: exit 0 or death by SIGPIPE, nothing on stderr ---
awk 'BEGIN { for (i = 1; i <= 3000; i++)
    printf "{\"id\":\"p%d\",\"title\":\"Engineer %d\",\"description\":\"Python and SQL %d\"}\n", i, i, i }' >"$tmp/p.jsonl"
yes 'Python SQL Kubernetes data engineering' | head -n 20000 >"$tmp/words.txt"
# (valgrind's own report on a process that SIGPIPE killed, lines "==PID==",
# is not the program's output: it is left out)
for args in "rank --top 3000 $cv $tmp/p.jsonl" "rank --json --top 3000 $cv $tmp/p.jsonl" \
            "analyze $tmp/words.txt" "analyze --json $tmp/words.txt"; do
    { $JM $args 2>"$tmp/err0"; echo $? >"$tmp/st"; } | head -1 >/dev/null
    grep -v '^==[0-9]*==' "$tmp/err0" >"$tmp/err"
    st=$(cat "$tmp/st")
    [ "$st" = 0 ] || [ "$st" = 141 ] || fail "| head -1 ($args): status $st, expected 0 or 141"
    [ -s "$tmp/err" ] && fail "| head -1 ($args): stderr: $(head -3 "$tmp/err")"
done
# with SIGPIPE ignored (as under some shells and CI runners): EPIPE, exit 0, quiet
if (trap '' PIPE; { $JM rank --top 3000 "$cv" "$tmp/p.jsonl" 2>"$tmp/err"; echo $? >"$tmp/st"; } | head -1 >/dev/null); then :; fi
[ "$(cat "$tmp/st")" = 0 ] || fail "| head -1 with SIGPIPE ignored: status $(cat "$tmp/st")"
[ -s "$tmp/err" ] && fail "| head -1 with SIGPIPE ignored: stderr: $(head -3 "$tmp/err")"
echo "ok"
exit 0

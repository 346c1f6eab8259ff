#!/bin/sh
# This file contains the test of the manual pages doc/jobmatch.1 and
# doc/libjobmatch.3: both lint without a warning (groff -man -ww, mandoc
# -Tlint), both render (groff -Tutf8, and man -l where man-db is
# installed), and every option that any command's --help prints is named
# in jobmatch(1). The option check first proves that it can fail: on a copy
# of the page with one option taken out, it must name that option. Run from
# the repository root by tests/run.sh; exit 0 pass, 77 skip, else fail.
set -u
JM=${JM:-./jobmatch}
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail() { echo "man-pages.sh: $*"; exit 1; }
pages="doc/jobmatch.1 doc/libjobmatch.3"

# `make test` installs both linters (make doc-deps); without apt they may
# be missing, and then this test cannot judge the pages.
for tool in groff mandoc; do
    command -v $tool >/dev/null ||
        { echo "$tool is not installed (make doc-deps installs it)"; exit 77; }
done

# 1. Lint: no warning of any level from either tool.
for page in $pages; do
    groff -man -ww -z "$page" >"$tmp/lint" 2>&1 || fail "groff failed on $page: $(cat "$tmp/lint")"
    [ -s "$tmp/lint" ] && fail "groff -man -ww warns about $page:
$(cat "$tmp/lint")"
    mandoc -Tlint "$page" >"$tmp/lint" 2>&1 || fail "mandoc -Tlint on $page:
$(cat "$tmp/lint")"
    [ -s "$tmp/lint" ] && fail "mandoc -Tlint warns about $page:
$(cat "$tmp/lint")"
done

# 2. Render: the title line and the NAME section come out, as text a
# terminal shows (and as man -l shows it, where man-db is there).
check_render() {  # FILE-OF-OUTPUT PAGE TITLE
    grep -q "^$3" "$1" || fail "$2 rendered without its title line $3: $(head -3 "$1")"
    grep -q '^NAME' "$1" || fail "$2 rendered without a NAME section"
    grep -q '^SEE ALSO' "$1" || fail "$2 rendered without a SEE ALSO section"
}
for page in $pages; do
    case $page in *.1) title='JOBMATCH(1)';; *) title='LIBJOBMATCH(3)';; esac
    groff -man -Tutf8 -P-cbou "$page" >"$tmp/render" 2>"$tmp/err" || fail "groff -Tutf8 $page failed"
    [ -s "$tmp/err" ] && fail "groff -Tutf8 $page: $(cat "$tmp/err")"
    check_render "$tmp/render" "$page" "$title"
    # (a minimized Ubuntu has a stub /usr/bin/man that prints no version)
    if man --version 2>/dev/null | grep -q '^man ' && command -v col >/dev/null; then
        MANPAGER=cat MANWIDTH=80 man -l "$page" 2>"$tmp/err" | col -b >"$tmp/render" ||
            fail "man -l $page failed: $(cat "$tmp/err")"
        check_render "$tmp/render" "$page" "$title"
    fi
done

# 3. Options. The commands come from the top-level --help (a command added
# there is checked here without a change), each command's --help gives
# its options; model's subcommands share one --help.
$JM --help >"$tmp/help" 2>&1 || fail "jobmatch --help: status $?"
cmds=$(sed -n 's/^  \([a-z][a-z]*\) .*/\1/p' "$tmp/help" | sort -u)
[ -n "$cmds" ] || fail "no command found in jobmatch --help"
for c in $cmds; do
    $JM "$c" --help >>"$tmp/help" 2>&1 || fail "jobmatch $c --help: status $?"
done
# Every option token: --long, and -x short ones standing alone (-o OUT).
grep -o -E '(^|[^A-Za-z0-9-])--?[a-z][a-z0-9-]*' "$tmp/help" |
    sed 's/^[^-]*//' | grep -E '^(--[a-z]|-[a-z]$)' | sort -u >"$tmp/options"
n=$(wc -l <"$tmp/options")
[ "$n" -ge 15 ] || fail "only $n options found in the --help texts: $(cat "$tmp/options")"

# The page as plain text for the search: roff's \- is -, font escapes and
# \& go. Prints the options of $tmp/options that PAGE does not name.
missing_in() {
    sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' -e 's/\\f\[[A-Za-z]*\]//g' -e 's/\\&//g' "$1" \
        >"$tmp/page.txt"
    while read -r opt; do
        grep -q -E -e "(^|[^A-Za-z0-9-])$opt([^A-Za-z0-9-]|\$)" "$tmp/page.txt" || echo "$opt"
    done <"$tmp/options"
}
miss=$(missing_in doc/jobmatch.1)
[ -z "$miss" ] || fail "options that --help prints and doc/jobmatch.1 does not name:
$miss"
# The check must be able to fail: without the last option, it names it.
victim=$(tail -1 "$tmp/options")
sed -e 's/\\-/-/g' doc/jobmatch.1 |
    sed -E "s/(^|[^A-Za-z0-9-])$victim([^A-Za-z0-9-]|\$)/\1\2/g" >"$tmp/cut.1"
[ "$(missing_in "$tmp/cut.1")" = "$victim" ] ||
    fail "the option check did not notice $victim missing (it said: $(missing_in "$tmp/cut.1"))"
echo "man-pages.sh: ok ($n options, $(echo "$cmds" | wc -w) commands)"
exit 0

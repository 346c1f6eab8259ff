#!/bin/sh
# The library's stage folders include only the folders below them in the
# data flow, and modules (src/DIR/NAME.c with NAME.h) include one another
# without a cycle. The order, lowest first:
#
#   base  text  read  model  score  rank
#
# (a folder may include its own headers), and src/cli/ includes only the
# public header and its own. A change that ties a stage to one above it
# fails here, naming the file and the include. Run from the repository
# root; SRC=DIR checks another tree.
set -u
if [ -z "${SRC:-}" ]; then
    # First the check itself: a made-up tree with an upward include, and
    # one with a cycle inside a folder, must both fail.
    t=$(mktemp -d) || exit 1
    mkdir -p "$t/up/base" "$t/up/read" "$t/cycle/read"
    printf '#include "read/document.h"\n' >"$t/up/base/common.c"
    printf '#include "read/b.h"\n' >"$t/cycle/read/a.h"
    printf '#include "read/a.h"\n' >"$t/cycle/read/b.h"
    for tree in up cycle; do
        if SRC="$t/$tree" sh "$0" >/dev/null 2>&1; then
            echo "FAIL: the check passes a tree with $tree in it"; rm -rf "$t"; exit 1
        fi
    done
    rm -rf "$t"
fi
SRC=${SRC:-src}
ORDER="base text read model score rank"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

rank_of() {
    i=0
    for d in $ORDER; do
        [ "$d" = "$1" ] && { echo $i; return; }
        i=$((i + 1))
    done
    echo -1
}

status=0
for f in "$SRC"/*/*.[chS]; do
    [ -e "$f" ] || continue
    dir=$(basename "$(dirname "$f")")
    mod="$dir/$(basename "$f" | sed 's/\.[chS]$//')"
    # every quoted include: "DIR/NAME.h" or "jobmatch.h"
    sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$f" |
    while read -r inc; do
        case "$inc" in
        jobmatch.h) continue ;;
        */*) ;;
        *) echo "FAIL $f: #include \"$inc\" does not name its folder"; echo x >>"$tmp/bad"
           continue ;;
        esac
        idir=${inc%%/*}
        imod=${inc%.h}
        if [ "$dir" = cli ]; then
            [ "$idir" = cli ] && continue
            echo "FAIL $f: the command line includes \"$inc\"; it is a client of jobmatch.h only"
            echo x >>"$tmp/bad"; continue
        fi
        r=$(rank_of "$dir"); ir=$(rank_of "$idir")
        if [ "$r" -lt 0 ]; then
            echo "FAIL $f: folder $dir is not in the stage order ($ORDER)"; echo x >>"$tmp/bad"
        elif [ "$ir" -lt 0 ] || [ "$ir" -gt "$r" ]; then
            echo "FAIL $f: includes \"$inc\", a stage above $dir (order: $ORDER)"
            echo x >>"$tmp/bad"
        elif [ "$imod" != "$mod" ]; then
            echo "$mod $imod" >>"$tmp/edges"
        fi
    done
done
[ -e "$tmp/bad" ] && status=1

# Module cycles (within a folder; the order rules out the others): tsort
# names the modules of a loop.
if [ -s "$tmp/edges" ] && ! tsort "$tmp/edges" >/dev/null 2>"$tmp/tsort"; then
    echo "FAIL: an include cycle between modules:"
    cat "$tmp/tsort"
    status=1
fi
[ "$status" -eq 0 ] && echo "ok: $(wc -l <"$tmp/edges" 2>/dev/null || echo 0) module includes, no stage above, no cycle"
exit $status

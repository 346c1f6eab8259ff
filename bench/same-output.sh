#!/bin/sh
# This file contains the before/after check of a speed change (issue 17):
# two jobmatch binaries must print the very same bytes on real inputs.
#
#   sh bench/same-output.sh OLD_JOBMATCH NEW_JOBMATCH [SHARED]
#
# It runs both on: `score --json` and `gaps --json` of every CV of
# SHARED/eval/cvs-vanetik and the seed CV against four example postings;
# `keywords --json` of those postings; `rank --json --top 50` of five CVs
# over all of SHARED/corpora/postings on 1 and 2 threads; `rank --cvs` of
# one posting over all the CVs; `analyze --json` of two whole corpus files
# and of every CV; `sections --json` of every CV. It prints one line per
# kind of run and "N same, N different"; exit status 1 when any output (or
# exit status) differs, 77 when SHARED is absent.
set -u
old=${1:?usage: same-output.sh OLD NEW [SHARED]}
new=${2:?usage: same-output.sh OLD NEW [SHARED]}
shared=${3:-../shared}
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
cvs=$shared/eval/cvs-vanetik
postings=$shared/corpora/postings
if [ ! -d "$cvs" ] || [ ! -d "$postings" ]; then
    echo "same-output.sh: $shared/eval or corpora is absent: nothing to compare"
    exit 77
fi
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
same=0 diff=0

# check NAME ARGS...: runs both binaries with ARGS; compares stdout and status.
check() {
    name=$1; shift
    "$old" "$@" >"$tmp/old" 2>/dev/null; so=$?
    "$new" "$@" >"$tmp/new" 2>/dev/null; sn=$?
    if [ "$so" = "$sn" ] && cmp -s "$tmp/old" "$tmp/new"; then
        same=$((same + 1))
    else
        diff=$((diff + 1))
        echo "DIFFERENT: $name (status $so vs $sn): $*"
        diff "$tmp/old" "$tmp/new" | head -5
    fi
}

ex=$root/data/examples
jobs="$ex/posting-data-engineer.txt $ex/posting-ml-platform-engineer.md \
      $ex/posting-registered-nurse.txt $ex/posting-accountant-cpa.json"
all_cvs="$shared/cv/seed-cv.md $(ls "$cvs"/*.txt)"
for j in $jobs; do check keywords keywords --json "$j"; done
for cv in $all_cvs; do
    for j in $jobs; do
        check score score --json "$cv" "$j"
        check gaps gaps --json "$cv" "$j"
    done
    check sections sections --json "$cv"
    check analyze analyze --json "$cv"
done
echo "score, gaps, keywords, sections, analyze of the CVs: $same same, $diff different"
for cv in "$shared/cv/seed-cv.md" $(ls "$cvs"/*.txt | head -4); do
    for t in 1 2; do check rank rank --json --top 50 --threads "$t" "$cv" "$postings"; done
done
check rank-cvs rank --cvs --json --top 70 "$ex/posting-data-engineer.txt" "$cvs"
for f in linkedin-sample.jsonl skillspan.jsonl; do check analyze analyze --json "$postings/$f"; done
echo "$same same, $diff different"
[ "$diff" = 0 ]

#!/bin/sh
# Builds the default background model (data/model.jm) from every posting in
# SHARED/corpora/postings: count (model build), then finalize. Reproducible:
# the same inputs and the same jobmatch give the same bytes (no paths, no
# times, sorted lines). See corpora/README.md.
#
# usage: sh scripts/build_model.sh [JOBMATCH] [SHARED] [OUT]
set -eu
jm=${1:-./jobmatch}
shared=${2:-../shared}
out=${3:-data/model.jm}
postings=$shared/corpora/postings

if [ ! -d "$postings" ]; then
    echo "build_model.sh: $postings is absent: cannot build the model" >&2
    exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

# Counting never loads a model (so a stale data/model.jm does not matter).
status=0
"$jm" model build -o "$tmp/counts.jm" "$postings" || status=$?
if [ "$status" -ne 0 ] && [ "$status" -ne 3 ]; then
    echo "build_model.sh: model build failed" >&2
    exit "$status"
fi
"$jm" model finalize -o "$tmp/model.jm" "$tmp/counts.jm"
mv "$tmp/model.jm" "$out"
"$jm" model info --top 5 "$out"
echo "build_model.sh: wrote $out; run make again to embed it" >&2

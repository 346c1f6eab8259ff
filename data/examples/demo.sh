#!/bin/sh
# make demo: runs the main job on the shipped examples.
jm=${1:-./jobmatch}
dir=$(dirname "$0")
echo "== jobmatch analyze data/examples/seed-cv.md (first 25 terms)"
"$jm" analyze "$dir/seed-cv.md" | head -25

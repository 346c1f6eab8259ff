#!/bin/sh
# make demo: the main job on the shipped examples. A job seeker's questions
# (how well does my CV fit, why, what should I add), then ranking many
# postings for the CV, and the recruiter's way round (CVs for a posting);
# then the same as pages to open in a browser (build/demo/).
set -u
jm=${1:-./jobmatch}
dir=$(dirname "$0")
cv=$dir/seed-cv.md
llm=$dir/posting-llm-research-scientist.md

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "jobmatch score $cv $llm"
"$jm" score "$cv" "$llm"

step "jobmatch gaps --top 8 $cv $dir/posting-ml-platform-engineer.md"
"$jm" gaps --top 8 "$cv" "$dir/posting-ml-platform-engineer.md"

step "jobmatch keywords --top 12 $dir/posting-data-engineer.txt"
"$jm" keywords --top 12 "$dir/posting-data-engineer.txt"

step "jobmatch rank --top 5 $cv $dir/posting-* $dir/postings.jsonl"
"$jm" rank --top 5 "$cv" "$dir"/posting-* "$dir/postings.jsonl"

step "jobmatch sections $cv"
"$jm" sections "$cv"

step "jobmatch analyze $cv (the first 12 terms)"
"$jm" analyze "$cv" | head -12

out=build/demo
mkdir -p "$out"
step "jobmatch report -o $out/report.html $cv $llm"
"$jm" report -o "$out/report.html" "$cv" "$llm" &&
    echo "wrote $out/report.html ($(wc -c <"$out/report.html") bytes): open it in a browser"
step "jobmatch rank --html -o $out/ranked.html $cv $dir/posting-* $dir/postings.jsonl"
"$jm" rank --html -o "$out/ranked.html" "$cv" "$dir"/posting-* "$dir/postings.jsonl" &&
    echo "wrote $out/ranked.html ($(wc -c <"$out/ranked.html") bytes): open it in a browser"

#!/bin/sh
# Section weights, measured (make bench-weights):
#   sh bench/weights.sh ./jobmatch ../shared
# Runs the two ranking-quality measures of bench/ (auc.py: the seed CV's
# ML postings against four other occupations; ndcg.py: real CVs finding
# postings of their own occupation) with the built-in weights and with each
# alternative below, one line each. The defaults in src/score/weights.c are the
# ones this table supports; rerun it after changing the analyzer or model.
set -eu
jm=$(cd "$(dirname "${1:-./jobmatch}")" && pwd)/$(basename "${1:-./jobmatch}")
shared=${2:-../shared}
here=$(dirname "$0")
py=${PYTHON:-/usr/bin/python3}
[ -d "$shared/corpora/postings" ] || { echo "bench-weights: $shared is absent; skipped"; exit 0; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp "$jm" "$tmp/jobmatch"    # a rebuild during the run must not mix versions

flat=$(for k in contact summary skills experience projects education publications \
    patents awards certifications languages links volunteering interests references \
    title responsibilities requirements preferred about benefits legal other; do
    printf '%s=1,' "$k"; done)

printf '%-58s %6s %8s\n' "weights (overrides of the defaults)" "AUC" "nDCG@10"
for w in "" "contact=0" "contact=1" "$flat" "skills=1,experience=1" \
         "skills=2,experience=1.5" "title=1" "title=3" "requirements=1,preferred=1" \
         "about=1,benefits=1" "occupation=0" "occupation=0.3"; do
    if [ -n "$w" ]; then
        printf '#!/bin/sh\nexec "%s" "$@" --weights "%s"\n' "$tmp/jobmatch" "$w" > "$tmp/jm"
    else
        printf '#!/bin/sh\nexec "%s" "$@"\n' "$tmp/jobmatch" > "$tmp/jm"
    fi
    chmod +x "$tmp/jm"
    auc=$("$py" "$here/auc.py" "$tmp/jm" "$shared" | sed -n 's/^jobmatch score *AUC \([0-9.]*\).*/\1/p')
    ndcg=$("$py" "$here/ndcg.py" "$tmp/jm" "$shared" | sed -n 's/^jobmatch rank *nDCG@10 \([0-9.]*\).*/\1/p')
    label=${w:-"(defaults)"}
    [ "$w" = "$flat" ] && label="every section 1 (flat)"
    printf '%-58s %6s %8s\n' "$label" "$auc" "$ndcg"
done

#!/bin/sh
# This file contains the quality benchmarks (make bench-quality):
#
#   sh bench/quality.sh [JOBMATCH] [SHARED]
#
# 1. keywords against SkillSpan's gold spans (bench/quality.py, issue 5);
# 2. AUC of the seed CV, ML/AI postings against nursing, legal, teaching and
#    sales postings (bench/auc.py, issue 5);
# 3. nDCG@10 of real CVs against postings labelled by occupation
#    (bench/ndcg.py, issue 6);
# 4. the same over 34 occupation groups, each counted once, with a bootstrap
#    interval of the ratio to scikit-learn (bench/ndcg_macro.py, issue 13).
# Each prints scikit-learn's (and Xapian's) figures, and jobmatch's once the
# command it needs exists. PYTHON defaults to /usr/bin/python3, the
# interpreter that has Debian's python3-sklearn.
set -u
jm=${1:-./jobmatch}
shared=${2:-../shared}
here=$(cd "$(dirname "$0")" && pwd)
PYTHON=${PYTHON:-/usr/bin/python3}
[ -x "$PYTHON" ] || PYTHON=python3
if [ ! -f "$shared/eval/skillspan/gold-train-dev.jsonl" ]; then
    echo "quality.sh: $shared/eval missing; skipped" >&2
    exit 0
fi
# The binary is copied once, so that a rebuild during the run (several people
# share the tree) cannot mix two versions in one table.
if [ -x "$jm" ]; then
    mkdir -p "$here/out" && cp "$jm" "$here/out/jobmatch-quality" && jm=$here/out/jobmatch-quality
fi
status=0
for b in quality auc ndcg ndcg_macro; do
    [ -f "$here/$b.py" ] || continue
    echo "== $b"
    "$PYTHON" "$here/$b.py" "$jm" "$shared" || status=1
    echo
done
exit $status

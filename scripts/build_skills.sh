#!/bin/sh
# Builds data/skills.jm: document frequencies of terms over skill statements
# (every ESCO skill label and alternative label, every O*NET task statement
# and technology name: one statement, one document), counted by jobmatch's
# own analyzer. `keywords` uses it to tell words that name skills ("docker",
# "test", "budget") from words a posting merely contains ("love", "date").
# Reproducible: sorted input, no paths or times.
#
# usage: sh scripts/build_skills.sh [JOBMATCH] [SHARED] [OUT]
set -eu
jm=${1:-./jobmatch}
shared=${2:-../shared}
out=${3:-data/skills.jm}
for f in "$shared/lexicon/esco-skills_en_subset_with_altlabels.csv" \
         "$shared/corpora/onet/Task_Statements.txt" \
         "$shared/corpora/onet/Technology_Skills.txt"; do
    [ -f "$f" ] || { echo "build_skills.sh: $f is absent" >&2; exit 1; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

python3 - "$shared" "$tmp/skills.jsonl" <<'PY'
import csv, json, sys
shared, out = sys.argv[1], sys.argv[2]
statements = set()
with open(shared + '/lexicon/esco-skills_en_subset_with_altlabels.csv', encoding='utf-8') as f:
    for row in csv.DictReader(f):
        statements.add(row['preferredLabel'].strip())
        statements.update(a.strip() for a in row['altLabels'].split('\n'))
for name, column in (('Task_Statements.txt', 'Task'), ('Technology_Skills.txt', 'Example')):
    with open(shared + '/corpora/onet/' + name, encoding='utf-8') as f:
        for row in csv.DictReader(f, delimiter='\t', quoting=csv.QUOTE_NONE):
            statements.add(row[column].strip())
statements.discard('')
with open(out, 'w', encoding='utf-8') as f:
    for s in sorted(statements):
        f.write(json.dumps({'description': s}, ensure_ascii=False) + '\n')
print('build_skills.sh: %d distinct skill statements' % len(statements), file=sys.stderr)
PY
"$jm" model build --finalize --min-df 1 -o "$tmp/skills.jm" "$tmp/skills.jsonl"
mv "$tmp/skills.jm" "$out"
echo "build_skills.sh: wrote $out; run make again to embed it" >&2

#!/usr/bin/env python3
"""This file contains the AUC benchmark of issue 5: does the seed CV score
higher against machine-learning and AI postings than against nursing,
legal, teaching and sales postings?

    auc.py JOBMATCH SHARED [--regen]

The sets are 40 postings each, chosen by title from the background postings
of SHARED/corpora/postings (ML/AI: machine learning, artificial intelligence,
AI, ML, data scientist, deep learning, NLP, computer vision, research
scientist; the other four by their own words), a title matching two groups is
left out, re-posts (same description start) count once, descriptions have at
least 200 characters; within a group the order is sha1(id), so the choice is
deterministic. The ids are written to bench/auc-sets.tsv (group TAB id), and
read back from there when it exists (--regen recomputes it), so that the C
test scores the same postings.

The AUC is the probability that a random ML/AI posting outscores a random
other one (ties count half), for scikit-learn's TF-IDF cosine (sublinear
uni+bigrams, English stopwords, fitted on all background postings) and for
`jobmatch score --json CV POSTING` ("score"; each posting written as a JSON
object file), once that command exists. Target: jobmatch >= 0.90.
"""
import hashlib
import json
import os
import re
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
SETS = os.path.join(HERE, 'auc-sets.tsv')
CV = os.path.join(HERE, '..', 'data', 'examples', 'seed-cv.md')
PER_GROUP = 40
GROUPS = [
    ('ml', r'machine learning|artificial intelligence|\bAI\b|\bML\b|data scien|deep learning'
           r'|\bNLP\b|natural language|computer vision|research scientist'),
    ('nursing', r'\bnurs'),
    ('legal', r'attorney|lawyer|paralegal|\blegal\b|\bcounsel\b'),
    ('teaching', r'\bteacher|\bteaching\b'),
    ('sales', r'\bsales\b|account executive|business development rep'),
]


def choose(shared):
    """Returns [(group, id)]: PER_GROUP postings per group, as described above."""
    rx = [(g, re.compile(p, re.I)) for g, p in GROUPS]
    cand = {g: [] for g, _ in GROUPS}
    for rec in benchlib.background(shared):
        hits = [g for g, r in rx if r.search(rec.get('title') or '')]
        if len(hits) == 1 and len(rec.get('description') or '') >= 200:
            cand[hits[0]].append(rec)
    out = []
    for g, _ in GROUPS:
        seen = set()
        for rec in sorted(cand[g], key=lambda r: hashlib.sha1(r['id'].encode()).hexdigest()):
            key = ' '.join(rec['description'].lower().split())[:300]
            if key in seen:
                continue
            seen.add(key)
            out.append((g, rec['id']))
            if sum(1 for x in out if x[0] == g) == PER_GROUP:
                break
    return out


def load_sets(shared, regen):
    """Returns [(group, record)], from bench/auc-sets.tsv (written first when
    missing or when REGEN)."""
    if regen or not os.path.exists(SETS):
        with open(SETS, 'w', encoding='utf-8') as f:
            f.write('# bench/auc.py: group<TAB>posting id (../shared/corpora/postings)\n')
            for g, pid in choose(shared):
                f.write('%s\t%s\n' % (g, pid))
    byid = {r['id']: r for r in benchlib.background(shared)}
    out = []
    with open(SETS, encoding='utf-8') as f:
        for line in f:
            if line.strip() and not line.startswith('#'):
                g, pid = line.rstrip('\n').split('\t')
                out.append((g, byid[pid]))
    return out


def auc(pos, neg):
    """Returns P(a positive score > a negative one), ties counting half."""
    wins = sum((p > n) + 0.5 * (p == n) for p in pos for n in neg)
    return wins / (len(pos) * len(neg))


def report(name, sets, scores):
    """Prints the AUC of SCORES (one per posting of SETS), overall and per
    negative group; returns the overall AUC."""
    pos = [s for (g, _), s in zip(sets, scores) if g == 'ml']
    neg = [s for (g, _), s in zip(sets, scores) if g != 'ml']
    a = auc(pos, neg)
    per = ' '.join('%s %.3f' % (g, auc(pos, [s for (h, _), s in zip(sets, scores) if h == g]))
                   for g, _ in GROUPS[1:])
    print('%-24s AUC %.3f   (%s)' % (name, a, per))
    return a


def main(argv):
    """Scores the sets with each scorer and prints the AUCs."""
    regen = '--regen' in argv
    args = [a for a in argv[1:] if a != '--regen']
    if len(args) != 2:
        sys.stderr.write(__doc__)
        return 2
    jm, shared = args
    sets = load_sets(shared, regen)
    cv_text = benchlib.read_text(CV)
    print('seed CV vs %d ML/AI postings and %d nursing, legal, teaching, sales postings'
          % (sum(1 for g, _ in sets if g == 'ml'), sum(1 for g, _ in sets if g != 'ml')))

    vec = benchlib.fitted_tfidf(shared)
    cv = vec.transform([cv_text])
    sk = (vec.transform([benchlib.text_of(r) for _, r in sets]) @ cv.T).toarray().ravel().tolist()
    report('sklearn TF-IDF cosine', sets, sk)

    tmp = tempfile.mkdtemp(prefix='jm-auc-')
    try:
        jmscores = []
        for i, (_, rec) in enumerate(sets):
            path = os.path.join(tmp, '%03d.json' % i)
            with open(path, 'w', encoding='utf-8') as f:
                json.dump(rec, f, ensure_ascii=False)
            ok, res = benchlib.jobmatch_available(jm, ['score', '--json', CV, path])
            if not ok and i == 0:
                print('jobmatch score not available yet (%s)' % res)
                return 0
            if not ok:
                benchlib.die('jobmatch score failed on %s: %s' % (rec['id'], res))
            jmscores.append(float(json.loads(res)['score']))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    a = report('jobmatch score', sets, jmscores)
    print('target (issue 5): AUC >= 0.90  %s' % ('PASS' if a >= 0.90 else 'FAIL'))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))

#!/usr/bin/env python3
"""This file contains the occupation proxy of issue 6's quality target: do
real CVs find postings of their own occupation?

    ndcg.py JOBMATCH SHARED

CVs: the 65 real CVs of SHARED/eval/cvs-vanetik (software developers, a few
data analysts, business/system analysts and a network engineer) and the seed
CV (machine-learning research engineer), each with an occupation group from
bench/ndcg-cvs.tsv (read by hand from each CV's headline and summary).

Postings (one pool, ranked for every CV), each with an occupation group:
- federal postings whose occupation is a series code, given by the hiring
  agency, not by us (usajobs-2017-qualifications "series:NNNN",
  usajobs-duties-series 1084/1530/1560), grouped: 2210, 0854, 1550 software;
  1560 data; 1530, 1515 stats; 0343 analyst; 0391 network; any other series
  is its own occupation (a distractor for every CV);
- the 500 LinkedIn postings, grouped by title (developer, software/front/back
  end/full stack engineer... software; data scientist/engineer, AI, ML data;
  data analyst, analytics stats; business/system/functional analyst analyst;
  network, Linux, system administrator network; any other title "other");
- the 5 vacancies of cvs-vanetik, software (the CVs applied to them).
Re-posts (same description start) count once. Pool ids and groups are written
to bench/ndcg-pool.tsv, the pool itself to bench/out/ndcg-pool.jsonl.

Graded relevance (CV group -> posting group: grade; else 0):
  software: software 2, data 1, network 1
  ml:       data 2, software 1, stats 1
  data:     data 2, stats 2, analyst 1, software 1
  analyst:  analyst 2, data 1, stats 1, software 1
  network:  network 2, software 1
nDCG@10 with gain 2^grade - 1, the ideal taken over the whole pool; the mean
over CVs (the figure the target is about), the mean of the group means (the
60 software CVs dominate the first), each group's, and the seed CV's. Scorers: scikit-learn's
TF-IDF cosine (sublinear uni+bigrams, English stopwords, fitted on all
background postings; text = title + description) and, once it exists,
`jobmatch rank --json --top 10 CV bench/out/ndcg-pool.jsonl`.
Target (issue 6): jobmatch's mean >= 1.1 x scikit-learn's.
"""
import json
import math
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
K = 10
SERIES = {'2210': 'software', '0854': 'software', '1550': 'software', '1560': 'data',
          '1530': 'stats', '1515': 'stats', '0343': 'analyst', '0391': 'network'}
TITLES = [   # first match wins
    ('other', r'business development|development (manager|representative|officer|associate|intern)'
              r'|resource development|creative development|economic development|development team'),
    ('data', r'data (scien|engineer|architect)|artificial intelligence|machine learning|\bAI\b|\bML\b'),
    ('stats', r'data analyst|analytics|statistic'),
    ('analyst', r'business analyst|system analyst|systems analyst|functional analyst'),
    ('network', r'network|linux|system administrator|sysadmin'),
    ('software', r'develop|software|full.?stack|front.?end|back.?end|programmer|\.net\b|dotnet'
                 r'|\bjava\b|\bios\b|android|\bqa\b|tester'),
]
GRADES = {
    'software': {'software': 2, 'data': 1, 'network': 1},
    'ml': {'data': 2, 'software': 1, 'stats': 1},
    'data': {'data': 2, 'stats': 2, 'analyst': 1, 'software': 1},
    'analyst': {'analyst': 2, 'data': 1, 'stats': 1, 'software': 1},
    'network': {'network': 2, 'software': 1},
}


def title_group(title):
    """Returns the occupation group of a LinkedIn title (see TITLES)."""
    for g, rx in TITLES:
        if re.search(rx, title, re.I):
            return g
    return 'other'


def build_pool(shared):
    """Returns [(group, record)], the posting pool described above."""
    d = os.path.join(shared, 'corpora/postings')
    raw = []
    for name in ('usajobs-2017-qualifications.jsonl', 'usajobs-duties-series.jsonl'):
        for r in benchlib.read_jsonl(os.path.join(d, name)):
            cat = r.get('category') or ''
            if cat.startswith('series:'):
                raw.append((SERIES.get(cat[7:], 'series-' + cat[7:]), r))
    for r in benchlib.read_jsonl(os.path.join(d, 'linkedin-sample.jsonl')):
        raw.append((title_group(r.get('title') or ''), r))
    for r in benchlib.read_jsonl(os.path.join(shared, 'eval/cvs-vanetik/vacancies.jsonl')):
        raw.append(('software', r))
    pool, seen = [], set()
    for g, r in raw:
        key = ' '.join((r.get('description') or '').lower().split())[:300]
        if key not in seen and r['id'] not in seen:
            seen.update((key, r['id']))
            pool.append((g, r))
    return pool


def load_cvs(shared):
    """Returns [(name, group, path)] from bench/ndcg-cvs.tsv (paths under SHARED,
    or the repo's data/ for the seed CV)."""
    out = []
    with open(os.path.join(HERE, 'ndcg-cvs.tsv'), encoding='utf-8') as f:
        for line in f:
            if line.strip() and not line.startswith('#'):
                name, group = line.split()[:2]
                path = (os.path.join(HERE, '..', 'data', 'examples', name) if name == 'seed-cv.md'
                        else os.path.join(shared, 'eval/cvs-vanetik', name))
                out.append((name, group, path))
    return out


def ndcg(ranked_groups, all_groups, cv_group):
    """Returns nDCG@K of a ranking (the pool groups of the top K ids, in
    order) for a CV of CV_GROUP; ALL_GROUPS is every pool posting's group."""
    grade = GRADES[cv_group]
    dcg = sum((2 ** grade.get(g, 0) - 1) / math.log2(i + 2) for i, g in enumerate(ranked_groups[:K]))
    ideal = sorted((grade.get(g, 0) for g in all_groups), reverse=True)[:K]
    idcg = sum((2 ** x - 1) / math.log2(i + 2) for i, x in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def report(name, cvs, values):
    """Prints the mean nDCG@K of VALUES (one per CV), per group and for the
    seed CV; returns the mean."""
    mean = sum(values) / len(values)
    groups = sorted({g for _, g, _ in cvs})
    per = ' '.join('%s %.3f/%d' % (g, sum(v for (_, h, _), v in zip(cvs, values) if h == g)
                                   / sum(1 for _, h, _ in cvs if h == g),
                                   sum(1 for _, h, _ in cvs if h == g)) for g in groups)
    macro = sum(sum(v for (_, h, _), v in zip(cvs, values) if h == g)
                / sum(1 for _, h, _ in cvs if h == g) for g in groups) / len(groups)
    seed = [v for (n, _, _), v in zip(cvs, values) if n == 'seed-cv.md']
    print('%-22s nDCG@%d %.3f  (macro over groups %.3f)\n%24s(group mean/CVs: %s; seed CV %.3f)'
          % (name, K, mean, macro, '', per, seed[0] if seed else -1))
    return mean


def main(argv):
    """Ranks the pool for every CV with each scorer and prints nDCG@10."""
    if len(argv) != 3:
        sys.stderr.write(__doc__)
        return 2
    jm, shared = argv[1], argv[2]
    if not os.path.isdir(os.path.join(shared, 'eval/cvs-vanetik')):
        benchlib.die('%s/eval/cvs-vanetik missing' % shared)
    pool = build_pool(shared)
    os.makedirs(os.path.join(HERE, 'out'), exist_ok=True)
    pool_path = os.path.join(HERE, 'out', 'ndcg-pool.jsonl')
    benchlib.write_postings(pool_path, [r for _, r in pool])
    with open(os.path.join(HERE, 'ndcg-pool.tsv'), 'w', encoding='utf-8') as f:
        f.write('# bench/ndcg.py: posting id<TAB>occupation group (derived, see ndcg.py)\n')
        for g, r in pool:
            f.write('%s\t%s\n' % (r['id'], g))
    group_of = {r['id']: g for g, r in pool}
    all_groups = [g for g, _ in pool]
    cvs = load_cvs(shared)
    counts = {}
    for g in all_groups:
        counts[g] = counts.get(g, 0) + 1
    print('%d CVs against a pool of %d postings (%s, other series %d)' % (len(cvs), len(pool), ', '.join(
        '%s %d' % (g, counts.get(g, 0)) for g in ('software', 'data', 'stats', 'analyst', 'network', 'other')),
        sum(n for g, n in counts.items() if g.startswith('series-'))))

    vec = benchlib.fitted_tfidf(shared)
    pmat = vec.transform([benchlib.text_of(r) for _, r in pool])
    ids = [r['id'] for _, r in pool]
    sk = []
    for _, g, path in cvs:
        s = (pmat @ vec.transform([benchlib.read_text(path)]).T).toarray().ravel().tolist()
        order = sorted(range(len(ids)), key=lambda i: (-s[i], i))[:K]
        sk.append(ndcg([group_of[ids[i]] for i in order], all_groups, g))
    base = report('sklearn TF-IDF cosine', cvs, sk)

    jmv = []
    for _, g, path in cvs:
        ok, res = benchlib.jobmatch_available(jm, ['rank', '--json', '--top', str(K), path, pool_path])
        if not ok and not jmv:
            print('jobmatch rank not available yet (%s)' % res)
            return 0
        if not ok:
            benchlib.die('jobmatch rank failed on %s: %s' % (path, res))
        top = [group_of.get(x['id'], 'other') for x in json.loads(res)['results']]
        jmv.append(ndcg(top, all_groups, g))
    mean = report('jobmatch rank', cvs, jmv)
    print('target (issue 6): nDCG@10 >= 1.1 x sklearn: %.2fx  %s'
          % (mean / base, 'PASS' if mean >= 1.1 * base else 'FAIL'))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))

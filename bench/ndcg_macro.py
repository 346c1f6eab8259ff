#!/usr/bin/env python3
"""This file contains the many-occupation ranking proxy of issue 13: does a
résumé find postings of its own occupation, for 30 occupations, each
counted once (macro average), against scikit-learn in the same run?

    ndcg_macro.py JOBMATCH SHARED [--regen] [--boot N] [--jm-args "ARGS"]... [--only-extra]

bench/ndcg.py is 60 software developers out of 66 CVs, so its mean is
theirs. Here every occupation group weighs the same.

Groups: 30 occupations, each a title rule (a regular expression on the
posting's title, first match wins, GROUPS below) and the O*NET-SOC codes of
the same occupation (chosen by hand from corpora/onet/Occupation_Data.txt).

Pool (one pool, ranked for every query, like the held-out set's 5,269): the
background postings of SHARED/corpora/postings, re-posts counted once (same
first 300 characters of description), descriptions of at least 200
characters; per group at most 150 postings whose title matches the group's
rule, then postings that match no rule up to 5,000 in all; each chosen in
sha1(id) order. Relevance is binary: the posting's title group is the
query's group (as in the held-out set: "the posting's title names the
résumé's occupation").

Queries (fixed before any tuning; bench/ndcg-macro-queries.tsv, read back
unless --regen):
- synthesized résumés, 3 per O*NET occupation of a group (5 or 6 per group):
  a Markdown CV whose headline and experience title are two alternate titles
  of the occupation (O*NET Alternate_Titles), its summary the occupation's
  description, its experience 8 of its task statements and its skills 12 of
  its technology examples (O*NET Task_Statements, Technology_Skills; each
  picked in sha1 order). They are résumé-shaped text in O*NET's words, not
  real résumés: O*NET is not in the default model, so no query text was
  seen by either system's idf;
- the real CVs of bench/ndcg-cvs.tsv whose group has a rule here: 60
  software developers (group software) and the seed CV (data scientist).
  These groups also get synthesized queries; the per-group table gives each
  group's mean over all its queries, and the real CVs' mean apart.

Systems: scikit-learn's TF-IDF cosine (sublinear, English stopwords, fitted
on all background postings; uni+bigrams and unigrams, benchlib.tfidf) and
`jobmatch rank --json --top 10 CV POOL` with the defaults and with
--weights occupation=0 (the term cosine alone); each --jm-args adds a
jobmatch row with those extra arguments (--only-extra: only those rows).

Report: macro nDCG@10 (mean of group means), each system's ratio to
scikit-learn uni+bigrams with a 95% paired bootstrap interval (queries
resampled with replacement within each group, N rounds, default 2000,
seed 13), the table per group, and the targets of issue 13.
"""
import concurrent.futures
import hashlib
import json
import math
import os
import random
import re
import shlex
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib  # noqa: E402
import ndcg as old  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
K = 10
POOL_SIZE = 5000
PER_GROUP = 150
QUERIES_PER_SOC = 3
# (group, title rule, O*NET-SOC codes). First matching rule wins, so the
# narrower rules come first (a "Nurse Practitioner" is a nurse, a "Physician
# Assistant" not a physician, "Cybersecurity" before "IT Specialist").
GROUPS = [
    ('physician-assistant', r'physician assistant', ['29-1071.00']),
    ('nurse', r'\bnurs|\brn\b|\blpn\b', ['29-1141.00', '29-2061.00']),
    ('physician', r'physician|medical officer|hospitalist|psychiatrist|surgeon',
     ['29-1215.00', '29-1216.00']),
    ('pharmacy', r'pharmac', ['29-1051.00', '29-2052.00']),
    ('dental', r'dentist|dental', ['29-1021.00']),
    ('lab-technologist', r'medical technologist|clinical laboratory|laboratory scientist'
                         r'|medical laboratory|cytotechnolog', ['29-2011.00']),
    ('psychologist', r'psycholog', ['19-3033.00']),
    ('social-worker', r'social work', ['21-1021.00', '21-1022.00']),
    ('paralegal', r'paralegal|legal assistant', ['23-2011.00']),
    ('attorney', r'attorney|lawyer|counsel\b', ['23-1011.00']),
    ('cybersecurity', r'cyber|information security|infosec', ['15-1212.00']),
    ('data-science', r'data scien', ['15-2051.00']),
    ('software', r'software|developer|programmer', ['15-1252.00', '15-1253.00']),
    ('it-specialist', r'\bit specialist|information technology specialist|it spec\b'
                      r'|network administrator|system administrator',
     ['15-1231.00', '15-1244.00']),
    ('statistician', r'statistic', ['15-2041.00']),
    ('economist', r'economist', ['19-3011.00']),
    ('meteorologist', r'meteorolog', ['19-2021.00']),
    ('hr', r'human resource|\bhr\b', ['13-1071.00']),
    ('contracting', r'contract specialist|contracting|purchasing|procurement',
     ['13-1023.00']),
    ('accounting', r'accountant|auditor|accounting', ['13-2011.00']),
    ('budget', r'budget analyst|financial management', ['13-2031.00']),
    ('program-analyst', r'program analyst|management analyst|program and management analyst'
                        r'|management and program analyst', ['13-1111.00']),
    ('logistics', r'logistic|supply|inventory', ['13-1081.00']),
    ('civil-engineer', r'civil engineer', ['17-2051.00']),
    ('electrical-engineer', r'electrical engineer|electronics engineer',
     ['17-2071.00', '17-2072.00']),
    ('mechanical-engineer', r'mechanical engineer', ['17-2141.00']),
    ('aircraft-mechanic', r'aircraft.*(mechanic|repairer|electrician)|aircraft engine',
     ['49-3011.00']),
    ('security-police', r'police|security guard|security officer', ['33-3051.00', '33-9032.00']),
    ('firefighter', r'firefight', ['33-2011.00']),
    ('teacher', r'teacher', ['25-2031.00']),
    ('cook-food', r'\bcook\b|food service', ['35-2012.00']),
    ('custodian', r'custodial|janitor|housekeeping', ['37-2011.00']),
    ('sales', r'\bsales\b|account executive', ['41-4012.00', '41-3091.00']),
    ('secretary', r'secretary|administrative assistant|office assistant', ['43-6014.00']),
]
REAL_GROUP = {'software': 'software', 'ml': 'data-science'}   # bench/ndcg-cvs.tsv groups kept
RULES = [(g, re.compile(rx, re.I)) for g, rx, _ in GROUPS]


def sha(s):
    """Returns the hex sha1 of a string: the fixed, seed-free order of every choice."""
    return hashlib.sha1(s.encode()).hexdigest()


def title_group(title):
    """Returns the group whose rule matches TITLE first, or None."""
    for g, rx in RULES:
        if rx.search(title):
            return g
    return None


def build_pool(shared):
    """Returns [(group or None, record)]: the pool described above."""
    seen, labelled, other = set(), {}, []
    for path in benchlib.posting_files(shared):
        for r in benchlib.read_jsonl(path):
            desc = r.get('description') or ''
            key = ' '.join(desc.lower().split())[:300]
            if len(desc) < 200 or key in seen or r['id'] in seen:
                continue
            seen.update((key, r['id']))
            g = title_group(r.get('title') or '')
            (labelled.setdefault(g, []) if g else other).append(r)
    pool = []
    for g, _, _ in GROUPS:
        rs = sorted(labelled.get(g, []), key=lambda r: sha(r['id']))[:PER_GROUP]
        pool.extend((g, r) for r in rs)
    rest = sorted(other, key=lambda r: sha(r['id']))[:max(0, POOL_SIZE - len(pool))]
    pool.extend((None, r) for r in rest)
    return pool


def read_tsv(path):
    """Yields the rows (lists of fields) of a tab-separated O*NET file, header skipped."""
    with open(path, encoding='utf-8', errors='replace') as f:
        next(f)
        for line in f:
            yield line.rstrip('\n').split('\t')


def onet_tables(shared):
    """Returns the O*NET pieces per SOC code: {soc: {'title', 'desc', 'alt':
    [...], 'tasks': [...], 'tech': [...]}}."""
    d = os.path.join(shared, 'corpora/onet')
    occ = {}
    for soc, title, desc in read_tsv(os.path.join(d, 'Occupation_Data.txt')):
        occ[soc] = {'title': title, 'desc': desc, 'alt': [], 'tasks': [], 'tech': []}
    for row in read_tsv(os.path.join(d, 'Alternate_Titles.txt')):
        if row[0] in occ:
            occ[row[0]]['alt'].append(row[1])
    for row in read_tsv(os.path.join(d, 'Task_Statements.txt')):
        if row[0] in occ:
            occ[row[0]]['tasks'].append(row[2])
    for row in read_tsv(os.path.join(d, 'Technology_Skills.txt')):
        if row[0] in occ and row[1] not in occ[row[0]]['tech']:
            occ[row[0]]['tech'].append(row[1])
    return occ


def synth_cv(o, n):
    """Returns the N-th synthesized résumé (Markdown) of O*NET occupation O."""
    def pick(items, k, salt):
        return sorted(items, key=lambda x: sha('%d:%s:%s' % (n, salt, x)))[:k]
    head, job = (pick(o['alt'], 2, 'alt') + [o['title']] * 2)[:2]
    lines = ['# %s' % head, '', '## Summary', '', o['desc'], '', '## Experience', '',
             '### %s' % job, '']
    lines += ['- %s' % t for t in pick(o['tasks'], 8, 'task')]
    lines += ['', '## Skills', '', ', '.join(pick(o['tech'], 12, 'tech')), '']
    return '\n'.join(lines)


def queries(shared, regen):
    """Returns [(query id, group, path)], writing the synthesized CVs to
    bench/out/macro-cvs/. The list is bench/ndcg-macro-queries.tsv (written
    when absent or with REGEN)."""
    listing = os.path.join(HERE, 'ndcg-macro-queries.tsv')
    if regen or not os.path.exists(listing):
        rows = []
        for g, _, socs in GROUPS:
            rows += [('onet:%s:%d' % (soc, n), g) for soc in socs for n in range(QUERIES_PER_SOC)]
        for name, group, _ in old.load_cvs(shared):
            if group in REAL_GROUP:
                rows.append(('cv:' + name, REAL_GROUP[group]))
        with open(listing, 'w', encoding='utf-8') as f:
            f.write('# bench/ndcg_macro.py: query<TAB>group (onet:SOC:N = the N-th résumé'
                    ' synthesized from O*NET; cv:NAME = a real CV of bench/ndcg-cvs.tsv)\n')
            f.writelines('%s\t%s\n' % r for r in rows)
    occ = onet_tables(shared)
    real = {name: path for name, _, path in old.load_cvs(shared)}
    outdir = os.path.join(HERE, 'out', 'macro-cvs')
    os.makedirs(outdir, exist_ok=True)
    out = []
    with open(listing, encoding='utf-8') as f:
        for line in f:
            if not line.strip() or line.startswith('#'):
                continue
            qid, g = line.rstrip('\n').split('\t')
            if qid.startswith('cv:'):
                out.append((qid, g, real[qid[3:]]))
                continue
            _, soc, n = qid.split(':')
            path = os.path.join(outdir, '%s-%s.md' % (soc, n))
            with open(path, 'w', encoding='utf-8') as cv:
                cv.write(synth_cv(occ[soc], int(n)))
            out.append((qid, g, path))
    return out


def ndcg(top_groups, n_relevant, group):
    """Returns binary nDCG@K of a ranking (the groups of its top K postings)
    for a query of GROUP, N_RELEVANT postings of the pool being relevant."""
    dcg = sum(1 / math.log2(i + 2) for i, g in enumerate(top_groups[:K]) if g == group)
    idcg = sum(1 / math.log2(i + 2) for i in range(min(K, n_relevant)))
    return dcg / idcg if idcg else 0.0


def macro(values, qs, pick=None):
    """Returns the mean over groups of the mean of VALUES (one per query of
    QS); PICK, a list of query indices per group, resamples them."""
    groups = pick or group_index(qs)
    return sum(sum(values[i] for i in ix) / len(ix) for ix in groups.values()) / len(groups)


def group_index(qs):
    """Returns {group: [indices of its queries in QS]}."""
    out = {}
    for i, (_, g, _) in enumerate(qs):
        out.setdefault(g, []).append(i)
    return out


def bootstrap(a, b, qs, rounds):
    """Returns the 95% interval of macro(A) / macro(B), queries resampled
    with replacement within each group (the same draw for both: paired)."""
    rng = random.Random(13)
    groups = group_index(qs)
    ratios = []
    for _ in range(rounds):
        pick = {g: [rng.choice(ix) for _ in ix] for g, ix in groups.items()}
        den = macro(b, qs, pick)
        ratios.append(macro(a, qs, pick) / den if den else 0.0)
    ratios.sort()
    return ratios[int(0.025 * rounds)], ratios[int(0.975 * rounds) - 1]


def sklearn_rows(shared, pool, qs, relevant):
    """Returns [(name, values)] for the two scikit-learn baselines. They
    depend only on the pool and the queries, so they are kept in
    bench/out/ndcg-macro-sklearn.json under a hash of both and read back
    when that matches (the fits take most of a run's time)."""
    key = sha(json.dumps([[r['id'] for _, r in pool], [q[0] for q in qs],
                          [benchlib.read_text(p) for _, _, p in qs]]))
    cache = os.path.join(HERE, 'out', 'ndcg-macro-sklearn.json')
    if os.path.exists(cache):
        with open(cache, encoding='utf-8') as f:
            kept = json.load(f)
        if kept.get('key') == key:
            return [tuple(r) for r in kept['rows']]
    rows = []
    texts = [benchlib.text_of(r) for _, r in pool]
    for name, ngrams in (('sklearn uni+bigrams', (1, 2)), ('sklearn unigrams', (1, 1))):
        vec = benchlib.fitted_tfidf(shared, ngrams)
        pmat = vec.transform(texts)
        qmat = vec.transform([benchlib.read_text(p) for _, _, p in qs])
        sims = (qmat @ pmat.T).toarray()
        vals = []
        for qi, (_, g, _) in enumerate(qs):
            s = sims[qi].tolist()
            order = sorted(range(len(pool)), key=lambda i: (-s[i], i))[:K]
            vals.append(ndcg([pool[i][0] for i in order], relevant[g], g))
        rows.append((name, vals))
    with open(cache, 'w', encoding='utf-8') as f:
        json.dump({'key': key, 'rows': rows}, f)
    return rows


def jobmatch_row(jm, extra, pool_path, group_of, qs, relevant):
    """Returns the nDCG values of `jobmatch rank EXTRA` per query, or None
    when jobmatch cannot rank yet."""
    def run(path):
        return benchlib.jobmatch_available(
            jm, ['rank', '--json', '--threads', '1', '--top', str(K)] + extra + [path, pool_path])
    ok, res = run(qs[0][2])
    if not ok:
        print('jobmatch rank not available yet (%s)' % res)
        return None
    # two processes of one thread each: the same results, in half the time
    with concurrent.futures.ThreadPoolExecutor(2) as ex:
        outs = [(ok, res)] + list(ex.map(run, [p for _, _, p in qs[1:]]))
    vals = []
    for (ok, res), (_, g, path) in zip(outs, qs):
        if not ok:
            benchlib.die('jobmatch rank failed on %s: %s' % (path, res))
        top = [group_of.get(x['id']) for x in json.loads(res)['results']]
        vals.append(ndcg(top, relevant[g], g))
    return vals


def main(argv):
    """Builds the pool and queries, runs every system, prints the tables."""
    args, regen, rounds, extras, only_extra = [], False, 2000, [], False
    it = iter(argv[1:])
    for a in it:
        if a == '--regen':
            regen = True
        elif a == '--boot':
            rounds = int(next(it))
        elif a == '--only-extra':
            only_extra = True
        elif a == '--jm-args':
            extras.append(shlex.split(next(it)))
        else:
            args.append(a)
    if len(args) != 2:
        sys.stderr.write(__doc__)
        return 2
    jm, shared = args
    if not os.path.isdir(os.path.join(shared, 'corpora/onet')):
        benchlib.die('%s/corpora/onet missing (is ../shared there?)' % shared)
    pool = build_pool(shared)
    os.makedirs(os.path.join(HERE, 'out'), exist_ok=True)
    pool_path = os.path.join(HERE, 'out', 'ndcg-macro-pool.jsonl')
    benchlib.write_postings(pool_path, [r for _, r in pool])
    group_of = {r['id']: g for g, r in pool}
    relevant = {}
    for g, _ in pool:
        relevant[g] = relevant.get(g, 0) + 1
    qs = queries(shared, regen)
    print('%d queries (%d synthesized from O*NET, %d real CVs) in %d groups; pool of %d postings'
          ' (%d in a group, at most %d each)' % (
              len(qs), sum(1 for q in qs if q[0].startswith('onet:')),
              sum(1 for q in qs if q[0].startswith('cv:')), len(group_index(qs)), len(pool),
              sum(1 for g, _ in pool if g), PER_GROUP))

    rows = sklearn_rows(shared, pool, qs, relevant)
    builtin = [] if only_extra else [('jobmatch', []),
                                     ('jobmatch occupation=0', ['--weights', 'occupation=0'])]
    for name, extra in builtin + [('jobmatch ' + ' '.join(e), e) for e in extras]:
        vals = jobmatch_row(jm, extra, pool_path, group_of, qs, relevant)
        if vals is None:
            break
        rows.append((name, vals))
    base = rows[0][1]
    print('\n%-40s %8s %8s  %s' % ('system', 'macro', 'real CVs', 'vs sklearn uni+bi [95% bootstrap]'))
    real = [i for i, q in enumerate(qs) if q[0].startswith('cv:')]
    for name, vals in rows:
        lo, hi = bootstrap(vals, base, qs, rounds)
        print('%-40s %8.3f %8.3f  %.3f [%.3f, %.3f]' % (
            name, macro(vals, qs), sum(vals[i] for i in real) / max(1, len(real)),
            macro(vals, qs) / macro(base, qs), lo, hi))
    groups = group_index(qs)
    print('\nper group (queries, relevant postings in the pool); nDCG@10:')
    print('%-20s %4s %4s ' % ('group', 'q', 'rel') + ' '.join('%8s' % ('s%d' % i) for i in range(len(rows))))
    for g, ix in groups.items():
        print('%-20s %4d %4d ' % (g, len(ix), relevant.get(g, 0))
              + ' '.join('%8.3f' % (sum(v[i] for i in ix) / len(ix)) for _, v in rows))
    print('(s0..: %s)' % '; '.join('s%d %s' % (i, n) for i, (n, _) in enumerate(rows)))
    if len(rows) > 3 and not only_extra:
        jmv, cos = rows[2][1], rows[3][1]
        lo, _ = bootstrap(jmv, base, qs, rounds)
        behind = [g for g, ix in groups.items()
                  if sum(jmv[i] - base[i] for i in ix) / len(ix) < -0.10]
        r = macro(jmv, qs) / macro(base, qs)
        rc = macro(cos, qs) / macro(base, qs)
        print('\ntargets (issue 13): defaults >= 1.15x sklearn uni+bi: %.2fx %s; interval low %.3f > 1: %s;'
              '\n  term cosine alone >= 1.0x: %.2fx %s; groups more than 0.10 behind: %s %s' % (
                  r, 'PASS' if r >= 1.15 else 'FAIL', lo, 'PASS' if lo > 1 else 'FAIL',
                  rc, 'PASS' if rc >= 1.0 else 'FAIL', ', '.join(behind) or 'none',
                  'FAIL' if behind else 'PASS'))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))

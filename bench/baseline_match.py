#!/usr/bin/env python3
"""This file contains the scikit-learn baseline of `jobmatch match` (issue
14): many CVs against many postings, top K postings per CV.

    baseline_match.py pool SHARED COUNT OUT [--seed N]
    baseline_match.py heldout CVDIR POSTINGS.jsonl [--top K]
    baseline_match.py scale SHARED CVDIR POSTINGS.jsonl [--top K] [--chunk N]

pool: writes COUNT postings sampled (fixed seed) from the lines of
SHARED/corpora/postings/*.jsonl: the stand-in of the held-out pool.

heldout: the issue's measurement of the held-out shape, all timed: read the
postings, fit a unigram TfidfVectorizer (sublinear tf, English stopwords)
on them, transform the CVs (every file of CVDIR, in name order), one sparse
product, top K per CV.

scale: the vectorizer is fitted once on all background postings of SHARED
(not timed); then, timed: read and transform the CVs, stream the postings
in chunks of N lines (read, json.loads, transform, sparse product with the
CVs, merge into each CV's top K). One core (BLAS threads 1).

The last line is machine-readable:

    RESULT sklearn-match cvs=C postings=P seconds=S cpu_seconds=U pairs_per_s=X fit_seconds=F

(cpu_seconds: the timed part's CPU time, process_time(), which a busy
machine skews less than the wall time.)
"""
import glob
import json
import os
import random
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib  # noqa: E402


def read_cvs(cvdir):
    """Returns the texts of every file of CVDIR, in name order."""
    return [benchlib.read_text(p) for p in sorted(glob.glob(os.path.join(cvdir, '*')))]


def top_k(scores, k):
    """Returns, per row of the dense (CVs x postings) SCORES, the column
    indexes of its K best, best first."""
    import numpy
    k = min(k, scores.shape[1])
    part = numpy.argpartition(-scores, k - 1, axis=1)[:, :k]
    rows = numpy.arange(scores.shape[0])[:, None]
    order = numpy.argsort(-scores[rows, part], axis=1, kind='stable')
    return part[rows, order]


def pool(argv):
    """Writes the sampled pool."""
    shared, count, out = argv[0], int(argv[1]), argv[2]
    seed = int(argv[4]) if len(argv) > 4 and argv[3] == '--seed' else 42
    lines = []
    for path in benchlib.posting_files(shared):
        with open(path, encoding='utf-8') as f:
            lines.extend(line for line in f if line.strip())
    pick = sorted(random.Random(seed).sample(range(len(lines)), count))
    with open(out, 'w', encoding='utf-8') as f:
        f.writelines(lines[i] for i in pick)
    return 0


def heldout(argv, top):
    """Fit on the pool, transform, one product, top K: all timed."""
    cvdir, postings = argv
    t0, c0 = time.perf_counter(), time.process_time()
    recs = list(benchlib.read_jsonl(postings))
    vec = benchlib.tfidf((1, 1))
    pm = vec.fit_transform([benchlib.text_of(r) for r in recs])
    cm = vec.transform(read_cvs(cvdir))
    scores = (cm @ pm.T).toarray()
    best = top_k(scores, top)
    secs, cpu = time.perf_counter() - t0, time.process_time() - c0
    print('first CV: %s' % ' '.join(str(recs[i].get('id')) for i in best[0][:5]))
    print('RESULT sklearn-match cvs=%d postings=%d seconds=%.3f cpu_seconds=%.3f '
          'pairs_per_s=%.1f fit_seconds=0'
          % (cm.shape[0], len(recs), secs, cpu, cm.shape[0] * len(recs) / secs))
    return 0


def scale(argv, top, chunk):
    """Fitted beforehand (not timed); then transform and stream, timed."""
    import numpy
    shared, cvdir, postings = argv
    t0 = time.perf_counter()
    vec = benchlib.fitted_tfidf(shared, (1, 1))
    fit_s = time.perf_counter() - t0
    t0, c0 = time.perf_counter(), time.process_time()
    cmt = vec.transform(read_cvs(cvdir)).T.tocsr()
    n_cv = cmt.shape[1]
    best_s = numpy.full((n_cv, 0), -1.0, dtype=numpy.float32)
    best_i = numpy.zeros((n_cv, 0), dtype=numpy.int64)
    n = 0
    with open(postings, 'rb') as f:
        while True:
            lines = f.readlines(chunk * 2048)   # about CHUNK lines of ~2 kB
            if not lines:
                break
            recs = [json.loads(line) for line in lines if line.strip()]
            if not recs:
                continue
            pm = vec.transform([benchlib.text_of(r) for r in recs])
            scores = (pm @ cmt).toarray().T          # CVs x chunk
            s = numpy.concatenate([best_s, scores], axis=1)
            i = numpy.concatenate([best_i, numpy.broadcast_to(
                numpy.arange(n, n + len(recs)), (n_cv, len(recs)))], axis=1)
            keep = top_k(s, top)
            rows = numpy.arange(n_cv)[:, None]
            best_s, best_i = s[rows, keep], i[rows, keep]
            n += len(recs)
    secs, cpu = time.perf_counter() - t0, time.process_time() - c0
    print('first CV: %s' % ' '.join(str(x) for x in best_i[0][:5]))
    print('RESULT sklearn-match cvs=%d postings=%d seconds=%.3f cpu_seconds=%.3f '
          'pairs_per_s=%.1f fit_seconds=%.1f'
          % (n_cv, n, secs, cpu, n_cv * n / secs, fit_s))
    return 0


def main(argv):
    """Dispatches on the mode."""
    top, chunk, args = 20, 2000, []
    it = iter(argv[2:])
    for a in it:
        if a == '--top':
            top = int(next(it))
        elif a == '--chunk':
            chunk = int(next(it))
        else:
            args.append(a)
    mode = argv[1] if len(argv) > 1 else ''
    if mode == 'pool' and len(args) in (3, 5):
        return pool(args)
    if mode == 'heldout' and len(args) == 2:
        return heldout(args, top)
    if mode == 'scale' and len(args) == 3:
        return scale(args, top, chunk)
    sys.stderr.write(__doc__)
    return 2


if __name__ == '__main__':
    sys.exit(main(sys.argv))

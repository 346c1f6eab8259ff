#!/usr/bin/env python3
"""This file contains the scikit-learn baseline of `jobmatch rank` (issue 6).

    baseline_rank.py SHARED CV POSTINGS.jsonl [--top K] [--chunk N] [--shard I/N]
                     [--unigram]

TfidfVectorizer (sublinear tf, English stopwords, unigrams and bigrams, or
with --unigram unigrams only: its fastest setting, about twice as fast) is
fitted once on all background postings of SHARED (not timed). Then, timed:
the JSON Lines file is read in chunks of N lines, each chunk is parsed,
transformed, scored by cosine against the CV's vector, and merged into a
top-K heap. One core (BLAS threads 1). With --shard I/N the process reads the
whole file but parses and scores only the lines whose 0-based number is I
modulo N: N such processes side by side are scikit-learn on N cores (the
counts then are this shard's). The last line is machine-readable:

    RESULT sklearn postings=P bytes=B seconds=S postings_per_s=X mb_per_s=Y fit_seconds=F start=T0 end=T1

(T0 and T1: the timed part's wall clock, seconds since the epoch, so that the
wall time of N shards side by side is max(T1) - min(T0).)
"""
import heapq
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib  # noqa: E402


def main(argv):
    """Fits, then ranks the stream; prints the top K and the RESULT line."""
    args, top, chunk, shard, nshards, ngrams = [], 20, 2000, 0, 1, (1, 2)
    it = iter(argv[1:])
    for a in it:
        if a == '--top':
            top = int(next(it))
        elif a == '--chunk':
            chunk = int(next(it))
        elif a == '--unigram':
            ngrams = (1, 1)
        elif a == '--shard':
            shard, nshards = (int(x) for x in next(it).split('/'))
        else:
            args.append(a)
    if len(args) != 3:
        sys.stderr.write(__doc__)
        return 2
    shared, cv_path, postings = args
    t0 = time.perf_counter()
    vec = benchlib.fitted_tfidf(shared, ngrams)
    cv = vec.transform([benchlib.read_text(cv_path)]).T.tocsc()
    fit_s = time.perf_counter() - t0

    t0, start = time.perf_counter(), time.time()
    heap, n, nbytes, lineno = [], 0, 0, -1   # heap of (score, -index, id): the best K
    with open(postings, 'rb') as f:
        while True:
            lines = f.readlines(chunk * 2048)   # about CHUNK lines of ~2 kB
            if not lines:
                break
            recs = []
            for line in lines:
                lineno += 1
                if lineno % nshards != shard:
                    continue
                nbytes += len(line)
                if line.strip():
                    recs.append(json.loads(line))
            if not recs:
                continue
            scores = (vec.transform([benchlib.text_of(r) for r in recs]) @ cv).toarray().ravel()
            for i, s in enumerate(scores.tolist()):
                item = (s, -(n + i), recs[i].get('id'))
                if len(heap) < top:
                    heapq.heappush(heap, item)
                elif item > heap[0]:
                    heapq.heapreplace(heap, item)
            n += len(recs)
    secs = time.perf_counter() - t0
    for rank, (s, _, pid) in enumerate(sorted(heap, reverse=True), 1):
        print('%3d  %.4f  %s' % (rank, s, pid))
    print('RESULT sklearn postings=%d bytes=%d seconds=%.3f postings_per_s=%.1f '
          'mb_per_s=%.3f fit_seconds=%.1f start=%.3f end=%.3f'
          % (n, nbytes, secs, n / secs, nbytes / secs / 1e6, fit_s, start, start + secs))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))

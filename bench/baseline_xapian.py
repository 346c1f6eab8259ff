#!/usr/bin/env python3
"""This file contains the Xapian baseline of `jobmatch rank` (issue 6).

    baseline_xapian.py CV POSTINGS.jsonl [--top K] [--dir DIR]

Indexes every posting (title + description; Snowball English stems of every
word, no stopword list: BM25's idf discounts common words) into
an on-disk Glass database in a temporary folder (in memory Xapian needs about
1 GB per 20,000 postings), then runs one OR query of the CV's stemmed terms
for the top K (BM25). Indexing and query are timed separately; reading and
parsing the JSON Lines count as indexing. The last line is machine-readable:

    RESULT xapian postings=P bytes=B index_seconds=S postings_per_s=X mb_per_s=Y query_seconds=Q
"""
import json
import os
import shutil
import sys
import tempfile
import time

import xapian


def main(argv):
    """Indexes, queries, prints the top K and the RESULT line."""
    args, top, where = [], 20, None
    it = iter(argv[1:])
    for a in it:
        if a == '--top':
            top = int(next(it))
        elif a == '--dir':
            where = next(it)
        else:
            args.append(a)
    if len(args) != 2:
        sys.stderr.write(__doc__)
        return 2
    cv_path, postings = args
    tmp = tempfile.mkdtemp(prefix='jm-xapian-', dir=where)
    try:
        stem = xapian.Stem('english')
        tg = xapian.TermGenerator()
        tg.set_stemmer(stem)
        tg.set_stemming_strategy(xapian.TermGenerator.STEM_ALL)

        t0 = time.perf_counter()
        db = xapian.WritableDatabase(tmp, xapian.DB_CREATE_OR_OVERWRITE)
        n = nbytes = 0
        with open(postings, 'rb') as f:
            for line in f:
                nbytes += len(line)
                if not line.strip():
                    continue
                rec = json.loads(line)
                doc = xapian.Document()
                tg.set_document(doc)
                tg.index_text(rec.get('title') or '')
                tg.increase_termpos()
                tg.index_text(rec.get('description') or '')
                doc.set_data(rec.get('id') or '')
                db.add_document(doc)
                n += 1
        db.commit()
        db.close()
        index_s = time.perf_counter() - t0

        t0 = time.perf_counter()
        with open(cv_path, encoding='utf-8', errors='replace') as f:
            cvdoc = xapian.Document()
            tg.set_document(cvdoc)
            tg.index_text(f.read())
        terms = [t.term for t in cvdoc.termlist()]
        rdb = xapian.Database(tmp)
        enq = xapian.Enquire(rdb)
        enq.set_query(xapian.Query(xapian.Query.OP_OR, terms))
        mset = enq.get_mset(0, top)
        hits = [(m.rank + 1, m.weight, m.document.get_data().decode()) for m in mset]
        query_s = time.perf_counter() - t0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    for rank, w, pid in hits:
        print('%3d  %8.4f  %s' % (rank, w, pid))
    print('RESULT xapian postings=%d bytes=%d index_seconds=%.3f postings_per_s=%.1f '
          'mb_per_s=%.3f query_seconds=%.4f query_terms=%d'
          % (n, nbytes, index_s, n / index_s, nbytes / index_s / 1e6, query_s, len(terms)))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))

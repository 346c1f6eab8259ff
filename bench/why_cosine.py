#!/usr/bin/env python3
"""This file contains a diagnosis of issue 13: which of jobmatch's analyzer
choices would cost scikit-learn's uni+bigram TF-IDF its lead, measured on
the proxy of bench/ndcg_macro.py (same pool, same queries, same nDCG@10)?

    why_cosine.py SHARED

scikit-learn's baseline is changed one choice at a time, towards what
jobmatch's term cosine does:
- stem: Snowball English stems instead of words (jobmatch stems every word
  that is not a lexicon entry);
- adjacent: a bigram only where two words are adjacent in the text, neither
  a stopword (jobmatch's pairs: "degree in nursing" makes no pair; the
  baseline drops stopwords first and pairs "degree nursing");
- unigrams: no bigrams at all.
Each variant is fitted on all background postings, like the baseline. The
table gives the macro nDCG@10 and each variant's ratio to the baseline.
"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib  # noqa: E402
import ndcg_macro as nm  # noqa: E402

WORD = re.compile(r'(?u)\b\w\w+\b')


def analyzer(stem, adjacent, bigrams):
    """Returns a scikit-learn analyzer (text -> features) with the choices
    of the module docstring."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS
    stemword = benchlib.stemmer()
    cache = {}

    def norm(w):
        if w not in cache:
            cache[w] = stemword(w) if stem else w
        return cache[w]

    def run(text):
        words = WORD.findall(text.lower())
        kept = [(i, norm(w)) for i, w in enumerate(words) if w not in ENGLISH_STOP_WORDS]
        feats = [t for _, t in kept]
        if bigrams:
            for (i, a), (j, b) in zip(kept, kept[1:]):
                if not adjacent or j == i + 1:
                    feats.append(a + ' ' + b)
        return feats
    return run


def main(argv):
    """Prints the table of the variants."""
    if len(argv) != 2:
        sys.stderr.write(__doc__)
        return 2
    shared = argv[1]
    pool = nm.build_pool(shared)
    qs = nm.queries(shared, False)
    relevant = {}
    for g, _ in pool:
        relevant[g] = relevant.get(g, 0) + 1
    texts = [benchlib.text_of(r) for _, r in pool]
    background = [benchlib.text_of(r) for r in benchlib.background(shared)]
    rows = []
    for name, stem, adjacent, bigrams in (
            ('baseline: words, bigrams over stopwords', False, False, True),
            ('stem', True, False, True),
            ('adjacent bigrams', False, True, True),
            ('stem + adjacent bigrams', True, True, True),
            ('unigrams', False, False, False),
            ('stem, unigrams', True, False, False)):
        import numpy
        from sklearn.feature_extraction.text import TfidfVectorizer
        vec = TfidfVectorizer(analyzer=analyzer(stem, adjacent, bigrams), sublinear_tf=True,
                              dtype=numpy.float32)
        vec.fit(background)
        sims = (vec.transform([benchlib.read_text(p) for _, _, p in qs]) @ vec.transform(texts).T).toarray()
        vals = []
        for qi, (_, g, _) in enumerate(qs):
            s = sims[qi].tolist()
            order = sorted(range(len(pool)), key=lambda i: (-s[i], i))[:nm.K]
            vals.append(nm.ndcg([pool[i][0] for i in order], relevant[g], g))
        rows.append((name, vals))
        base = rows[0][1]
        lo, hi = nm.bootstrap(vals, base, qs, 500)
        print('%-42s macro %.3f  %.3f [%.3f, %.3f]' % (
            name, nm.macro(vals, qs), nm.macro(vals, qs) / nm.macro(base, qs), lo, hi), flush=True)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))

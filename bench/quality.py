#!/usr/bin/env python3
"""This file contains the keyword quality benchmark of issue 5.

    quality.py JOBMATCH SHARED

For each posting of SHARED/eval/skillspan/gold-train-dev.jsonl (its text is
the description of the same id in SHARED/corpora/postings/skillspan.jsonl):

- precision@10 and @20: a keyword is right when the Snowball stems of its
  words (stopwords dropped) all occur in one gold skill or knowledge span of
  that posting; the count of right keywords among the first K, over K;
- knowledge recall@20: of the posting's gold knowledge spans of one to three
  words, the share whose stems (stopwords dropped) all lie in one of the
  top-20 keywords.

Means over postings, for (a) `jobmatch keywords --json --top 20 FILE` (the
"display" words, as the posting writes them, are stemmed), (b) scikit-learn
TfidfVectorizer uni+bigrams, (c) unigrams (sublinear tf, English stopwords,
fitted on all background postings; top 20 by weight), (d) Xapian's expansion
set (Enquire.get_eset with the posting as the one relevant document, on an
index of all background postings). Prints the table and issue 5's targets;
writes the keyword lists, each marked right or wrong, to
bench/out/quality-details.jsonl.
"""
import json
import os
import re
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
WORD = re.compile(r'[a-z0-9]+[+#]*')
TOP = 20


def load_stopwords():
    """Returns the project's stopword set (data/stopwords.txt: Snowball English)."""
    with open(os.path.join(HERE, '..', 'data', 'stopwords.txt'), encoding='utf-8') as f:
        return {w.strip() for w in f if w.strip() and not w.startswith('#')}


STOP = load_stopwords()
STEM = benchlib.stemmer()


def words(text):
    """Returns the lower-case words of TEXT ("C++", "C#" stay whole)."""
    return WORD.findall(text.lower())


def stems(text, stemmed=False):
    """Returns the set of stems of the non-stopwords of TEXT (TEXT already
    stems, as Xapian's are, when STEMMED)."""
    return {w if stemmed else STEM(w) for w in words(text) if w not in STOP}


def precision(kw_stems, gold_sets, k):
    """Returns the share of the first K keywords (stem sets) that lie in one
    gold span (stem sets), over K."""
    right = sum(1 for s in kw_stems[:k] if s and any(s <= g for g in gold_sets))
    return right / k


def recall(kw_stems, knowledge_sets):
    """Returns the share of the gold knowledge spans (stem sets) that lie in
    one of the keywords; None when the posting has none."""
    if not knowledge_sets:
        return None
    return sum(1 for g in knowledge_sets if any(g <= s for s in kw_stems)) / len(knowledge_sets)


def sklearn_top(vec, texts):
    """Returns, per text, its TOP features by TF-IDF weight (ties by name)."""
    names = vec.get_feature_names_out()
    out = []
    for row in vec.transform(texts):
        pairs = sorted(zip(row.data.tolist(), row.indices.tolist()),
                       key=lambda p: (-p[0], names[p[1]]))
        out.append([names[i] for _, i in pairs[:TOP]])
    return out


def xapian_top(shared, ids):
    """Returns, per id, the TOP terms of Xapian's expansion set for that
    posting, on an index of every background posting (stems)."""
    import xapian
    tmp = tempfile.mkdtemp(prefix='jm-xapian-q-')
    try:
        stopper = xapian.SimpleStopper()
        for w in sorted(STOP):
            stopper.add(w)
        tg = xapian.TermGenerator()
        tg.set_stemmer(xapian.Stem('english'))
        tg.set_stemming_strategy(xapian.TermGenerator.STEM_ALL)
        tg.set_stopper(stopper)
        tg.set_stopper_strategy(xapian.TermGenerator.STOP_ALL)
        db = xapian.WritableDatabase(tmp, xapian.DB_CREATE_OR_OVERWRITE)
        docid = {}
        for rec in benchlib.background(shared):
            doc = xapian.Document()
            tg.set_document(doc)
            tg.index_text(benchlib.text_of(rec))
            docid[rec['id']] = db.add_document(doc)
        db.commit()
        enq = xapian.Enquire(db)
        out = []
        for pid in ids:
            rset = xapian.RSet()
            rset.add_document(docid[pid])
            out.append([e.term.decode() for e in enq.get_eset(TOP, rset)])
        db.close()
        return out
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def jobmatch_top(jm, texts, ids):
    """Returns, per posting, the display forms of `jobmatch keywords`, or
    None with the reason when the command is not available."""
    tmp = tempfile.mkdtemp(prefix='jm-quality-')
    try:
        out = []
        for pid, text in zip(ids, texts):
            path = os.path.join(tmp, pid + '.txt')
            with open(path, 'w', encoding='utf-8') as f:
                f.write(text)
            ok, res = benchlib.jobmatch_available(jm, ['keywords', '--json', '--top', str(TOP), path])
            if not ok and not out:
                return None, res
            if not ok:
                benchlib.die('jobmatch keywords failed on %s: %s' % (pid, res))
            out.append([k['display'] for k in json.loads(res)['keywords']][:TOP])
        return out, None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main(argv):
    """Scores every system, prints the table and the targets."""
    if len(argv) != 3:
        sys.stderr.write(__doc__)
        return 2
    jm, shared = argv[1], argv[2]
    gold = list(benchlib.read_jsonl(os.path.join(shared, 'eval/skillspan/gold-train-dev.jsonl')))
    text = {r['id']: r['description'] for r in
            benchlib.read_jsonl(os.path.join(shared, 'corpora/postings/skillspan.jsonl'))}
    gold = [g for g in gold if g['id'] in text]
    ids = [g['id'] for g in gold]
    texts = [text[i] for i in ids]

    systems = {}   # name -> (keyword lists, already stemmed)
    kws, why = jobmatch_top(jm, texts, ids)
    if kws is not None:
        systems['(a) jobmatch keywords'] = (kws, False)
    systems['(b) sklearn uni+bigram'] = (sklearn_top(benchlib.fitted_tfidf(shared, (1, 2)), texts), False)
    systems['(c) sklearn unigram'] = (sklearn_top(benchlib.fitted_tfidf(shared, (1, 1)), texts), False)
    systems['(d) xapian eset'] = (xapian_top(shared, ids), True)

    os.makedirs(os.path.join(HERE, 'out'), exist_ok=True)
    details = open(os.path.join(HERE, 'out', 'quality-details.jsonl'), 'w', encoding='utf-8')
    scores = {}
    for name, (lists, stemmed) in systems.items():
        p10 = p20 = 0.0
        rec, nrec = 0.0, 0
        for g, kw in zip(gold, lists):
            spans = g['skill_spans'] + g['knowledge_spans']
            gold_sets = [s for s in (stems(x) for x in spans) if s]
            know = [s for s in (stems(x) for x in g['knowledge_spans'] if 1 <= len(words(x)) <= 3) if s]
            kw_stems = [stems(k, stemmed) for k in kw]
            p10 += precision(kw_stems, gold_sets, 10)
            p20 += precision(kw_stems, gold_sets, 20)
            r = recall(kw_stems, know)
            if r is not None:
                rec, nrec = rec + r, nrec + 1
            details.write(json.dumps({'system': name, 'id': g['id'], 'keywords': [
                [k, bool(s) and any(s <= gs for gs in gold_sets)] for k, s in zip(kw, kw_stems)]}) + '\n')
        n = len(gold)
        scores[name] = (p10 / n, p20 / n, rec / max(nrec, 1))
    details.close()

    base = scores['(b) sklearn uni+bigram'][1]
    print('keyword quality on %d SkillSpan postings (train+dev gold spans)\n' % len(gold))
    print('%-24s %8s %8s %12s %12s' % ('system', 'P@10', 'P@20', 'K-recall@20', 'P@20 / (b)'))
    for name, (p10, p20, r) in scores.items():
        print('%-24s %8.3f %8.3f %12.3f %12.2f' % (name, p10, p20, r, p20 / base if base else 0))
    best = max(scores[k][2] for k in scores if not k.startswith('(a)'))
    if '(a) jobmatch keywords' not in scores:
        print('\njobmatch keywords not available yet (%s)' % why)
        print('targets: P@20 >= %.3f (1.5 x (b)); knowledge recall@20 >= %.3f (best baseline)'
              % (1.5 * base, best))
        return 0
    p20, r = scores['(a) jobmatch keywords'][1], scores['(a) jobmatch keywords'][2]
    print('\ntargets (issue 5)')
    print('  P@20 vs (b):             %5.2fx (target >= 1.5)  %s'
          % (p20 / base, 'PASS' if p20 >= 1.5 * base else 'FAIL'))
    print('  knowledge recall@20:     %.3f vs best baseline %.3f  %s'
          % (r, best, 'PASS' if r >= best else 'FAIL'))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))

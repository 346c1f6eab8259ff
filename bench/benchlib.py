"""This file contains what the bench/*.py scripts share: reading the postings
of ../shared, the scikit-learn TF-IDF baseline as issues 5 and 6 define it,
the Snowball stemmer, and calling ./jobmatch.

Only the Python standard library, scikit-learn and Xapian (Debian packages
python3-sklearn, python3-xapian, python3-snowballstemmer) are used.
"""
import glob
import json
import os
import subprocess
import sys

# One process = one core: BLAS thread pools are sized before numpy loads.
for _v in ('OMP_NUM_THREADS', 'MKL_NUM_THREADS', 'OPENBLAS_NUM_THREADS'):
    os.environ.setdefault(_v, '1')


def die(msg):
    """Prints MSG on stderr and exits with status 1."""
    sys.stderr.write('%s: %s\n' % (os.path.basename(sys.argv[0]), msg))
    sys.exit(1)


def args_and_seed(argv, default=42):
    """Splits ARGV (without the program name) into the positional arguments
    and the value of a --seed=N option (DEFAULT when absent)."""
    seed = default
    for a in argv:
        if a.startswith('--seed='):
            seed = int(a.split('=', 1)[1])
    return [a for a in argv if not a.startswith('--seed')], seed


def posting_files(shared):
    """Returns the background posting files of SHARED, sorted."""
    files = sorted(glob.glob(os.path.join(shared, 'corpora/postings/*.jsonl')))
    if not files:
        die('no postings under %s/corpora/postings (is ../shared there?)' % shared)
    return files


def read_jsonl(path):
    """Yields the records of a JSON Lines file, one dict per line."""
    with open(path, encoding='utf-8') as f:
        for line in f:
            if line.strip():
                yield json.loads(line)


def background(shared):
    """Returns every background posting of SHARED as a list of records."""
    out = []
    for path in posting_files(shared):
        out.extend(read_jsonl(path))
    return out


def write_postings(path, recs):
    """Writes the posting records RECS to PATH as JSON Lines, with the
    fields jobmatch reads (id, title, company, location, description)."""
    with open(path, 'w', encoding='utf-8') as f:
        for r in recs:
            f.write(json.dumps({k: r.get(k) or '' for k in
                                ('id', 'title', 'company', 'location', 'description')},
                               ensure_ascii=False) + '\n')


def text_of(rec):
    """Returns the text a baseline sees of a posting record: title + description."""
    return (rec.get('title') or '') + '\n' + (rec.get('description') or '')


def read_text(path):
    """Returns a text file's content (CVs); undecodable bytes replaced."""
    with open(path, encoding='utf-8', errors='replace') as f:
        return f.read()


def tfidf(ngrams=(1, 2)):
    """Returns the scikit-learn baseline of the issues, unfitted: sublinear tf,
    English stopwords, the given n-gram range, smoothed idf, L2 norm."""
    import numpy
    from sklearn.feature_extraction.text import TfidfVectorizer
    return TfidfVectorizer(sublinear_tf=True, stop_words='english',
                           ngram_range=ngrams, dtype=numpy.float32)


def fitted_tfidf(shared, ngrams=(1, 2)):
    """Returns the baseline fitted on all background postings of SHARED."""
    vec = tfidf(ngrams)
    vec.fit(text_of(r) for r in background(shared))
    return vec


def stemmer():
    """Returns a function stemming one lower-case English word with Snowball
    English (the algorithm libstemmer runs in jobmatch)."""
    try:
        import snowballstemmer
        return snowballstemmer.stemmer('english').stemWord
    except ImportError:
        import xapian   # Xapian ships the same Snowball English stemmer
        st = xapian.Stem('english')
        return lambda w: st(w.encode()).decode()


def jobmatch_available(jm, args):
    """Runs JM ARGS; returns (True, stdout) when it works (exit 0 or 3), else
    (False, the reason: the first line of its stderr)."""
    if not jm or not os.access(jm, os.X_OK):
        return False, '%s: no such executable' % jm
    p = subprocess.run([jm] + args, capture_output=True, text=True)
    if p.returncode in (0, 3):
        return True, p.stdout
    return False, (p.stderr.strip().splitlines() or ['exit %d' % p.returncode])[0]


def run_json(jm, args):
    """Runs JM ARGS and returns its parsed JSON output (exit 0 or 3)."""
    p = subprocess.run([jm] + args, capture_output=True, text=True)
    if p.returncode not in (0, 3):
        die('%s %s: exit %d: %s' % (jm, ' '.join(args), p.returncode, p.stderr.strip()))
    return json.loads(p.stdout)

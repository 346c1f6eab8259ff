#!/usr/bin/env python3
"""This file contains the generator of large, realistic JSON Lines postings
for the rank benchmark (issue 6).

    gen_postings.py SHARED COUNT OUT [--seed N]

Each synthetic posting starts from a real "base" posting of
SHARED/corpora/postings/*.jsonl, chosen at random: it keeps the base's title,
company and location, and takes the base's description length (jittered by
+-25%) as its target length. The description is then assembled from real
sentences: the base's own sentences in their order (headings such as
"Qualifications:" stay in place, so sections survive), each replaced with
probability 1/2 by a random sentence of any posting of the same source file,
then more random sentences of that source until the target length is reached.
Topics stay coherent (a nursing posting reads like nursing), structure stays
real, and no two postings repeat.
Ids are "syn-<seed>-<n>", unique. The same seed gives the same bytes; the
output is written streaming (memory is the sentence pool only, ~100 MB).
"""
import glob
import json
import os
import random
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib  # noqa: E402

# A sentence ends at . ! ? before white space, or at a line break; the
# separator is kept (as " " or "\n") so that line structure survives.
SPLIT = re.compile(r'((?<=[.!?])[ \t]+|\s*\n\s*)')


def frag(text):
    """Returns TEXT as the inside of a JSON string (no quotes), UTF-8 kept."""
    return json.dumps(text, ensure_ascii=False)[1:-1]


def heading(fragment):
    """Tells whether a sentence fragment is a section heading ("Duties:")."""
    return len(fragment) < 48 and fragment.rstrip(' \\n').endswith(':')


def load(shared):
    """Reads every posting file; returns (sources, bases) where sources maps
    a file name to its list of sentence fragments and each base is a tuple
    (source, title, company, location, length, own fragment list)."""
    sources, bases = {}, []
    for path in sorted(glob.glob(os.path.join(shared, 'corpora/postings/*.jsonl'))):
        name = os.path.basename(path)
        pool = sources.setdefault(name, [])
        with open(path, encoding='utf-8') as f:
            for line in f:
                rec = json.loads(line)
                desc = rec.get('description') or ''
                parts = SPLIT.split(desc)
                own = []
                for i in range(0, len(parts), 2):
                    text = parts[i].strip()
                    if not text:
                        continue
                    sep = parts[i + 1] if i + 1 < len(parts) else ' '
                    own.append(frag(text + ('\n' if '\n' in sep else ' ')))
                if not own:
                    continue
                pool.extend(x for x in own if not heading(x))
                bases.append((name, frag(rec.get('title') or ''),
                              frag(rec.get('company') or ''),
                              frag(rec.get('location') or ''), len(desc), own))
    return sources, bases


def main(argv):
    """Writes COUNT postings to OUT (atomically, via OUT.tmp)."""
    args, seed = benchlib.args_and_seed(argv[1:])
    if len(args) != 3:
        sys.stderr.write(__doc__)
        return 2
    shared, count, out = args[0], int(args[1]), args[2]
    sources, bases = load(shared)
    if not bases:
        sys.stderr.write('gen_postings: no postings under %s/corpora/postings\n' % shared)
        return 1
    rng = random.Random(seed)
    rnd, nb = rng.random, len(bases)
    tmp = out + '.tmp'
    with open(tmp, 'w', encoding='utf-8', newline='\n') as f:
        buf = []
        for n in range(count):
            src, title, company, location, length, own = bases[int(rnd() * nb)]
            pool = sources[src]
            target = length * (0.75 + 0.5 * rnd())
            parts, size = [], 0
            for s in own:
                if rnd() < 0.5 and not heading(s):
                    s = pool[int(rnd() * len(pool))]
                parts.append(s)
                size += len(s)
            while size < target:
                s = pool[int(rnd() * len(pool))]
                parts.append(s)
                size += len(s)
            buf.append('{"id":"syn-%d-%d","title":"%s","company":"%s","location":"%s",'
                       '"description":"%s","source":"synthetic-%s"}\n'
                       % (seed, n + 1, title, company, location,
                          ''.join(parts).rstrip(' '), src[:-6]))
            if len(buf) >= 4096:
                f.write(''.join(buf))
                buf = []
        f.write(''.join(buf))
    os.replace(tmp, out)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))

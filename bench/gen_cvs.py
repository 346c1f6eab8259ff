#!/usr/bin/env python3
"""This file contains the generator of CV sets for the match benchmark
(issue 14): many realistic CVs resampled from the real ones by section.

    gen_cvs.py JOBMATCH SHARED COUNT OUTDIR [--seed N]

The real CVs are SHARED/eval/cvs-vanetik/*.txt and SHARED/cv/seed-cv.md (66).
Each is split into its sections by `JOBMATCH sections --json` (kind, and
the byte range from the heading to the section's end). A synthetic CV takes
a random real CV as its base and keeps the base's sequence of section kinds;
each section's bytes (heading included) come, with probability 1/2, from the
base itself and otherwise from a random real CV that has a section of that
kind. So lengths, headings, section mixes and vocabulary are real, while no
two CVs repeat. The CVs are written as OUTDIR/cv-NNNNNN.txt (the same seed
gives the same bytes); nothing of SHARED is copied into the repository, the
output goes to bench/out/ (git-ignored).
"""
import glob
import json
import os
import random
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib  # noqa: E402


def sections(jm, path):
    """Returns [(kind, bytes)] of the CV at PATH, as jobmatch splits it."""
    p = subprocess.run([jm, 'sections', '--json', path], capture_output=True)
    if p.returncode != 0:
        return []
    raw = open(path, 'rb').read()
    out = []
    for s in json.loads(p.stdout).get('sections', []):
        piece = raw[s['start']:s['end']]
        if piece.strip():
            out.append((s['kind'], piece))
    return out


def main(argv):
    """Reads the real CVs, then writes COUNT resampled ones."""
    args, seed = benchlib.args_and_seed(argv[1:])
    if len(args) != 4:
        sys.stderr.write(__doc__)
        return 2
    jm, shared, count, outdir = args[0], args[1], int(args[2]), args[3]
    paths = sorted(glob.glob(os.path.join(shared, 'eval/cvs-vanetik/*.txt')))
    paths.append(os.path.join(shared, 'cv/seed-cv.md'))
    real = [s for s in (sections(jm, p) for p in paths if os.path.exists(p)) if s]
    if not real:
        sys.stderr.write('gen_cvs.py: no CVs under %s/eval/cvs-vanetik\n' % shared)
        return 1
    by_kind = {}
    for cv in real:
        for kind, piece in cv:
            by_kind.setdefault(kind, []).append(piece)
    rng = random.Random(seed)
    os.makedirs(outdir, exist_ok=True)
    for n in range(count):
        base = rng.choice(real)
        parts = []
        for kind, piece in base:
            parts.append(piece if rng.random() < 0.5 else rng.choice(by_kind[kind]))
        with open(os.path.join(outdir, 'cv-%06d.txt' % n), 'wb') as f:
            f.write(b'\n\n'.join(p.strip(b'\n') for p in parts) + b'\n')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))

"""This file contains what the Python package's tests share: where the
repository, the jobmatch binary and ../shared are, and a helper that runs
the command line (the reference every result is compared with).

Run from the repository root: `make test` (or, once `make python` ran,
`PYTHONPATH=build/python /usr/bin/python3 -m pytest python/tests`).
Tests that read ../shared skip, saying so, when it is absent."""
import json
import os
import subprocess

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
JOBMATCH = os.path.join(ROOT, os.environ.get("JOBMATCH", "jobmatch"))
SHARED = os.path.join(ROOT, os.environ.get("SHARED", "../shared"))
POSTINGS = os.path.join(SHARED, "corpora", "postings")
SEED_CV = os.path.join(SHARED, "cv", "seed-cv.md")


def cli(*args, check=True):
    """Runs jobmatch with args from the repository root: CompletedProcess
    (stdout and stderr as bytes)."""
    p = subprocess.run([JOBMATCH, *args], cwd=ROOT, capture_output=True)
    if check and p.returncode not in (0, 3):
        raise AssertionError("jobmatch %s: status %d: %s"
                             % (" ".join(args), p.returncode, p.stderr.decode()))
    return p


def cli_json(*args):
    """json.loads of `jobmatch ARGS --json`'s output."""
    return json.loads(cli(*args, "--json").stdout)


def read(path):
    """A file's bytes."""
    with open(path, "rb") as f:
        return f.read()


def jsonl(path, n=None):
    """The first n records (all with None) of a JSON Lines file, as dicts."""
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if n is not None and len(out) >= n:
                break
            out.append(json.loads(line))
    return out


@pytest.fixture(scope="session")
def shared():
    """../shared, or a skip that says it is absent."""
    if not os.path.isdir(POSTINGS):
        pytest.skip("../shared is absent (real CVs and postings)")
    return SHARED


@pytest.fixture(scope="session")
def engine():
    """An Engine with the defaults, shared by the tests of one thread."""
    import jobmatch
    return jobmatch.Engine()

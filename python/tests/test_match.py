"""This file contains the tests of Engine.match and Engine.match_files
against `jobmatch match --json` (one object per line; the list of dicts
equals them, every field) on the real CVs and postings of ../shared, and
against rank (each CV's results are rank's)."""
import json
import os
import warnings

import pytest

import jobmatch
from conftest import POSTINGS, cli, jsonl, read


@pytest.fixture(scope="module")
def cvs(shared):
    """The folder of real CVs (65, converted from PDF)."""
    return os.path.join(shared, "eval", "cvs-vanetik")


def cli_lines(*args):
    """The objects `jobmatch match --json ARGS` prints."""
    p = cli("match", "--json", *args)
    return [json.loads(line) for line in p.stdout.splitlines()]


def test_match_files_equals_the_cli_per_cv_and_per_posting(cvs, engine):
    path = os.path.join(POSTINGS, "usajobs-ai-cyber.jsonl")
    for per in ("cv", "posting"):
        want = cli_lines("--top", "5", "--per", per, cvs, path)
        got = engine.match_files(cvs, [path], top=5, per=per, threads=2)
        assert got == want, per
    assert len(want) == 4005 and all(line["results"] for line in want[:100])


def test_match_of_objects_equals_the_cli_and_each_cv_is_rank(cvs, engine):
    path = os.path.join(POSTINGS, "linkedin-sample.jsonl")
    names = sorted(os.listdir(cvs))[:12]
    texts = {os.path.join(cvs, n): read(os.path.join(cvs, n)) for n in names}
    postings = jsonl(path)
    got = engine.match(texts, postings, top=7)
    assert [line["cv"] for line in got] == list(texts)
    for line in got:
        ranked = engine.rank(texts[line["cv"]], postings, top=7)
        assert line["results"] == ranked["results"], line["cv"]
    # the same CVs through the CLI (a folder holding just them)
    full = cli_lines("--top", "7", cvs, path)
    by_name = {line["cv"]: line for line in full}
    assert got == [by_name[name] for name in texts]


def test_match_per_posting_of_objects(cvs, engine):
    postings = jsonl(os.path.join(POSTINGS, "skillspan.jsonl"), 50)
    texts = [(n, read(os.path.join(cvs, n))) for n in sorted(os.listdir(cvs))[:8]]
    got = engine.match(texts, postings, top=3, per="posting")
    assert [line["posting"] for line in got] == [p["id"] for p in postings]
    for line in got[:10]:
        scores = [r["score"] for r in line["results"]]
        assert scores == sorted(scores, reverse=True) and len(scores) == 3
        # each hit's score is score()'s
        posting = next(p for p in postings if p["id"] == line["posting"])
        for r in line["results"]:
            full = engine.score(dict(texts)[r["cv"]], json.dumps(posting))
            assert r["score"] == full["score"]


def test_bad_cvs_are_skipped_and_reported_as_the_cli_does(tmp_path, engine):
    folder = tmp_path / "cvs"
    folder.mkdir()
    (folder / "good.md").write_text("Jane Doe\nData engineer\n\nSKILLS\nPython, SQL, Spark\n")
    (folder / "empty.md").write_bytes(b"")
    (folder / "image.md").write_bytes(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR")
    posting = tmp_path / "p.jsonl"
    posting.write_text('{"id": "p1", "title": "Data Engineer", "description": "Python, Spark"}\n')
    p = cli("match", "--json", str(folder), str(posting))
    assert p.returncode == 3
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        got = engine.match_files(str(folder), [str(posting)])
    assert got == [json.loads(line) for line in p.stdout.splitlines()]
    reports = [l for l in p.stderr.decode().splitlines() if not l.startswith("jobmatch:")]
    assert [str(w.message) for w in caught] == reports and len(reports) == 2


def test_add_cvs_on_threads_gives_the_same_matcher(cvs, engine):
    """The CVs read and counted on 1 or 3 threads (jm_matcher_set_threads):
    the same count, skips and results, in the same order."""
    from jobmatch import _jobmatch
    path = os.path.join(POSTINGS, "linkedin-sample.jsonl")
    runs = []
    for threads in (1, 3):
        m = _jobmatch.Matcher(engine)
        added, skipped = m.add_cvs(cvs, threads=threads)
        lines, _, _ = m.run([path], top=3)
        runs.append((added, skipped, lines))
    assert runs[0] == runs[1]
    assert runs[0][0] == 65 and len(runs[0][2]) == 65
    with pytest.raises(ValueError):
        _jobmatch.Matcher(engine).add_cvs(cvs, threads=-1)

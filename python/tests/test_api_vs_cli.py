"""This file contains the tests that hold the Python API to the command
line: every method's dict equals json.loads of the CLI's --json output for
the same files (every field, numbers bit for bit), on the seed CV, real
CVs and real postings from ../shared, and the model functions give the
same bytes as `jobmatch model`."""
import json
import os
import shutil
import warnings

import pytest

import jobmatch
from conftest import POSTINGS, ROOT, SEED_CV, cli, cli_json, jsonl, read

EXAMPLES = os.path.join(ROOT, "data", "examples")


def sample_postings(per_file):
    """The first per_file postings of every JSON Lines file of ../shared."""
    out = []
    for name in sorted(os.listdir(POSTINGS)):
        if name.endswith(".jsonl"):
            out += jsonl(os.path.join(POSTINGS, name), per_file)
    return out


def posting_files(folder, postings):
    """Each posting written to folder/N.json (a file the CLI reads as one
    posting); their paths."""
    paths = []
    for i, p in enumerate(postings):
        path = os.path.join(folder, "%d.json" % i)
        with open(path, "w", encoding="utf-8") as f:
            json.dump(p, f, ensure_ascii=False)
        paths.append(path)
    return paths


def test_score_gaps_keywords_equal_the_cli_on_the_seed_cv_and_real_postings(
        shared, engine, tmp_path):
    cv = read(SEED_CV)
    files = posting_files(str(tmp_path), sample_postings(6))
    files += [os.path.join(EXAMPLES, f) for f in sorted(os.listdir(EXAMPLES))
              if f.startswith("posting-")]
    assert len(files) > 40
    some_matched = 0
    for path in files:
        posting = read(path)
        got = engine.score(cv, posting, cv_name=SEED_CV, posting_id=path)
        assert got == cli_json("score", SEED_CV, path), path
        some_matched += bool(got["matched"])
        assert engine.gaps(cv, posting) == cli_json("gaps", SEED_CV, path), path
        assert engine.keywords(posting) == cli_json("keywords", path), path
    assert some_matched > 30   # real matches, not empty lists compared


def test_numbers_are_the_same_doubles_as_the_cli_prints(shared, engine):
    path = os.path.join(EXAMPLES, "posting-ml-platform-engineer.md")
    got = engine.score(read(SEED_CV), read(path), posting_id=path)
    want = json.loads(cli("score", "--json", SEED_CV, path).stdout)
    assert got["score"].hex() == float(want["score"]).hex()
    for a, b in zip(got["matched"], want["matched"]):
        assert a["contribution"].hex() == float(b["contribution"]).hex()
        assert a["idf"].hex() == float(b["idf"]).hex()


def test_top_limits_the_lists_as_the_cli_top_does(shared, engine):
    path = os.path.join(EXAMPLES, "posting-data-engineer.txt")
    cv, posting = read(SEED_CV), read(path)
    got = engine.score(cv, posting, top=3, posting_id=path)
    assert got == cli_json("score", "--top", "3", SEED_CV, path)
    assert len(got["matched"]) == 3
    assert engine.gaps(cv, posting, top=2) == cli_json("gaps", "--top", "2", SEED_CV, path)
    assert engine.keywords(posting, top=5) == cli_json("keywords", "--top", "5", path)


def test_sections_and_analyze_equal_the_cli_on_real_cvs(shared, engine):
    folder = os.path.join(shared, "eval", "cvs-vanetik")
    cvs = [SEED_CV] + [os.path.join(folder, f) for f in sorted(os.listdir(folder))[:12]]
    for path in cvs:
        text = read(path)
        assert engine.sections(text) == cli_json("sections", path), path
        assert engine.analyze(text) == cli_json("analyze", path), path
    for path in sorted(os.listdir(EXAMPLES)):
        if path.startswith("posting-"):
            full = os.path.join(EXAMPLES, path)
            assert engine.sections(read(full), posting=True) == \
                cli_json("sections", "--posting", full)


def test_str_and_bytes_give_the_same_result(shared, engine):
    text = read(SEED_CV)
    assert engine.sections(text) == engine.sections(text.decode("utf-8"))


def test_bytes_that_are_not_utf8_become_one_replacement_each_as_in_the_cli(engine, tmp_path):
    # a scraped title with a stray Latin-1 byte and a cut UTF-8 sequence
    path = tmp_path / "odd.json"
    path.write_bytes(b'{"id": "x1", "title": "Caf\xe9 Manager \xe2\x82", '
                     b'"description": "Runs the caf\xc3\xa9. Python and SQL."}')
    cv = os.path.join(EXAMPLES, "seed-cv.md")
    got = engine.score(read(cv), path.read_bytes(), posting_id=str(path))
    assert got == cli_json("score", cv, str(path))
    assert got["posting"]["title"] == "Caf\ufffd Manager \ufffd\ufffd"


def test_rank_over_a_real_file_equals_the_cli(shared, engine):
    path = os.path.join(POSTINGS, "usajobs-ai-cyber.jsonl")
    want = cli_json("rank", "--top", "20", SEED_CV, path)
    cv = read(SEED_CV)
    got = engine.rank_files(cv, [path], top=20, threads=2)
    assert got == want
    assert want["ranked"] == 4005 and len(want["results"]) == 20
    # the same postings given as dicts
    assert engine.rank(cv, jsonl(path), top=20) == want
    # and as JSON strings, on one thread
    with open(path, encoding="utf-8") as f:
        assert engine.rank(cv, (line for line in f), top=20, threads=1) == want


def test_rank_options_equal_the_cli(shared, engine):
    path = os.path.join(POSTINGS, "linkedin-sample.jsonl")
    cv = read(SEED_CV)
    want = cli_json("rank", "--top", "7", "--min-score", "0.05", "--dedup", SEED_CV, path)
    got = engine.rank_files(cv, [path], top=7, min_score=0.05, dedup=True)
    assert got == want and "duplicates" in got


def test_postings_without_an_id_are_named_by_their_line(engine, tmp_path):
    records = [{"title": "Data Engineer", "description": "Python, SQL and Spark pipelines."},
               {"title": "Nurse", "description": "Patient care in a hospital ward."}]
    (tmp_path / "postings.jsonl").write_text(
        "".join(json.dumps(r) + "\n" for r in records))
    cv = os.path.join(ROOT, "data", "examples", "seed-cv.md")
    shutil.copy(cv, tmp_path / "cv.md")
    p = __import__("subprocess").run(
        [os.path.join(ROOT, os.environ.get("JOBMATCH", "jobmatch")), "rank", "--json",
         "--top", "10", "cv.md", "postings.jsonl"], cwd=tmp_path, capture_output=True)
    want = json.loads(p.stdout)
    got = engine.rank(read(cv), records)
    assert got == want
    assert [r["id"] for r in got["results"]] == ["postings.jsonl:1", "postings.jsonl:2"]


def test_engine_options_equal_the_cli_options(shared, tmp_path):
    path = os.path.join(EXAMPLES, "posting-ml-platform-engineer.md")
    cv = read(SEED_CV)
    cases = [
        (dict(weights={"skills": 2, "experience": 0.5}), ["--weights", "skills=2,experience=0.5"]),
        (dict(weights="title=3"), ["--weights", "title=3"]),
        (dict(occupations="none"), ["--occupations", "none"]),
        (dict(model="none"), ["--model", "none"]),
        (dict(skills="none"), ["--skills", "none"]),
        (dict(model=os.path.join(ROOT, "data", "model.jm")),
         ["--model", os.path.join(ROOT, "data", "model.jm")]),
    ]
    plain = jobmatch.Engine().score(cv, read(path), posting_id=path)
    plain_keywords = jobmatch.Engine().keywords(read(path))
    for kwargs, flags in cases:
        e = jobmatch.Engine(**kwargs)
        got = e.score(cv, read(path), posting_id=path)
        assert got == cli_json("score", *flags, SEED_CV, path), kwargs
        keywords = e.keywords(read(path))
        assert keywords == cli_json("keywords", *flags, path), kwargs
        if "skills" in kwargs:    # the option was applied
            assert keywords != plain_keywords
        elif kwargs.get("model") != os.path.join(ROOT, "data", "model.jm"):
            assert got != plain, kwargs


def test_model_build_merge_finalize_give_the_cli_bytes(shared, tmp_path):
    a = os.path.join(POSTINGS, "linkedin-sample.jsonl")
    b = os.path.join(POSTINGS, "usajobs-duties-series.jsonl")
    whole = jobmatch.model.build([a, b])
    cli("model", "build", "-o", str(tmp_path / "whole.jm"), a, b)
    assert whole == read(tmp_path / "whole.jm")
    parts = [jobmatch.model.build([a]), jobmatch.model.build([b])]
    assert jobmatch.model.merge(parts) == whole
    final = jobmatch.model.finalize(whole, min_df=3)
    cli("model", "finalize", "--min-df", "3", "-o", str(tmp_path / "final.jm"),
        str(tmp_path / "whole.jm"))
    assert final == read(tmp_path / "final.jm")
    assert jobmatch.model.build([a, b], finalize=True, min_df=3) == final
    # the model is usable: an Engine loads it and scores with it
    jobmatch.model.write(final, tmp_path / "m.jm")
    e = jobmatch.Engine(model=tmp_path / "m.jm")
    path = os.path.join(EXAMPLES, "posting-data-engineer.txt")
    assert e.score(read(SEED_CV), read(path), posting_id=path) == \
        cli_json("score", "--model", str(tmp_path / "m.jm"), SEED_CV, path)


def test_model_build_reports_skipped_records_as_the_cli_does(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"title": "Engineer", "description": "Python"}\n{oops\n[1]\n')
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        data = jobmatch.model.build([str(path)])
    p = cli("model", "build", "-o", str(tmp_path / "m.jm"), str(path))
    assert p.returncode == 3
    assert data == read(tmp_path / "m.jm")
    want = [l for l in p.stderr.decode().splitlines() if not l.startswith("jobmatch:")]
    assert [str(w.message) for w in caught] == want and len(want) == 2

"""This file contains the tests of bad input through Python: every failure
is an exception carrying the library's message, the same message the
command line prints after "jobmatch: " for the same file, and of the class
its status says (InputError, ModelError, OSError, ValueError)."""
import os
import warnings

import pytest

import jobmatch
from conftest import ROOT, cli, read

POSTING = os.path.join(ROOT, "data", "examples", "posting-data-engineer.txt")
CV = os.path.join(ROOT, "data", "examples", "seed-cv.md")

# name, bytes: each row an input the readers refuse (README, Sections)
BAD_DOCS = [
    ("empty.md", b""),                                   # nothing to read
    ("blank.md", b" \n\t\r\n"),                          # only white space
    ("nul.md", b"Jane Doe\n\0\0binary"),                 # NUL bytes: binary
    ("cv.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),       # an image
    ("cv.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"),  # a PDF, not its text
    ("deep.json", b"[" * 1001 + b"]" * 1001),            # JSON nested too deep
    ("neither.json", b'{"foo": 1}'),                     # neither resume nor posting
    ("two.json", b'{"title": "a", "description": "b"} {"x": 1}'),  # two values
    ("broken.json", b'{"title": "a", "description": '),  # cut JSON
]


def cli_message(*args):
    """The CLI's message for a failing command (its stderr without
    "jobmatch: "), checked to be exit status 1 or 2."""
    p = cli(*args, check=False)
    assert p.returncode in (1, 2), (args, p.returncode)
    err = p.stderr.decode().strip()
    assert err.startswith("jobmatch: ")
    return err[len("jobmatch: "):]


@pytest.mark.parametrize("name,data", BAD_DOCS, ids=[n for n, _ in BAD_DOCS])
def test_a_bad_cv_or_posting_raises_the_cli_message(name, data, tmp_path, engine):
    path = str(tmp_path / name)
    with open(path, "wb") as f:
        f.write(data)
    as_cv = cli_message("score", path, POSTING)
    with pytest.raises(jobmatch.InputError) as err:
        engine.score(data, read(POSTING), cv_name=path)
    assert str(err.value) == as_cv
    as_posting = cli_message("score", CV, path)
    with pytest.raises(jobmatch.InputError) as err:
        engine.score(read(CV), data, posting_id=path)
    assert str(err.value) == as_posting
    with pytest.raises(jobmatch.InputError) as err:
        engine.keywords(data, posting_id=path)
    assert str(err.value) == cli_message("keywords", path)
    with pytest.raises(jobmatch.InputError) as err:
        engine.sections(data, name=path)
    assert str(err.value) == cli_message("sections", path)
    # InputError is a ValueError too, and the engine still works after it
    assert issubclass(jobmatch.InputError, ValueError)
    assert engine.score(read(CV), read(POSTING))["score"] > 0


def test_damaged_and_missing_models_raise_the_cli_message(tmp_path):
    model = read(os.path.join(ROOT, "data", "model.jm"))
    cases = [("garbage.jm", b"garbage model\n", jobmatch.ModelError),
             ("truncated.jm", model[:3000], jobmatch.ModelError),
             ("flipped.jm", model[:5000] + bytes([model[5000] ^ 1]) + model[5001:],
              jobmatch.ModelError),
             ("missing.jm", None, OSError)]
    for name, data, cls in cases:
        path = str(tmp_path / name)
        if data is not None:
            with open(path, "wb") as f:
                f.write(data)
        with pytest.raises(cls) as err:
            jobmatch.Engine(model=path)
        assert str(err.value) == cli_message("score", "--model", path, CV, POSTING), name


def test_bad_options_raise_the_cli_message():
    for kwargs, flags in [(dict(weights="foo=1"), ["--weights", "foo=1"]),
                          (dict(weights={"skills": -1}), ["--weights", "skills=-1.0"]),
                          (dict(lang="klingon"), ["--lang", "klingon"]),
                          (dict(occupations="/nonexistent/titles.tsv"),
                           ["--occupations", "/nonexistent/titles.tsv"])]:
        with pytest.raises((jobmatch.Error, ValueError, OSError)) as err:
            e = jobmatch.Engine(**kwargs)
            e.score(read(CV), read(POSTING))     # a table read on first use
        assert str(err.value) == cli_message("score", *flags, CV, POSTING), kwargs


def test_arguments_of_the_wrong_type_are_type_errors(engine):
    with pytest.raises(TypeError):
        engine.score(42, "posting")
    with pytest.raises(TypeError):
        engine.rank("cv", [42])
    with pytest.raises(TypeError):
        jobmatch.model.build("one/path.jsonl")
    with pytest.raises(ValueError):
        engine.sections("text", format="yaml")
    with pytest.raises(jobmatch.InputError):   # text said to be JSON
        engine.score("Jane Doe\nPython", "Engineer\nPython", posting_format="json")


def test_the_format_given_wins_over_sniffing(engine):
    cv = "{Jane Doe}\n\nSKILLS\nPython, SQL, Kubernetes\n"
    with pytest.raises(jobmatch.InputError):      # sniffed: JSON, and broken
        engine.sections(cv)
    kinds = [s["kind"] for s in engine.sections(cv, format="text")["sections"]]
    assert kinds == ["contact", "skills"]
    got = engine.score(cv, "Data Engineer\nPython and Kubernetes", cv_format="text")
    assert got["score"] > 0


def test_malformed_postings_in_rank_are_skipped_counted_and_reported(tmp_path, engine):
    path = tmp_path / "postings.jsonl"
    path.write_bytes(b'{"id": "a", "title": "Data Engineer", "description": "Python SQL"}\n'
                     b'{"id": "b", "title": \n'
                     b'[1, 2]\n'
                     b'{"id": "c", "company": "no title or description"}\n'
                     b'{"id": "d", "title": "Nurse", "description": "Patient care"}\n')
    p = cli("rank", "--json", CV, str(path))
    assert p.returncode == 3
    import json
    want = json.loads(p.stdout)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        got = engine.rank_files(read(CV), [str(path)], top=20)
    assert got == want and got["skipped"] == 3
    reports = [l for l in p.stderr.decode().splitlines() if not l.startswith("jobmatch:")]
    assert [str(w.message) for w in caught] == reports
    assert all(issubclass(w.category, jobmatch.SkippedRecordWarning) for w in caught)
    # the same records given to rank() as JSON strings: the same counts,
    # reported under the name postings.jsonl
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        again = engine.rank(read(CV), path.read_bytes().splitlines(), top=20)
    assert again == want
    assert [str(w.message) for w in caught] == \
        [r.replace(str(path), "postings.jsonl") for r in reports]


def test_merging_damaged_counts_raises_model_error():
    good = jobmatch.model.build([os.path.join(ROOT, "data", "examples", "postings.jsonl")])
    with pytest.raises(jobmatch.ModelError) as err:
        jobmatch.model.merge([good, good[:len(good) // 2]])
    assert "in1.jm" in str(err.value) and "/" not in str(err.value).split(":")[0]
    with pytest.raises(OSError):
        jobmatch.model.build(["/nonexistent/postings.jsonl"])

"""This file contains the tests of the Python package's threads and memory:
two threads with an Engine each give what one thread gives; one Engine
called from two threads at once raises ConcurrentUseError (and is not
harmed by it), which also shows that the GIL is released while the
library works; 10,000 scores in a loop leave the process's RSS where it
was."""
import os
import threading

import pytest

import jobmatch
from conftest import POSTINGS, ROOT, SEED_CV, jsonl, read

EXAMPLES = os.path.join(ROOT, "data", "examples")


def rss_bytes():
    """The process's resident set size (Linux /proc)."""
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def score_all(engine, cv, postings):
    """engine.score of cv against each posting (dicts), as a list."""
    return [engine.score(cv, p["description"], posting_id=p["id"]) for p in postings]


def test_two_threads_with_an_engine_each_give_the_results_of_one(shared):
    cv = read(SEED_CV)
    postings = jsonl(os.path.join(POSTINGS, "linkedin-sample.jsonl"), 40)
    want = score_all(jobmatch.Engine(), cv, postings)
    got = [None, None]
    errors = []

    def work(i):
        try:
            got[i] = score_all(jobmatch.Engine(), cv, postings)
        except Exception as err:          # reported below, not lost in the thread
            errors.append(err)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert got[0] == want and got[1] == want
    assert len({round(r["score"], 12) for r in want}) > 10   # real, varied scores


def test_one_engine_used_by_two_threads_at_once_raises_a_clear_error(shared):
    engine = jobmatch.Engine()
    cv = read(SEED_CV)
    path = os.path.join(POSTINGS, "usajobs-2019-summaries.jsonl")
    want = jobmatch.Engine().rank_files(cv, [path], top=5, threads=1)
    result = {}
    started = threading.Event()

    def long_call():
        started.set()
        result["rank"] = engine.rank_files(cv, [path], top=5, threads=1)

    t = threading.Thread(target=long_call)
    t.start()
    started.wait()
    refused = done = 0
    # while the other thread is inside the library, this one runs Python
    # (the GIL is released) and is refused the engine
    while t.is_alive():
        try:
            engine.sections(b"Jane Doe\n\nSKILLS\nPython\n")
            done += 1
        except jobmatch.ConcurrentUseError as err:
            assert "one Engine per thread" in str(err)
            refused += 1
    t.join()
    assert refused > 0, "the engine was never busy while this thread ran"
    assert result["rank"] == want
    assert engine.score(cv, read(os.path.join(EXAMPLES, "posting-data-engineer.txt")))["score"] > 0


def test_ten_thousand_scores_leave_no_growth_in_rss():
    engine = jobmatch.Engine()
    # a real posting and a short CV: 10,000 scores take a few seconds
    posting = read(os.path.join(EXAMPLES, "posting-data-engineer.txt"))
    cv = b"Jane Doe\nML engineer\n\nSKILLS\nPython, PyTorch, Kubernetes, Spark, SQL\n"

    def rounds(n):
        for i in range(n):
            r = engine.score(cv, posting, posting_id="p%d" % (i % 7))
            assert r["score"] > 0
            if i % 50 == 0:                # the error paths free what they made
                with pytest.raises(jobmatch.InputError):
                    engine.score(cv, b"\x89PNG\r\n\x1a\n")
                engine.keywords(posting, top=5)

    rounds(1000)                           # caches and Python's pools warm up
    before = rss_bytes()
    rounds(10000)
    growth = rss_bytes() - before
    # a leak of 100 bytes a call would be 1 MB here
    assert growth < 1 << 20, "RSS grew by %d bytes over 10,000 scores" % growth

"""This file contains the tests of jobmatch.dask on a real Dask cluster: a
scheduler and two worker processes started here on 127.0.0.1 (not only a
LocalCluster). Model build and match over the 19,736 real postings of
../shared (match with the 65 real CVs of eval/cvs-vanetik): the same bytes
as `jobmatch model build` and `jobmatch match --json`; then again with one
worker killed in the middle of the run (Dask reruns its tasks on the
other): still the same bytes, nothing lost, nothing counted twice."""
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time

import pytest

import jobmatch
from conftest import POSTINGS, ROOT, cli, read

distributed = pytest.importorskip("distributed", reason="python3-distributed is not installed")
import jobmatch.dask as jd   # noqa: E402  (after the skip)

PYTHON = sys.executable


class Cluster:
    """A scheduler and n worker processes (single-threaded, no nanny, so
    that a killed worker stays dead) on 127.0.0.1, stopped by close()."""

    def __init__(self, n_workers, folder):
        self.folder = folder
        self.file = os.path.join(folder, "scheduler.json")
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
        self.log = open(os.path.join(folder, "cluster.log"), "wb")
        self.scheduler = subprocess.Popen(
            [PYTHON, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1",
             "--port", "0", "--no-dashboard", "--scheduler-file", self.file],
            stdout=self.log, stderr=subprocess.STDOUT, env=env)
        self.workers = {}
        for i in range(n_workers):
            name = "w%d" % i
            self.workers[name] = subprocess.Popen(
                [PYTHON, "-m", "distributed.cli.dask_worker", "--scheduler-file", self.file,
                 "--nthreads", "1", "--no-nanny", "--no-dashboard", "--name", name,
                 "--host", "127.0.0.1", "--local-directory", folder],
                stdout=self.log, stderr=subprocess.STDOUT, env=env)
        deadline = time.time() + 60
        while not os.path.exists(self.file):
            if time.time() > deadline or self.scheduler.poll() is not None:
                raise RuntimeError("the scheduler did not start: %s" % self.tail())
            time.sleep(0.1)
        self.client = distributed.Client(scheduler_file=self.file, timeout=60)
        self.client.wait_for_workers(n_workers, timeout=60)
        self.address = self.client.scheduler.address

    def tail(self):
        with open(os.path.join(self.folder, "cluster.log"), "rb") as f:
            return f.read()[-2000:].decode(errors="replace")

    def worker_address(self, name):
        for addr, info in self.client.scheduler_info()["workers"].items():
            if info.get("name") == name:
                return addr
        return None

    def close(self):
        self.client.close()
        for p in list(self.workers.values()) + [self.scheduler]:
            if p.poll() is None:
                p.terminate()
        for p in list(self.workers.values()) + [self.scheduler]:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
        self.log.close()


@pytest.fixture
def cluster(shared):
    folder = tempfile.mkdtemp(prefix="jobmatch-dask-test-")
    c = Cluster(2, folder)
    yield c
    c.close()
    subprocess.run(["rm", "-rf", folder])


@pytest.fixture(scope="module")
def cli_model(shared, tmp_path_factory):
    """`jobmatch model build` over every real posting: the reference bytes."""
    out = tmp_path_factory.mktemp("cli") / "model.jm"
    p = cli("model", "build", "-o", str(out), POSTINGS)
    assert b"19736 documents counted" in p.stderr
    return read(out)


def test_the_plan_cuts_json_lines_at_line_ends_and_covers_every_byte(shared):
    parts = jd.plan([POSTINGS], partition_size=1 << 20)
    files = sorted(f for f in os.listdir(POSTINGS) if f.endswith(".jsonl"))
    assert [os.path.basename(p) for p, _, _ in parts] == \
        sorted([os.path.basename(p) for p, _, _ in parts], key=files.index)
    for name in files:
        path = os.path.join(POSTINGS, name)
        data = read(path)
        mine = [(s, e) for p, s, e in parts if p == path]
        if mine == [(None, None)]:          # a small file goes whole
            assert len(data) <= 1 << 20
            continue
        assert mine[0][0] == 0 and mine[-1][1] == len(data)
        for (s1, e1), (s2, _) in zip(mine, mine[1:]):
            assert e1 == s2 and data[s2 - 1:s2] == b"\n"
    assert len(parts) > 30 and sum(s is not None for _, s, _ in parts) > 25


def test_model_build_on_two_workers_gives_the_cli_bytes(cluster, cli_model, tmp_path):
    out = tmp_path / "dask.jm"
    p = subprocess.run([PYTHON, "-m", "jobmatch.dask", "--scheduler", cluster.address,
                        "model-build", "--partition-size", "1M", "-o", str(out), POSTINGS],
                       capture_output=True, env=dict(os.environ,
                                                     PYTHONPATH=os.pathsep.join(sys.path)))
    assert p.returncode == 0, p.stderr.decode()
    assert read(out) == cli_model
    # both workers counted partitions
    done = cluster.client.run(lambda dask_worker: dask_worker.state.executed_count)
    assert len(done) == 2 and all(n > 0 for n in done.values()), done


def kill_mid_run(cluster, run):
    """Runs run() in a thread and kills worker w1 while it works on a task
    of it; returns run's result, computed by the worker left."""
    result = {}
    t = threading.Thread(target=lambda: result.update(value=run()))
    t.start()
    victim = cluster.worker_address("w1")
    # wait until the victim is working on a partition, then kill it
    deadline = time.time() + 120
    while not cluster.client.processing().get(victim):
        assert time.time() < deadline and t.is_alive(), "w1 never got a task"
        time.sleep(0.05)
    time.sleep(1.0)            # a few partitions done, others in flight
    # Tasks are short (tens of ms): w1 may be between two of them at this
    # moment, so wait for it to hold one again, then kill it at once.
    busy = cluster.client.processing().get(victim)
    while not busy and t.is_alive() and time.time() < deadline:
        time.sleep(0.01)
        busy = cluster.client.processing().get(victim)
    assert t.is_alive(), "the run ended before the kill"
    os.kill(cluster.workers["w1"].pid, signal.SIGKILL)
    cluster.workers["w1"].wait()
    t.join(timeout=600)
    assert not t.is_alive()
    assert busy, "w1 had no task when it was killed"
    assert len(cluster.client.scheduler_info()["workers"]) == 1
    return result["value"]


def test_model_build_survives_a_worker_killed_mid_run(cluster, cli_model):
    data, skipped = kill_mid_run(cluster, lambda: jd.model_build(
        cluster.client, [POSTINGS], partition_size=256 << 10))
    assert skipped == 0
    assert data == cli_model


def dask_command(cluster, *args):
    """python3 -m jobmatch.dask --scheduler ADDR ARGS: CompletedProcess."""
    return subprocess.run([PYTHON, "-m", "jobmatch.dask", "--scheduler", cluster.address,
                           *args], capture_output=True,
                          env=dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path)))


def test_match_on_two_workers_gives_the_cli_bytes(cluster, shared):
    cvs = os.path.join(shared, "eval", "cvs-vanetik")
    for per in ("cv", "posting"):
        want = cli("match", "--json", "--top", "10", "--per", per, cvs, POSTINGS)
        got = dask_command(cluster, "match", "--top", "10", "--per", per,
                           "--partition-size", "2M", cvs, POSTINGS)
        # the folder holds a JSON Lines file of postings too: its lines are
        # reported and skipped as CVs, by both (exit 3)
        assert got.returncode == want.returncode == 3, got.stderr.decode()[-2000:]
        assert got.stdout == want.stdout, per
        reports = [l for l in want.stderr.splitlines() if not l.startswith(b"jobmatch")]
        assert reports and set(reports) <= set(got.stderr.splitlines())
        assert b"19736 postings ranked" in got.stderr
    assert want.stdout.count(b"\n") == 19736


def test_match_names_lines_and_reports_skips_as_the_cli_does(cluster, shared, tmp_path):
    # real postings without their ids (named FILE:LINE, the line in the whole
    # file) and two malformed lines, cut into many partitions
    lines = read(os.path.join(POSTINGS, "linkedin-sample.jsonl")).splitlines()
    out = []
    for i, line in enumerate(lines):
        record = json.loads(line)
        del record["id"]
        out.append(json.dumps(record).encode())
        if i in (100, 333):
            out.append(b'{"title": broken')
    postings = tmp_path / "postings.jsonl"
    postings.write_bytes(b"\n".join(out) + b"\n")
    cvs = os.path.join(shared, "eval", "cvs-vanetik")
    want = cli("match", "--json", "--top", "3", cvs, str(postings))
    got = dask_command(cluster, "match", "--top", "3", "--partition-size", "64k", cvs,
                       str(postings))
    assert want.returncode == 3 and got.returncode == 3
    assert got.stdout == want.stdout
    assert str(postings).encode() + b":" in got.stdout
    mine = str(postings).encode() + b":"
    reports = [l for l in want.stderr.splitlines() if l.startswith(mine)]
    assert reports == [l for l in got.stderr.splitlines() if l.startswith(mine)]
    assert [r.split(b":")[1] for r in reports] == [b"102", b"336"]


def test_match_survives_a_worker_killed_mid_run(cluster, shared):
    cvs = os.path.join(shared, "eval", "cvs-vanetik")
    want = cli("match", "--json", "--top", "10", cvs, POSTINGS).stdout
    result = kill_mid_run(cluster, lambda: jd.match(cluster.client, cvs, [POSTINGS], top=10,
                                                    partition_size=512 << 10))
    assert jd.render_match(result["lines"]) == want
    assert result["stats"]["ranked"] == 19736

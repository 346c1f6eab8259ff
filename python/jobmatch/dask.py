"""This file contains jobmatch.dask: jobmatch's map and reduce steps run on
Dask distributed workers, with the same bytes out as one machine.

    python3 -m jobmatch.dask [--scheduler ADDR] model-build -o OUT.jm POSTINGS...

splits the postings into partitions (whole files, and JSON Lines files cut
at line ends into pieces of --partition-size bytes), counts each partition
on a worker (``jobmatch.model.build``) and adds the counts up in a tree of
merges (``jobmatch.model.merge``: exact sums, so any partitioning and any
worker give the same bytes as ``jobmatch model build -o OUT.jm
POSTINGS...``). A worker that dies mid-run loses nothing: Dask runs its
tasks again on the others, and a partition's counts enter the tree once.

    python3 -m jobmatch.dask [--scheduler ADDR] match [--top K] [--per cv|posting] CVS POSTINGS...

sends the CVs (a folder, or a JSON Lines file of JSON Resumes) to every
worker once (a broadcast scatter; each worker thread counts them into its
index once), matches each partition of postings on a worker
(``Engine.match``'s matcher) and merges the top-K lists in a tree, in input
order, so that the output is the same bytes as ``jobmatch match --json
...`` on one machine: ties are broken by input order, and records without
an id are named FILE:LINE with the line in the whole file.

Without --scheduler it starts a LocalCluster of one single-threaded worker
process per core. Workers read the postings themselves: the paths must be
visible to them (a shared filesystem), or be URLs that fsspec opens
(s3://, gs://, ... where the matching fsspec backend is installed). The
package README (python/README.md) says how to run it on a cluster.
"""
import argparse
import os
import sys
import tempfile

import fsspec

import jobmatch

__all__ = ["plan", "model_build", "match", "render_match", "main"]

#: Extensions of the files a folder contributes (src/read/corpus.h).
CORPUS_EXTENSIONS = (".jsonl", ".ndjson", ".json", ".txt", ".text", ".md", ".markdown")
#: JSON Lines files: these are cut into pieces at line ends.
JSONL_EXTENSIONS = (".jsonl", ".ndjson")
#: Bytes of a JSON Lines piece by default.
PARTITION_SIZE = 32 << 20
#: Counts merged by one task in the merge tree.
MERGE_FAN_IN = 8


def _fs(path):
    """(filesystem, path within it) for a local path or an fsspec URL."""
    return fsspec.core.url_to_fs(path)


def _walk_local(folder):
    """The corpus files under a local folder as the library walks it: names
    that do not start with '.', with a corpus extension, sorted by their
    bytes at each level, recursively; as (path, size), the path joined to
    folder as given (so that a record is named as the CLI names it)."""
    entries = sorted(os.scandir(folder), key=lambda e: os.fsencode(e.name))
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = os.path.join(folder, entry.name)
        if entry.is_dir():
            yield from _walk_local(path)
        elif entry.name.lower().endswith(CORPUS_EXTENSIONS):
            yield path, entry.stat().st_size


def _walk_url(fs, folder):
    """_walk_local() for a folder of an fsspec filesystem: URLs."""
    entries = sorted(fs.ls(folder, detail=True),
                     key=lambda e: os.fsencode(e["name"].rstrip("/").rsplit("/", 1)[-1]))
    for entry in entries:
        name = entry["name"].rstrip("/")
        base = name.rsplit("/", 1)[-1]
        if base.startswith("."):
            continue
        if entry["type"] == "directory":
            yield from _walk_url(fs, name)
        elif base.lower().endswith(CORPUS_EXTENSIONS):
            yield fs.unstrip_protocol(name), entry["size"]


def _files(paths):
    """(path, size) of every corpus file that paths name, in the library's
    order (as given; folders walked)."""
    for path in paths:
        if path == "-":
            raise ValueError("-: stdin cannot be read by workers; give files")
        if "://" not in path:
            if os.path.isdir(path):
                yield from _walk_local(path)
            else:
                yield path, os.stat(path).st_size   # FileNotFoundError names it
            continue
        fs, inner = _fs(path)
        if not fs.exists(inner):
            raise FileNotFoundError("%s: No such file or directory" % path)
        if fs.isdir(inner):
            yield from _walk_url(fs, inner)
        else:
            yield path, fs.size(inner)


def _line_starts(path, size, partition_size):
    """Offsets where the pieces of a JSON Lines file start: near every
    partition_size bytes, moved to the byte after a newline."""
    starts = [0]
    with fsspec.open(path, "rb") as f:
        at = partition_size
        while at < size:
            f.seek(at)
            # the rest of the line that `at` falls in belongs to the piece before
            while True:
                chunk = f.read(1 << 16)
                if not chunk:
                    return starts
                nl = chunk.find(b"\n")
                if nl >= 0:
                    at = f.tell() - len(chunk) + nl + 1
                    break
            if at >= size:
                break
            starts.append(at)
            at += partition_size
    return starts


def plan(paths, partition_size=PARTITION_SIZE):
    """The partitions of the postings in paths, in input order: a list of
    (path, start, end) where start and end are byte offsets of a piece of
    a JSON Lines file (at line starts) and (path, None, None) a whole file."""
    parts = []
    for path, size in _files(paths):
        if path.lower().endswith(JSONL_EXTENSIONS) and size > partition_size:
            starts = _line_starts(path, size, partition_size)
            ends = starts[1:] + [size]
            parts += [(path, s, e) for s, e in zip(starts, ends)]
        else:
            parts.append((path, None, None))
    return parts


def _local_copy(part, folder):
    """A local file holding the partition's records (the file itself when
    it is local and whole), with the original's name, so that the library
    reads it the same way (its extension decides the format)."""
    path, start, end = part
    fs, inner = _fs(path)
    if start is None and "://" not in path:
        return path
    local = os.path.join(folder, inner.rstrip("/").rsplit("/", 1)[-1])
    with fs.open(inner, "rb") as src, open(local, "wb") as dst:
        if start is not None:
            src.seek(start)
        left = None if end is None else end - (start or 0)
        while left is None or left > 0:
            chunk = src.read(1 << 20 if left is None else min(1 << 20, left))
            if not chunk:
                break
            dst.write(chunk)
            if left is not None:
                left -= len(chunk)
    return local


def _count_partition(part, options):
    """Task: the counts (bytes) of one partition's postings, and how many
    records it skipped."""
    import warnings
    with tempfile.TemporaryDirectory(prefix="jobmatch-dask-") as folder:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", jobmatch.SkippedRecordWarning)
            counts = jobmatch.model.build([_local_copy(part, folder)], **options)
    skipped = [w for w in caught if issubclass(w.category, jobmatch.SkippedRecordWarning)]
    return counts, len(skipped)


def _merge_counts(options, *results):
    """Task: the counts of several partitions or merges added up, and
    their skipped records."""
    counts = [c for c, _ in results]
    skipped = sum(s for _, s in results)
    if len(counts) == 1:
        return counts[0], skipped
    return jobmatch.model.merge(counts, **options), skipped


def _tree(client, futures, options):
    """Merges futures MERGE_FAN_IN at a time until one is left."""
    while len(futures) > 1:
        futures = [client.submit(_merge_counts, options, *futures[i:i + MERGE_FAN_IN],
                                 pure=False)
                   for i in range(0, len(futures), MERGE_FAN_IN)]
    return futures[0]


def model_build(client, paths, *, partition_size=PARTITION_SIZE, finalize=False,
                min_df=None, lang=None, lexicon=None, stopwords=None):
    """Counts the postings in paths on client's workers: (model bytes,
    records skipped). The bytes are those of ``jobmatch model build``
    (with --finalize [--min-df N] when finalize is set)."""
    options = {"lang": lang, "lexicon": lexicon, "stopwords": stopwords}
    parts = plan(paths, partition_size)
    if not parts:
        raise ValueError("no postings found in %s" % " ".join(paths))
    counted = [client.submit(_count_partition, part, options, pure=False) for part in parts]
    counts, skipped = _tree(client, counted, options).result()
    if finalize:
        counts = jobmatch.model.finalize(counts, min_df=min_df, **options)
    return counts, skipped


# --- match -----------------------------------------------------------------

def _read_cvs(cvs):
    """The CVs' files as [(path relative to cvs, bytes)] ("" for cvs a
    file), what every worker receives once."""
    if os.path.isdir(cvs):
        return [(os.path.relpath(path, cvs), _read(path)) for path, _ in _walk_local(cvs)]
    return [("", _read(cvs))]


def _read(path):
    """A file's bytes."""
    with open(path, "rb") as f:
        return f.read()


def _rename(text, local, original, line_offset=0):
    """text (an id or a message) with the local copy's name put back: local
    itself, or local:LINE with LINE moved by line_offset (the lines of the
    file before the partition)."""
    if not isinstance(text, str) or not text.startswith(local):
        return text
    rest = text[len(local):]
    if rest and rest[0] == ":":
        digits = rest[1:].split(":", 1)
        if digits[0].isdigit():
            tail = ":" + digits[1] if len(digits) > 1 else ""
            return "%s:%d%s" % (original, int(digits[0]) + line_offset, tail)
    return original + rest


#: Matchers of this worker process, by (CV broadcast's key, thread): each
#: worker thread counts the CVs once and keeps them for every partition.
_MATCHERS = {}


def _matcher(cv_key, cv_files, cvs, engine_options):
    """This thread's matcher over the broadcast CVs: (matcher, skipped CVs'
    messages), made on first use."""
    import threading
    key = (cv_key, threading.get_ident())
    if key not in _MATCHERS:
        # only the CVs of the run at hand are kept
        for old in [k for k in _MATCHERS if k[1] == key[1]]:
            del _MATCHERS[old]
        engine = jobmatch.Engine(**engine_options)
        matcher = jobmatch._jobmatch.Matcher(engine)
        with tempfile.TemporaryDirectory(prefix="jobmatch-cvs-") as folder:
            if cv_files and cv_files[0][0] == "":
                root = os.path.join(folder, os.path.basename(cvs.rstrip("/")) or "cvs")
                with open(root, "wb") as f:
                    f.write(cv_files[0][1])
            else:
                root = os.path.join(folder, "cvs") + ("/" if cvs.endswith("/") else "")
                for rel, data in cv_files:
                    os.makedirs(os.path.dirname(os.path.join(root, rel)), exist_ok=True)
                    with open(os.path.join(root, rel), "wb") as f:
                        f.write(data)
            _, skipped = matcher.add_cvs(root)
            # names are copied into the matcher: the CVs are named as the CLI
            # names them, by their place under cvs
            _MATCHERS[key] = (matcher, root, [_rename(m, root, cvs) for m in skipped])
    return _MATCHERS[key]


def _count_lines(part):
    """Task: the newlines of a partition's bytes."""
    path, start, end = part
    fs, inner = _fs(path)
    n = 0
    with fs.open(inner, "rb") as f:
        f.seek(start or 0)
        left = None if end is None else end - (start or 0)
        while left is None or left > 0:
            chunk = f.read(1 << 20 if left is None else min(1 << 20, left))
            if not chunk:
                break
            n += chunk.count(b"\n")
            if left is not None:
                left -= len(chunk)
    return n


def _match_partition(cv_files, cv_key, cvs, engine_options, part, line_offset, options):
    """Task: one partition's match results (the objects of match --json,
    ids as the CLI gives them) and its skipped records' messages."""
    matcher, root, cv_skips = _matcher(cv_key, cv_files, cvs, engine_options)
    with tempfile.TemporaryDirectory(prefix="jobmatch-dask-") as folder:
        local = _local_copy(part, folder)
        lines, stats, skipped = matcher.run([local], **options)
    original = part[0]
    for line in lines:
        if "cv" in line:
            line["cv"] = _rename(line["cv"], root, cvs)
            for r in line["results"]:
                r["id"] = _rename(r["id"], local, original, line_offset)
        else:
            line["posting"] = _rename(line["posting"], local, original, line_offset)
            for r in line["results"]:
                r["cv"] = _rename(r["cv"], root, cvs)
    skipped = [_rename(m, local, original, line_offset) for m in skipped]
    return {"lines": lines, "stats": stats, "skipped": skipped, "cv_skipped": cv_skips}


def _merge_matches(top, per, *results):
    """Task: the results of adjacent partitions (in input order) as one:
    per CV the best top of their lists (a stable sort by score keeps input
    order among ties, as the CLI breaks them), per posting their lines."""
    first = results[0]
    merged = {"stats": {k: sum(r["stats"].get(k, 0) for r in results) for k in first["stats"]},
              "skipped": [m for r in results for m in r["skipped"]],
              "cv_skipped": first["cv_skipped"]}
    if per == "posting":
        merged["lines"] = [line for r in results for line in r["lines"]]
        return merged
    lines = []
    for i, line in enumerate(first["lines"]):
        pool = [x for r in results for x in r["lines"][i]["results"]]
        pool.sort(key=lambda x: -x["score"])
        best = pool[:top]
        for rank, x in enumerate(best, 1):
            x["rank"] = rank
        lines.append({"cv": line["cv"], "results": best})
    merged["lines"] = lines
    return merged


def match(client, cvs, postings, *, top=10, per="cv", min_score=0.0,
          partition_size=PARTITION_SIZE, engine_options=None):
    """Matches the CVs of cvs (a folder, or a JSON Lines file of JSON
    Resumes) against the postings in paths on client's workers: a dict
    with "lines" (the objects of ``jobmatch match --json``, in its order),
    "stats" (postings ranked, skipped), "skipped" and "cv_skipped" (the
    messages of malformed postings and of CVs that could not be read)."""
    jobmatch.need_matcher()
    if per not in ("cv", "posting"):
        raise ValueError("per must be \"cv\" or \"posting\", not %r" % (per,))
    if not os.path.exists(cvs):
        raise FileNotFoundError("%s: No such file or directory" % cvs)
    parts = plan(postings, partition_size)
    if not parts:
        raise ValueError("no postings found in %s" % " ".join(postings))
    # the line where each partition starts in its file
    # the line where each piece of a JSON Lines file starts in it: the
    # newlines of the pieces before it (counted on the workers)
    counts = client.gather([client.submit(_count_lines, p, pure=False)
                            if p[1] is not None else 0 for p in parts])
    offsets, lines_before = [], {}
    for (path, _, _), n in zip(parts, counts):
        offsets.append(lines_before.get(path, 0))
        lines_before[path] = offsets[-1] + n
    [cv_files] = client.scatter([_read_cvs(cvs)], broadcast=True)
    options = {"top": top, "per": per, "min_score": min_score, "threads": 1}
    # the key as a tag ("cvs:KEY"): a bare key in the arguments would be
    # replaced by its data
    futures = [client.submit(_match_partition, cv_files, "cvs:%s" % cv_files.key, cvs,
                             engine_options or {}, part, offset, options, pure=False)
               for part, offset in zip(parts, offsets)]
    while len(futures) > 1:
        futures = [client.submit(_merge_matches, top, per, *futures[i:i + MERGE_FAN_IN],
                                 pure=False)
                   for i in range(0, len(futures), MERGE_FAN_IN)]
    return futures[0].result()


def _json_str(s):
    """s as the CLI's JSON writer quotes it: ", \\, \\n, \\r, \\t escaped,
    other control characters as \\u00XX, everything else as it is."""
    if s is None:
        return "null"
    return '"' + s.translate(_ESCAPES) + '"'


_ESCAPES = {c: "\\u%04x" % c for c in range(0x20)}
_ESCAPES.update({ord('"'): '\\"', ord("\\"): "\\\\", ord("\n"): "\\n",
                 ord("\r"): "\\r", ord("\t"): "\\t"})


def _json_num(v):
    """A number as the CLI prints it: 17 significant digits, 0 unsigned,
    null when not finite."""
    if v is None:
        return "null"
    return "0" if v == 0 else "%.17g" % v


def render_match(lines):
    """The objects of match as ``jobmatch match --json`` prints them, byte
    for byte (JSON Lines)."""
    out = []
    for line in lines:
        if "cv" in line:
            results = ",".join(
                '{"rank":%d,"id":%s,"title":%s,"company":%s,"score":%s,"coverage":%s,'
                '"matched":[%s]}' % (r["rank"], _json_str(r["id"]), _json_str(r["title"]),
                                     _json_str(r["company"]), _json_num(r["score"]),
                                     _json_num(r["coverage"]),
                                     ",".join(_json_str(m) for m in r["matched"]))
                for r in line["results"])
            out.append('{"cv":%s,"results":[%s]}\n' % (_json_str(line["cv"]), results))
        else:
            results = ",".join(
                '{"rank":%d,"cv":%s,"score":%s,"coverage":%s}'
                % (r["rank"], _json_str(r["cv"]), _json_num(r["score"]),
                   _json_num(r["coverage"]))
                for r in line["results"])
            out.append('{"posting":%s,"title":%s,"results":[%s]}\n'
                       % (_json_str(line["posting"]), _json_str(line["title"]), results))
    return "".join(out).encode("utf-8")


def _client(scheduler):
    """A client of the scheduler at ADDR, or of a new LocalCluster (one
    single-threaded worker process per core)."""
    from distributed import Client, LocalCluster
    if scheduler:
        return Client(scheduler), None
    cluster = LocalCluster(n_workers=os.cpu_count() or 1, threads_per_worker=1,
                           processes=True, dashboard_address=None)
    return Client(cluster), cluster


def _size(text):
    """A byte count: 1000, 64k, 32M, 1G."""
    units = {"k": 1 << 10, "m": 1 << 20, "g": 1 << 30}
    text = text.strip().lower().rstrip("b")
    scale = units.get(text[-1:], 1)
    value = int(text[:-1] if scale > 1 else text)
    if value <= 0:
        raise argparse.ArgumentTypeError("a size must be positive")
    return value * scale


def _parser():
    p = argparse.ArgumentParser(
        prog="python3 -m jobmatch.dask",
        description="jobmatch's model build (and match) on Dask distributed workers; "
                    "the same bytes as the jobmatch command on one machine.")
    p.add_argument("--scheduler", metavar="ADDR",
                   help="the scheduler (tcp://HOST:8786); default: a LocalCluster of "
                        "this machine's cores")
    sub = p.add_subparsers(dest="command", required=True)
    b = sub.add_parser("model-build", help="count postings into a model "
                                           "(jobmatch model build)")
    b.add_argument("-o", "--output", required=True, metavar="OUT.jm")
    b.add_argument("--finalize", action="store_true", help="write a finalized model")
    b.add_argument("--min-df", type=int, metavar="N", help="with --finalize: keep terms "
                                                           "in >= N documents")
    b.add_argument("--partition-size", type=_size, default=PARTITION_SIZE, metavar="BYTES",
                   help="bytes of a JSON Lines partition (default 32M)")
    b.add_argument("--lang", metavar="NAME")
    b.add_argument("--lexicon", metavar="FILE")
    b.add_argument("--stopwords", metavar="FILE")
    b.add_argument("postings", nargs="+", metavar="POSTINGS")
    m = sub.add_parser("match", help="match CVs against postings (jobmatch match --json)")
    m.add_argument("--top", type=int, default=20, metavar="K",
                   help="results per CV or posting (default 20, as match --json)")
    m.add_argument("--per", choices=("cv", "posting"), default="cv")
    m.add_argument("--min-score", type=float, default=0.0, metavar="S")
    m.add_argument("--partition-size", type=_size, default=PARTITION_SIZE, metavar="BYTES",
                   help="bytes of a JSON Lines partition (default 32M)")
    m.add_argument("--model", metavar="FILE")
    m.add_argument("--weights", metavar="SPEC")
    m.add_argument("--lang", metavar="NAME")
    m.add_argument("--occupations", metavar="FILE")
    m.add_argument("cvs", metavar="CVS")
    m.add_argument("postings", nargs="+", metavar="POSTINGS")
    return p


def _run_model_build(client, args):
    """model-build: writes the model; returns the records skipped."""
    data, skipped = model_build(client, args.postings, partition_size=args.partition_size,
                                finalize=args.finalize, min_df=args.min_df, lang=args.lang,
                                lexicon=args.lexicon, stopwords=args.stopwords)
    jobmatch.model.write(data, args.output)
    print("jobmatch.dask: wrote %s" % args.output, file=sys.stderr)
    return skipped


def _run_match(client, args):
    """match: prints the JSON Lines; returns the records skipped."""
    engine_options = {k: getattr(args, k) for k in ("model", "weights", "lang", "occupations")
                      if getattr(args, k) is not None}
    result = match(client, args.cvs, args.postings, top=args.top, per=args.per,
                   min_score=args.min_score, partition_size=args.partition_size,
                   engine_options=engine_options)
    for message in result["cv_skipped"] + result["skipped"]:
        print(message, file=sys.stderr)
    sys.stdout.buffer.write(render_match(result["lines"]))
    sys.stdout.flush()
    print("jobmatch.dask: %d postings ranked, %d skipped"
          % (result["stats"]["ranked"], result["stats"]["skipped"] + len(result["cv_skipped"])),
          file=sys.stderr)
    return result["stats"]["skipped"] + len(result["cv_skipped"])


def main(argv=None):
    """The command line; returns the exit status (0, 1 failure, 2 usage,
    3 done but records were skipped), as jobmatch's."""
    args = _parser().parse_args(argv)
    if getattr(args, "min_df", None) is not None and not args.finalize:
        print("jobmatch.dask: --min-df needs --finalize", file=sys.stderr)
        return 2
    if getattr(args, "top", 1) < 1:
        print("jobmatch.dask: --top: not a positive number", file=sys.stderr)
        return 2
    try:
        client, cluster = _client(args.scheduler)
    except OSError as err:
        print("jobmatch.dask: %s: %s" % (args.scheduler, err), file=sys.stderr)
        return 1
    try:
        run = _run_model_build if args.command == "model-build" else _run_match
        skipped = run(client, args)
    except (jobmatch.Error, OSError, ValueError, NotImplementedError) as err:
        print("jobmatch.dask: %s" % err, file=sys.stderr)
        return 1
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    if skipped:
        print("jobmatch.dask: %d malformed record%s skipped"
              % (skipped, "" if skipped == 1 else "s"), file=sys.stderr)
    return 3 if skipped else 0


if __name__ == "__main__":
    # run as the module jobmatch.dask (not __main__), so that the tasks
    # sent to the workers are named by a module they can import
    from jobmatch.dask import main as _main
    sys.exit(_main())

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

__all__ = ["plan", "model_build", "main"]

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
    return p


def main(argv=None):
    """The command line; returns the exit status (0, 1 failure, 2 usage,
    3 done but records were skipped), as jobmatch's."""
    args = _parser().parse_args(argv)
    if args.min_df is not None and not args.finalize:
        print("jobmatch.dask: --min-df needs --finalize", file=sys.stderr)
        return 2
    try:
        client, cluster = _client(args.scheduler)
    except OSError as err:
        print("jobmatch.dask: %s: %s" % (args.scheduler, err), file=sys.stderr)
        return 1
    try:
        data, skipped = model_build(client, args.postings,
                                    partition_size=args.partition_size,
                                    finalize=args.finalize, min_df=args.min_df,
                                    lang=args.lang, lexicon=args.lexicon,
                                    stopwords=args.stopwords)
        jobmatch.model.write(data, args.output)
    except (jobmatch.Error, OSError, ValueError) as err:
        print("jobmatch.dask: %s" % err, file=sys.stderr)
        return 1
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    if skipped:
        print("jobmatch.dask: %d malformed record%s skipped"
              % (skipped, "" if skipped == 1 else "s"), file=sys.stderr)
    print("jobmatch.dask: wrote %s" % args.output, file=sys.stderr)
    return 3 if skipped else 0


if __name__ == "__main__":
    # run as the module jobmatch.dask (not __main__), so that the tasks
    # sent to the workers are named by a module they can import
    from jobmatch.dask import main as _main
    sys.exit(_main())

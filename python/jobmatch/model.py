"""This file contains jobmatch.model: background models as bytes.

``build(paths)`` counts postings (``jobmatch model build``), ``merge`` adds
counts of shards (``model merge``: exact, so shards counted anywhere add up
to the bytes that counting the whole corpus gives), ``finalize`` prunes the
counts into the model that ``Engine(model=FILE)`` loads. Each returns the
file's bytes, the same bytes the command line writes. The library works
on files; these functions go through a temporary folder.
"""
import os
import tempfile

from . import _jobmatch
from ._util import paths_arg, warn_skipped

__all__ = ["build", "merge", "finalize", "write"]


def _run(command, inputs, *, finalize=False, min_df=None, lang=None, lexicon=None,
         stopwords=None):
    """Runs a model command into a temporary file; returns its bytes."""
    with tempfile.TemporaryDirectory(prefix="jobmatch-model-") as folder:
        out = os.path.join(folder, "out.jm")
        stats, skipped = _jobmatch._model_run(
            command, inputs, out, finalize=finalize, min_df=min_df or 0, lang=lang,
            lexicon=None if lexicon is None else os.fspath(lexicon),
            stopwords=None if stopwords is None else os.fspath(stopwords))
        # the records are left out, as the CLI leaves them (exit 3)
        warn_skipped(skipped)
        with open(out, "rb") as f:
            return f.read()


def _temp_inputs(folder, blobs):
    """Writes each bytes object of blobs to a file in folder; their paths."""
    paths = []
    for i, blob in enumerate(blobs):
        if not isinstance(blob, (bytes, bytearray, memoryview)):
            raise TypeError("models are bytes, not %s" % type(blob).__name__)
        path = os.path.join(folder, "in%d.jm" % i)
        with open(path, "wb") as f:
            f.write(blob)
        paths.append(path)
    return paths


def _renamed(err, folder):
    """err with the temporary folder cut from its message."""
    text = str(err).replace(folder + os.sep, "")
    return OSError(text) if isinstance(err, OSError) else type(err)(text)


def build(paths, *, finalize=False, min_df=None, lang=None, lexicon=None, stopwords=None):
    """Counts the postings in paths (JSON Lines, text or Markdown files,
    folders) and returns the counts file's bytes (``jobmatch model build``);
    with finalize=True, a finalized model (``--finalize [--min-df N]``).
    Malformed records are skipped and reported as SkippedRecordWarning."""
    return _run("build", paths_arg(paths), finalize=finalize, min_df=min_df,
                lang=lang, lexicon=lexicon, stopwords=stopwords)


def merge(models, *, lang=None, lexicon=None, stopwords=None):
    """Adds counts (a list of bytes, as build returns them) into one counts
    file's bytes (``jobmatch model merge``). Raises ModelError for counts
    that are damaged or made by another analyzer."""
    with tempfile.TemporaryDirectory(prefix="jobmatch-merge-") as folder:
        try:
            return _run("merge", _temp_inputs(folder, models), lang=lang, lexicon=lexicon,
                        stopwords=stopwords)
        except (_jobmatch.Error, OSError) as err:
            raise _renamed(err, folder) from None


def finalize(counts, *, min_df=None, lang=None, lexicon=None, stopwords=None):
    """Finalizes counts (bytes) into a model's bytes (``jobmatch model
    finalize [--min-df N]``): rare terms dropped, phrases chosen."""
    with tempfile.TemporaryDirectory(prefix="jobmatch-final-") as folder:
        try:
            return _run("finalize", _temp_inputs(folder, [counts]), min_df=min_df, lang=lang,
                        lexicon=lexicon, stopwords=stopwords)
        except (_jobmatch.Error, OSError) as err:
            raise _renamed(err, folder) from None


def write(data, path):
    """Writes model bytes to path, replacing it atomically (as the CLI's
    ``-o`` does)."""
    path = os.fspath(path)
    tmp = "%s.tmp%d" % (path, os.getpid())
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, path)

"""This file contains the jobmatch package's front: Engine, the errors and
the model functions, over the C extension jobmatch._jobmatch (libjobmatch's
public C API, no subprocesses).

Every result is the dict that the command line's ``--json`` prints for the
same inputs (``json.loads`` of it compares equal, numbers bit for bit).
An Engine is not thread-safe: make one per thread (calling one Engine from
two threads at once raises ConcurrentUseError). The GIL is released while
the library works, so threads with an Engine each run in parallel.

    >>> import jobmatch
    >>> e = jobmatch.Engine()
    >>> r = e.score(open("cv.md").read(), open("job.txt").read(), posting_id="job.txt")
    >>> r["score"], [t["display"] for t in r["matched"][:3]]
"""
import json
import os
import tempfile
from collections.abc import Mapping

from . import _jobmatch
from ._jobmatch import ConcurrentUseError, Error, InputError, ModelError
from . import model
from ._util import SkippedRecordWarning, paths_arg as _paths, warn_skipped as _warn

__all__ = ["Engine", "Error", "InputError", "ModelError", "ConcurrentUseError",
           "SkippedRecordWarning", "model", "version"]
__version__ = _jobmatch.version()

#: The name that postings passed as objects go by in ids and messages (a
#: posting without an id of its own is "postings.jsonl:LINE", LINE its
#: 1-based position), as a file's name does on the command line.
POSTINGS_NAME = "postings.jsonl"


def need_matcher():
    """Raises NotImplementedError when the library has no jm_matcher (it
    comes with `jobmatch match`, issue 14; the binding of it with it)."""
    if not hasattr(_jobmatch, "Matcher"):
        raise NotImplementedError("match needs libjobmatch's jm_matcher (jobmatch match, "
                                  "issue 14), which this build does not have yet")


def version():
    """The library's version string (``jobmatch --version``)."""
    return _jobmatch.version()


def _weights_spec(weights):
    """--weights' SPEC from a dict {kind: number}, or the str as given."""
    if weights is None or isinstance(weights, str):
        return weights
    return ",".join("%s=%r" % (kind, float(w)) for kind, w in weights.items())


def _path_or_none(p):
    """A path option: None, "none", a str or an os.PathLike."""
    return None if p is None else os.fspath(p)


def _posting_line(p):
    """One JSON Lines record (bytes) for a posting given as a dict, a JSON
    str or JSON bytes."""
    if isinstance(p, dict):
        line = json.dumps(p, ensure_ascii=False).encode("utf-8")
    elif isinstance(p, str):
        line = p.encode("utf-8")
    elif isinstance(p, (bytes, bytearray, memoryview)):
        line = bytes(p)
    else:
        raise TypeError("a posting must be a dict or a JSON string, not %s"
                        % type(p).__name__)
    if b"\n" in line or b"\r" in line:
        # a JSON text with line breaks between tokens: one line again
        line = json.dumps(json.loads(line), ensure_ascii=False).encode("utf-8")
    return line + b"\n"


def _write_postings(postings, folder):
    """Writes postings (an iterable) to folder/postings.jsonl, streaming;
    returns its path."""
    path = os.path.join(folder, POSTINGS_NAME)
    with open(path, "wb") as f:
        for p in postings:
            f.write(_posting_line(p))
    return path


def _renamed(text, path):
    """text with the temporary file's path replaced by POSTINGS_NAME."""
    return text.replace(path, POSTINGS_NAME) if isinstance(text, str) else text


class Engine(_jobmatch.Engine):
    """A scoring engine: language, stopwords, lexicon, background model,
    skills model, occupation titles and section weights (jm_options).

    model: a model file, None for the built-in one, "none" for no model.
    weights: {"skills": 1.5, "occupation": 0} or "skills=1.5,awards=0" or
    "@FILE" (``--weights``). occupations, skills: a file, None for the
    built-in table, "none" for none. lang: a Snowball language ("english").
    lexicon, stopwords: files replacing the built-in ones.

    Raises ValueError (bad weights, unknown language), OSError (a file
    that cannot be read) or ModelError, with the library's message.
    One Engine per thread."""

    def __init__(self, model=None, weights=None, occupations=None, lang=None,
                 lexicon=None, stopwords=None, skills=None):
        super().__init__(model=_path_or_none(model), weights=_weights_spec(weights),
                         occupations=_path_or_none(occupations), lang=lang,
                         lexicon=_path_or_none(lexicon), stopwords=_path_or_none(stopwords),
                         skills=_path_or_none(skills))

    def rank(self, cv, postings, top=10, threads=0, *, min_score=0.0, dedup=False,
             cv_name=None, cv_format=None):
        """Ranks postings for a CV: the dict of ``jobmatch rank --json``
        ({"results": [...], "ranked": N, "skipped": N}, and "duplicates"
        with dedup).

        postings: an iterable of dicts (id, title, company, location,
        description; title or description required) or of JSON strings,
        streamed through a temporary JSON Lines file in bounded memory.
        A posting without an id is "postings.jsonl:N" (N its 1-based
        position). threads: 0 for every core. Malformed postings are
        skipped, counted in "skipped" and reported as SkippedRecordWarning."""
        def run(paths):
            return self._rank_paths(cv, paths, top=top, threads=threads, min_score=min_score,
                                    dedup=dedup, cv_name=cv_name, cv_format=cv_format)

        def rename(result, path):
            for r in result["results"]:
                r["id"] = _renamed(r["id"], path)
        return _on_postings(postings, run, rename)

    def rank_files(self, cv, paths, top=10, threads=0, *, min_score=0.0, dedup=False,
                   cv_name=None, cv_format=None):
        """Ranks the postings in files (JSON Lines, text or Markdown files,
        folders), as ``jobmatch rank --json CV PATHS...`` does: the same dict;
        ids of JSON lines without one are "FILE:LINE"."""
        result, skipped = self._rank_paths(cv, _paths(paths), top=top, threads=threads,
                                           min_score=min_score, dedup=dedup, cv_name=cv_name,
                                           cv_format=cv_format)
        _warn(skipped)
        return result

    def match(self, cvs, postings, top=10, per="cv", threads=0, *, min_score=0.0,
              dedup=False):
        """Matches many CVs against many postings, each posting read once:
        the objects ``jobmatch match --json`` prints, as a list of dicts.

        cvs: a dict {name: text} or an iterable of (name, text) pairs (text
        str or bytes, as for score). postings: as for rank. per="cv": one
        {"cv": name, "results": [...]} per CV, in the order given, its
        results those of rank(cv, postings, top); per="posting": one
        {"posting": id, "title": ..., "results": [{"rank", "cv", "score",
        "coverage"}]} per posting, in input order, its top CVs."""
        matcher = self._matcher_of(cvs)

        def run(paths):
            lines, _, skipped = matcher.run(paths, top=top, threads=threads, per=per,
                                            min_score=min_score, dedup=dedup)
            return lines, skipped
        return _on_postings(postings, run, _rename_match)

    def match_files(self, cvs, paths, top=10, per="cv", threads=0, *, min_score=0.0,
                    dedup=False):
        """``jobmatch match --json CVS PATHS...``: the CVs of a folder (or a
        JSON Lines file of JSON Resumes) against the postings in files; the
        same objects, as a list of dicts. The CVs are read and the postings
        matched on threads threads (0: every core), with the same result for
        any count. Bad CVs and malformed postings are skipped and reported
        as SkippedRecordWarning."""
        need_matcher()
        matcher = _jobmatch.Matcher(self)
        _, skipped = matcher.add_cvs(os.fspath(cvs), threads=threads)
        _warn(skipped)
        lines, _, skipped = matcher.run(_paths(paths), top=top, threads=threads, per=per,
                                        min_score=min_score, dedup=dedup)
        _warn(skipped)
        return lines

    def _matcher_of(self, cvs):
        """A Matcher holding cvs ({name: text} or (name, text) pairs)."""
        need_matcher()
        matcher = _jobmatch.Matcher(self)
        for name, text in (cvs.items() if isinstance(cvs, Mapping) else cvs):
            matcher.add_cv(text, name)
        return matcher


def _on_postings(postings, run, rename):
    """run([path]) -> (result, skipped messages) on postings written to a
    temporary JSON Lines file; the file's path is then put right
    (rename(result, path) for ids, POSTINGS_NAME in messages)."""
    with tempfile.TemporaryDirectory(prefix="jobmatch-") as folder:
        path = _write_postings(postings, folder)
        try:
            result, skipped = run([path])
        except Error as err:
            raise type(err)(_renamed(str(err), path)) from None
        except OSError as err:
            raise OSError(_renamed(str(err), path)) from None
    rename(result, path)
    _warn(skipped, lambda m: _renamed(m, path))
    return result


def _rename_match(lines, path):
    """The temporary file's path in match's ids, put right."""
    for line in lines:
        if "posting" in line:
            line["posting"] = _renamed(line["posting"], path)
        else:
            for r in line["results"]:
                r["id"] = _renamed(r["id"], path)

"""This file contains what the jobmatch package's modules share: the
warning for skipped records and the checks of path arguments."""
import os
import warnings

__all__ = ["SkippedRecordWarning", "paths_arg", "warn_skipped"]


class SkippedRecordWarning(UserWarning):
    """A malformed record was skipped (the CLI's ``FILE:LINE: reason``)."""


def paths_arg(paths):
    """paths as a list of str; one path alone is a TypeError (a str would
    be read as a list of one-letter paths)."""
    if isinstance(paths, (str, bytes, os.PathLike)):
        raise TypeError("paths must be a list of paths, not one path")
    return [os.fspath(p) for p in paths]


def warn_skipped(messages, rename=None):
    """Each skipped record's message as a SkippedRecordWarning."""
    for message in messages:
        warnings.warn(rename(message) if rename else message, SkippedRecordWarning,
                      stacklevel=3)

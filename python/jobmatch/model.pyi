# This file contains the type hints of jobmatch.model (PEP 561).
import os
from typing import Iterable, Optional, Union

PathLike = Union[str, "os.PathLike[str]"]

def build(paths: Iterable[PathLike], *, finalize: bool = ..., min_df: Optional[int] = ...,
          lang: Optional[str] = ..., lexicon: Optional[PathLike] = ...,
          stopwords: Optional[PathLike] = ...) -> bytes: ...
def merge(models: Iterable[bytes], *, lang: Optional[str] = ..., lexicon: Optional[PathLike] = ...,
          stopwords: Optional[PathLike] = ...) -> bytes: ...
def finalize(counts: bytes, *, min_df: Optional[int] = ..., lang: Optional[str] = ...,
             lexicon: Optional[PathLike] = ..., stopwords: Optional[PathLike] = ...) -> bytes: ...
def write(data: bytes, path: PathLike) -> None: ...

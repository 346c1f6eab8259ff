# This file contains the type hints of jobmatch.dask (PEP 561).
from typing import List, Optional, Sequence, Tuple

PARTITION_SIZE: int
MERGE_FAN_IN: int

def plan(paths: Sequence[str], partition_size: int = ...) -> List[Tuple[str, Optional[int], Optional[int]]]: ...
def model_build(client, paths: Sequence[str], *, partition_size: int = ..., finalize: bool = ...,
                min_df: Optional[int] = ..., lang: Optional[str] = ..., lexicon: Optional[str] = ...,
                stopwords: Optional[str] = ...) -> Tuple[bytes, int]: ...
def main(argv: Optional[Sequence[str]] = ...) -> int: ...

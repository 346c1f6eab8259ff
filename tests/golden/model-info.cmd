# model info: counts, the most and least frequent terms (ties by bytes)
$JM model info --top 3 tests/data/model-tiny.jm

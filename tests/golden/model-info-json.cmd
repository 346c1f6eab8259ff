# model info --json: stable field names for programs
$JM model info --json --top 2 tests/data/model-tiny.jm

$JM analyze --json --model none --lexicon tests/data/lexicon.tsv tests/data/analyze-basic.txt

printf "the of and 2019, jane@example.com" | $JM analyze --json --model none -

#!/bin/sh
# Derives data/stopwords.txt from Snowball's English stopword list in
# ../shared/lexicon (BSD-3): one word a line, with the attribution the
# licence asks for. Reproducible: the same input gives the same bytes.
set -eu
shared=${1:-../shared}
out=${2:-data/stopwords.txt}
src="$shared/lexicon/snowball-english-stop.txt"
{
    echo "# Stopwords: Snowball's English stop word list, one word a line."
    echo "# Derived by scripts/build_stopwords.sh from snowball-english-stop.txt."
    echo "# Copyright (c) 2001, Dr Martin Porter; (c) 2002, Richard Boulton."
    echo "# BSD-3-Clause; the full licence is in data/LICENSE.snowball."
    sed -e 's/|.*//' -e 's/[[:space:]]*$//' -e 's/^[[:space:]]*//' "$src" |
        grep -v '^$' | LC_ALL=C sort -u
} > "$out"
# The licence text the attribution points at (template markers removed).
grep -v '^\[%' "$shared/lexicon/snowball-LICENSE" > "$(dirname "$out")/LICENSE.snowball"

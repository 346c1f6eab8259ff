#!/bin/sh
# Makes the seed corpora and runs every fuzz target for SECONDS each, one
# after the other (never two fuzzers at once). Called by `make fuzz`:
#
#   sh fuzz/run.sh SECONDS SHARED JOBMATCH [TARGET...]
#
# Seeds go to build/fuzz/seeds/TARGET/ (made afresh from ../shared and the
# repository's data on every run; never committed: ../shared's data stays
# out of the repository). Inputs the fuzzer finds go to
# build/fuzz/corpus/TARGET/ (kept between runs), findings to
# build/fuzz/artifacts/TARGET/, the log to build/fuzz/TARGET.log. The
# committed regression inputs, tests/fuzz-regress/TARGET/, are fuzzed from
# too. Prints one line per target and a closing "N passed, N failed" (a
# target passes when it ran its time with no finding).
set -u
secs=${1:-60} shared=${2:-../shared} jobmatch=${3:-./jobmatch}
shift 3 2>/dev/null || shift $#
targets=${*:-analyzer cv_text json_resume posting model occupations occbin}
F=build/fuzz
S=$F/seeds

# --- seeds ---------------------------------------------------------------
rm -rf "$S"
for t in analyzer cv_text json_resume posting model occupations occbin; do mkdir -p "$S/$t" "$F/corpus/$t" "$F/artifacts/$t"; done

# JSON string of a file's bytes (quotes, backslashes and controls escaped).
json_str() {
    LC_ALL=C awk 'BEGIN { ORS = "" } {
        gsub(/\\/, "\\\\"); gsub(/"/, "\\\""); gsub(/\t/, "\\t"); gsub(/\r/, "\\r");
        gsub(/[\001-\037]/, " ");
        if (NR > 1) print "\\n"; print } ' "$1"
}

# A JSON Resume made from a CV file: its first lines as the basics, the rest
# split between work highlights and a summary; skills from a fixed list.
json_resume() {
    head -c 2000 "$1" >"$S/tmp.txt"
    printf '{"basics":{"name":"Seed %s","label":"Engineer","email":"a@b.example","summary":"' "$2"
    json_str "$S/tmp.txt"
    printf '"},"work":[{"name":"Acme","position":"Developer","startDate":"2019-01-01",'
    printf '"highlights":["Built Python services","Ran Kubernetes"]}],'
    printf '"education":[{"institution":"Uni","area":"Computer Science","studyType":"BSc"}],'
    printf '"skills":[{"name":"Programming","keywords":["C","Go","SQL"]}]}\n'
}

cp tests/data/resume.json "$S/json_resume/" 2>/dev/null
cp data/model.jm tests/data/model-tiny.jm "$S/model/" 2>/dev/null
for f in data/examples/*.md data/examples/*.txt; do
    cp "$f" "$S/analyzer/"; cp "$f" "$S/cv_text/"
done
for f in data/examples/posting-*; do cp "$f" "$S/posting/"; done
cp data/examples/postings.jsonl "$S/posting/"
json_resume data/examples/seed-cv.md 0 >"$S/json_resume/seed-cv.json"

# occupation tables: the test table, and data/occupations.tsv cut into
# pieces of at most about 64 KB (-max_len): its first lines (with the
# comment header), runs of lines from its middle and end, cuts at a byte
# count (a line cut short), and lines picked at random (fixed seeds)
O=data/occupations.tsv
cp tests/data/occupations.tsv "$S/occupations/test.tsv"
for k in 6 8 12 30; do head -n "$k" "$O" >"$S/occupations/head-$k.tsv"; done
for r in 100,110 300,330 500,505 700,720 900,940 1010,1021; do
    sed -n "${r}p" "$O" >"$S/occupations/lines-${r%,*}.tsv"
done
head -c 8000 "$O" >"$S/occupations/bytes-head.tsv"
tail -c 6000 "$O" >"$S/occupations/bytes-tail.tsv"
for seed in 1 2 3 4 5 6 7 8; do
    LC_ALL=C awk -v seed="$seed" 'BEGIN { srand(seed) } /^#/ || rand() < 0.015' "$O" |
        head -c 60000 >"$S/occupations/random-$seed.tsv"
done

# compiled tables (data/occupations.bin's format; it is 2.5 MB, past
# -max_len): tables compiled by this jobmatch from the test titles and from
# pieces of the seeds above, and data/occupations.bin's first 64 KB; each
# small table also cut short and with a byte flipped (fixed places)
B=$S/occbin
"$jobmatch" model occupations -o "$B/test.bin" --occupations tests/data/occupations.tsv \
    >/dev/null 2>&1
for f in head-6 head-8 lines-100 lines-500 lines-1010 random-1; do
    head -n 12 "$S/occupations/$f.tsv" >"$S/tmp.tsv"
    "$jobmatch" model occupations -o "$B/$f.bin" --occupations "$S/tmp.tsv" >/dev/null 2>&1
done
head -c 65536 data/occupations.bin >"$B/data-head.bin"
for f in "$B"/test.bin "$B"/head-6.bin "$B"/lines-500.bin; do
    [ -f "$f" ] || continue
    n=$(wc -c <"$f")
    head -c $((n / 2)) "$f" >"${f%.bin}-half.bin"
    head -c $((n - 3)) "$f" >"${f%.bin}-short.bin"
    for at in 20 40 100 $((n / 3)) $((n - 10)); do
        # the byte at offset at, its bits inverted
        b=$(tail -c +$((at + 1)) "$f" | head -c 1 | od -An -tu1 | tr -d ' ')
        { head -c "$at" "$f"
          # shellcheck disable=SC2059
          printf "\\$(printf %o $((255 - b)))"
          tail -c +$((at + 2)) "$f"; } >"${f%.bin}-flip-$at.bin"
    done
done

if [ -d "$shared/corpora/postings" ]; then
    # 50 postings from each corpus file: one a seed (one JSON line), its
    # description as text, and groups of five lines as JSON Lines files
    n=0
    for f in "$shared"/corpora/postings/*.jsonl; do
        head -n 50 "$f" >"$S/tmp.jsonl"
        i=0
        while IFS= read -r line; do
            i=$((i + 1)); n=$((n + 1))
            printf '%s\n' "$line" >"$S/posting/line-$n.json"
            [ $((i % 5)) -eq 0 ] && printf '%s\n' "$line" >>"$S/posting/lines-$((n / 25)).jsonl"
            [ $((i % 2)) -eq 0 ] && printf '%s\n' "$line" >"$S/analyzer/line-$n.txt"
        done <"$S/tmp.jsonl"
    done
    for f in "$shared"/cv/* "$shared"/eval/cvs-vanetik/*; do
        [ -f "$f" ] || continue
        b=$(basename "$f")
        cp "$f" "$S/cv_text/$b"; cp "$f" "$S/analyzer/cv-$b"
    done
    k=0
    for f in "$shared"/eval/cvs-vanetik/*; do
        k=$((k + 1)); [ $k -le 20 ] || break
        json_resume "$f" "$k" >"$S/json_resume/cv-$k.json"
    done
    # small models, both kinds, counted by this jobmatch from a few postings
    for size in 5 30 150; do  # counts of 150 exceed -max_len: cut, still a seed
        head -n "$size" "$shared/corpora/postings/skillspan.jsonl" >"$S/tmp.jsonl"
        "$jobmatch" model build -o "$S/model/counts-$size.jm" "$S/tmp.jsonl" >/dev/null 2>&1
        "$jobmatch" model build -o "$S/model/final-$size.jm" --finalize --min-df 1 \
            "$S/tmp.jsonl" >/dev/null 2>&1
    done
else
    echo "fuzz: $shared is absent: seeds from data/ and tests/fuzz-regress/ only"
fi
rm -f "$S"/tmp.*

# --- runs ----------------------------------------------------------------
passed=0 failed=0
for t in $targets; do
    bin=$F/fuzz_$t
    case $t in
    analyzer|cv_text) dicts="fuzz/text.dict" ;;
    json_resume|posting) dicts="fuzz/json.dict fuzz/text.dict" ;;
    model) dicts="fuzz/model.dict" ;;
    occupations) dicts="fuzz/occupations.dict" ;;
    occbin) dicts="fuzz/occbin.dict" ;;
    *) dicts= ;;
    esac
    dict=
    if [ -n "$dicts" ]; then cat $dicts >"$F/$t.dict"; dict="-dict=$F/$t.dict"; fi
    regress=
    [ -d "tests/fuzz-regress/$t" ] && regress="tests/fuzz-regress/$t"
    # shellcheck disable=SC2086
    "$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
        -print_final_stats=1 -artifact_prefix="$F/artifacts/$t/" $dict \
        "$F/corpus/$t" "$S/$t" $regress >"$F/$t.log" 2>&1
    status=$?
    stats=$(grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb' "$F/$t.log" |
            sed 's/^stat:://' | tr -s ' \n' ' ')
    cov=$(grep -E '#[0-9]+.*(DONE|cov:)' "$F/$t.log" | tail -n 1 |
          sed -n 's/.*cov: \([0-9]*\) ft: \([0-9]*\).*/cov \1 ft \2/p')
    if [ "$status" -eq 0 ]; then
        echo "fuzz $t: ${secs}s, no finding ($stats$cov)"
        passed=$((passed + 1))
    else
        echo "FAIL fuzz $t (status $status): see $F/$t.log and $F/artifacts/$t/" >&2
        grep -E 'ERROR|SUMMARY|check failed|Test unit written' "$F/$t.log" | head -5 >&2
        failed=$((failed + 1))
    fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

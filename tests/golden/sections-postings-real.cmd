# 20 real postings of different kinds, one JSON Lines record each, read from
# stdin as the corpus iterator hands them over (offsets are in the line)
for spec in linkedin-sample:1 linkedin-sample:2 linkedin-sample:4 linkedin-sample:10 \
    linkedin-sample:25 linkedin-sample:100 linkedin-sample:300 linkedin-sample:400 \
    linkedin-sample:450 skillspan:1 skillspan:150 usajobs-2017-qualifications:1 \
    usajobs-2017-qualifications:500 usajobs-2017-qualifications:4000 \
    usajobs-duties-series:3 usajobs-duties-series:100 usajobs-ai-cyber:10 \
    usajobs-ai-cyber:1000 usajobs-2019-summaries:5 usajobs-2019-summaries:5000; do
  f=${spec%:*} n=${spec#*:}
  echo "== $f.jsonl line $n"
  sed -n "${n}p" "$SHARED/corpora/postings/$f.jsonl" | $JM sections --posting - || exit 1
done

# The posting's company name is never a gap nor a keyword (issue 13):
# "Harrow & Pike Manufacturing" says "Harrow & Pike" throughout, and
# "Harrow" was a gap (+0.0116, add to experience) while "manufacturing",
# which its preferred qualifications ask for, must stay a candidate.
$JM gaps --top 8 data/examples/seed-cv.md data/examples/posting-accountant-cpa.json
$JM keywords --top 40 data/examples/posting-accountant-cpa.json | grep -i -e '^keyword' -e harrow -e pike -e manufactur
# A real posting of "Sylvan Learning" that also says "the Sylvan curriculum":
# "Sylvan" was a gap and a keyword.
grep '"linkedin-3821190632"' "$SHARED/corpora/postings/linkedin-sample.jsonl" | $JM gaps --top 5 data/examples/seed-cv.md -
grep '"linkedin-3821190632"' "$SHARED/corpora/postings/linkedin-sample.jsonl" | $JM keywords --top 5 -

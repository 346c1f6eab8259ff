# A web developer's JSON Resume (headline "Web Developer", summary "Software
# developer") against real LinkedIn postings titled Developer: the role term
# "^developer" and the word "developer" are one matched entry, in score's
# list (text and JSON, the role term's part in role_*) and in rank's, which
# read "Developer, Developer, Web" before (issue 13). "Web Developer" is a
# phrase, a term of its own (G2 >= 10.83): rank's text shows it in place of
# its words ("Web Developer", not "Developer, Web Developer, Web"); --json
# keeps the three terms.
p="$SHARED/corpora/postings/linkedin-sample.jsonl"
grep '"linkedin-3475933396"' "$p" | $JM score --top 3 tests/data/resume-webdev.json - | sed -n '/^Top matched/,/^$/p'
grep '"linkedin-3475933396"' "$p" | $JM score --json --top 2 tests/data/resume-webdev.json - | sed -n '/^"matched"/,/^"missing"/p'
$JM rank --top 6 tests/data/resume-webdev.json "$p"

# score's table of top matched terms skips a term whose words it has shown:
# "models" matches on its own (0.0062) but "language models" is listed above
# it, so the table goes on to the next term; --json keeps every term
# (issue 13: the matched list shows a term once).
$JM score data/examples/seed-cv.md data/examples/posting-llm-research-scientist.md | sed -n '/^Top matched/,/^$/p'
$JM score --json data/examples/seed-cv.md data/examples/posting-llm-research-scientist.md | grep -o '"display":"[^"]*models"' | sort -u

# the longest heading: a heading-shaped line of up to 96 bytes counts; a
# longer line is text of the section it is in, never a heading (jobmatch(1), LIMITS)
t=$(mktemp -d) && trap 'rm -rf "$t"' EXIT
x74=$(printf '%074d' 0 | tr 0 X)
printf 'Jane Doe\n\nEDUCATION AND COURSES %s\nBSc Physics\n' "$x74" > "$t/h96.md"
printf 'Jane Doe\n\nEDUCATION AND COURSES %sX\nBSc Physics\n' "$x74" > "$t/h97.md"
$JM sections "$t/h96.md"
$JM sections "$t/h97.md"

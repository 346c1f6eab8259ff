# NUL bytes in a text file
t=$(mktemp -d) && trap 'rm -rf "$t"' EXIT
# the temporary folder is cut from messages
run() { out=$("$@" 2>&1); st=$?; printf '%s\n' "$out" | sed "s|$t/||g"; return $st; }
printf 'SKILLS\nJava\000Go\n' > "$t/cv.txt"
run $JM sections "$t/cv.txt"

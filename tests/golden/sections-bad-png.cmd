# a binary file (a PNG image)
t=$(mktemp -d) && trap 'rm -rf "$t"' EXIT
# the temporary folder is cut from messages
run() { out=$("$@" 2>&1); st=$?; printf '%s\n' "$out" | sed "s|$t/||g"; return $st; }
printf '\211PNG\r\n\032\n\000\000\000\rIHDR\000\000\000\001' > "$t/cv.png"
run $JM sections "$t/cv.png"

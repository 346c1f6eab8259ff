# documented readings: a UTF-8 BOM (offsets count it), UTF-16 with a BOM
# (decoded; offsets in its bytes), CR and CRLF line ends, bytes that are
# not UTF-8 (read as Windows-1252), a 64 MB single line (linear, bounded)
t=$(mktemp -d) && trap 'rm -rf "$t"' EXIT
# the temporary folder is cut from messages
run() { out=$("$@" 2>&1); st=$?; printf '%s\n' "$out" | sed "s|$t/||g"; return $st; }
printf '\357\273\277SKILLS\nJava\n' > "$t/bom.md"
printf '\377\376S\000K\000I\000L\000L\000S\000\r\000\n\000J\000a\000v\000a\000\r\000\n\000' > "$t/utf16.txt"
printf 'Jane\r\rSKILLS\rJava\rEDUCATION\rBSc\r' > "$t/cr.txt"
printf 'Jane\r\n\r\nSKILLS\r\nJava\r\nEDUCATION\r\nBSc\r\n' > "$t/crlf.txt"
printf 'SKILLS\ncaf\351 \225 na\357ve\n' > "$t/cp1252.txt"
head -c 67108864 /dev/zero | tr '\000' 'x' > "$t/long.txt"
for f in bom.md utf16.txt cr.txt crlf.txt cp1252.txt long.txt; do
  echo "== $f"
  run $JM sections "$t/$f" || exit 1
done

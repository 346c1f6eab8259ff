# binary files (PDF, ZIP, PNG, an executable-like blob with NUL bytes): exit
# 1 naming the file and what it looks like; in rank a binary posting file
# in a folder is reported and skipped (exit 3)
t=$(mktemp -d) && trap 'rm -rf "$t"' EXIT
# each command: its stdout, then its stderr (the temporary folder cut from
# both), then its exit status
run() { "$@" >"$t/.out" 2>"$t/.err"; st=$?; cat "$t/.out" "$t/.err" | sed "s|$t/||g"; echo "[exit $st]"; return $st; }
cv=data/examples/seed-cv.md p=data/examples/posting-data-engineer.txt
printf '%%PDF-1.4\n%%\342\343\317\323\n1 0 obj\n' > "$t/cv.pdf"
printf 'PK\003\004\024\000\006\000' > "$t/cv.docx"
printf '\211PNG\r\n\032\n\000\000\000\rIHDR' > "$t/cv.png"
printf '\177ELF\002\001\001\000\000\000\000\000\000\000\000\000\003\000>\000' > "$t/cv.bin"
for f in cv.pdf cv.docx cv.png cv.bin; do run $JM score "$t/$f" $p; done
run $JM keywords "$t/cv.bin"
mkdir "$t/postings" && cp "$t/cv.bin" "$t/postings/a.txt" && cp "$t/cv.pdf" "$t/postings/b.md"
run $JM rank --json $cv "$t/postings"

# a model edited by hand (a df changed) fails its checksum, a cut one its
# header: refused with status 1, naming the file
t=$(mktemp -d) && trap 'rm -rf "$t"' EXIT
run() { out=$("$@" 2>&1); st=$?; printf '%s\n' "$out" | sed "s|$t/||g"; return $st; }
sed 's/^sql	2$/sql	3/' tests/data/model-tiny.jm > "$t/edited.jm"
run $JM model info "$t/edited.jm"
head -c 200 tests/data/model-tiny.jm > "$t/cut.jm"
run $JM model info "$t/cut.jm"

#!/bin/sh
# The built-in models (data/model.jm, data/skills.jm) must be what `make
# model` makes from
# ../shared with this analyzer, lexicon, stopwords and readers. The
# analyzer's fingerprint catches a changed lexicon or stopword list, but not
# every change of the analyzer's or the readers' code: this rebuilds the
# models and compares the bytes. When it fails: run `make model`, then
# make, and commit data/model.jm and data/skills.jm.
set -u
JM=${JM:-./jobmatch}
SHARED=${SHARED:-../shared}
if [ ! -d "$SHARED/corpora/postings" ]; then
    echo "../shared is absent: cannot rebuild the model"
    exit 77
fi
case "$JM" in
*valgrind*) echo "skipped under valgrind (minutes): run make test without VALGRIND=1"; exit 77 ;;
esac
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
# $JM may carry a wrapper (valgrind): build_model.sh takes one program
cat >"$tmp/jm" <<EOS
#!/bin/sh
exec $JM "\$@"
EOS
chmod +x "$tmp/jm"
sh scripts/build_model.sh "$tmp/jm" "$SHARED" "$tmp/model.jm" >/dev/null 2>"$tmp/err" || {
    echo "FAIL: scripts/build_model.sh failed:"; cat "$tmp/err"; exit 1; }
if ! cmp -s "$tmp/model.jm" data/model.jm; then
    echo "FAIL: data/model.jm is stale: the analyzer, lexicon, stopwords or readers"
    echo "changed since it was built. Run \`make model\`, then make, and commit data/model.jm."
    diff "$tmp/model.jm" data/model.jm | head -10
    exit 1
fi
sh scripts/build_skills.sh "$tmp/jm" "$SHARED" "$tmp/skills.jm" >/dev/null 2>"$tmp/err" || {
    echo "FAIL: scripts/build_skills.sh failed:"; cat "$tmp/err"; exit 1; }
if ! cmp -s "$tmp/skills.jm" data/skills.jm; then
    echo "FAIL: data/skills.jm is stale: run \`make model\`, then make, and commit it."
    exit 1
fi
exit 0

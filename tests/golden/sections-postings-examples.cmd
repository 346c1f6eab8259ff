for f in data/examples/posting-*; do
  echo "== $f"
  $JM sections --posting "$f" || exit 1
done

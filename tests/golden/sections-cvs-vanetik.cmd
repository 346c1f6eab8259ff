# 16 real CVs (plain text from PDF converters): Vanetik & Kogan, GPL-3.0
for i in 1 2 3 4 5 6 7 8 9 10 13 19 20 22 24 44; do
  echo "== cvs-vanetik/$i.txt"
  $JM sections "$SHARED/eval/cvs-vanetik/$i.txt" || exit 1
done

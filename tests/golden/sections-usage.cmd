# usage errors exit 2 (and free what option parsing allocated: ASan checks)
$JM sections --bogus data/examples/seed-cv.md 2>&1
$JM sections 2>&1

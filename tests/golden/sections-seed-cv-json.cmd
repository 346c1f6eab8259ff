$JM sections --json data/examples/seed-cv.md

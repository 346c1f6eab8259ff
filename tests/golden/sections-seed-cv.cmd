$JM sections data/examples/seed-cv.md

$JM sections --json tests/data/resume.json

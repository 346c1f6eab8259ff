#!/bin/sh
# This file contains the browser test of the HTML pages: it runs
# tests/browser/check.mjs, which makes the score pages (the seed CV against
# every example posting, a JSON Resume, a CV the repairs mended, the
# injection battery) and the ranked page with $JOBMATCH, loads each in
# headless Debian Chromium and checks what a person sees (see the file's
# top). Screenshots and the pages go to build/browser/. Run from the
# repository root by tests/run.sh; exit 0 pass, 77 skip (only where
# Chromium is absent or cannot start), anything else fail.
set -u
JOBMATCH=${JOBMATCH:-./jobmatch}
SHARED=${SHARED:-../shared}
dir=tests/browser
chromium=${CHROMIUM:-/usr/bin/chromium}
command -v node >/dev/null || { echo "skip: node is not installed (make browser-deps)"; exit 77; }
[ -x "$chromium" ] || { echo "skip: Chromium is not installed at $chromium (make browser-deps)"; exit 77; }
if [ ! -d $dir/node_modules/puppeteer-core ] || [ ! -d $dir/node_modules/axe-core ]; then
    echo "FAIL: the npm packages are missing in $dir/node_modules (make browser-deps runs npm ci)"
    exit 1
fi
out=build/browser
node $dir/check.mjs "$JOBMATCH" "$SHARED" "$out"
status=$?
if [ $status -eq 77 ]; then echo "skip: Chromium cannot start on this machine"
else echo "pages and screenshots: $out/"; fi
exit $status

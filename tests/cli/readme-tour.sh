#!/bin/sh
# This file contains the test that README.md's tour shows real output: each
# "$ ./jobmatch ..." example in README.md is run (with $JM), and every line
# the README shows under it must come out, in the same order. A line that
# ends in "..." (trimmed by hand) must start an output line with the text
# before it; a line of "..." alone stands for lines left out. Run from the
# repository root by tests/run.sh; exit 0 pass, else fail.
set -u
JM=${JM:-./jobmatch}
export JM
/usr/bin/python3 - README.md <<'PY'
import os, subprocess, sys

lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
examples = []                       # (command, [expected lines])
i = 0
while i < len(lines):
    if lines[i].startswith("    $ ./jobmatch "):
        cmd, shown = lines[i][6:], []
        i += 1
        while i < len(lines) and (lines[i].startswith("    ") or lines[i] == ""):
            if lines[i].startswith("    $ "):
                break
            shown.append(lines[i][4:])
            i += 1
        examples.append((cmd, [s for s in shown if s.strip()]))
    else:
        i += 1
if len(examples) < 4:
    sys.exit("readme-tour.sh: only %d jobmatch examples found in README.md" % len(examples))

for cmd, shown in examples:
    # through the shell, as a reader types it (posting-* is a glob)
    run = os.environ["JM"] + cmd[len("./jobmatch"):]
    out = subprocess.run(["sh", "-c", run], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if out.returncode != 0:
        sys.exit("readme-tour.sh: `%s` exited %d: %s" % (cmd, out.returncode, out.stderr.decode()))
    got = out.stdout.decode("utf-8").split("\n")
    at = 0                          # the next output line to look at
    for want in shown:
        if want.strip() == "...":
            continue
        prefix = None
        for tail in ("...)", "..."):
            if want.endswith(tail):
                prefix = want[:-len(tail)].rstrip(" (;,")
                break
        while at < len(got):
            line = got[at]
            at += 1
            if (prefix is not None and line.startswith(prefix)) or line == want:
                break
        else:
            sys.exit("readme-tour.sh: `%s` does not print (in this order) the line README shows:\n%s"
                     % (cmd, want))
print("readme-tour.sh: ok (%d examples)" % len(examples))
PY

#!/bin/sh
# This file contains the command-line tests of `jobmatch report` and `rank
# --html` (the browser checks are in tests/cli/browser.sh): usage errors
# (exit 2), unreadable and bad inputs (exit 1, the file named, no file left
# behind with -o), a full disk; every page well formed (tags balanced) with
# the CSP and lang; the score on the page equal to score --json's to the
# byte; no markup from the inputs (the injection battery); the seed CV
# against every example posting, a JSON Resume, and 40 real postings of
# ../shared's LinkedIn sample (skipped without ../shared). Run from the
# repository root by tests/run.sh; exit 0 pass, anything else fail.
set -u
JM=${JM:-./jobmatch}
SHARED=${SHARED:-../shared}
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
ex=data/examples
seed=$ex/seed-cv.md
llm=$ex/posting-llm-research-scientist.md

# Pages to check at the end, in one run of check_pages: each kept as
# $tmp/page-N.html with its CV and posting ("-" for none).
n_pages=0
page_ok() {
    n_pages=$((n_pages + 1))
    cp "$1" "$tmp/page-$n_pages.html"
    printf '%s\t%s\t%s\n' "$tmp/page-$n_pages.html" "$2" "$3" >>"$tmp/pages"
}

# Checks every page listed in $tmp/pages: well formed (every element closed
# in order, void elements aside), valid UTF-8, one CSP meta forbidding
# fetches and scripts, lang, one title and one style, no element that
# loads or runs anything, no event handler; and the score on a page
# (data-value) equal to score --json's bytes for its CV and posting.
check_pages() {
    /usr/bin/python3 - "$tmp/pages" <<'PY'
import html.parser, re, subprocess, sys, os
jm = os.environ['JOBMATCH_BIN']
void = {'meta', 'br', 'hr', 'img', 'input', 'link', 'wbr'}
class P(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.errors, self.tags = [], [], {}
    def handle_starttag(self, tag, attrs):
        self.tags[tag] = self.tags.get(tag, 0) + 1
        for k, v in attrs:
            if k.startswith('on'):
                self.errors.append(f'event handler {k} on <{tag}>')
        if tag not in void:
            self.stack.append(tag)
    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f'</{tag}> closes <{self.stack[-1] if self.stack else None}>')
        else:
            self.stack.pop()
failed = 0
for line in open(sys.argv[1]):
    page, cv, posting = line.rstrip('\n').split('\t')
    text = open(page, encoding='utf-8').read()     # must be UTF-8
    p = P()
    p.feed(text)
    p.close()
    bad = p.errors + ([f'unclosed {p.stack}'] if p.stack else [])
    for tag in ('script', 'img', 'iframe', 'a', 'link', 'object', 'embed', 'form', 'base',
                'svg', 'textarea'):
        if p.tags.get(tag):
            bad.append(f'<{tag}> in the page')
    if p.tags.get('style') != 1 or p.tags.get('title') != 1:
        bad.append('not one style and one title')
    csp = re.findall(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)"', text)
    if len(csp) != 1 or "default-src 'none'" not in csp[0] or "script-src 'none'" not in csp[0]:
        bad.append(f'CSP {csp}')
    if '<html lang="en">' not in text:
        bad.append('no lang')
    if cv != '-':
        raw = subprocess.run([jm, 'score', '--json', cv, posting], capture_output=True,
                             check=True).stdout.decode()
        want = re.search(r'"score":([^,]*),', raw).group(1)
        got = re.search(r'id="score" data-value="([^"]*)"', text)
        if not got or got.group(1) != want:
            bad.append(f'score {got and got.group(1)} vs {want}')
    if bad:
        failed += 1
        print(f'{page} ({cv}, {posting}): ' + '; '.join(bad[:5]))
sys.exit(1 if failed else 0)
PY
}
JOBMATCH_BIN=$(echo "$JM" | awk '{print $NF}')
export JOBMATCH_BIN

# usage errors: exit 2
$JM report >/dev/null 2>&1; [ $? -eq 2 ] || fail "report without arguments: not 2"
$JM report $seed >/dev/null 2>&1; [ $? -eq 2 ] || fail "report with one argument: not 2"
$JM report --bogus $seed $llm >/dev/null 2>&1; [ $? -eq 2 ] || fail "unknown option: not 2"
$JM rank --html --cvs $llm $seed >/dev/null 2>&1; [ $? -eq 2 ] || fail "rank --html --cvs: not 2"
$JM rank -o "$tmp/x.html" $seed $llm >/dev/null 2>&1; [ $? -eq 2 ] || fail "rank -o without --html: not 2"
$JM report --help | grep -q "^usage: jobmatch report" || fail "report --help"

# bad inputs: exit 1, the file named, no page left behind
$JM report -o "$tmp/none.html" "$tmp/missing.md" $llm 2>"$tmp/err"
[ $? -eq 1 ] && grep -q "$tmp/missing.md" "$tmp/err" || fail "a missing CV: $(cat "$tmp/err")"
[ -e "$tmp/none.html" ] && fail "a page was written for a missing CV"
printf 'PK\003\004\000\000binary' >"$tmp/bin.txt"
$JM report -o "$tmp/none.html" $seed "$tmp/bin.txt" 2>"$tmp/err"
[ $? -eq 1 ] && grep -q "$tmp/bin.txt" "$tmp/err" || fail "a binary posting: $(cat "$tmp/err")"
[ -e "$tmp/none.html" ] && fail "a page was written for a binary posting"
$JM report -o "$tmp/no/such/folder/r.html" $seed $llm 2>"$tmp/err"
[ $? -eq 1 ] && grep -q "$tmp/no/such/folder/r.html" "$tmp/err" || fail "-o into a missing folder: $(cat "$tmp/err")"
if [ -c /dev/full ] && [ -w /dev/full ]; then
    $JM report $seed $llm >/dev/full 2>"$tmp/err"
    [ $? -eq 1 ] && grep -q "write error" "$tmp/err" || fail "a full disk: $(cat "$tmp/err")"
    $JM report -o /dev/full $seed $llm 2>"$tmp/err"
    [ $? -eq 1 ] && grep -q "/dev/full: write error" "$tmp/err" || fail "-o a full disk: $(cat "$tmp/err")"
    # a failed page removes only a file it made: never the device (a
    # regression once replaced /dev/full with a plain file)
    [ -c /dev/full ] || fail "report -o /dev/full removed /dev/full"
fi

# -o writes the file and nothing to stdout; stdout without -o: the same page
$JM report -o "$tmp/r.html" $seed $llm >"$tmp/stdout" || fail "report -o: status $?"
[ -s "$tmp/stdout" ] && fail "report -o printed to stdout"
$JM report $seed $llm >"$tmp/r2.html" || fail "report to stdout"
cmp -s "$tmp/r.html" "$tmp/r2.html" || fail "-o and stdout differ"
size=$(wc -c <"$tmp/r.html")
[ "$size" -lt 204800 ] || fail "the seed CV's page is $size bytes (200 KB at most)"

# every example posting, a JSON Resume, the ranked page
for p in $ex/posting-*; do
    $JM report -o "$tmp/p.html" $seed "$p" || fail "report $p: status $?"
    page_ok "$tmp/p.html" $seed "$p"
done
$JM report -o "$tmp/j.html" tests/data/resume.json $ex/posting-ml-platform-engineer.md || fail "JSON Resume"
page_ok "$tmp/j.html" tests/data/resume.json $ex/posting-ml-platform-engineer.md
$JM rank --html -o "$tmp/rank.html" $seed $ex/posting* || fail "rank --html: status $?"
page_ok "$tmp/rank.html" - -
[ "$(grep -c '<details>' "$tmp/rank.html")" -eq 10 ] || fail "rank --html: not 10 rows that open"

# the battery: markup in the CV and the posting (title, company, text) is text
printf '# Jane <script>alert(1)</script>\n\n## Skills\nPython, <img src=x onerror=alert(2)>, </style></textarea><!-- ]]>\n\342\200\256evil \377\376 javascript:alert(3)\n' >"$tmp/cv.md"
printf '{"title":"Dev </title><script>alert(4)</script>","company":"<b onmouseover=alert(5)>Acme</b>","description":"Requirements\\nPython and <svg onload=alert(6)> Kubernetes"}' >"$tmp/p.json"
$JM report -o "$tmp/b.html" "$tmp/cv.md" "$tmp/p.json" || fail "battery: status $?"
page_ok "$tmp/b.html" "$tmp/cv.md" "$tmp/p.json"
grep -q '# Jane &lt;script&gt;' "$tmp/b.html" || fail "battery: the CV's script is not shown as text"
grep -q '<title>[^<]*Dev &lt;/title&gt;&lt;script&gt;' "$tmp/b.html" || fail "battery: the title"
grep -q '\[U+202E\]' "$tmp/b.html" || fail "battery: the bidi override is not shown"

# real postings: 40 of the LinkedIn sample, each a page
if [ -d "$SHARED/corpora/postings" ]; then
    head -40 "$SHARED/corpora/postings/linkedin-sample.jsonl" | split -l 1 - "$tmp/real-"
    for f in "$tmp"/real-*; do
        mv "$f" "$f.json"
        $JM report -o "$tmp/real.html" $seed "$f.json" || fail "real posting $(head -c 80 "$f.json"): status $?"
        page_ok "$tmp/real.html" - -
    done
    $JM rank --html --top 20 -o "$tmp/rank2.html" $seed "$SHARED/corpora/postings/linkedin-sample.jsonl" ||
        fail "rank --html over the LinkedIn sample"
    page_ok "$tmp/rank2.html" - -
else
    echo "note: $SHARED is absent; the real postings were not tried"
fi
check_pages || fail "pages above"
echo "ok: $n_pages pages"

"""This file contains the section benchmark (make bench-sections, issue 13):
how well `jobmatch sections` finds the headings of real CVs, on the hand
labels of bench/sections-labels.tsv and on "scraped" variants of the same
CVs made here by transforms whose labels follow from the transform.

    python3 bench/sections.py [JOBMATCH] [SHARED] [--verbose] [--variant NAME]

Per variant it prints the five measures of issue 13:
  precision  found headings that are labelled headings (a found heading
             over an optional label counts neither way)
  recall     labelled headings that are found (overlapping bytes)
  kinds      of the labelled section starts that are found (headings, the
             headless first block, entries moved by content), the share
             whose kind is the labelled one
  must-have  per CV and per kind among contact, experience, education and
             skills that the labels have: found when sections of that kind
             cover at least half of the labelled section's bytes
  skills     the analyzer's terms inside labelled skills sections that
             fall inside a found skills section

Variants (the CVs are read from SHARED; nothing is written but a
temporary folder):
  orig      the file as it is
  inflect   each heading's last word in the other number (Skills ->
            Skill, Education -> Educations), as CVs write them
  details   a generic word after each heading ("Education Details"), as
            scraped resume sites write them
  crlf      CRLF line ends and mojibake (UTF-8 read as Windows-1252 and
            written as UTF-8 again: "–" -> "â€“")
  scraped   crlf, details, and each heading that starts a line glued to
            the text before it ("SQL ServerSkills Details\\r\\nC# ...")
  oneline   the whole CV on one line (line breaks as one space)
  listed    each heading that ends its line followed by its first line
            after a list mark ("Skills * Python, SQL")
"""
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
MUST_HAVE = ('contact', 'experience', 'education', 'skills')
VARIANTS = ('orig', 'inflect', 'details', 'crlf', 'scraped', 'oneline', 'listed')


def die(msg):
    """Prints MSG on stderr and exits with status 1."""
    sys.stderr.write('sections.py: %s\n' % msg)
    sys.exit(1)


class Label:
    """One labelled section start: its bytes [start, end) in the text (the
    heading's words; empty for the headless first block), kind, and how it
    counts: 'heading', 'optional' or 'start' (no heading)."""

    def __init__(self, start, end, kind, how):
        self.start, self.end, self.kind, self.how = start, end, kind, how


def read_labels(path, shared):
    """Returns {file: (bytes, [Label])} from the label file; a label whose
    words are not in its line stops the run (the labels went stale)."""
    docs = {}
    last = {}                       # file -> (line, offset) of the last label
    with open(path, encoding='utf-8') as f:
        for no, row in enumerate(f, 1):
            if not row.strip() or row.startswith('#'):
                continue
            name, line, kind, words = row.rstrip('\n').split('\t')
            if name not in docs:
                with open(os.path.join(shared, name), 'rb') as g:
                    docs[name] = (g.read(), [])
            raw, labels = docs[name]
            how = 'heading'
            if kind[0] in '?=':
                how = 'optional' if kind[0] == '?' else 'start'
                kind = kind[1:]
            line = int(line)
            starts = [0] + [i + 1 for i, c in enumerate(raw) if c == 10]
            if line > len(starts):
                die('%s:%d: %s has no line %d' % (path, no, name, line))
            ls = starts[line - 1]
            le = starts[line] - 1 if line < len(starts) else len(raw)
            if words == '-':
                labels.append(Label(ls, ls, kind, how))
                continue
            frm = last[name][1] if name in last and last[name][0] == line else ls
            at = raw.find(words.encode('utf-8'), frm, le)
            if at < 0:
                die('%s:%d: "%s" is not in line %d of %s' % (path, no, words, line, name))
            labels.append(Label(at, at + len(words.encode('utf-8')), kind, how))
            last[name] = (line, at + 1)
    return docs


# --- transforms -------------------------------------------------------------
# Each takes (raw, labels) and returns (new raw, new labels). edit() applies a
# list of (position, bytes removed, bytes inserted) and maps the labels.

def edit(raw, labels, edits, grow_end=()):
    """Applies EDITS (sorted, not overlapping) to RAW; a label keeps its
    bytes (a byte at an edit's position stays before what is inserted
    there), and a label in GROW_END grows by GROW_END[label] bytes (what
    the edits at its end added). Returns (new raw, new labels)."""
    out, i = [], 0
    for pos, rm, ins in edits:
        out.append(raw[i:pos])
        out.append(ins)
        i = pos + rm
    out.append(raw[i:])

    def moved(m):
        shift = 0
        for pos, rm, ins in edits:
            if pos >= m:
                break
            if pos + rm > m:                # inside removed bytes
                return pos + shift
            shift += len(ins) - rm
        return m + shift
    new = [Label(moved(lab.start), moved(lab.start) + (lab.end - lab.start) + grow_end[lab]
                 if lab in grow_end else moved(lab.end), lab.kind, lab.how) for lab in labels]
    return b''.join(out), new


def headings(labels):
    """The labels that are headings (required or optional)."""
    return [lab for lab in labels if lab.how != 'start']


def inflect(raw, labels):
    """Each heading's last word in the other number."""
    edits, grow = [], {}
    for lab in headings(labels):
        words = raw[lab.start:lab.end]
        last = words.rsplit(b' ', 1)[-1]
        if not last.isalpha():
            continue
        low = last.lower()
        up = last.isupper()
        if len(last) < 4:                   # "About me"
            continue
        if low.endswith(b'ies'):            # Hobbies -> Hobby
            edits.append((lab.end - 3, 3, b'Y' if up else b'y'))
            grow[lab] = -2
        elif low.endswith(b'y'):            # Summary -> Summaries
            edits.append((lab.end - 1, 1, b'IES' if up else b'ies'))
            grow[lab] = 2
        elif low.endswith(b's'):            # Skills -> Skill
            edits.append((lab.end - 1, 1, b''))
            grow[lab] = -1
        else:                               # Education -> Educations
            edits.append((lab.end, 0, b'S' if up else b's'))
            grow[lab] = 1
    return edit(raw, labels, sorted(edits, key=lambda x: x[0]), grow)


def details(raw, labels):
    """" Details" after each heading."""
    edits, grow = [], {}
    for lab in headings(labels):
        up = raw[lab.start:lab.end].isupper()
        ins = b' DETAILS' if up else b' Details'
        edits.append((lab.end, 0, ins))
        grow[lab] = len(ins)
    return edit(raw, labels, sorted(edits, key=lambda x: x[0]), grow)


def crlf(raw, labels):
    """CRLF line ends and mojibake."""
    edits = []
    text = raw.decode('utf-8', errors='surrogateescape')
    pos = 0
    for ch in text:
        b = ch.encode('utf-8', errors='surrogateescape')
        if ch == '\n' and (pos == 0 or raw[pos - 1] != 13):
            edits.append((pos, 0, b'\r'))
        elif len(b) > 1:
            moj = ''.join(bytes([c]).decode('cp1252', errors='ignore') or chr(c)
                          for c in b).encode('utf-8')
            edits.append((pos, len(b), moj))
        pos += len(b)
    return edit(raw, labels, edits)


def glue(raw, labels):
    """Each required heading that starts a line glued to the text before
    it: the line breaks, blank lines and spaces before it removed."""
    edits = []
    for lab in labels:
        if lab.how != 'heading':
            continue
        ls = lab.start
        while ls > 0 and raw[ls - 1] in b' \t#*':
            ls -= 1
        if ls == 0 or raw[ls - 1] not in b'\r\n':
            continue
        k = ls
        while k > 0 and raw[k - 1] in b' \t\r\n':
            k -= 1
        if k == 0:
            continue
        edits.append((k, ls - k, b''))
    return edit(raw, labels, edits)


def oneline(raw, labels):
    """The whole CV on one line: each run of white space that holds a line
    break becomes one space."""
    edits, i, n = [], 0, len(raw)
    while i < n:
        if raw[i] in b' \t\r\n':
            j = i
            while j < n and raw[j] in b' \t\r\n':
                j += 1
            if b'\n' in raw[i:j] or b'\r' in raw[i:j]:
                edits.append((i, j - i, b' ' if i > 0 and j < n else b''))
            i = j
        else:
            i += 1
    return edit(raw, labels, edits)


def listed(raw, labels):
    """Each heading that ends its line followed on that line by its first
    line, after a list mark ("Skills * Python, SQL"), as resume sites
    scraped to text write them; a mark starting that line is dropped."""
    edits = []
    for lab in headings(labels):
        e = lab.end
        while e < len(raw) and raw[e] in b' \t\r':
            e += 1
        if e >= len(raw) or raw[e] != 10:
            continue
        k = e
        while k < len(raw) and raw[k] in b' \t\r\n':
            k += 1
        for mark in (b'- ', b'* ', '\u2022 '.encode()):
            if raw.startswith(mark, k):
                k += len(mark)
        if k < len(raw):
            edits.append((lab.end, k - lab.end, b' * '))
    return edit(raw, labels, edits)


def variant(name, raw, labels):
    """The variant NAME of a labelled CV: (raw, labels)."""
    if name == 'orig':
        return raw, labels
    if name == 'inflect':
        return inflect(raw, labels)
    if name == 'details':
        return details(raw, labels)
    if name == 'crlf':
        return crlf(raw, labels)
    if name == 'scraped':
        return glue(*crlf(*details(raw, labels)))
    if name == 'oneline':
        return oneline(raw, labels)
    if name == 'listed':
        return listed(raw, labels)
    die('no variant %s' % name)


# --- scoring ----------------------------------------------------------------

def run_json(jm, args):
    """Runs jobmatch with ARGS; returns its parsed JSON output."""
    p = subprocess.run([jm] + args, capture_output=True)
    if p.returncode != 0:
        die('%s %s: exit %d: %s' % (jm, ' '.join(args), p.returncode,
                                     p.stderr.decode(errors='replace').strip()))
    return json.loads(p.stdout)


def found_sections(jm, path, raw):
    """The sections jobmatch finds: (start, end, kind, heading start,
    heading end); the heading is empty when there is none."""
    out = []
    for s in run_json(jm, ['sections', '--json', path])['sections']:
        h = s.get('heading')
        hs = he = s['start']
        if h:
            hb = h.encode('utf-8')
            at = raw.find(hb, s['start'], s['end'])
            hs, he = (at, at + len(hb)) if at >= 0 else (s['start'], s['start'] + 1)
        out.append((s['start'], s['end'], s['kind'], hs, he))
    return out


def spans(labels, n):
    """The labelled sections: (start, end, kind) from each required or
    start label to the next (optional labels sit inside sections)."""
    main = sorted((lab for lab in labels if lab.how != 'optional'), key=lambda x: x.start)
    return [(lab.start, main[i + 1].start if i + 1 < len(main) else n, lab.kind)
            for i, lab in enumerate(main)]


def kind_at(found, pos):
    """The found section kind at byte POS."""
    for s, e, k, _, _ in found:
        if s <= pos < e:
            return k
    return None


def score_doc(raw, labels, found, terms, tally, misses, name):
    """Adds one CV's counts to TALLY; appends readable misses to MISSES."""
    heads = [f for f in found if f[4] > f[3]]       # the found headings
    used = set()
    for lab in labels:
        if lab.end == lab.start:                    # the headless first block
            if found and found[0][3] == found[0][4] and found[0][0] <= lab.start + 2:
                tally['kind_n'] += 1
                if found[0][2] == lab.kind:
                    tally['kind_ok'] += 1
                else:
                    misses.append('%s: first block %s, labelled %s' % (name, found[0][2], lab.kind))
            continue
        hit = None
        for i, f in enumerate(heads):
            if i not in used and f[3] < lab.end and lab.start < f[4]:
                hit = i
                break
        if lab.how == 'heading':
            tally['gold'] += 1
        if hit is None:
            if lab.how == 'heading':
                misses.append('%s: missed %s "%s"' % (name, lab.kind, raw[lab.start:lab.end].decode('utf-8', 'replace')))
            continue
        used.add(hit)
        if lab.how == 'heading':
            tally['tp'] += 1
        if lab.how != 'optional':
            tally['kind_n'] += 1
            if heads[hit][2] == lab.kind:
                tally['kind_ok'] += 1
            else:
                misses.append('%s: "%s" is %s, labelled %s' % (
                    name, raw[lab.start:lab.end].decode('utf-8', 'replace'), heads[hit][2], lab.kind))
    for i, f in enumerate(heads):
        if i not in used:
            tally['fp'] += 1
            misses.append('%s: false heading %s "%s"' % (name, f[2], raw[f[3]:f[4]].decode('utf-8', 'replace')))
    gold = spans(labels, len(raw))
    for kind in MUST_HAVE:
        mine = [(s, e) for s, e, k in gold if k == kind]
        if not mine:
            continue
        size = sum(e - s for s, e in mine)
        cover = 0
        for s, e in mine:
            for fs, fe, fk, _, _ in found:
                if fk == kind:
                    cover += max(0, min(e, fe) - max(s, fs))
        tally['must_n'] += 1
        if cover * 2 >= size:
            tally['must_ok'] += 1
        else:
            misses.append('%s: %s not found (%d of %d bytes)' % (name, kind, cover, size))
    skill_spans = [(s, e) for s, e, k in gold if k == 'skills']
    for t in terms:
        if any(s <= t < e for s, e in skill_spans):
            tally['skill_n'] += 1
            if kind_at(found, t) == 'skills':
                tally['skill_ok'] += 1


def measures(t):
    """The five measures from a tally."""
    div = lambda a, b: a / b if b else float('nan')
    return (div(t['tp'], t['tp'] + t['fp']), div(t['tp'], t['gold']),
            div(t['kind_ok'], t['kind_n']), div(t['must_ok'], t['must_n']),
            div(t['skill_ok'], t['skill_n']))


def main():
    args = [a for a in sys.argv[1:] if not a.startswith('--')]
    verbose = '--verbose' in sys.argv
    only = None
    if '--variant' in sys.argv:
        only = sys.argv[sys.argv.index('--variant') + 1]
        args.remove(only)
    jm = os.path.abspath(args[0] if args else './jobmatch')
    shared = args[1] if len(args) > 1 else '../shared'
    if not os.path.isdir(os.path.join(shared, 'eval/cvs-vanetik')):
        print('sections.py: %s/eval missing; skipped' % shared)
        return
    docs = read_labels(os.path.join(HERE, 'sections-labels.tsv'), shared)
    print('%d hand-labelled CVs, %d headings (bench/sections-labels.tsv)' % (
        len(docs), sum(lab.how == 'heading' for _, ls in docs.values() for lab in ls)))
    print('%-9s %9s %7s %6s %9s %7s' % ('variant', 'precision', 'recall', 'kinds',
                                        'must-have', 'skills'))
    total = None
    with tempfile.TemporaryDirectory() as tmp:
        for v in VARIANTS:
            if only and v != only:
                continue
            tally = dict.fromkeys(('tp', 'fp', 'gold', 'kind_ok', 'kind_n', 'must_ok',
                                   'must_n', 'skill_ok', 'skill_n'), 0)
            misses = []
            for name, (raw0, labels0) in sorted(docs.items()):
                raw, labels = variant(v, raw0, labels0)
                path = os.path.join(tmp, os.path.basename(name))
                with open(path, 'wb') as f:
                    f.write(raw)
                found = found_sections(jm, path, raw)
                terms = [tok['start'] for tok in run_json(jm, ['analyze', '--json', path])['tokens']]
                score_doc(raw, labels, found, terms, tally, misses, name)
            m = measures(tally)
            print('%-9s %9.3f %7.3f %6.3f %9.3f %7.3f' % ((v,) + m))
            if total is None:
                total = {k: 0 for k in tally}
            for k in tally:
                total[k] += tally[k]
            if verbose:
                for line in misses:
                    print('    ' + line)
    if total and not only:
        print('%-9s %9.3f %7.3f %6.3f %9.3f %7.3f' % (('all',) + measures(total)))


if __name__ == '__main__':
    main()

#!/usr/bin/env python3
"""This file makes the hand-made regression inputs of fuzz/fuzz_occbin.c
(tests/fuzz-regress/occbin/) from a compiled table of the tiny test titles:

    ./jobmatch model occupations -o /tmp/test.bin --occupations tests/data/occupations.tsv
    python3 fuzz/make_occbin_edges.py /tmp/test.bin tests/fuzz-regress/occbin

Each is a damaged copy of that table (the layout: jm_occ_header in
src/score/occupation.h, native byte order as written on x86-64). The target
loads each one as it is and with the header fixed up; the files keep their
meaning after an analyzer change, since the fix-up sets the fingerprint."""
import struct
import sys

HDR = struct.Struct("<16sI9I4Q")   # magic, order, 9 counts, 4 words of 64 bits
FIELDS = ("magic order n_occ n_broad n_minor n_titles n_ids n_occ_of n_words "
          "strings_len mask hash_probe analyzer source_len source_hash").split()


def align8(n):
    return (n + 7) & ~7


def header(b):
    return dict(zip(FIELDS, HDR.unpack_from(b, 0)))


def with_header(b, **kw):
    """b with the header's fields in kw replaced."""
    h = header(b)
    h.update(kw)
    return HDR.pack(*(h[f] for f in FIELDS)) + b[HDR.size:]


def offsets(h):
    """The arrays' offsets (jm_occ_layout): index, titles, ids, occ_of,
    occupations, words, strings, end."""
    sizes = [(h["mask"] + 1) * 8, h["n_titles"] * 16, h["n_ids"] * 4,
             h["n_occ_of"] * 4, h["n_occ"] * 24, (h["n_words"] + 1) * 4,
             h["strings_len"]]
    off = [align8(HDR.size)]
    for s in sizes:
        off.append(off[-1] + align8(s))
    return off


def main():
    src, out = sys.argv[1], sys.argv[2]
    b = open(src, "rb").read()
    h = header(b)
    off = offsets(h)
    assert off[7] == len(b), "not a compiled table of this layout"
    edges = {
        "edge-empty": b"",
        "edge-magic-only": b[:16],
        "edge-header-only": b[:align8(HDR.size)],
        "edge-truncated-body": b[:off[5] + 5],
        "edge-one-byte-more": b + b"\0",
        "edge-wrong-fingerprint": with_header(b, analyzer=h["analyzer"] ^ 1),
        "edge-wrong-titles-length": with_header(b, source_len=h["source_len"] + 1),
        "edge-other-byte-order": with_header(b, order=0x04030201),
        "edge-huge-counts": with_header(b, n_titles=0x7FFFFFFF, n_ids=0xFFFFFFFF,
                                        n_occ=0xFFFFFFFF, n_words=0xFFFFFFFF,
                                        mask=0xFFFFFFFF),
        "edge-huge-mask": with_header(b, mask=0xFFFFFFFF),
        "edge-no-titles": with_header(b, n_titles=0),
    }
    # groups beyond the occupations: the header alone would size every
    # occupation vector (a double per key): 4 billion minor groups
    edges["groups-more-than-occupations"] = with_header(b, n_minor=0xFFFFFFFF)
    # a title's words past the end of the ids: the ids array cut out (its
    # count 0) and the first title's first word far away; the bounds check
    # of a title's words wrapped around when it had more words than the
    # array
    cut = b[:off[2]] + b[off[3]:]
    first_title = off[1]
    cut = cut[:first_title] + struct.pack("<I", 0x3FFFFFFF) + cut[first_title + 4:]
    edges["title-words-past-ids"] = with_header(cut, n_ids=0)
    for name, data in edges.items():
        with open(f"{out}/{name}", "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()

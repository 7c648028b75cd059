"""What Chromium writes into a PDF that depends on the moment, not the page, replaced in place.

A bundle must be the same bytes for the same sources and ``SOURCE_DATE_EPOCH``. Chromium stamps
the print time and a random file id, and a tagged PDF names the structure elements that table
cells point at (``/Headers``) by the renderer's DOM node numbers. Those numbers are handed out in
the order the renderer first asks for them, which varies from one print to the next (two header
cells swap their numbers), and they grow with everything the tab did before. Every replacement
keeps the byte length, so the cross-reference offsets stay valid without rewriting the file.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone

_PDF_DATE = re.compile(rb"\(D:\d{14}[^)]*\)")
_PDF_ID = re.compile(rb"/ID \[<([0-9A-Fa-f]+)> <([0-9A-Fa-f]+)>\]")
_NODE_ID = re.compile(rb"\(node(\d+)\)")
_ID_PAIR = rb"\(node\d+\) \d+ \d+ R"
# A leaf of the structure tree's ID tree: its keys (sorted, as a name tree's must be) and limits.
_ID_LEAF = re.compile(rb"(?:/Limits \[\(node\d+\) \(node\d+\)\](\s*))?/Names \[(" + _ID_PAIR + rb"(?: " + _ID_PAIR + rb")*)\]")
_PAIR = re.compile(rb"(\(node\d+\)) (\d+ \d+ R)")


class PdfBytesError(ValueError):
    """The PDF holds something this normalisation cannot rewrite in place."""


def normalize_pdf(data: bytes, epoch: int) -> bytes:
    """Replace the print time and file id with values from ``epoch``, and each structure node
    number by the rank of its first use in the file (the objects come in the order of the
    document), then sort the ID tree again under the new names."""
    stamp = datetime.fromtimestamp(epoch, tz=timezone.utc).strftime("%Y%m%d%H%M%S").encode()

    def fixed_date(match: re.Match) -> bytes:
        original = match.group(0)
        replacement = b"(D:" + stamp + b"+00'00')"
        return replacement.ljust(len(original), b" ")[: len(original)] if len(replacement) <= len(original) \
            else original[:3] + stamp + original[3 + len(stamp):]

    data = _PDF_DATE.sub(fixed_date, data)
    data = _PDF_ID.sub(lambda m: b"/ID [<" + b"0" * len(m.group(1)) + b"> <" + b"0" * len(m.group(2)) + b">]", data)
    return _sort_id_tree(_rank_node_ids(data))


def _rank_node_ids(data: bytes) -> bytes:
    leaves = [match.span() for match in _ID_LEAF.finditer(data)]
    ranks: dict[bytes, int] = {}
    for match in _NODE_ID.finditer(data):  # first use outside the ID tree: an element's /ID or a cell's /Headers
        if not any(start <= match.start() < end for start, end in leaves):
            ranks.setdefault(match.group(1), len(ranks))
    for number in sorted({m.group(1) for m in _NODE_ID.finditer(data)} - ranks.keys(), key=int):
        ranks[number] = len(ranks)  # named in the ID tree only: after the others, in their order

    def renamed(match: re.Match) -> bytes:
        digits = match.group(1)
        rank = str(ranks[digits]).zfill(len(digits))
        if len(rank) != len(digits):
            raise PdfBytesError(f"structure node number {digits.decode()} is too short to hold its rank {rank}")
        return b"(node" + rank.encode() + b")"

    return _NODE_ID.sub(renamed, data)


def _sort_id_tree(data: bytes) -> bytes:
    leaves = list(_ID_LEAF.finditer(data))
    pairs = sorted(_PAIR.findall(b" ".join(leaf.group(2) for leaf in leaves)))
    out, position = [], 0
    for leaf in leaves:
        count = len(_PAIR.findall(leaf.group(2)))
        mine, pairs = pairs[:count], pairs[count:]
        names = b" ".join(key + b" " + ref for key, ref in mine)
        limits = b"" if leaf.group(1) is None else \
            b"/Limits [" + mine[0][0] + b" " + mine[-1][0] + b"]" + leaf.group(1)
        rewritten = limits + b"/Names [" + names + b"]"
        if len(rewritten) != leaf.end() - leaf.start():
            raise PdfBytesError("the ID tree's leaves would change length once sorted")
        out += [data[position:leaf.start()], rewritten]
        position = leaf.end()
    return b"".join(out) + data[position:]

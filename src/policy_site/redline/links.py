"""Links in a redline: a label stays a label, a changed target is one "link changed" mark.

A link's target is not part of a block's text (:mod:`.inline`); each block records the span of
every label and its target. When a block is compared, :func:`find_link_changes` pairs the links
of the two versions through the unchanged text of the diff: a label whose text is unchanged but
whose target changed (or that became, or stopped being, a link) is a :class:`LinkChange`. The
renderers walk the segments with :func:`walk_cell` so that every piece of text knows the link it
belongs to, and mark a changed link once, on its label, with both targets, instead of showing
character edits inside a URL (tracking parameters, renumbered ``#annotation-8`` → ``-9``).

Only ``http:``, ``https:`` and ``mailto:`` targets are made clickable: a redline is shown on
another page than its source (in-page anchors and relative paths would point elsewhere), and a
redline of files from outside the site must never make a ``javascript:`` link live.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator, Sequence
from typing import NamedTuple

from policy_site.redline.model import DELETE, EQUAL, INSERT, SPACE_NEW, SPACE_OLD, Segment

LinkSpan = tuple[int, int, str]  # (start, end, target) of a label in a cell's text
_CLICKABLE = ("http://", "https://", "mailto:")


class LinkChange(NamedTuple):
    """A link whose label text is the same in both versions but whose target differs ("" = no link)."""

    old_start: int
    old_end: int
    new_start: int
    new_end: int
    old_target: str
    new_target: str
    label: str


class Piece(NamedTuple):
    """A run of one segment's text with one link (or none): what a renderer wraps as one element."""

    kind: str
    text: str
    target: str | None
    change: LinkChange | None
    ends_change: bool
    ends_link: bool = False  # the last piece of its link's label: where a not-captured note goes


def is_clickable(target: str) -> bool:
    lowered = target.strip().lower()
    return lowered.startswith(_CLICKABLE) and not any(ch in target for ch in "\n\r\t\x00")


def cell_links(block, index: int) -> tuple[LinkSpan, ...]:
    if block is None or not block.links or index >= len(block.links):
        return ()
    return block.links[index]


def find_link_changes(segments: Sequence[Segment], old_text: str, new_text: str,
                      old_links: Sequence[LinkSpan], new_links: Sequence[LinkSpan]) -> tuple[LinkChange, ...]:
    """Links whose label is unchanged text in both versions and whose target changed."""
    if not old_links and not new_links:
        return ()
    equal: list[tuple[int, int, int]] = []  # (new start, old start, length) of unchanged text
    a = b = 0
    for op, text in segments:
        n = len(text)
        if op == EQUAL:
            equal.append((b, a, n))
            a, b = a + n, b + n
        elif op in (DELETE, SPACE_OLD):
            a += n
        else:
            b += n
    starts = [span[0] for span in equal]

    def to_old(start: int, end: int) -> tuple[int, int] | None:
        """Old span of new text [start, end) if all of it is unchanged text."""
        k = bisect.bisect_right(starts, start) - 1
        if k < 0:
            return None
        b0, a0, n = equal[k]
        if end <= b0 + n:
            return a0 + start - b0, a0 + end - b0
        return None

    old_at = {(s, e): target for s, e, target in old_links}
    seen_old: set[tuple[int, int]] = set()
    changes: list[LinkChange] = []
    for s, e, target in new_links:
        span = to_old(s, e)
        if span is None:
            continue  # the label itself changed: the text change shows it
        seen_old.add(span)
        before = old_at.get(span)
        if before is None:
            # Text that became a link, unless an old link covers part of it (a longer label).
            if any(os < span[1] and span[0] < oe for os, oe, _ in old_links):
                continue
            before = ""
        if before != target:
            changes.append(LinkChange(span[0], span[1], s, e, before, target, new_text[s:e]))
    new_spans = {(s, e) for s, e, _ in new_links}
    for s, e, target in old_links:
        if (s, e) in seen_old:
            continue
        # An old link whose label is unchanged text that is no longer a link.
        for b0, a0, n in equal:
            if a0 <= s and e <= a0 + n:
                ns, ne = b0 + s - a0, b0 + e - a0
                if (ns, ne) not in new_spans and not any(x < ne and ns < y for x, y, _ in new_links):
                    changes.append(LinkChange(s, e, ns, ne, target, "", old_text[s:e]))
                break
    return tuple(sorted(changes, key=lambda c: c.new_start))


def walk_cell(segments: Sequence[Segment], old_links: Sequence[LinkSpan], new_links: Sequence[LinkSpan],
              changes: Sequence[LinkChange], side: str) -> Iterator[Piece]:
    """Pieces of a cell for one view (``both`` = inline, ``old``, ``new``), split at link bounds.

    Unchanged text carries the link of the version shown (the new one inline); deleted text the
    old link, inserted text the new link. A piece inside a changed link carries the change, and
    the last piece of that label says so (``ends_change``), where the mark's spoken text goes.
    """
    by_old = {(c.old_start, c.old_end): c for c in changes}
    by_new = {(c.new_start, c.new_end): c for c in changes}
    a = b = 0
    for kind, text in segments:
        n = len(text)
        if kind == EQUAL:
            if side == "old":
                yield from _split(kind, text, a, old_links, by_old, old_side=True, changes=changes)
            else:
                yield from _split(kind, text, b, new_links, by_new, old_side=False, changes=changes)
            a, b = a + n, b + n
        elif kind in (DELETE, SPACE_OLD):
            yield from _split(kind, text, a, old_links, {}, old_side=True, changes=())
            a += n
        elif kind in (INSERT, SPACE_NEW):
            yield from _split(kind, text, b, new_links, {}, old_side=False, changes=())
            b += n


def _split(kind: str, text: str, pos: int, links: Sequence[LinkSpan], changed: dict, *, old_side: bool,
           changes: Sequence[LinkChange]) -> Iterator[Piece]:
    end = pos + len(text)
    if not text:  # an empty side of a whitespace change: still one piece, for the renderers
        yield Piece(kind, text, None, None, False)
        return
    cuts = {pos, end}
    spans = [(s, e, t) for s, e, t in links if s < end and pos < e]
    # A link added or removed has no span on one side: its change still marks the label.
    for c in changes:
        s, e = (c.old_start, c.old_end) if old_side else (c.new_start, c.new_end)
        if s < end and pos < e and (s, e) not in {(x, y) for x, y, _ in spans}:
            spans.append((s, e, ""))
            changed = {**changed, (s, e): c}
    for s, e, _ in spans:
        cuts.update(x for x in (s, e) if pos < x < end)
    points = sorted(cuts)
    for x, y in zip(points, points[1:]):
        span = next(((s, e, t) for s, e, t in spans if s <= x and y <= e), None)
        change = None if span is None else changed.get(span[:2])
        yield Piece(kind, text[x - pos:y - pos], None if span is None or not span[2] else span[2], change,
                    change is not None and y == span[1], span is not None and bool(span[2]) and y == span[1])

"""Text diff of two matched blocks: diff-match-patch, then hunks widened to phrases or words.

diff-match-patch finds the minimal character changes; a reader of a legal redline expects whole
phrases (``[-保管します。][+保存します。]``, not ``保[-管][+存]``) and whole words. Each change is
therefore widened, through the unchanged text around it, until both its ends sit on a boundary
of :func:`policy_site.redline.phrases.is_boundary` in both versions; changes that meet merge.
Widening only moves unchanged characters into both the deletion and the insertion, and never
more than the boundaries need (:func:`_trim`), so the segments still spell both versions exactly:
:func:`diff_text` checks that before returning.

The character diff itself is :mod:`.chardiff` (diff-match-patch without a deadline, in C++ when
``fast-diff-match-patch`` is installed, long blocks sentence by sentence); this module only
reads where its changes are.
"""

from __future__ import annotations

import re

from policy_site.redline.chardiff import LONG_BLOCK, MATCHER, MAX_PIECE, Run, diff_runs, split_sentences
from policy_site.redline.model import DELETE, EQUAL, INSERT, NEW_OPS, OLD_OPS, SPACE_NEW, SPACE_OLD, Segment
from policy_site.redline.phrases import is_boundary, is_cjk

__all__ = ["LONG_BLOCK", "MAX_PIECE", "DiffMemo", "RedlineInvariantError", "check_segments", "diff_text", "is_whitespace_change",
           "split_sentences", "url_spans"]

_MATCHER = MATCHER  # the reference matcher (Diff_Timeout = 0), for callers that check its settings


class RedlineInvariantError(AssertionError):
    """The segments of a diff do not spell the two texts: a bug, never a user error."""


def diff_text(old: str, new: str, *, locale: str) -> tuple[Segment, ...]:
    """Segments ``(op, text)`` turning ``old`` into ``new``; deletions precede insertions."""
    if old == new:
        return ((EQUAL, old),) if old else ()
    hunks = _snap(_hunks(diff_runs(old, new)), old, new, locale)
    hunks = _widen_blank_sides(_bridge(_trim(hunks, old, new, locale), old, new), old, new)
    segments: list[Segment] = []
    a = 0
    for a0, a1, b0, b1 in hunks:
        if a0 > a:
            segments.append((EQUAL, old[a:a0]))
        if is_whitespace_change(old, new, a0, a1, b0, b1):
            segments += [(SPACE_OLD, old[a0:a1]), (SPACE_NEW, new[b0:b1])]
        else:
            if a1 > a0:
                segments.append((DELETE, old[a0:a1]))
            if b1 > b0:
                segments.append((INSERT, new[b0:b1]))
        a = a1
    if a < len(old):
        segments.append((EQUAL, old[a:]))
    check_segments(segments, old, new)
    return tuple(segments)


class DiffMemo:
    """Block diffs already made, by their two texts and locale, for the comparisons of one history.

    The comparisons of a history share most of their changed blocks: a clause reworded in one
    revision is the same pair of texts in every comparison across that revision that does not
    change the clause again (a real 22-revision history: 1,699 block diffs, 192 distinct pairs).
    :func:`diff_text` is a function of its texts and locale, so a segment list found here is the
    one it would compute. Bounded by the characters held: past :data:`LIMIT` it starts afresh.
    """

    LIMIT = 4_000_000  # characters of compared text held

    def __init__(self) -> None:
        self.segments: dict[tuple[str, str, str], tuple[Segment, ...]] = {}
        self.size = 0

    def diff_text(self, old: str, new: str, *, locale: str) -> tuple[Segment, ...]:
        key = (old, new, locale)
        segments = self.segments.get(key)
        if segments is None:
            segments = diff_text(old, new, locale=locale)
            if self.size + len(old) + len(new) > self.LIMIT:
                self.segments.clear()
                self.size = 0
            self.segments[key] = segments
            self.size += len(old) + len(new)
        return segments


def check_segments(segments: list[Segment] | tuple[Segment, ...], old: str, new: str) -> None:
    """Raise :class:`RedlineInvariantError` unless the segments spell ``old`` and ``new`` exactly."""
    spelled_old = "".join(text for op, text in segments if op in OLD_OPS)
    spelled_new = "".join(text for op, text in segments if op in NEW_OPS)
    if spelled_old != old or spelled_new != new:
        raise RedlineInvariantError("redline segments do not reproduce the compared texts")


def _hunks(runs: list[Run]) -> list[list[int]]:
    """Stretches of non-equal runs as ``[a0, a1, b0, b1]`` spans of old and new."""
    hunks: list[list[int]] = []
    a = b = 0
    current: list[int] | None = None
    for op, length in runs:
        if op == 0:
            current = None
            a += length
            b += length
            continue
        if current is None:
            current = [a, a, b, b]
            hunks.append(current)
        if op < 0:
            a += length
            current[1] = a
        else:
            b += length
            current[3] = b
    return hunks


_URL = re.compile(r"(?:[A-Za-z][A-Za-z0-9+.\-]{1,31}://|mailto:|www\.)[^\s<>\"]*[^\s<>\".,;:!?)\]」』）。、]")


def url_spans(text: str) -> list[tuple[int, int]]:
    """Where the text itself shows an address (an autolink, a URL written out): never split."""
    if "://" not in text and "mailto:" not in text and "www." not in text:
        return []
    return [m.span() for m in _URL.finditer(text)]


def _inside(spans: list[tuple[int, int]], i: int) -> bool:
    return any(start < i < end for start, end in spans)


def _trim(hunks: list[list[int]], old: str, new: str, locale: str) -> list[list[int]]:
    """Give back to the unchanged text what a hunk's deletion and insertion share at either end,
    as far as a boundary in both versions allows.

    diff-match-patch may align repeated text so that a change starts early ("2. 個人" → "2. 個2. 個人"
    as an insertion after "2"); widened to boundaries, such a hunk strikes out and re-inserts
    unchanged words. The shared start and end of the two sides are unchanged text: the hunk is
    cut back to the innermost boundaries (in both texts) that keep it covering the change.
    """
    is_boundary = _boundary_for(old, new)
    trimmed: list[list[int]] = []
    for a0, a1, b0, b1 in hunks:
        shared = 0
        while a0 + shared < a1 and b0 + shared < b1 and old[a0 + shared] == new[b0 + shared]:
            shared += 1
        for j in range(shared, 0, -1):
            if is_boundary(old, a0 + j, locale) and is_boundary(new, b0 + j, locale):
                a0, b0 = a0 + j, b0 + j
                break
        shared = 0
        while a1 - shared > a0 and b1 - shared > b0 and old[a1 - shared - 1] == new[b1 - shared - 1]:
            shared += 1
        for j in range(shared, 0, -1):
            if is_boundary(old, a1 - j, locale) and is_boundary(new, b1 - j, locale):
                a1, b1 = a1 - j, b1 - j
                break
        if a1 > a0 or b1 > b0:
            trimmed.append([a0, a1, b0, b1])
    return trimmed


def _boundary_for(old: str, new: str):
    """:func:`is_boundary`, except strictly inside an address shown as text (one word)."""
    old_urls, new_urls = url_spans(old), url_spans(new)
    if not old_urls and not new_urls:
        return is_boundary

    def boundary(text: str, i: int, locale: str) -> bool:
        return is_boundary(text, i, locale) and not _inside(old_urls if text is old else new_urls, i)
    return boundary


def _snap(hunks: list[list[int]], old: str, new: str, locale: str) -> list[list[int]]:
    """Widen every hunk to boundaries in both texts, merging hunks that come to touch.

    An address shown as text is one word: a change inside it widens to the whole address, so a
    reader sees the old and the new address, never character edits inside a URL.
    """
    boundary = _boundary_for(old, new)
    snapped: list[list[int]] = []
    for k, (a0, a1, b0, b1) in enumerate(hunks):
        floor_a = snapped[-1][1] if snapped else 0
        while a0 > floor_a and not (boundary(old, a0, locale) and boundary(new, b0, locale)):
            a0 -= 1
            b0 -= 1
        if snapped and a0 == floor_a:
            snapped[-1][1], snapped[-1][3] = a1, b1
        else:
            snapped.append([a0, a1, b0, b1])
        hunk = snapped[-1]
        ceiling = hunks[k + 1][0] if k + 1 < len(hunks) else len(old)
        while hunk[1] < ceiling and not (boundary(old, hunk[1], locale) and boundary(new, hunk[3], locale)):
            hunk[1] += 1
            hunk[3] += 1
    return snapped


def is_whitespace_change(old: str, new: str, a0: int, a1: int, b0: int, b1: int) -> bool:
    """Does the hunk only replace whitespace by other whitespace (or add or remove whitespace
    next to whitespace, punctuation or an end of the text)?

    An ideographic space (U+3000) next to CJK text is the exception: Japanese typesetting uses it
    as a unit of layout (the indent of a paragraph, the gap after an article number, 第１条　目的),
    so replacing it there changes what a reader sees and is marked. Elsewhere (and every other
    whitespace: no-break space, thin spaces, a line break for a space) it is not wording.
    """
    removed, added = old[a0:a1], new[b0:b1]
    if not removed and not added:
        return False
    if not ((removed.isspace() or not removed) and (added.isspace() or not added)):
        return False
    if not removed or not added:
        # Whitespace added or removed: not wording unless it joins or splits two words.
        text, start, end = (new, b0, b1) if added else (old, a0, a1)
        before, after = text[start - 1:start], text[end:end + 1]
        if before and after and not before.isspace() and not after.isspace() \
                and not _is_punctuation(before) and not _is_punctuation(after):
            return False
    if "\u3000" in removed or "\u3000" in added:
        around = old[a0 - 1:a0] + old[a1:a1 + 1] + new[b0 - 1:b0] + new[b1:b1 + 1]
        if any(is_cjk(ch) for ch in around):
            return False
    return True


def _widen_blank_sides(hunks: list[list[int]], old: str, new: str) -> list[list[int]]:
    """A change whose deleted (or inserted) side is only whitespace while the other side is text
    would show a mark around nothing visible: widen it over the word before (or after) it."""
    for k, hunk in enumerate(hunks):
        a0, a1, b0, b1 = hunk
        removed, added = old[a0:a1], new[b0:b1]
        blank_side = (removed and removed.isspace() and added.strip()) or (added and added.isspace() and removed.strip())
        if not blank_side:
            continue
        floor = hunks[k - 1][1] if k else 0
        ceiling = hunks[k + 1][0] if k + 1 < len(hunks) else len(old)
        if a0 > floor and not old[a0 - 1].isspace():
            while a0 > floor and not old[a0 - 1].isspace():
                a0, b0 = a0 - 1, b0 - 1
        elif a1 < ceiling:
            while a1 < ceiling and old[a1].isspace():
                a1, b1 = a1 + 1, b1 + 1
            while a1 < ceiling and not old[a1].isspace():
                a1, b1 = a1 + 1, b1 + 1
        hunk[:] = [a0, a1, b0, b1]
    return hunks


def _is_punctuation(ch: str) -> bool:
    return not ch.isalnum() and not ch.isspace() and not is_cjk(ch) or ch in "。、，．！？「」（）：；"


def _bridge(hunks: list[list[int]], old: str, new: str) -> list[list[int]]:
    """Join hunks that only a space or a punctuation mark keeps apart.

    "Last revised [-April-] [+June+] [-1-][+15+], [-2022-][+2023+]" reads as one change to a
    reader: "Last revised [-April 1, 2022-][+June 15, 2023+]". The unchanged text between the
    two (at most 3 characters, none a letter, digit or ideograph) goes into both sides.
    """
    joined: list[list[int]] = []
    for hunk in hunks:
        if joined and not is_whitespace_change(old, new, *hunk) and not is_whitespace_change(old, new, *joined[-1]):
            gap = old[joined[-1][1]:hunk[0]]
            if len(gap) <= 3 and not any(ch.isalnum() for ch in gap):
                joined[-1][1], joined[-1][3] = hunk[1], hunk[3]
                continue
        joined.append(list(hunk))
    return joined

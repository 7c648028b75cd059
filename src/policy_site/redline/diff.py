"""Text diff of two matched blocks: diff-match-patch, then hunks widened to phrases or words.

diff-match-patch finds the minimal character changes; a reader of a legal redline expects whole
phrases (``[-保管します。][+保存します。]``, not ``保[-管][+存]``) and whole words. Each change is
therefore widened, through the unchanged text around it, until both its ends sit on a boundary
of :func:`policy_site.redline.phrases.is_boundary` in both versions; changes that meet merge.
Widening only moves unchanged characters into both the deletion and the insertion, so the
segments still spell both versions exactly: :func:`diff_text` checks that before returning.

Cost is bounded without a deadline (``Diff_Timeout = 0``: the result never depends on the
machine's speed). diff-match-patch is O(N·D) on one text, so a block longer than
:data:`LONG_BLOCK` characters (a huge table cell, a policy written as one paragraph) is first cut
into sentences (after 。．！？, after ``. ``/``! ``/``? `` and at line breaks; a sentence still
longer than :data:`MAX_PIECE` is cut at content-defined spaces, so that an edit does not shift
later cuts). Sentences are aligned as blocks are (:mod:`.align`: identical sentences first,
then similar ones in order, windowed when the gap is large), and only aligned sentences are
character-diffed; widening and joining then run over the whole block as usual. A 400,000-character
paragraph therefore costs about what the same text split into paragraphs costs
(``benchmarks/bench_redline.py``).
"""

from __future__ import annotations

import re
import zlib

from diff_match_patch import diff_match_patch

from policy_site.redline.phrases import is_boundary

EQUAL, DELETE, INSERT = "equal", "delete", "insert"
Segment = tuple[str, str]


class RedlineInvariantError(AssertionError):
    """The segments of a diff do not spell the two texts: a bug, never a user error."""


def _load_matcher() -> diff_match_patch:
    matcher = diff_match_patch()
    matcher.Diff_Timeout = 0  # no deadline: the result must not depend on the machine's speed
    return matcher


_MATCHER = _load_matcher()

LONG_BLOCK = 3000   # characters (of the longer text) above which a block is diffed sentence by sentence
MAX_PIECE = 1000    # a sentence longer than this is cut further, at content-defined spaces
_MIN_PIECE = 200
_SENTENCE_END = re.compile(r"[。．！？]+[」』）)]*|[.!?]+[\"'”’)\]]* +|\n")
_SOFT_CUT = re.compile(r"[ 、，,;；]")


def diff_text(old: str, new: str, *, locale: str) -> tuple[Segment, ...]:
    """Segments ``(op, text)`` turning ``old`` into ``new``; deletions precede insertions."""
    if old == new:
        return ((EQUAL, old),) if old else ()
    if max(len(old), len(new)) > LONG_BLOCK:
        diffs = _diff_by_sentence(old, new)
    else:
        diffs = _MATCHER.diff_main(old, new)
        _MATCHER.diff_cleanupSemantic(diffs)
    hunks = _bridge(_snap(_hunks(diffs), old, new, locale), old)
    segments: list[Segment] = []
    a = 0
    for a0, a1, b0, b1 in hunks:
        if a0 > a:
            segments.append((EQUAL, old[a:a0]))
        if a1 > a0:
            segments.append((DELETE, old[a0:a1]))
        if b1 > b0:
            segments.append((INSERT, new[b0:b1]))
        a = a1
    if a < len(old):
        segments.append((EQUAL, old[a:]))
    check_segments(segments, old, new)
    return tuple(segments)


def check_segments(segments: list[Segment] | tuple[Segment, ...], old: str, new: str) -> None:
    """Raise :class:`RedlineInvariantError` unless the segments spell ``old`` and ``new`` exactly."""
    spelled_old = "".join(text for op, text in segments if op != INSERT)
    spelled_new = "".join(text for op, text in segments if op != DELETE)
    if spelled_old != old or spelled_new != new:
        raise RedlineInvariantError("redline segments do not reproduce the compared texts")


def _hunks(diffs: list[tuple[int, str]]) -> list[list[int]]:
    """Runs of non-equal diffs as ``[a0, a1, b0, b1]`` spans of old and new."""
    hunks: list[list[int]] = []
    a = b = 0
    current: list[int] | None = None
    for op, text in diffs:
        if op == diff_match_patch.DIFF_EQUAL:
            current = None
            a += len(text)
            b += len(text)
            continue
        if current is None:
            current = [a, a, b, b]
            hunks.append(current)
        if op == diff_match_patch.DIFF_DELETE:
            a += len(text)
            current[1] = a
        else:
            b += len(text)
            current[3] = b
    return hunks


def _snap(hunks: list[list[int]], old: str, new: str, locale: str) -> list[list[int]]:
    """Widen every hunk to boundaries in both texts, merging hunks that come to touch."""
    snapped: list[list[int]] = []
    for k, (a0, a1, b0, b1) in enumerate(hunks):
        floor_a = snapped[-1][1] if snapped else 0
        while a0 > floor_a and not (is_boundary(old, a0, locale) and is_boundary(new, b0, locale)):
            a0 -= 1
            b0 -= 1
        if snapped and a0 == floor_a:
            snapped[-1][1], snapped[-1][3] = a1, b1
        else:
            snapped.append([a0, a1, b0, b1])
        hunk = snapped[-1]
        ceiling = hunks[k + 1][0] if k + 1 < len(hunks) else len(old)
        while hunk[1] < ceiling and not (is_boundary(old, hunk[1], locale) and is_boundary(new, hunk[3], locale)):
            hunk[1] += 1
            hunk[3] += 1
    return snapped


def _bridge(hunks: list[list[int]], old: str) -> list[list[int]]:
    """Join hunks that only a space or a punctuation mark keeps apart.

    "Last revised [-April-] [+June+] [-1-][+15+], [-2022-][+2023+]" reads as one change to a
    reader: "Last revised [-April 1, 2022-][+June 15, 2023+]". The unchanged text between the
    two (at most 3 characters, none a letter, digit or ideograph) goes into both sides.
    """
    joined: list[list[int]] = []
    for hunk in hunks:
        if joined:
            gap = old[joined[-1][1]:hunk[0]]
            if len(gap) <= 3 and not any(ch.isalnum() for ch in gap):
                joined[-1][1], joined[-1][3] = hunk[1], hunk[3]
                continue
        joined.append(list(hunk))
    return joined



def split_sentences(text: str) -> list[str]:
    """Pieces of ``text`` that join back to it exactly: sentences, long ones cut at spaces.

    A cut inside a long sentence is made after a space or comma whose preceding 8 characters
    hash to a fixed residue (content-defined, as rsync chunks files): inserting text early in a
    sentence leaves every later cut where it was, so later pieces still match exactly.
    """
    pieces: list[str] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        _append_piece(pieces, text[start:m.end()])
        start = m.end()
    if start < len(text):
        _append_piece(pieces, text[start:])
    return pieces


def _append_piece(pieces: list[str], sentence: str) -> None:
    if len(sentence) <= MAX_PIECE:
        pieces.append(sentence)
        return
    start = 0
    for m in _SOFT_CUT.finditer(sentence):
        end = m.end()
        if end - start >= _MIN_PIECE and zlib.crc32(sentence[end - 8:end].encode("utf-8")) % 16 == 0:
            pieces.append(sentence[start:end])
            start = end
    rest = sentence[start:]
    while len(rest) > 4 * MAX_PIECE:  # no space at all (one unbroken run): fixed-size cuts
        pieces.append(rest[:MAX_PIECE])
        rest = rest[MAX_PIECE:]
    pieces.append(rest)


def _diff_by_sentence(old: str, new: str) -> list[tuple[int, str]]:
    """diff-match-patch diffs of two long texts, computed sentence by sentence after aligning them."""
    from policy_site.redline.align import align_texts  # align imports this module's constants

    old_pieces, new_pieces = split_sentences(old), split_sentences(new)
    diffs: list[tuple[int, str]] = []
    for i, j in align_texts(old_pieces, new_pieces):
        if j is None:
            diffs.append((diff_match_patch.DIFF_DELETE, old_pieces[i]))
        elif i is None:
            diffs.append((diff_match_patch.DIFF_INSERT, new_pieces[j]))
        elif old_pieces[i] == new_pieces[j]:
            diffs.append((diff_match_patch.DIFF_EQUAL, old_pieces[i]))
        else:
            pair = _MATCHER.diff_main(old_pieces[i], new_pieces[j])
            _MATCHER.diff_cleanupSemantic(pair)
            diffs.extend(pair)
    return diffs

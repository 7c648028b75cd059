"""The character diff under the redline: diff-match-patch, as runs ``(op, length)``, bounded in cost.

The engine needs only where the changes are (:mod:`.diff` widens them to phrases and words), so a
diff is a list of runs ``(op, length)`` with ``op`` -1 (delete), 0 (equal) or 1 (insert), lengths in
code points.

Two implementations of the one algorithm (``diff_main`` with line mode, then
``diff_cleanupSemantic``, no deadline): the C++ port packaged as ``fast-diff-match-patch``, used
when installed (a redline of a reworded clause costs about a tenth of the Python one), and the
reference Python package ``diff-match-patch``, the fallback. They give the same runs:
``tests/redline/test_redline_chardiff.py`` checks that on every block pair of the corpus and on
generated texts, so the choice never changes a redline (nor the cache key). ``Diff_Timeout = 0``
in both: the result never depends on the machine's speed.

Cost is bounded without a deadline. diff-match-patch is O(N·D) on one text, so a block longer than
:data:`LONG_BLOCK` characters (a huge table cell, a policy written as one paragraph) is first cut
into sentences (after 。．！？, after ``. ``/``! ``/``? `` and at line breaks; a sentence still
longer than :data:`MAX_PIECE` is cut at content-defined spaces, so that an edit does not shift
later cuts). Sentences are aligned as blocks are (:mod:`.align`: identical sentences first, then
similar ones in order, windowed when the gap is large), and only aligned sentences are
character-diffed. A 400,000-character paragraph therefore costs about what the same text split into
paragraphs costs (``benchmarks/bench_redline.py``).
"""

from __future__ import annotations

import os
import re
import zlib

from diff_match_patch import diff_match_patch

from policy_site.redline.align import align_texts

Run = tuple[int, int]

LONG_BLOCK = 3000   # characters (of the longer text) above which a block is diffed sentence by sentence
MAX_PIECE = 1000    # a sentence longer than this is cut further, at content-defined spaces
_MIN_PIECE = 200
_SENTENCE_END = re.compile(r"[。．！？]+[」』）)]*|[.!?]+[\"'”’)\]]* +|\n")
_SOFT_CUT = re.compile(r"[ 、，,;；]")


def load_matcher() -> diff_match_patch:
    """The reference Python matcher, without a deadline."""
    matcher = diff_match_patch()
    matcher.Diff_Timeout = 0  # no deadline: the result must not depend on the machine's speed
    return matcher


MATCHER = load_matcher()
_OPS = {"=": 0, "-": -1, "+": 1}


def load_fast():
    """The C++ ``diff`` of ``fast-diff-match-patch``, or None (not installed, or the environment
    variable ``POLICY_REDLINE_PURE_PYTHON`` is set, to measure or test the reference path)."""
    if os.environ.get("POLICY_REDLINE_PURE_PYTHON"):
        return None
    try:
        from fast_diff_match_patch import diff
    except ImportError:
        return None
    return diff


_FAST = load_fast()


def diff_runs(old: str, new: str, *, fast: bool | None = None) -> list[Run]:
    """Runs ``(op, length)`` turning ``old`` into ``new``: diff-match-patch's semantic diff.

    ``fast`` chooses the implementation (default: the C++ one when installed); both give the same
    runs. Long texts are diffed sentence by sentence (module docstring).
    """
    if max(len(old), len(new)) > LONG_BLOCK:
        return _diff_by_sentence(old, new, fast)
    return _diff_piece(old, new, fast)


def _diff_piece(old: str, new: str, fast: bool | None) -> list[Run]:
    use_fast = _FAST is not None if fast is None else fast
    if use_fast:
        if _FAST is None:
            raise RuntimeError("fast-diff-match-patch is not installed")
        return [(_OPS[op], n) for op, n in _FAST(old, new, timelimit=0, checklines=True, cleanup="Semantic",
                                                 counts_only=True)]
    diffs = MATCHER.diff_main(old, new)
    MATCHER.diff_cleanupSemantic(diffs)
    return [(op, len(text)) for op, text in diffs]


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


def _diff_by_sentence(old: str, new: str, fast: bool | None) -> list[Run]:
    """Runs of two long texts, computed sentence by sentence after aligning them."""
    old_pieces, new_pieces = split_sentences(old), split_sentences(new)
    runs: list[Run] = []
    for i, j in align_texts(old_pieces, new_pieces):
        if j is None:
            runs.append((-1, len(old_pieces[i])))
        elif i is None:
            runs.append((1, len(new_pieces[j])))
        elif old_pieces[i] == new_pieces[j]:
            runs.append((0, len(old_pieces[i])))
        else:
            runs.extend(_diff_piece(old_pieces[i], new_pieces[j], fast))
    return runs

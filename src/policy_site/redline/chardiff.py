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


# The semantic cleanup scores a change's possible places by the characters around it (letter or
# digit, whitespace, line break). The two implementations classify most characters alike, but not
# all (Python calls ² ½ alphanumeric and U+00A0 U+001F whitespace; the C++ port, with the C
# library's classes, does not), and there they may place an insertion one character apart. Before
# the C++ diff, each such character is therefore replaced, in both texts, by one that neither text
# holds and that both implementations classify as Python classifies the original: the same
# equalities, the same scores, so the runs (lengths only) are the reference's. Which characters
# are alike is asked of the C++ port itself, once per character.
_ALIKE: dict[str, bool] = {ch: True for ch in map(chr, range(0x80)) if ch not in "\x1c\x1d\x1e\x1f"}
_PROBES = ("0{c}個人情報", "0{c}保管します。{c}個人情報"), ("a{c}bc", "a{c}xy{c}bc"), ("ab {c}c", "ab {c}d {c}c"), \
    ("x{c} y", "x{c} z{c} y"), ("{c}ab", "{c}b{c}ab"), ("ab{c}", "ab{c}b{c}"), ("q{c}{c}r", "q{c}s{c}{c}r")
# Stand-ins by class: rare ideographs (alphanumeric), spaces, arrows (neither).
_STAND_INS = {"alnum": [chr(c) for c in range(0x9FA5, 0x9E00, -1)],
              "space": ["\u2000", "\u2001", "\u2002", "\u2003", "\u2004", "\u2005", "\u2006", "\u2008", "\u2009",
                        "\u200a", "\u205f", "\u1680", "\u3000", "\x0b", "\x0c"],
              "other": [chr(c) for c in range(0x2190, 0x2200)]}


def _is_alike(ch: str) -> bool:
    alike = _ALIKE.get(ch)
    if alike is None:
        alike = _ALIKE[ch] = all(_fast_runs(o.format(c=ch), n.format(c=ch)) == _pure_runs(o.format(c=ch), n.format(c=ch))
                                 for o, n in _PROBES)
    return alike


def _class_of(ch: str) -> str:
    return "space" if ch.isspace() else "alnum" if ch.isalnum() else "other"


def _stand_in_texts(old: str, new: str) -> tuple[str, str] | None:
    """The two texts with every character the implementations classify differently replaced
    (None: none to replace; the same pair if no stand-in is left, which the caller diffs in Python)."""
    present = set(old) | set(new)
    unlike = sorted(ch for ch in present if not _is_alike(ch))
    if not unlike:
        return None
    table: dict[int, str] = {}
    for ch in unlike:
        if ch in "\r\n":
            return old, new
        stand_in = next((c for c in _STAND_INS[_class_of(ch)]
                         if c not in present and c not in table.values() and _is_alike(c)), None)
        if stand_in is None:
            return old, new
        table[ord(ch)] = stand_in
    return old.translate(table), new.translate(table)


def _fast_runs(old: str, new: str) -> list[Run]:
    return [(_OPS[op], n) for op, n in _FAST(old, new, timelimit=0, checklines=True, cleanup="Semantic",
                                             counts_only=True)]


def _pure_runs(old: str, new: str) -> list[Run]:
    diffs = MATCHER.diff_main(old, new)
    MATCHER.diff_cleanupSemantic(diffs)
    return [(op, len(text)) for op, text in diffs]


def _diff_piece(old: str, new: str, fast: bool | None) -> list[Run]:
    use_fast = _FAST is not None if fast is None else fast
    if use_fast:
        if _FAST is None:
            raise RuntimeError("fast-diff-match-patch is not installed")
        stood_in = _stand_in_texts(old, new)
        if stood_in is None:
            return _fast_runs(old, new)
        if stood_in == (old, new):
            return _pure_runs(old, new)
        return _fast_runs(*stood_in)
    return _pure_runs(old, new)


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

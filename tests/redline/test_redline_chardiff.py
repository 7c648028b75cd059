"""Faster paths that must give the same redlines: the two implementations of the character diff,
and the pairing similarity computed on bit masks.

``fast-diff-match-patch`` (C++) is used when installed and ``diff-match-patch`` (Python) is the
fallback (:mod:`policy_site.redline.chardiff`); a redline must not depend on which one a machine
has, nor may the cache key. Checked on the whole corpus of real policies (every redline, equal
field by field) and on generated pairs of texts in every script the engine reads.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policy_site.redline import chardiff, compute_redline
from policy_site.redline.chardiff import diff_runs

needs_fast = pytest.mark.skipif(chardiff._FAST is None, reason="fast-diff-match-patch (requirements.txt) is not "
                                "installed, or POLICY_REDLINE_PURE_PYTHON is set")

CORPUS = Path(__file__).parent / "corpus"
CASES = sorted(path.name[:-len(".old.md")] for path in CORPUS.glob("*.old.md"))
PIECES = ["個人情報", "を", "適切に", "保管します。", "、", "。", "我们", "保存", "the", "personal", "data", " ", ", ",
          ". ", "\n", "😀", "👍🏽", "e\u0301", "\u3000", "a", "b", "https://example.com/a"]


def _spells(runs, old: str, new: str) -> bool:
    a = b = 0
    for op, length in runs:
        if op <= 0:
            a += length
        if op >= 0:
            b += length
    return a == len(old) and b == len(new)


@needs_fast
@pytest.mark.parametrize("case", CASES)
def test_both_implementations_give_the_same_redline_of_every_corpus_pair(case, monkeypatch):
    old, new = ((CORPUS / f"{case}.{side}.md").read_text(encoding="utf-8") for side in ("old", "new"))
    fast = compute_redline(old, new, locale="en")
    monkeypatch.setattr(chardiff, "_FAST", None)
    assert compute_redline(old, new, locale="en") == fast


texts = st.lists(st.sampled_from(PIECES) | st.text(max_size=3), max_size=60).map("".join)


@needs_fast
@settings(deadline=None)
@given(old=texts, edits=st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 8), texts), max_size=6))
def test_both_implementations_give_the_same_runs_of_generated_texts(old, edits):
    new = old
    for at, cut, text in edits:
        at %= len(new) + 1
        new = new[:at] + text + new[at + cut:]
    fast, pure = diff_runs(old, new, fast=True), diff_runs(old, new, fast=False)
    assert fast == pure
    assert _spells(fast, old, new)


@needs_fast
def test_a_long_block_is_diffed_sentence_by_sentence_the_same_way():
    old = "当社は、個人情報を適切に管理します。" * 300
    new = old.replace("管理", "保存", 9).replace("個人情報", "個人データ", 4)
    assert len(old) > chardiff.LONG_BLOCK
    assert diff_runs(old, new, fast=True) == diff_runs(old, new, fast=False)


@given(st.lists(texts, min_size=1, max_size=6), st.lists(texts, min_size=1, max_size=6))
def test_the_pairing_dice_on_bit_masks_equals_the_dice_of_the_bigram_sets(old, new):
    from policy_site.redline.align import _bigram_masks, _bigrams, _dice

    grams_a, grams_b = [_bigrams(text) for text in old], [_bigrams(text) for text in new]
    masks_a, masks_b = _bigram_masks(grams_a, grams_b)
    for i, a in enumerate(grams_a):
        assert masks_a[i].bit_count() == len(a)
        for j, b in enumerate(grams_b):
            assert (masks_a[i] & masks_b[j]).bit_count() == len(a & b)
            if a or b:
                assert 2 * (masks_a[i] & masks_b[j]).bit_count() / (len(a) + len(b)) == _dice(a, b)

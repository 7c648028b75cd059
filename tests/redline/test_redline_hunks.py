"""Property: a change never covers unchanged characters beyond what phrase snapping needs.

Each ``<del>``/``<ins>`` pair of a redline is widened from the minimal character change to phrase
(ja, zh) or word (en) boundaries. Whatever text the deletion and the insertion share at their start
(or end) must be there only because no boundary in both versions allows the change to start (or
end) later (or earlier): otherwise the reader sees unchanged words struck out and inserted again
(``[-及び当社に][+第三者提供記録の開示及び当社に]``). The one allowance is the engine's bridge: two
changes that only a space or punctuation mark (at most 3 characters, none a letter, digit or
ideograph) keeps apart are shown as one, that gap going into both sides; and a change one side of
which would be only whitespace while the other is text is widened over the word beside it, so that
no mark stands around nothing visible (``diff._widen_blank_sides``).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policy_site.redline.diff import _boundary_for, diff_text
from policy_site.redline.model import DELETE, EQUAL, INSERT, SPACE_NEW, SPACE_OLD

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _sentences(locale: str) -> list[str]:
    """The fixture sentences of ``locale`` (fixtures/sentences.<locale>.txt, one a line): ordinary
    policy sentences of a fictional company, written for this test, with the punctuation, digits,
    dates and full-width characters a policy has, so that the property draws from text like a
    site's without reading any site's content."""
    lines = (FIXTURES / f"sentences.{locale}.txt").read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip()]


SENTENCES = {locale: _sentences(locale) for locale in ("ja", "en", "zh")}


def test_the_sentences_are_many_and_have_what_a_policy_has():
    """The property below is only as strong as the text it edits: several dozen sentences a
    language, a dozen of them long paragraphs whose words come back (where diff-match-patch aligns
    repeated text early, diff._trim), with the characters where boundaries are hard (punctuation,
    digits, dates, full-width characters)."""
    for locale, sentences in SENTENCES.items():
        text = "".join(sentences)
        assert len(sentences) >= 36 and all(len(s) > 20 for s in sentences), locale
        assert sum(len(s) >= {"en": 200}.get(locale, 70) for s in sentences) >= 12, locale
        assert re.search(r"\d", text) and re.search(r"[,.;:()]" if locale == "en" else "[、，。（）「」“”：；]", text), locale
    for locale in ("ja", "zh"):
        text = "".join(SENTENCES[locale])
        assert "2023年6月15日" in text and re.search("[０-９]", text), locale


def _bridged(text: str) -> bool:
    return len(text) <= 3 and not any(ch.isalnum() for ch in text)


def _blank_side(removed: str, added: str) -> bool:
    """One side only whitespace, the other text: the engine widens such a change on purpose."""
    return bool(removed and removed.isspace() and added.strip()) or bool(added and added.isspace() and removed.strip())


def find_widened_pairs(old: str, new: str, locale: str) -> list[str]:
    """Every del/ins pair whose shared start or end could be left out with both ends on boundaries
    (an address shown as text is one word: no boundary inside it)."""
    is_boundary = _boundary_for(old, new)
    problems = []
    segments = diff_text(old, new, locale=locale)
    a = b = 0
    k = 0
    while k < len(segments):
        op, text = segments[k]
        if op in (EQUAL, SPACE_OLD, SPACE_NEW):
            a += len(text) if op != SPACE_NEW else 0
            b += len(text) if op != SPACE_OLD else 0
            k += 1
            continue
        deleted = text if op == DELETE else ""
        inserted = segments[k + 1][1] if op == DELETE and k + 1 < len(segments) and segments[k + 1][0] == INSERT \
            else (text if op == INSERT else "")
        a0, b0 = a, b
        a1, b1 = a0 + len(deleted), b0 + len(inserted)
        prefix = len(os.path.commonprefix([deleted, inserted]))
        suffix = len(os.path.commonprefix([deleted[::-1], inserted[::-1]]))
        for j in range(1, min(prefix, len(deleted), len(inserted)) + 1):
            if j < len(deleted) or j < len(inserted):
                if is_boundary(old, a0 + j, locale) and is_boundary(new, b0 + j, locale) \
                        and not _bridged(deleted[:j]) and not _blank_side(deleted[j:], inserted[j:]):
                    problems.append(f"[-{deleted}-][+{inserted}+] could start {j} characters later")
                    break
        for j in range(1, min(suffix, len(deleted), len(inserted)) + 1):
            if j < len(deleted) or j < len(inserted):
                if is_boundary(old, a1 - j, locale) and is_boundary(new, b1 - j, locale) \
                        and not _bridged(deleted[len(deleted) - j:]) \
                        and not _blank_side(deleted[:len(deleted) - j], inserted[:len(inserted) - j]):
                    problems.append(f"[-{deleted}-][+{inserted}+] could end {j} characters earlier")
                    break
        a, b = a1, b1
        k += 2 if deleted and inserted else 1
    return problems


@pytest.mark.parametrize(("locale", "old", "new"), [
    ("ja", "開示等の請求及び当社に対する", "開示等の請求、第三者提供記録の開示及び当社に対する"),
    ("ja", "当社はこの技術を用います。", "当社はこの技術または第三者のサービス等を用います。"),
    # Found by the property below on the fixture sentences when the engine's trim step (diff._trim)
    # is left out: text inserted beside a copy of itself, which diff-match-patch aligns early.
    ("ja", "見本株式会社（以下「当社」といいます）は、", "見本株式会社（見本株式会社（以下「当社」といいます）は、"),
    ("zh", "本公司于2024年4月1日任命了新的个人信息保护负责人。", "本公司于2024年4月1日任命了新任命了新的个人信息保护负责人。"),
])
def test_known_insertions_are_not_shown_as_rewrites(locale, old, new):
    assert find_widened_pairs(old, new, locale) == []


edits = st.tuples(st.sampled_from(["ja", "en", "zh"]), st.integers(0, 10_000), st.integers(0, 10_000),
                  st.integers(0, 12), st.integers(0, 10_000), st.integers(0, 12))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edits)
def test_no_change_covers_unchanged_characters_it_could_leave_out(edit):
    """A fixture sentence with a span deleted and a piece of another sentence inserted."""
    locale, pick, at, cut, source, length = edit
    sentences = SENTENCES[locale]
    old = sentences[pick % len(sentences)]
    donor = sentences[source % len(sentences)]
    start = at % (len(old) + 1)
    piece = donor[(source // 7) % max(1, len(donor) - length):][:length]
    new = old[:start] + piece + old[start + cut:]
    assert find_widened_pairs(old, new, locale) == [], (old, new)


def test_a_removed_space_beside_inserted_text_takes_the_word_before_it():
    """Found by the property above: the deletion alone would be a mark around one space, which a
    reader cannot see; the change takes the word before it instead, and the property allows that."""
    old, new = "（3） 本公司可能会使用。", "（3）此外，本公司可能会使用。"
    assert diff_text(old, new, locale="zh") == ((DELETE, "（3） "), (INSERT, "（3）此外，"), (EQUAL, "本公司可能会使用。"))
    assert find_widened_pairs(old, new, "zh") == []

"""Where a reader expects a change to start or end: phrase boundaries (ja/zh) and word boundaries (en).

BudouX decides a phrase boundary before character ``i`` from the six characters around it only
(``i-3 … i+2``). :func:`is_boundary` therefore evaluates the model at the one position asked
about, giving exactly the answer ``parser.parse(text)`` would give for the whole text, at a cost
independent of the text's length: snapping a hunk asks about a handful of positions, instead of
segmenting the whole revision (which costs ~25x the diff itself).

Latin-script words and numbers are never split, in any locale; a position next to whitespace is
always a boundary; combining marks, variation selectors, emoji modifiers and joiners are never
separated from the character they modify.
"""

from __future__ import annotations

import functools
import unicodedata

from policy_site.common import scripts

_JOINERS = {"\u200d", "\u2060"}
_APOSTROPHES = {"'", "\u2019"}


@functools.lru_cache(maxsize=None)
def load_phrase_model(locale: str) -> tuple:
    """The BudouX feature tables for a locale, loaded once per process.

    zh uses the Simplified Chinese model; ja and en use the Japanese one (CJK runs in English
    revisions are Japanese names such as a company's 株式会社… name).
    Imported here, not at module level: English text without CJK never needs it.
    """
    import budoux

    parser = (budoux.load_default_simplified_chinese_parser() if locale == "zh"
              else budoux.load_default_japanese_parser())
    model = parser.model
    keys = ("UW1", "UW2", "UW3", "UW4", "UW5", "UW6", "BW1", "BW2", "BW3", "TW1", "TW2", "TW3", "TW4")
    base = -sum(sum(group.values()) for group in model.values()) * 0.5
    return (base,) + tuple(model.get(key, {}) for key in keys)


def is_phrase_boundary(text: str, i: int, locale: str) -> bool:
    """BudouX's decision for a break before ``text[i]`` (0 < i < len(text)), as in ``Parser.parse``."""
    (base, uw1, uw2, uw3, uw4, uw5, uw6, bw1, bw2, bw3, tw1, tw2, tw3, tw4) = load_phrase_model(locale)
    n = len(text)
    score = base
    if i > 2:
        score += uw1.get(text[i - 3], 0)
    if i > 1:
        score += uw2.get(text[i - 2], 0)
    score += uw3.get(text[i - 1], 0)
    score += uw4.get(text[i], 0)
    if i + 1 < n:
        score += uw5.get(text[i + 1], 0)
    if i + 2 < n:
        score += uw6.get(text[i + 2], 0)
    if i > 1:
        score += bw1.get(text[i - 2:i], 0)
    score += bw2.get(text[i - 1:i + 1], 0)
    if i + 1 < n:
        score += bw3.get(text[i:i + 2], 0)
    if i > 2:
        score += tw1.get(text[i - 3:i], 0)
    if i > 1:
        score += tw2.get(text[i - 2:i + 1], 0)
    if i + 1 < n:
        score += tw3.get(text[i - 1:i + 2], 0)
    if i + 2 < n:
        score += tw4.get(text[i:i + 3], 0)
    return score > 0


_SEGMENTED = scripts.compile_class(*scripts.SEGMENTED_TEXT).match


def is_cjk(ch: str) -> bool:
    """Han, kana, Hangul, CJK punctuation and full-width forms: text BudouX segments."""
    return _SEGMENTED(ch) is not None


def _is_word(ch: str) -> bool:
    return (ch.isalnum() or ch == "_") and not is_cjk(ch)


def _is_extender(ch: str) -> bool:
    code = ord(ch)
    return (ch in _JOINERS or 0xFE00 <= code <= 0xFE0F or 0x1F3FB <= code <= 0x1F3FF
            or 0xE0020 <= code <= 0xE007F or 0xE0100 <= code <= 0xE01EF
            or unicodedata.category(ch) in ("Mn", "Mc", "Me"))


def is_boundary(text: str, i: int, locale: str) -> bool:
    """May a highlighted change start or end before ``text[i]``?"""
    if i <= 0 or i >= len(text):
        return True
    before, after = text[i - 1], text[i]
    if _is_extender(after) or before in _JOINERS:
        return False
    if before.isspace() or after.isspace():
        return True
    if is_cjk(before) or is_cjk(after):
        return is_phrase_boundary(text, i, locale)
    if _is_word(before) and _is_word(after):
        return False
    if before in _APOSTROPHES and _is_word(after) and i > 1 and _is_word(text[i - 2]):
        return False
    if after in _APOSTROPHES and _is_word(before) and i + 1 < len(text) and _is_word(text[i + 1]):
        return False
    return True

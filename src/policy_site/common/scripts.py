"""Writing systems by Unicode block: the one table of kana, Han, CJK punctuation and full-width forms.

Each check that asks "is this Japanese or Chinese?" builds its character set here, from the named
blocks below, so that a block is written (and corrected) once. The checks do not all ask the same
question, so their sets differ on purpose; each set is spelled out at :data:`FULL_WIDTH_TEXT` and
after, with the code points where it differs from its neighbours (``tests/test_scripts.py`` holds
every set to the exact characters it had before this table existed).

Only :mod:`re` is imported: ``policy-redline diff`` reads this module on its fast path.
"""

from __future__ import annotations

import re

Block = tuple[int, int]  # first and last code point, both included

# Unicode blocks (Blocks.txt), in code point order.
CJK_RADICALS_SUPPLEMENT: Block = (0x2E80, 0x2EFF)
KANGXI_RADICALS: Block = (0x2F00, 0x2FDF)
CJK_SYMBOLS_AND_PUNCTUATION: Block = (0x3000, 0x303F)  # 、。〃々「」【】〜 and the ideographic space
HIRAGANA: Block = (0x3040, 0x309F)  # U+3040 is unassigned; U+3099–U+309C are the voiced sound marks
KATAKANA: Block = (0x30A0, 0x30FF)  # U+30A0 is ゠ (double hyphen); U+30FB ・ and U+30FC ー are in it
KATAKANA_PHONETIC_EXTENSIONS: Block = (0x31F0, 0x31FF)  # small ㇰ ㇱ … of Ainu
CJK_UNIFIED_IDEOGRAPHS_EXTENSION_A: Block = (0x3400, 0x4DBF)
CJK_UNIFIED_IDEOGRAPHS: Block = (0x4E00, 0x9FFF)
HANGUL_SYLLABLES: Block = (0xAC00, 0xD7AF)
CJK_COMPATIBILITY_IDEOGRAPHS: Block = (0xF900, 0xFAFF)
CJK_COMPATIBILITY_FORMS: Block = (0xFE30, 0xFE4F)  # vertical forms of CJK punctuation
HALFWIDTH_AND_FULLWIDTH_FORMS: Block = (0xFF00, 0xFFEF)  # ＡＢＣ（）１２ and half-width katakana
SUPPLEMENTARY_IDEOGRAPHIC_PLANES: Block = (0x20000, 0x3FFFF)  # planes 2 and 3: extensions B and after

# Parts of a block that a check names on its own.
HALFWIDTH_KATAKANA: Block = (0xFF66, 0xFF9F)  # ｦ … ﾝ and the half-width voiced sound marks ﾞ ﾟ
HIRAGANA_ASSIGNED: Block = (HIRAGANA[0] + 1, HIRAGANA[1])  # without the unassigned U+3040
KATAKANA_WITHOUT_DOUBLE_HYPHEN: Block = (KATAKANA[0] + 1, KATAKANA[1])  # without ゠ U+30A0
HALFWIDTH_KATAKANA_LETTERS: Block = (HALFWIDTH_KATAKANA[0], 0xFF9D)  # without ﾞ ﾟ (U+FF9E, U+FF9F)


def span(first: Block, last: Block) -> Block:
    """Every code point from the start of ``first`` to the end of ``last`` (and the blocks between)."""
    return (first[0], last[1])


def char_class(*blocks: Block) -> str:
    """The inside of a regular expression's ``[...]`` matching exactly the code points of ``blocks``."""
    return "".join(f"{_escape(first)}-{_escape(last)}" for first, last in blocks)


def compile_class(*blocks: Block) -> re.Pattern[str]:
    """A pattern matching one character of ``blocks``."""
    return re.compile(f"[{char_class(*blocks)}]")


def _escape(code: int) -> str:
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


# The sets in use. Where two sets look alike but differ, the difference is kept: each one's users
# were written and tested against it.

# Japanese and Chinese running text, set in full width (site.strings: where a space is dropped, where
# "(…)" becomes "（…）"): punctuation, kana, ideographs and every full-width form.
FULL_WIDTH_TEXT = (CJK_SYMBOLS_AND_PUNCTUATION, HIRAGANA, KATAKANA, CJK_UNIFIED_IDEOGRAPHS_EXTENSION_A,
                   CJK_UNIFIED_IDEOGRAPHS, CJK_COMPATIBILITY_IDEOGRAPHS, HALFWIDTH_AND_FULLWIDTH_FORMS)

# Kana, the sign of Japanese on a Chinese or English page (site.language): whole blocks, so that a
# stray ゠ or ﾞ is reported too.
KANA = (HIRAGANA, KATAKANA, KATAKANA_PHONETIC_EXTENSIONS, HALFWIDTH_KATAKANA)

# Kana and Han on a translated page (site.language.CJK). Unlike KANA it leaves out the katakana
# phonetic extensions (U+31F0–U+31FF); kept as it was.
KANA_AND_HAN = (HIRAGANA, KATAKANA, CJK_UNIFIED_IDEOGRAPHS_EXTENSION_A, CJK_UNIFIED_IDEOGRAPHS,
                CJK_COMPATIBILITY_IDEOGRAPHS, HALFWIDTH_KATAKANA)

# Kana that makes ``policy-redline diff --lang auto`` call a text Japanese (cli.diff). Narrower than
# KANA: not U+3040 (unassigned), ゠ U+30A0, ﾞ U+FF9E or ﾟ U+FF9F, none of which is Japanese text on
# its own; kept as it was.
KANA_LETTERS = (HIRAGANA_ASSIGNED, KATAKANA_WITHOUT_DOUBLE_HYPHEN, KATAKANA_PHONETIC_EXTENSIONS,
                HALFWIDTH_KATAKANA_LETTERS)

# Han ideographs of the Basic Multilingual Plane: Chinese when no kana is found (cli.diff).
HAN = (CJK_UNIFIED_IDEOGRAPHS_EXTENSION_A, CJK_UNIFIED_IDEOGRAPHS, CJK_COMPATIBILITY_IDEOGRAPHS)

# Text BudouX segments into phrases (redline.phrases.is_cjk): the widest set. Everything from the
# CJK radicals to the unified ideographs (so also bopomofo, Hangul compatibility jamo, kanbun,
# strokes, enclosed and compatibility characters and the unassigned U+2FE0–U+2FEF), Hangul
# syllables, compatibility ideographs and forms, full-width forms and the supplementary planes.
SEGMENTED_TEXT = (span(CJK_RADICALS_SUPPLEMENT, CJK_UNIFIED_IDEOGRAPHS), HANGUL_SYLLABLES,
                  CJK_COMPATIBILITY_IDEOGRAPHS, CJK_COMPATIBILITY_FORMS, HALFWIDTH_AND_FULLWIDTH_FORMS,
                  SUPPLEMENTARY_IDEOGRAPHIC_PLANES)

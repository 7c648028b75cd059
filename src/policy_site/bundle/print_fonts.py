"""Fonts for the bundle's PDFs, so that the text a reader copies or searches is the text printed.

Chromium (Skia) writes each font's glyph-to-Unicode table from the font's cmap, keeping the lowest
code point of a glyph. Noto Sans CJK maps many Kangxi radicals (U+2F00–U+2FDF) and CJK radicals
supplement characters (U+2E80–U+2EFF) to the same glyphs as the unified ideographs (⼈ and 人), so
a PDF printed with it stores 人 as ⼈ and a search for 個人情報 finds nothing. The PDFs are
therefore printed with a subset of the font holding only the characters of the pages printed:
its cmap has no radical unless the text has one, and every glyph maps back to its own character.
The subset is embedded in the page as a data URL (no file, no request) while it is printed.
"""

from __future__ import annotations

import base64
import io
import subprocess
from pathlib import Path

from policy_site.common.scripts import CJK_RADICALS_SUPPLEMENT, KANGXI_RADICALS

PRINT_FAMILY = "Policy PDF"
# The Noto CJK family whose glyph forms a locale's readers expect (the same Han character is drawn
# differently in Japan, mainland China, Taiwan and Korea); every other locale prints with the JP
# family, which has Latin, Greek and Cyrillic as well.
FONT_FAMILIES = {"zh": "Noto Sans CJK SC", "zh-CN": "Noto Sans CJK SC", "zh-Hans": "Noto Sans CJK SC",
                 "zh-TW": "Noto Sans CJK TC", "zh-Hant": "Noto Sans CJK TC", "zh-HK": "Noto Sans CJK HK",
                 "ko": "Noto Sans CJK KR"}
DEFAULT_FONT_FAMILY = "Noto Sans CJK JP"
STACK = f'"{PRINT_FAMILY}", "DejaVu Sans", sans-serif'  # DejaVu: Latin glyphs of their own
RADICAL_BLOCKS = (CJK_RADICALS_SUPPLEMENT, KANGXI_RADICALS)


class FontError(Exception):
    """The print font cannot be found or read; the message says how to fix it."""


def font_family_of(locale: str) -> str:
    """The print font family for ``locale`` (its own entry, else its language's, else the default)."""
    return FONT_FAMILIES.get(locale) or FONT_FAMILIES.get(locale.split("-")[0]) or DEFAULT_FONT_FAMILY


def is_radical(char: str) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high in RADICAL_BLOCKS)


def find_font(family: str) -> tuple[Path, int]:
    """The file and collection index of ``family`` as fontconfig resolves it (never a fallback)."""
    try:
        result = subprocess.run(["fc-match", "-f", "%{family}\n%{file}\n%{index}", family],
                                capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError) as exc:
        raise FontError(f"fc-match cannot look up '{family}' ({exc}); install fontconfig and fonts-noto-cjk") from exc
    families, file, index = (result.stdout.split("\n") + ["", "", ""])[:3]
    if family not in families.split(","):
        raise FontError(f"the font '{family}' is not installed (fontconfig offers '{families}'); "
                        "install Debian's fonts-noto-cjk")
    return Path(file), int(index or 0)


def render_print_font_css(text: str, locale: str) -> str:
    """CSS that prints every page with a subset of the locale's CJK font holding ``text``'s characters."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    path, index = find_font(font_family_of(locale))
    font = TTFont(str(path), fontNumber=index, recalcTimestamp=False)  # same bytes on every run
    # Characters drawn with one glyph (· and ・ in the SC font): the PDF can name only one of them.
    # The font keeps the highest code point of each such group; the others fall back to the
    # next font of the stack, where they have a glyph of their own.
    cmap = font.getBestCmap()
    by_glyph: dict[str, list[int]] = {}
    for code in {ord(c) for c in text if not c.isspace()}:
        if code in cmap:
            by_glyph.setdefault(cmap[code], []).append(code)
    kept = {max(codes) for codes in by_glyph.values()} | {0x20}
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.ignore_missing_unicodes = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=kept)  # radicals only if written
    subsetter.subset(font)
    data = io.BytesIO()
    font.save(data)
    encoded = base64.b64encode(data.getvalue()).decode("ascii")
    return (f'@font-face {{ font-family: "{PRINT_FAMILY}"; src: url(data:font/otf;base64,{encoded}) '
            f'format("opentype"); }}\n'
            f':root, :lang(zh), body, input, .md-typeset {{ --md-text-font-family: {STACK}; '
            f'font-family: {STACK} !important; }}\n')

"""Characters a policy source may not contain, typed or written as a character reference.

Each of them changes what a reader sees without a visible trace in a redline, or nothing at all
that a reader sees while the redline counts it as a change: C0 and C1 controls (tab, line feed and
carriage return excepted) and DEL; every Unicode format character (category Cf: the bidirectional
marks, embeddings, overrides and isolates, U+200E/U+200F, U+061C, the zero-width space, joiner and
non-joiner, the word joiner, U+FEFF, the soft hyphen, the invisible operators, the tag characters);
the line and paragraph separators U+2028/U+2029, which a text editor shows as a line break and a
browser does not; and the noncharacters U+FFFE/U+FFFF.

The same rule applies to the source text (:func:`find_forbidden_character`) and to what a
character reference such as ``&#x202E;`` or ``&lrm;`` produces (the body check), so a reference
cannot smuggle in what typing it could not.
"""

from __future__ import annotations

import re
import unicodedata
from html import unescape

_ALLOWED_CONTROLS = frozenset("\t\n\r")
_FORBIDDEN_CATEGORIES = frozenset(("Cc", "Cf", "Zl", "Zp"))


def is_forbidden_character(ch: str) -> bool:
    """True for one character that no policy text may contain (see the module's docstring)."""
    if ch < " ":
        return ch not in _ALLOWED_CONTROLS
    if ch < "\x7f":
        return False
    return unicodedata.category(ch) in _FORBIDDEN_CATEGORIES or ch in "\ufffe\uffff"


# Ranges with no forbidden character in them (a test checks every one of their characters):
# printable ASCII, the allowed controls, and the blocks that make up nearly all policy text (Latin,
# Greek, Cyrillic, CJK punctuation and kana, CJK ideographs, Hangul, full-width forms). Only the
# characters outside them are looked up one by one.
PLAIN_RANGES = (("\t", "\n"), ("\r", "\r"), (" ", "~"), ("\u00a0", "\u00ac"), ("\u00ae", "\u052f"),
                ("\u3000", "\u30ff"), ("\u3400", "\u4dbf"), ("\u4e00", "\u9fff"), ("\uac00", "\ud7a3"),
                ("\uff00", "\uffef"))
_CANDIDATE = re.compile("[^" + "".join(re.escape(a) + "-" + re.escape(b) for a, b in PLAIN_RANGES) + "]")


def find_forbidden_character(text: str) -> int | None:
    """The index of the first forbidden character of ``text``, or None."""
    for match in _CANDIDATE.finditer(text):
        if is_forbidden_character(match.group()):
            return match.start()
    return None


# A character reference as HTML writes it, and as the rendered HTML holds it (Python-Markdown
# escapes every other "&"): numeric, decimal or hexadecimal, or named.
REFERENCE = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")


def decode_reference(reference: str) -> str:
    """What a browser shows for one character reference (HTML's rules for numeric references:
    0, surrogates and numbers past U+10FFFF give U+FFFD, 0x80-0x9F are read as windows-1252, and
    a control is kept, where Python's ``html.unescape`` drops it)."""
    if not reference.startswith("&#"):
        return unescape(reference)
    number = int(reference[3:-1], 16) if reference[2] in "xX" else int(reference[2:-1])
    if number == 0 or number > 0x10FFFF or 0xD800 <= number <= 0xDFFF:
        return "\ufffd"
    if 0x80 <= number <= 0x9F:
        try:
            return bytes([number]).decode("cp1252")
        except UnicodeDecodeError:  # five bytes windows-1252 leaves undefined: the C1 control itself
            return chr(number)
    return chr(number)


def list_reference_problems(html: str, source: str) -> list[tuple[int | None, str]]:
    """``(line, cause)`` for every reference in rendered ``html`` that gives a character a source
    may not contain, or none; the line is that of the reference in ``source`` (None if not found)."""
    problems = []
    for reference in dict.fromkeys(REFERENCE.findall(html)):
        decoded = decode_reference(reference)
        bad = next((ch for ch in decoded if ch == "\ufffd" or is_forbidden_character(ch)), None)
        if bad is None:
            continue
        index = source.find(reference)
        line = source.count("\n", 0, index) + 1 if index >= 0 else None
        if bad == "\ufffd":
            problems.append((line, f"the character reference '{reference[:40]}' names no character; remove it "
                                   "or write the character itself"))
        else:
            problems.append((line, f"the character reference '{reference[:40]}' gives the control character "
                                   f"U+{ord(bad):04X}, which is not allowed; remove it"))
    return problems

"""Addresses that look like the company's but lead elsewhere: a look-alike letter of another script.

"іpros.co.jp" with a Cyrillic і (U+0456) reads as the company's domain in every font and is another
domain; a redline shows it as a one-letter change nobody reads twice, or as one new word among
others. So the review flags every address (URL, e-mail address,
domain, link target) whose letters come from more than one script, except the combinations that
Unicode's "highly restrictive" profile (UTS #39) allows with Latin: Han with kana, Han with
Bopomofo, Han with Hangul. Character references (``&#1110;``) and Markdown escapes are read as the
page shows them.
"""

from __future__ import annotations

import html
import re
import unicodedata

from policy_site.common.scripts import FULL_WIDTH_TEXT, char_class

# A run that can hold an address: no space, no bracket or quote, no Japanese or Chinese text (which
# ends an address written in it, as 「https://example.jp/」 or …はexample.jpまで).
_RUN = re.compile(r"[^\s<>()\[\]{}\"'`,;!?*|^" + char_class(*FULL_WIDTH_TEXT) + "]+")
_SCHEME = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.-]*:)?//", re.I)
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_ALLOWED_WITH_LATIN = ({"HAN", "HIRAGANA", "KATAKANA"}, {"HAN", "BOPOMOFO"}, {"HAN", "HANGUL"})
_SCRIPT_WORDS = {"CJK": "HAN", "HANGUL": "HANGUL", "HIRAGANA": "HIRAGANA", "KATAKANA": "KATAKANA"}


def _script(char: str) -> str | None:
    """The script of a letter from its Unicode name (LATIN, CYRILLIC, GREEK…), None for a non-letter."""
    if not unicodedata.category(char).startswith("L"):
        return None
    word = unicodedata.name(char, "UNKNOWN").split()[0]
    if word in ("FULLWIDTH", "HALFWIDTH"):
        word = unicodedata.name(char).split()[1]
    return _SCRIPT_WORDS.get(word, word)


def _host(run: str) -> str:
    """The part of a run that names where it leads: the host of a URL, else the run up to its path."""
    run = run.removeprefix("mailto:").removeprefix("MAILTO:")
    match = _SCHEME.match(run)
    rest = run[match.end():] if match else run
    return re.split(r"[/?#]", rest, maxsplit=1)[0]


def _is_mixed(scripts: set[str]) -> bool:
    if len(scripts) < 2:
        return False
    others = scripts - {"LATIN"}
    return not any(others <= allowed for allowed in _ALLOWED_WITH_LATIN)


def check_addresses(text: str, *, first_line: int = 1) -> list[str]:
    """One message per address in ``text`` whose letters mix scripts, with its line (``first_line``
    is the number of the text's first line in its file)."""
    found = []
    for number, line in enumerate(text.split("\n"), first_line):
        shown = _ESCAPE.sub(r"\1", html.unescape(line))
        for run in _RUN.findall(shown):
            host = _host(run).strip(".:-")
            if "." not in host and "@" not in host:
                continue
            letters = {char: _script(char) for char in host}
            scripts = {script for script in letters.values() if script}
            if not _is_mixed(scripts):
                continue
            odd = [char for char, script in letters.items() if script and script != "LATIN"] or list(host)
            names = ", ".join(f"{char} U+{ord(char):04X} {unicodedata.name(char, '?')}" for char in odd[:3])
            found.append(f"line {number}: the address '{host}' mixes {' and '.join(sorted(s.title() for s in scripts))} "
                         f"letters ({names}); a look-alike letter leads readers to another address: write it in "
                         "one script")
    return found

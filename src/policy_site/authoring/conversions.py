"""Converting an archived Markdown text into the closed Markdown of a policy source, word for word.

Archives of policies (Open Terms Archive's versions repositories, a CMS export) record each version
as Markdown made from the published page. Most of it is already within the closed Markdown of
:mod:`policy_site.sources.body`; the rest is markup the site refuses although the words are fine:
an invisible character, an HTML comment, a tooltip that repeats the link, a level-5 heading, a list
numbered from 7, a list glued to the paragraph above it. Each conversion here changes only markup,
never a word, and is made only where the source needs it: the body check itself says where
(:func:`convert_body` runs it until it is clean), so nothing the site accepts is rewritten.

Whatever cannot be converted without losing something a reader sees (an image, raw HTML, a quote
inside a list) is refused with the body check's own one-line message: the author decides.

Every conversion is reported as a :class:`~policy_site.authoring.source_lines.Change` naming the line of the
*input* file; the conversions at the check's lines are in :mod:`policy_site.authoring.check_fixes`.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from policy_site.authoring.check_fixes import AT_THE_CHECK
from policy_site.authoring.source_lines import Change, ConversionRefused, SourceLines, shown
from policy_site.sources.body import list_body_problems
from policy_site.sources.extensions import load_markdown_extensions

__all__ = ["Change", "ConversionRefused", "convert_body"]

# Characters the site refuses that show nothing and join nothing: removing one changes no letter.
_INVISIBLE = {"\u200b": "zero-width space", "\u2060": "word joiner", "\ufeff": "byte order mark",
              "\u00ad": "soft hyphen"}
# Direction marks are invisible in text without right-to-left letters (they only order those).
_DIRECTION_MARKS = {"\u200e": "left-to-right mark", "\u200f": "right-to-left mark"}
_RTL_LETTER = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_HEADING5 = re.compile(r"^(\s{0,3})#####(?=\s)")
_HEADING6 = re.compile(r"^\s{0,3}######(?:\s|$)", re.M)
# [text](target "title") with a title; the text without brackets inside (the common case).
_TITLED_LINK = re.compile(r"\[((?:[^\[\]\\]|\\.)*)\]\(\s*<?([^\s()<>\\]*)>?\s+(\"[^\"]*\"|'[^']*')\s*\)")
# (a target with a backslash is left alone: Python-Markdown reads '\)' as part of the target)
_INPAGE_LINK = re.compile(r"\[((?:[^\[\]\\]|\\.)*)\]\(\s*<?#([^\s()<>\\]*)>?\s*\)")
_MAX_ROUNDS = 500  # each round fixes at least one problem; a text needing more is not an archived policy


# Conversions of the text, made where the markup is (not where the check stops first) --------

def _convert_line_ends(text: str, changes: list[Change]) -> str:
    if "\r" not in text:
        return text
    for number, line in enumerate(text.split("\n"), 1):
        if "\r" in line:
            changes.append(Change(number, "line ending CRLF or CR written as LF"))
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _remove_invisible(lines: SourceLines) -> None:
    removable = dict(_INVISIBLE)
    if not _RTL_LETTER.search(lines.text.replace("\ufeff", "")):
        removable.update(_DIRECTION_MARKS)
    for index, (_, line) in enumerate(lines.items):
        found = sorted({ch for ch in line if ch in removable})
        if found:
            kept = "".join(ch for ch in line if ch not in removable)
            names = ", ".join(f"{removable[ch]} U+{ord(ch):04X}" for ch in found)
            lines.set(index, kept, f"removed invisible characters ({names})")


def _remove_comments(lines: SourceLines) -> None:
    """HTML comments are not shown; each goes, its line breaks stay (so every line keeps its
    number, and a comment on lines of its own leaves blank lines where it separated blocks)."""
    text = lines.text
    if "<!--" not in text:
        return
    removed = [(text.count("\n", 0, m.start()), m.group()) for m in _COMMENT.finditer(text)]
    if not removed:
        return
    kept = _COMMENT.sub(lambda m: "\n" * m.group().count("\n"), text).split("\n")
    lines.items = [(origin, line) for (origin, _), line in zip(lines.items, kept)]
    for index, comment in removed:
        lines.changes.append(Change(lines.origin(index), f"removed the HTML comment '{shown(comment)}' "
                                    "(not shown on a page)"))


def _lower_level5_headings(lines: SourceLines) -> None:
    """Level 5 is shown in capitals (which the redline does not show); a text without level 6 keeps
    its outline with level 6 instead."""
    if _HEADING6.search(lines.text):
        return  # a level 5 would merge with the level 6 below it: the check refuses it
    for index, (_, line) in enumerate(lines.items):
        if _HEADING5.match(line):
            lines.set(index, _HEADING5.sub(r"\1######", line, count=1), "heading of level 5 written as level 6")


def _normal(text: str) -> str:
    text = re.sub(r"\\(.)", r"\1", re.sub(r"[*_]", "", text))
    text = re.sub(r"^(?:https?://|mailto:)", "", text.strip().lower())
    return re.sub(r"^www\.", "", text).rstrip("/").strip()


def _drop_repeating_titles(lines: SourceLines) -> None:
    """A link's title is a tooltip, which no redline compares; one that repeats the link's own text
    or its target says nothing the page does not show, so it goes. Any other stays (refused)."""
    for index, (_, line) in enumerate(lines.items):
        def drop(match: re.Match) -> str:
            label, target, title = match.group(1), match.group(2), match.group(3)[1:-1]
            if _normal(title) in (_normal(label), _normal(target)) or not title.strip():
                dropped.append(title)
                return f"[{label}]({target})"
            return match.group()
        dropped: list[str] = []
        converted = _TITLED_LINK.sub(drop, line)
        if dropped:
            lines.set(index, converted, "removed link titles that repeat the link's text or target: "
                      + ", ".join(f'"{shown(title)}"' for title in dropped))


def _unlink_missing_anchors(lines: SourceLines) -> None:
    """A link to a place of the page that is not there (the archive kept the link, not the id)
    goes nowhere: its text stays, as text."""
    ids = _load_ids(lines.text)
    for index, (_, line) in enumerate(lines.items):
        dead: list[str] = []

        def unlink(match: re.Match) -> str:
            if match.group(2) in ids:
                return match.group()
            dead.append(match.group(2))
            return match.group(1)
        converted = _INPAGE_LINK.sub(unlink, line)
        if dead:
            lines.set(index, converted, "link to a place not on the page made text: "
                      + ", ".join(f"'#{shown(anchor)}'" for anchor in dead))


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.ids.update(value for name, value in attrs if name in ("id", "name") and value)


def _load_ids(body: str) -> set[str]:
    """The ids of the page the body makes, with the site's own Markdown (heading ids included)."""
    import markdown  # only when a body is converted: the other policy-site commands start without it

    names, options = load_markdown_extensions()
    parser = _Ids()
    parser.feed(markdown.Markdown(extensions=names, extension_configs=options).convert(body))
    return parser.ids


def convert_body(text: str) -> tuple[str, list[Change]]:
    """``text`` within the closed Markdown, and every change made; ConversionRefused for the first
    problem no conversion removes (the body check's cause, at the input's line)."""
    changes: list[Change] = []
    text = _convert_line_ends(text, changes)
    lines = SourceLines(text)
    lines.changes = changes
    for convert in (_remove_invisible, _remove_comments, _lower_level5_headings, _drop_repeating_titles):
        convert(lines)
    for _ in range(_MAX_ROUNDS):
        problems = list_body_problems(lines.text)
        if not problems:
            break
        fixes = [(line - 1, cause, next((f for start, f in AT_THE_CHECK if cause.startswith(start)), None))
                 for line, cause in dict.fromkeys(problems)]
        if fixes[0][2] is None:
            raise ConversionRefused(lines.origin(fixes[0][0]), fixes[0][1])
        # From the last line up, so that a blank line put in does not move the lines still to fix.
        before = lines.text
        for index, cause, fix in sorted(fixes, key=lambda f: -f[0]):
            if fix is not None:
                fix(lines, index, cause)
        if lines.text == before:  # nothing the check named could be converted (or it named another line)
            raise ConversionRefused(lines.origin(fixes[0][0]), fixes[0][1])
    else:
        raise ConversionRefused(1, "the text needs more conversions than an archived policy does; check it")
    _unlink_missing_anchors(lines)
    changes = sorted(lines.changes, key=lambda change: change.line)
    return lines.text, changes

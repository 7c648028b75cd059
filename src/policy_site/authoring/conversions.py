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

Every conversion is reported as a :class:`Change` naming the line of the *input* file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

from policy_site.sources.body import list_body_problems
from policy_site.sources.extensions import load_markdown_extensions


@dataclass(frozen=True)
class Change:
    line: int  # of the input text, 1-based
    what: str


class ConversionRefused(ValueError):
    """The text needs markup the site refuses and that no conversion removes without loss;
    ``line`` is of the input text, ``cause`` the body check's own cause and fix."""

    def __init__(self, line: int, cause: str):
        self.line = line
        self.cause = cause
        super().__init__(f"line {line}: {cause}")


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
_PHONE_LINK = re.compile(r"\[((?:[^\[\]\\]|\\.)*)\]\(\s*<?tel:([^\s()<>\\]*)>?\s*\)", re.I)
_ORDERED_ITEM = re.compile(r"^( *)(\d{1,9})([.)])(\s+)")
_BULLET_NUMBER = re.compile(r"^( *)([-*+]\s+)(\d{1,9})([.)])(?=\s)")
_CODE_SPAN = re.compile(r"(?<![\\`])(`+)(?!`)(.+?)(?<!`)\1(?!`)")
_MARKDOWN_SPECIALS = "\\`*_[]#|{}()!<>"
_MAX_ROUNDS = 500  # each round fixes at least one problem; a text needing more is not an archived policy


class _Lines:
    """The text as lines, each with the number of the input line it comes from (inserted lines
    take the number of the line they are inserted before), so that every change and every refusal
    names the line of the file the author has."""

    def __init__(self, text: str) -> None:
        self.items: list[tuple[int, str]] = [(n, line) for n, line in enumerate(text.split("\n"), 1)]
        self.changes: list[Change] = []

    @property
    def text(self) -> str:
        return "\n".join(line for _, line in self.items)

    def origin(self, index: int) -> int:
        return self.items[min(max(index, 0), len(self.items) - 1)][0]

    def set(self, index: int, line: str, what: str) -> None:
        if line == self.items[index][1]:
            return
        self.changes.append(Change(self.items[index][0], what))
        self.items[index] = (self.items[index][0], line)

    def insert_blank(self, index: int, what: str) -> None:
        self.changes.append(Change(self.items[index][0], what))
        self.items.insert(index, (self.items[index][0], ""))


def _shown(text: str, limit: int = 40) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= limit else text[:limit] + "…"


# Conversions of the text, made where the markup is (not where the check stops first) --------

def _convert_line_ends(text: str, changes: list[Change]) -> str:
    if "\r" not in text:
        return text
    for number, line in enumerate(text.split("\n"), 1):
        if "\r" in line:
            changes.append(Change(number, "line ending CRLF or CR written as LF"))
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _remove_invisible(lines: _Lines) -> None:
    removable = dict(_INVISIBLE)
    if not _RTL_LETTER.search(lines.text.replace("\ufeff", "")):
        removable.update(_DIRECTION_MARKS)
    for index, (_, line) in enumerate(lines.items):
        found = sorted({ch for ch in line if ch in removable})
        if found:
            kept = "".join(ch for ch in line if ch not in removable)
            names = ", ".join(f"{removable[ch]} U+{ord(ch):04X}" for ch in found)
            lines.set(index, kept, f"removed invisible characters ({names})")


def _remove_comments(lines: _Lines) -> None:
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
        lines.changes.append(Change(lines.origin(index), f"removed the HTML comment '{_shown(comment)}' "
                                    "(not shown on a page)"))


def _lower_level5_headings(lines: _Lines) -> None:
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


def _drop_repeating_titles(lines: _Lines) -> None:
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
                      + ", ".join(f'"{_shown(title)}"' for title in dropped))


def _unlink_missing_anchors(lines: _Lines) -> None:
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
                      + ", ".join(f"'#{_shown(anchor)}'" for anchor in dead))


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


# Conversions where the body check stops ----------------------------------------------------

def _blank_line_before(lines: _Lines, index: int, cause: str) -> bool:
    kind = "table" if "a table" in cause else "list"
    lines.insert_blank(index, f"blank line put before the {kind}, which the page would show as text of the paragraph")
    return True


def _blank_line_under(lines: _Lines, index: int, cause: str) -> bool:
    # The check names the list item or quote line; the '===' / '---' line is under it.
    lines.insert_blank(index + 1, "blank line put between a list item or quote and the '---' / '===' under it")
    return True


def _number_as_text(lines: _Lines, index: int, cause: str) -> bool:
    """A list numbered from N is shown from 1: its items keep their numbers as text in a '- ' list."""
    first = _ORDERED_ITEM.match(lines.items[index][1])
    if first is None:
        return _escape_numbers_in_bullets(lines, index)
    indent = first.group(1)
    previous_blank = False
    for k in range(index, len(lines.items)):
        line = lines.items[k][1]
        if not line.strip():
            previous_blank = True
            continue
        depth = len(line) - len(line.lstrip(" "))
        item = _ORDERED_ITEM.match(line)
        if item and item.group(1) == indent:
            number, mark, space = item.group(2), item.group(3), item.group(4)
            lines.set(k, f"{indent}- {number}\\{mark}{space}{line[item.end():]}",
                      f"numbered item {number}{mark} of a list not starting at 1: the number kept as text in a '- ' list")
        elif depth < len(indent) or (depth == len(indent) and previous_blank):
            break
        previous_blank = False
    return True


def _escape_numbers_in_bullets(lines: _Lines, index: int) -> bool:
    """``* 2. text``: a bulleted item whose text starts with a number is a list numbered from 2
    inside it; the number is text (escaped), in this item and in every sibling written so."""
    first = _BULLET_NUMBER.match(lines.items[index][1])
    if first is None:
        return False
    indent = first.group(1)
    sibling = re.compile(rf"^{indent}[-*+]\s")

    def in_list(line: str) -> bool:
        return not line.strip() or bool(sibling.match(line)) or line.startswith(indent + " ")
    start = index
    while start > 0 and in_list(lines.items[start - 1][1]):
        start -= 1
    end = index
    while end + 1 < len(lines.items) and in_list(lines.items[end + 1][1]):
        end += 1
    for j in range(start, end + 1):
        line = lines.items[j][1]
        item = _BULLET_NUMBER.match(line)
        if item and item.group(1) == indent:
            lines.set(j, f"{line[:item.end(3)]}\\{line[item.end(3):]}",
                      f"number {item.group(3)}{item.group(4)} at the start of a bulleted item kept as text")
    return True


def _unwrap_code_span(lines: _Lines, index: int, cause: str) -> bool:
    line = lines.items[index][1]
    match = _CODE_SPAN.search(line)
    if match is None:
        return False
    inner = match.group(2).strip() if match.group(2).strip() else match.group(2)
    escaped = "".join("\\" + ch if ch in _MARKDOWN_SPECIALS else ch for ch in inner)
    lines.set(index, line[:match.start()] + escaped + line[match.end():],
              f"code span '{_shown(match.group())}' written as text (backticks removed)")
    return True


def _dedent_code_block(lines: _Lines, index: int, cause: str) -> bool:
    """A paragraph indented by 4 spaces after a paragraph of its own (not inside a list) is text
    that a capture indented: the indentation goes."""
    previous = next((line for _, line in reversed(lines.items[:index]) if line.strip()), "")
    if previous[:1] in (" ", "\t") or re.match(r"\s*(?:[-*+]|\d+[.)])\s", previous):
        return False  # inside or after a list: what the indentation means is not certain
    k = index
    while k < len(lines.items) and lines.items[k][1].strip():
        lines.set(k, lines.items[k][1].lstrip(" \t"), "indentation of 4 spaces or more removed (not a code block)")
        k += 1
    return True


def _unlink_phone_number(lines: _Lines, index: int, cause: str) -> bool:
    """A ``tel:`` link (not a scheme the site links to) whose text is its number: the text stays."""
    line = lines.items[index][1]

    def unlink(match: re.Match) -> str:
        digits = re.sub(r"\D", "", match.group(2))
        return match.group(1) if digits and re.sub(r"\D", "", match.group(1)) == digits else match.group()
    converted = _PHONE_LINK.sub(unlink, line)
    lines.set(index, converted, "telephone link made text (its text is the number)")
    return converted != line


# cause (the start of the body check's message) -> the conversion made at its line
_AT_THE_CHECK = (
    ("a list item right after a paragraph line", _blank_line_before),
    ("a table right after a paragraph line", _blank_line_before),
    ("a '===' or '---' line right under a list item or quote", _blank_line_under),
    ("a numbered list starting at", _number_as_text),
    ("a code span", _unwrap_code_span),
    ("an indented code block", _dedent_code_block),
    ("link target 'tel:", _unlink_phone_number),
)


def convert_body(text: str) -> tuple[str, list[Change]]:
    """``text`` within the closed Markdown, and every change made; ConversionRefused for the first
    problem no conversion removes (the body check's cause, at the input's line)."""
    changes: list[Change] = []
    text = _convert_line_ends(text, changes)
    lines = _Lines(text)
    lines.changes = changes
    for convert in (_remove_invisible, _remove_comments, _lower_level5_headings, _drop_repeating_titles):
        convert(lines)
    for _ in range(_MAX_ROUNDS):
        problems = list_body_problems(lines.text)
        if not problems:
            break
        fixes = [(line - 1, cause, next((f for start, f in _AT_THE_CHECK if cause.startswith(start)), None))
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

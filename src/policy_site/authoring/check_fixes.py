"""The conversions made where the body check stops: it names the line, these change its markup.

Each takes the lines, the index of the line the check named and its cause, and changes only markup
there (a blank line, a backslash, a marker, indentation), never a word. What the check names and
none of these can convert is refused with the check's own cause
(:func:`policy_site.authoring.conversions.convert_body`).
"""

from __future__ import annotations

import re

from policy_site.authoring.source_lines import SourceLines, shown

_PHONE_LINK = re.compile(r"\[((?:[^\[\]\\]|\\.)*)\]\(\s*<?tel:([^\s()<>\\]*)>?\s*\)", re.I)
_ORDERED_ITEM = re.compile(r"^( *)(\d{1,9})([.)])(\s+)")
_BULLET_NUMBER = re.compile(r"^( *)([-*+]\s+)(\d{1,9})([.)])(?=\s)")
_CODE_SPAN = re.compile(r"(?<![\\`])(`+)(?!`)(.+?)(?<!`)\1(?!`)")
_MARKDOWN_SPECIALS = "\\`*_[]#|{}()!<>"


def _blank_line_before(lines: SourceLines, index: int, cause: str) -> bool:
    if index == 0 or not lines.items[index - 1][1].strip():
        return False  # no paragraph line above: the check named another line with the same text
    kind = "table" if "a table" in cause else "list"
    lines.insert_blank(index, f"blank line put before the {kind}, which the page would show as text of the paragraph")
    return True


def _blank_line_under(lines: SourceLines, index: int, cause: str) -> bool:
    # The check names the list item or quote line; the '===' / '---' line is under it.
    if index + 1 >= len(lines.items) or not re.fullmatch(r" {0,3}(=+|-+)\s*", lines.items[index + 1][1]):
        return False
    lines.insert_blank(index + 1, "blank line put between a list item or quote and the '---' / '===' under it")
    return True


def _number_as_text(lines: SourceLines, index: int, cause: str) -> bool:
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


def _escape_numbers_in_bullets(lines: SourceLines, index: int) -> bool:
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


def _unwrap_code_span(lines: SourceLines, index: int, cause: str) -> bool:
    line = lines.items[index][1]
    match = _CODE_SPAN.search(line)
    if match is None:
        return False
    inner = match.group(2).strip() if match.group(2).strip() else match.group(2)
    escaped = "".join("\\" + ch if ch in _MARKDOWN_SPECIALS else ch for ch in inner)
    lines.set(index, line[:match.start()] + escaped + line[match.end():],
              f"code span '{shown(match.group())}' written as text (backticks removed)")
    return True


def _dedent_code_block(lines: SourceLines, index: int, cause: str) -> bool:
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


def _unlink_phone_number(lines: SourceLines, index: int, cause: str) -> bool:
    """A ``tel:`` link (not a scheme the site links to) whose text is its number: the text stays."""
    line = lines.items[index][1]

    def unlink(match: re.Match) -> str:
        digits = re.sub(r"\D", "", match.group(2))
        return match.group(1) if digits and re.sub(r"\D", "", match.group(1)) == digits else match.group()
    converted = _PHONE_LINK.sub(unlink, line)
    lines.set(index, converted, "telephone link made text (its text is the number)")
    return converted != line


# cause (the start of the body check's message) -> the conversion made at its line
AT_THE_CHECK = (
    ("a list item right after a paragraph line", _blank_line_before),
    ("a table right after a paragraph line", _blank_line_before),
    ("a '===' or '---' line right under a list item or quote", _blank_line_under),
    ("a numbered list starting at", _number_as_text),
    ("a code span", _unwrap_code_span),
    ("an indented code block", _dedent_code_block),
    ("link target 'tel:", _unlink_phone_number),
)

"""The line scanner behind :func:`policy_site.redline.blocks.parse_blocks`.

One method per block kind keeps each rule small. Lines that can only continue a paragraph are
recognised by their first character, without a regular expression: most policy lines start with
Japanese or Chinese text, and this keeps parsing a small share of a redline's cost.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from policy_site.redline.inline import reduce_inline_links
from policy_site.redline.model import CODE, HEADING, LIST_ITEM, PARAGRAPH, QUOTE, TABLE_ROW, Block

# Python-Markdown's heading (HashHeaderProcessor): at the start of a line, no space needed after
# the hashes, closing hashes dropped even without a space before them ("# C#" is "C").
_ATX = re.compile(r"^(#{1,6})((?:\\.|[^\\])*?)#*$")
_ATTRS = re.compile(r"[ \t]*\{:?[ \t]*([^{}]*)\}[ \t]*$")
_ANCHOR = re.compile(r"(?:^|\s)#([^\s#.}]+)")
_FENCE = re.compile(r"^( {0,3})(`{3,}|~{3,})(.*)$")
_BREAK = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
# As Python-Markdown: "1)" is no marker, and a marker is followed by a space ("-" alone is text).
_ITEM = re.compile(r"^([ \t]*)([-*+]|\d{1,9}\.)[ \t]+(.*)$")
_QUOTE = re.compile(r"^ {0,3}> ?(.*)$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_TABLE_RULE = re.compile(r"^ {0,3}\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
# A line can start a block other than a paragraph only if it starts with one of these (after
# indentation) or contains a pipe (a table).
_MARKUP_FIRST = frozenset("#>-*+_=`~0123456789")
_PIPE = re.compile(r"(?<!\\)((?:\\\\)*)\|")


class ParseMemo:
    """Work shared between the two revisions of one comparison, where most text is identical.

    ``texts`` maps inline sources to their text; ``chunks`` maps a run of non-blank lines to the
    blocks it parsed into (with line offsets and table numbers relative to the run), so that a
    run found again is replayed instead of parsed. A run is memoised only when its parse cannot
    depend on what follows it (no fenced code; a run ending in a list item is replayed only when
    the next line does not continue the list).
    """

    def __init__(self) -> None:
        self.texts: dict[str, str] = {}
        self.chunks: dict[str, tuple[tuple[tuple[Block, int], ...], int, bool]] = {}


def scan_lines(lines: list[str], first_line: int, memo: ParseMemo) -> list[Block]:
    """Blocks of normalised body lines, numbered from ``first_line``."""
    return _Parser(lines, first_line, memo).run()


class _Parser:
    """State of one scan: the blocks so far, the current section, table count and list nesting."""

    def __init__(self, lines: list[str], first_line: int, memo: ParseMemo):
        self.lines, self.first_line, self.memo = lines, first_line, memo
        self.blocks: list[Block] = []
        self.section: str | None = None
        self.section_title = ""
        self.tables = 0
        self.list_stack: list[list[Any]] = []  # [indent, ordered, next number] per depth

    def run(self) -> list[Block]:
        lines, n, chunks = self.lines, len(self.lines), self.memo.chunks
        i = 0
        while i < n:
            if not lines[i].strip(" \t"):
                i += 1
                continue
            end = i + 1
            while end < n and lines[end].strip(" \t"):
                end += 1
            chunk = "\n".join(lines[i:end])
            cached = chunks.get(chunk)
            if cached is not None and not (cached[2] and self.continues_list(end)):
                self.replay(cached, i)
                i = end
                continue
            first_block, first_table, k = len(self.blocks), self.tables, i
            while k < end:
                k = self.step(k)
            made = self.blocks[first_block:]
            if all(not line.strip(" \t") for line in lines[end:k]) and all(b.kind != CODE for b in made):
                base = self.first_line + i
                chunks[chunk] = (tuple((b, b.line - base) for b in made), first_table,
                                 bool(made) and made[-1].kind == LIST_ITEM)
            i = k
        _mark_contents(self.blocks)
        return self.blocks

    def continues_list(self, end: int) -> bool:
        """Would the next non-blank line after a run continue a list that ends the run?"""
        while end < len(self.lines) and not self.lines[end].strip(" \t"):
            end += 1
        return end < len(self.lines) and (self.lines[end][:1] in (" ", "\t") or bool(_ITEM.match(self.lines[end])))

    def replay(self, cached: tuple, i: int) -> None:
        """Append a memoised run's blocks with this revision's lines, section and table numbers."""
        made, first_table, _ = cached
        base, tables = self.first_line + i, self.tables
        for b, offset in made:
            if b.kind == HEADING:
                self.section, self.section_title = b.anchor, b.cells[0]
            table = None if b.table is None else tables + b.table - first_table
            self.blocks.append(Block(b.kind, b.cells, base + offset, b.level, b.anchor, b.ordered, b.number,
                                     b.header, table, self.section, self.section_title, b.links))
            if table is not None:
                self.tables = table

    def step(self, i: int) -> int:
        """Parse the block starting at non-blank line ``i``; return the index after it."""
        line = self.lines[i]
        if line.lstrip(" \t")[0] not in _MARKUP_FIRST and "|" not in line:
            return self.paragraph(i)  # the common case, decided without a regular expression
        if _BREAK.match(line):
            return i + 1
        if item := _item(line):
            return self.list_items(i, item)
        if _FENCE.match(line):
            return self.fence(i)
        if _ATX.match(line):
            self.heading_atx(i)
            return i + 1
        if _QUOTE.match(line):
            return self.quote(i)
        if self.is_table_start(i):
            return self.table(i)
        return self.paragraph(i)

    def reduce(self, source: str) -> tuple[str, tuple]:
        """Visible text of inline Markdown and its link spans (see :func:`reduce_inline_links`)."""
        found = self.memo.texts.get(source)
        if found is None:
            found = self.memo.texts[source] = reduce_inline_links(source)
        return found

    def add(self, kind: str, cells: tuple[tuple[str, tuple], ...], index: int, **fields: Any) -> None:
        links = tuple(cell[1] for cell in cells)
        self.blocks.append(Block(kind, tuple(cell[0] for cell in cells), self.first_line + index,
                                 section=self.section, section_title=self.section_title,
                                 links=links if any(links) else (), **fields))

    def starts_block(self, i: int) -> bool:
        line = self.lines[i]
        stripped = line.lstrip(" \t")
        if stripped and stripped[0] not in _MARKUP_FIRST and "|" not in line:
            return False
        return bool(not stripped or _ITEM.match(line) or _ATX.match(line) or _FENCE.match(line)
                    or _QUOTE.match(line) or _BREAK.match(line) or self.is_table_start(i))

    def add_heading(self, level: int, source: str, index: int) -> None:
        anchor = None
        attrs = _ATTRS.search(source)
        if attrs:
            found = _ANCHOR.search(attrs.group(1))
            anchor = found.group(1) if found else None
            source = source[: attrs.start()]
        reduced = self.reduce(source.strip())  # as Python-Markdown: no space at a heading's ends
        self.section, self.section_title = anchor, reduced[0]
        self.add(HEADING, (reduced,), index, level=level, anchor=anchor)

    def heading_atx(self, i: int) -> None:
        m = _ATX.match(self.lines[i])
        self.add_heading(len(m.group(1)), m.group(2) or "", i)

    def paragraph(self, i: int) -> int:
        start, lines = i, [self.lines[i]]
        i += 1
        while i < len(self.lines):
            setext = _SETEXT.match(self.lines[i])
            if setext and len(lines) == 1:  # as Python-Markdown: under a one-line paragraph only
                self.add_heading(1 if setext.group(1)[0] == "=" else 2, "\n".join(lines), start)
                return i + 1
            if self.starts_block(i):
                break
            lines.append(self.lines[i])
            i += 1
        # Lines keep trailing spaces: two or more before a newline are a hard break.
        # Python-Markdown strips every kind of space at its start (U+3000, U+00A0 too).
        source = "\n".join(line.lstrip(" \t") for line in lines).rstrip(" \t\n").lstrip()
        if source.strip():  # as Python-Markdown: a paragraph of Unicode spaces (U+00A0) is none
            self.add(PARAGRAPH, (self.reduce(source),), start)
        return i

    def list_items(self, i: int, m: re.Match) -> int:
        """A whole list: consecutive items (blank lines between them allowed), nesting by indent."""
        lines, stack = self.lines, self.list_stack
        while m is not None:
            indent, marker = len(m.group(1).expandtabs(4)), m.group(2)
            ordered = marker[-1] == "."
            if stack and indent >= stack[-1][0] + 2:
                stack.append([indent, ordered, None])
            else:
                while len(stack) > 1 and stack[-1][0] > indent:
                    stack.pop()
                if not stack or stack[-1][1] != ordered:
                    stack[-1:] = [[indent, ordered, None]]
            level, number = stack[-1], None
            if ordered:
                number = int(marker[:-1]) if level[2] is None else level[2]
                level[2] = number + 1
            content_col = len(lines[i][:m.start(3)].expandtabs(4)) if m.group(3) else indent + len(marker) + 1
            start, text_lines, m = i, [m.group(3)], None
            kind, block_start = LIST_ITEM, start
            par_start = False
            i += 1
            while i < len(lines):
                line = lines[i]
                stripped = line.lstrip(" \t")
                if not stripped:
                    nxt = i + 1
                    while nxt < len(lines) and not lines[nxt].strip(" \t"):
                        nxt += 1
                    follows = nxt < len(lines) and lines[nxt][:1] in (" ", "\t")
                    if not follows or _item(lines[nxt]) or _FENCE.match(lines[nxt]):
                        break
                    if text_lines:  # a paragraph of the item ends here: trailing spaces are no break
                        text_lines[-1] = text_lines[-1].rstrip(" \t")
                    par_start = True
                    indent_next = len(lines[nxt].expandtabs(4)) - len(lines[nxt].expandtabs(4).lstrip(" "))
                    if kind == LIST_ITEM and len(stack) > 1 and indent_next < content_col:
                        # Text after a nested list, indented for an outer item: the page shows it
                        # after the nested list, in the outer item; here it is its own paragraph.
                        self.add_list_text(kind, text_lines, block_start, stack, ordered, number)
                        kind, text_lines, block_start = PARAGRAPH, [], nxt
                    i = nxt
                    continue
                if stripped[0] in _MARKUP_FIRST or "|" in line:
                    m = _item(line)
                    if m is not None or self.starts_block(i):
                        break
                    heading = _ATX.match(stripped) if line[:1] in (" ", "\t") else None
                    if heading is not None:
                        # A heading indented inside a list item: Python-Markdown renders it as a
                        # heading (inside the item); what follows in the item is its own paragraph.
                        self.add_list_text(kind, text_lines, block_start, stack, ordered, number)
                        self.add_heading(len(heading.group(1)), heading.group(2) or "", i)
                        kind, text_lines, block_start = PARAGRAPH, [], i + 1
                        i += 1
                        continue
                # A paragraph's first line loses all leading whitespace (a no-break space too), as
                # Python-Markdown strips it; within a paragraph only spaces and tabs go.
                text_lines.append(line.lstrip() if par_start else line.lstrip(" \t"))
                par_start = False
                i += 1
            self.add_list_text(kind, text_lines, block_start, stack, ordered, number)
            if m is None:
                while i < len(lines) and not lines[i].strip(" \t"):
                    i += 1
                m = _item(lines[i]) if i < len(lines) else None
        stack.clear()
        return i

    def add_list_text(self, kind: str, text_lines: list[str], start: int, stack: list, ordered: bool,
                      number: int | None) -> None:
        if kind == LIST_ITEM:
            self.add(LIST_ITEM, (self.reduce("\n".join(text_lines).rstrip(" \t\n")),), start,
                     level=len(stack) - 1, ordered=ordered, number=number)
        elif text_lines:
            reduced = self.reduce("\n".join(text_lines).rstrip(" \t\n"))
            if reduced[0]:  # text that renders as nothing (a lone <br>) is no block
                self.add(PARAGRAPH, (reduced,), start)

    def fence(self, i: int) -> int:
        m = _FENCE.match(self.lines[i])
        indent, run = len(m.group(1)), m.group(2)
        start, body = i, []
        i += 1
        while i < len(self.lines):
            line = self.lines[i]
            stripped = line.lstrip(" ")
            if len(line) - len(stripped) <= 3 and stripped.startswith(run) and not stripped.strip(run[0] + " \t"):
                i += 1
                break
            body.append(line[min(indent, len(line) - len(line.lstrip(" "))):])
            i += 1
        self.add(CODE, (("\n".join(body), ()),), start)
        return i

    def quote(self, i: int) -> int:
        start, lines = i, []
        while i < len(self.lines) and (m := _QUOTE.match(self.lines[i])):
            lines.append(m.group(1).lstrip(" \t"))
            i += 1
        self.add(QUOTE, (self.reduce("\n".join(lines).rstrip(" \t\n")),), start)
        return i

    def is_table_start(self, i: int) -> bool:
        return ("|" in self.lines[i] and i + 1 < len(self.lines) and "-" in self.lines[i + 1]
                and bool(_TABLE_RULE.match(self.lines[i + 1]))
                and ("|" in self.lines[i + 1] or self.lines[i].strip().startswith("|")))

    def table(self, i: int) -> int:
        self.tables += 1
        self.add(TABLE_ROW, split_cells(self.lines[i], self.reduce), i, header=True, table=self.tables)
        i += 2
        # As Python-Markdown: every line up to a blank line is a row (a "# …" line too).
        while i < len(self.lines) and self.lines[i].strip(" \t"):
            self.add(TABLE_ROW, split_cells(self.lines[i], self.reduce), i, table=self.tables)
            i += 1
        return i


def _mark_contents(blocks: list[Block]) -> None:
    """Take each table of contents out of the section above it.

    A table of contents is a run of two or more list items each of which is one in-page link and
    nothing else, with no heading right above it (a heading there is its own title). Its items
    get no section: the change summary gives them their own entry, and a comparison does not show
    them under the heading that happens to precede them in the source (in the privacy policy,
    個人情報に関するお問い合わせ先).
    """
    k, n = 0, len(blocks)
    while k < n:
        if blocks[k].kind != LIST_ITEM:
            k += 1
            continue
        end = k
        while end < n and blocks[end].kind == LIST_ITEM:
            end += 1
        titled = k > 0 and blocks[k - 1].kind == HEADING  # a heading right above is its own title
        if end - k >= 2 and not titled and all(_is_contents_entry(b) for b in blocks[k:end]):
            blocks[k:end] = [b._replace(section=None, section_title="", contents=True) for b in blocks[k:end]]
        k = end


def _is_contents_entry(block: Block) -> bool:
    links = block.links[0] if block.links else ()
    return (len(links) == 1 and links[0][0] == 0 and links[0][1] == len(block.cells[0])
            and links[0][2].startswith("#"))


def _item(line: str) -> re.Match | None:
    """A list item line; a thematic break (``* * *``, ``- - -``) is never one, as in Python-Markdown."""
    return None if _BREAK.match(line) else _ITEM.match(line)


def split_cells(line: str, reduce: Callable[[str], tuple[str, tuple]] = reduce_inline_links) -> tuple[tuple[str, tuple], ...]:
    """A pipe-table row -> the visible text and links of each cell (``\\|`` is a literal pipe)."""
    row = line.strip()
    if row.startswith("|"):
        row = row[1:]
    if row.endswith("|") and not _ends_escaped(row):
        row = row[:-1]
    if "\\" in row:
        parts, last = [], 0
        for m in _PIPE.finditer(row):
            parts.append(row[last:m.end() - 1])
            last = m.end()
        parts.append(row[last:])
    else:
        parts = row.split("|")
    return tuple([reduce(part.strip(" \t")) for part in parts])


def _ends_escaped(row: str) -> bool:
    backslashes = len(row[:-1]) - len(row[:-1].rstrip("\\"))
    return backslashes % 2 == 1

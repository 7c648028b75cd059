"""Text renderings of a redline: Markdown for pull requests and JSON for tools.

The Markdown marks changes with inline ``<ins>``/``<del>``, which GitHub renders (underlined,
struck through) and sanitises to nothing worse; every character of the policy text is escaped
so that the text can never turn into Markdown or HTML. GitHub strips classes, so it gets no
screen-reader labels; a legend says what the marks mean.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from policy_site.common.numbers import format_count
from policy_site.redline.blocks import HEADING, LIST_ITEM, QUOTE, TABLE_ROW, Block
from policy_site.redline.model import DELETE, EQUAL, INSERT, NOT_CAPTURED, SPACE_NEW, SPACE_OLD, BlockOp, Redline, Segment
from policy_site.redline.labels import format_link_change, format_note, load_labels
from policy_site.redline.layout import group_ops, load_column_order, omitted_blocks, pair_rows
from policy_site.redline.links import cell_links, walk_cell

# Escaped wherever they stand: emphasis, code, links, table cells, strikethrough and headings' closing
# hashes ('# Terms #' would lose its '#').
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]|~#])")
# Escaped at the start of a line, where they would start a list or a setext underline: '11. ' as
# '11\. ' (a backslash before a digit is text, and GitHub shows it).
_LINE_START_SPECIAL = re.compile(r"^(?:([+=-])|(\d+)([.)]))")
_LEADING_SPACE = re.compile(r"^[ \t]+")
# Where GitHub would make a link of a bare address ('https://…', 'www.…'): it then shows the
# address as typed, escapes and references included ('a\_b'); the escaped ':' or '.' stops it
# (the HTML redline shows such an address as text too).
_AUTOLINK = re.compile(r"(?<=[A-Za-z]):(?=//)|(?<![A-Za-z0-9])((?i:www))\.")
_LIST_START = re.compile(r"\n?(?:- |\d+[.)] )")
EMPTY_ITEM = "<!-- -->"  # an empty list item's content: an item with none ends the paragraph above as a setext underline


def render_markdown(redline: Redline, *, locale: str | None = None, view: str = "inline",
                    context: int | None = None, summary: bool = True, order: str | None = None) -> str:
    """GitHub-flavoured Markdown. ``view="side-by-side"`` gives a two-column table; ``context``
    (inline view) keeps only that many unchanged blocks around each change (None: the whole text),
    which keeps a pull-request comment under GitHub's size limit, and the headings and table header
    rows the site's views keep with them: the same blocks as the HTML (:mod:`policy_site.redline.layout`)."""
    if view not in ("inline", "side-by-side"):
        raise ValueError(f"unknown view {view!r}; use 'inline' or 'side-by-side'")
    labels = load_labels(locale or redline.locale)
    if not redline.changed:
        return labels["no_changes"] + "\n"
    parts: list[str] = []
    if summary:
        parts.append(_summary_markdown(redline, labels, locale or redline.locale))
    if view == "side-by-side":
        parts.append(_side_by_side_markdown(redline.ops, labels, load_column_order(labels, order)))
    else:
        parts.extend(_inline_markdown(redline.ops, labels, context))
    return "\n\n".join(part for part in parts if part) + "\n"


def redline_to_dict(redline: Redline) -> dict[str, Any]:
    """Plain data: every block with its operation and segments, and the summary (ids without prefix)."""
    summary = redline.summary
    return {
        "changed": redline.changed,
        "locale": redline.locale,
        "summary": {
            "inserted_chars": summary.inserted_chars,
            "deleted_chars": summary.deleted_chars,
            "blocks": {"changed": summary.blocks_changed, "added": summary.blocks_added,
                       "removed": summary.blocks_removed, "moved": summary.blocks_moved},
            "links_changed": summary.links_changed,
            "format_changed": summary.format_changes,
            "whitespace": summary.whitespace_changes,
            "sections": [{"anchor": s.anchor, "title": s.title, "status": s.status,
                          "blocks": [f"redline-{n}" for n in s.numbers]} for s in summary.sections],
        },
        "blocks": [_op_to_dict(op) for op in redline.ops],
    }


def render_json(redline: Redline, *, indent: int | None = 2) -> str:
    """:func:`redline_to_dict` as JSON text (UTF-8 characters kept readable)."""
    return json.dumps(redline_to_dict(redline), ensure_ascii=False, indent=indent)


def _op_to_dict(op: BlockOp) -> dict[str, Any]:
    block = op.block
    data: dict[str, Any] = {"id": f"redline-{op.number}", "op": op.op, "kind": block.kind}
    if block.kind in (HEADING, LIST_ITEM):
        data["level"] = block.level
    if block.anchor:
        data["anchor"] = block.anchor
    if block.kind == LIST_ITEM and block.ordered:
        data["number"] = block.number
    data["section"] = block.section
    for side in ("old", "new"):
        side_block: Block | None = getattr(op, side)
        data[side] = None if side_block is None else {"line": side_block.line, "text": side_block.text}
    if op.moved_to is not None:
        data["moved_to"] = f"redline-{op.moved_to}"
    if op.moved_from is not None:
        data["moved_from"] = f"redline-{op.moved_from}"
    cells = [_segments_to_dicts(cell) for cell in op.cells]
    if op.format_change is not None:
        data["format"] = {"old": op.format_change[0], "new": op.format_change[1]}
    if op.link_changes:
        data["links"] = [{"label": c.label, "old": c.old_target or None, "new": c.new_target or None}
                         for cell in op.link_changes for c in cell]
    if block.kind == TABLE_ROW:
        data["cells"] = cells
    else:
        data["segments"] = cells[0]
    return data


def _segments_to_dicts(cell: Sequence[Segment]) -> list[dict[str, str]]:
    """Segments as JSON; a whitespace change is one ``{"op": "whitespace", "old", "new"}`` entry."""
    out: list[dict[str, str]] = []
    for kind, text in cell:
        if kind == SPACE_OLD:
            out.append({"op": "whitespace", "old": text, "new": ""})
        elif kind == SPACE_NEW:
            out[-1]["new"] = text
        else:
            out.append({"op": kind, "text": text})
    return out


def escape_markdown(text: str, indent: str = "") -> str:
    """Text that GitHub shows as written: no emphasis, link, HTML or block syntax can form.

    ``$`` is a character reference: GitHub reads ``$…$`` as mathematics, and a backslash does not
    always stop it (a reference is text to every Markdown reader)."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _INLINE_SPECIAL.sub(r"\\\1", text).replace("$", "&#36;")
    text = _AUTOLINK.sub(lambda m: m.group(1) + "\\." if m.group(1) else "\\:", text)
    lines = [_LINE_START_SPECIAL.sub(_escape_line_start, line) for line in text.split("\n")]
    return ("\n" + indent).join(lines)


def _escape_line_start(match: re.Match[str]) -> str:
    return "\\" + match.group(1) if match.group(1) else match.group(2) + "\\" + match.group(3)


def _block_start(markdown: str) -> str:
    """A block's content whose spaces or tabs at its start stay text: four of them would make it code."""
    return _LEADING_SPACE.sub(lambda m: "".join(f"&#{ord(c)};" for c in m.group()), markdown)


def _segments_markdown(segments: Sequence[Segment], side: str = "both", indent: str = "",
                       op: BlockOp | None = None, index: int = 0, labels: dict[str, str] | None = None) -> str:
    """A cell as Markdown: marks as ``<ins>``/``<del>``, hard breaks as ``<br>``, link labels as
    text followed by a note where the target changed (targets are never diffed as text)."""
    changes = op.link_changes[index] if op is not None and op.link_changes and index < len(op.link_changes) else ()
    old_links = cell_links(op.old, index) if op is not None else ()
    new_links = cell_links(op.new, index) if op is not None else ()
    out = []
    for piece in walk_cell(segments, old_links, new_links, changes, side):
        kind, text = piece.kind, piece.text
        escaped = escape_markdown(text, indent).replace("\n", "<br>") if text else ""
        if "\n" in text:
            escaped = escape_markdown(text.replace("\n", "\x01"), indent).replace("\x01", "<br>")
        mark = None
        if kind == EQUAL or (kind == SPACE_NEW and side != "old") or (kind == SPACE_OLD and side == "old"):
            out.append(escaped)
        elif kind == DELETE and side != "new" and text:
            mark = "del"
        elif kind == INSERT and side != "old" and text:
            mark = "ins"
        else:
            continue
        if mark:
            out.append(f"<{mark}>{escaped}</{mark}>")
        if piece.ends_link and piece.target == NOT_CAPTURED and labels is not None:
            # Inside the mark of the label's last piece, as the HTML redline has it: a deleted link's
            # note is deleted with it.
            note = escape_markdown(labels["link_not_captured"])
            out.append(f"<{mark}>{note}</{mark}>" if mark else note)
        if piece.ends_change and piece.change is not None and labels is not None:
            out.append(f"<sup>{escape_markdown(format_link_change(piece.change, labels).strip())}</sup>")
    return "".join(out)


def _summary_markdown(redline: Redline, labels: dict[str, str], locale: str) -> str:
    summary = redline.summary
    counts = labels["counts"].format(inserted=format_count(summary.inserted_chars, locale),
                                     deleted=format_count(summary.deleted_chars, locale))
    if summary.links_changed:
        counts += labels["links_count"].format(n=summary.links_changed)
    lines = [f"**{escape_markdown(labels['summary_title'])}**{labels['summary_separator']}{escape_markdown(counts)}", ""]
    for section in summary.sections:
        title = escape_markdown(section.title or labels["untitled_section"])
        lines.append(f"- {title} ({escape_markdown(labels['status_' + section.status])})")
    return "\n".join(lines).rstrip()


def _inline_markdown(ops: Sequence[BlockOp], labels: dict[str, str], context: int | None) -> list[str]:
    parts: list[str | None] = []  # None: a block with no text (no line of its own)
    for run in _visible_runs(ops, context):
        if isinstance(run, int):
            parts.append(f"*{escape_markdown(labels['omitted'].format(n=run))}*")
            continue
        for kind, group in group_ops(run):
            if kind == "list":
                shown = [part for part in parts if part]
                if shown and _LIST_START.match(shown[-1]):
                    # Two lists apart in the HTML (an empty block between them, which the Markdown
                    # has no line for): GitHub would join them across the blank line.
                    parts.append(EMPTY_ITEM)
                parts.append(_list_markdown(group, labels))
            elif kind == "table":
                parts.append(_table_markdown(group, labels))
            else:
                parts.append(_block_markdown(group[0], labels) or None)
    return [part for part in parts if part]  # type: ignore[misc]


def _visible_runs(ops: Sequence[BlockOp], context: int | None) -> list[list[BlockOp] | int]:
    """Consecutive runs of ops to show, with the number of omitted ops between them (the blocks
    left out are those the HTML views leave out: :func:`policy_site.redline.layout.omitted_blocks`)."""
    omitted_numbers = omitted_blocks(ops, context)
    runs: list[list[BlockOp] | int] = []
    omitted = 0
    for op in ops:
        if op.number in omitted_numbers:
            omitted += 1
            continue
        if omitted:
            runs.append(omitted)
            omitted = 0
        if not runs or isinstance(runs[-1], int):
            runs.append([])
        runs[-1].append(op)  # type: ignore[union-attr]
    if omitted:
        runs.append(omitted)
    return runs


def _format_prefix(op: BlockOp, labels: dict[str, str]) -> str:
    if op.format_change is None:
        return ""
    return f"*{escape_markdown(format_note(op, labels).strip())}* "


def _block_markdown(op: BlockOp, labels: dict[str, str]) -> str:
    block = op.block
    if block.kind == HEADING:
        return "#" * block.level + " " + _format_prefix(op, labels) + _segments_markdown(op.cells[0], op=op, labels=labels)
    if block.kind == QUOTE:
        return "> " + _format_prefix(op, labels) + _block_start(
            _segments_markdown(op.cells[0], indent="> ", op=op, labels=labels))
    return _format_prefix(op, labels) + _block_start(_segments_markdown(op.cells[0], op=op, labels=labels))


@dataclass
class _OpenList:
    """A list being written: its kind, its marker's delimiter, the number its next item must have
    to continue it, and the indentation of its items and of their content (where a sub-list starts)."""

    tag: str
    delimiter: str
    next: int
    indent: str
    content: str


def _list_markdown(ops: Sequence[BlockOp], labels: dict[str, str]) -> str:
    """Items nested as the HTML nests them (a level deeper than the list so far is one level in),
    each number shown as the HTML shows it: where the numbers do not follow on, a new list starts
    (the other delimiter, '1.' or '1)'), since GitHub numbers a list's items from its first. A
    sub-list that starts at another number than 1 follows a blank line: it could not end the
    paragraph of its item otherwise (the list becomes loose; its text is the same)."""
    lines: list[str] = []
    stack: list[_OpenList] = []
    base = ops[0].block.level  # a list shown from an item after omitted ones starts at that item's level
    for op in ops:
        block = op.block
        tag = "ol" if block.ordered else "ul"
        number = block.number if block.number is not None else 1
        depth = min(max(0, block.level - base), len(stack))
        del stack[depth + 1:]
        closed = None
        if len(stack) == depth + 1 and (stack[-1].tag != tag or (tag == "ol" and number != stack[-1].next)):
            closed = stack.pop()
        blank = ""
        if len(stack) == depth:
            indent = stack[-1].content if stack else ""
            delimiter = ")" if closed is not None and closed.tag == tag and closed.delimiter == "." else "."
            stack.append(_OpenList(tag, delimiter, number, indent, indent))
            if depth and tag == "ol" and number != 1:
                blank = "\n"
        top = stack[-1]
        marker = f"{number}{top.delimiter} " if tag == "ol" else "- "
        top.next, top.content = number + 1, top.indent + " " * len(marker)
        content = _format_prefix(op, labels) + _block_start(
            _segments_markdown(op.cells[0], indent=top.content, op=op, labels=labels))
        lines.append(blank + top.indent + marker + (content or EMPTY_ITEM))
    return "\n".join(lines)


def _table_markdown(ops: Sequence[BlockOp], labels: dict[str, str]) -> str:
    """A GitHub table: its header row (an empty one when the first row is not a header) has as
    many cells as the widest row, or GitHub would not read the lines as a table at all."""
    width = max(len(op.cells) for op in ops)
    rows = [[_segments_markdown(cell, op=op, index=k, labels=labels) for k, cell in enumerate(op.cells)] for op in ops]
    rows[0] += [""] * (width - len(rows[0]))
    lines = ["| " + " | ".join(cells) + " |" for cells in rows]
    if not ops[0].block.header:
        lines.insert(0, "|" + " |" * width)
    lines.insert(1, "|" + " --- |" * width)
    return "\n".join(lines)


def _side_by_side_markdown(ops: Sequence[BlockOp], labels: dict[str, str], sides: tuple[str, str]) -> str:
    """The two texts in two columns, in the locale's column order, as the site's table has them."""
    heads = {"old": escape_markdown(labels["before"]), "new": escape_markdown(labels["after"])}
    rows = [escape_markdown(labels["legend_markdown"]), "", f"| {heads[sides[0]]} | {heads[sides[1]]} |", "| --- | --- |"]
    for old_op, new_op in pair_rows(ops):
        cells = {"old": _side_markdown(old_op, "old", labels), "new": _side_markdown(new_op, "new", labels)}
        rows.append(f"| {cells[sides[0]]} | {cells[sides[1]]} |")
    return "\n".join(rows)


def _side_markdown(op: BlockOp | None, side: str, labels: dict[str, str]) -> str:
    block: Block | None = None if op is None else getattr(op, side)
    if op is None or block is None:
        return escape_markdown(labels["absent_before" if side == "old" else "absent_after"])
    cells = [_segments_markdown(cell, side, op=op, index=k, labels=labels).replace("\n", "<br>")
             for k, cell in enumerate(op.cells) if op.cell_side(k) in ("both", side)]
    text = " \\| ".join(cells)
    if block.kind == HEADING:
        return f"<b>{text}</b>"
    if block.kind == LIST_ITEM and block.ordered:
        return f"{block.number}. {text}"
    return text

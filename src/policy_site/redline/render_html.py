"""HTML fragments of a redline: inline, side by side (新旧対照表) and the change summary.

Self-contained markup for embedding in Material pages (no scripts, no inline styles; styling in
``docs/assets/redline.css``). Every character of the policy text is HTML-escaped; the only text
added inside blocks is screen-reader labels in ``.redline-sr`` elements, so that removing every
``<ins>`` and every ``.redline-sr`` from the inline view leaves exactly the old text, and removing
every ``<del>`` and ``.redline-sr`` leaves exactly the new text.

Element ids are ``{id_prefix}redline-{number}``; give each fragment on a page its own prefix.
``heading_offset`` shifts heading levels (``#`` -> ``h{1+offset}``) to fit the host page's outline.
"""

from __future__ import annotations

from collections.abc import Sequence

from policy_site.redline.blocks import CODE, HEADING, LIST_ITEM, QUOTE
from policy_site.redline.diff import DELETE, EQUAL, INSERT, Segment
from policy_site.redline.labels import load_labels
from policy_site.redline.layout import group_ops, pair_rows
from policy_site.redline.model import CHANGED, UNCHANGED, BlockOp, Redline

BOTH, OLD, NEW = "both", "old", "new"


def escape(text: str) -> str:
    """HTML-escape text content and attribute values (always double-quoted here)."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if '"' in text:
        text = text.replace('"', "&quot;")
    return text


class _Context:
    """Options shared by all helpers of one rendering."""

    def __init__(self, redline: Redline, locale: str | None, id_prefix: str, heading_offset: int):
        self.locale = locale or redline.locale
        self.labels = load_labels(self.locale)
        self.id_prefix = id_prefix
        self.heading_offset = heading_offset
        # Headings of sections with changes: kept visible when a page hides unchanged text, so
        # that every change is read under its section title ("redline-context").
        touched = {(op.block.section, op.block.section_title) for op in redline.ops if op.op != UNCHANGED}
        self.context = {op.number for op in redline.ops
                        if op.block.kind == HEADING and (op.block.section, op.block.section_title) in touched}

    def block_id(self, number: int) -> str:
        return f"{self.id_prefix}redline-{number}"


def render_inline_html(redline: Redline, *, locale: str | None = None, id_prefix: str = "",
                       heading_offset: int = 0) -> str:
    """One column: deletions struck through and insertions underlined, in reading order."""
    ctx = _Context(redline, locale, id_prefix, heading_offset)
    parts = [f'<div class="redline redline-inline" lang="{ctx.locale}">']
    if not redline.changed:
        parts.append(f'<p class="redline-note">{escape(ctx.labels["no_changes"])}</p>')
    for kind, ops in group_ops(redline.ops):
        if kind == "list":
            parts.append(_render_list(ops, BOTH, ctx))
        elif kind == "table":
            parts.append(_render_table(ops, BOTH, ctx))
        else:
            parts.append(_render_block(ops[0], BOTH, ctx))
    parts.append("</div>")
    return "\n".join(parts) + "\n"


def render_side_by_side_html(redline: Redline, *, locale: str | None = None, id_prefix: str = "",
                             heading_offset: int = 0, columns: tuple[str, str] | None = None,
                             legend: str | None = None) -> str:
    """新旧対照表: a table with the old text left and the new text right, changes underlined in both.

    ``columns`` and ``legend`` replace 改正前/改正後 and the legend when the two texts are not an
    old and a new revision (two documents in force at the same time are headed by their names).
    """
    ctx = _Context(redline, locale, id_prefix, heading_offset)
    labels = dict(ctx.labels)
    if columns is not None:
        labels["before"], labels["after"] = columns
    if legend is not None:
        labels["legend"] = legend
    parts = [f'<div class="redline redline-side-by-side" lang="{ctx.locale}">']
    if not redline.changed:
        parts.append(f'<p class="redline-note">{escape(labels["no_changes"])}</p>')
    parts += [
        '<table class="redline-sbs">',
        f'<caption class="redline-legend">{escape(labels["legend"])}</caption>',
        f'<thead><tr><th scope="col" class="redline-old">{escape(labels["before"])}</th>'
        f'<th scope="col" class="redline-new">{escape(labels["after"])}</th></tr></thead>',
        "<tbody>",
    ]
    parts.extend(_side_rows(redline.ops, ctx))
    parts += ["</tbody>", "</table>", "</div>"]
    return "\n".join(parts) + "\n"


def render_summary_html(redline: Redline, *, locale: str | None = None, id_prefix: str = "") -> str:
    """The change summary: counts, then each touched section with links to its changed blocks.

    Links use the same ``id_prefix`` as the view they point into.
    """
    ctx = _Context(redline, locale, id_prefix, 0)
    labels, summary = ctx.labels, redline.summary
    parts = [f'<div class="redline-summary" lang="{ctx.locale}">']
    if not summary.changed:
        parts.append(f'<p class="redline-note">{escape(labels["no_changes"])}</p></div>')
        return "\n".join(parts) + "\n"
    counts = labels["counts"].format(inserted=summary.inserted_chars, deleted=summary.deleted_chars)
    parts += [f'<p class="redline-summary-counts">{escape(counts)}</p>', '<ul class="redline-summary-sections">']
    for section in summary.sections:
        title = escape(section.title or labels["untitled_section"])
        status = escape(labels[f"status_{section.status}"])
        links = ""
        if len(section.numbers) > 1:  # one change: the title already links to it
            links = " ".join(f'<a href="#{ctx.block_id(n)}">{escape(labels["change_link"].format(n=k))}</a>'
                             for k, n in enumerate(section.numbers, 1))
            links = f' <span class="redline-summary-links">{links}</span>'
        parts.append(f'<li class="redline-summary-{section.status}"><a href="#{ctx.block_id(section.numbers[0])}">'
                     f'{title}</a> <span class="redline-summary-status">{status}</span>{links}</li>')
    parts += ["</ul>", "</div>"]
    return "\n".join(parts) + "\n"


def _side_rows(ops: Sequence[BlockOp], ctx: _Context) -> list[str]:
    """Rows of the 新旧対照表: one per block (a replaced block beside its replacement), one per table."""
    rows: list[str] = []
    pending: list[BlockOp] = []

    def row(ops_shown: list[BlockOp], cells: str) -> str:
        quiet = " redline-unchanged" if all(op.op == UNCHANGED for op in ops_shown) else ""
        if quiet and any(op.number in ctx.context for op in ops_shown):
            quiet += " redline-context"
        return f'<tr class="redline-row{quiet}">{cells}</tr>'

    def flush() -> None:
        for left, right in pair_rows(pending):
            shown = [op for op in (left, right) if op is not None]
            rows.append(row(shown, _side_cell(left, OLD, ctx) + _side_cell(right, NEW, ctx)))
        pending.clear()

    for kind, group in group_ops(ops):
        if kind != "table":
            pending.extend(group)
            continue
        flush()
        cells = [_side_table_cell([op for op in group if getattr(op, side) is not None], side, label, ctx)
                 for side, label in ((OLD, "absent_before"), (NEW, "absent_after"))]
        rows.append(row(group, "".join(cells)))
    flush()
    return rows


def _side_cell(op: BlockOp | None, side: str, ctx: _Context) -> str:
    block = None if op is None else getattr(op, side)
    if block is None:
        return _absent_cell(side, "absent_before" if side == OLD else "absent_after", ctx)
    if block.kind == LIST_ITEM:
        body = _render_list([op], side, ctx)
    else:
        body = _render_block(op, side, ctx)
    return f'<td class="redline-{side}">{body}</td>'


def _side_table_cell(ops: list[BlockOp], side: str, label: str, ctx: _Context) -> str:
    if not ops:
        return _absent_cell(side, label, ctx)
    return f'<td class="redline-{side}">{_render_table(ops, side, ctx)}</td>'


def _absent_cell(side: str, label: str, ctx: _Context) -> str:
    text = escape(ctx.labels[label])
    return (f'<td class="redline-{side} redline-absent" data-redline-label="{text}">'
            f'<span class="redline-sr">{text}</span></td>')


def _attrs(op: BlockOp, side: str, ctx: _Context) -> str:
    """Class, id and move links of a block element; in side-by-side only one side carries the id."""
    if op.op == UNCHANGED:
        classes = "redline-block redline-unchanged" + (" redline-context" if op.number in ctx.context else "")
        if side == OLD:
            return f' class="{classes}"'
        return f' class="{classes}" id="{ctx.id_prefix}redline-{op.number}"'
    classes = ["redline-block", f"redline-{op.op}"]
    if op.moved_from is not None or op.moved_to is not None:
        classes.append("redline-moved")
    attrs = f' class="{" ".join(classes)}"'
    if side == BOTH or side == (NEW if op.new is not None else OLD):
        attrs += f' id="{ctx.block_id(op.number)}"'
    if op.moved_to is not None:
        attrs += f' data-redline-moved-to="{ctx.block_id(op.moved_to)}"'
    if op.moved_from is not None:
        attrs += f' data-redline-moved-from="{ctx.block_id(op.moved_from)}"'
    return attrs


def _render_block(op: BlockOp, side: str, ctx: _Context) -> str:
    block = op.block if side == BOTH else getattr(op, side)
    content = _render_cell(op, 0, side, ctx)
    attrs = _attrs(op, side, ctx)
    if block.kind == HEADING:
        level = max(1, min(6, block.level + ctx.heading_offset))
        return f"<h{level}{attrs}>{content}</h{level}>"
    if block.kind == QUOTE:
        return f"<blockquote{attrs}><p>{content}</p></blockquote>"
    if block.kind == CODE:
        return f"<pre{attrs}><code>{content}</code></pre>"
    return f"<p{attrs}>{content}</p>"


def _render_list(ops: Sequence[BlockOp], side: str, ctx: _Context) -> str:
    """Nested ``<ul>``/``<ol>``; depth may grow by one level per item, as Markdown allows."""
    out: list[str] = []
    stack: list[str] = []
    for op in ops:
        block = op.block if side == BOTH else getattr(op, side)
        tag = "ol" if block.ordered else "ul"
        depth = min(block.level, len(stack)) if side == BOTH else 0
        while len(stack) > depth + 1:
            out.append(f"</li></{stack.pop()}>")
        if len(stack) == depth + 1:
            out.append("</li>")
            if stack[-1] != tag:
                out.append(f"</{stack.pop()}>")
        if len(stack) == depth:
            depth_class = f' class="redline-depth-{block.level}"' if side != BOTH and block.level else ""
            out.append(f"<{tag}{depth_class}>")
            stack.append(tag)
        value = f' value="{block.number}"' if block.ordered and block.number is not None else ""
        out.append(f"<li{_attrs(op, side, ctx)}{value}>{_render_cell(op, 0, side, ctx)}")
    while stack:
        out.append(f"</li></{stack.pop()}>")
    return "".join(out)


def _render_table(ops: Sequence[BlockOp], side: str, ctx: _Context) -> str:
    head: list[str] = []
    body: list[str] = []
    for op in ops:
        block = op.block if side == BOTH else getattr(op, side)
        cell_tag = "th" if block.header else "td"
        cells = []
        for k in range(len(op.cells)):
            where = op.cell_side(k)
            if side != BOTH and where not in (BOTH, side):
                continue
            extra = ""
            if op.op == CHANGED and where != BOTH:
                extra = ' class="redline-cell-added"' if where == NEW else ' class="redline-cell-removed"'
            scope = ' scope="col"' if block.header else ""
            cells.append(f"<{cell_tag}{scope}{extra}>{_render_cell(op, k, side, ctx)}</{cell_tag}>")
        row = f"<tr{_attrs(op, side, ctx)}>{''.join(cells)}</tr>"
        (head if block.header and not body else body).append(row)
    html = "<table>"
    if head:
        html += "<thead>" + "".join(head) + "</thead>"
    if body:
        html += "<tbody>" + "".join(body) + "</tbody>"
    return html + "</table>"


def _render_cell(op: BlockOp, index: int, side: str, ctx: _Context) -> str:
    segments: tuple[Segment, ...] = op.cells[index]
    if op.op == UNCHANGED:
        return escape(segments[0][1]) if segments else ""
    if not segments and op.op != UNCHANGED:  # an empty block or cell added or removed: still announced
        where = op.cell_side(index)
        if where != BOTH:
            segments = ((INSERT if where == NEW else DELETE, ""),)
    moved = op.moved_from is not None or op.moved_to is not None
    out = []
    for kind, text in segments:
        if kind == EQUAL:
            out.append(escape(text))
        elif kind == DELETE and side != NEW:
            out.append(_mark("del", text, "moved_delete_start" if moved else "delete_start", "delete_end", ctx))
        elif kind == INSERT and side != OLD:
            out.append(_mark("ins", text, "moved_insert_start" if moved else "insert_start", "insert_end", ctx))
    return "".join(out)


def _mark(tag: str, text: str, start: str, end: str, ctx: _Context) -> str:
    labels = ctx.labels
    return (f'<{tag}><span class="redline-sr">{escape(labels[start])}</span>{escape(text)}'
            f'<span class="redline-sr">{escape(labels[end])}</span></{tag}>')


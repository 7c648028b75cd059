"""HTML fragments of a redline: inline, side by side (新旧対照表) and the change summary.

Self-contained markup for embedding in Material pages (no scripts, no inline styles; styling in
``policy_site/theme/assets/redline.css``). Every character of the policy text is HTML-escaped; the only text
added inside blocks is screen-reader labels in ``.redline-sr`` elements, so that removing every
``<ins>`` and every ``.redline-sr`` from the inline view leaves exactly the old text, and removing
every ``<del>`` and ``.redline-sr`` leaves exactly the new text.

Element ids are ``{id_prefix}redline-{number}``; give each fragment on a page its own prefix.
``heading_offset`` shifts heading levels (``#`` -> ``h{1+offset}``) to fit the host page's outline.

``context`` (None: everything) keeps only the changes, ``context`` unchanged blocks around each and
the headings of the sections touched, as a 新旧対照表 does (the Markdown leaves out the same blocks:
:func:`policy_site.redline.layout.omitted_blocks` decides for both); each run of unchanged text left
out is marked "（略）". The inline view keeps the omitted blocks in the page (class ``redline-far``) so
that a "show the full text" control can reveal them without a request; the side-by-side view drops them,
its "（略）" rows saying which blocks they stand for (``data-redline-far``, numbers ``first-last``), so
that a script can build their rows from the inline view (all omitted blocks are unchanged).
"""

from __future__ import annotations

from collections.abc import Sequence

from policy_site.common.numbers import format_count
from policy_site.redline.blocks import CODE, HEADING, LIST_ITEM, QUOTE
from policy_site.redline.model import (CHANGED, DELETE, INSERT, NOT_CAPTURED, SPACE_NEW, SPACE_OLD, UNCHANGED, BlockOp,
                                      Redline, Segment)
from policy_site.redline.labels import format_link_change, format_note, load_labels
from policy_site.redline.layout import context_headings, group_ops, load_column_order, omitted_blocks, pair_rows
from policy_site.redline.links import Piece, cell_links, is_clickable, walk_cell

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

    def __init__(self, redline: Redline, locale: str | None, id_prefix: str, heading_offset: int,
                 context: int | None = None, order: str | None = None):
        self.locale = locale or redline.locale
        self.labels = load_labels(self.locale)
        self.sides = load_column_order(self.labels, order)
        self.id_prefix = id_prefix
        self.heading_offset = heading_offset
        self.context = context_headings(redline.ops)
        self.far = omitted_blocks(redline.ops, context)
        self.in_far_run = False  # reading order state: one "（略）" per run of omitted blocks

    def elided(self, op: BlockOp, element: str) -> str:
        """The "（略）" marker before ``op`` if it starts a run of omitted blocks, else ''."""
        far = op.number in self.far
        starts = far and not self.in_far_run
        self.in_far_run = far
        if not starts:
            return ""
        return f'<{element} class="redline-elided">{escape(self.labels["elided"])}</{element}>'

    def block_id(self, number: int) -> str:
        return f"{self.id_prefix}redline-{number}"


def omits_text(redline: Redline, *, context: int | None) -> bool:
    """Whether the views rendered with ``context`` leave any unchanged block out ("（略）"): a page
    offers "show the full text" only then."""
    return bool(omitted_blocks(redline.ops, context))


def render_inline_html(redline: Redline, *, locale: str | None = None, id_prefix: str = "",
                       heading_offset: int = 0, context: int | None = None) -> str:
    """One column: deletions struck through and insertions underlined, in reading order."""
    ctx = _Context(redline, locale, id_prefix, heading_offset, context)
    parts = [f'<div class="redline redline-inline" lang="{ctx.locale}"{_ids_attr(ctx)}>']
    if not redline.changed:
        parts.append(f'<p class="redline-note">{escape(ctx.labels["no_changes"])}</p>')
    for kind, ops in group_ops(redline.ops):
        if ctx.far and kind != "block" and all(op.number in ctx.far for op in ops):
            # A wholly omitted list or table goes with its wrapper: no empty margins left behind.
            marker = ctx.elided(ops[0], "p")
            body = _render_list(ops, BOTH, ctx) if kind == "list" else _render_table(ops, BOTH, ctx)
            parts.append(f'{marker}<div class="redline-far">{body}</div>')
        elif kind == "list":
            parts.append(_render_list(ops, BOTH, ctx))
        elif kind == "table":
            parts.append(_render_table(ops, BOTH, ctx))
        else:
            parts.append(ctx.elided(ops[0], "p") + _render_block(ops[0], BOTH, ctx))
    parts.append("</div>")
    return "\n".join(parts) + "\n"


def render_side_by_side_html(redline: Redline, *, locale: str | None = None, id_prefix: str = "",
                             heading_offset: int = 0, context: int | None = None,
                             columns: tuple[str, str] | None = None, legend: str | None = None,
                             order: str | None = None) -> str:
    """The two texts side by side, changes underlined in both: in the locale's column order (the
    Japanese 新旧対照表: the new text, 改定後, left), or ``order`` ("new-old", "old-new").

    The column headers are a ``<thead>``, which browsers repeat on every printed page. ``columns``
    (before, after) and ``legend`` replace 改定前/改定後 and the legend when the two texts are not an
    old and a new revision (two documents in force at the same time are headed by their names).
    An old-left table says so (``data-redline-order``) for the script that shows the full text.
    """
    ctx = _Context(redline, locale, id_prefix, heading_offset, context, order)
    labels = dict(ctx.labels)
    if columns is not None:
        labels["before"], labels["after"] = columns
    if legend is not None:
        labels["legend"] = legend
    parts = [f'<div class="redline redline-side-by-side" lang="{ctx.locale}"{_ids_attr(ctx)}>']
    if not redline.changed:
        parts.append(f'<p class="redline-note">{escape(labels["no_changes"])}</p>')
    heads = {NEW: f'<th scope="col" class="redline-new">{escape(labels["after"])}</th>',
             OLD: f'<th scope="col" class="redline-old">{escape(labels["before"])}</th>'}
    order = "" if ctx.sides == (NEW, OLD) else ' data-redline-order="old-new"'
    parts += [
        f'<table class="redline-sbs"{order}>',
        f'<caption class="redline-legend">{escape(labels["legend"])}</caption>',
        f'<thead><tr>{heads[ctx.sides[0]]}{heads[ctx.sides[1]]}</tr></thead>',
        "<tbody>",
    ]
    parts.extend(_side_rows(redline.ops, ctx))
    parts += ["</tbody>", "</table>", "</div>"]
    return "\n".join(parts) + "\n"


def _ids_attr(ctx: _Context) -> str:
    """Where blocks are left out, the stem of the block ids (``{id_prefix}redline-``): a script that
    shows the full text finds an omitted block of one view in another by its number."""
    return f' data-redline-ids="{escape(ctx.id_prefix)}redline-"' if ctx.far else ""


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
    counts = labels["counts"].format(inserted=format_count(summary.inserted_chars, ctx.locale),
                                     deleted=format_count(summary.deleted_chars, ctx.locale))
    if summary.links_changed:
        counts += labels["links_count"].format(n=summary.links_changed)
    parts += [f'<p class="redline-summary-counts">{escape(counts)}</p>', '<ul class="redline-summary-sections">']
    for section in summary.sections:
        title = escape(section.title or labels["untitled_section"])
        status = escape(labels[f"status_{section.status}"])
        links = ""
        # One change, or a section added or removed as a whole: the title already links to it.
        if len(section.numbers) > 1 and section.status == "changed":
            links = " ".join(f'<a href="#{ctx.block_id(n)}">{escape(labels["change_link"].format(n=k))}</a>'
                             for k, n in enumerate(section.numbers, 1))
            links = f' <span class="redline-summary-links">{links}</span>'
        parts.append(f'<li class="redline-summary-{section.status}"><a href="#{ctx.block_id(section.numbers[0])}">'
                     f'{title}</a> <span class="redline-summary-status">{status}</span>{links}</li>')
    parts += ["</ul>", "</div>"]
    return "\n".join(parts) + "\n"


def _side_rows(ops: Sequence[BlockOp], ctx: _Context) -> list[str]:
    """Rows of the 新旧対照表: one per block (a replaced block beside its replacement), one per table.

    The column says the side (in the locale's order) and each block its own change: rows and cells
    carry no class of their own, except a run of omitted blocks, one "（略）" row whose
    ``data-redline-far`` gives the first and last numbers of the blocks it stands for (all
    unchanged), so that a script can show the full text from the inline view, which holds them.
    """
    rows: list[str] = []
    elided = escape(ctx.labels["elided"])
    run: list[int] = []  # numbers of the omitted blocks since the last row shown

    def close_run() -> None:
        if run:
            rows.append(f'<tr class="redline-elided" data-redline-far="{run[0]}-{run[-1]}">'
                        f'<td>{elided}</td><td>{elided}</td></tr>')
            run.clear()

    def add(shown: list[BlockOp], cells: str) -> None:
        if ctx.far and all(op.number in ctx.far for op in shown):
            run.extend(op.number for op in shown)
            return
        close_run()
        rows.append(f"<tr>{cells}</tr>")

    pending: list[BlockOp] = []

    def flush() -> None:
        for old_op, new_op in pair_rows(pending):
            shown = [op for op in (old_op, new_op) if op is not None]
            cells = {NEW: _side_cell(new_op, NEW, ctx), OLD: _side_cell(old_op, OLD, ctx)}
            add(shown, cells[ctx.sides[0]] + cells[ctx.sides[1]])
        pending.clear()

    for kind, group in group_ops(ops):
        if kind != "table":
            pending.extend(group)
            continue
        flush()
        absent = {NEW: "absent_after", OLD: "absent_before"}
        cells = [_side_table_cell([op for op in group if getattr(op, side) is not None], side, absent[side], ctx)
                 for side in ctx.sides]
        add(group, "".join(cells))
    flush()
    close_run()
    return rows


def _side_cell(op: BlockOp | None, side: str, ctx: _Context) -> str:
    block = None if op is None else getattr(op, side)
    if block is None:
        return _absent_cell("absent_before" if side == OLD else "absent_after", ctx)
    if block.kind == LIST_ITEM:
        body = _render_list([op], side, ctx)
    else:
        body = _render_block(op, side, ctx)
    return f"<td>{body}</td>"


def _side_table_cell(ops: list[BlockOp], side: str, label: str, ctx: _Context) -> str:
    if not ops:
        return _absent_cell(label, ctx)
    return f"<td>{_render_table(ops, side, ctx)}</td>"


def _absent_cell(label: str, ctx: _Context) -> str:
    """（新設）/（削る）: real text, shown by its cell's class (redline.css), never CSS content."""
    return f'<td class="redline-absent"><span class="redline-sr">{escape(ctx.labels[label])}</span></td>'


def _attrs(op: BlockOp, side: str, ctx: _Context) -> str:
    """Class, id and move links of a block element; in side-by-side only one side carries the id.

    A block without a change class (``redline-added``, ``-removed``, ``-changed``) is unchanged:
    saying so would repeat a class on most blocks of a comparison page.
    """
    if op.op == UNCHANGED:
        classes = "redline-block" + (" redline-context" if op.number in ctx.context else "")
        if op.number in ctx.far:
            classes += " redline-far"
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
    if block.kind == HEADING and side != BOTH:
        # In the 新旧対照表 a heading is a cell's text, not part of the page's outline (which
        # would list every heading twice, and skip levels where old and new differ).
        attrs = attrs.replace(' class="', ' class="redline-heading ', 1)
        return f"<p{attrs}>{content}</p>"
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
        if side == BOTH and ctx.far:
            marker = ctx.elided(op, "li")
            if marker:
                out.append(marker)
        if side == BOTH and depth != block.level and op.number in ctx.far:
            # An omitted item shown later in the 新旧対照表 is indented by its level, which the
            # nesting cannot tell here (a list that starts deeper than its first level).
            value += f' data-redline-level="{block.level}"'
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
        if side == BOTH and ctx.far and ctx.elided(op, "td"):
            row = (f'<tr class="redline-elided"><td colspan="{len(cells)}">{escape(ctx.labels["elided"])}</td></tr>'
                   + row)
        (head if block.header and not body else body).append(row)
    html = "<table>"
    if head:
        html += "<thead>" + "".join(head) + "</thead>"
    if body:
        html += "<tbody>" + "".join(body) + "</tbody>"
    return html + "</table>"


def _render_cell(op: BlockOp, index: int, side: str, ctx: _Context) -> str:
    segments: tuple[Segment, ...] = op.cells[index]
    old_links, new_links = cell_links(op.old, index), cell_links(op.new, index)
    if op.op == UNCHANGED and len(segments) <= 1 and not old_links and not new_links:
        return text_html(segments[0][1]) if segments else ""
    changes = op.link_changes[index] if op.link_changes and index < len(op.link_changes) else ()
    # Marks of a move; a moved block that was also edited shows its edits with the usual marks.
    moved = op.moved_to is not None or (op.moved_from is not None and op.is_whole_move)
    out: list[str] = []
    pending: list[str] = []  # consecutive pieces of one mark
    pending_kind = ""
    old_space = ""

    def flush() -> None:
        nonlocal pending_kind
        if pending:
            if pending_kind == DELETE:
                out.append(_mark("del", "".join(pending), "moved_delete_start" if moved else "delete_start",
                                 "delete_end", ctx))
            else:
                out.append(_mark("ins", "".join(pending), "moved_insert_start" if moved else "insert_start",
                                 "insert_end", ctx))
            pending.clear()
        pending_kind = ""

    for piece in walk_cell(segments, old_links, new_links, changes, side):
        kind = piece.kind
        if kind in (DELETE, INSERT):
            if (kind == DELETE and side == NEW) or (kind == INSERT and side == OLD):
                continue
            if not _has_text(piece):
                continue  # never a mark around nothing (an empty cell of an added row): its block or cell says so
            if pending_kind != kind:
                flush()
                pending_kind = kind
            pending.append(_piece_html(piece, ctx))
            continue
        flush()
        if kind == SPACE_OLD:
            if side == OLD:
                out.append(text_html(piece.text))
            else:
                old_space += piece.text
        elif kind == SPACE_NEW:
            if side == NEW:
                out.append(text_html(piece.text))
            elif side == BOTH:  # unmarked; the old whitespace kept for readers of the markup
                out.append(f'<span class="redline-space" data-redline-old="{escape(old_space)}">'
                           f'{text_html(piece.text)}</span>')
            old_space = ""
        else:
            out.append(_piece_html(piece, ctx))
    flush()
    if op.moved_from is not None and not moved and index == 0:  # moved here, and edited
        out.insert(0, f'<span class="redline-sr">{escape(ctx.labels["moved_here"])}</span>')
    if op.format_change is not None and index == 0 and side != OLD:
        # Shown and spoken: the note is real text (never CSS content), visible by its class.
        out.insert(0, f'<span class="redline-sr redline-format-note">{escape(format_note(op, ctx.labels))}</span>')
    return "".join(out)


def _has_text(piece: Piece) -> bool:
    """Whether a piece shows anything: text, or the note after a link that changed or was not captured."""
    return bool(piece.text) or (piece.ends_change and piece.change is not None) or (
        piece.ends_link and piece.target == NOT_CAPTURED)


def text_html(text: str) -> str:
    """Escaped text; a hard line break (``\\n`` in block text) is shown as one, as on the page."""
    text = escape(text)
    return text.replace("\n", "<br>") if "\n" in text else text


def _piece_html(piece: Piece, ctx: _Context) -> str:
    """A run of text, inside its link if it has one; a changed link is marked on its label, and a
    link whose target was not captured is text followed by the note that says so."""
    html = text_html(piece.text)
    target = piece.target
    change = piece.change
    attrs = title = note = ""
    if change is not None:
        note = format_link_change(change, ctx.labels)
        title = f' title="{escape(note.strip())}"'
        attrs = ' class="redline-link-changed"' + title
    if target is not None and is_clickable(target):
        html = f'<a href="{escape(target)}"{attrs}>{html}</a>'
    elif target == NOT_CAPTURED:
        html = render_not_captured(html, ctx.labels if piece.ends_link else None, changed=title)
    elif attrs:  # not clickable here (an in-page anchor, a relative path): text, marked if it changed
        html = f'<span{attrs}>{html}</span>'
    if piece.ends_change and change is not None:
        html += f'<span class="redline-sr">{escape(note)}</span>'
    return html


def render_not_captured(label_html: str, labels: dict[str, str] | None, *, changed: str = "") -> str:
    """The label of a link whose target was not captured, and (``labels`` given: at the label's
    end) the note that it was a link: the one rendering of the page and of every redline.
    ``changed`` is the title attribute of a changed link."""
    classes = "link-not-captured redline-link-changed" if changed else "link-not-captured"
    html = f'<span class="{classes}"{changed}>{label_html}</span>'
    if labels is not None:
        html += f'<span class="link-not-captured-note">{escape(labels["link_not_captured"])}</span>'
    return html


def _mark(tag: str, content: str, start: str, end: str, ctx: _Context) -> str:
    labels = ctx.labels
    return (f'<{tag}><span class="redline-sr">{escape(labels[start])}</span>{content}'
            f'<span class="redline-sr">{escape(labels[end])}</span></{tag}>')

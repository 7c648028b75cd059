"""How ops are laid out for display, shared by the HTML and Markdown renderers.

List items must sit in one list and table rows in one table, or a heading stops being a heading
and a table stops being a table. Rows of two different tables are never merged: a new group
starts when either version moves on to another table, or when an unmatched header row appears
(a removed table followed by an added one are two tables, not one).

Which unchanged blocks a view with ``context`` leaves out is decided here too
(:func:`omitted_blocks`), once for every view: the site's pages and a pull request's comment show
the same blocks of the same comparison.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from policy_site.redline.blocks import HEADING, LIST_ITEM, TABLE_ROW
from policy_site.redline.model import ADDED, REMOVED, UNCHANGED, BlockOp


_GROUP = {LIST_ITEM: "list", TABLE_ROW: "table"}


def group_ops(ops: Sequence[BlockOp]) -> Iterator[tuple[str, list[BlockOp]]]:
    """Yield ``("list" | "table" | "block", ops)`` runs in reading order."""
    run: list[BlockOp] = []
    kind = ""
    for op in ops:
        op_kind = _GROUP.get((op.new or op.old).kind, "block")
        if run and (op_kind != kind or op_kind == "block" or (kind == "table" and _starts_table(run, op))):
            yield kind, run
            run = []
        run.append(op)
        kind = op_kind
    if run:
        yield kind, run


def _starts_table(run: list[BlockOp], op: BlockOp) -> bool:
    if op.block.header and op.op in (ADDED, REMOVED):
        return True
    last_old = next((r.old.table for r in reversed(run) if r.old is not None), None)
    last_new = next((r.new.table for r in reversed(run) if r.new is not None), None)
    return ((op.old is not None and last_old is not None and op.old.table != last_old)
            or (op.new is not None and last_new is not None and op.new.table != last_new))


def pair_rows(ops: Sequence[BlockOp]) -> list[tuple[BlockOp | None, BlockOp | None]]:
    """Rows of a side-by-side table: ``(op shown left, op shown right)``.

    A run of removed blocks directly followed by a run of added blocks is shown row by row
    against each other, as a 新旧対照表 sets a replaced provision beside its replacement; moved
    blocks keep their own rows (their counterpart is elsewhere).
    """
    rows: list[tuple[BlockOp | None, BlockOp | None]] = []
    k = 0
    while k < len(ops):
        op = ops[k]
        if op.op == REMOVED and op.moved_to is None:
            removed = []
            while k < len(ops) and ops[k].op == REMOVED and ops[k].moved_to is None:
                removed.append(ops[k])
                k += 1
            added = []
            while k < len(ops) and ops[k].op == ADDED and ops[k].moved_from is None:
                added.append(ops[k])
                k += 1
            for n in range(max(len(removed), len(added))):
                rows.append((removed[n] if n < len(removed) else None, added[n] if n < len(added) else None))
            continue
        rows.append((op, op))
        k += 1
    return rows


def context_headings(ops: Sequence[BlockOp]) -> set[int]:
    """Headings of sections with changes: kept visible when a view hides unchanged text, so that
    every change is read under its section title (the HTML marks them "redline-context"). A change
    in the table of contents touches no section: it is read in its own list."""
    touched = {(op.block.section, op.block.section_title) for op in ops
               if op.op != UNCHANGED and not op.block.contents}
    return {op.number for op in ops
            if op.block.kind == HEADING and (op.block.section, op.block.section_title) in touched}


def omitted_blocks(ops: Sequence[BlockOp], context: int | None) -> set[int]:
    """Numbers of the unchanged blocks a view with ``context`` leaves out (None: none).

    Shown are: each change and the ``context`` blocks on either side of it, the headings of the
    sections it touches, the header rows of every table with a row shown, the list items that
    every list item shown is nested in, and the headings above every block shown. Every renderer asks this function, so that the inline and side-by-side
    HTML and the Markdown of a comparison leave out exactly the same blocks.
    """
    if context is None:
        return set()
    near = context_headings(ops)
    for k, op in enumerate(ops):
        if op.op == UNCHANGED:
            continue
        # Context comes from the same side of a table of contents' edge: the text above a table
        # of contents is no context for its entries, nor they for the text around them.
        contents = op.block.contents
        near.update(other.number for other in ops[max(0, k - context):k + context + 1]
                    if other.block.contents == contents)
    # A table is read by its header: a row shown without it is a row of unnamed columns.
    for kind, group in group_ops(ops):
        if kind == "table" and any(op.number in near for op in group):
            near.update(op.number for op in group if op.block.header)
    # A list item is read under the items it is nested in, and an omitted item hides the items in
    # it (the inline view nests them): the items above every item shown are shown too.
    for kind, group in group_ops(ops):
        if kind != "list":
            continue
        above: list[BlockOp] = []
        for op in group:
            while above and above[-1].block.level >= op.block.level:
                above.pop()
            if op.number in near:
                near.update(parent.number for parent in above)
            above.append(op)
    # The headings above every block shown, up to the top: the outline keeps its levels and a
    # reader sees where each change sits. A table of contents asks for none: the heading above
    # it in the source is not its title.
    wanted = 0  # a heading above is still needed if its level is below this
    for op in reversed(ops):
        heading = op.block.kind == HEADING
        if heading and op.block.level < wanted:
            near.add(op.number)
            wanted = op.block.level
        if op.number in near and not op.block.contents:
            wanted = max(wanted, op.block.level if heading else 99)
    return {op.number for op in ops if op.number not in near}


# The side-by-side column order, as each locale's readers expect it (the catalogs' "column_order"):
# the Japanese 新旧対照表 puts 改定後 (new) left and 改定前 (old) right; Word, GitHub and most
# languages' comparison tables put the old text left.
COLUMN_ORDERS = {"new-old": ("new", "old"), "old-new": ("old", "new")}


def load_column_order(labels, order: str | None = None) -> tuple[str, str]:
    """The sides left to right: ``order`` ("new-old" or "old-new") if given, else the labels' own."""
    return COLUMN_ORDERS[order or labels.get("column_order") or "old-new"]

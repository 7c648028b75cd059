"""How consecutive ops are grouped for display, shared by the HTML and Markdown renderers.

List items must sit in one list and table rows in one table, or a heading stops being a heading
and a table stops being a table. Rows of two different tables are never merged: a new group
starts when either version moves on to another table, or when an unmatched header row appears
(a removed table followed by an added one are two tables, not one).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from policy_site.redline.blocks import LIST_ITEM, TABLE_ROW
from policy_site.redline.model import ADDED, REMOVED, BlockOp


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

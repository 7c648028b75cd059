"""Two revisions in, one :class:`Redline` out: parse, align, diff the matched blocks, summarise.

Character diffs run per matched block, never over whole revisions: block alignment has already
narrowed every change down to a few hundred characters, which keeps a 320,000-character pair
linear instead of paying diff-match-patch's O(N·D) over the whole text.
"""

from __future__ import annotations

from policy_site.redline.align import align_blocks, find_moves
from policy_site.redline.blocks import Block, Document, ParseMemo, parse_document
from policy_site.redline.diff import DiffMemo, diff_text
from policy_site.redline.model import ADDED, CHANGED, DELETE, EQUAL, INSERT, REMOVED, UNCHANGED, BlockOp, Redline, Segment
from policy_site.redline.links import cell_links, find_link_changes
from policy_site.redline.summary import summarize_ops
from policy_site.redline.labels import load_labels


def compute_redline(old: str | Document, new: str | Document, *, locale: str = "ja",
                    diffs: DiffMemo | None = None) -> Redline:
    """Compare two revisions of one policy in one locale.

    Each revision is Markdown (front matter allowed, never compared) or a :class:`Document` from
    :func:`parse_document`: a build comparing every revision with its neighbours parses each once.
    ``locale`` chooses the labels (any locale with an interface catalog) and the granularity: phrases
    (BudouX) in Japanese and Chinese text, words in every other script. Raises ``FrontMatterError``
    for malformed front matter and ``CatalogError`` (a ``ValueError``) for a locale without a
    complete catalog. ``diffs``: the block diffs of earlier comparisons of the same history, used
    and added to (a build comparing many pairs of one history diffs each changed block once).
    """
    load_labels(locale)  # a locale without a complete catalog stops here, before any work
    diff = diff_text if diffs is None else diffs.diff_text
    memo = ParseMemo()
    old_doc = old if isinstance(old, Document) else parse_document(old, memo=memo)
    new_doc = new if isinstance(new, Document) else parse_document(new, memo=memo)
    old_blocks, new_blocks = old_doc.blocks, new_doc.blocks
    pairs = align_blocks(old_blocks, new_blocks)
    moves = find_moves(pairs, old_blocks, new_blocks)
    moved_from = {added: removed for removed, added in moves.items()}
    ops = []
    for k, (i, j) in enumerate(pairs):
        number = k + 1
        before = None if i is None else old_blocks[i]
        after = None if j is None else new_blocks[j]
        if before is None:
            origin = moved_from.get(k)
            if origin is None:
                ops.append(BlockOp(number, ADDED, None, after, _whole(after, INSERT)))
                continue
            # A moved block is shown moved and redlined inside: at its destination, the changes
            # since its origin (where it is shown deleted whole).
            source = old_blocks[pairs[origin][0]]
            cells = _whole(after, INSERT) if source.cells == after.cells else _diff_cells(source, after, locale, diff)
            ops.append(BlockOp(number, ADDED, None, after, cells, moved_from=origin + 1))
        elif after is None:
            target = moves.get(k)
            ops.append(BlockOp(number, REMOVED, before, None, _whole(before, DELETE),
                               moved_to=None if target is None else target + 1))
        elif before.cells == after.cells and before.links == after.links and before.kind == after.kind:
            ops.append(BlockOp(number, UNCHANGED, before, after, _whole(after, EQUAL)))
        else:
            cells = _diff_cells(before, after, locale, diff)
            links = tuple(find_link_changes(cells[k], before.cells[k], after.cells[k], cell_links(before, k),
                                            cell_links(after, k))
                          if k < len(before.cells) and k < len(after.cells) else ()
                          for k in range(len(cells)))
            links = links if any(links) else ()
            wording = any(kind in (INSERT, DELETE) for cell in cells for kind, _ in cell)
            # Only whitespace changed (a no-break space became a space): the same wording, shown
            # unmarked; the segments still hold both whitespaces, and the JSON reports them.
            # A column added or removed is a change even when its cell is empty: the row's shape differs.
            changed = wording or links or before.kind != after.kind or len(before.cells) != len(after.cells)
            ops.append(BlockOp(number, CHANGED if changed else UNCHANGED, before, after, cells,
                               link_changes=links))
    ops = tuple(ops)
    return Redline(locale=locale, ops=ops, summary=summarize_ops(ops, locale),
                   old_meta=old_doc.meta, new_meta=new_doc.meta)


def _whole(block: Block, op: str) -> tuple[tuple[Segment, ...], ...]:
    return tuple(((op, cell),) if cell else () for cell in block.cells)


def _diff_cells(old: Block, new: Block, locale: str, diff) -> tuple[tuple[Segment, ...], ...]:
    """Cell by cell: a column added to or removed from a table row is inserted or deleted whole."""
    cells = []
    for k in range(max(len(old.cells), len(new.cells))):
        before = old.cells[k] if k < len(old.cells) else None
        after = new.cells[k] if k < len(new.cells) else None
        if before is None:
            cells.append(((INSERT, after),) if after else ())
        elif after is None:
            cells.append(((DELETE, before),) if before else ())
        else:
            cells.append(diff(before, after, locale=locale))
    return tuple(cells)

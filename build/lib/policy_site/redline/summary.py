"""The change summary: which sections changed, were added or removed, and how much text moved.

Readers know this shape from comparison tools (a list of changes with a link to each) and from
legislation sites (changes per provision); auditors want the counts.
"""

from __future__ import annotations

from collections.abc import Sequence

from policy_site.redline.model import ADDED, CHANGED, REMOVED, SPACE_NEW, UNCHANGED, BlockOp, SectionChange, Summary
from policy_site.redline.labels import load_labels


def summarize_ops(ops: Sequence[BlockOp], locale: str = "ja") -> Summary:
    """Group the changed ops by the section they belong to, in reading order.

    The table of contents is titled here, in ``locale``, so that every reader of the summary
    (pages, feeds, the review comment, JSON) names it the same way.
    """
    groups: dict[tuple[str, str], list[BlockOp]] = {}
    touched_keys: set[tuple[str, str]] = set()
    for op in ops:
        block = op.new if op.new is not None else op.old
        if block.contents:
            key = ("contents", "")
        else:
            key = ("id", block.section) if block.section else ("title", block.section_title)
        group = groups.get(key)
        if group is None:
            group = groups[key] = []
        group.append(op)
        if op.op != UNCHANGED:
            touched_keys.add(key)
    sections = []
    for key, members in groups.items():
        if key not in touched_keys:
            continue
        touched = [op for op in members if op.op != UNCHANGED]
        kinds = {op.op for op in members}
        status = ADDED if kinds == {ADDED} else REMOVED if kinds == {REMOVED} else CHANGED
        heading = next((op for op in members if op.block.anchor and op.block.anchor == op.block.section),
                       members[0])
        sections.append(SectionChange(
            anchor=heading.block.section,
            title=load_labels(locale)["contents_section"] if key[0] == "contents" else heading.block.section_title,
            status=status,
            numbers=tuple(op.number for op in touched),
        ))
    changed_ops = [op for op in ops if op.op != UNCHANGED]
    return Summary(
        changed=bool(changed_ops),
        sections=tuple(sections),
        inserted_chars=sum(op.inserted_chars for op in changed_ops),
        deleted_chars=sum(op.deleted_chars for op in changed_ops),
        blocks_changed=sum(op.op == CHANGED for op in changed_ops),
        blocks_added=sum(op.op == ADDED and op.moved_from is None for op in changed_ops),
        blocks_removed=sum(op.op == REMOVED and op.moved_to is None for op in changed_ops),
        blocks_moved=sum(op.moved_to is not None for op in changed_ops),
        links_changed=sum(len(cell) for op in changed_ops for cell in op.link_changes),
        format_changes=sum(op.format_change is not None for op in changed_ops),
        whitespace_changes=sum(kind == SPACE_NEW for op in ops for cell in op.cells for kind, _ in cell),
    )

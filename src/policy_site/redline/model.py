"""The redline as data: blocks of a revision, the ops of a comparison and their summary.

Everything the renderers (HTML, Markdown, JSON), the history pages and the translation checks read.

Kept free of rendering so that the same comparison can be shown inline, side by side, in a pull
request or as JSON, and always say the same thing.
"""

from __future__ import annotations

from typing import Any, NamedTuple

# The vocabulary of a diff: what each segment of a block's text is.
EQUAL, DELETE, INSERT = "equal", "delete", "insert"
# A whitespace-only change: one kind of whitespace replaced by another (a no-break space by a
# space, a space by a line break). Not wording: shown unmarked, but kept, so that the segments
# still spell both versions (the old whitespace, then the new).
SPACE_OLD, SPACE_NEW = "whitespace_old", "whitespace_new"
OLD_OPS = frozenset((EQUAL, DELETE, SPACE_OLD))
NEW_OPS = frozenset((EQUAL, INSERT, SPACE_NEW))
Segment = tuple[str, str]

# The target of a link whose label a capture of the published page kept but whose target it lost
# ("[こちら](not-captured:)"): the label is shown as text followed by the locale's note that it was
# a link, never as a link; replacing the target with the real one is a link change like any other.
NOT_CAPTURED = "not-captured:"

HEADING, PARAGRAPH, LIST_ITEM, TABLE_ROW, QUOTE, CODE = (
    "heading", "paragraph", "list_item", "table_row", "quote", "code")

class Block(NamedTuple):
    """One unit of a revision. ``cells`` holds the visible text (one entry except for table rows).

    ``level`` is the heading level or the list nesting depth (0 = top); ``number`` is the number a
    browser draws for an ordered list item; ``table`` numbers the tables of the revision so that
    rows of different tables are never rendered as one; ``section``/``section_title`` name the
    nearest heading above (its ``{#id}`` if it has one) for the change summary. ``links`` holds,
    per cell, the ``(start, end, target)`` of each link label in the cell's text (empty when the
    block has no link): a link target is not text, but a changed target is a change. ``contents``
    marks the items of a table of contents (a list of in-page links only): such a list sits under
    whichever heading precedes it in the source, but it belongs to no section. A NamedTuple
    rather than a dataclass: parsing creates one per block, and it is the cheapest immutable record.
    """

    kind: str
    cells: tuple[str, ...]
    line: int
    level: int = 0
    anchor: str | None = None
    ordered: bool = False
    number: int | None = None
    header: bool = False
    table: int | None = None
    section: str | None = None
    section_title: str = ""
    links: tuple[tuple[tuple[int, int, str], ...], ...] = ()
    contents: bool = False

    @property
    def text(self) -> str:
        cells = self.cells
        return cells[0] if len(cells) == 1 else "\t".join(cells)


class Document(NamedTuple):
    """A parsed revision: its front matter and its blocks in reading order.

    The records of this module are NamedTuples, not dataclasses: importing ``dataclasses`` costs
    more than a small diff (it imports ``inspect``), and they are immutable values all the same.
    """

    meta: dict[str, Any]
    blocks: tuple[Block, ...]


UNCHANGED, CHANGED, ADDED, REMOVED = "unchanged", "changed", "added", "removed"


class BlockOp(NamedTuple):
    """One block of the comparison and what happened to it.

    ``cells`` holds one tuple of segments per cell (a single cell except for table rows): an
    added block's cells are insertions only, a removed block's deletions only. ``number`` is the
    1-based position in the redline, used for element ids (``redline-<number>``). A block that
    moved is a removed op and an added op pointing at each other with ``moved_to``/``moved_from``;
    the added op's cells are the diff from the origin's text when the block was also edited.
    A NamedTuple rather than a dataclass: one is made per block of every comparison, and it is
    the cheapest immutable record.
    """

    number: int
    op: str
    old: Block | None
    new: Block | None
    cells: tuple[tuple[Segment, ...], ...]
    moved_from: int | None = None
    moved_to: int | None = None
    link_changes: tuple[tuple[Any, ...], ...] = ()  # per cell: links.LinkChange; () when none

    @property
    def block(self) -> Block:
        """The block whose structure is shown: the new one, or the old one if it was removed."""
        return self.new if self.new is not None else self.old  # type: ignore[return-value]

    @property
    def kind(self) -> str:
        return self.block.kind

    @property
    def inserted_chars(self) -> int:
        if self.op == UNCHANGED or (self.moved_from is not None and self.is_whole_move):
            return 0
        return sum(len(text) for cell in self.cells for op, text in cell if op == INSERT)

    @property
    def deleted_chars(self) -> int:
        if self.op == UNCHANGED or self.moved_to is not None:
            return 0  # a moved block's origin: its edits are counted at the destination
        return sum(len(text) for cell in self.cells for op, text in cell if op == DELETE)

    @property
    def format_change(self) -> tuple[str, str] | None:
        """``(old kind, new kind)`` when the block changed kind (paragraph → heading), else None."""
        if self.old is not None and self.new is not None and self.old.kind != self.new.kind:
            return self.old.kind, self.new.kind
        return None

    @property
    def is_whole_move(self) -> bool:
        """A moved block's destination without edits (every cell one insertion)."""
        return all(all(op == INSERT for op, _ in cell) for cell in self.cells)

    def cell_side(self, index: int) -> str:
        """``both``, ``old`` or ``new``: in which versions cell ``index`` exists."""
        in_old = self.old is not None and index < len(self.old.cells)
        in_new = self.new is not None and index < len(self.new.cells)
        return "both" if in_old and in_new else ("old" if in_old else "new")


class SectionChange(NamedTuple):
    """A section with changes: ``anchor`` is its ``{#id}`` (None if it has none), ``status`` one of
    changed/added/removed, ``numbers`` the ops with changes inside it (for links). The table of
    contents is a section of its own, titled in the redline's locale, without an anchor."""

    anchor: str | None
    title: str
    status: str
    numbers: tuple[int, ...]


class Summary(NamedTuple):
    """Per pair of revisions: the sections touched and the size of the change.

    Character counts are of the highlighted text, i.e. after widening to phrases and words: they
    measure what a reader is asked to read, not the minimal edit. ``links_changed`` counts links
    whose target alone changed; ``whitespace_changes`` counts whitespace replaced by other
    whitespace (not marked, not counted as changed blocks).
    """

    changed: bool
    sections: tuple[SectionChange, ...]
    inserted_chars: int
    deleted_chars: int
    blocks_changed: int
    blocks_added: int
    blocks_removed: int
    blocks_moved: int
    links_changed: int = 0
    whitespace_changes: int = 0
    format_changes: int = 0


class Redline(NamedTuple):
    """The comparison of two revisions: ops in reading order and their summary."""

    locale: str
    ops: tuple[BlockOp, ...]
    summary: Summary
    old_meta: dict
    new_meta: dict

    @property
    def changed(self) -> bool:
        return self.summary.changed

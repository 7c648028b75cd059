"""Markdown revision -> blocks: the units the redline aligns, diffs and renders.

Only the structure the policy sources use (CONTRIBUTING.md) is recognised: ATX and setext headings
with ``{#id}``, paragraphs, ``-``/``*``/``+`` and ``1.`` list items (with continuation lines),
pipe tables (one block per row, one text per cell), block quotes and fenced code, read as
Python-Markdown reads them where the site's sources can differ (headings, escapes, setext lines).
A list item or table right after a paragraph line starts a block here and not on the page: the
site refuses such a source (policy_site.sources.constructs), as it refuses fenced code.
Indented lines outside a list are paragraph text, never code: the sources indent only to
continue a list item. Thematic breaks carry no wording and are skipped.

The text of a block is defined in :mod:`policy_site.redline.inline`; a table row's text is its
cells' texts joined by a tab (cell texts never contain one). The block record itself is
:class:`policy_site.redline.model.Block`; the line scanner is :mod:`policy_site.redline.parser`.
"""

from __future__ import annotations

from policy_site.redline.inline import normalize_source
from policy_site.redline.model import CODE, HEADING, LIST_ITEM, PARAGRAPH, QUOTE, TABLE_ROW, Block, Document
from policy_site.redline.parser import ParseMemo, scan_lines
from policy_site.common.frontmatter import split_front_matter

__all__ = ["CODE", "HEADING", "LIST_ITEM", "PARAGRAPH", "QUOTE", "TABLE_ROW", "Block", "Document", "ParseMemo",
           "block_texts", "parse_blocks", "parse_document"]


def parse_document(markdown: str, *, memo: ParseMemo | None = None) -> Document:
    """Parse a revision (front matter allowed); raises ``FrontMatterError`` for malformed front matter.

    Pass one :class:`ParseMemo` for both revisions of a comparison to parse shared text once.
    """
    meta, body = split_front_matter(markdown)
    offset = markdown[: len(markdown) - len(body)].count("\n") if body else 0
    return Document(meta=meta, blocks=tuple(parse_blocks(body, first_line=offset + 1, memo=memo)))


def block_texts(markdown: str) -> list[str]:
    """The text of every block of a revision: what "the text of a version" means for losslessness."""
    return [block.text for block in parse_document(markdown).blocks]


def parse_blocks(body: str, *, first_line: int = 1, memo: ParseMemo | None = None) -> list[Block]:
    """Blocks of a Markdown body (no front matter); ``line`` numbers count from ``first_line``."""
    return scan_lines(normalize_source(body).split("\n"), first_line, memo or ParseMemo())

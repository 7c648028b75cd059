"""Redline engine: structure-aware, phrase-level, lossless comparison of two policy revisions.

Public API (everything else in the package is an implementation detail)::

    compute_redline(old, new, *, locale="ja", diffs=None) -> Redline   (the engine never imports the site layer)
        old/new: Markdown text (front matter allowed, never compared) or a parsed Document;
        diffs: a diff.DiffMemo shared by the comparisons of one history (each changed block diffed once)
    render_inline_html(redline, *, locale=None, id_prefix="", heading_offset=0) -> str
    render_side_by_side_html(redline, *, locale=None, id_prefix="", heading_offset=0) -> str  # 新旧対照表
    render_summary_html(redline, *, locale=None, id_prefix="") -> str
    render_markdown(redline, *, locale=None, view="inline", context=None, summary=True) -> str  # GitHub
    render_json(redline, *, indent=2) -> str          redline_to_dict(redline) -> dict
    parse_document(markdown) -> Document             block_texts(markdown) -> list[str]

How it works: each revision is parsed into blocks (:mod:`.blocks`, :mod:`.parser`: headings,
paragraphs, list items, table rows with one text per cell, quotes, code); blocks are aligned by
heading ``{#id}``, then identity, then similarity (:mod:`.align`); matched blocks that differ are
diffed with diff-match-patch (``Diff_Timeout = 0``: deterministic) and each change is widened to
phrase (ja, zh: BudouX, evaluated only at the positions asked about) or word (en) boundaries
(:mod:`.diff`, :mod:`.phrases`). :mod:`.summary` groups the changes by section.

**One rendering truth.** The text of a revision is :func:`block_texts`: the visible text of each
block, as defined in :mod:`.inline`. Invariant: for every source, the block texts are the text of
the page Python-Markdown renders with the site's ``markdown_extensions`` (headings, paragraphs,
list items without their nested lists, table rows with cells joined by a tab, quotes, code), up to
whitespace at the very start or end of a block; ``<br>`` and a line ending in two spaces are a
hard break (``\n``), a soft break is a space; a thematic break is no block (never a "* *" item);
a heading inside a list item is a heading. The engine keeps its own linear scanner for speed (a
build compares every pair of revisions); ``tests/redline/test_redline_corpus.py`` enforces the
invariant against Python-Markdown on the site's sources, a corpus of real policies and generated
documents (Hypothesis). Raw HTML other than ``<br>`` is text (shown escaped, never live).

**Not wording.** A link's target is not text: a label whose target changed (or that became or
stopped being a link; renumbered ``#annotation-8`` → ``-9`` too) is one "link changed" mark on the
label with both targets (:mod:`.links`). Whitespace replaced by other whitespace (a no-break space
by a space, a space by a line break) is not marked but kept in the segments (``whitespace_old``/
``whitespace_new``) and counted as ``whitespace`` in the JSON; an ideographic space U+3000 next to
CJK text is the exception, a layout unit of Japanese typesetting, and is marked. An address shown
as text is one word: a change inside it marks the whole address.

**Structure.** A block whose kind changed with (almost) the same words is a format change
("段落 → 見出し") with its word changes inside; a moved block is shown deleted at its origin and,
at its destination, moved and redlined with its edits since; short blocks move only when identical
and unique. Long blocks are diffed sentence by sentence (:mod:`.diff`), so cost stays bounded and
deterministic without a deadline.

The renderers are lossless against the block texts (``<br>`` read as a line break): in the inline
HTML, removing every ``<ins>`` and ``.redline-sr`` element leaves the old text of every block (a
whitespace change, ``.redline-space``, reads as its ``data-redline-old``; a moved block is read at
its origin), removing every ``<del>`` and ``.redline-sr`` the new text; the side-by-side view's left
column holds the old text and its right column the new text.

``locale`` (``ja``, ``en``, ``zh``) chooses the granularity when computing, and the language of the
labels when rendering (default: the redline's locale). Malformed front matter raises
:class:`policy_site.common.frontmatter.FrontMatterError`; an unknown locale or view raises ``ValueError``.
"""

from typing import TYPE_CHECKING

# Names load on first use (PEP 562): ``policy-redline diff`` on two small files imports only what
# that diff needs (no JSON, no Markdown renderer, no BudouX for English text), so that start-up
# stays close to a bare Python process.
_EXPORTS = {
    "Block": "model", "Document": "model", "BlockOp": "model", "Redline": "model", "SectionChange": "model",
    "Summary": "model", "block_texts": "blocks", "parse_document": "blocks", "compute_redline": "compute",
    "render_inline_html": "render_html", "render_side_by_side_html": "render_html",
    "render_summary_html": "render_html", "omits_text": "render_html", "redline_to_dict": "render_text", "render_json": "render_text",
    "render_markdown": "render_text",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


if TYPE_CHECKING:
    from policy_site.redline.blocks import block_texts, parse_document
    from policy_site.redline.compute import compute_redline
    from policy_site.redline.model import Block, BlockOp, Document, Redline, SectionChange, Summary
    from policy_site.redline.render_html import (
        omits_text,
        render_inline_html,
        render_side_by_side_html,
        render_summary_html,
    )
    from policy_site.redline.render_text import redline_to_dict, render_json, render_markdown

"""Starting a new revision and keeping its translations in step with the Japanese text.

The everyday job is three files: the Japanese wording (``provenance: authored``: written in this
repository, published by this site) and its en and zh translations. A translation is kept block by
block: a Japanese block that some translation already renders keeps that rendering; a changed or new
block gets a visible marker with the Japanese quoted, which the build reports until a translator
replaces it (see :func:`find_markers`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from policy_site.catalog import Catalog
from policy_site.redline.blocks import Block, parse_blocks
from policy_site.sources import DEFAULT_LOCALE, LOCALES, Revision, sha256_of, split_front_matter

MARKER = "TRANSLATION NEEDED:"
# The markup a block's text follows on its first line: heading, list item, quote, table cell.
_LEAD = re.compile(r"^(\s*(?:#{1,6}\s+|[-*+]\s+|\d+[.)]\s+|>\s*|\|\s*)?)")
_SHA_LINE = re.compile(r'^source_sha256:.*$', re.M)


@dataclass(frozen=True)
class SyncResult:
    path: str      # relative to docs/
    kept: int      # blocks whose translation was carried over
    marked: int    # blocks that need a translation


def _spans(body: str) -> list[tuple[Block, list[str]]]:
    """Each block with the source lines it was written as (its markup included)."""
    lines = body.replace("\r\n", "\n").split("\n")
    blocks = parse_blocks(body)
    spans = []
    for index, block in enumerate(blocks):
        end = blocks[index + 1].line - 1 if index + 1 < len(blocks) else len(lines)
        span = lines[block.line - 1:end]
        while span and not span[-1].strip():
            span.pop()
        spans.append((block, span))
    return spans


def _key(block: Block) -> tuple:
    """What identifies a Japanese block for reuse: its text and its shape (a heading and a table of
    contents entry may share the text and never the translation's markup)."""
    return (block.kind, block.level, block.anchor, block.ordered, block.header, len(block.cells), block.text)


def _marked(span: list[str]) -> list[str]:
    """The Japanese block with the marker before its text: same markup, so the block structure
    (what the parity check compares) stays that of the Japanese."""
    first = _LEAD.sub(lambda m: f"{m.group(1)}{MARKER} ", span[0], count=1)
    return [first, *span[1:]]


def load_translation_memory(catalog: Catalog, locale: str) -> dict[tuple, list[str]]:
    """Japanese block text -> its translation's source lines, from every up-to-date translation
    in ``locale`` whose blocks match its Japanese (newer revisions win)."""
    from policy_site.translations import check_parity

    memory: dict[tuple, list[str]] = {}
    for translation in sorted((r for r in catalog.revisions if r.locale == locale), key=lambda r: r.effective):
        source = catalog.translation_source(translation)
        if source is None or catalog.is_stale(translation) or check_parity(source, translation) is not None:
            continue
        for (ja, _), (tr, span) in zip(_spans(source.body), _spans(translation.body)):
            if MARKER not in tr.text:
                memory[_key(ja)] = span
    return memory


def render_translation(ja_body: str, memory: dict[tuple, list[str]]) -> tuple[str, int, int]:
    """The translation body of ``ja_body``: known blocks translated, others marked; with counts."""
    lines = ja_body.replace("\r\n", "\n").split("\n")
    out: list[str] = []
    kept = marked = 0
    cursor = 0
    for block, span in _spans(ja_body):
        start = block.line - 1
        out.extend(lines[cursor:start])  # blank lines and anything between blocks, as in the Japanese
        known = memory.get(_key(block))
        if known is not None:
            out.extend(known)
            kept += 1
        else:
            out.extend(_marked(span))
            marked += 1
        cursor = start + len(span)
    out.extend(lines[cursor:])
    return "\n".join(out), kept, marked


def render_front_matter(fields: dict[str, str]) -> str:
    return "---\n" + "".join(f"{key}: {value}\n" for key, value in fields.items()) + "---\n"


def write_translations(docs_dir: Path, catalog: Catalog, ja_path: str) -> list[SyncResult]:
    """Create or update the en and zh files of the Japanese revision at ``ja_path``."""
    data = (docs_dir / ja_path).read_bytes()
    _, ja_body = split_front_matter(data.decode("utf-8"))
    digest = sha256_of(data)
    _, policy, name = ja_path.split("/")
    effective = name.rsplit(".", 1)[0]
    results = []
    for locale in LOCALES:
        if locale == DEFAULT_LOCALE:
            continue
        body, kept, marked = render_translation(ja_body, load_translation_memory(catalog, locale))
        rel = f"{locale}/{policy}/{effective}.md"
        target = docs_dir / rel
        if target.is_file():
            text = target.read_text(encoding="utf-8")
            head = text[: len(text) - len(split_front_matter(text)[1])]
            head = _SHA_LINE.sub(f'source_sha256: "{digest}"', head, count=1)
        else:
            head = render_front_matter({"effective": effective, "provenance": "translation",
                                        "source_sha256": f'"{digest}"'})
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(head + body, encoding="utf-8")
        results.append(SyncResult(rel, kept, marked))
    return results


def render_new_revision(source: Revision, effective: date) -> str:
    """The Japanese file of a new revision: the text of ``source``, front matter for wording
    authored here (no ``captured``: nothing was captured from a page)."""
    return render_front_matter({"effective": effective.isoformat(), "provenance": "authored"}) + source.body


def find_markers(catalog: Catalog) -> list[tuple[str, int, int, str]]:
    """(path, block number, line, Japanese text) of every block still marked in a translation."""
    found = []
    for revision in catalog.revisions:
        if revision.locale == DEFAULT_LOCALE or MARKER not in revision.body:
            continue
        for index, block in enumerate(parse_blocks(revision.body, first_line=revision.body_line), start=1):
            if MARKER in block.text:
                found.append((revision.path, index, block.line, block.text.replace(MARKER, "", 1).strip()))
    return found

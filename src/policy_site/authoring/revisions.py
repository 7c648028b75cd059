"""Starting a new revision and keeping its translations in step with the source text.

The everyday job is three files: the source wording (``provenance: authored``: written in this
repository, published by this site) and its en and zh translations. A translation is kept block by
block: a source block that some translation already renders keeps that rendering; a changed or new
block gets a visible marker with the source quoted, which the build reports until a translator
replaces it (see :func:`find_markers`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from policy_site.sources.catalog import Catalog
from policy_site.redline.blocks import Block, parse_blocks
from policy_site.common.frontmatter import split_front_matter
from policy_site.common.git import run_git
from policy_site.sources.revision import Revision, revision_path, sha256_of
from policy_site.sources.translations import MARKER, check_parity

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
    """What identifies a source block for reuse: its text and its shape (a heading and a table of
    contents entry may share the text and never the translation's markup)."""
    return (block.kind, block.level, block.anchor, block.ordered, block.header, len(block.cells), block.text)


def _marked(span: list[str]) -> list[str]:
    """The source block with the marker before its text: same markup, so the block structure
    (what the parity check compares) stays that of the source."""
    first = _LEAD.sub(lambda m: f"{m.group(1)}{MARKER} ", span[0], count=1)
    return [first, *span[1:]]


def load_translation_memory(catalog: Catalog, locale: str) -> dict[tuple, list[str]]:
    """source block text -> its translation's source lines, from every up-to-date translation
    in ``locale`` whose blocks match its source (newer revisions win)."""
    memory: dict[tuple, list[str]] = {}
    for translation in sorted((r for r in catalog.revisions if r.locale == locale), key=lambda r: r.effective):
        source = catalog.translation_source(translation)
        if source is None or catalog.is_stale(translation) or check_parity(source, translation) is not None:
            continue
        for (ja, _), (tr, span) in zip(_spans(source.body), _spans(translation.body)):
            if MARKER not in tr.text:
                memory[_key(ja)] = span
    return memory


def load_git_versions(docs_dir: Path, rel_path: str, *, limit: int = 50) -> list[bytes]:
    """Earlier versions of a file in git (the index, then the commits that touched it, newest
    first); empty outside a repository. How a translation made for an earlier, uncommitted-away
    source text finds that text again. Read from the repository that holds ``docs_dir``, whatever
    ``GIT_*`` variables say (the package's one git runner); a missing git raises
    :class:`~policy_site.common.git.GitMissing`."""
    top = run_git(docs_dir, "rev-parse", "--show-toplevel")
    if top.returncode != 0:
        return []
    path = (docs_dir / rel_path).resolve().relative_to(Path(top.stdout.decode().strip()).resolve()).as_posix()
    versions = []
    staged = run_git(docs_dir, "show", f":{path}")
    if staged.returncode == 0:
        versions.append(staged.stdout)
    log = run_git(docs_dir, "log", f"-n{limit}", "--format=%H", "--", path)
    for commit in log.stdout.decode().split() if log.returncode == 0 else []:
        shown = run_git(docs_dir, "show", f"{commit}:{path}")
        if shown.returncode == 0:
            versions.append(shown.stdout)
    return versions


def load_own_pairs(docs_dir: Path, ja_path: str, translation: Path) -> dict[tuple, list[str]]:
    """The blocks of an existing translation paired with the source text it was made from (found by
    its source_sha256 in git), so that blocks translated since the last sync are kept."""
    if not translation.is_file():
        return {}
    meta, body = split_front_matter(translation.read_text(encoding="utf-8"))
    recorded = str(meta.get("source_sha256") or "")
    for version in [(docs_dir / ja_path).read_bytes(), *load_git_versions(docs_dir, ja_path)]:
        if sha256_of(version) == recorded:
            _, ja_body = split_front_matter(version.decode("utf-8"))
            ja_spans, tr_spans = _spans(ja_body), _spans(body)
            if [_key(j)[:-1] for j, _ in ja_spans] != [_key(t)[:-1] for t, _ in tr_spans]:
                return {}  # the blocks do not match: nothing can be paired safely
            return {_key(j): span for (j, _), (t, span) in zip(ja_spans, tr_spans) if MARKER not in t.text}
    return {}


def render_translation(ja_body: str, memory: dict[tuple, list[str]]) -> tuple[str, int, int]:
    """The translation body of ``ja_body``: known blocks translated, others marked; with counts."""
    lines = ja_body.replace("\r\n", "\n").split("\n")
    out: list[str] = []
    kept = marked = 0
    cursor = 0
    for block, span in _spans(ja_body):
        start = block.line - 1
        out.extend(lines[cursor:start])  # blank lines and anything between blocks, as in the source
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
    """Create or update the translations of the authoritative revision at ``ja_path``: one file in
    each locale that translates its locale (for its policy)."""
    data = (docs_dir / ja_path).read_bytes()
    _, ja_body = split_front_matter(data.decode("utf-8"))
    digest = sha256_of(data)
    source_locale, policy, name = ja_path.split("/")
    effective = name.rsplit(".", 1)[0]
    results = []
    own = catalog.policy(policy)
    for locale in catalog.locales.codes_of(own):  # the languages the site builds
        if catalog.locales.source_of(locale, own) != source_locale:
            continue
        rel = revision_path(locale, policy, effective)
        target = docs_dir / rel
        memory = {**load_translation_memory(catalog, locale), **load_own_pairs(docs_dir, ja_path, target)}
        body, kept, marked = render_translation(ja_body, memory)
        if target.is_file():
            text = target.read_text(encoding="utf-8")
            head = text[: len(text) - len(split_front_matter(text)[1])]
            if _SHA_LINE.search(head):
                head = _SHA_LINE.sub(f'source_sha256: "{digest}"', head, count=1)
            elif head.startswith("---"):  # front matter without the key: add it before the closing line
                head = head[:3] + head[3:].replace("\n---", f'\nsource_sha256: "{digest}"\n---', 1)
            else:
                head = render_front_matter({"effective": effective, "provenance": "translation",
                                            "source_sha256": f'"{digest}"'})
        else:
            head = render_front_matter({"effective": effective, "provenance": "translation",
                                        "source_sha256": f'"{digest}"'})
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(head + body, encoding="utf-8")
        results.append(SyncResult(rel, kept, marked))
    return results


def render_new_revision(source: Revision, effective: date) -> str:
    """The source file of a new revision: the text of ``source``, front matter for wording
    authored here (no ``captured``: nothing was captured from a page)."""
    return render_front_matter({"effective": effective.isoformat(), "provenance": "authored"}) + source.body

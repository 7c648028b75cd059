"""Integrity of the translations: the checks that keep translated redlines honest.

A translated redline only shows real changes if (1) each translation has the same blocks as its
source, (2) a source block that stays identical across revisions keeps an identical
translation, and (3) a translation is redone whenever its source changes. Each check
returns problems as one-line messages (action, files, what differs, fix); the build logs them as
warnings so that ``--strict`` fails, and the tests call the same functions.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import dataclass

from policy_site.sources.catalog import Catalog
from policy_site.redline.blocks import Block, parse_blocks
from policy_site.sources.locales import describe_locale
from policy_site.sources.revision import Revision, revision_path

# What `policy-site sync-translations` puts before a block whose source changed: the build fails
# until a translator replaces the block.
MARKER = "TRANSLATION NEEDED:"


@dataclass(frozen=True)
class Problem:
    path: str
    message: str

    def __str__(self) -> str:
        return f"Checking translation '{self.path}': {self.message}"


def _blocks_of(revision: Revision) -> tuple[Block, ...]:
    return _parse_blocks(revision.body, revision.body_line)


@functools.lru_cache(maxsize=256)
def _parse_blocks(body: str, first_line: int) -> tuple[Block, ...]:
    """Parsed once per process: the checks read each source once per translation and
    again for the consistency of each locale (blocks are immutable)."""
    return tuple(parse_blocks(body, first_line=first_line))


def _shape(block: Block) -> tuple:
    return (block.kind, block.level, block.anchor, block.ordered, block.header, len(block.cells))


def _describe(block: Block) -> str:
    what = {"heading": f"heading level {block.level}", "list_item": "list item",
            "table_row": f"table row of {len(block.cells)} cells"}.get(block.kind, block.kind)
    anchor = f" #{block.anchor}" if block.anchor else ""
    text = block.text.replace("\t", " | ")
    return f"{what}{anchor} '{text[:40]}{'…' if len(text) > 40 else ''}' (line {block.line})"


def check_parity(source: Revision, translation: Revision) -> Problem | None:
    """The first block where the translation's structure leaves its source's, if any."""
    ja_blocks, tr_blocks = _blocks_of(source), _blocks_of(translation)
    for index, (ja, tr) in enumerate(zip(ja_blocks, tr_blocks), start=1):
        if _shape(ja) != _shape(tr):
            return Problem(translation.path, f"structure differs from '{source.path}' at block {index}: "
                           f"{source.locale} has {_describe(ja)}, {translation.locale} has {_describe(tr)}; make the blocks match")
    if len(ja_blocks) != len(tr_blocks):
        index = min(len(ja_blocks), len(tr_blocks)) + 1
        longer, other = (source, translation) if len(ja_blocks) > len(tr_blocks) else (translation, source)
        extra = (ja_blocks if longer is source else tr_blocks)[index - 1]
        return Problem(translation.path, f"structure differs from '{source.path}' at block {index}: "
                       f"only '{longer.path}' has {_describe(extra)}; make the blocks match")
    return None


def check_freshness(catalog: Catalog, translation: Revision) -> Problem | None:
    source = catalog.translation_source(translation)
    if source is None or not catalog.is_stale(translation):
        return None
    return Problem(translation.path, f"its source '{source.path}' changed after it was translated "
                   f"(source_sha256 differs); update the translation, then set source_sha256: \"{source.sha256}\"")


def check_consistency(catalog: Catalog, locale: str) -> list[Problem]:
    """Source blocks that appear in several revisions with different translations."""
    renderings: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for translation in catalog.revisions:
        if translation.locale != locale:
            continue
        source = catalog.translation_source(translation)
        if source is None or check_parity(source, translation) is not None:
            continue
        for ja, tr in zip(_blocks_of(source), _blocks_of(translation)):
            renderings[ja.text][tr.text].append(f"{translation.path}:{tr.line}")
    problems = []
    for ja_text, variants in renderings.items():
        if len(variants) > 1:
            places = "; ".join(f"{sites[0]} '{text[:50]}'" for text, sites in variants.items())
            first = next(iter(variants.values()))[0].split(":")[0]
            problems.append(Problem(first, f"the {catalog.locales.source_of(locale) or 'source'} block '{ja_text[:40]}' is translated "
                                    f"{len(variants)} ways: {places}; use one translation"))
    return problems


def check_completeness(catalog: Catalog) -> list[Problem]:
    """Authoritative revisions without a translation in a locale that translates them (the page
    falls back to the source text under a notice, so a non-strict preview still builds)."""
    problems = []
    for source in catalog.revisions:
        policy = catalog.policy(source.policy)
        if not catalog.is_authoritative(source):
            continue
        for locale in catalog.locales.codes_of(policy):  # a language the site does not build needs no translation
            if catalog.locales.source_of(locale, policy) == source.locale and catalog.translation(source, locale) is None:
                path = revision_path(locale, source.policy, source.effective)
                problems.append(Problem(path, f"is missing; translate '{source.path}' into {locale} "
                                              f"(until then the page shows the {describe_locale(source.locale)} text with a notice)"))
    return problems


def check_translations(catalog: Catalog) -> list[Problem]:
    """Every problem of every translation in the catalog, in a stable order."""
    problems: list[Problem] = check_completeness(catalog)
    for translation in catalog.revisions:
        source = catalog.translation_source(translation)
        if source is None:
            continue
        for problem in (check_parity(source, translation), check_freshness(catalog, translation)):
            if problem is not None:
                problems.append(problem)
    for locale in sorted({r.locale for r in catalog.revisions if not catalog.is_authoritative(r)}):
        problems.extend(check_consistency(catalog, locale))
    problems.extend(check_markers(catalog))
    return problems


def check_markers(catalog: Catalog) -> list[Problem]:
    """Blocks that ``policy-site sync-translations`` marked and nobody has translated yet."""
    problems = []
    for path, index, line, text in find_markers(catalog):
        locale, policy = path.split("/", 2)[:2]
        source = describe_locale(catalog.locales.source_of(locale, catalog.policy(policy)) or locale)
        problems.append(Problem(path, f"block {index} (line {line}) still says '{MARKER}'; translate the {source} "
                                      f"'{text[:40]}{'…' if len(text) > 40 else ''}' and remove the marker"))
    return problems


def find_markers(catalog: Catalog) -> list[tuple[str, int, int, str]]:
    """(path, block number, line, source text) of every block still marked in a translation."""
    found = []
    for revision in catalog.revisions:
        if catalog.is_authoritative(revision) or MARKER not in revision.body:
            continue
        for index, block in enumerate(_blocks_of(revision), start=1):
            if MARKER in block.text:
                found.append((revision.path, index, block.line, block.text.replace(MARKER, "", 1).strip()))
    return found

"""A redline as JSON text and back, exactly: what the disk cache (:mod:`.store`) keeps.

Not the public JSON of ``policy-redline diff --format json`` (:mod:`.render_text`, written for
readers and tools): this is the record itself, every field of every block and op in order, so
that :func:`decode_redline` gives back a :class:`Redline` equal to the one encoded (the tests
compare them on the whole corpus). The front matter is left out: it is read again from the texts
(YAML keys need not be JSON's strings, and reading it is cheap and memoised).

JSON rather than pickle: a cache entry is data, so a damaged or planted file can at worst fail to
decode (:class:`ValueError`), never run code.
"""

from __future__ import annotations

import json
from typing import Any

from policy_site.redline.links import LinkChange
from policy_site.redline.model import Block, BlockOp, Redline, SectionChange, Summary

FORMAT = 1  # bump when the layout below changes


def encode_redline(redline: Redline) -> str:
    """The redline without its front matter, as compact ASCII JSON (NamedTuples become lists)."""
    return json.dumps([FORMAT, redline.locale, redline.ops, redline.summary], separators=(",", ":"))


def decode_redline(text: str, old_meta: dict, new_meta: dict) -> Redline:
    """The :class:`Redline` that :func:`encode_redline` wrote; ``ValueError`` for anything else."""
    try:
        version, locale, ops, summary = json.loads(text)
        if version != FORMAT or not isinstance(locale, str):
            raise ValueError("not a redline of this format")
        return Redline(locale=locale, ops=tuple(_decode_op(op) for op in ops), summary=_decode_summary(summary),
                       old_meta=old_meta, new_meta=new_meta)
    except (TypeError, KeyError, IndexError, AttributeError) as exc:
        raise ValueError(f"not a redline record: {exc}") from exc


def encode_summary(summary: Summary) -> str:
    return json.dumps([FORMAT, summary], separators=(",", ":"))


def decode_summary(text: str) -> Summary:
    """The :class:`Summary` that :func:`encode_summary` wrote; ``ValueError`` for anything else."""
    try:
        version, summary = json.loads(text)
        if version != FORMAT:
            raise ValueError("not a summary of this format")
        return _decode_summary(summary)
    except (TypeError, KeyError, IndexError, AttributeError) as exc:
        raise ValueError(f"not a summary record: {exc}") from exc


def _decode_block(data: Any) -> Block | None:
    if data is None:
        return None
    (kind, cells, line, level, anchor, ordered, number, header, table, section, section_title, links,
     contents) = data
    return Block(kind, tuple(cells), line, level, anchor, ordered, number, header, table, section, section_title,
                 tuple(tuple(tuple(link) for link in cell) for cell in links), contents)


def _decode_op(data: Any) -> BlockOp:
    number, op, old, new, cells, moved_from, moved_to, link_changes = data
    return BlockOp(number, op, _decode_block(old), _decode_block(new),
                   tuple(tuple((kind, segment) for kind, segment in cell) for cell in cells),
                   moved_from, moved_to,
                   tuple(tuple(LinkChange(*change) for change in cell) for cell in link_changes))


def _decode_summary(data: Any) -> Summary:
    changed, sections, *counts = data
    return Summary(changed, tuple(SectionChange(anchor, title, status, tuple(numbers))
                                  for anchor, title, status, numbers in sections), *counts)

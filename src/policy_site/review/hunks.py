"""A redline's Markdown as its changes, and Markdown cut to a size without breaking its markup.

The comment has a size limit, and what must never fall past it is the first change of each file.
So the Markdown of a redline (:func:`policy_site.redline.render_markdown`) is split where it
already says that unchanged text is left out ("（変更のない n 項目を省略）"): each piece between two
such notes is one change with its context, and the comment takes as many as fit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from policy_site.redline import Redline, render_markdown
from policy_site.redline.labels import load_labels
from policy_site.redline.render_text import escape_markdown

_NUMBER = "9876543210"  # stands for the count in the omitted-text note, to find the note's pattern


def units(text: str) -> int:
    """Length as GitHub and JavaScript count it: UTF-16 code units."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


@dataclass(frozen=True)
class Hunks:
    """A redline in the comment's terms: the summary, and its changes (each with the note on
    omitted text that comes before it, if any; ``tail`` is the note after the last one)."""

    summary: str
    changes: list[tuple[str, str]]   # (note before it or "", its Markdown)
    tail: str

    def render(self, shown: int) -> str:
        """The first ``shown`` changes with their notes (the tail only when all are shown)."""
        parts = []
        for note, text in self.changes[:shown]:
            parts += [note, text] if note else [text]
        if shown >= len(self.changes) and self.tail:
            parts.append(self.tail)
        return "\n\n".join(parts)


def split_hunks(redline: Redline, *, locale: str, context: int) -> Hunks:
    """The Markdown of ``redline`` (inline view, ``context`` unchanged blocks around each change) as hunks."""
    full = render_markdown(redline, locale=locale, context=context).rstrip("\n")
    body = render_markdown(redline, locale=locale, context=context, summary=False).rstrip("\n")
    summary = full[:len(full) - len(body)].rstrip("\n") if full.endswith(body) else ""
    note = escape_markdown(load_labels(locale)["omitted"].format(n=_NUMBER))
    pattern = re.compile("^\\*" + re.escape(note).replace(_NUMBER, r"\d+") + "\\*$")
    changes: list[tuple[str, str]] = []
    pending, blocks = "", []
    for part in body.split("\n\n"):
        if pattern.match(part):
            if blocks:
                changes.append((pending, "\n\n".join(blocks)))
                blocks = []
            pending = part
        else:
            blocks.append(part)
    if blocks:
        changes.append((pending, "\n\n".join(blocks)))
        pending = ""
    return Hunks(summary=summary, changes=changes, tail=pending)


def _close_tags(text: str) -> str:
    """``text`` cut inside a line: no half tag or entity at its end, no element left open."""
    last_open, last_close = text.rfind("<"), text.rfind(">")
    if last_open > last_close:
        text = text[:last_open]
    amp, semi = text.rfind("&"), text.rfind(";")
    if amp > semi:
        text = text[:amp]
    if text.endswith("\\"):
        text = text[:-1]
    for tag in ("sup", "ins", "del"):
        if text.count(f"<{tag}>") > text.count(f"</{tag}>"):
            text += f"</{tag}>"
    return text


def cut_markdown(text: str, limit: int) -> str:
    """The longest start of ``text`` within ``limit`` units, cut between blocks, else between lines,
    else inside a line with its markup closed ("" when nothing fits)."""
    if units(text) <= limit:
        return text
    for separator in ("\n\n", "\n"):
        pieces = text.split(separator)
        kept = []
        for piece in pieces:
            if units(separator.join([*kept, piece])) > limit:
                break
            kept.append(piece)
        if kept:
            return separator.join(kept)
    line = text.split("\n", 1)[0]
    low, high = 0, len(line)
    while low < high:  # the longest prefix whose closed form fits
        middle = (low + high + 1) // 2
        if units(_close_tags(line[:middle])) <= limit:
            low = middle
        else:
            high = middle - 1
    return _close_tags(line[:low]) if low else ""

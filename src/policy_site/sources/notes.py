"""What the company says about a revision: its change note and the date it was announced.

``change_note`` is the company's own "what changed and why" for one revision (GitHub's site-policy and
Google's policies archive give readers one), in the language of the file that carries it: a
translation's note is a translation of its source's, like its basis. The site never writes one for
the company; a revision without it shows none.

It is plain text, shown on the history page, the comparison pages, the feeds and the review. Every one
of those escapes it for what it is written into (HTML, Markdown, Atom text), so the characters that
are markup somewhere are allowed and shown as written: a note is prose ("Terms & Conditions",
"section #4", "R&D") where refusing them, as registry titles are refused, would make the company
reword its text for the site. Titles are refused instead because they are spliced into generated
Markdown (links, tables, the nav) in many more places. A note is one paragraph: a line break would
mean one thing in Markdown and another in a feed.

``announced`` is the date the revision was announced (公表日): a fact of the company's notice, so it
lives in the authoritative file only (like ``revised_without_text``) and cannot be after the date
the revision takes effect. The review's notice-period check measures from it
(:mod:`policy_site.review.notice`).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from policy_site.common.frontmatter import FrontMatterError

MAX_NOTE_CHARS = 1_000  # a note says what changed and why in a few sentences; the redline shows the rest


def check_change_note(value: Any) -> str:
    """The note as shown: one paragraph of text, stripped of the blank space YAML leaves around it."""
    if not isinstance(value, str) or not value.strip():
        raise FrontMatterError("'change_note' must be quoted text, e.g. change_note: \"What changed and why.\"")
    note = value.strip()
    if "\n" in note or "\r" in note:
        raise FrontMatterError("'change_note' must be one paragraph; join its lines (or write it as a folded "
                               "'>' block, whose lines YAML joins)")
    if len(note) > MAX_NOTE_CHARS:
        raise FrontMatterError(f"'change_note' is {len(note):,} characters, over {MAX_NOTE_CHARS:,}; say what "
                               "changed and why in a few sentences (the redline shows every change)")
    return note


def check_announced(announced: date, effective: date, provenance: str, earliest: date) -> date:
    """An announcement date of an authoritative file, on or before the day the revision takes effect."""
    if provenance == "translation":
        raise FrontMatterError("'announced' belongs in the authoritative file only (the translations show its "
                               "date); remove it from the translation")
    if announced > effective:
        raise FrontMatterError(f"'announced: {announced.isoformat()}' is after the revision takes effect on "
                               f"{effective.isoformat()}; give the date it was announced, on or before that day")
    if announced < earliest:
        raise FrontMatterError(f"'announced: {announced.isoformat()}' is before {earliest.isoformat()}; "
                               "correct the date")
    return announced

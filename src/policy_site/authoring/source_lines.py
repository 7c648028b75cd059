"""An archived text as lines that remember where they came from, and the changes made to them.

The conversions of :mod:`policy_site.authoring.conversions` insert and rewrite lines; every change
and every refusal still names the line of the file the author has.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Change:
    """One conversion, for the list the command prints: where in the input, and what was done."""

    line: int  # of the input text, 1-based
    what: str


class ConversionRefused(ValueError):
    """The text needs markup the site refuses and that no conversion removes without loss;
    ``line`` is of the input text, ``cause`` the body check's own cause and fix."""

    def __init__(self, line: int, cause: str):
        self.line = line
        self.cause = cause
        super().__init__(f"line {line}: {cause}")


class SourceLines:
    """The text as lines, each with the number of the input line it comes from (inserted lines
    take the number of the line they are inserted before), so that every change and every refusal
    names the line of the file the author has."""

    def __init__(self, text: str) -> None:
        self.items: list[tuple[int, str]] = [(n, line) for n, line in enumerate(text.split("\n"), 1)]
        self.changes: list[Change] = []

    @property
    def text(self) -> str:
        return "\n".join(line for _, line in self.items)

    def origin(self, index: int) -> int:
        return self.items[min(max(index, 0), len(self.items) - 1)][0]

    def set(self, index: int, line: str, what: str) -> None:
        if line == self.items[index][1]:
            return
        self.changes.append(Change(self.items[index][0], what))
        self.items[index] = (self.items[index][0], line)

    def insert_blank(self, index: int, what: str) -> None:
        self.changes.append(Change(self.items[index][0], what))
        self.items.insert(index, (self.items[index][0], ""))


def shown(text: str, limit: int = 40) -> str:
    """A piece of the source on one line, short enough for a one-line message."""
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= limit else text[:limit] + "…"

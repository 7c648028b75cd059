"""The element tree a policy source may make: elements, their children and their attributes.

Checked on Python-Markdown's tree after inline processing and attribute lists, before the table
of contents adds its ids and permalinks (:class:`ElementCheck`, installed by
:class:`policy_site.sources.constructs.ConstructGuard`): what no processor reports, such as a
list inside a quote (the redline reads it as text of the quote) or the ``[TOC]`` marker, and what
an attribute list or raw HTML left on an element.
"""

from __future__ import annotations

import re
from typing import Any
from xml.etree.ElementTree import Element

from markdown import Markdown
from markdown.extensions.toc import TocTreeprocessor
from markdown.treeprocessors import Treeprocessor

HEADINGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6"))
_INLINE = frozenset(("a", "strong", "em", "br"))
# Element -> the children it may have (besides inline elements, for those that hold text).
CHILDREN: dict[str, frozenset[str]] = {
    **{h: _INLINE for h in HEADINGS}, "p": _INLINE, "a": _INLINE - {"a"}, "strong": _INLINE, "em": _INLINE,
    "br": frozenset(), "hr": frozenset(),
    "ul": frozenset(("li",)), "ol": frozenset(("li",)),
    "li": _INLINE | {"p", "ul", "ol"} | HEADINGS,
    "blockquote": frozenset(("p",)),
    "table": frozenset(("thead", "tbody")), "thead": frozenset(("tr",)), "tbody": frozenset(("tr",)),
    "tr": frozenset(("th", "td")), "th": _INLINE, "td": _INLINE,
}
NAMES = {"p": "paragraph", "ul": "list", "ol": "list", "li": "list item", "blockquote": "quote", "table": "table",
         "td": "table cell", "th": "table cell", "hr": "thematic break", "a": "link", "strong": "bold text",
         "em": "emphasis", **{h: "heading" for h in HEADINGS}}
_ALIGN = re.compile(r"text-align: (?:left|right|center);")


class ElementCheck(Treeprocessor):
    """The element tree against the closed Markdown: elements, their children and attributes."""

    def __init__(self, md: Markdown, guard: Any) -> None:
        super().__init__(md)
        self.guard = guard
        toc = next((p for p in md.treeprocessors if type(p) is TocTreeprocessor), None)
        self.marker = toc.marker if toc is not None else ""

    def run(self, root: Element) -> None:
        for child in root:
            self.check(child, parent=None)

    def check(self, elem: Element, parent: Element | None) -> None:
        def refuse(needle: str, cause: str) -> None:
            self.guard.refuse(needle, cause, rank=1)
        tag = elem.tag
        text = "".join(elem.itertext())
        if tag not in CHILDREN or (parent is not None and tag not in CHILDREN[parent.tag]):
            where = f" inside a {NAMES.get(parent.tag, parent.tag)}" if parent is not None else ""
            if tag in ("p", "ul", "ol", "blockquote", "table", "hr") or tag in HEADINGS:
                refuse(first_line(text), f"a {NAMES.get(tag, tag)}{where} is not allowed in a policy source: the "
                       "redline does not read it as the page shows it; write it outside, as its own block")
            else:
                refuse(f"<{tag}", f"raw HTML '<{tag}>' is not allowed in a policy source; write the text without "
                       "markup (only <br> is allowed)")
            return
        if tag == "p" and self.marker and (elem.text or "").strip() == self.marker and len(elem) == 0:
            refuse(self.marker, f"the table of contents marker '{self.marker}' is not allowed; write the table of "
                   "contents as a list of links: - [Title](#id)")
        if tag == "h5":
            refuse(first_line(text), "a heading of level 5 ('#####') is not allowed: the site shows it in capital "
                   "letters, which the redline does not; use another level")
        if tag in HEADINGS and text.rstrip().endswith("}"):
            refuse(first_line(text), "a heading may end with {#id} only; remove the braces, or write them as "
                   "\\{ \\} if they are wording")
        for name, value in ({} if id(elem) in self.guard.reported else elem.attrib).items():
            allowed = ((tag in HEADINGS and name == "id") or (tag == "a" and name == "href")
                       or (tag in ("th", "td") and name == "style" and _ALIGN.fullmatch(value)))
            if tag == "a" and name == "title":  # a tooltip: wording a reader may see that no redline compares
                refuse(first_line(text) or name, f"the link title \"{shown(value)}\" is not allowed: the page shows it "
                       "only as a tooltip and the redline does not compare it; remove it or write it as text")
            elif not allowed:
                refuse(first_line(text) or name, f"the attribute '{shown(name)}' is not allowed in a policy source; "
                       "a heading may end with {#id}, nothing else has attributes")
        for child in elem:
            self.check(child, elem)


def first_line(text: str) -> str:
    """The first line of ``text`` with text, stripped: what a refusal finds its line by."""
    return next((line.strip() for line in text.split("\n") if line.strip()), "")


def shown(text: str, limit: int = 40) -> str:
    """A piece of source quoted in a message: one line, not too long."""
    text = re.sub(r"[\x00-\x1f\x7f]", " ", text)
    return text if len(text) <= limit else text[:limit] + "…"

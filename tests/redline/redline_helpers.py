"""Reading a rendered redline back, exactly as the losslessness promise is worded.

Inline view: without every ``<ins>`` (or ``<del>``) and every ``.redline-sr`` element, the text of
each ``.redline-block`` is the old (or new) text of that block (a moved block's destination, which
shows its edits since its origin, is read for the new text only), a ``<br>`` read as a line break and a
whitespace change (``.redline-space``, unmarked) read as its ``data-redline-old`` for the old text (read in one pass over the tree
instead of removing elements, so that one parse serves both versions). Blocks that exist only in the
other version (``.redline-added`` when reading the old text) must have become empty and are
skipped; so are table cells that exist only in the other version.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, NavigableString, Tag

VOID = {"br", "hr", "img", "input", "meta", "link", "col", "wbr"}


def _text(element: Tag, hidden: str) -> str:
    """Text of ``element`` without ``hidden`` marks (``ins`` or ``del``), ``.redline-sr`` labels and
    the text of blocks nested in it (a sub-list inside a list item); ``<br>`` is a line break, and a
    whitespace change (``.redline-space``) reads as its ``data-redline-old`` in the old text."""
    parts: list[str] = []

    def visit(node: Tag) -> None:
        for child in node.children:
            if isinstance(child, NavigableString):
                parts.append(str(child))
                continue
            classes = child.get("class") or ()
            if child.name == hidden or "redline-sr" in classes or "redline-block" in classes:
                continue
            if child.name == "br":
                parts.append("\n")
            elif "redline-space" in classes and hidden == "ins":
                parts.append(child["data-redline-old"])
            else:
                visit(child)

    visit(element)
    return "".join(parts)


def read_inline(html: str | BeautifulSoup) -> dict[str, list[str]]:
    """The block texts of both versions read back from the inline view: ``{"old": […], "new": […]}``."""
    soup = html if isinstance(html, BeautifulSoup) else BeautifulSoup(html, "html.parser")
    texts: dict[str, list[str]] = {"old": [], "new": []}
    for block in soup.find_all(class_="redline-block"):
        classes = block["class"]
        for side, hidden, absent, absent_cell in (("old", "ins", "redline-added", "redline-cell-added"),
                                                  ("new", "del", "redline-removed", "redline-cell-removed")):
            if absent in classes:
                if side == "old" and block.has_attr("data-redline-moved-from"):
                    continue  # a moved block's destination shows its edits; its old text is at the origin
                assert _text(block, hidden) == "", f"text left in a block absent from the {side} version"
                continue
            if block.name == "tr":
                cells = [cell for cell in block.find_all(["td", "th"], recursive=False)
                         if absent_cell not in (cell.get("class") or [])]
                texts[side].append("\t".join(_text(cell, hidden) for cell in cells))
            else:
                texts[side].append(_text(block, hidden))
    return texts


def read_side_by_side(html: str | BeautifulSoup) -> dict[str, list[str]]:
    """The block texts of each version read from its column of the side-by-side view (found by its
    header: new left in the 新旧対照表, old left in the other locales' tables)."""
    soup = html if isinstance(html, BeautifulSoup) else BeautifulSoup(html, "html.parser")
    texts: dict[str, list[str]] = {"old": [], "new": []}
    table = soup.find("table", class_="redline-sbs")
    rows = table.find("tbody").find_all("tr", recursive=False)
    heads = [th.get("class", []) for th in table.find("thead").find_all("th")]
    new_column = 0 if "redline-new" in heads[0] else 1
    for side, wrong, column in (("old", "ins", 1 - new_column), ("new", "del", new_column)):
        for cell in (row.find_all("td", recursive=False)[column] for row in rows):
            assert not cell.find(wrong), f"<{wrong}> in the {side} column"
            for block in cell.find_all(class_="redline-block"):
                if block.name == "tr":
                    row = block.find_all(["td", "th"], recursive=False)
                    texts[side].append("\t".join(_text(c, wrong) for c in row))
                else:
                    texts[side].append(_text(block, wrong))
    return texts


_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^<>]*>")


def _check_balance(html: str) -> None:
    """Every tag closed in order. A regular expression suffices: all policy text is escaped, so
    every ``<`` in the output starts a tag (which is itself part of what this checks)."""
    stack: list[str] = []
    for m in _TAG.finditer(html):
        closing, tag = m.group(1), m.group(2).lower()
        if tag in VOID:
            continue
        if not closing:
            stack.append(tag)
        else:
            assert stack and stack[-1] == tag, f"</{tag}> closes <{stack[-1] if stack else None}>"
            stack.pop()
    assert not stack, f"unclosed {stack}"
    assert html.count("<") == len(_TAG.findall(html)) and ">" not in _TAG.sub("", html), "stray < or >"


ALLOWED_PARENTS = {"li": {"ul", "ol"}, "tr": {"thead", "tbody", "table"}, "td": {"tr"}, "th": {"tr"},
                   "thead": {"table"}, "tbody": {"table"}, "caption": {"table"}}
ACTIVE = {"script", "style", "iframe", "object", "embed", "form"}
BLOCK_LEVEL = {"p", "li", "ul", "ol", "table", "tr", "td", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "blockquote"}


def check_markup(html: str) -> BeautifulSoup:
    """Well-formed, script-free markup whose structure HTML allows, with unique ids; returns the tree."""
    _check_balance(html)
    soup = BeautifulSoup(html, "html.parser")
    ids: set[str] = set()
    for element in soup.find_all(True):
        name = element.name
        assert name not in ACTIVE, f"active content <{name}> in redline"
        assert not any(attr.startswith("on") or attr == "style" for attr in element.attrs), element.attrs
        if name in ALLOWED_PARENTS:
            assert element.parent.name in ALLOWED_PARENTS[name], f"<{name}> inside <{element.parent.name}>"
        if name in ("ul", "ol"):
            assert all(child.name == "li" for child in element.find_all(True, recursive=False))
        if name in ("ins", "del"):
            assert not element.find(BLOCK_LEVEL), f"block inside <{name}>"
        if "id" in element.attrs:
            assert element["id"] not in ids, f"duplicate id {element['id']}"
            ids.add(element["id"])
    return soup


def cell_of(row, side: str):
    """The ``side`` ("old" or "new") cell of a side-by-side row, found by its column's header (the
    column order is the locale's)."""
    table = row.find_parent("table", class_="redline-sbs")
    heads = [th.get("class", []) for th in table.find("thead").find_all("th")]
    column = 0 if f"redline-{side}" in heads[0] else 1
    return row.find_all("td", recursive=False)[column]

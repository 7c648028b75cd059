"""What a reader sees of a redline, read from its HTML: the blocks in order, each with its text and
its marks, so that the site's HTML redline and the Markdown redline as GitHub renders it (cmark-gfm,
GitHub's own Markdown library) can be compared.

A block is ``(kind, text)``: a heading (``h1``…), a paragraph (``p``; a code block counts as one,
since the Markdown cannot mark changes inside code), a quote, a list item (``li`` with its depth,
list kind and, when ordered, the number shown) or a table row (``row`` and its cells' texts joined by
`` ¦ ``; empty cells at the end of a row and rows with no text are nothing to see). Inserted text
is written ``+{…}``, deleted text ``-{…}``, a line break ``⏎``; every run of ASCII whitespace is
one space and a block's text has none at its ends, as a browser shows it. Headings, paragraphs and
quotes with no text are nothing to see.

In the site's HTML, the screen-reader labels are not seen (``.redline-sr``), except the note on a
block whose kind changed (shown, boxed and followed by a margin) and the note on a changed link
(read in its title and by screen readers; GitHub keeps no title, so the Markdown shows it as text,
a superscript right after the link's label).
The blocks a view leaves out (``.redline-far``) are hidden; its "unchanged text omitted" markers and
the Markdown's note on omitted blocks are both read as ``("omitted", "")``.
"""

from __future__ import annotations

import cmarkgfm
from bs4 import BeautifulSoup, NavigableString, Tag
from cmarkgfm.cmark import Options

BREAK = "⏎"
_HEADINGS = {f"h{n}" for n in range(1, 7)}
_BLOCKS = _HEADINGS | {"p", "pre", "li", "tr", "blockquote"}
_NESTED = {"ul", "ol", "table", "blockquote", "pre"}
_WHITESPACE = " \t\n\r\f"


def render_github(markdown: str) -> str:
    """HTML as GitHub renders a comment: cmark-gfm with its extensions (tables, strikethrough,
    autolinks, tag filter) and raw HTML kept (GitHub sanitises it afterwards, keeping ins/del/sup/b/br)."""
    return cmarkgfm.github_flavored_markdown_to_html(markdown, Options.CMARK_OPT_UNSAFE)


def _seen_label(node: Tag) -> bool:
    """Whether a ``.redline-sr`` element of the site's HTML is seen (or, for a changed link, shown by GitHub)."""
    classes = node.get("class") or []
    if "redline-format-note" in classes:
        return True
    before = node.previous_sibling
    return isinstance(before, Tag) and bool({"redline-link-changed", "link-not-captured-note"}
                                            & set(before.get("class") or []))


def _runs(element: Tag, mark: str, out: list[tuple[str, str]], site: bool) -> None:
    for child in element.children:
        if isinstance(child, NavigableString):
            if type(child) is NavigableString:  # not a comment
                out.append((str(child), mark))
            continue
        name, classes = child.name, child.get("class") or []
        if name in _NESTED or (name == "p" and element.name not in ("li", "blockquote")):
            continue  # a block of its own
        if site and "redline-sr" in classes:
            if _seen_label(child):
                label: list[tuple[str, str]] = []
                _runs(child, mark, label, site)
                if "redline-format-note" in classes:
                    label.append((" ", mark))  # its margin
                else:  # the Markdown sets the link's note as a superscript right after the label
                    label[:1] = [(label[0][0].lstrip(), label[0][1])] if label else []
                out += label
            continue
        if name == "br":
            out.append((BREAK, mark))
        elif name in ("ins", "del"):
            _runs(child, "+" if name == "ins" else "-", out, site)
        else:
            _runs(child, mark, out, site)


def _flatten(runs: list[tuple[str, str]]) -> str:
    chars: list[tuple[str, str]] = []
    for text, mark in runs:
        for char in text:
            if char in _WHITESPACE:
                if chars and chars[-1][0] == " ":
                    continue
                char = " "
            chars.append((char, mark))
    while chars and chars[0][0] == " ":
        chars.pop(0)
    while chars and chars[-1][0] == " ":
        chars.pop()
    out, current = [], ""
    for char, mark in chars:
        if mark != current:
            out.append("}" if current else "")
            out.append(mark + "{" if mark else "")
            current = mark
        out.append(char)
    return "".join(out) + ("}" if current else "")


def _number(item: Tag, site: bool) -> str:
    if site:
        return item.get("value", "")
    items = item.parent.find_all("li", recursive=False)
    return str(int(item.parent.get("start", 1)) + next(k for k, other in enumerate(items) if other is item))


def read_visible_blocks(html: str, *, site: bool, omitted: str | None = None,
                        depth: bool = True) -> list[tuple[str, str]]:
    """The blocks a reader sees in ``html``: the site's redline (``site``) or GitHub's rendering of
    the Markdown, where a paragraph that is exactly ``omitted`` (the note on omitted blocks) is that
    note. ``depth=False`` leaves list depths out (a view with context nests the list items it shows
    among hidden ones in the HTML, and on their own in the Markdown)."""
    soup = BeautifulSoup(html, "html.parser")
    blocks: list[tuple[str, str]] = []
    for element in soup.find_all(list(_BLOCKS)):
        classes = element.get("class") or []
        if site and element.find_parent(class_="redline-far") is not None or "redline-far" in classes:
            continue
        if site and "redline-elided" in classes:
            blocks.append(("omitted", ""))
            continue
        if element.name == "p" and element.parent.name in ("li", "blockquote"):
            continue  # read with its item or quote
        kind = element.name
        if kind == "tr":
            cells = [_flatten(_cell_runs(cell, site)) for cell in element.find_all(["td", "th"], recursive=False)]
            while cells and not cells[-1]:
                cells.pop()
            if cells:
                blocks.append(("row", " ¦ ".join(cells)))
            continue
        runs: list[tuple[str, str]] = []
        _runs(element, "", runs, site)
        text = _flatten(runs)
        if kind == "li":
            levels = len([parent for parent in element.parents if parent.name in ("ul", "ol")])
            kind = f"li{levels if depth else ''} {element.parent.name}"
            if element.parent.name == "ol":
                kind += " " + _number(element, site)
        elif kind == "pre":
            kind = "p"
        elif kind == "blockquote":
            kind = "quote"
        if not site and kind == "p" and omitted is not None and text == omitted \
                and element.find("em") is not None:
            blocks.append(("omitted", ""))
            continue
        if text or kind.startswith("li"):
            blocks.append((kind, text))
    return blocks


def _cell_runs(cell: Tag, site: bool) -> list[tuple[str, str]]:
    runs: list[tuple[str, str]] = []
    _runs(cell, "", runs, site)
    return runs

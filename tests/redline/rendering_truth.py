"""The text of a revision as the site renders it: Python-Markdown with the site's extensions.

The redline engine has its own fast block scanner; its promise (the engine's docs) is that the
text of every block equals what Python-Markdown renders, with the extensions the plugin gives
MkDocs (policy_site.sources.extensions). This reads that rendering back into the same units: headings, paragraphs, list items (their own text,
without nested lists), table rows (cells joined by a tab), quotes and code; ``<br>`` is a line
break, other whitespace collapses as a browser shows it.
"""

from __future__ import annotations

import re

import markdown
from bs4 import BeautifulSoup, NavigableString, Tag

from policy_site.sources.extensions import load_markdown_extensions

_SPACES = re.compile(r"[ \t\n\r\f]+")


def load_site_extensions() -> tuple[list[str], dict]:
    """The site's extensions and their options, from the one list the plugin gives MkDocs."""
    return load_markdown_extensions()


_RAW_TAG = re.compile(r"<(?!br[ \t\n]*/?>)(?![A-Za-z][A-Za-z0-9+.\-]{1,31}:[^\s<>]*>)(?=[/!?A-Za-z])", re.I)


def render_site_html(body: str) -> str:
    """The page's HTML. Raw HTML other than ``<br>`` is escaped first: the site's build rejects it,
    and a redline of other files shows it as text (never live), so that is the text compared."""
    names, options = load_site_extensions()
    return markdown.markdown(_RAW_TAG.sub("&lt;", body), extensions=names, extension_configs=options)


def _text(node: Tag, skip: tuple[str, ...] = ("ul", "ol")) -> str:
    parts: list[str] = []
    for child in node.descendants:
        if isinstance(child, Tag):
            if child.name == "br":
                parts.append("\x01")
            continue
        if not isinstance(child, NavigableString) or type(child).__name__ in ("Comment",):
            continue
        if any(parent.name in skip for parent in child.parents if parent is not node and node in parent.parents
               or parent is node and False):
            continue
        if any(p.name in skip for p in _parents_until(child, node)):
            continue
        parts.append(str(child))
    return _collapse("".join(parts))


def _collapse(text: str) -> str:
    text = _SPACES.sub(" ", text)
    return re.sub(r" ?\x01 ?", "\x01", text).strip(" \x01").replace("\x01", "\n")


def _inline(node: Tag) -> str:
    """Inline markup with hard breaks kept as a marker until the run is collapsed."""
    if node.name == "br":
        return "\x01"
    return "".join("\x01" if isinstance(c, Tag) and c.name == "br" else (str(c) if isinstance(c, NavigableString) else "")
                   for c in node.descendants)


def _parents_until(node, stop: Tag):
    parent = node.parent
    while parent is not None and parent is not stop:
        yield parent
        parent = parent.parent


def rendered_block_texts(body: str) -> list[str]:
    """Block texts of the rendered page, in reading order, in the engine's units."""
    soup = BeautifulSoup(render_site_html(body), "html.parser")
    for permalink in soup.select("a.headerlink"):  # the site's own, after every heading
        permalink.decompose()
    texts: list[str] = []

    def walk(node: Tag) -> None:
        for child in node.children:
            if not isinstance(child, Tag):
                continue
            name = child.name
            if name in ("h1", "h2", "h3", "h4", "h5", "h6", "p"):
                texts.append(_text(child))
            elif name in ("ul", "ol"):
                for item in child.find_all("li", recursive=False):
                    list_item(item)
            elif name == "table":
                for row in child.find_all("tr"):
                    texts.append("\t".join(_text(cell) for cell in row.find_all(["td", "th"], recursive=False)))
            elif name == "blockquote":
                texts.append(_text(child))
            elif name == "pre":
                texts.append(child.get_text().rstrip("\n"))
            elif name == "div":
                walk(child)

    def list_item(item: Tag) -> None:
        """An item's own text (inline runs joined, its paragraphs separated by a space), in reading
        order: a heading or a nested list inside it ends that text; the item's text after one is
        its own paragraph block."""
        runs: list[list[str]] = [[]]
        first = True

        def emit() -> None:
            nonlocal first
            pieces = [_collapse("".join(run)) for run in runs]
            text = " ".join(piece for piece in pieces if piece)
            if first or text:
                texts.append(text)
            first = False
            runs[:] = [[]]

        for child in item.children:
            if isinstance(child, Tag) and child.name in ("ul", "ol"):
                if first or any("".join(run).strip(" \t\n\x01") for run in runs):
                    emit()
                for li in child.find_all("li", recursive=False):
                    list_item(li)
            elif isinstance(child, Tag) and re.fullmatch(r"h[1-6]", child.name):
                if first or any("".join(run).strip(" \t\n\x01") for run in runs):
                    emit()
                texts.append(_text(child))
            elif isinstance(child, Tag) and child.name in ("p", "div", "blockquote", "pre", "table"):
                runs.append([_text(child).replace("\n", "\x01")])
                runs.append([])
            elif isinstance(child, Tag):
                runs[-1].append(_inline(child))
            else:
                runs[-1].append(str(child))
        if first or any("".join(run).strip(" \t\n\x01") for run in runs):
            emit()

    walk(soup)
    return texts

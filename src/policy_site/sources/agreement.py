"""The redline reads a source as its page shows it: the last check of a policy body.

The closed Markdown (:mod:`policy_site.sources.constructs`) keeps a source to what the redline
engine models; this check makes the promise hold for every source, also where the engine's fast
scanner and Python-Markdown would still disagree on a detail (a ``*`` that one takes for emphasis
and the other shows): the text of the rendered HTML (as a browser reads it, without the heading
permalinks the site adds) is compared with the engine's block texts, whitespace normalised
(:func:`normalise_whitespace`). A source on which they differ is refused at the first block
where they part.

The browser test (``tests/test_browser_text.py``) compares the same engine text with what
Chromium shows, after the site's CSS and JavaScript.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_WHITESPACE = re.compile(r"[ \t\n\r\f]+")
# Elements after which a browser starts a new line (or cell) of text.
_BREAKS = frozenset(("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "blockquote", "table", "thead",
                     "tbody", "tr", "th", "td", "hr", "br", "div", "pre"))


def normalise_whitespace(text: str) -> str:
    """Text compared as words: every run of ASCII whitespace (spaces, tabs, line breaks, and the
    breaks between blocks and table cells) is one space, none at the ends. Other spaces (U+00A0,
    U+3000) are characters like any other. The redline itself treats a change of one kind of
    whitespace into another as no change of wording."""
    return _WHITESPACE.sub(" ", text).strip(" ")


class _PageText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0  # inside the table of contents' permalink of a heading

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.skipping:
            self.skipping += tag != "br"
        elif tag == "a" and "headerlink" in (dict(attrs).get("class") or "").split():
            self.skipping = 1
        elif tag in _BREAKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if self.skipping:
            self.skipping -= 1
        elif tag in _BREAKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def render_page_text(html: str) -> str:
    """The text of rendered policy HTML as a reader gets it (whitespace not yet normalised)."""
    reader = _PageText()
    reader.feed(html)
    reader.close()
    return "".join(reader.parts)


def check_agreement(body: str, html: str) -> tuple[int, str] | None:
    """``(line, cause)`` where the redline's text of ``body`` parts from the page's, or None."""
    from policy_site.redline.blocks import parse_blocks  # normalise_whitespace alone needs no engine

    page = normalise_whitespace(render_page_text(html))
    blocks = parse_blocks(body)
    engine = normalise_whitespace("\n".join(block.text for block in blocks))
    if engine == page:
        return None
    at = next((k for k, (a, b) in enumerate(zip(engine, page)) if a != b), min(len(engine), len(page)))
    offset, line = 0, blocks[0].line if blocks else 1
    for block in blocks:
        size = len(normalise_whitespace(block.text)) + 1
        if offset + size > at:
            line = block.line
            break
        offset += size
    return line, (f"the redline would read '{_around(engine, at)}' where the page shows '{_around(page, at)}'; "
                  "write the text without the markup that makes them differ (README, 'Errors')")


def _around(text: str, at: int, width: int = 12) -> str:
    start = max(0, at - width)
    piece = text[start:at + width]
    return ("…" if start else "") + piece + ("…" if at + width < len(text) else "")

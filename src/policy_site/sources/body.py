"""A policy body is text with Markdown structure, never markup that runs in a reader's browser.

Two checks, both naming a line: the source is scanned for raw HTML (the one tag the real world
needs, ``<br>``, is allowed), then the body is rendered with Python-Markdown and the result is
checked against what Markdown itself produces — element names, attributes (``{onclick=…}`` via
attr_list) and link targets (only ``https:``, ``http:``, ``mailto:`` and paths inside the site).
Checking the rendering, not only the text, catches what a pattern would miss (reference links,
autolinks, entity-encoded schemes).
"""

from __future__ import annotations

import functools
import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

LINK_SCHEMES = ("https", "http", "mailto")
# What Python-Markdown (with the site's extensions) makes of Markdown; anything else came from the source.
_ELEMENTS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "a", "strong", "em", "code", "pre",
             "blockquote", "hr", "br", "table", "thead", "tbody", "tr", "th", "td", "div", "details",
             "summary", "span"}
_ATTRIBUTES = {"href", "title", "id", "class", "style"}
_ALIGN = re.compile(r"^text-align: (left|right|center);$")
_EXTENSIONS = ["attr_list", "md_in_html", "tables", "admonition", "pymdownx.details", "pymdownx.superfences"]

_BR = re.compile(r"<br\s*/?>", re.I)
_RAW_HTML = re.compile(r"<(?:/?[A-Za-z][A-Za-z0-9-]*(?=[\s/>])|!|\?)")
_ATTR_LIST = re.compile(r"\{:?[^{}\n]*=[^{}\n]*\}")


def escape_markdown_text(text: str) -> str:
    """Front-matter text (a basis entry, an archive reference) as literal text inside Markdown.

    Python-Markdown does not treat ``\\<`` as an escape, so a backslash alone would leave
    ``<img onerror=…>`` live: ``&``, ``<`` and ``>`` become entities, Markdown's own specials
    are backslash-escaped, and line breaks become spaces (one line of a list item)."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return "".join("\\" + ch if ch in "\\`*_[]#|{}()!" else ch for ch in re.sub(r"\s*\n\s*", " ", text))


class BodyError(ValueError):
    """Markup in a body that the site refuses; ``line`` counts from the body's first line."""

    def __init__(self, line: int, cause: str):
        self.line = line
        self.cause = cause
        super().__init__(f"line {line}: {cause}")


def _line_of(body: str, needle: str) -> int:
    index = body.find(needle)
    return body.count("\n", 0, index) + 1 if index >= 0 else 1


def _shown(text: str, limit: int = 40) -> str:
    text = re.sub(r"[\x00-\x1f\x7f]", " ", text)
    return text if len(text) <= limit else text[:limit] + "…"


def check_link_target(target: str) -> str | None:
    """Why ``target`` may not be a link of the site, or None. Browsers drop tabs and newlines
    inside a URL and treat ``\\`` as ``/``, so the check does too."""
    url = re.sub(r"[\t\n\r]", "", target).strip().replace("\\", "/")
    if url.startswith("//"):
        return f"link target '{_shown(target)}' points to another site without a scheme; write https://…"
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return f"link target '{_shown(target)}' is not a valid URL; correct it"
    if scheme and scheme not in LINK_SCHEMES:
        return (f"link target '{_shown(target)}' is not allowed; links may use "
                + ", ".join(f"{s}:" for s in LINK_SCHEMES) + " or a path inside the site")
    return None


class _RenderedCheck(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[tuple[str, str]] = []  # (text to find in the source, cause)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img":
            self.problems.append(("![", "images are not allowed in a policy source (they would load a file "
                                        "the review does not show); describe it in text"))
            return
        if tag not in _ELEMENTS:
            self.problems.append((f"<{tag}", f"raw HTML '<{_shown(tag)}>' is not allowed in a policy source; "
                                              "write the text without markup (only <br> is allowed)"))
            return
        for name, value in attrs:
            value = value or ""
            if name not in _ATTRIBUTES or (name == "style" and not _ALIGN.match(value)):
                self.problems.append((name, f"the attribute '{_shown(name)}' is not allowed in a policy source; "
                                            "use only {#id} or {.class} after a heading or paragraph"))
            elif name == "href":
                cause = check_link_target(value)
                if cause:
                    self.problems.append((value.strip()[:12] or value, cause))

    handle_startendtag = handle_starttag


def check_body(body: str) -> None:
    """Raise :class:`BodyError` for the first markup in ``body`` that is not plain Markdown."""
    problem = _find_problem(body)
    if problem is not None:
        raise BodyError(*problem)


@functools.lru_cache(maxsize=256)
def _find_problem(body: str) -> tuple[int, str] | None:
    """The line and cause of the first problem of ``body``, or None. Kept for bodies already
    checked in this process: rendering is most of the time of reading a catalog, which the build,
    the review (at BASE and HEAD) and each `mkdocs serve` rebuild after an edit read again, with
    the same bodies but the one edited."""
    for number, line in enumerate(body.splitlines(), 1):
        without_br = _BR.sub("", line)
        found = _RAW_HTML.search(without_br)
        if found:
            tag = without_br[found.start():].split(">", 1)[0] + ">"
            return number, (f"raw HTML '{_shown(tag)}' is not allowed in a policy source; "
                            "write the text without markup (only <br> is allowed)")
        attrs = _ATTR_LIST.search(line)
        if attrs:
            return number, (f"the attribute list '{_shown(attrs.group())}' is not allowed; "
                            "use only {#id} or {.class} after a heading or paragraph")
    import markdown  # only when there is a body to check

    checker = _RenderedCheck()
    checker.feed(markdown.Markdown(extensions=_EXTENSIONS).convert(body))
    checker.close()
    if checker.problems:
        needle, cause = checker.problems[0]
        return _line_of(body, needle), cause
    return None

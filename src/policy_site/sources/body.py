"""A policy body is text with Markdown structure, never markup that runs in a reader's browser.

The body is parsed by Python-Markdown with the site's own extensions
(:mod:`policy_site.sources.extensions`) and a guard (:mod:`policy_site.sources.constructs`) that
records every construct outside the closed Markdown the redline models, as the parser makes it.
What the parser stashed as raw HTML must be ``<br>`` or a character reference; the HTML it renders
is then read as a browser reads it: link targets (only ``https:``, ``http:``, ``mailto:``, paths
inside the site, and ``not-captured:`` for a link a capture lost) and characters (a reference such as ``&#x202E;`` may not give what the source may
not contain typed, :mod:`policy_site.sources.characters`). The first problem in the source wins;
its line is found from the piece of source the parser handed over.
"""

from __future__ import annotations

import functools
import re
from html import unescape
from html.parser import HTMLParser
from typing import Protocol
from urllib.parse import urlsplit

from policy_site.redline.model import NOT_CAPTURED
from policy_site.sources.characters import (decode_reference, find_forbidden_character, is_forbidden_character,
                                            list_reference_problems)

LINK_SCHEMES = ("https", "http", "mailto")
_BR = re.compile(r"<br\s*/?>", re.I)
# The reference forms the redline decodes as a browser does (policy_site.redline.inline).
_REDLINE_REFERENCE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_RAW_HTML = ("raw HTML '{tag}' is not allowed in a policy source; write the text without markup "
             "(only <br> is allowed; write < and > of the wording as &lt; and &gt;)")


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


def _shown(text: str, limit: int = 40) -> str:
    text = re.sub(r"[\x00-\x1f\x7f]", " ", text)
    return text if len(text) <= limit else text[:limit] + "…"


def check_link_target(target: str) -> str | None:
    """Why ``target`` may not be a link of the site, or None. Browsers drop tabs and newlines
    inside a URL and treat ``\\`` as ``/``, so the check does too."""
    if target == NOT_CAPTURED:
        return None
    url = re.sub(r"[\t\n\r]", "", target).strip().replace("\\", "/")
    if url.startswith("//"):
        return f"link target '{_shown(target)}' points to another site without a scheme; write https://…"
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return f"link target '{_shown(target)}' is not a valid URL; correct it"
    if scheme and scheme not in LINK_SCHEMES:
        return (f"link target '{_shown(target)}' is not allowed; links may use "
                + ", ".join(f"{s}:" for s in LINK_SCHEMES) + " or a path inside the site "
                f"({NOT_CAPTURED} marks a link whose target was not captured)")
    return None


class _RenderedCheck(HTMLParser):
    """The rendered HTML as a browser reads it: link targets, and characters typed (references
    are read by :func:`policy_site.sources.characters.list_reference_problems`)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.problems: list[tuple[str, str]] = []  # (text to find in the source, cause)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            value = value or ""
            if name == "href" and tag == "a":
                cause = check_link_target(value)
                if cause:
                    self.problems.append((value.strip()[:12] or value, cause))

    handle_startendtag = handle_starttag

    def handle_data(self, data: str) -> None:
        index = find_forbidden_character(data)
        if index is not None:
            self.problems.append((data[index], f"control character U+{ord(data[index]):04X} is not allowed; "
                                               "remove it"))


def list_body_problems(body: str) -> list[tuple[int, str]]:
    """Every problem of ``body`` as ``(line, cause)``, first in the source first."""
    import markdown  # only when there is a body to check

    # Python-Markdown and its extensions load with them: escape_markdown_text above needs neither.
    from policy_site.sources.constructs import ConstructGuard
    from policy_site.sources.extensions import load_markdown_extensions

    names, options = load_markdown_extensions()
    md = markdown.Markdown(extensions=names, extension_configs=options)
    guard = ConstructGuard(md)
    # As the page has it: the site puts the body into the page without the spaces at its ends, of
    # any kind (a U+3000 ending the last paragraph is not on the page; policy_site.site.pages).
    html = md.convert(body.strip())
    found: list[tuple[str, str, int]] = list(guard.refusals)
    for entry in md.htmlStash.rawHtmlBlocks:
        raw = entry if isinstance(entry, str) else f"<{entry.tag} markdown>"  # HTML with markdown="1"
        if not raw.strip() or _BR.fullmatch(raw.strip()):
            continue
        if raw.startswith("&") and raw.endswith(";"):  # a character reference (Python-Markdown's ENTITY_RE)
            engine = unescape(raw) if _REDLINE_REFERENCE.fullmatch(raw) else raw
            browser = decode_reference(raw)
            if browser != engine and not any(ch == "\ufffd" or is_forbidden_character(ch) for ch in browser):
                found.append((raw, f"the character reference '{_shown(raw)}' is not one a browser reads as "
                                   "the redline does; write the character itself", 0))
            continue
        tag = re.match(r"<[^>\n]*>?", raw.strip())
        found.append((raw, _RAW_HTML.format(tag=_shown(tag.group() if tag else raw.strip())), 0))
    rendered = _RenderedCheck()
    rendered.feed(html)
    rendered.close()
    found += [(needle, cause, 0) for needle, cause in rendered.problems]
    lines = [line.expandtabs(4) for line in body.split("\n")]
    located = [(_locate(lines, needle), rank, cause) for needle, cause, rank in found]
    located += [(line, 0, cause) for line, cause in list_reference_problems(html, body)]
    # A problem whose piece of source cannot be found (HTML the parser made of a construct that is
    # refused by its own line too) comes after those that can, on line 1.
    located.sort(key=lambda problem: (problem[0] is None, problem[0] or 0, problem[1]))
    if not located:  # within the closed Markdown: the redline must read what the page shows
        from policy_site.sources.agreement import check_agreement  # the redline engine: only for a clean body

        disagreement = check_agreement(body, html)
        return [disagreement] if disagreement else []
    return [(line or 1, cause) for line, _, cause in located]


def _locate(lines: list[str], needle: str) -> int | None:
    """The first line that is (else starts with, else contains) the first line of ``needle``."""
    raw = next((line.rstrip() for line in needle.split("\n") if line.strip()), "").split("\x02", 1)[0]
    needle = raw.strip()  # the parser's placeholders (\x02…\x03) are not source text
    if not needle:
        return None
    for test in (lambda line: line.rstrip() == raw, lambda line: line.lstrip(" >").startswith(needle),
                 lambda line: needle in line):
        for number, line in enumerate(lines, 1):
            if test(line):
                return number
    return None


class CheckedBodies(Protocol):
    """Bodies known to pass this very check (the plugin's persistent cache, by a digest of the body
    and of the checker): only a pass is kept, so a problem is always found and told anew."""

    def recall(self, body: str) -> bool: ...

    def keep(self, body: str) -> None: ...


def check_body(body: str, checked: CheckedBodies | None = None) -> None:
    """Raise :class:`BodyError` for the first construct in ``body`` outside the closed Markdown."""
    if checked is not None and checked.recall(body):
        return
    problem = _find_problem(body)
    if problem is not None:
        raise BodyError(*problem)
    if checked is not None:
        checked.keep(body)


@functools.lru_cache(maxsize=256)
def _find_problem(body: str) -> tuple[int, str] | None:
    """The first problem of ``body``, kept for bodies already checked in this process: rendering is
    most of the time of reading a catalog, which the build, the review (at BASE and HEAD) and each
    `mkdocs serve` rebuild after an edit read again, with the same bodies but the one edited."""
    problems = list_body_problems(body)
    return problems[0] if problems else None

"""Links from the bundle's pages to its PDFs: a reader of the offline site finds the PDF of the page
open (policy and comparison pages) and every PDF of a language on that language's home page.

Only the bundle has PDFs, so the links are written into its pages after the offline build (the
online site is built without them and stays as it was). They are written after the PDFs are
printed: a PDF does not link to itself.
"""

from __future__ import annotations

import posixpath
import re
from html import escape
from pathlib import Path

_H1_END = re.compile(r"</h1>")
_ARTICLE_END = re.compile(r"</article>")
LINK_CLASS = "bundle-pdf-link"
LIST_ID = "bundle-pdfs"


def _insert(html: str, pattern: re.Pattern, snippet: str, *, after: bool, page: str) -> str:
    match = pattern.search(html)
    if match is None:
        raise ValueError(f"Linking the PDFs: the offline page '{page}' has no {pattern.pattern}; "
                         "the theme's page template must keep Material's article and title")
    at = match.end() if after else match.start()
    return html[:at] + snippet + html[at:]


def _href(page: str, name: str) -> str:
    return posixpath.relpath(f"pdf/{name}", posixpath.dirname(page) or ".")


def insert_pdf_links(site_dir: Path, links: list[tuple[str, str, str]]) -> None:
    """Put after the title of each page a link to its PDF: ``links`` are (page, PDF name, words)."""
    for page, name, words in links:
        target = site_dir / page
        html = target.read_text(encoding="utf-8")
        snippet = (f'\n<p class="{LINK_CLASS}"><a href="{escape(_href(page, name))}" type="application/pdf">'
                   f'{escape(words)}</a></p>')
        target.write_text(_insert(html, _H1_END, snippet, after=True, page=page), encoding="utf-8")


def insert_pdf_list(site_dir: Path, home: str, heading: str, entries: list[tuple[str, str]]) -> None:
    """Put at the end of a language's ``home`` page the list of its PDFs: ``entries`` are (PDF name, title)."""
    target = site_dir / home
    items = "\n".join(f'<li><a href="{escape(_href(home, name))}" type="application/pdf">{escape(title)}</a></li>'
                      for name, title in entries)
    snippet = f'<h2 id="{LIST_ID}">{escape(heading)}</h2>\n<ul class="{LIST_ID}">\n{items}\n</ul>\n'
    html = target.read_text(encoding="utf-8")
    target.write_text(_insert(html, _ARTICLE_END, snippet, after=False, page=home), encoding="utf-8")

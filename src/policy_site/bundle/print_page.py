"""What makes a bundle PDF citable: the running header and footer, the bookmarks, the links.

A lawyer cites a printed page by document, revision and page: every page of a PDF carries the
document's title with its revision date(s) in the header and its permanent public address and
"page n of N" (in the PDF's language) in the footer, drawn by Chromium's header and footer
templates in the print font (policy_site.bundle.print_fonts: the templates are printed apart from
the page and would otherwise use the system's CJK font, whose text extracts as radicals).

Chromium tags the PDF (the page's ``lang`` becomes its /Lang) and builds its bookmarks from the
headings of that structure. The 新旧対照表 holds its headings as table cells
(``p.redline-heading``); while printing they are given the heading level of the same block in the
inline view (``#redline-N`` for ``#s-redline-N``), so the comparison has bookmarks as well. Links
inside the document (the change summary's ``#s-redline-N``) are kept and become links to the row;
links to other pages of the bundle point at the same page of the published site, since the PDF
leaves the bundle's folder.
"""

from __future__ import annotations

from html import escape
from urllib.parse import urlsplit

from policy_site.site.strings import t

# Chromium draws the templates in the page margins at a scale of its own: sizes are given here.
_BOX = ("font-size: 8pt; width: 100%; margin: 0 16mm; display: flex; justify-content: space-between; "
        "gap: 6mm; color: #444; font-family: {stack};")
_LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "0.0.0.0"}


def check_public_address(site_url: str | None) -> str:
    """The site's public address, which every PDF names as its permanent URL and the feeds,
    sitemap and canonical links carry; a bundle that names a local address cannot be cited."""
    parts = urlsplit(site_url or "")
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.hostname in _LOCAL_HOSTS:
        shown = f"'{site_url}'" if site_url else "not set"
        raise ValueError(f"Making the bundle: site_url in mkdocs.yml is {shown}, not the public address the PDFs, "
                         "feeds and canonical links must name; set SITE_URL to the address the site is published at "
                         "(e.g. SITE_URL=https://example.org/policies/ policy-site bundle)")
    return site_url if site_url.endswith("/") else site_url + "/"


def render_page_words(locale: str) -> str:
    """"Page n of N" in ``locale`` with Chromium's page number fields (private-use placeholders:
    the typography of t() uses NUL for its own)."""
    return escape(t(locale, "pdf_page", page="\ue000", pages="\ue001")).replace(
        "\ue000", '<span class="pageNumber"></span>').replace("\ue001", '<span class="totalPages"></span>')


def render_running_text(locale: str, title: str, url: str) -> str:
    """Every character the header and footer print (the print font must hold them)."""
    return title + url + t(locale, "pdf_page", page="0123456789", pages="")


def render_header_footer(locale: str, title: str, url: str, font_css: str, stack: str) -> tuple[str, str]:
    """The header (title with the revision dates) and footer (permanent URL, page n of N)."""
    box = _BOX.format(stack=stack)
    header = (f'<style>{font_css}</style><div lang="{escape(locale)}" style="{box}">'
              f'<span>{escape(title)}</span></div>')
    footer = (f'<style>{font_css}</style><div lang="{escape(locale)}" style="{box}">'
              f'<span>{escape(url)}</span><span style="white-space: nowrap">{render_page_words(locale)}</span></div>')
    return header, footer


# Run on the opened page before printing (arguments: the site's folder as a file: URL ending in
# "/", and the public address ending in "/").
PREPARE_FOR_PRINT = """([root, site]) => {
  document.querySelectorAll('.redline-side-by-side .redline-heading[id]').forEach(cell => {
    const twin = document.getElementById(cell.id.replace(/^s-/, ''));
    const level = twin && /^H[1-6]$/.test(twin.tagName) ? twin.tagName.slice(1) : '2';
    cell.setAttribute('role', 'heading');
    cell.setAttribute('aria-level', level);
  });
  document.querySelectorAll('a[href]').forEach(a => {
    if (a.getAttribute('href').startsWith('#') || !a.href.startsWith('file:')) return;
    if (!a.href.startsWith(root)) { a.removeAttribute('href'); return; }  // would embed a local path
    const [path, fragment] = a.href.slice(root.length).split('#');
    const page = path.replace(/(^|\\/)index\\.html$/, '$1').replace(/\\.html$/, '/');
    a.href = site + page + (fragment === undefined ? '' : '#' + fragment);
  });
}"""

"""The URL contract of the site: every page path, anchor and absolute link is built here.

Pages are named by locale-neutral Markdown paths (``privacy/history.md``); MkDocs turns them into
``privacy/history/`` on the web and ``privacy/history.html`` in the offline bundle, so anything
written outside MkDocs' link resolution (the Atom feed, the bundle's PDFs) goes through
:func:`page_url` with the build's ``use_directory_urls`` instead of assuming directory URLs.
Permanent links (a revision's page, its ``rev-<date>`` anchor, a comparison's page) never change
once published: change them here only with redirects.
"""

from __future__ import annotations

import posixpath
import re
from datetime import date


FEED_NAME = "feed.xml"
TIMELINE_PAGE = "history.md"
HOME_PAGE = "index.md"
COMPARE_SEPARATOR = "..."  # as in GitHub's compare URLs: /compare/<old>...<new>
_COMPARE_STEM = re.compile(r"^(\d{4}-\d{2}-\d{2})\.\.\.(\d{4}-\d{2}-\d{2})$")


def revision_anchor(effective: date) -> str:
    """The anchor of a revision's entry on its policy's history page."""
    return f"rev-{effective.isoformat()}"


def policy_page(policy: str) -> str:
    """The revision in effect."""
    return f"{policy}/index.md"


def revision_page(policy: str, effective: date) -> str:
    """The permanent link of one revision."""
    return f"{policy}/{effective.isoformat()}.md"


def history_page(policy: str) -> str:
    return f"{policy}/history.md"


def compare_page(policy: str, old: date, new: date) -> str:
    """The redline of two revisions of one policy, older first: ``privacy/compare/2009-02-10...2022-04-01``."""
    if old >= new:
        raise ValueError(f"compare_page: {old} is not before {new}")
    return f"{policy}/compare/{old.isoformat()}{COMPARE_SEPARATOR}{new.isoformat()}.md"


def parse_compare_page(path: str) -> tuple[str, date, date] | None:
    """``(policy, old, new)`` of a comparison page path, else None."""
    parts = path.split("/")
    if len(parts) != 3 or parts[1] != "compare" or not parts[2].endswith(".md"):
        return None
    match = _COMPARE_STEM.match(parts[2][:-3])
    if match is None:
        return None
    return parts[0], date.fromisoformat(match.group(1)), date.fromisoformat(match.group(2))


def variant_compare_page(policy: str) -> str:
    """A variant policy compared with the policy it varies (``privacy-china/compare/``)."""
    return f"{policy}/compare.md"


def locale_prefix(locale: str, default: str) -> str:
    """The folder of a locale's pages: the ``default`` locale at the root."""
    return "" if locale == default else f"{locale}/"


def feed_path(locale: str, default: str) -> str:
    return locale_prefix(locale, default) + FEED_NAME


def page_url(path: str, *, use_directory_urls: bool) -> str:
    """The URL of a page relative to its locale's root, as MkDocs writes it."""
    stem = path[:-3] if path.endswith(".md") else path
    if use_directory_urls:
        if stem == "index" or stem.endswith("/index"):
            return stem[:-5]
        return stem + "/"
    return stem + ".html"


def link(from_page: str, to_page: str, anchor: str | None = None) -> str:
    """A relative Markdown link between two pages (MkDocs maps it to either URL style)."""
    target = posixpath.relpath(to_page, posixpath.dirname(from_page) or ".")
    return target + (f"#{anchor}" if anchor else "")



def locale_href(from_page: str, from_locale: str, to_page: str, to_locale: str, *, default: str,
                use_directory_urls: bool) -> str:
    """A relative URL from a page of one locale to a page of another, for raw HTML: MkDocs resolves
    Markdown links only within the locale being built. ``default``: the locale at the root."""
    here = locale_prefix(from_locale, default) + page_url(from_page, use_directory_urls=use_directory_urls)
    there = locale_prefix(to_locale, default) + page_url(to_page, use_directory_urls=use_directory_urls)
    folder = here.rstrip("/") if here.endswith("/") or not here else posixpath.dirname(here)
    target = posixpath.relpath(there.rstrip("/") or ".", folder or ".")
    return target + "/" if there.endswith("/") or not there else target

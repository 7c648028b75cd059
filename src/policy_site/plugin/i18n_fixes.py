"""Named fixes for what static-i18n (1.3), Material and MkDocs leave wrong on a multilingual site.

Each is one function the plugin calls from one event, so that it can be removed in one place when
upstream fixes it.
"""

from __future__ import annotations

import gzip
import re
import shutil
from copy import deepcopy
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files, InclusionLevel

from policy_site.plugin.files import default_locale


def skip_theme_copies(files: Files, config: MkDocsConfig) -> None:
    """Each locale's build after the default's copies the theme's files again, from the same
    sources to the same places at the site's root (static-i18n builds every locale into one
    site_dir): about a fifth of a small site's build, writing the bytes already there. In those
    builds the theme's files are left out of the copying (excluded, as MkDocs excludes a file it
    does not write; none is a page or a link target of one)."""
    folders = [Path(folder).resolve() for folder in config.theme.dirs]
    docs = Path(config.docs_dir).resolve()  # a locale's own files, each to its own place, are copied
    for file in files:
        if file.is_documentation_page() or file.generated_by is not None or not file.abs_src_path:
            continue
        source = Path(file.abs_src_path).resolve()
        if not source.is_relative_to(docs) and any(source.is_relative_to(folder) for folder in folders):
            file.inclusion = InclusionLevel.EXCLUDED


def point_404_switcher(config: MkDocsConfig) -> None:
    """The 404 page's language switcher leads to the other locales' 404 pages (static-i18n points
    it at pages that do not exist for a missing path)."""
    if not config.extra.get("alternate"):
        return
    base = urlsplit(config.site_url or "/").path.rstrip("/")
    links = deepcopy(config.extra["alternate"])
    for alternate in links:
        prefix = "" if alternate["lang"] == default_locale(config) else f"/{alternate['lang']}"
        alternate["link"] = f"{base}{prefix}/404.html"
    # static-i18n sets the attribute on pages and the item in on_config; Jinja reads the attribute.
    config.extra["alternate"] = links
    config.extra.alternate = links


def keep_locale_404(site: Path, locale: str, default: str, root_404: bytes | None) -> bytes | None:
    """Every locale's build writes the root ``404.html`` (static-i18n #284): keep each locale's copy
    in its own folder and the default locale's at the root. Returns the root page to keep (read in
    the default locale's build, which runs first)."""
    not_found = site / "404.html"
    if locale == default:
        return not_found.read_bytes() if not_found.exists() else None
    if not_found.exists() and root_404 is not None:
        (site / locale).mkdir(exist_ok=True)
        not_found.replace(site / locale / "404.html")
        not_found.write_bytes(root_404)
    return root_404


def copy_sitemap(site: Path, locale: str, default: str) -> None:
    """Material's language selector reads each language's ``sitemap.xml``; static-i18n writes one
    sitemap (with every language's pages) at the root only."""
    if locale != default and (site / "sitemap.xml").exists():
        shutil.copyfile(site / "sitemap.xml", site / locale / "sitemap.xml")


_LASTMOD = re.compile(r"\s*<lastmod>[^<]*</lastmod>")


def drop_sitemap_dates(site: Path) -> None:
    """MkDocs stamps every sitemap entry (and the gzip header) with the build date: the daily
    build would announce every page as changed that day, and two days' builds would differ in
    pages nothing changed. A page changes only when another revision takes effect, which no date
    in the sitemap says; the entries keep their addresses only."""
    sitemap = site / "sitemap.xml"
    if not sitemap.exists():
        return
    text = _LASTMOD.sub("", sitemap.read_text(encoding="utf-8"))
    sitemap.write_text(text, encoding="utf-8")
    packed = site / "sitemap.xml.gz"
    if packed.exists():
        packed.write_bytes(gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0))

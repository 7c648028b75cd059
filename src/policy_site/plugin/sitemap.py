"""Pages that search engines are not to list: out of every sitemap the build writes.

A reconstruction is not the company's text. Its page says so and carries
``<meta name="robots" content="noindex">`` (policy_site/theme/main.html); listing it in the sitemap would
ask search engines to index exactly what the meta tag tells them not to, so it is left out of
``sitemap.xml`` (and ``sitemap.xml.gz``, which MkDocs writes beside it) at the root and in each
locale's folder (see :func:`policy_site.plugin.i18n_fixes.copy_sitemap`).
"""

from __future__ import annotations

import gzip
import re
from pathlib import Path
from urllib.parse import urlsplit

_URL_ENTRY = re.compile(r"\n?[ \t]*<url>.*?</url>", re.S)
_LOC = re.compile(r"<loc>([^<]*)</loc>")


def drop_from_sitemaps(site: Path, site_url: str | None, paths: list[str]) -> None:
    """Remove the ``<url>`` entries of ``paths`` (site paths such as ``en/privacy/2009-02-10/``)."""
    if not paths:
        return
    root = urlsplit(site_url or "/").path.rstrip("/") + "/"
    unlisted = {root + path for path in paths}
    for sitemap in sorted(site.glob("**/sitemap.xml")):
        text = sitemap.read_text(encoding="utf-8")
        kept = _URL_ENTRY.sub(lambda entry: "" if _listed_path(entry.group(0)) in unlisted else entry.group(0), text)
        if kept == text:
            continue
        sitemap.write_text(kept, encoding="utf-8")
        packed = sitemap.with_name(sitemap.name + ".gz")
        if packed.is_file():  # as i18n_fixes.drop_sitemap_dates writes it: no name, no date
            packed.write_bytes(gzip.compress(kept.encode("utf-8"), compresslevel=9, mtime=0))


def _listed_path(entry: str) -> str | None:
    match = _LOC.search(entry)
    return urlsplit(match.group(1)).path if match else None

"""Pages that search engines are not to list: out of every sitemap the build writes.

A reconstruction is not the company's text. Its page says so and carries
``<meta name="robots" content="noindex">`` (overrides/main.html); listing it in the sitemap would
ask search engines to index exactly what the meta tag tells them not to, so it is left out of
``sitemap.xml`` (and ``sitemap.xml.gz``, which MkDocs writes beside it) at the root and in each
locale's folder (see :func:`policy_site.plugin.i18n_fixes.copy_sitemap`).
"""

from __future__ import annotations

import gzip
import io
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
        if packed.is_file():
            _write_gzip_like(packed, kept.encode("utf-8"))


def _listed_path(entry: str) -> str | None:
    match = _LOC.search(entry)
    return urlsplit(match.group(1)).path if match else None


def _write_gzip_like(packed: Path, data: bytes) -> None:
    """Rewrite MkDocs' gzip copy with the same header (name, timestamp): the build stays reproducible."""
    with gzip.GzipFile(packed, "rb") as old:
        old.read()
        mtime = old.mtime
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, filename=str(packed), mode="wb", mtime=mtime) as new:
        new.write(data)
    packed.write_bytes(buffer.getvalue())

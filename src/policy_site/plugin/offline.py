"""What an offline (file://) copy of the site must and must not contain.

Material's offline plugin loads the iframe-worker shim from a CDN; an archive that must work with
nothing else takes it from the package instead (``vendor/``: the npm package's file, unchanged, with
its licence), so that any site's offline build needs no npm. And an archive for auditors must never make a
request elsewhere, so every page is scanned for resources from another origin before it is packed.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

SHIM_PACKAGE_PATH = Path(__file__).resolve().parent / "vendor" / "iframe-worker-shim.js"
SHIM_SITE_PATH = "assets/javascripts/iframe-worker-shim.js"

# Attributes through which a browser fetches something by itself (not links a reader follows).
_FETCHING = {
    "script": ("src",), "img": ("src", "srcset"), "iframe": ("src",), "source": ("src", "srcset"),
    "video": ("src", "poster"), "audio": ("src",), "embed": ("src",), "object": ("data",),
    "track": ("src",), "input": ("src",),
}
_FETCHING_LINK_RELS = {"stylesheet", "icon", "preload", "prefetch", "manifest", "modulepreload",
                       "apple-touch-icon", "preconnect", "dns-prefetch"}
_CSS_URL = re.compile(r"url\(\s*['\"]?((?:https?:)?//[^'\")\s]+)", re.I)
_IMPORT = re.compile(r"@import\s+['\"]((?:https?:)?//[^'\"]+)", re.I)


def is_foreign(url: str) -> bool:
    url = url.strip()
    return url.startswith(("http://", "https://", "//"))


class _ResourceParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "link" and set(values.get("rel", "").lower().split()) & _FETCHING_LINK_RELS:
            self.urls.append(values.get("href", ""))
        for name in _FETCHING.get(tag, ()):
            if name in values:
                self.urls.extend(part.strip().split(" ")[0] for part in values[name].split(","))
        if "style" in values:
            self.urls.extend(_CSS_URL.findall(values["style"]))
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.urls.extend(_CSS_URL.findall(data) + _IMPORT.findall(data))


def find_foreign_resources(site_dir: Path) -> list[tuple[str, str]]:
    """(page, url) for every resource of another origin that a page or stylesheet would load."""
    found: list[tuple[str, str]] = []
    for path in sorted(site_dir.rglob("*")):
        rel = path.relative_to(site_dir).as_posix()
        if path.suffix == ".html":
            parser = _ResourceParser()
            parser.feed(path.read_text(encoding="utf-8"))
            found.extend((rel, url) for url in parser.urls if is_foreign(url))
        elif path.suffix == ".css":
            css = path.read_text(encoding="utf-8")
            found.extend((rel, url) for url in _CSS_URL.findall(css) + _IMPORT.findall(css))
    return found

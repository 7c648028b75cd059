"""``policy-site check``: the test of any policy site, made with ``policy-site init`` or not.

Three things, each problem one line: the strict build (which already stops on a bad source or
registry, and warns, so fails, on every translation out of parity with its source, where the site
declares translations), MkDocs' own link validation (a warning, so a failure, in a strict build),
and the links of the built pages: every link or asset inside the site must name a file the build
wrote, which MkDocs does not check for the pages the plugin generates.
"""

from __future__ import annotations

import os
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from policy_site.plugin.build import BuildResult, run_strict_build

MAX_LINK_PROBLEMS = 50  # a broken template breaks every page: the first ones say enough


def check_site(root: Path, work: Path, *, env: dict[str, str] | None = None) -> list[str]:
    """The problems of the site at ``root`` (one line each; none: it is fine), built into ``work``."""
    site = work / "site"
    result = run_strict_build(root / "mkdocs.yml", site, env=env, cwd=root)
    if not result.ok:
        return list_build_problems(result)
    return check_links(site)


def list_build_problems(result: BuildResult) -> list[str]:
    """Every ERROR and WARNING line MkDocs logged, without its level prefix, in order and once;
    else the one line :attr:`BuildResult.error` gives."""
    lines = []
    for line in result.stderr.splitlines():
        if line.startswith(("ERROR", "WARNING")):
            text = line.split(" -  ", 1)[-1].strip()
            if text and text not in lines and not text.startswith("Aborted with "):
                lines.append(text)
    return lines or [result.error or "the build failed"]


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.targets: list[str] = []

    def handle_starttag(self, tag: str, attrs) -> None:
        for name, value in attrs:
            if value and (name == "href" or (name == "src" and tag in ("script", "img", "iframe"))):
                self.targets.append(value)


def check_links(site: Path) -> list[str]:
    """Links between the built pages: each relative or root-relative ``href``/``src`` of every
    HTML page must name a file of the site (a folder: its ``index.html``)."""
    problems: list[str] = []
    for page in sorted(site.rglob("*.html")):
        rel = page.relative_to(site).as_posix()
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8", errors="replace"))
        for target in dict.fromkeys(parser.targets):
            parts = urlsplit(target)
            if parts.scheme or parts.netloc or not parts.path:
                continue  # another site, mailto:, or a place in this page
            path = unquote(parts.path)
            if path.startswith("/"):
                resolved = PurePosixPath(path.lstrip("/"))
            else:
                resolved = PurePosixPath(os.path.normpath(PurePosixPath(rel).parent / path).replace(os.sep, "/"))
            if resolved.parts[:1] == ("..",):
                problems.append(f"Checking links '{rel}': '{target}' leads outside the site; link a page of the site")
                continue
            file = site / resolved
            if file.is_dir():
                file = file / "index.html"
            if not file.is_file():
                problems.append(f"Checking links '{rel}': '{target}' names no page or file of the site; "
                                "correct the link or add what it names")
            if len(problems) >= MAX_LINK_PROBLEMS:
                return problems
    return problems

"""The review checks what will be published, not only the files it recognises.

It builds, with the same strict build as CI and in a temporary git worktree, BASE's generator
(configuration, hooks, templates, ``src/``) with HEAD's reviewed policy sources, registry and
glossary copied in: what the reviewed sources alone publish, built by code already merged. That
build must succeed (else the reviewed sources are flagged). It is compared, visible text of every
page and feed, with HEAD's site when there is one to compare with:

* ``head_site`` — the site HEAD's own CI job built, read as data only (never run), so a site that
  does not match its sources is flagged like any change outside them;
* ``trust_head`` — HEAD built here as it is, which runs the pull request's code on this machine:
  only when asked for explicitly.

Without either, HEAD's own code is not run at all. That loses nothing the review certifies: any
change outside the policy sources, the registry and the glossary is flagged "site code changed"
anyway (:mod:`policy_site.review.merge`), and without one the two builds are the same tree.

Either side fails closed: a side without ``mkdocs.yml``, with its configuration under another name
(``mkdocs.yaml``, which MkDocs also reads), a worktree git cannot make, or a build that fails is
flagged, never "not checked".
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from policy_site.plugin.build import run_strict_build
from policy_site.redline import Redline
from policy_site.redline.store import RedlineStore, load_redline
from policy_site.review.git import run_git

CONFIG_FILE = "mkdocs.yml"
OTHER_CONFIG_FILES = ("mkdocs.yaml",)  # what MkDocs also reads when no -f is given
BUILD_TIMEOUT = 900  # seconds; the real site builds in well under a minute
MAX_PAGE_BYTES = 20_000_000  # the largest real page is well under 1 MB

_SKIP = {"script", "style", "template", "noscript", "svg"}
_BLOCK = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th", "div", "table", "section", "article",
          "nav", "header", "footer", "details", "summary", "blockquote", "pre", "br", "dt", "dd", "title",
          "entry", "summary", "content", "subtitle"}
_VOID = {"br", "img", "meta", "link", "input", "hr", "wbr", "source", "area", "base", "col", "embed", "track"}


@dataclass
class PageChange:
    """A built page or feed whose visible text is not what the reviewed sources would publish."""

    path: str               # relative to the site folder
    change: str             # "changed", "added", "removed"
    redline: Redline | None


@dataclass
class SiteCheck:
    """The outcome of building and comparing the site; ``note`` says why it did not run."""

    ran: bool
    note: str = ""
    pages: list[PageChange] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # one line per side that could not be built or read
    seconds: float = 0.0
    head_site_given: bool = False  # HEAD's side is a site built elsewhere (--head-site), not built here
    head_built: bool = False       # HEAD was built here as it is (--trust-head)

    @property
    def flagged(self) -> bool:
        return bool(self.pages or self.errors)


class _VisibleText(HTMLParser):
    """Text a reader sees: no scripts, styles or hidden elements; one line per block."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.stack: list[tuple[str, bool]] = []  # (tag, hides its content)

    def _hidden(self) -> bool:
        return any(hides for _, hides in self.stack)

    def handle_starttag(self, tag, attrs):
        names = {name for name, _ in attrs}
        hides = tag in _SKIP or "hidden" in names
        if tag in _BLOCK:
            self.parts.append("\n")
        if tag not in _VOID:
            self.stack.append((tag, hides))

    def handle_startendtag(self, tag, attrs):
        if tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break
        if tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self._hidden():
            self.parts.append(data)


def load_visible_text(markup: str) -> str:
    """The visible text of an HTML page or an Atom feed, one block per paragraph, spaces collapsed."""
    parser = _VisibleText()
    parser.feed(markup)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).split("\n"))
    return "\n\n".join(line for line in lines if line)


def load_site_texts(site: Path) -> dict[str, str]:
    """Visible text of every page (``*.html``) and feed (``*.xml`` but the sitemaps) of a built site.
    Symbolic links are skipped (a site handed over as data may point outside itself); a page over
    ``MAX_PAGE_BYTES`` is read as its size only, so a crafted site cannot exhaust the reviewer."""
    texts = {}
    for path in sorted(site.rglob("*")):
        if path.is_symlink() or not path.is_file() or path.suffix not in (".html", ".xml") \
                or path.name.startswith("sitemap"):
            continue
        if path.stat().st_size > MAX_PAGE_BYTES:
            texts[path.relative_to(site).as_posix()] = f"(a page of {path.stat().st_size} bytes, over the review's limit)"
            continue
        texts[path.relative_to(site).as_posix()] = load_visible_text(path.read_text(encoding="utf-8", errors="replace"))
    return texts


def build_site(project: Path, site: Path, *, epoch: str) -> str | None:
    """A strict build of ``project`` into ``site`` with this interpreter's MkDocs and the project's
    own ``src/`` first on the path; the first error line on failure, else None."""
    src = project / "src"
    return run_strict_build(project / "mkdocs.yml", site, env={"SOURCE_DATE_EPOCH": epoch},
                            pythonpath=src if src.is_dir() else None, timeout=BUILD_TIMEOUT, cwd=project).error


def _has_file(repo: Path, commit: str | None, name: str) -> bool:
    if commit is None:
        return (repo / name).is_file()
    return run_git(repo, "cat-file", "-e", f"{commit}:{name}").returncode == 0


def check_configuration(repo: Path, commit: str | None, side: str) -> str | None:
    """Why ``side`` cannot be built as CI builds it (``-f mkdocs.yml``), or None."""
    others = [name for name in OTHER_CONFIG_FILES if _has_file(repo, commit, name)]
    if not _has_file(repo, commit, CONFIG_FILE):
        if others:
            return (f"{side} has no {CONFIG_FILE} but {others[0]}: the build and CI read {CONFIG_FILE} only, so "
                    f"what {side} publishes cannot be checked; name the configuration {CONFIG_FILE}")
        return f"{side} has no {CONFIG_FILE}: the site cannot be built, so what it publishes cannot be checked"
    if others:
        return (f"{side} has {others[0]} besides {CONFIG_FILE}: a build without -f may read either; remove "
                f"{others[0]}")
    return None


def _add_worktree(repo: Path, tree: Path, commit: str, made: list[Path]) -> bool:
    """A detached temporary worktree of ``commit`` at ``tree``, remembered in ``made`` for clean-up."""
    if run_git(repo, "worktree", "add", "--detach", "--quiet", str(tree), commit).returncode != 0:
        return False
    made.append(tree)
    return True


def _write(tree: Path, rel: str, data: bytes) -> None:
    target = tree / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)


def _compare(expected: Path, actual: Path, locale_of, store: RedlineStore | None = None) -> list[PageChange]:
    pages = []
    old_texts, new_texts = load_site_texts(expected), load_site_texts(actual)
    for path in sorted(set(old_texts) | set(new_texts)):
        old, new = old_texts.get(path), new_texts.get(path)
        if old == new:
            continue
        change = "added" if old is None else "removed" if new is None else "changed"
        pages.append(PageChange(path, change, load_redline(old or "", new or "", locale=locale_of(path), store=store)))
    return pages


def check_site(repo: Path, base_commit: str, head_commit: str | None, *, sources: dict[str, bytes],
               data_files: dict[str, bytes | None], locale_of=lambda path: path.split("/", 1)[0],
               head_site: Path | None = None,
               trust_head: bool = False, store: RedlineStore | None = None) -> SiteCheck:
    """Build expected (BASE's generator with HEAD's reviewed ``sources``, paths under docs/, and
    ``data_files``, paths in the repository: the registry and the glossary) and compare it with
    ``head_site`` (read, never run) or, with ``trust_head``, with HEAD built here."""
    started = time.monotonic()
    errors = [problem for problem in (check_configuration(repo, base_commit, "BASE"),
                                      check_configuration(repo, head_commit, "HEAD")) if problem]
    if errors:
        return SiteCheck(ran=False, note="the site was not built", errors=errors)
    epoch = os.environ.get("SOURCE_DATE_EPOCH") or str(int(time.time()) // 86400 * 86400)
    temp = Path(tempfile.mkdtemp(prefix="policy-review-"))
    worktrees: list[Path] = []
    no_worktree = SiteCheck(ran=False, note="the site was not built",
                            errors=["git could not make a temporary worktree, so the site could not be built and "
                                    "what it publishes was not checked; run the review again"])
    try:
        expected_tree = temp / "expected"
        if not _add_worktree(repo, expected_tree, base_commit, worktrees):
            return no_worktree
        for path in _revision_files(expected_tree / "docs"):
            path.unlink()
        for rel, data in sources.items():
            _write(expected_tree / "docs", rel, data)
        for rel, data in data_files.items():
            if data is None:
                (expected_tree / rel).unlink(missing_ok=True)
            else:
                _write(expected_tree, rel, data)
        actual_tree = None
        if head_site is None and trust_head:
            actual_tree = repo if head_commit is None else temp / "actual"
            if head_commit is not None and not _add_worktree(repo, actual_tree, head_commit, worktrees):
                return no_worktree
        expected_error = build_site(expected_tree, temp / "expected-site", epoch=epoch)
        if expected_error:
            errors.append("the reviewed sources do not build with BASE's generator (CI's strict build fails), so "
                          f"what they publish could not be checked: {expected_error}")
        actual_site: Path | None = None
        if head_site is not None:
            actual_site = Path(head_site)
            if not (actual_site / "index.html").is_file() or actual_site.is_symlink():
                errors.append(f"the site does not build at HEAD (CI's strict build fails): no built site in "
                              f"'{head_site}' (no index.html)")
        elif actual_tree is not None:
            actual_site = temp / "actual-site"
            actual_error = build_site(actual_tree, actual_site, epoch=epoch)
            if actual_error:
                errors.append(f"the site does not build at HEAD (CI's strict build fails): {actual_error}")
        pages = [] if errors or actual_site is None else _compare(temp / "expected-site", actual_site, locale_of, store)
        return SiteCheck(ran=True, pages=pages, errors=errors, seconds=time.monotonic() - started,
                         head_site_given=head_site is not None, head_built=actual_tree is not None)
    finally:
        for tree in worktrees:
            run_git(repo, "worktree", "remove", "--force", str(tree))
        run_git(repo, "worktree", "prune")
        shutil.rmtree(temp, ignore_errors=True)


def _revision_files(docs: Path) -> list[Path]:
    """BASE's revision files in the expected worktree (replaced by HEAD's reviewed ones)."""
    out = []
    if not docs.is_dir():
        return out
    for path in docs.glob("*/*/*"):
        if path.is_file() and not path.is_symlink() and path.parts[-3] != "assets":
            out.append(path)
    return out

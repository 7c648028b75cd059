"""The review checks what will be published, not only the files it recognises.

A pull request can change published wording without touching a policy source: a symbolic link, a
``docs_dir`` change, a hook, a template or the generator itself. So the review builds the site
twice, with the same strict build as CI, in temporary git worktrees:

* **expected** — BASE's generator (configuration, hooks, templates, ``src/``) with HEAD's reviewed
  policy sources and registry copied in: what the reviewed sources alone would publish;
* **actual** — HEAD as it is, or the site HEAD's own CI job built (``head_site``: read as data only,
  so the reviewer never runs the pull request's code, and a build that lies is caught by the text
  comparison like any other change outside the sources).

Then it compares the visible text of every built page and feed. A page whose text differs was
changed by something the source review did not show: flagged "published text changed outside the
policy sources", with its redline. Building BASE's generator on HEAD's sources (rather than BASE as
it was) is what separates the two causes: every difference left is due to something other than
the reviewed sources. Files of the generator that changed are listed ("site configuration
changed"); they are flagged only through the pages they change, so ordinary code changes stay green.
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
from policy_site.redline import Redline, compute_redline
from policy_site.review.git import run_git

CONFIG_PATHS = ("mkdocs.yml", "policies.yml", "glossary.yml", "hooks", "overrides", "docs/assets", "src")
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
    config_changed: list[str] = field(default_factory=list)
    pages: list[PageChange] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # one line per build that failed
    seconds: float = 0.0
    head_site_given: bool = False  # HEAD's side is a site built elsewhere (--head-site), not built here

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


def _changed_config(repo: Path, base: str, head: str | None) -> list[str]:
    args = ["diff", "--name-only", "-z", "--no-renames", base] + ([head] if head else []) + ["--", *CONFIG_PATHS]
    out = run_git(repo, *args).stdout
    names = {os.fsdecode(name) for name in out.split(b"\0") if name}
    if head is None:  # untracked files of the working tree count too
        untracked = run_git(repo, "ls-files", "-z", "--others", "--exclude-standard", "--", *CONFIG_PATHS).stdout
        names |= {os.fsdecode(name) for name in untracked.split(b"\0") if name}
    return sorted(name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace") for name in names)


def _has_config(repo: Path, commit: str | None) -> bool:
    if commit is None:
        return (repo / "mkdocs.yml").is_file()
    return run_git(repo, "cat-file", "-e", f"{commit}:mkdocs.yml").returncode == 0


def _add_worktree(repo: Path, tree: Path, commit: str, made: list[Path]) -> bool:
    """A detached temporary worktree of ``commit`` at ``tree``, remembered in ``made`` for clean-up."""
    if run_git(repo, "worktree", "add", "--detach", "--quiet", str(tree), commit).returncode != 0:
        return False
    made.append(tree)
    return True


def check_site(repo: Path, base_commit: str, head_commit: str | None, *, sources: dict[str, bytes],
               registry: bytes | None, registry_path: str = "policies.yml", locale_of=lambda path: "ja",
               head_site: Path | None = None) -> SiteCheck:
    """Build expected (BASE's generator, HEAD's reviewed ``sources`` and ``registry``) and actual
    (HEAD, or the prebuilt ``head_site`` folder, never executed) and compare their visible text.
    ``sources`` maps paths under docs/ to HEAD's bytes."""
    started = time.monotonic()
    config_changed = _changed_config(repo, base_commit, head_commit)
    if not _has_config(repo, base_commit) or not _has_config(repo, head_commit):
        return SiteCheck(ran=False, note="no mkdocs.yml on both sides: the site was not built",
                         config_changed=config_changed)
    epoch = os.environ.get("SOURCE_DATE_EPOCH") or str(int(time.time()) // 86400 * 86400)
    temp = Path(tempfile.mkdtemp(prefix="policy-review-"))
    worktrees = []
    try:
        no_worktree = SiteCheck(ran=False, note="git could not make a temporary worktree: the site was not built",
                                config_changed=config_changed)
        expected_tree = temp / "expected"
        if not _add_worktree(repo, expected_tree, base_commit, worktrees):
            return no_worktree
        docs = expected_tree / "docs"
        for path in _revision_files(docs):
            path.unlink()
        for rel, data in sources.items():
            target = docs / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        if registry is not None:
            (expected_tree / registry_path).parent.mkdir(parents=True, exist_ok=True)
            (expected_tree / registry_path).write_bytes(registry)
        if head_site is not None:
            actual_tree = None
        elif head_commit is None:
            actual_tree = repo
        else:
            actual_tree = temp / "actual"
            if not _add_worktree(repo, actual_tree, head_commit, worktrees):
                return no_worktree
        errors = []
        if actual_tree is None:
            actual_site = Path(head_site)
            actual_error = (None if (actual_site / "index.html").is_file() and not actual_site.is_symlink()
                            else f"no built site in '{head_site}' (no index.html)")
        else:
            actual_site = temp / "actual-site"
            actual_error = build_site(actual_tree, actual_site, epoch=epoch)
        if actual_error:
            errors.append(f"the site does not build at HEAD (CI's strict build fails): {actual_error}")
        expected_error = build_site(expected_tree, temp / "expected-site", epoch=epoch)
        if expected_error and not actual_error:
            errors.append("the reviewed sources do not build with BASE's generator, so the published text "
                          f"could not be compared: {expected_error}")
        pages = []
        if not errors:
            expected = load_site_texts(temp / "expected-site")
            actual = load_site_texts(actual_site)
            for path in sorted(set(expected) | set(actual)):
                old, new = expected.get(path), actual.get(path)
                if old == new:
                    continue
                change = "added" if old is None else "removed" if new is None else "changed"
                pages.append(PageChange(path, change, compute_redline(old or "", new or "", locale=locale_of(path))))
        return SiteCheck(ran=True, config_changed=config_changed, pages=pages, errors=errors,
                         seconds=time.monotonic() - started, head_site_given=head_site is not None)
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

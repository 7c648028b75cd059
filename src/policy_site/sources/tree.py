"""What may be under ``docs/``: revisions and the site's own assets, nothing else.

MkDocs publishes every file in ``docs_dir``; the wording review only shows policy sources. So the
two agree only if ``docs/`` holds nothing but ``<locale>/<policy>/<YYYY-MM-DD>.md`` for a locale
of the site and a policy of the registry, plus the stylesheets under ``assets/``. One function
decides that, for a folder on disk (the build, ``policy-redline diff``) and for a git tree (the
review): :func:`check_docs_entries`.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from datetime import date
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from policy_site.sources.locales import LOCALE_CODE, Locales
from policy_site.sources.registry import Policy, load_registry
from policy_site.sources.revision import Revision, SourceError, load_revision, parse_revision_path

if TYPE_CHECKING:  # the body check renders Markdown: loaded late
    from policy_site.sources.body import CheckedBodies

ASSETS_DIR = "assets"
ASSET_SUFFIXES = (".css",)  # the site's stylesheets; nothing a source could use to run code

FILE = "file"
SYMLINK = "symlink"
OTHER = "other"  # a FIFO, device, socket, or a git submodule

_ALLOWED = ("only docs/<locale>/<policy>/<YYYY-MM-DD>.md and the site's assets/*.css are published")


@dataclass(frozen=True)
class DocsEntry:
    """One non-directory entry under ``docs/``: a POSIX path relative to it and what it is."""

    path: str
    kind: str  # FILE, SYMLINK or OTHER


def list_docs_entries(docs_dir: Path) -> list[DocsEntry]:
    """Every file, link and special file under ``docs_dir``, never following a link.

    A symbolic link to a folder is listed as a link (not walked), like a link to a file.
    """
    entries: list[DocsEntry] = []

    def walk(folder: Path, prefix: str) -> None:
        with os.scandir(folder) as scan:
            for item in sorted(scan, key=lambda e: e.name):
                rel = f"{prefix}{item.name}"
                mode = item.stat(follow_symlinks=False).st_mode
                if stat.S_ISLNK(mode):
                    entries.append(DocsEntry(rel, SYMLINK))
                elif stat.S_ISDIR(mode):
                    walk(Path(item.path), f"{rel}/")
                elif stat.S_ISREG(mode):
                    entries.append(DocsEntry(rel, FILE))
                else:
                    entries.append(DocsEntry(rel, OTHER))

    if docs_dir.is_dir():
        walk(docs_dir, "")
    return entries


def _printable(path: str) -> str:
    """A path for a one-line message: undecodable bytes shown as escapes, never raw."""
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def check_docs_entry(entry: DocsEntry, *, locales: Locales | tuple[str, ...] | None = None,
                     policy_ids: set[str] | None = None) -> SourceError | None:
    """Why ``entry`` may not be under ``docs/``, or None when it may. ``locales``: the site's
    (without them, any folder named like a locale code is a locale's)."""
    path = entry.path
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return SourceError(_printable(path), "the file name is not UTF-8; rename it with UTF-8 characters only",
                           action="Checking docs")
    parts = PurePosixPath(path).parts
    if any(part.startswith(".") for part in parts):
        return None  # MkDocs never publishes dot files (exclude_docs), and editors leave them around
    if entry.kind == SYMLINK:
        return SourceError(path, "is a symbolic link; put the file itself in the repository "
                                 "(a link publishes text the review does not show)", action="Checking docs")
    if entry.kind != FILE:
        return SourceError(path, "is not a regular file; remove it", action="Checking docs")
    if parts[0] == ASSETS_DIR:
        if len(parts) == 2 and PurePosixPath(path).suffix in ASSET_SUFFIXES:
            return None
        return SourceError(path, f"is not a stylesheet of the site; {_ALLOWED}: remove it", action="Checking docs")
    if (parts[0] not in locales) if locales is not None else not LOCALE_CODE.match(parts[0]):
        if len(parts) == 1 or locales is None:
            return SourceError(path, f"is not a policy revision; {_ALLOWED}: remove it", action="Checking docs")
        return SourceError(path, f"unknown locale folder '{parts[0]}'; the site's locales are "
                                 f"{', '.join(locales)} (mkdocs.yml): remove it", action="Checking docs")
    if len(parts) != 3:
        return SourceError(path, f"is not a policy revision; {_ALLOWED}: move or remove it", action="Checking docs")
    if policy_ids is not None and parts[1] not in policy_ids:
        return SourceError(path, f"unknown policy '{parts[1]}'; use one of {', '.join(sorted(policy_ids))} "
                                 "or declare the policy in policies.yml")
    try:
        if parse_revision_path(path, locales) is None:
            return SourceError(path, f"is not a policy revision; {_ALLOWED}: rename or remove it",
                               action="Checking docs")
    except SourceError as exc:
        return exc
    return None


def check_docs_entries(entries: list[DocsEntry], *, locales: Locales | tuple[str, ...] | None = None,
                       policy_ids: set[str] | None = None) -> list[SourceError]:
    """Every entry that may not be under ``docs/``, in path order, each as a one-line error."""
    problems = [check_docs_entry(entry, locales=locales, policy_ids=policy_ids)
                for entry in sorted(entries, key=lambda e: e.path)]
    return [problem for problem in problems if problem is not None]


def revision_paths(entries: list[DocsEntry], locales: Locales | tuple[str, ...] | None = None) -> list[str]:
    """The revision files among accepted entries (call :func:`check_docs_entries` first)."""
    out = []
    for entry in entries:
        if entry.kind != FILE or any(part.startswith(".") for part in PurePosixPath(entry.path).parts):
            continue
        try:
            if parse_revision_path(entry.path, locales) is not None:
                out.append(entry.path)
        except SourceError:
            continue
    return sorted(out)


def load_site_source(docs_dir: Path, registry: Path, path: Path, *, build_date: date, locales: Locales) -> str:
    """The text of a revision file inside a site's ``docs_dir``, checked exactly as the build checks
    it (same validator, same registry, same build date, same one-line message): ``policy-redline
    diff`` on files of a site."""
    absolute = Path(os.path.abspath(path))
    linked = next((p for p in [absolute, *absolute.parents] if docs_dir in p.parents and p.is_symlink()), None)
    entry = (DocsEntry(absolute.relative_to(docs_dir).as_posix(), FILE) if linked is None
             else DocsEntry(linked.relative_to(docs_dir).as_posix(), SYMLINK))
    policies = {policy.id: policy for policy in load_registry(registry, locales)}
    problem = check_docs_entry(entry, locales=locales, policy_ids=set(policies))
    if problem is not None:
        raise problem
    rel = absolute.relative_to(docs_dir).as_posix()
    load_revision(docs_dir, rel, set(policies), build_date=build_date, locales=locales, policies=policies)
    return (docs_dir / rel).read_bytes().decode("utf-8")


def load_revisions(docs_dir: Path, policies: list[Policy], *, locales: Locales,
                   build_date: date | None = None, checked: CheckedBodies | None = None) -> list[Revision]:
    """All revisions under ``docs_dir``, sorted by (policy, locale, date).

    Everything under ``docs_dir`` is checked first (:func:`check_docs_entries`): a file
    MkDocs would publish that is not a revision or a site asset stops the build, so that nothing
    reaches the site that the wording review does not show.
    """
    entries = list_docs_entries(docs_dir)
    by_id = {policy.id: policy for policy in policies}
    problems = check_docs_entries(entries, locales=locales, policy_ids=set(by_id))
    if problems:
        raise problems[0]
    revisions = [load_revision(docs_dir, rel, set(by_id), build_date=build_date, locales=locales, policies=by_id,
                               checked=checked)
                 for rel in revision_paths(entries, locales)]
    return sorted(revisions, key=lambda r: (r.policy, r.locale, r.effective))

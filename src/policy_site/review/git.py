"""The two states a review compares, read from git: a commit, or the working tree.

Git is run through the package's one runner (:func:`policy_site.common.git.run_git`: explicit
arguments, never a shell, no ``GIT_*`` variable of the environment but the ceiling) in the
repository's top level (``git -C <top>``). Both states are read whole: ``git ls-tree`` and one ``git cat-file --batch``
per commit; without HEAD, the working tree is read from disk (tracked and untracked files that
are not ignored, as ``git ls-files --cached --others --exclude-standard`` lists them). Files are
compared byte for byte, the same bytes whose SHA-256 translations record.

Problems the user can fix (not a repository, unknown ref, git missing) raise :class:`ReviewError`
with a one-line message.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from policy_site.common import git as common_git
from policy_site.sources.tree import FILE, OTHER, SYMLINK, DocsEntry
from policy_site.sources.revision import MAX_SOURCE_BYTES, SourceError, parse_revision_path
from policy_site.sources.locales import LOCALE_CODE, Locales

DOCS_DIR = "docs"
CSS_PATH = f"{DOCS_DIR}/assets/redline.css"
REGISTRY_PATH = "policies.yml"  # the plugin's defaults; a review reads the paths from BASE's mkdocs.yml
GLOSSARY_PATH = "glossary.yml"
WORKING_TREE = "working tree"


class ReviewError(Exception):
    """A mistake the user can fix; ``str()`` is one line saying what and how."""


@dataclass(frozen=True)
class Snapshot:
    """The policy sources of one side: a commit or the working tree.

    ``files`` maps paths relative to ``docs/`` (``ja/privacy/2023-06-15.md``) to the file bytes;
    ``css`` is ``docs/assets/redline.css`` of that side, if it has one.
    """

    label: str            # as the user named it ("main", "HEAD", a SHA) or "working tree"
    commit: str | None    # full SHA; None for the working tree
    files: dict[str, bytes]
    css: str | None = None
    # Every entry under docs/ (what MkDocs would publish), with an id that changes with its content.
    entries: dict[str, tuple[DocsEntry, str]] = field(default_factory=dict)
    sizes: dict[str, int] = field(default_factory=dict)  # of files too large to read (not in ``files``' bytes)
    registry: bytes | None = None  # the registry (the ``registry`` option of BASE's mkdocs.yml)
    registry_path: str = REGISTRY_PATH  # where it was read, relative to the repository
    glossary: bytes | None = None  # the glossary (the ``glossary`` option of BASE's mkdocs.yml)
    glossary_path: str = GLOSSARY_PATH
    locales: Locales | None = None  # the site's locale model (BASE's mkdocs.yml); None: any locale-code folder

    @property
    def title(self) -> str:
        """For sentences: ``main (1a2b3c4d5e6f)`` or ``the working tree``."""
        return f"the {WORKING_TREE}" if self.commit is None else f"{self.label} ({self.commit[:12]})"

    @property
    def name(self) -> str:
        """For sentences, short: ``main`` or ``the working tree``."""
        return f"the {WORKING_TREE}" if self.commit is None else self.label


def locale_of_page(path: str, locales: Locales | None) -> str:
    """The locale of a built page's path: its first folder, else the default locale (at the root)."""
    first = path.split("/", 1)[0]
    if locales is None:  # BASE's settings unreadable (flagged on their own): a folder named like a locale
        return first if "/" in path and LOCALE_CODE.match(first) else "en"
    return first if first in locales and first != locales.default else locales.default


def run_git(repo: Path, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    """Git in ``repo`` and nowhere else, with stable messages (the package's one runner; paths are
    read as bytes with -z); every git command of the review goes through here."""
    try:
        return common_git.run_git(repo, *args, stdin=stdin)
    except common_git.GitMissing as exc:
        raise ReviewError(str(exc)) from None


def _git_ok(repo: Path, *args: str, stdin: bytes | None = None) -> bytes:
    result = run_git(repo, *args, stdin=stdin)
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ReviewError(f"'git {args[0]}' failed in {repo}: {message[-1] if message else 'no message'}")
    return result.stdout


def find_repository(directory: str | Path) -> Path:
    """The top level of the git working tree that contains ``directory``."""
    path = Path(directory)
    if not path.is_dir():
        raise ReviewError(f"'{directory}' is not a directory; pass the repository's folder with --repo")
    result = run_git(path, "rev-parse", "--show-toplevel")
    if result.returncode != 0:
        stderr = result.stderr.decode("utf-8", "replace")
        if "dubious ownership" in stderr:
            raise ReviewError(f"git refuses '{directory}' (dubious ownership); run: "
                              f"git config --global --add safe.directory {path.resolve()}")
        if run_git(path, "rev-parse", "--is-bare-repository").stdout.strip() == b"true":
            raise ReviewError(f"'{directory}' is a bare git repository; run the review in a clone with a working tree")
        raise ReviewError(f"'{directory}' is not a git repository")
    return Path(os.fsdecode(result.stdout.rstrip(b"\n")))


def resolve_ref(repo: Path, ref: str) -> str:
    """The full SHA of the commit ``ref`` names (branch, tag, SHA, ``HEAD~1``…)."""
    unknown = ReviewError(f"unknown git ref '{ref}' in {repo}; use a branch, tag or commit")
    if not ref or ref.startswith("-") or any(c in ref for c in "\n\r\0"):
        raise unknown
    result = run_git(repo, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}")
    if result.returncode != 0:
        raise unknown
    return result.stdout.decode("ascii").strip()


def _is_source(rel: str, locales: Locales | None = None) -> bool:
    """A path under docs/ that is, or is shaped like, a revision (a misnamed one included) in one of
    the site's ``locales``.

    A name that is not UTF-8 never is: it is reviewed as an entry the build refuses."""
    try:
        rel.encode("utf-8")
    except UnicodeEncodeError:
        return False
    try:
        return parse_revision_path(rel, locales) is not None
    except SourceError:
        return True


def _read_blobs(repo: Path, object_ids: list[str]) -> dict[str, bytes]:
    """Contents of blobs by id, with one ``git cat-file --batch``."""
    if not object_ids:
        return {}
    out = _git_ok(repo, "cat-file", "--batch", stdin="".join(f"{oid}\n" for oid in object_ids).encode("ascii"))
    blobs: dict[str, bytes] = {}
    pos = 0
    for oid in object_ids:
        end = out.index(b"\n", pos)
        header = out[pos:end].split()
        if len(header) != 3:
            raise ReviewError(f"git cat-file could not read {oid} in {repo}: {out[pos:end].decode('utf-8', 'replace')}")
        size = int(header[2])
        blobs[oid] = out[end + 1:end + 1 + size]
        pos = end + 1 + size + 1
    return blobs


def _entry_kind(mode: str, kind: str) -> str:
    if mode == "120000":
        return SYMLINK
    return FILE if kind == "blob" else OTHER


def snapshot_at(repo: Path, ref: str, *, registry_path: str = REGISTRY_PATH, glossary_path: str = GLOSSARY_PATH,
                label: str | None = None, locales: Locales | None = None) -> Snapshot:
    """The policy sources (and the redline CSS, the registry, the glossary, every entry under docs/)
    of a commit, labelled ``label`` (default: ``ref``).

    Sizes come from the tree listing, so that a source over the size limit is never read.
    """
    commit = resolve_ref(repo, ref)
    data_files = (registry_path, glossary_path)
    listing = _git_ok(repo, "ls-tree", "-r", "-l", "-z", "--full-tree", commit, "--", f"{DOCS_DIR}/", *data_files)
    ids: dict[str, str] = {}
    entries: dict[str, tuple[DocsEntry, str]] = {}
    sizes: dict[str, int] = {}
    for entry in listing.split(b"\0"):
        if not entry:
            continue
        info, _, raw_path = entry.partition(b"\t")
        mode, kind, oid, size = info.decode("ascii").split()
        path = os.fsdecode(raw_path)
        if path in data_files:
            if kind == "blob" and mode != "120000" and int(size) <= MAX_SOURCE_BYTES:
                ids[path] = oid
            continue
        rel = path[len(DOCS_DIR) + 1:]
        entries[rel] = (DocsEntry(rel, _entry_kind(mode, kind)), f"{mode} {oid}")
        if kind != "blob" or mode == "120000":  # submodules and symbolic links are not sources
            continue
        if int(size) > MAX_SOURCE_BYTES and _is_source(rel, locales):
            sizes[rel] = int(size)
        elif path == CSS_PATH or _is_source(rel, locales):
            ids[path] = oid
    blobs = _read_blobs(repo, sorted(set(ids.values())))
    files = {path[len(DOCS_DIR) + 1:]: blobs[oid] for path, oid in ids.items()
             if path not in (CSS_PATH, *data_files)}
    files.update({rel: b"" for rel in sizes})
    css = blobs[ids[CSS_PATH]].decode("utf-8", "replace") if CSS_PATH in ids else None
    registry = blobs[ids[registry_path]] if registry_path in ids else None
    glossary = blobs[ids[glossary_path]] if glossary_path in ids else None
    return Snapshot(label=ref if label is None else label, commit=commit, files=files, css=css, entries=entries,
                    sizes=sizes, registry=registry, registry_path=registry_path, glossary=glossary,
                    glossary_path=glossary_path, locales=locales)


def _blob_id(data: bytes, mode: str) -> str:
    """What ``git ls-tree`` says of a file with these bytes, so that the two kinds of snapshot compare."""
    return f"{mode} {hashlib.sha1(b'blob %d' % len(data) + bytes([0]) + data).hexdigest()}"


def _read_data_file(file: Path) -> bytes | None:
    """A data file of the working tree (registry, glossary): a regular file under the size limit, else None."""
    if not file.is_file() or file.is_symlink() or file.stat().st_size > MAX_SOURCE_BYTES:
        return None
    return file.read_bytes()


def snapshot_of_worktree(repo: Path, *, registry_path: str = REGISTRY_PATH,
                         glossary_path: str = GLOSSARY_PATH, locales: Locales | None = None) -> Snapshot:
    """The policy sources of the working tree: tracked and untracked files that are not ignored."""
    listing = _git_ok(repo, "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", f"{DOCS_DIR}/")
    files: dict[str, bytes] = {}
    entries: dict[str, tuple[DocsEntry, str]] = {}
    sizes: dict[str, int] = {}
    for raw_path in sorted(set(listing.split(b"\0")) - {b""}):
        path = os.fsdecode(raw_path)
        full = repo / path
        rel = path[len(DOCS_DIR) + 1:]
        if full.is_symlink():
            entries[rel] = (DocsEntry(rel, SYMLINK), _blob_id(os.fsencode(os.readlink(full)), "120000"))
            continue
        if not full.exists():  # deleted on disk
            continue
        if not full.is_file():  # a submodule or a special file
            entries[rel] = (DocsEntry(rel, OTHER), "other")
            continue
        size = full.stat().st_size
        if size > MAX_SOURCE_BYTES:
            entries[rel] = (DocsEntry(rel, FILE), f"size {size}")
            if _is_source(rel, locales):
                sizes[rel], files[rel] = size, b""
            continue
        data = full.read_bytes()
        entries[rel] = (DocsEntry(rel, FILE), _blob_id(data, "100755" if os.access(full, os.X_OK) else "100644"))
        if _is_source(rel, locales):
            files[rel] = data
    css_file = repo / CSS_PATH
    css = css_file.read_text(encoding="utf-8", errors="replace") if css_file.is_file() else None
    return Snapshot(label=WORKING_TREE, commit=None, files=files, css=css, entries=entries, sizes=sizes,
                    registry=_read_data_file(repo / registry_path), registry_path=registry_path,
                    glossary=_read_data_file(repo / glossary_path), glossary_path=glossary_path, locales=locales)

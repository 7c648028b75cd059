"""A persistent, content-addressed cache of redlines (and of anything rendered from them) on disk.

A build compares every pair of a policy's revisions, and most pairs are the same from one build
to the next: each redline is kept in a file named by a digest of everything it depends on, the
two texts, the locale, the engine (the source of this package and of ``policy_site.common``, and
the versions of diff-match-patch and BudouX) and the locale's redline strings. Any change to one of them is
another name, so an entry can never be stale, only unused; the cache can be deleted at any time.

Entries are JSON (:mod:`.codec`, or rendered HTML in JSON) behind a header line naming their key
and the CRC-32 of the rest (not compressed: compressing cost more than a warm build saves); an
entry that does not name its key, fails its checksum or does not decode is ignored, reported once
through ``warn`` and rewritten. Writes go to a temporary file renamed into place, so a build
stopped halfway or two builds at once leave whole entries. The folder is bounded: :meth:`prune`
removes the least recently used entries beyond ``limit_bytes`` (a hit refreshes an entry's time).
A folder that cannot be written (a read-only checkout) makes the cache a no-op, never an error.

Plain file IO only (no MkDocs): the build (and so ``mkdocs serve`` and the offline bundle) uses a
:class:`RedlineStore` through ``policy_site.site.comparisons``; any other caller (the review's own
redlines, a script) gets the same cache through :func:`load_redline`.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import zlib
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from policy_site.common.frontmatter import split_front_matter
from policy_site.redline.codec import decode_redline, encode_redline
from policy_site.redline.compute import compute_redline
from policy_site.redline.labels import load_labels
from policy_site.redline.model import Redline

CACHE_FOLDER = Path(".cache") / "policy-site"  # beside mkdocs.yml, as Material's plugins keep theirs
DEFAULT_LIMIT = 256 * 1024 * 1024
_HEADER = (b"policy-site-cache", b"2")  # then the key and the CRC-32 of the body, on the first line
_SUFFIX = ".entry"


@lru_cache(maxsize=1)
def load_engine_version() -> str:
    """A digest of what a redline depends on besides its texts: the engine's source (every module
    of this package and of ``policy_site.common``, which it imports: writing systems, catalogs,
    front matter) and the versions of the libraries that find changes and phrase boundaries."""
    from importlib import metadata

    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent
    for path in sorted([*package.glob("*.py"), *(package.parent / "common").glob("*.py")]):
        digest.update(f"{path.parent.name}/{path.name}".encode() + b"\0" + path.read_bytes() + b"\0")
    for package in ("diff-match-patch", "budoux"):
        try:
            digest.update(f"{package}={metadata.version(package)}\0".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{package}=?\0".encode())
    return digest.hexdigest()


@lru_cache(maxsize=64)
def _labels_digest(locale: str) -> str:
    return hashlib.sha256(json.dumps(dict(load_labels(locale)), sort_keys=True).encode()).hexdigest()


@lru_cache(maxsize=256)  # a build hashes each revision's text for every pair it is in
def digest_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


class RedlineStore:
    """The cache folder: entries by key, read and written whole, bounded by :meth:`prune`."""

    def __init__(self, folder: Path, *, limit_bytes: int = DEFAULT_LIMIT,
                 warn: Callable[[str], None] | None = None) -> None:
        self.folder = Path(folder)
        self.limit_bytes = limit_bytes
        self.warn = warn
        self.hits = self.misses = self.damaged = 0
        self.writable = True
        self._folders: set[Path] = set()  # subfolders known to exist

    def key(self, locale: str, *parts: object) -> str:
        """The name of an entry: a digest of the engine, the locale's strings and ``parts``."""
        material = json.dumps([load_engine_version(), locale, _labels_digest(locale), *parts])
        return hashlib.sha256(material.encode("utf-8", "surrogatepass")).hexdigest()

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / (key + _SUFFIX)

    def read(self, key: str) -> str | None:
        """The text kept under ``key``, or None (absent, or damaged: reported and removed)."""
        path = self._path(key)
        try:
            raw = path.read_bytes()
        except OSError:
            self.misses += 1
            return None
        try:
            header, _, body = raw.partition(b"\n")
            fields = header.split(b" ")
            if len(fields) != 4 or tuple(fields[:2]) != _HEADER or fields[2] != key.encode():
                raise ValueError("the entry does not name its key")
            if fields[3] != b"%08x" % zlib.crc32(body):
                raise ValueError("its checksum does not match")
            text = body.decode("utf-8", "surrogatepass")
        except ValueError as exc:  # UnicodeDecodeError is one
            self.report_damaged(key, exc)
            return None
        self.hits += 1
        try:
            os.utime(path)  # recently used: pruned last
        except OSError:
            pass
        return text

    def report_damaged(self, key: str, cause: object) -> None:
        """An entry that cannot be read is not used: one line says so, and it is written anew."""
        self.damaged += 1
        self.misses += 1
        path = self._path(key)
        try:
            path.unlink()
        except OSError:
            pass
        if self.warn is not None:
            shown, folder = os.path.relpath(path), os.path.relpath(self.folder)  # from where the build runs
            self.warn(f"Reading the redline cache '{shown}': the entry is damaged ({cause}); it was ignored and "
                      f"written anew (the site is unaffected; delete '{folder}' to start afresh)")

    def write(self, key: str, text: str) -> None:
        """Keep ``text`` under ``key`` (atomically); a folder that cannot be written disables writing."""
        if not self.writable:
            return
        path = self._path(key)
        body = text.encode("utf-8", "surrogatepass")  # any str the engine was given
        data = b" ".join((*_HEADER, key.encode(), b"%08x" % zlib.crc32(body))) + b"\n" + body
        try:
            if path.parent not in self._folders:
                path.parent.mkdir(parents=True, exist_ok=True)
                self._folders.add(path.parent)
            handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            try:
                with os.fdopen(handle, "wb") as file:
                    file.write(data)
                os.replace(temporary, path)
            except BaseException:
                os.unlink(temporary)
                raise
        except OSError:
            self.writable = False

    def prune(self) -> int:
        """Remove the least recently used entries until the folder holds at most ``limit_bytes``
        (down to 80% of it, so that pruning is rare); returns how many were removed."""
        entries = []
        total = 0
        try:
            for sub in os.scandir(self.folder):
                if not sub.is_dir(follow_symlinks=False):
                    continue
                for entry in os.scandir(sub.path):
                    if entry.is_file(follow_symlinks=False):
                        stat = entry.stat(follow_symlinks=False)
                        entries.append((stat.st_mtime, entry.path, stat.st_size))
                        total += stat.st_size
        except OSError:
            return 0
        if total <= self.limit_bytes:
            return 0
        removed = 0
        for _, path, size in sorted(entries):
            if total <= self.limit_bytes * 0.8:
                break
            try:
                os.unlink(path)
            except OSError:
                continue
            total -= size
            removed += 1
        return removed

    def recall_redline(self, old: str, new: str, locale: str) -> Redline | None:
        """The cached redline of two texts, or None; its front matter read from the texts."""
        key = self.key(locale, "redline", digest_text(old), digest_text(new))
        text = self.read(key)
        if text is None:
            return None
        old_meta, new_meta = split_front_matter(old)[0], split_front_matter(new)[0]  # FrontMatterError: the text's
        try:
            return decode_redline(text, old_meta, new_meta)
        except ValueError as exc:
            self.report_damaged(key, exc)
            return None

    def keep_redline(self, old: str, new: str, locale: str, redline: Redline) -> None:
        self.write(self.key(locale, "redline", digest_text(old), digest_text(new)), encode_redline(redline))


def load_redline(old: str, new: str, *, locale: str, store: RedlineStore | None = None) -> Redline:
    """:func:`compute_redline` of two Markdown texts, through ``store`` when there is one: what the
    review and the bundle call to share the build's cache."""
    if store is not None:
        cached = store.recall_redline(old, new, locale)
        if cached is not None:
            return cached
    redline = compute_redline(old, new, locale=locale)
    if store is not None:
        store.keep_redline(old, new, locale, redline)
    return redline

"""The source check's passes, kept in the persistent cache beside the redlines.

Checking a body renders it with the site's Markdown and reads it as the redline does: a quarter of
a build whose redlines are all cached. Whether a body passes depends only on its text and on the
checker (the source of ``policy_site.sources``, the redline engine and ``policy_site.common``, and
the versions of the libraries that render Markdown), so a pass is kept under a digest of both: an
edited body, or another version of the generator or of Markdown, is another name and is checked
again. Only passes are kept: a problem is found and told in full every time.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

from policy_site.redline.store import RedlineStore, digest_text, load_engine_version

_PASSED = "passed"


@lru_cache(maxsize=1)
def load_checker_version() -> str:
    from importlib import metadata

    digest = hashlib.sha256(load_engine_version().encode())
    sources = Path(__file__).resolve().parents[1] / "sources"
    for path in sorted(sources.glob("*.py")):
        digest.update(f"sources/{path.name}".encode() + b"\0" + path.read_bytes() + b"\0")
    for package in ("markdown", "pymdown-extensions", "beautifulsoup4"):
        try:
            digest.update(f"{package}={metadata.version(package)}\0".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{package}=?\0".encode())
    return digest.hexdigest()


class StoredChecks:
    """:class:`policy_site.sources.body.CheckedBodies` on a :class:`RedlineStore`."""

    def __init__(self, store: RedlineStore) -> None:
        self.store = store

    def _key(self, body: str) -> str:
        material = json.dumps(["body-check", load_checker_version(), digest_text(body)])
        return hashlib.sha256(material.encode()).hexdigest()

    def recall(self, body: str) -> bool:
        return self.store.read(self._key(body)) == _PASSED

    def keep(self, body: str) -> None:
        self.store.write(self._key(body), _PASSED)

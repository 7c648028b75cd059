"""The build's persistent cache, opened only when it can be trusted.

Entries are found by the digest of what they were made from, but what an entry holds is not
checked against it: that is what makes a warm build fast. A folder that git tracks is therefore
anyone's words: a pull request can commit an entry under the right name (``.cache/`` is ignored, so
only ``git add -f`` puts one there) holding the redline of text that is not in the sources, or a
"passed" for a body the source check would refuse; once merged, every build and Publish would show
it. The review already refuses such a cache (:func:`policy_site.review.changes.load_review_store`)
and flags the files as site code; the build does the same: it says so in one warning (which
``--strict`` turns into a failed build, so Publish stops) and computes everything itself.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from policy_site.common.git import GitMissing, run_git
from policy_site.redline.store import CACHE_FOLDER, RedlineStore


def count_tracked_entries(project: Path) -> int:
    """How many files under the cache folder git tracks (index or checked-out commit) in ``project``;
    0 outside a repository or without git: then nobody could have committed one."""
    try:
        result = run_git(project, "ls-files", "-z", "--", CACHE_FOLDER.as_posix())
    except GitMissing:
        return 0
    return result.stdout.count(b"\0") if result.returncode == 0 else 0


def load_build_store(project: Path, warn: Callable[[str], None], *,
                     kept: RedlineStore | None = None) -> RedlineStore | None:
    """The cache beside the project's mkdocs.yml (``kept``, the previous build's, when it is that
    folder), or None when git tracks files in it (said in ``warn``): asked again at every build,
    since a file can be added to git while ``mkdocs serve`` runs."""
    tracked = count_tracked_entries(project)
    if tracked:
        folder = CACHE_FOLDER.as_posix()
        warn(f"Opening the redline cache '{folder}/': git tracks {tracked} file(s) in it, and a committed "
             f"entry could show a redline of text that is not in the sources; the cache was not used and "
             f"every redline was computed. Remove them from git: git rm -r --cached {folder}")
        return None
    folder = project / CACHE_FOLDER
    return kept if kept is not None and kept.folder == folder else RedlineStore(folder, warn=warn)

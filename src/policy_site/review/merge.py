"""What a pull request does to the base branch: HEAD merged into BASE, and every path that changes.

A review from the merge base shows what the branch changed when it forked; what gets published is
the base branch after the merge. When the base branch has moved on (a newer revision merged since),
the two differ: a branch written before that revision can undo it. So the review compares BASE's
tip with the tree that merging HEAD into it makes (``git merge-tree --write-tree``, as GitHub's
``refs/pull/N/merge``); when BASE is an ancestor of HEAD that tree is HEAD's own.

The paths that change are listed from what git reports (``git diff --name-only``, every path, and
untracked files for the working tree), never from a list of known folders: whatever is not a policy
source, the registry or the glossary is code or configuration of the site, which the wording
review cannot certify.
"""

from __future__ import annotations

import os
from pathlib import Path

from policy_site.redline.store import CACHE_FOLDER
from policy_site.review.git import ReviewError, run_git

# The identity of the merge commit made for the review (an object in the reviewed repository only).
_IDENTITY = ("-c", "user.name=Wording review", "-c", "user.email=wording-review@localhost")


def load_merge(repo: Path, base_commit: str, head_commit: str, *, base_name: str, head_name: str) -> tuple[str, int] | None:
    """(the commit of HEAD merged into BASE, the number of BASE's commits HEAD lacks), or None when
    BASE is an ancestor of HEAD (the merge result is HEAD itself). A merge with conflicts, or of
    unrelated histories, raises :class:`ReviewError`: there is no merge result to review."""
    if run_git(repo, "merge-base", "--is-ancestor", base_commit, head_commit).returncode == 0:
        return None
    behind = run_git(repo, "rev-list", "--count", f"{head_commit}..{base_commit}").stdout.decode("ascii").strip()
    merged = run_git(repo, "merge-tree", "--write-tree", "--name-only", "--no-messages", base_commit, head_commit)
    lines = [os.fsdecode(line) for line in merged.stdout.split(b"\n") if line]
    if merged.returncode == 1:
        conflicts = sorted(set(lines[1:]))
        shown = ", ".join(conflicts[:10]) + (f" and {len(conflicts) - 10} more" if len(conflicts) > 10 else "")
        raise ReviewError(f"{head_name} does not merge cleanly into {base_name} (conflicts in {shown}); merge "
                          f"{base_name} into the branch (or rebase it), then review again")
    if merged.returncode == 129:  # git before 2.38 has no --write-tree
        raise ReviewError(f"git {_version(repo)} cannot merge without a work tree (git merge-tree --write-tree); "
                          "install git 2.38 or later to review a branch as merged")
    if merged.returncode != 0 or not lines:
        message = merged.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ReviewError(f"{head_name} cannot be merged into {base_name} "
                          f"({message[-1].removeprefix('fatal: ') if message else 'git merge-tree failed'}); "
                          f"review a branch that forked from {base_name}")
    made = run_git(repo, *_IDENTITY, "commit-tree", lines[0], "-p", base_commit, "-p", head_commit,
                   "-m", f"{head_name} merged into {base_name} (made by the wording review)")
    if made.returncode != 0:
        raise ReviewError(f"git could not record the merge of {head_name} into {base_name} in {repo}: "
                          f"{made.stderr.decode('utf-8', 'replace').strip()}")
    return made.stdout.decode("ascii").strip(), int(behind or 0)


def _version(repo: Path) -> str:
    return run_git(repo, "--version").stdout.decode("ascii", "replace").strip().removeprefix("git version ")


def _names(out: bytes) -> set[str]:
    return {os.fsdecode(name) for name in out.split(b"\0") if name}


def load_changed_paths(repo: Path, base_commit: str, head_commit: str | None) -> list[str]:
    """Every path that differs between BASE and HEAD (None: the working tree, untracked files that
    are not ignored included, except the build cache's, which a review writes itself), relative to the repository, sorted; a name that is not UTF-8 is
    shown with escapes."""
    args = ["diff", "--name-only", "-z", "--no-renames", "--ignore-submodules=none", "--no-ext-diff", base_commit]
    result = run_git(repo, *args, *([head_commit] if head_commit else []), "--")
    if result.returncode != 0:
        raise ReviewError(f"'git diff' failed in {repo}: {result.stderr.decode('utf-8', 'replace').strip()}")
    names = _names(result.stdout)
    if head_commit is None:  # untracked files, but not the cache that builds and reviews write
        names |= _names(run_git(repo, "ls-files", "-z", "--others", "--exclude-standard", "--",
                                ":/", f":(exclude){CACHE_FOLDER.as_posix()}/").stdout)
    return sorted(name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace") for name in names)


"""Pull-request review of wording changes: ``policy-redline review BASE [HEAD]``.

Legal approves wording in pull requests, where a plain ``git diff`` of a new revision file is a
whole new file. The review compares the base branch's tip (BASE) with what merging the pull
request makes of it (HEAD merged into BASE: :mod:`policy_site.review.merge`), and says, for every
policy source that differs, what a reviewer has to look at (:mod:`policy_site.review.compare`).

It certifies only what it can prove. Every path that changes is listed from git; anything but the
policy sources, the registry and the glossary is "site code changed", which needs a code owner's
approval (the outcome is not success). The dates are measured from the review date, today where the
policies apply (:mod:`policy_site.review.notice`). With ``build``, the reviewed sources are also
built with BASE's generator and compared with HEAD's site (:mod:`policy_site.review.site_check`).

:mod:`policy_site.review.render` renders the pull-request comment, :mod:`policy_site.review.report`
the standalone HTML report.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from policy_site.plugin.project import CONFIG_FILE
from policy_site.redline.store import CACHE_FOLDER, RedlineStore
from policy_site.review.compare import find_in_effect, find_predecessor, review_snapshots
from policy_site.review.git import (
    DOCS_DIR,
    GLOSSARY_PATH,
    REGISTRY_PATH,
    Snapshot,
    locale_of_page,
    find_repository,
    resolve_ref,
    run_git,
    snapshot_at,
    snapshot_of_worktree,
)
from policy_site.review.merge import load_changed_paths, load_merge
from policy_site.review.model import (  # noqa: F401  (the model, re-exported for callers)
    APPROVAL,
    APPROVE,
    ARCHIVED,
    CHANGED,
    CHANGED_META,
    CLEAN,
    CORRECTION,
    DEFAULT_CONTEXT,
    EXIT_STATUS,
    FIX,
    FLAGGED,
    FOLD_LINES,
    GLOSSARY,
    NEW,
    NOT_A_SOURCE,
    REGISTRY,
    REMOVED,
    SITE_CODE_FLAG,
    FileReview,
    Flag,
    Merge,
    MetaChange,
    Review,
)
from policy_site.review.notice import (check_announced_notice, load_base_locales, load_base_options,
                                      load_notice_days, load_review_date)
from policy_site.review.site_check import check_site


def review_repository(directory: str | Path, base_ref: str, head_ref: str | None = None, *,
                      build: bool = False, head_site: Path | None = None, trust_head: bool = False,
                      review_date: date | None = None, warn: Callable[[str], None] | None = None) -> Review:
    """Compare ``base_ref`` with ``head_ref`` merged into it (None: the working tree, as it is) in the
    repository at ``directory``, on ``review_date`` (default: today where the policies apply).

    With ``build``, the reviewed sources are built with BASE's generator and compared with
    ``head_site`` (HEAD's site built elsewhere, read as data) or, with ``trust_head`` only, with
    HEAD built here (which runs HEAD's code).

    Redlines go through the build's persistent cache (``.cache/policy-site/`` beside the
    repository's checked-out ``mkdocs.yml``, unless BASE's options say ``cache: false``): the same entries, named
    by the same digests of texts, locale and engine, so a review after a build computes only what
    the build did not, and the cache never changes what it reports. ``warn`` gets the one line about
    a damaged entry.
    """
    repo = find_repository(directory)
    base_commit = resolve_ref(repo, base_ref)
    options = load_base_options(repo, base_commit)
    paths = {"registry_path": _repo_path(repo, options.registry, REGISTRY_PATH),
             "glossary_path": _repo_path(repo, options.glossary, GLOSSARY_PATH),
             "locales": load_base_locales(repo, base_commit)}
    base = snapshot_at(repo, base_commit, label=base_ref, **paths)
    merge = None
    if head_ref is None:
        head = snapshot_of_worktree(repo, **paths)
    else:
        head_commit = resolve_ref(repo, head_ref)
        merged = load_merge(repo, base_commit, head_commit, base_name=base_ref, head_name=head_ref)
        head = snapshot_at(repo, head_commit, label=head_ref, **paths)
        if merged is not None:
            merge = Merge(head=head, behind=merged[1])
            head = snapshot_at(repo, merged[0], label=f"{head_ref} merged into {base_ref}", **paths)
    when = review_date or load_review_date(repo, base_commit)
    store = load_review_store(repo, options.cache, warn, commits=(base_commit, head.commit))
    review = Review(repo=repo, base=base, head=head, files=review_snapshots(base, head, review_date=when, store=store),
                    review_date=when, merge=merge, column_orders=dict(options.column_order),
                    list_markers=options.list_markers)
    check_notice_period(review)
    check_stale_predecessors(review)
    review.site_code = [path for path in load_changed_paths(repo, base_commit, head.commit)
                        if not _is_reviewed(path, base, head)]
    if build:
        sources = {path: data for path, data in head.files.items() if path not in head.sizes}
        review.site = check_site(repo, base_commit, head.commit, sources=sources,
                                 data_files={head.registry_path: head.registry, head.glossary_path: head.glossary},
                                 locale_of=lambda path: locale_of_page(path, base.locales), head_site=head_site,
                                 trust_head=trust_head, store=store)
    return review


def load_review_store(repo: Path, enabled: bool, warn: Callable[[str], None] | None, *,
                      commits: tuple[str | None, ...] = ()) -> RedlineStore | None:
    """The build's cache of the repository: beside its checked-out ``mkdocs.yml``, where its builds
    keep theirs. A clone with nothing checked out (as the "PR comment" workflow fetches the commits)
    has no build and gets no cache: nothing is written there. Nor does a repository whose commits
    (``commits``: BASE, HEAD; None for the working tree) or index hold files in the cache folder:
    committed entries are anyone's words, and a forged entry under the right name would show a
    redline of text that is not there; the review then computes every redline itself (the files
    themselves are flagged as site code)."""
    if not enabled or not (repo / CONFIG_FILE).is_file():
        return None
    folder = CACHE_FOLDER.as_posix()
    if run_git(repo, "ls-files", "-z", "--", folder).stdout or any(
            run_git(repo, "ls-tree", "-r", "-z", "--name-only", commit, "--", folder).stdout
            for commit in commits if commit):
        return None
    return RedlineStore(repo / CACHE_FOLDER, warn=warn)


def _repo_path(repo: Path, option: str, default: str) -> str:
    """A path option of BASE (absolute, under the reviewed repository) as a path in the repository;
    the default when it points outside it (the review reads what a build of the repository alone reads)."""
    try:
        return Path(option).relative_to(repo).as_posix()
    except ValueError:
        return default


def _is_reviewed(path: str, base: Snapshot, head: Snapshot) -> bool:
    """A path whose change the wording review certifies: a policy source, the registry, the glossary."""
    if path in (base.registry_path, base.glossary_path):
        return True
    rel = path[len(DOCS_DIR) + 1:] if path.startswith(f"{DOCS_DIR}/") else None
    return rel is not None and (rel in base.files or rel in head.files)


def check_notice_period(review: Review, review_date: date | None = None) -> None:
    """Flag each new revision of an authoritative locale, of any provenance, announced with less notice
    than its policy's ``notice_days`` (see :mod:`policy_site.review.notice`: from its ``announced``
    date when that is later than the review date), and one that claims an announcement before the
    review (which needs approval); record a declared ``notice_waived`` and ``announced`` for the report."""
    new = [item for item in review.files if item.kind == NEW]
    if not new:
        return
    when = review_date or review.review_date or load_review_date(review.repo, review.base.commit)
    days = load_notice_days([review.base.registry, review.head.registry])
    for item in new:
        in_effect = find_in_effect(review.base.files, item.locale, item.policy, when)
        found = check_announced_notice(item.path, review.head.files[item.path], review_date=when,
                                       notice_days=days, in_effect=in_effect, locales=review.base.locales)
        item.notice_waived, item.announced = found.waived, found.announced
        if found.detail is not None:
            item.flags.append(Flag("notice-period", "notice period too short", found.detail))
        if found.unverified is not None:
            item.flags.append(Flag("announced-unverified", "announcement before the review", found.unverified,
                                   severity=APPROVE))


def check_stale_predecessors(review: Review) -> None:
    """Flag a new revision whose previous revision, once merged, is not the one the branch has: the
    base branch got it (or changed it) after the branch forked, so the new text was written without
    it, and its redline shows what merging would undo."""
    if review.merge is None:
        return
    own = review.merge.head
    for item in review.files:
        if item.kind != NEW:
            continue
        previous = find_predecessor(item.path, review.head.files)
        if previous is None or own.files.get(previous) == review.head.files[previous]:
            continue
        how = "was added" if previous not in own.files else "was changed"
        item.flags.append(Flag(
            "stale-branch", f"stale branch: {previous} is newer",
            f"stale branch: {previous}, the previous revision on {review.base.name}, {how} there after "
            f"{own.name} forked ({review.merge.behind} commit{'s' if review.merge.behind != 1 else ''} behind): this revision was written without it, "
            f"and the redline against it shows what merging would undo; merge {review.base.name} into the branch "
            "(or rebase it) and carry the change over"))


__all__ = [
    "ARCHIVED", "CHANGED", "CHANGED_META", "CORRECTION", "NEW", "REMOVED",
    "FileReview", "Flag", "MetaChange", "Review", "review_repository",
]

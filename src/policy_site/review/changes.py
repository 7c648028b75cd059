"""Pull-request review of wording changes: ``policy-redline review BASE [HEAD]``.

Legal approves wording in pull requests, where a plain ``git diff`` of a new revision file is a
whole new file. This module compares the policy sources of two states of a git repository and
says, for every source that differs, what a reviewer has to look at:

* **new revision** — a file added under ``docs/<locale>/<policy>/<YYYY-MM-DD>.md``: its redline
  against the *previous revision of the same policy and locale*, i.e. the newest revision with an
  earlier date in the HEAD state (the state after the change). The first revision of a policy in
  a locale is compared with nothing: the whole text is shown as inserted.
* **changed published text** / **changed front matter** — an existing revision file changed in
  place: its redline against the same file at BASE. A revision on the base branch is published
  (its permanent link never changes), so this is **flagged** — unless the HEAD version declares a
  correction: a non-empty ``correction:`` front matter value that is new or differs from BASE's.
  Then the kind is **correction (declared)**, the correction text is shown, and the change is
  listed but not flagged.
* **reconstruction replaced by archived text** — a ja revision that was ``provenance:
  reconstructed`` at BASE and is ``provenance: archived`` at HEAD (the real text found in an
  archived copy), and its en/zh files changed with it: redlined against the reconstruction, not
  flagged as an edit in place; translations that do not follow are still flagged.
* **removed** — a revision file deleted (a renamed file, e.g. a date change, is a removal plus a
  new revision): **flagged**, since its permanent link would break.
* **translations** — for every ja revision added or changed, the HEAD en and zh files of the same
  policy and date: a missing one is flagged "translation missing", one whose ``source_sha256`` is
  not the SHA-256 of the HEAD ja file's bytes is flagged "translation stale". An en/zh file added
  or changed whose ``source_sha256`` does not match its HEAD ja file is flagged as well.
* **invalid source** — a changed file whose name is not a date, which is not UTF-8 or whose front
  matter does not validate (:func:`policy_site.sources.revision.validate_meta`): flagged with the message
  the build would give.
* **front matter** — every key that differs is listed ``key: old → new`` (all keys of a new file).

Policy sources live under ``docs/`` (:data:`DOCS_DIR`); a path is a source when
:func:`policy_site.sources.revision.parse_revision_path` says so. Output is deterministic: files in the
order ja, en, zh, then by path.

:mod:`policy_site.review.git` reads the two states; :func:`review_repository` builds the
:class:`Review`; :mod:`policy_site.review.render` renders the pull-request comment and the
standalone HTML report.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from policy_site.redline import Redline, compute_redline
from policy_site.review.notice import check_notice, load_base_options, load_notice_days, load_review_date
from policy_site.sources.registry import load_registry_text
from policy_site.review.notice import check_notice, load_notice_days, load_review_date
from policy_site.review.site_check import SiteCheck, check_site
from policy_site.sources.dates import load_build_date
from policy_site.review.git import (
    REGISTRY_PATH,
    Snapshot,
    find_repository,
    snapshot_at,
    snapshot_of_worktree,
)
from policy_site.sources.tree import check_docs_entries
from policy_site.sources.revision import (
    DEFAULT_LOCALE,
    FRONT_MATTER_KEYS,
    LOCALES,
    MAX_SOURCE_BYTES,
    FrontMatterError,
    SourceError,
    check_revision,
    check_size as check_revision_size,
    check_text,
    parse_revision_path,
    revision_path,
    sha256_of,
    split_front_matter,
)


# Kinds of change, as shown in the summary table.
NEW = "new revision"
CHANGED = "changed published text"
CHANGED_META = "changed front matter"
CORRECTION = "correction (declared)"
REMOVED = "removed"
ARCHIVED = "reconstruction replaced by archived text"
NOT_A_SOURCE = "not a policy source"
REGISTRY = "policy registry"

DEFAULT_CONTEXT = 2  # unchanged blocks kept around each change in the Markdown redline
FOLD_LINES = 40      # a Markdown redline longer than this is folded in <details>

# --------------------------------------------------------------------------------------------
# The model


@dataclass(frozen=True)
class Flag:
    """Something a reviewer must act on: ``short`` for the summary table, ``detail`` for the section."""

    code: str   # edited-in-place, removed, translation-missing, translation-stale, source-mismatch, invalid,
                # notice-period
    short: str
    detail: str


@dataclass(frozen=True)
class MetaChange:
    """One front matter key that differs; ``None`` means absent on that side."""

    key: str
    old: str | None
    new: str | None


@dataclass
class FileReview:
    """One policy source that differs between BASE and HEAD."""

    path: str                    # relative to docs/
    locale: str
    policy: str
    kind: str                    # NEW, CHANGED, CHANGED_META, CORRECTION, REMOVED
    compared_with: str           # what the redline's old text is, in words
    redline: Redline | None      # None when the text could not be read
    front_matter: list[MetaChange] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    correction: str | None = None
    notice_waived: str | None = None  # why a new revision gives less notice than its policy asks

    @property
    def flagged(self) -> bool:
        return bool(self.flags)

    @property
    def size(self) -> str:
        """``+N −M chars`` of highlighted text, or why there is no number."""
        if self.redline is None:
            return "unreadable"
        if not self.redline.changed:
            return "no text change"
        summary = self.redline.summary
        return f"+{summary.inserted_chars} \u2212{summary.deleted_chars} chars"


@dataclass
class Review:
    """Everything that differs between two states of the policy sources."""

    repo: Path
    base: Snapshot
    head: Snapshot
    files: list[FileReview]
    site: SiteCheck | None = None  # the published text compared (None: not asked for)

    @property
    def flagged(self) -> list[FileReview]:
        return [f for f in self.files if f.flagged]

    @property
    def any_flagged(self) -> bool:
        """Anything flagged: a source, or published text that changed outside the sources."""
        return bool(self.flagged) or (self.site is not None and self.site.flagged)

    @property
    def css(self) -> str:
        """The redline CSS of BASE: already reviewed and merged. Never HEAD's, which the pull request
        controls (it could hide its own flags); the report's own CSS comes from the package."""
        return self.base.css or ""


def review_repository(directory: str | Path, base_ref: str, head_ref: str | None = None, *,
                      build: bool = False, head_site: Path | None = None) -> Review:
    """Compare ``base_ref`` with ``head_ref`` (None: the working tree) in the repository at ``directory``.

    With ``build``, the site is also built at both sides and its published text compared
    (:mod:`policy_site.review.site_check`); ``head_site`` is HEAD's site built elsewhere (read as data,
    instead of building HEAD here).
    """
    repo = find_repository(directory)
    registry_path = _registry_path(repo, load_base_options(repo, base_ref).registry)
    base = snapshot_at(repo, base_ref, registry_path=registry_path)
    head = (snapshot_at(repo, head_ref, registry_path=registry_path) if head_ref is not None
            else snapshot_of_worktree(repo, registry_path=registry_path))
    review = review_snapshots(base, head, repo=repo, build_date=load_review_date(repo, base.commit))
    check_notice_period(review)
    if build:
        assert base.commit is not None
        sources = {path: data for path, data in head.files.items() if path not in head.sizes}
        review.site = check_site(repo, base.commit, head.commit, sources=sources, registry=head.registry,
                                 registry_path=registry_path, locale_of=_page_locale, head_site=head_site)
    return review


def _registry_path(repo: Path, registry: str) -> str:
    """The ``registry`` option of BASE (an absolute path under the reviewed repository) as a path in
    the repository; the default when it points outside it (the build refuses nothing there, so the
    review reads the file a build of the repository alone would read)."""
    try:
        return Path(registry).relative_to(repo).as_posix()
    except ValueError:
        return REGISTRY_PATH


def _page_locale(path: str) -> str:
    first = path.split("/", 1)[0]
    return first if first in LOCALES else DEFAULT_LOCALE


def check_notice_period(review: Review, review_date: date | None = None) -> None:
    """Flag each new Japanese revision announced with less notice than its policy's ``notice_days``
    (see :mod:`policy_site.review.notice`); record a declared ``notice_waived`` for the report."""
    new = [item for item in review.files if item.kind == NEW and item.locale == DEFAULT_LOCALE]
    if not new:
        return
    when = review_date or load_review_date(review.repo, review.base.commit)
    days = load_notice_days([review.base.registry, review.head.registry])
    for item in new:
        detail, item.notice_waived = check_notice(item.path, review.head.files[item.path], review_date=when,
                                                  notice_days=days)
        if detail is not None:
            item.flags.append(Flag("notice-period", "notice period too short", detail))


# --------------------------------------------------------------------------------------------
# The comparison


@dataclass(frozen=True)
class _Source:
    """One file of one side, decoded as far as possible; ``error`` says why not further."""

    path: str
    data: bytes
    meta: dict[str, Any]
    body: str | None
    error: str | None

    @property
    def correction(self) -> str | None:
        value = self.meta.get("correction")
        text = "" if value is None else str(value).strip()
        return text or None


def _read_source(path: str, data: bytes, *, policy_ids: set[str] | None = None, build_date=None,
                 size: int | None = None) -> _Source:
    """Validate one source exactly as the build does (:func:`policy_site.sources.revision.check_revision`);
    then decode it as far as possible for the redline. Problems become ``error``, never raise."""
    error = None
    try:
        if size is not None:
            check_revision_size(path, size)
        check_revision(path, data, policy_ids=policy_ids, build_date=build_date)
    except SourceError as exc:
        error = exc.cause
    if size is not None and size > MAX_SOURCE_BYTES:
        return _Source(path, data, {}, None, error)
    try:
        text = data.decode("utf-8")
        check_text(text)  # no control characters in a redline
        meta, body = split_front_matter(text)
    except (UnicodeDecodeError, FrontMatterError):
        return _Source(path, data, {}, None, error)
    return _Source(path, data, meta, body, error)


def _parts(path: str) -> tuple[str, str, str]:
    """(locale, policy, date text) of a source path, also for a misnamed file."""
    locale, policy, name = PurePosixPath(path).parts
    return locale, policy, PurePosixPath(name).stem


def _find(files: dict[str, bytes], locale: str, policy: str, stem: str) -> str | None:
    """The path of the revision of ``policy`` in ``locale`` named ``stem`` (any Markdown suffix)."""
    found = sorted(path for path in files if _parts(path) == (locale, policy, stem))
    return found[0] if found else None


def _predecessor(path: str, files: dict[str, bytes]) -> str | None:
    """The newest revision of the same policy and locale with an earlier date, in ``files``."""
    try:
        parsed = parse_revision_path(path)
    except SourceError:
        return None  # a misnamed file has no place in the sequence of revisions
    assert parsed is not None
    locale, policy, effective = parsed
    earlier = []
    for other in files:
        try:
            parsed = parse_revision_path(other)
        except SourceError:
            continue
        if parsed and parsed[0] == locale and parsed[1] == policy and parsed[2] < effective:
            earlier.append((parsed[2], other))
    return max(earlier)[1] if earlier else None


def _format_value(value: Any) -> str:
    if isinstance(value, str):
        return value
    dumped = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=float("inf"))
    return dumped.strip().removesuffix("...").strip()


def _meta_changes(old: dict[str, Any], new: dict[str, Any]) -> list[MetaChange]:
    """Keys that differ, in the order of FRONT_MATTER_KEYS, then unknown keys by name."""
    keys = [k for k in FRONT_MATTER_KEYS if k in old or k in new]
    keys += sorted((set(old) | set(new)) - set(FRONT_MATTER_KEYS), key=str)
    changes = []
    for key in keys:
        before = None if key not in old else _format_value(old[key])
        after = None if key not in new else _format_value(new[key])
        if before != after:
            changes.append(MetaChange(str(key), before, after))
    return changes


def _redline(old: _Source | None, new: _Source | None, locale: str) -> Redline | None:
    old_body = "" if old is None else old.body
    new_body = "" if new is None else new.body
    if old_body is None or new_body is None:
        return None
    return compute_redline(old_body, new_body, locale=locale)


def _translation_flags(source: _Source, head: Snapshot) -> list[Flag]:
    """Flags about the translations of a ja source, or about the ja source of a translation."""
    locale, policy, stem = _parts(source.path)
    flags = []
    if locale == DEFAULT_LOCALE:
        digest = sha256_of(source.data)
        for other in LOCALES:
            if other == DEFAULT_LOCALE:
                continue
            path = _find(head.files, other, policy, stem)
            if path is None:
                path = revision_path(other, policy, stem)
                flags.append(Flag("translation-missing", f"translation missing: {path}",
                                  f"translation missing: {path} does not exist in {head.name}; "
                                  f"add it with source_sha256: \"{digest}\""))
                continue
            recorded = str(_read_source(path, head.files[path]).meta.get("source_sha256") or "")
            if recorded != digest:
                flags.append(Flag("translation-stale", f"translation stale: {path}",
                                  f"translation stale: {path} records source_sha256 "
                                  f"{recorded[:12] or '(none)'}…, but this file's "
                                  f"SHA-256 is {digest[:12]}…; update the translation, then set "
                                  f"source_sha256: \"{digest}\""))
    else:
        ja_path = _find(head.files, DEFAULT_LOCALE, policy, stem)
        if ja_path is None:
            ja_path = revision_path(DEFAULT_LOCALE, policy, stem)
            flags.append(Flag("source-mismatch", f"no {ja_path}",
                              f"translates {ja_path}, which does not exist in {head.name}"))
        elif str(source.meta.get("source_sha256") or "") != sha256_of(head.files[ja_path]):
            flags.append(Flag("source-mismatch", "source_sha256 does not match",
                              f"source_sha256 does not match {ja_path} in {head.name}; "
                              f"translate its current text, then set source_sha256: "
                              f"\"{sha256_of(head.files[ja_path])}\""))
    return flags


def _replaces_reconstruction(path: str, base: Snapshot, head: Snapshot) -> bool:
    """True when the Japanese revision behind ``path`` was a reconstruction in BASE and is an
    archived copy in HEAD: the real text replacing a guess (and its translations following), not
    an edit of published wording."""
    _, policy, stem = _parts(path)
    ja_base, ja_head = _find(base.files, DEFAULT_LOCALE, policy, stem), _find(head.files, DEFAULT_LOCALE, policy, stem)
    if ja_base is None or ja_head is None:
        return False
    before = _read_source(ja_base, base.files[ja_base])
    after = _read_source(ja_head, head.files[ja_head])
    return before.meta.get("provenance") == "reconstructed" and after.meta.get("provenance") == "archived" \
        and after.error is None


def _order(path: str) -> tuple[int, str]:
    locale = path.split("/", 1)[0]
    return (LOCALES.index(locale) if locale in LOCALES else len(LOCALES), path)


def _content_id(snapshot: Snapshot, path: str) -> object:
    if path in snapshot.entries:
        return snapshot.entries[path][1]
    return snapshot.files.get(path)


def _registry_text(raw: bytes | None, name: str) -> tuple[str, set[str] | None, str | None]:
    """The registry's titles as one Markdown list (for a redline), its policy ids, and its error."""
    if raw is None:
        return "", None, f"{name} is missing or not a regular file under the size limit"
    try:
        policies = load_registry_text(raw, name)
    except SourceError as exc:
        return "", None, exc.cause
    lines = [f"- {policy.id} ({locale}): {policy.title(locale)}" for policy in policies for locale in LOCALES]
    return "\n".join(lines) + "\n", {policy.id for policy in policies}, None


def _registry_review(base: Snapshot, head: Snapshot) -> FileReview | None:
    """The registry, when it differs: its titles as a redline, flagged only when the build would reject it."""
    if base.registry == head.registry:
        return None
    old_text, _, _ = _registry_text(base.registry, base.registry_path)
    new_text, _, error = _registry_text(head.registry, head.registry_path)
    flags = [Flag("invalid", "invalid registry", f"invalid registry: {error}")] if error else []
    return FileReview(path=head.registry_path, locale=DEFAULT_LOCALE, policy="", kind=REGISTRY,
                      compared_with=f"{base.registry_path} in {base.title} (the titles of every policy)",
                      redline=compute_redline(old_text, new_text, locale=DEFAULT_LOCALE), flags=flags)


def _tree_reviews(base: Snapshot, head: Snapshot, policy_ids: set[str] | None) -> list[FileReview]:
    """Entries under docs/ that MkDocs would publish but that are not policy sources (links, stray
    pages, other suffixes, unknown locales), new or changed since BASE. Revision-shaped files are
    reviewed as sources instead, with the same message."""
    reviews = []
    entries = [entry for path, (entry, _) in head.entries.items()
               if path not in head.files and _content_id(base, path) != _content_id(head, path)]
    for problem in check_docs_entries(entries, policy_ids=policy_ids):
        parts = PurePosixPath(problem.path).parts
        reviews.append(FileReview(
            path=problem.path, locale=parts[0] if parts else "", policy=parts[1] if len(parts) > 2 else "",
            kind=NOT_A_SOURCE, compared_with="nothing: the build refuses this file", redline=None,
            flags=[Flag("not-a-source", "not a policy source", f"not a policy source: {problem.cause}")]))
    return reviews


def review_snapshots(base: Snapshot, head: Snapshot, *, repo: Path, build_date: date | None = None) -> Review:
    """The :class:`Review` of two snapshots (no git involved: testable on its own)."""
    paths = sorted((p for p in set(base.files) | set(head.files) if _content_id(base, p) != _content_id(head, p)),
                   key=_order)
    _, policy_ids, _ = _registry_text(head.registry, head.registry_path)
    # The date the build would check against: today where the policies apply (BASE's time_zone).
    build_date = build_date or load_build_date()
    files = []
    registry = _registry_review(base, head)
    if registry is not None:
        files.append(registry)
    for path in paths:
        locale, policy, _ = _parts(path)
        old = _read_source(path, base.files[path], size=base.sizes.get(path)) if path in base.files else None
        new = (_read_source(path, head.files[path], policy_ids=policy_ids, build_date=build_date,
                            size=head.sizes.get(path)) if path in head.files else None)
        flags: list[Flag] = []
        correction = None
        if new is None:
            assert old is not None
            kind, compared_with = REMOVED, f"the same file in {base.title}"
            redline = _redline(old, None, locale)
            front_matter = []  # all of it goes; the redline shows the text going
            flags.append(Flag("removed", "published revision removed",
                              f"published revision removed: {path} is in {base.name} and its permanent "
                              "link would break; keep it (a rename is a removal plus a new revision)"))
        elif old is None:
            kind = NEW
            previous = _predecessor(path, head.files)
            if previous is None:
                compared_with = f"nothing: the first {locale} revision of {policy} (all text is new)"
                redline = _redline(None, new, locale)
            else:
                compared_with = f"{previous}, the previous revision in {head.name}"
                redline = _redline(_read_source(previous, head.files[previous]), new, locale)
            front_matter = _meta_changes({}, new.meta)
        else:
            compared_with = f"the same file in {base.title}"
            redline = _redline(old, new, locale)
            front_matter = _meta_changes(old.meta, new.meta)
            if _replaces_reconstruction(path, base, head):
                kind = ARCHIVED
                compared_with = f"the reconstruction it replaces, in {base.title}"
            elif new.correction is not None and new.correction != old.correction:
                kind, correction = CORRECTION, new.correction
            else:
                kind = CHANGED if old.body != new.body or redline is None else CHANGED_META
                flags.append(Flag("edited-in-place", "published revision edited in place",
                                  "published revision edited in place: revisions in "
                                  f"{base.name} are immutable; add the change as a new revision, or, "
                                  "if this corrects a mistake, say so in the front matter with "
                                  "'correction: \"YYYY-MM-DD: what was corrected\"'"))
        if new is not None:
            if new.error is not None:
                flags.append(Flag("invalid", "invalid source", f"invalid source: {new.error}"))
            if path not in head.sizes:  # an unread (too large) file has no digest to compare
                flags.extend(_translation_flags(new, head))
        files.append(FileReview(path=path, locale=locale, policy=policy, kind=kind, compared_with=compared_with,
                                redline=redline, front_matter=front_matter, flags=flags, correction=correction))
    files.extend(_tree_reviews(base, head, policy_ids))
    files.sort(key=lambda item: (item.kind != REGISTRY, _order(item.path)))
    return Review(repo=repo, base=base, head=head, files=files)


# --------------------------------------------------------------------------------------------
# Markdown for the pull-request comment


__all__ = [
    "ARCHIVED", "CHANGED", "CHANGED_META", "CORRECTION", "NEW", "REMOVED",
    "FileReview", "Flag", "MetaChange", "Review", "review_repository", "review_snapshots",
]

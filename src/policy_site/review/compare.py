"""The comparison of two snapshots of the policy sources: one :class:`FileReview` per file that differs.

* **new revision** — a file added under ``docs/<locale>/<policy>/<YYYY-MM-DD>.md``: its redline
  against the *previous revision of the same policy and locale* in HEAD (the state after the
  change); the first revision of a policy in a locale is compared with nothing.
* **changed published text** / **changed front matter** — an existing revision changed in place:
  its redline against the same file at BASE, **flagged** (a published revision is immutable) unless
  HEAD declares a new or different ``correction:``. A declared correction that changes the text of
  a revision already in effect on the review date still needs approval: readers are bound by that
  wording, and a note in the front matter is no announcement.
* **reconstruction replaced by archived text** — a ja revision that goes from ``reconstructed`` to
  ``archived`` (and its en/zh files): redlined against the reconstruction, not an edit in place.
* **removed** — flagged: its permanent link would break (a rename is a removal plus a new revision).
* **translations** — a ja revision added or changed whose en/zh file is missing or records another
  ``source_sha256`` is flagged; so is an en/zh file that does not match its ja file.
* **invalid source** — anything the build's validator refuses, with the build's message.
* **addresses** — an address or link target that mixes scripts (:mod:`policy_site.review.addresses`).

Output is deterministic: the registry and the glossary first, then files ja, en, zh, by path.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import date
from pathlib import PurePosixPath
from typing import Any

import yaml

from policy_site.redline import Redline
from policy_site.redline.store import RedlineStore, load_redline
from policy_site.review.addresses import check_addresses
from policy_site.review.data_files import review_glossary, review_registry
from policy_site.review.git import Snapshot
from policy_site.review.model import (
    APPROVE, ARCHIVED, CHANGED, CHANGED_META, CORRECTION, GLOSSARY, NEW, NOT_A_SOURCE, REGISTRY, REMOVED,
    FileReview, Flag, MetaChange, MetaEntry,
)
from policy_site.sources.locales import Locales
from policy_site.sources.registry import load_registry_text
from policy_site.sources.revision import (
    FRONT_MATTER_KEYS, MAX_SOURCE_BYTES, FrontMatterError, SourceError, check_revision,
    check_size as check_revision_size, check_text, parse_revision_path, revision_path, sha256_of, split_front_matter,
)
from policy_site.sources.tree import check_docs_entries


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


def _read_source(path: str, data: bytes, *, policy_ids: set[str] | None = None, review_date: date | None = None,
                 size: int | None = None, locales: Locales | None = None, policies: dict | None = None) -> _Source:
    """Validate one source exactly as the build does (:func:`policy_site.sources.revision.check_revision`,
    with the review date as the build date); then decode it as far as possible for the redline.
    Problems become ``error``, never raise."""
    error = None
    try:
        if size is not None:
            check_revision_size(path, size)
        check_revision(path, data, policy_ids=policy_ids, build_date=review_date, locales=locales, policies=policies)
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


def _dated(files: dict[str, bytes], locale: str, policy: str) -> list[tuple[date, str]]:
    """The correctly named revisions of ``policy`` in ``locale``, oldest first."""
    out = []
    for other in files:
        try:
            parsed = parse_revision_path(other)
        except SourceError:
            continue
        if parsed and parsed[0] == locale and parsed[1] == policy:
            out.append((parsed[2], other))
    return sorted(out)


def find_predecessor(path: str, files: dict[str, bytes]) -> str | None:
    """The newest revision of the same policy and locale with an earlier date, in ``files``."""
    try:
        parsed = parse_revision_path(path)
    except SourceError:
        return None  # a misnamed file has no place in the sequence of revisions
    assert parsed is not None
    earlier = [other for day, other in _dated(files, parsed[0], parsed[1]) if day < parsed[2]]
    return earlier[-1] if earlier else None


def find_in_effect(files: dict[str, bytes], locale: str, policy: str, review_date: date) -> date | None:
    """The date of the revision of ``policy`` in ``locale`` in effect on ``review_date``, in ``files``."""
    dates = [day for day, _ in _dated(files, locale, policy) if day <= review_date]
    return dates[-1] if dates else None


def _format_value(value: Any) -> str:
    if isinstance(value, str):
        return value
    dumped = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=float("inf"))
    return dumped.strip().removesuffix("...").strip()


def _meta_changes(old: dict[str, Any], new: dict[str, Any]) -> list[MetaChange]:
    """Keys that differ, in the order of FRONT_MATTER_KEYS, then unknown keys by name; a list with
    the entries that differ."""
    keys = [k for k in FRONT_MATTER_KEYS if k in old or k in new]
    keys += sorted((set(old) | set(new)) - set(FRONT_MATTER_KEYS), key=str)
    changes = []
    for key in keys:
        before = None if key not in old else _format_value(old[key])
        after = None if key not in new else _format_value(new[key])
        if before != after:
            lists = [value if isinstance(value, list) else None for value in (old.get(key), new.get(key))]
            if any(value is not None for value in lists):
                changes.append(MetaChange(str(key), before, after, _list_entries(*lists),
                                          (None if lists[0] is None else len(lists[0]),
                                           None if lists[1] is None else len(lists[1]))))
            else:
                changes.append(MetaChange(str(key), before, after))
    return changes


def _list_entries(old: list[Any] | None, new: list[Any] | None) -> tuple[MetaEntry, ...]:
    """The entries of a list that differ, aligned as a diff aligns lines (an entry added in the middle
    is one added entry, not every later one changed); an entry that is a mapping (a basis entry), by
    the fields that differ. Numbers are the entry's place in the new list (in the old one, if removed)."""
    before = [_format_value(value) for value in old or []]
    after = [_format_value(value) for value in new or []]
    entries: list[MetaEntry] = []

    def fields(label: str, a: Any, b: Any) -> None:
        if {type(a), type(b)} <= {dict, type(None)}:  # mappings (or one absent): the fields that differ
            a_map, b_map = a or {}, b or {}
            for name in [*a_map, *(k for k in b_map if k not in a_map)]:
                x = None if name not in a_map else _format_value(a_map[name])
                y = None if name not in b_map else _format_value(b_map[name])
                if x != y:
                    entries.append(MetaEntry(f"{label}, {name}", x, y))
        else:
            entries.append(MetaEntry(label, None if a is None else _format_value(a),
                                     None if b is None else _format_value(b)))

    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        paired = min(i2 - i1, j2 - j1) if tag == "replace" else 0
        for k in range(paired):
            fields(f"entry {j1 + k + 1}", (old or [])[i1 + k], (new or [])[j1 + k])
        for i in range(i1 + paired, i2):
            fields(f"entry {i + 1} (removed)", (old or [])[i], None)
        for j in range(j1 + paired, j2):
            fields(f"entry {j + 1}" + (" (added)" if old else ""), None, (new or [])[j])
    return tuple(entries)


def _redline(old: _Source | None, new: _Source | None, locale: str, store: RedlineStore | None = None) -> Redline | None:
    old_body = "" if old is None else old.body
    new_body = "" if new is None else new.body
    if old_body is None or new_body is None:
        return None
    return load_redline(old_body, new_body, locale=locale, store=store)


def _translation_flags(source: _Source, head: Snapshot, policies: dict) -> list[Flag]:
    """Flags about the translations of an authoritative source, or about the source of a translation."""
    locale, policy, stem = _parts(source.path)
    flags = []
    locales = head.locales
    own = policies.get(policy)
    if locales is None:  # BASE has no valid mkdocs.yml: flagged on its own
        return flags
    translating = [other for other in locales.codes_of(own) if locales.source_of(other, own) == locale]
    source_locale = locales.source_of(locale, own)
    if source_locale is None:
        digest = sha256_of(source.data)
        for other in translating:
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
        ja_path = _find(head.files, source_locale, policy, stem)
        if ja_path is None:
            ja_path = revision_path(source_locale, policy, stem)
            flags.append(Flag("source-mismatch", f"no {ja_path}",
                              f"translates {ja_path}, which does not exist in {head.name}"))
        elif str(source.meta.get("source_sha256") or "") != sha256_of(head.files[ja_path]):
            flags.append(Flag("source-mismatch", "source_sha256 does not match",
                              f"source_sha256 does not match {ja_path} in {head.name}; "
                              f"translate its current text, then set source_sha256: "
                              f"\"{sha256_of(head.files[ja_path])}\""))
    return flags


def _replaces_reconstruction(path: str, base: Snapshot, head: Snapshot, policies: dict) -> bool:
    """True when the authoritative revision behind ``path`` was a reconstruction in BASE and is an
    archived copy in HEAD: the real text replacing a guess (and its translations following)."""
    locale, policy, stem = _parts(path)
    if head.locales is not None:
        locale = head.locales.base_of(locale, policies.get(policy)) if locale in head.locales else locale
    ja_base, ja_head = _find(base.files, locale, policy, stem), _find(head.files, locale, policy, stem)
    if ja_base is None or ja_head is None:
        return False
    before = _read_source(ja_base, base.files[ja_base])
    after = _read_source(ja_head, head.files[ja_head])
    return before.meta.get("provenance") == "reconstructed" and after.meta.get("provenance") == "archived" \
        and after.error is None


def _order(path: str, locales: Locales | None = None) -> tuple[int, str]:
    """Files in the site's locale order (the default first), then by path."""
    locale = path.split("/", 1)[0]
    codes = tuple(locales) if locales is not None else ()
    return (codes.index(locale) if locale in codes else len(codes), path)


def _content_id(snapshot: Snapshot, path: str) -> object:
    if path in snapshot.entries:
        return snapshot.entries[path][1]
    return snapshot.files.get(path)


def _tree_reviews(base: Snapshot, head: Snapshot, policy_ids: set[str] | None) -> list[FileReview]:
    """Entries under docs/ that MkDocs would publish but that are not policy sources (links, stray
    pages, other suffixes, unknown locales), new or changed since BASE. Revision-shaped files are
    reviewed as sources instead, with the same message."""
    reviews = []
    entries = [entry for path, (entry, _) in head.entries.items()
               if path not in head.files and _content_id(base, path) != _content_id(head, path)]
    for problem in check_docs_entries(entries, locales=head.locales, policy_ids=policy_ids):
        parts = PurePosixPath(problem.path).parts
        reviews.append(FileReview(
            path=problem.path, locale=parts[0] if parts else "", policy=parts[1] if len(parts) > 2 else "",
            kind=NOT_A_SOURCE, compared_with="nothing: the build refuses this file", redline=None,
            flags=[Flag("not-a-source", "not a policy source", f"not a policy source: {problem.cause}")]))
    return reviews


def _correction_flag(path: str, old: _Source, new: _Source, base: Snapshot, review_date: date) -> Flag | None:
    """A declared correction that changes the wording of a revision in effect (or once in effect)."""
    try:
        parsed = parse_revision_path(path)
    except SourceError:
        return None
    if parsed is None or old.body == new.body or parsed[2] > review_date:
        return None
    current = find_in_effect(base.files, parsed[0], parsed[1], review_date)
    since = "the revision in effect" if current == parsed[2] else "a revision that was in effect"
    return Flag("correction-in-effect", "correction of wording in effect: needs approval",
                f"correction of wording in effect: {path} is {since} on the review date {review_date.isoformat()}, "
                "and a correction note changes what binds readers without a new revision or notice; a code owner "
                "(with legal) must approve it, or publish the change as a new revision", severity=APPROVE)


def _source_review(path: str, base: Snapshot, head: Snapshot, *, policy_ids: set[str] | None,
                   review_date: date, policies: dict, store: RedlineStore | None = None) -> FileReview:
    locale, policy, _ = _parts(path)
    old = _read_source(path, base.files[path], size=base.sizes.get(path)) if path in base.files else None
    new = (_read_source(path, head.files[path], policy_ids=policy_ids, review_date=review_date,
                        size=head.sizes.get(path), locales=head.locales, policies=policies)
           if path in head.files else None)
    flags: list[Flag] = []
    correction = None
    front_matter: list[MetaChange] = []
    if new is None:
        assert old is not None
        kind, compared_with = REMOVED, f"the same file in {base.title}"
        redline = _redline(old, None, locale, store)
        flags.append(Flag("removed", "published revision removed",
                          f"published revision removed: {path} is in {base.name} and its permanent "
                          "link would break; keep it (a rename is a removal plus a new revision)"))
    elif old is None:
        kind = NEW
        previous = find_predecessor(path, head.files)
        if previous is None:
            compared_with = f"nothing: the first {locale} revision of {policy} (all text is new)"
            redline = _redline(None, new, locale, store)
        else:
            compared_with = f"{previous}, the previous revision in {head.name}"
            redline = _redline(_read_source(previous, head.files[previous]), new, locale, store)
        front_matter = _meta_changes({}, new.meta)
    else:
        compared_with = f"the same file in {base.title}"
        redline = _redline(old, new, locale, store)
        front_matter = _meta_changes(old.meta, new.meta)
        if _replaces_reconstruction(path, base, head, policies):
            kind = ARCHIVED
            compared_with = f"the reconstruction it replaces, in {base.title}"
        elif new.correction is not None and new.correction != old.correction:
            kind, correction = CORRECTION, new.correction
            flag = _correction_flag(path, old, new, base, review_date)
            flags.extend([flag] if flag else [])
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
            flags.extend(_translation_flags(new, head, policies))
            text = new.data.decode("utf-8", "replace")
            flags.extend(Flag("mixed-script", "address in mixed scripts", f"address in mixed scripts: {found}")
                         for found in check_addresses(text))
    note = new.meta.get("change_note") if new is not None and kind == NEW else None
    return FileReview(path=path, locale=locale, policy=policy, kind=kind, compared_with=compared_with,
                      redline=redline, front_matter=front_matter, flags=flags, correction=correction,
                      change_note=note.strip() if isinstance(note, str) and note.strip() else None)


def _load_policies(snapshot: Snapshot) -> dict | None:
    """The registry's policies by id (their own locales and translations), None when it is missing
    or invalid (the review flags the registry on its own)."""
    if snapshot.registry is None:
        return None
    try:
        return {policy.id: policy for policy in load_registry_text(snapshot.registry, snapshot.registry_path,
                                                                    snapshot.locales)}
    except SourceError:
        return None


def review_snapshots(base: Snapshot, head: Snapshot, *, review_date: date,
                     store: RedlineStore | None = None) -> list[FileReview]:
    """Every file that differs between two snapshots, reviewed (no git involved: testable on its own).
    ``review_date`` is the day the build's date checks are measured from (today where the policies apply);
    redlines go through ``store``, the build's cache, when there is one."""
    paths = sorted((p for p in set(base.files) | set(head.files) if _content_id(base, p) != _content_id(head, p)),
                   key=lambda p: _order(p, head.locales))
    policies = _load_policies(head)  # read once: the policy ids and each policy's locales
    policy_ids = set(policies) if policies is not None else None
    policies = policies or {}
    files = [item for item in (review_registry(base, head, store), review_glossary(base, head)) if item is not None]
    files += [_source_review(path, base, head, policy_ids=policy_ids, review_date=review_date, policies=policies,
                                store=store)
              for path in paths]
    files.extend(_tree_reviews(base, head, policy_ids))
    files.sort(key=lambda item: (item.kind not in (REGISTRY, GLOSSARY), item.kind != REGISTRY,
                                 _order(item.path, head.locales)))
    return files

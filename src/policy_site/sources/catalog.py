"""The catalog: every policy with its revisions, checked as a whole.

Single-file checks live in :mod:`policy_site.sources.revision`; the rules that need all files at once
(a translation without its Japanese revision, a policy with no revision at all) live here,
together with the one definition of "the revision in effect" that every page uses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from policy_site.sources.registry import Policy, load_registry
from policy_site.sources.revision import DEFAULT_LOCALE, LOCALES, Revision, SourceError, revision_path
from policy_site.sources.tree import load_revisions


@dataclass
class Catalog:
    policies: list[Policy]
    revisions: list[Revision]
    build_date: date
    dropped: list[Revision] = field(default_factory=list)  # reconstructed, left out by settings
    locales: tuple[str, ...] = LOCALES  # the languages the site builds (its i18n languages)

    def policy(self, policy_id: str) -> Policy:
        for policy in self.policies:
            if policy.id == policy_id:
                return policy
        raise KeyError(policy_id)

    def revisions_of(self, policy_id: str, locale: str = DEFAULT_LOCALE) -> list[Revision]:
        """Oldest first."""
        return [r for r in self.revisions if r.policy == policy_id and r.locale == locale]

    def current(self, policy_id: str) -> Revision | None:
        """The newest Japanese revision in effect on the build date (the authoritative one)."""
        in_effect = [r for r in self.revisions_of(policy_id) if r.effective <= self.build_date]
        return in_effect[-1] if in_effect else None

    def upcoming(self, policy_id: str) -> list[Revision]:
        return [r for r in self.revisions_of(policy_id) if r.effective > self.build_date]

    def translation(self, revision: Revision, locale: str) -> Revision | None:
        """The ``locale`` text of a Japanese revision, or None while it is not translated."""
        if locale == revision.locale:
            return revision
        for candidate in self.revisions:
            if candidate.key == (revision.policy, locale, revision.effective):
                return candidate
        return None

    def is_stale(self, translation: Revision) -> bool:
        """True when the Japanese text changed after the translation was made."""
        source = self.translation_source(translation)
        return source is not None and translation.meta.get("source_sha256") != source.sha256

    def translation_source(self, translation: Revision) -> Revision | None:
        for candidate in self.revisions_of(translation.policy):
            if candidate.effective == translation.effective:
                return candidate
        return None


    # Facts every page, feed and report states the same way: kept here, not in the pages that show them.

    def authoritative(self, revision: Revision) -> Revision:
        """The authoritative revision behind a text (a translation's Japanese source)."""
        if revision.locale == DEFAULT_LOCALE:
            return revision
        return self.translation_source(revision) or revision

    def previous(self, revision: Revision) -> Revision | None:
        """The revision of the same policy just before ``revision`` (ja), or None for the first."""
        earlier = [r for r in self.revisions_of(revision.policy) if r.effective < revision.effective]
        return earlier[-1] if earlier else None

    def event_of(self, revision: Revision) -> str:
        """'established' or 'revised': declared in front matter, else established only if first of all
        (the revisions left out by the settings count: the first shown may revise an earlier one)."""
        declared = revision.meta.get("event")
        if declared:
            return declared
        all_dates = [r.effective for r in self.revisions_of(revision.policy) + self.dropped
                     if r.policy == revision.policy and r.locale == revision.locale]
        return "established" if revision.effective == min(all_dates) else "revised"

    def derived_from(self, revision: Revision) -> Revision | None:
        """The revision a reconstruction was derived from: declared, else the next one."""
        revision = self.authoritative(revision)
        declared = revision.meta.get("derived_from")
        later = [r for r in self.revisions_of(revision.policy) if r.effective > revision.effective]
        if declared is not None:
            return next((r for r in later if r.effective == declared), None)
        return later[0] if later else None

    def reconstructed_side(self, old: Revision, new: Revision) -> str | None:
        """Which text of a comparison is a reconstruction: "old", "new", "both" or None."""
        old_r, new_r = self.authoritative(old).is_reconstructed, self.authoritative(new).is_reconstructed
        if old_r and new_r:
            return "both"
        return "old" if old_r else "new" if new_r else None

    def law_dates(self, old: Revision, new: Revision) -> list[date]:
        """Dates of the changes in law that the reconstructions between ``old`` and ``new`` (same
        policy) attribute their differences to; two or more mean the span is cumulative.

        Only laws in force within the span count (after ``old`` took effect, at the latest on the
        day ``new`` did): a revision can anticipate a law in force the day after it, but a span
        that ends before a law came into force does not cover that change in law."""
        old, new = self.authoritative(old), self.authoritative(new)
        if old.policy != new.policy:
            return []
        dates: set[date] = set()
        for revision in self.revisions_of(old.policy):
            if old.effective <= revision.effective < new.effective and revision.is_reconstructed:
                dates.update(entry["in_force"] for entry in revision.meta.get("basis", []) if "in_force" in entry)
        return sorted(d for d in dates if old.effective < d <= new.effective)


def load_catalog(
    docs_dir: Path,
    registry_path: Path,
    *,
    build_date: date,
    include_reconstructed: bool = True,
    locales: tuple[str, ...] = LOCALES,
) -> Catalog:
    """Load and cross-check all sources. Raises :class:`SourceError` naming the first bad file.

    ``locales`` are the languages the site builds (mkdocs.yml): a folder of any other is an error.
    """
    policies = load_registry(registry_path)
    ids = {p.id for p in policies}
    revisions = load_revisions(docs_dir, ids, locales=locales, build_date=build_date)
    seen: dict[tuple, Revision] = {}
    for revision in revisions:
        if revision.key in seen:
            raise SourceError(revision.path, f"duplicates the revision {seen[revision.key].path}; "
                              "keep one file per policy, locale and date")
        seen[revision.key] = revision
    ja_keys = {(r.policy, r.effective) for r in revisions if r.locale == DEFAULT_LOCALE}
    for revision in revisions:
        if revision.locale != DEFAULT_LOCALE and (revision.policy, revision.effective) not in ja_keys:
            raise SourceError(
                revision.path,
                f"translates a revision that does not exist: add "
                f"{revision_path(DEFAULT_LOCALE, revision.policy, revision.effective)} "
                "or rename this file to the date of an existing one",
            )
    for policy in policies:
        if not any(r.policy == policy.id and r.locale == DEFAULT_LOCALE for r in revisions):
            raise SourceError(f"{DEFAULT_LOCALE}/{policy.id}/",
                              "has no Japanese revision; add one or remove the policy from the registry",
                              action="Checking policy")
    dropped: list[Revision] = []
    if not include_reconstructed:
        dropped_keys = {(r.policy, r.effective) for r in revisions if r.is_reconstructed}
        dropped = [r for r in revisions if (r.policy, r.effective) in dropped_keys]
        revisions = [r for r in revisions if (r.policy, r.effective) not in dropped_keys]
    catalog = Catalog(policies=policies, revisions=revisions, build_date=build_date, dropped=dropped,
                      locales=locales)
    for policy in policies:
        if catalog.current(policy.id) is None:
            first = catalog.revisions_of(policy.id)[0] if catalog.revisions_of(policy.id) else None
            raise SourceError(
                first.path if first else f"{DEFAULT_LOCALE}/{policy.id}/",
                f"no revision of '{policy.id}' is in effect on {build_date.isoformat()}; "
                "add an earlier revision or check SOURCE_DATE_EPOCH",
                action="Checking policy",
            )
    return catalog


__all__ = ["Catalog", "load_catalog", "LOCALES"]

"""The catalog: every policy with its revisions, checked as a whole.

Single-file checks live in :mod:`policy_site.sources.revision`; the rules that need all files at once
(a translation without the revision it translates, a policy with no revision at all) live here,
together with the one definition of "the revision in effect" that every page uses.

A locale's pages follow the revisions of its base locale (:mod:`policy_site.sources.locales`):
:meth:`Catalog.for_locale` gives the catalog as one locale reads it, whose ``policies`` are those
that exist in it and whose ``revisions_of``, ``current`` and ``upcoming`` answer for its base.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from policy_site.sources.locales import Locales
from policy_site.sources.registry import Policy, load_registry
from policy_site.sources.revision import Revision, SourceError, revision_path
from policy_site.sources.tree import load_revisions

if TYPE_CHECKING:  # the body check renders Markdown: loaded late
    from policy_site.sources.body import CheckedBodies


@dataclass
class Catalog:
    policies: list[Policy]
    revisions: list[Revision]
    build_date: date
    locales: Locales  # the languages the site builds (its i18n languages) and whose texts they are
    dropped: list[Revision] = field(default_factory=list)  # reconstructed, left out by settings
    reading_locale: str | None = None  # the locale this view is read in (for_locale); None: the default's
    all_policies: list[Policy] = field(default_factory=list)  # in every locale (policies: in this view's)

    def __post_init__(self) -> None:
        if not self.all_policies:
            self.all_policies = list(self.policies)

    def for_locale(self, locale: str) -> Catalog:
        """The catalog as the pages of ``locale`` read it: the policies that exist in it, and the
        revisions of its base locale for each."""
        return dataclasses.replace(self, reading_locale=locale, all_policies=self.all_policies,
                                   policies=[p for p in self.all_policies if locale in self.locales.codes_of(p)])

    def policy(self, policy_id: str) -> Policy:
        for policy in self.all_policies:
            if policy.id == policy_id:
                return policy
        raise KeyError(policy_id)

    def base_of(self, policy_id: str, locale: str | None = None) -> str:
        """The authoritative locale whose revisions of ``policy_id`` the pages of ``locale`` (default:
        this view's) follow; a policy that does not exist in the default locale follows its first
        authoritative one."""
        policy = self.policy(policy_id)
        locale = locale or self.reading_locale or self.locales.default
        if locale not in self.locales.codes_of(policy):
            return self.locales.authoritative(policy)[0]
        return self.locales.base_of(locale, policy)

    def is_authoritative(self, revision: Revision) -> bool:
        """True when ``revision`` is the company's own text (its locale is authoritative for its policy)."""
        return self.locales.is_authoritative(revision.locale, self.policy(revision.policy))

    def revisions_of(self, policy_id: str, locale: str | None = None) -> list[Revision]:
        """The revisions of ``policy_id`` in ``locale``, oldest first; without a locale, the
        authoritative ones this view's pages follow (its base locale's)."""
        locale = locale or self.base_of(policy_id)
        return [r for r in self.revisions if r.policy == policy_id and r.locale == locale]

    def listed_revisions(self) -> list[Revision]:
        """Every revision this view's pages follow (each policy's, in its base locale), by date then policy."""
        return sorted((r for policy in self.policies for r in self.revisions_of(policy.id)),
                      key=lambda r: (r.effective, r.policy))

    def siblings(self, revision: Revision) -> list[Revision]:
        """The revisions of ``revision``'s policy in its base locale, oldest first."""
        base = self.base_of(revision.policy, revision.locale)
        return [r for r in self.revisions if r.policy == revision.policy and r.locale == base]

    def current(self, policy_id: str, locale: str | None = None) -> Revision | None:
        """The newest revision in effect on the build date (in ``locale``; by default the authoritative
        one this view's pages follow)."""
        in_effect = [r for r in self.revisions_of(policy_id, locale) if r.effective <= self.build_date]
        return in_effect[-1] if in_effect else None

    def upcoming(self, policy_id: str, locale: str | None = None) -> list[Revision]:
        return [r for r in self.revisions_of(policy_id, locale) if r.effective > self.build_date]

    def translation(self, revision: Revision, locale: str) -> Revision | None:
        """The ``locale`` text of an authoritative revision, or None while it is not translated."""
        if locale == revision.locale:
            return revision
        for candidate in self.revisions:
            if candidate.key == (revision.policy, locale, revision.effective):
                return candidate
        return None

    def is_stale(self, translation: Revision) -> bool:
        """True when the text it translates changed after the translation was made."""
        source = self.translation_source(translation)
        return source is not None and translation.meta.get("source_sha256") != source.sha256

    def translation_source(self, translation: Revision) -> Revision | None:
        """The revision a translation translates (None for an authoritative text or a missing one)."""
        if self.is_authoritative(translation):
            return None
        for candidate in self.siblings(translation):
            if candidate.effective == translation.effective:
                return candidate
        return None


    # Facts every page, feed and report states the same way: kept here, not in the pages that show them.

    def authoritative(self, revision: Revision) -> Revision:
        """The authoritative revision behind a text (a translation's source)."""
        if self.is_authoritative(revision):
            return revision
        return self.translation_source(revision) or revision

    def previous(self, revision: Revision) -> Revision | None:
        """The authoritative revision of the same policy just before ``revision``, or None for the first."""
        earlier = [r for r in self.siblings(revision) if r.effective < revision.effective]
        return earlier[-1] if earlier else None

    def event_of(self, revision: Revision) -> str:
        """'established' or 'revised': declared in front matter, else established only if first of all
        (the revisions left out by the settings count: the first shown may revise an earlier one)."""
        declared = revision.meta.get("event")
        if declared:
            return declared
        all_dates = [r.effective for r in self.siblings(revision) + self.dropped
                     if r.policy == revision.policy and r.locale == revision.locale]
        return "established" if revision.effective == min(all_dates) else "revised"

    def derived_from(self, revision: Revision) -> Revision | None:
        """The revision a reconstruction was derived from: declared, else the next one."""
        revision = self.authoritative(revision)
        declared = revision.meta.get("derived_from")
        later = [r for r in self.siblings(revision) if r.effective > revision.effective]
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
        for revision in self.siblings(old):
            if old.effective <= revision.effective < new.effective and revision.is_reconstructed:
                dates.update(entry["in_force"] for entry in revision.meta.get("basis", []) if "in_force" in entry)
        return sorted(d for d in dates if old.effective < d <= new.effective)


def load_catalog(
    docs_dir: Path,
    registry_path: Path,
    *,
    build_date: date,
    locales: Locales,
    include_reconstructed: bool = True,
    checked: CheckedBodies | None = None,
) -> Catalog:
    """Load and cross-check all sources. Raises :class:`SourceError` naming the first bad file.

    ``locales`` are the languages the site builds (mkdocs.yml): a folder of any other is an error.
    """
    policies = load_registry(registry_path, locales)
    revisions = load_revisions(docs_dir, policies, locales=locales, build_date=build_date, checked=checked)
    by_id = {policy.id: policy for policy in policies}
    seen: dict[tuple, Revision] = {}
    for revision in revisions:
        if revision.key in seen:
            raise SourceError(revision.path, f"duplicates the revision {seen[revision.key].path}; "
                              "keep one file per policy, locale and date")
        seen[revision.key] = revision
    for revision in revisions:
        source = locales.source_of(revision.locale, by_id[revision.policy])
        if source is not None and (revision.policy, source, revision.effective) not in seen:
            raise SourceError(
                revision.path,
                f"translates a revision that does not exist: add "
                f"{revision_path(source, revision.policy, revision.effective)} "
                "or rename this file to the date of an existing one",
            )
    for policy in policies:
        for locale in locales.authoritative(policy):
            if not any(r.policy == policy.id and r.locale == locale for r in revisions):
                raise SourceError(f"{locale}/{policy.id}/",
                                  f"has no revision of '{policy.id}' in {locale}, one of its authoritative locales; "
                                  "add one, or remove the policy (or that locale) from the registry",
                                  action="Checking policy")
    dropped: list[Revision] = []
    if not include_reconstructed:
        # A reconstruction goes with its translations: the key is its base locale's.
        def key(r: Revision) -> tuple:
            return r.policy, locales.base_of(r.locale, by_id[r.policy]), r.effective

        dropped_keys = {key(r) for r in revisions if r.is_reconstructed}
        dropped = [r for r in revisions if key(r) in dropped_keys]
        revisions = [r for r in revisions if key(r) not in dropped_keys]
    catalog = Catalog(policies=policies, revisions=revisions, build_date=build_date, dropped=dropped,
                      locales=locales)
    for policy in policies:
        for locale in locales.authoritative(policy):
            if catalog.current(policy.id, locale) is None:
                first = catalog.revisions_of(policy.id, locale)[0] if catalog.revisions_of(policy.id, locale) else None
                raise SourceError(
                    first.path if first else f"{locale}/{policy.id}/",
                    f"no revision of '{policy.id}' is in effect on {build_date.isoformat()}; "
                    "add an earlier revision or check SOURCE_DATE_EPOCH",
                    action="Checking policy",
                )
    return catalog


__all__ = ["Catalog", "load_catalog"]

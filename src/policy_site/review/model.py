"""What a wording review found: the kinds of change, the flags, and the outcome the status reports.

The outcome has three values because a reviewer can act on three things: nothing (``clean``), a
mistake in the pull request to fix (``flagged``), or a change the wording review cannot certify
and that a person with the authority must approve (``approval``: code outside the policy sources,
a correction of wording already in effect). ``policy-redline review --check`` exits 0, 1 and 3.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from policy_site.redline import Redline
from policy_site.review.git import Snapshot
from policy_site.review.site_check import SiteCheck

# Kinds of change, as shown in the summary table.
NEW = "new revision"
CHANGED = "changed published text"
CHANGED_META = "changed front matter"
CORRECTION = "correction (declared)"
REMOVED = "removed"
ARCHIVED = "reconstruction replaced by archived text"
NOT_A_SOURCE = "not a policy source"
REGISTRY = "policy registry"
GLOSSARY = "glossary"

DEFAULT_CONTEXT = 2  # unchanged blocks kept around each change in the Markdown redline
FOLD_LINES = 40      # a Markdown redline longer than this is folded in <details>

# Severities of a flag: the pull request must change something, or someone must approve it.
FIX = "fix"
APPROVE = "approve"

# The outcomes, and the exit status of ``--check`` for each.
CLEAN, FLAGGED, APPROVAL = "clean", "flagged", "approval"
EXIT_STATUS = {CLEAN: 0, FLAGGED: 1, APPROVAL: 3}

SITE_CODE_FLAG = "site code changed: the wording review cannot certify what readers will see"


@dataclass(frozen=True)
class Flag:
    """Something a reviewer must act on: ``short`` for the summary table, ``detail`` for the section."""

    code: str   # edited-in-place, removed, translation-missing, translation-stale, source-mismatch, invalid,
                # notice-period, announced-unverified, stale-branch, mixed-script, correction-in-effect, not-a-source
    short: str
    detail: str
    severity: str = FIX


@dataclass(frozen=True)
class MetaEntry:
    """One entry of a list-valued key (``basis``) that differs, or one field of it: ``label`` says
    which ("entry 2, inference"); ``None`` means absent on that side."""

    label: str
    old: str | None
    new: str | None


@dataclass(frozen=True)
class MetaChange:
    """One front matter key that differs; ``None`` means absent on that side. A list (``basis``)
    also has its ``entries`` that differ, which the review shows instead of the whole list."""

    key: str
    old: str | None
    new: str | None
    entries: tuple[MetaEntry, ...] = ()
    counts: tuple[int | None, int | None] = (None, None)  # entries of the list on each side (None: no list)


@dataclass
class FileReview:
    """One policy source (or the registry, the glossary) that differs between BASE and HEAD."""

    path: str                    # relative to docs/ (the registry and the glossary: to the repository)
    locale: str
    policy: str
    kind: str
    compared_with: str           # what the redline's old text is, in words
    redline: Redline | None      # None when the text could not be read (or is not policy text)
    front_matter: list[MetaChange] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    correction: str | None = None
    notice_waived: str | None = None  # why a new revision gives less notice than its policy asks
    announced: date | None = None     # when a new revision of an authoritative locale was announced
    change_note: str | None = None    # what a new revision changed and why, in the company's words
    text_diff: str | None = None      # a unified diff, for a file that is data, not policy text (the glossary)

    @property
    def flagged(self) -> bool:
        return bool(self.flags)

    @property
    def listed_front_matter(self) -> list[MetaChange]:
        """The front matter as the review lists it: for a new revision, without the keys it shows on
        their own lines (its change note, announcement and waived notice), which would be said twice."""
        if self.kind != NEW:
            return self.front_matter
        own = {key for key, value in (("change_note", self.change_note), ("announced", self.announced),
                                      ("notice_waived", self.notice_waived)) if value is not None}
        return [change for change in self.front_matter if change.key not in own]

    @property
    def announcement(self) -> str | None:
        """"2027-03-01, 31 days before it takes effect on 2027-04-01": the announcement date as both
        outputs of the review say it (None without one)."""
        if self.announced is None:
            return None
        effective = date.fromisoformat(Path(self.path).stem)  # a dated file: the notice check read it
        days = (effective - self.announced).days
        return (f"{self.announced.isoformat()}, {days} day{'s' if days != 1 else ''} before it takes effect on "
                f"{effective.isoformat()}")

    @property
    def size(self) -> str:
        """``+N −M chars`` of highlighted text, or why there is no number."""
        if self.text_diff is not None:
            lines = self.text_diff.splitlines()[2:]
            added = sum(1 for line in lines if line.startswith("+"))
            removed = sum(1 for line in lines if line.startswith("-"))
            return f"+{added} \u2212{removed} lines"
        if self.redline is None:
            return "unreadable"
        if not self.redline.changed:
            return "no text change"
        summary = self.redline.summary
        return f"+{summary.inserted_chars} \u2212{summary.deleted_chars} chars"


@dataclass(frozen=True)
class Merge:
    """HEAD was reviewed as merged into BASE (BASE is not its ancestor): the tree that merging makes."""

    head: Snapshot        # the pull request's own head, as committed
    behind: int           # commits of BASE that HEAD does not have


@dataclass
class Review:
    """Everything that differs between two states of the repository, and what it means."""

    repo: Path
    base: Snapshot
    head: Snapshot        # HEAD as it would be merged (the merge result when HEAD is behind BASE)
    files: list[FileReview]
    site: SiteCheck | None = None  # the published text compared (None: not asked for)
    site_code: list[str] = field(default_factory=list)  # changed paths outside the sources, registry, glossary
    review_date: date | None = None
    merge: Merge | None = None
    column_orders: dict[str, str] = field(default_factory=dict)  # BASE's side-by-side order per locale
    list_markers: str = "drawn"  # BASE's list_markers: "text" when the texts write their own

    @property
    def flagged(self) -> list[FileReview]:
        return [f for f in self.files if f.flagged]

    @property
    def flag_count(self) -> int:
        """Every flag the comment and the report show: each source's, each error and changed page of
        the published-site check, and the site code changed (one flag, however many files)."""
        count = sum(len(item.flags) for item in self.files) + (1 if self.site_code else 0)
        if self.site is not None:
            count += len(self.site.errors) + len(self.site.pages)
        return count

    def describe_flags(self) -> str:
        """'nothing flagged', '1 flag', '3 flags': the headline's count."""
        count = self.flag_count
        return "nothing flagged" if not count else f"{count} flag{'s' if count != 1 else ''}"

    @property
    def outcome(self) -> str:
        """``flagged`` when something must be fixed, else ``approval`` when something must be
        approved, else ``clean``."""
        flags = [flag for item in self.files for flag in item.flags]
        if any(flag.severity == FIX for flag in flags) or (self.site is not None and self.site.flagged):
            return FLAGGED
        if flags or self.site_code:
            return APPROVAL
        return CLEAN

    @property
    def any_flagged(self) -> bool:
        """Anything to act on: a source, the published site, or code outside the sources."""
        return self.outcome != CLEAN

    @property
    def css(self) -> str:
        """The redline CSS of BASE: already reviewed and merged (a site's own ``docs/assets/redline.css``,
        else the installed generator's, which CI installs from BASE). Never HEAD's, which the pull
        request controls (it could hide its own flags); the report's own CSS comes from the package."""
        if self.base.css:
            return self.base.css
        from importlib import resources  # the report only: not on the review's path without --html

        return resources.files("policy_site").joinpath("theme/assets/redline.css").read_text(encoding="utf-8")

"""The notice-period guard of the wording review: a new revision must be announced ahead of its date.

GitHub announces material changes to its terms 30 days ahead, Google at least 15; Japanese standard
terms (定型約款, Civil Code art. 548-4) must be announced before they take effect. Each policy says how
many days in ``policies.yml`` (``notice_days``, default 30, 0 for no check). A revision that gives
less notice is flagged unless its front matter says why (``notice_waived: "reason"``).

The notice runs from the announcement, and the review can vouch only for an announcement it sees:
merging the pull request publishes the revision on the site, so the earliest announcement the
review can vouch for is the review date itself. The notice is therefore counted from the later of
the review date and the revision's ``announced`` date:

- no ``announced``: from the review date;
- ``announced`` on or after the review date (an announcement planned for later): from that date,
  the stricter count (readers are told then, even if the site shows the text sooner);
- ``announced`` before the review date: still from the review date, since the revision was not on
  the site then and a pull request cannot buy notice by back-dating a claim; and, because the site
  would show readers an announcement the review cannot see (made elsewhere, by e-mail or a notice,
  or not at all), it needs the approval of someone with the authority to confirm it (a code owner,
  with legal), or the date moved to the day of the merge.

The review date is today where the policies apply (the ``time_zone`` of the base side's plugin
options, read as data), from the clock, never from a commit date (which the author of a commit sets)
nor from ``SOURCE_DATE_EPOCH`` (which CI may derive from one). Every
provenance goes through it: a reconstruction or an archived text dated after the revision in effect
would become the text in effect like any other. Only a revision dated before the one in effect
(history found later) needs no notice.

The registries of both sides are read (with the build's own validator) and the stricter one
applies: a pull request cannot lower the notice its own revision is checked against.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from policy_site.sources.registry import DEFAULT_NOTICE_DAYS, load_registry_text
from policy_site.review.git import run_git
from policy_site.plugin.config import PolicySiteConfig, load_locales_data, load_options, load_options_data
from policy_site.plugin.project import CONFIG_FILE
from policy_site.sources.dates import load_build_date
from policy_site.common.frontmatter import FrontMatterError, split_front_matter
from policy_site.sources.locales import Locales
from policy_site.sources.revision import MAX_SOURCE_BYTES, SourceError, parse_revision_path


def _read_bytes(repo: Path, commit: str | None, path: str) -> bytes | None:
    """A file of the repository at ``commit`` (None: the working tree), or None (missing or too large)."""
    if commit is None:
        file = repo / path
        data = file.read_bytes() if file.is_file() else None
    else:
        shown = run_git(repo, "show", f"{commit}:{path}")
        data = shown.stdout if shown.returncode == 0 else None
    return None if data is None or len(data) > MAX_SOURCE_BYTES else data


def load_notice_days(registries: list[bytes | None]) -> dict[str, int]:
    """Policy id -> the largest ``notice_days`` any side's registry declares: the stricter applies,
    so a pull request cannot lower the notice its own revision is checked against. A registry the
    build would refuse counts for nothing here (the review flags it on its own)."""
    days: dict[str, int] = {}
    for raw in registries:
        if raw is None:
            continue
        try:
            policies = load_registry_text(raw)
        except SourceError:
            continue
        for policy in policies:
            days[policy.id] = max(days.get(policy.id, 0), policy.notice_days)
    return days


def load_review_date(repo: Path, base_commit: str | None) -> date:
    """Today where the policies apply (the ``time_zone`` option of the base side's mkdocs.yml, read
    as data), from the clock: ``SOURCE_DATE_EPOCH`` is left out, since CI may take it from a commit."""
    return load_build_date({}, time_zone=load_base_options(repo, base_commit).time_zone)


def load_base_options(repo: Path, base_commit: str | None) -> PolicySiteConfig:
    """The plugin's options of the base side, read as data (nothing of either side is run); the
    defaults when the base has no valid mkdocs.yml (its build is then checked and flagged elsewhere)."""
    data = _read_bytes(repo, base_commit, CONFIG_FILE)
    config_file_path = str(repo / CONFIG_FILE)
    if data is not None:
        try:
            return load_options_data(data, config_file_path=config_file_path)
        except ValueError:
            pass
    return load_options({}, config_file_path=config_file_path)


def load_base_locales(repo: Path, base_commit: str | None) -> Locales | None:
    """The site's locale model from the base side's mkdocs.yml, read as data; None when the base has
    no valid one (its build is then checked and flagged elsewhere)."""
    data = _read_bytes(repo, base_commit, CONFIG_FILE)
    if data is None:
        return None
    try:
        return load_locales_data(data, config_file_path=str(repo / CONFIG_FILE))
    except ValueError:
        return None


@dataclass(frozen=True)
class Notice:
    """What the notice check found for one file: the flag's detail (None: enough notice), a declared
    waiver, the announcement date it gives and, when that date is before the review date, why the
    review cannot vouch for it (a flag someone with the authority must approve)."""

    detail: str | None = None
    waived: str | None = None
    announced: date | None = None
    unverified: str | None = None


def check_notice(path: str, data: bytes, *, review_date: date, notice_days: dict[str, int],
                 in_effect: date | None = None, locales: Locales | None = None) -> tuple[str | None, str | None]:
    """(flag detail or None, waiver reason or None): :func:`check_announced_notice` in short."""
    found = check_announced_notice(path, data, review_date=review_date, notice_days=notice_days,
                                   in_effect=in_effect, locales=locales)
    return found.detail, found.waived


def _announced(meta: dict) -> date | None:
    value = meta.get("announced")
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:  # an invalid date is flagged with the source
        return None


def check_announced_notice(path: str, data: bytes, *, review_date: date, notice_days: dict[str, int],
                           in_effect: date | None = None, locales: Locales | None = None) -> Notice:
    """The notice a new revision file of an authoritative locale, of any provenance, gives (see the
    module's rule); ``in_effect`` is the date of the base side's revision in effect on the review
    date (None: the policy has none), before which a new revision is history and needs no notice."""
    try:
        parsed = parse_revision_path(path, locales)
        meta, _ = split_front_matter(data.decode("utf-8"))
    except (SourceError, FrontMatterError, UnicodeDecodeError):  # an invalid file is flagged elsewhere
        return Notice()
    if parsed is None or not isinstance(meta, dict) or meta.get("provenance") == "translation":
        return Notice()
    _, policy, effective = parsed
    announced = _announced(meta)
    unverified = None
    if announced is not None and announced < review_date:
        unverified = (f"announced before the review: 'announced: {announced.isoformat()}' is before the review date "
                      f"{review_date.isoformat()}, when this revision was not on the site; the review cannot see an "
                      "announcement made elsewhere, so the notice is counted from the review date, and someone with "
                      "the authority (a code owner, with legal) must confirm the announcement, or date it on the day "
                      "of the merge")
    if in_effect is not None and effective < in_effect:
        return Notice(announced=announced)
    waived = meta.get("notice_waived")
    waived = str(waived).strip() if isinstance(waived, str) and waived.strip() else None
    required = notice_days.get(policy, DEFAULT_NOTICE_DAYS)
    start = announced if announced is not None and announced > review_date else review_date
    given = (effective - start).days
    if required == 0 or given >= required or waived is not None:
        return Notice(None, waived, announced, unverified)
    earliest = start + timedelta(days=required)
    provenance = str(meta.get("provenance"))
    kind = {"reconstructed": "a reconstructed text ", "archived": "an archived text "}.get(provenance, "")
    if start == review_date:
        when = f"{given} days after" if given >= 0 else f"{-given} days before"
        since = f"{when} the review date {review_date.isoformat()}"
        fix = f"date it {earliest.isoformat()} or later"
    else:
        since = f"{given} days after its announcement on {start.isoformat()} (announced in its front matter)"
        fix = f"announce it earlier (on or after the review date) or date it {earliest.isoformat()} or later"
    return Notice((f"notice period: {kind}takes effect {effective.isoformat()}, {since}, but {policy} is announced "
                   f"{required} days ahead (notice_days in policies.yml); {fix}, or say why in its front matter: "
                   "notice_waived: \"reason\""), waived, announced, unverified)

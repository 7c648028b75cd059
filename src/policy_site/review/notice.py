"""The notice-period guard of the wording review: a new revision must be announced ahead of its date.

GitHub announces material changes to its terms 30 days ahead, Google at least 15; Japanese standard
terms (定型約款, Civil Code art. 548-4) must be announced before they take effect. Each policy says how
many days in ``policies.yml`` (``notice_days``, default 30, 0 for no check). A revision that gives
less notice is flagged unless its front matter says why (``notice_waived: "reason"``).

The settings are read from both sides of the review and the stricter one applies: a pull request
cannot lower the notice its own revision is checked against. They are read as data only (safe YAML,
unknown tags ignored); nothing of the pull request is executed.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import yaml

from policy_site.sources.registry import DEFAULT_NOTICE_DAYS
from policy_site.review.git import run_git
from policy_site.sources.dates import DEFAULT_TIME_ZONE, load_build_date, load_time_zone
from policy_site.common.frontmatter import FrontMatterError, split_front_matter
from policy_site.sources.revision import DEFAULT_LOCALE, MAX_SOURCE_BYTES, SourceError, parse_revision_path


class _DataLoader(yaml.SafeLoader):
    """Safe YAML that reads any tag (``!ENV``, ``!!python/...`` in mkdocs.yml) as nothing."""


_DataLoader.add_multi_constructor("", lambda loader, suffix, node: None)
_DataLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def _read(repo: Path, commit: str | None, path: str) -> object:
    """A YAML file of the repository at ``commit`` (None: the working tree), or None."""
    if commit is None:
        file = repo / path
        data = file.read_bytes() if file.is_file() else None
    else:
        shown = run_git(repo, "show", f"{commit}:{path}")
        data = shown.stdout if shown.returncode == 0 else None
    if data is None or len(data) > MAX_SOURCE_BYTES:
        return None
    try:
        return yaml.load(data.decode("utf-8"), Loader=_DataLoader)
    except (yaml.YAMLError, UnicodeDecodeError):
        return None


def load_notice_days(repo: Path, commits: list[str | None]) -> dict[str, int]:
    """Policy id -> the largest valid ``notice_days`` any of ``commits`` declares."""
    days: dict[str, int] = {}
    for commit in commits:
        data = _read(repo, commit, "policies.yml")
        for entry in (data.get("policies") or []) if isinstance(data, dict) else []:
            if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
                continue
            value = entry.get("notice_days", DEFAULT_NOTICE_DAYS)
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                value = DEFAULT_NOTICE_DAYS
            days[entry["id"]] = max(days.get(entry["id"], 0), value)
    return days


def load_review_date(repo: Path, base_commit: str | None) -> date:
    """Today where the policies apply (``time_zone`` of the base side's mkdocs.yml), or the day of
    ``SOURCE_DATE_EPOCH`` there."""
    config = _read(repo, base_commit, "mkdocs.yml")
    zone = DEFAULT_TIME_ZONE
    try:
        candidate = config["extra"]["policy_site"]["time_zone"]  # type: ignore[index]
        load_time_zone(candidate)
        zone = candidate
    except (KeyError, TypeError, ValueError):
        pass
    return load_build_date(time_zone=zone)


def check_notice(path: str, data: bytes, *, review_date: date, notice_days: dict[str, int]) -> tuple[str | None, str | None]:
    """(flag detail or None, waiver reason or None) for a new Japanese revision file."""
    try:
        parsed = parse_revision_path(path)
        meta, _ = split_front_matter(data.decode("utf-8"))
    except (SourceError, FrontMatterError, UnicodeDecodeError):  # an invalid file is flagged elsewhere
        return None, None
    if parsed is None or parsed[0] != DEFAULT_LOCALE or meta.get("provenance") == "reconstructed":
        return None, None
    _, policy, effective = parsed
    waived = meta.get("notice_waived")
    waived = str(waived).strip() if isinstance(waived, str) and waived.strip() else None
    required = notice_days.get(policy, DEFAULT_NOTICE_DAYS)
    given = (effective - review_date).days
    if required == 0 or given >= required or waived is not None:
        return None, waived
    earliest = review_date + timedelta(days=required)
    when = f"{given} days after" if given >= 0 else f"{-given} days before"
    return (f"notice period: takes effect {effective.isoformat()}, {when} the review date "
            f"{review_date.isoformat()}, but {policy} is announced {required} days ahead (notice_days in "
            f"policies.yml); date it {earliest.isoformat()} or later, or say why in its front matter: "
            "notice_waived: \"reason\""), waived

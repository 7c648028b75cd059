"""Revision sources: the file layout and front matter that every other module relies on.

A revision is one Markdown file ``docs/<locale>/<policy>/<YYYY-MM-DD>.md``. The path carries
policy, locale and date; the front matter must agree with it, so that a copied file whose
name was not updated can never be published under the wrong date.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from policy_site.common.frontmatter import FrontMatterError, split_front_matter
from policy_site.sources.characters import find_forbidden_character
from policy_site.sources.locales import LOCALE_CODE, Locales
from policy_site.sources.notes import check_announced, check_change_note

if TYPE_CHECKING:  # the body check renders Markdown: loaded late
    from policy_site.sources.body import CheckedBodies


class SourceError(Exception):
    """A policy source is wrong. ``str()`` follows the one error template:
    action, file relative to ``docs_dir``, then the cause and the fix."""

    def __init__(self, path: str | PurePosixPath, cause: str, action: str = "Reading policy source"):
        self.path = str(path)
        self.cause = cause
        self.action = action
        super().__init__(f"{action} '{self.path}': {cause}")


# published: captured from the company's page; authored: written here for a new revision (this
# site publishes it); reconstructed: an older text that could not be obtained; archived: a real older
# text found in an archive; translation: a translation locale's text (sources.locales).
PROVENANCES = ("published", "authored", "reconstructed", "archived", "translation")

MAX_SOURCE_BYTES = 1_000_000  # the longest real source is ~30 KB; anything near this is not a policy text
EARLIEST_EFFECTIVE = date(1990, 1, 1)
MAX_YEARS_AHEAD = 5
_DATE_NAME = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# What MkDocs builds as a page: a revision saved under any of these names is still a revision.
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkdn", ".mkd")

# key -> (required for provenances, meaning); one declared place, used for validation and messages.
FRONT_MATTER_KEYS: dict[str, tuple[tuple[str, ...], str]] = {
    "effective": (PROVENANCES, "ISO date the revision takes effect, equal to the file name"),
    "provenance": (PROVENANCES, "one of: " + ", ".join(PROVENANCES)),
    "captured": (("published", "archived"), "ISO date the published wording (or the archived copy) was captured"),
    "basis": (("reconstructed",), "list of {evidence, inference}: every difference from the revision it is "
              "derived from (a translation of a reconstruction: the same entries translated)"),
    "source": (("archived",), "where the archived copy comes from: a URL or an archive reference"),
    "derived_from": ((), "reconstructed only: ISO date of the revision it is derived from (default: the next one)"),
    "source_sha256": (("translation",), "SHA-256 of the revision file this file translates"),
    "event": ((), "established | revised: what this revision did (default: established for a policy's first)"),
    "correction": ((), "explicit note that a published revision was corrected in place"),
    "note": ((), "free text shown to no reader; for maintainers"),
    "notice_waived": ((), "why this revision takes effect sooner than the policy's notice_days (shown in the review)"),
    "revised_without_text": ((), "ISO dates of later revisions that the published text records but whose text "
                             "is not on the site (shown on this revision's page and history entry)"),
    "change_note": ((), "what changed and why, in the company's words and this file's language (plain text, one "
                    "paragraph; shown on the history, comparison and feed entries of this revision)"),
    "announced": ((), "authoritative file only: ISO date the revision was announced, on or before 'effective' "
                  "(shown beside it; the review's notice period runs from it)"),
}


@dataclass(frozen=True)
class Revision:
    """One dated revision of one policy in one locale."""

    policy: str
    locale: str
    effective: date
    provenance: str
    path: str  # POSIX path relative to docs_dir, e.g. "ja/privacy/2023-06-15.md"
    body: str  # Markdown without front matter
    meta: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    sha256: str = ""  # of the whole file as bytes; translations record their source's
    body_line: int = 1  # line of the file where the body starts, for messages that name a line

    @property
    def key(self) -> tuple[str, str, date]:
        return (self.policy, self.locale, self.effective)

    @property
    def is_reconstructed(self) -> bool:
        return self.provenance == "reconstructed"

    @property
    def is_archived(self) -> bool:
        return self.provenance == "archived"


def check_text(text: str) -> None:
    """Characters a source may not contain (:mod:`policy_site.sources.characters`): controls, NUL
    included, bidirectional and other invisible format characters."""
    found = find_forbidden_character(text)
    if found is not None:
        line = text.count("\n", 0, found) + 1
        raise FrontMatterError(f"line {line}: control character U+{ord(text[found]):04X} is not allowed; "
                               "remove it (save the file as plain UTF-8 text)")


def check_effective_range(effective: date, build_date: date) -> None:
    """Dates far outside the life of a policy are typos (1023, 2203) that would reorder the history."""
    latest = build_date.replace(year=build_date.year + MAX_YEARS_AHEAD) if not (
        build_date.month == 2 and build_date.day == 29) else date(build_date.year + MAX_YEARS_AHEAD, 2, 28)
    if effective < EARLIEST_EFFECTIVE or effective > latest:
        raise FrontMatterError(
            f"'effective: {effective.isoformat()}' is outside {EARLIEST_EFFECTIVE.isoformat()} to "
            f"{latest.isoformat()} (at most {MAX_YEARS_AHEAD} years after the build date); correct the date")


def _as_date(value: Any, key: str) -> date:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise FrontMatterError(f"'{key}: {value}' is not a valid date; write it as YYYY-MM-DD")


def validate_meta(meta: dict[str, Any], *, expected_date: date | None = None) -> dict[str, Any]:
    """Check front matter against :data:`FRONT_MATTER_KEYS`; return it with dates parsed."""
    unknown = sorted(set(meta) - set(FRONT_MATTER_KEYS))
    if unknown:
        raise FrontMatterError(
            f"unknown front matter key '{unknown[0]}'; allowed keys are " + ", ".join(FRONT_MATTER_KEYS)
        )
    provenance = meta.get("provenance")
    if provenance not in PROVENANCES:
        raise FrontMatterError(
            f"'provenance' is {provenance!r}; set it to one of: " + ", ".join(PROVENANCES)
        )
    for key, (required_for, meaning) in FRONT_MATTER_KEYS.items():
        if provenance in required_for and meta.get(key) in (None, "", []):
            raise FrontMatterError(f"missing '{key}' ({meaning}); add it to the front matter")
    checked = dict(meta)
    checked["effective"] = _as_date(meta["effective"], "effective")
    if "captured" in meta:
        checked["captured"] = _as_date(meta["captured"], "captured")
    if expected_date is not None and checked["effective"] != expected_date:
        raise FrontMatterError(
            f"'effective: {checked['effective'].isoformat()}' disagrees with the file name "
            f"'{expected_date.isoformat()}.md'; rename the file or correct the date"
        )
    if meta.get("event") not in (None, "established", "revised"):
        raise FrontMatterError(f"'event: {meta['event']}' is not allowed; write 'established' or 'revised'")
    if "notice_waived" in meta and (not isinstance(meta["notice_waived"], str) or not meta["notice_waived"].strip()):
        raise FrontMatterError("'notice_waived' must be a quoted reason, e.g. notice_waived: \"required by law from that date\"")
    if "revised_without_text" in meta:
        checked["revised_without_text"] = _check_later_dates(meta["revised_without_text"], checked["effective"],
                                                             provenance)
    if "change_note" in meta:
        checked["change_note"] = check_change_note(meta["change_note"])
    if "announced" in meta:
        checked["announced"] = check_announced(_as_date(meta["announced"], "announced"), checked["effective"],
                                               provenance, EARLIEST_EFFECTIVE)
    if "basis" in meta:
        checked["basis"] = check_basis(meta["basis"], provenance)
    if "derived_from" in meta:
        if provenance != "reconstructed":
            raise FrontMatterError("'derived_from' is only for reconstructed revisions; remove it")
        checked["derived_from"] = _as_date(meta["derived_from"], "derived_from")
    if provenance == "translation":
        digest = str(meta["source_sha256"])
        if not re.fullmatch(r"[0-9a-f]{64}", digest):
            raise FrontMatterError("'source_sha256' must be 64 lowercase hex digits (sha256sum of the file it translates, in quotes)")
    return checked


def _check_later_dates(value: Any, effective: date, provenance: str) -> list[date]:
    """Recorded revisions whose text is unknown: facts of the published text, so only on the
    authoritative file, and after the revision whose page mentions them."""
    if provenance == "translation":
        raise FrontMatterError("'revised_without_text' belongs in the authoritative file only; remove it from the translation")
    if not isinstance(value, list) or not value:
        raise FrontMatterError("'revised_without_text' must be a list of dates, e.g. revised_without_text: [2022-04-01]")
    dates = [_as_date(item, "revised_without_text") for item in value]
    early = [d for d in dates if d <= effective]
    if early:
        raise FrontMatterError(f"'revised_without_text: {early[0].isoformat()}' is not after this revision's date "
                               f"{effective.isoformat()}; list only later revisions")
    return sorted(dates)


BASIS_KEYS = {
    "evidence": "what the published text shows, its Japanese words quoted in 「」",
    "inference": "what is inferred from it, and why",
    "in_force": "optional: ISO date the change in law the difference is attributed to came into force",
}


def check_basis(basis: Any, provenance: str) -> list[dict[str, Any]]:
    """A reconstruction's basis: evidence first, then inference, so that a guess never reads as a
    fact. Translations of a reconstruction carry the same entries in their language."""
    if provenance not in ("reconstructed", "translation"):
        raise FrontMatterError(f"'basis' is only for reconstructed revisions and their translations; "
                               f"remove it from a {provenance} revision")
    shape = "'basis' must be a list of entries with 'evidence' and 'inference' (and optionally 'in_force')"
    if not isinstance(basis, list) or not basis:
        raise FrontMatterError(shape)
    entries = []
    for number, item in enumerate(basis, start=1):
        if not isinstance(item, dict) or set(item) - set(BASIS_KEYS) or not all(
                isinstance(item.get(key), str) and item[key].strip() for key in ("evidence", "inference")):
            raise FrontMatterError(f"{shape}; entry {number} has " + (
                ", ".join(sorted(map(str, item))) if isinstance(item, dict) else type(item).__name__))
        entry = dict(item)
        if "in_force" in item:
            entry["in_force"] = _as_date(item["in_force"], f"basis entry {number} in_force")
        entries.append(entry)
    return entries


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def revision_path(locale: str, policy: str, effective: date | str, *, suffix: str = ".md") -> str:
    """The path of a revision relative to ``docs_dir``: ``revision_path("ja", "privacy", date(2023, 6, 15))``
    is ``"ja/privacy/2023-06-15.md"`` (``effective`` may be the ISO date text); the inverse of
    :func:`parse_revision_path`. ``suffix`` names a file saved under another Markdown suffix."""
    day = effective.isoformat() if isinstance(effective, date) else effective
    return f"{locale}/{policy}/{day}{suffix}"


def parse_revision_path(rel_path: str, locales: Locales | tuple[str, ...] | None = None) -> tuple[str, str, date] | None:
    """``ja/privacy/2023-06-15.md`` -> ("ja", "privacy", date); None for paths not shaped like a revision.

    The first folder is one of the site's ``locales``; without them (a file read on its own), any
    folder named like a locale code.

    A path inside a locale's policy folder with a Markdown suffix *is* revision-shaped: a bad name
    (not a date, ``.MD``, ``.markdown``, ``index.md``) raises :class:`SourceError`, because a misnamed
    file must never be skipped silently (MkDocs would still publish it).
    """
    parts = PurePosixPath(rel_path).parts
    suffix = PurePosixPath(rel_path).suffix
    if len(parts) != 3 or suffix.lower() not in MARKDOWN_SUFFIXES:
        return None
    if (parts[0] not in locales) if locales is not None else not LOCALE_CODE.match(parts[0]):
        return None
    stem = PurePosixPath(parts[2]).stem
    if stem == "index":
        raise SourceError(rel_path, "policy folders hold only dated revisions; the index page is generated")
    if not _DATE_NAME.match(stem):
        raise SourceError(rel_path, f"file name '{parts[2]}' is not a date; name revisions YYYY-MM-DD.md")
    if suffix != ".md":
        raise SourceError(rel_path, f"has the suffix '{suffix}'; name revisions YYYY-MM-DD.md (lowercase '.md')")
    try:
        effective = date.fromisoformat(stem)
    except ValueError:
        raise SourceError(rel_path, f"'{stem}' is not a valid calendar date; name revisions YYYY-MM-DD.md")
    return parts[0], parts[1], effective


def check_size(rel_path: str, size: int) -> None:
    """Refuse a huge source from its size alone, before reading it."""
    if size > MAX_SOURCE_BYTES:
        raise SourceError(rel_path, f"is {size:,} bytes, over the limit of {MAX_SOURCE_BYTES:,}; "
                                    "a policy revision is text: shorten it")


def check_revision(rel_path: str, raw: bytes, *, policy_ids: set[str] | None = None,
                   build_date: date | None = None, locales: Locales | None = None,
                   policies: dict | None = None, checked: CheckedBodies | None = None) -> Revision:
    """Validate one revision file's bytes: the one check that the build, the review and
    ``policy-redline diff`` share. Every problem is a :class:`SourceError` naming the file.

    With the site's ``locales`` (and its registry's ``policies`` by id, for their own locales), the
    provenance must fit the locale: a translation in a translation locale, the company's own
    wording in an authoritative one."""
    parsed = parse_revision_path(rel_path, locales)
    if parsed is None:
        raise SourceError(rel_path, "not a revision path; use docs/<locale>/<policy>/<YYYY-MM-DD>.md")
    locale, policy, effective = parsed
    if policy_ids is not None and policy not in policy_ids:
        raise SourceError(
            rel_path,
            f"unknown policy '{policy}'; use one of {', '.join(sorted(policy_ids))} "
            "or declare the policy in policies.yml",
        )
    check_size(rel_path, len(raw))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise SourceError(rel_path, "is not UTF-8 text; save it as UTF-8")
    from policy_site.sources.body import BodyError, check_body  # the body check renders Markdown: load it late

    try:
        check_text(text)
        meta, body = split_front_matter(text)
        if not meta:
            raise FrontMatterError("has no front matter; start the file with '---', 'effective:' and 'provenance:'")
        meta = validate_meta(meta, expected_date=effective)
        if build_date is not None:
            check_effective_range(meta["effective"], build_date)
    except FrontMatterError as exc:
        raise SourceError(rel_path, str(exc)) from exc
    if locales is not None:
        check_locale_of(rel_path, locale, meta["provenance"], locales, (policies or {}).get(policy))
    body_line = text[: len(text) - len(body)].count("\n") + 1
    try:
        check_body(body, checked)
    except BodyError as exc:
        raise SourceError(rel_path, f"line {exc.line + body_line - 1}: {exc.cause}") from None
    return Revision(
        policy=policy,
        locale=locale,
        effective=effective,
        provenance=meta["provenance"],
        path=rel_path,
        body=body,
        meta=meta,
        sha256=sha256_of(raw),
        body_line=body_line,
    )


def check_locale_of(rel_path: str, locale: str, provenance: str, locales: Locales, policy=None) -> None:
    """A revision's locale and provenance agree with the site's locale model (sources.locales)."""
    if policy is not None and locale not in locales.codes_of(policy):
        raise SourceError(rel_path, f"policy '{policy.id}' does not exist in '{locale}' (its locales: "
                          f"{', '.join(locales.codes_of(policy))}); add '{locale}' to its 'locales:' in the registry "
                          "or remove the file")
    source = locales.source_of(locale, policy)
    if source is None and provenance == "translation":
        raise SourceError(rel_path, f"a revision in '{locale}' cannot be a translation: {locale} is an authoritative locale "
                          f"of this site; give its own provenance, or declare '{locale}' under the plugin's "
                          "'translations:' with the locale it translates")
    if source is not None and provenance != "translation":
        raise SourceError(rel_path, f"a revision in '{locale}' must say 'provenance: translation': {locale} translates "
                          f"{source} on this site (the plugin's 'translations:' option)")


def load_revision(docs_dir: Path, rel_path: str, policy_ids: set[str] | None = None, *,
                  build_date: date | None = None, locales: Locales | None = None,
                  policies: dict | None = None, checked: CheckedBodies | None = None) -> Revision:
    """Read and validate one revision file; every problem becomes a SourceError naming it.

    The size is checked before reading: a huge file is refused without loading it.
    """
    path = docs_dir / rel_path
    try:
        size = path.lstat().st_size
        if path.is_symlink() or not path.is_file():
            raise SourceError(rel_path, "is not a regular file; policy sources are plain files in the repository")
        check_size(rel_path, size)
        raw = path.read_bytes()
    except OSError as exc:
        raise SourceError(rel_path, f"cannot be read ({exc.strerror}); check the file") from None
    return check_revision(rel_path, raw, policy_ids=policy_ids, build_date=build_date, locales=locales,
                          policies=policies, checked=checked)

"""The two data files a wording review certifies besides the policy sources: the registry and the glossary.

The registry's titles are policy wording (every page shows them), so they are redlined like a
source. The glossary is data (the names kept in their original language in translated pages, the
terminology the tests check): it is shown as a line diff of the file, and the site build checks it.
"""

from __future__ import annotations

import difflib

from policy_site.redline.store import RedlineStore, load_redline
from policy_site.review.git import Snapshot
from policy_site.review.model import GLOSSARY, REGISTRY, FileReview, Flag
from policy_site.sources.registry import load_registry_text
from policy_site.sources.locales import Locales
from policy_site.sources.revision import SourceError

MAX_DIFF_LINES = 2000


def load_registry_titles(raw: bytes | None, name: str,
                         locales: Locales | None = None) -> tuple[str, set[str] | None, str | None]:
    """The registry's titles as one Markdown list (for a redline), its policy ids, and its error."""
    if raw is None:
        return "", None, f"{name} is missing or not a regular file under the size limit"
    try:
        policies = load_registry_text(raw, name, locales)
    except SourceError as exc:
        return "", None, exc.cause
    lines = [f"- {policy.id} ({locale}): {policy.title(locale)}" for policy in policies
             for locale in (locales.codes_of(policy) if locales is not None else policy.titles)]
    return "\n".join(lines) + "\n", {policy.id for policy in policies}, None


def review_registry(base: Snapshot, head: Snapshot, store: RedlineStore | None = None) -> FileReview | None:
    """The registry, when it differs: its titles as a redline, flagged only when the build would reject it."""
    if base.registry == head.registry:
        return None
    old_text, _, _ = load_registry_titles(base.registry, base.registry_path, base.locales)
    new_text, _, error = load_registry_titles(head.registry, head.registry_path, head.locales)
    flags = [Flag("invalid", "invalid registry", f"invalid registry: {error}")] if error else []
    locale = _data_locale(head)
    return FileReview(path=head.registry_path, locale=locale, policy="", kind=REGISTRY,
                      compared_with=f"{base.registry_path} in {base.title} (the titles of every policy)",
                      redline=load_redline(old_text, new_text, locale=locale, store=store), flags=flags)


def _data_locale(snapshot: Snapshot) -> str:
    """The language a data file's review is reported in: the site's default (English without one)."""
    return snapshot.locales.default if snapshot.locales is not None else "en"


def _lines(raw: bytes | None) -> list[str]:
    return [] if raw is None else raw.decode("utf-8", "replace").splitlines()


def review_glossary(base: Snapshot, head: Snapshot) -> FileReview | None:
    """The glossary, when it differs: a unified diff of its lines (bounded)."""
    if base.glossary == head.glossary:
        return None
    diff = list(difflib.unified_diff(_lines(base.glossary), _lines(head.glossary), fromfile=f"{base.name}",
                                     tofile=f"{head.name}", lineterm="", n=2))
    if len(diff) > MAX_DIFF_LINES:
        diff = diff[:MAX_DIFF_LINES] + [f"… {len(diff) - MAX_DIFF_LINES} more lines of the diff left out"]
    missing = [] if head.glossary is not None else [
        Flag("invalid", "glossary missing", f"glossary missing: {head.glossary_path} is missing in {head.name} or is "
             "not a regular file under the size limit; keep the file (the translated pages mark its names)")]
    return FileReview(path=head.glossary_path, locale=_data_locale(head), policy="", kind=GLOSSARY,
                      compared_with=f"{base.glossary_path} in {base.title} (a diff of its lines)", redline=None,
                      flags=missing, text_diff="\n".join(diff) + "\n")

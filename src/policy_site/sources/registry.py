"""The policy registry: which policies exist, their titles per locale and their order.

Declared once in ``policies.yml``; everything else (folders, nav, home page, checks) derives
from it, so that adding a policy is one edit in one place.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

from policy_site.common.frontmatter import FrontMatterError, check_yaml_subset
from policy_site.sources.locales import Locales, check_translations_map
from policy_site.sources.revision import MAX_SOURCE_BYTES, SourceError

_POLICY_ID = re.compile(r"^[a-z][a-z0-9-]*$")
# A title is shown in Markdown tables, the nav, <title>, feeds and reports: it must mean the same
# as text everywhere, so characters that are markup in any of them are refused.
_TITLE_MARKUP = re.compile(r"[<>&\[\]`*_|\\{}#\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# GitHub announces material changes to its terms 30 days ahead; 0 turns the review's check off.
DEFAULT_NOTICE_DAYS = 30


@dataclass(frozen=True)
class Policy:
    id: str
    titles: dict[str, str]
    variant_of: str | None = None  # the policy this one adapts (compared on a page of its own)
    notice_days: int = DEFAULT_NOTICE_DAYS  # how long before its effective date a revision must be announced
    locales: tuple[str, ...] | None = None  # the locales it exists in (None: every locale of the site)
    translations: Mapping[str, str] | None = None  # its own translation mapping (None: the site's)

    def title(self, locale: str) -> str:
        return self.titles[locale]


def load_registry(path: Path, locales: Locales | None = None) -> list[Policy]:
    """Read and validate the registry; a mistake names the file and the fix."""
    name = path.name
    if path.is_symlink():
        raise SourceError(name, "is a symbolic link; keep the registry itself in the repository",
                          action="Reading policy registry")
    if not path.is_file():
        raise SourceError(name, "the policy registry is missing; create it with a 'policies:' list",
                          action="Reading policy registry")
    if path.stat().st_size > MAX_SOURCE_BYTES:
        raise SourceError(name, f"is over {MAX_SOURCE_BYTES:,} bytes; a registry is a short list",
                          action="Reading policy registry")
    return load_registry_text(path.read_bytes(), name, locales)


def load_registry_text(raw: bytes, name: str = "policies.yml", locales: Locales | None = None) -> list[Policy]:
    """Validate the registry's bytes (from a file or a git revision). With the site's ``locales``,
    every policy's locales, titles and translation mapping are checked against them; without
    (a registry read on its own), the titles it has are taken as they are."""
    try:
        text = raw.decode("utf-8")
        check_yaml_subset(text, first_line=1)
        data = yaml.safe_load(text)
    except FrontMatterError as exc:
        raise SourceError(name, str(exc).replace("front matter", "the registry"),
                          action="Reading policy registry") from exc
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise SourceError(name, f"is not valid UTF-8 YAML ({exc.__class__.__name__}); fix its syntax",
                          action="Reading policy registry") from exc
    entries = data.get("policies") if isinstance(data, dict) else None
    # An empty list is a site that has no policy yet (what 'policy-site init' writes): it builds.
    if not isinstance(entries, list):
        raise SourceError(name, "needs a 'policies:' list (empty for a site without policies yet)",
                          action="Reading policy registry")
    policies: list[Policy] = []
    for index, entry in enumerate(entries, start=1):
        where = f"entry {index}"
        if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
            raise SourceError(name, f"{where} needs an 'id'", action="Reading policy registry")
        policy_id = entry["id"]
        if not _POLICY_ID.match(policy_id):
            raise SourceError(name, f"id '{policy_id}' must be lowercase letters, digits and '-'",
                              action="Reading policy registry")
        if policy_id in {p.id for p in policies}:
            raise SourceError(name, f"id '{policy_id}' is declared twice; keep one entry",
                              action="Reading policy registry")
        own_locales, translations = _load_policy_locales(entry, policy_id, name, locales)
        wanted = (locales.codes_of(Policy(policy_id, {}, locales=own_locales)) if locales is not None
                  else tuple(titles_of(entry)))
        titles = entry.get("title")
        missing = [loc for loc in wanted if not isinstance(titles, dict) or not titles.get(loc)]
        if not isinstance(titles, dict) or not wanted:
            raise SourceError(name, f"policy '{policy_id}' has no title; add 'title: {{<locale>: …}}' with one title "
                              "per locale", action="Reading policy registry")
        if missing:
            example = ", ".join(f"{loc}: …" for loc in wanted)
            raise SourceError(name, f"policy '{policy_id}' has no title for {', '.join(missing)}; "
                              f"add 'title: {{{example}}}'", action="Reading policy registry")
        for loc in wanted:
            markup = _TITLE_MARKUP.search(str(titles[loc]))
            if markup:
                raise SourceError(name, f"the {loc} title of '{policy_id}' contains {markup.group()!r}; titles are "
                                  "plain text: remove the character", action="Reading policy registry")
        variant_of = entry.get("variant_of")
        if variant_of is not None and variant_of not in {p.id for p in policies}:
            raise SourceError(name, f"policy '{policy_id}' is a variant of '{variant_of}', which is not declared "
                              "above it; declare the base policy first", action="Reading policy registry")
        notice_days = entry.get("notice_days", DEFAULT_NOTICE_DAYS)
        if isinstance(notice_days, bool) or not isinstance(notice_days, int) or not 0 <= notice_days <= 3650:
            raise SourceError(name, f"policy '{policy_id}' has 'notice_days: {notice_days}'; write a whole number "
                              "of days from 0 (no check) to 3650", action="Reading policy registry")
        policies.append(Policy(id=policy_id, titles={loc: str(titles[loc]) for loc in wanted}, variant_of=variant_of,
                               notice_days=notice_days, locales=own_locales, translations=translations))
    return policies


def titles_of(entry: dict) -> list[str]:
    titles = entry.get("title")
    return [str(loc) for loc in titles] if isinstance(titles, dict) else []


def _load_policy_locales(entry: dict, policy_id: str, name: str,
                         locales: Locales | None) -> tuple[tuple[str, ...] | None, Mapping[str, str] | None]:
    """A policy's own ``locales:`` (the languages it exists in) and ``translations:`` (which of them
    translate which), checked against the site's locales."""
    own, mapping = entry.get("locales"), entry.get("translations")
    action = "Reading policy registry"
    if own is not None:
        if not isinstance(own, list) or not own or not all(isinstance(code, str) for code in own):
            raise SourceError(name, f"policy '{policy_id}' has 'locales: {own}'; write a list of the site's locales, "
                              "e.g. 'locales: [fr]', or remove it for all of them", action=action)
        if locales is not None:
            unknown = [code for code in own if code not in locales]
            if unknown:
                raise SourceError(name, f"policy '{policy_id}' lists the locale {unknown[0]!r}, which the site does not "
                                  f"build ({', '.join(locales)}); remove it or add it to the i18n languages", action=action)
        own = tuple(own)
    if mapping is not None:
        if not isinstance(mapping, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in mapping.items()):
            raise SourceError(name, f"policy '{policy_id}' has 'translations: {mapping}'; write a mapping of locale to "
                              "the locale it translates, e.g. '{fr: en}', or '{}' for none", action=action)
        if locales is not None:
            codes = tuple(code for code in locales if own is None or code in own)
            problem = check_translations_map(mapping, codes)
            if problem:
                raise SourceError(name, f"policy '{policy_id}' translations: {problem}", action=action)
    if locales is not None and own is not None:
        effective = mapping if mapping is not None else locales.translations
        for code in own:
            source = effective.get(code)
            if source is not None and source not in own:
                raise SourceError(name, f"policy '{policy_id}' exists in '{code}', which translates '{source}', but not "
                                  f"in '{source}'; add '{source}' to its locales or give it "
                                  "'translations: {}' to make it authoritative", action=action)
    return own, mapping

"""The site's locales: which languages it builds and, for each, whose wording it is.

A locale is either *authoritative* (the company's own published texts in that language, with their
own dates: provenance published, authored, archived or reconstructed) or a *translation of* another
locale (one file per revision of that locale, with the SHA-256 of the file it translates). Every
page of a locale follows the revisions of its *base*: its own if it is authoritative, else those of
the locale it translates. The site declares this once (the plugin's ``translations`` option); a
policy may override it and may exist in some locales only (its registry entry).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Protocol


class Policy(Protocol):
    """What the locale model reads of a registry entry (policy_site.sources.registry.Policy, which
    imports this module)."""

    id: str
    locales: tuple[str, ...] | None
    translations: Mapping[str, str] | None

# What a locale folder may be called: a language code, optionally with a region or script
# (en, fr, pt-BR, zh-Hant), as static-i18n and Babel name them.
LOCALE_CODE = re.compile(r"^[a-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")


def _frozen(mapping: Mapping[str, str]) -> Mapping[str, str]:
    return MappingProxyType(dict(sorted(mapping.items())))


@dataclass(frozen=True)
class Locales:
    """The locales a site builds, the default first (it sits at the site's root). Iterating, ``in``
    and ``len`` see the codes, as a tuple of them would."""

    codes: tuple[str, ...]
    default: str
    translations: Mapping[str, str] = field(default_factory=dict)  # translation locale -> the locale it translates

    def __post_init__(self) -> None:
        object.__setattr__(self, "translations", _frozen(self.translations))

    def __hash__(self) -> int:  # a project (which holds this) keys the plugin's caches
        return hash((self.codes, self.default, tuple(self.translations.items())))

    def __iter__(self) -> Iterator[str]:
        return iter(self.codes)

    def __contains__(self, locale: object) -> bool:
        return locale in self.codes

    def __len__(self) -> int:
        return len(self.codes)

    def __getitem__(self, index):
        return self.codes[index]

    def translations_of(self, policy: Policy | None = None) -> Mapping[str, str]:
        """The mapping that holds for ``policy``: its own override, else the site's."""
        if policy is not None and policy.translations is not None:
            return policy.translations
        return self.translations

    def codes_of(self, policy: Policy | None = None) -> tuple[str, ...]:
        """The locales ``policy`` exists in, in the site's order."""
        if policy is None or policy.locales is None:
            return self.codes
        return tuple(code for code in self.codes if code in policy.locales)

    def source_of(self, locale: str, policy: Policy | None = None) -> str | None:
        """The locale whose texts ``locale`` translates, or None where ``locale`` is authoritative."""
        return self.translations_of(policy).get(locale)

    def is_authoritative(self, locale: str, policy: Policy | None = None) -> bool:
        return self.source_of(locale, policy) is None

    def base_of(self, locale: str, policy: Policy | None = None) -> str:
        """The authoritative locale whose revisions the pages of ``locale`` follow."""
        return self.source_of(locale, policy) or locale

    def authoritative(self, policy: Policy | None = None) -> tuple[str, ...]:
        return tuple(code for code in self.codes_of(policy) if self.is_authoritative(code, policy))


def describe_locale(code: str, in_locale: str = "en") -> str:
    """The language of ``code`` as Babel names it in ``in_locale`` (default: English, for a one-line
    message: "Japanese"); the code itself when Babel does not know it."""
    from babel import Locale, UnknownLocaleError  # messages and notices only: not on the fast paths

    try:
        return Locale.parse(code.replace("-", "_")).get_display_name(in_locale.replace("-", "_")) or code
    except (UnknownLocaleError, ValueError, TypeError):
        return code


def check_translations_map(mapping: Mapping[str, str], codes: tuple[str, ...]) -> str | None:
    """Why a ``translations`` mapping cannot hold for ``codes``, or None: every locale named is one
    of them, none translates itself, and a translation's source is authoritative (no chains, which
    would leave no text to prevail)."""
    for locale, source in sorted(mapping.items()):
        for code in (locale, source):
            if not LOCALE_CODE.match(code):  # shown escaped: the message stays one line
                return f"{code!r} is not a locale code; use one of the site's locales ({', '.join(codes)})"
            if code not in codes:
                return (f"'{code}' is not one of the site's locales ({', '.join(codes)}); remove it, or add it to the "
                        "i18n languages")
        if locale == source:
            return f"'{locale}' cannot translate itself; remove it to make it authoritative"
        if source in mapping:
            return (f"'{locale}' translates '{source}', which is itself a translation of '{mapping[source]}'; "
                    f"make '{locale}' translate '{mapping[source]}'")
    return None


def default_translations(codes: tuple[str, ...], default: str) -> dict[str, str]:
    """The model when a site declares none: every other locale translates the default's texts
    (one authoritative language and reference translations, the common case of legal texts)."""
    return {code: default for code in codes if code != default}


def build_locales(codes: list[str], default: str | None, translations: Mapping[str, str] | None) -> Locales:
    """The model of a site whose i18n languages are ``codes`` (``default`` the one marked default,
    None for the first) with the plugin's ``translations`` option (None: not set). ValueError says
    what is wrong and how to fix it."""
    if not codes:
        raise ValueError("the site declares no language; list them under the 'i18n' plugin's 'languages:' "
                         "(one with 'default: true')")
    bad = next((code for code in codes if not LOCALE_CODE.match(code)), None)
    if bad is not None:
        raise ValueError(f"language '{bad}' is not a locale code usable as a folder of docs/; use a code such as "
                         "'en', 'fr' or 'pt-BR'")
    default = default or codes[0]
    ordered = (default, *[code for code in codes if code != default])
    mapping = default_translations(ordered, default) if translations is None else dict(translations)
    problem = check_translations_map(mapping, ordered)
    if problem:
        raise ValueError(f"option 'translations': {problem}")
    return Locales(codes=ordered, default=default, translations=mapping)


__all__ = ["LOCALE_CODE", "Locales", "build_locales", "check_translations_map", "default_translations",
           "describe_locale"]

"""The interface catalogs: every word the site and the redline show around the policies, per locale.

One JSON file per locale ships in the package (``policy_site/locales/<locale>.json``), with two
parts: ``site`` (the pages' notices, titles and labels) and ``redline`` (the redline's labels,
including its screen-reader labels). A language is supported by adding its file, not by editing
code. The ``ja`` catalog is the reference: every other catalog has exactly its keys (a test checks
the shipped ones; :func:`load_catalog_part` checks any catalog when it is read), so that a missing
string stops with one line naming the locale and the key, never a ``KeyError`` deep in a build.

JSON, not YAML: ``policy-redline diff`` reads a catalog on its fast path, and the standard
library's JSON parser costs a fraction of a millisecond where importing PyYAML costs several.
"""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Mapping
from types import MappingProxyType

CATALOG_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "locales")
CATALOG_PACKAGE_PATH = "policy_site/locales"  # how messages name the folder (never a machine path)
REFERENCE_LOCALE = "ja"
PARTS = ("site", "redline")


class CatalogError(ValueError):
    """A locale without a catalog, or a catalog without a key; ``str()`` is one line with the fix."""


def list_catalog_locales(folder: str | None = None) -> tuple[str, ...]:
    """The locales that have a catalog, sorted (a directory listing: no file is read)."""
    try:
        names = os.listdir(CATALOG_DIR if folder is None else folder)
    except OSError:
        return ()
    return tuple(sorted(name[:-len(".json")] for name in names if name.endswith(".json")))


# Cached by folder too: the tests point CATALOG_DIR at a folder of broken catalogs.
@functools.lru_cache(maxsize=None)
def _read_catalog_in(folder: str, locale: str) -> dict[str, dict[str, str]]:
    if not isinstance(locale, str) or not locale or "/" in locale or "\\" in locale or locale.startswith("."):
        raise CatalogError(f"Reading interface catalog: {locale!r} is not a locale code; use one of "
                           f"{', '.join(list_catalog_locales(folder))}")
    path = os.path.join(folder, f"{locale}.json")
    try:
        with open(path, encoding="utf-8") as file:
            data = json.load(file)
    except FileNotFoundError:
        raise CatalogError(f"Reading interface catalog '{CATALOG_PACKAGE_PATH}/{locale}.json': there is no catalog "
                           f"for locale '{locale}' (there are {', '.join(list_catalog_locales(folder))}); add the file "
                           "with every key of the ja catalog, or use one of those locales") from None
    except (OSError, ValueError) as exc:
        raise CatalogError(f"Reading interface catalog '{CATALOG_PACKAGE_PATH}/{locale}.json': is not valid UTF-8 JSON "
                           f"({exc.__class__.__name__}); fix the file") from None
    if not isinstance(data, dict) or any(not isinstance(data.get(part), dict) for part in PARTS):
        raise CatalogError(f"Reading interface catalog '{CATALOG_PACKAGE_PATH}/{locale}.json': must be an object "
                           f"with the parts {' and '.join(repr(part) for part in PARTS)}; fix the file")
    return data


def load_language_names(locale: str) -> Mapping[str, str]:
    """How ``locale`` names languages where a notice names the text that prevails, when its own
    usage differs from Babel's (the optional ``languages`` part: zh writes 日文 of a text, not 日语)."""
    names = _read_catalog_in(CATALOG_DIR, locale).get("languages", {})
    return MappingProxyType({code: name for code, name in names.items() if isinstance(name, str)})


def load_catalog_part(locale: str, part: str) -> Mapping[str, str]:
    """The strings of one part (``site`` or ``redline``) of a locale's catalog, checked complete
    against the reference catalog: CatalogError names the locale and the first missing key.
    Read-only: one copy per process serves every caller."""
    return _load_part_in(CATALOG_DIR, locale, part)


@functools.lru_cache(maxsize=None)
def _load_part_in(folder: str, locale: str, part: str) -> Mapping[str, str]:
    strings = _read_catalog_in(folder, locale)[part]
    reference = strings if locale == REFERENCE_LOCALE else _read_catalog_in(folder, REFERENCE_LOCALE)[part]
    where = f"Reading interface catalog '{CATALOG_PACKAGE_PATH}/{locale}.json'"
    for key in reference:
        if not isinstance(strings.get(key), str):
            raise CatalogError(f"{where}: locale '{locale}' has no {part} string '{key}'; add it to the "
                               f"'{part}' part in that language (the ja catalog shows what it says)")
    extra = [key for key in strings if key not in reference]
    if extra:
        raise CatalogError(f"{where}: the {part} string '{extra[0]}' of locale '{locale}' is not in the ja catalog; "
                           "remove it or correct its name")
    return MappingProxyType(strings)


def check_catalog(locale: str) -> None:
    """Both parts of ``locale``'s catalog exist and are complete (CatalogError otherwise)."""
    for part in PARTS:
        load_catalog_part(locale, part)

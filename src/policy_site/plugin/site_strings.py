"""The site's interface strings: each locale's catalog with what the site's configuration says.

A site's name, description and copyright are MkDocs settings, and static-i18n sets them per
language; the generator respects both instead of overwriting them. For each locale and each of
these keys the value is, in order: the static-i18n language's own ``site_name``/``site_description``/
``copyright``; the plugin's ``strings:`` for that locale; for the default language, the top-level
setting of ``mkdocs.yml``; otherwise the catalog's wording, with the plugin's ``company:`` filled in.
Every other string is the catalog's, or the plugin's ``strings:`` for that locale.
"""

from __future__ import annotations

from collections.abc import Mapping

from mkdocs.config.defaults import MkDocsConfig

from policy_site.common.catalogs import check_catalog
from policy_site.site.strings import quote_text, render_site_strings

# The MkDocs settings that are also interface strings (static-i18n overrides them per language).
SETTING_KEYS = ("site_name", "site_description", "copyright")


def load_site_settings(config: MkDocsConfig) -> dict[str, str | None]:
    """The top-level values of :data:`SETTING_KEYS`, as ``mkdocs.yml`` gives them (read before any
    locale's build has set them)."""
    return {key: config[key] for key in SETTING_KEYS}


def load_site_strings(config: MkDocsConfig, options, locales: tuple[str, ...],
                      settings: Mapping[str, str | None]) -> dict[str, dict[str, str]]:
    """Every locale's resolved strings (see the module's docstring); ``settings`` are the top-level
    values from :func:`load_site_settings`. Raises CatalogError (a locale without a complete catalog)
    or SiteStringError (a string the configuration leaves without a value, or words wrongly)."""
    i18n = config.plugins.get("i18n")
    languages = {language.locale: language for language in i18n.config.languages} if i18n is not None else {}
    default = locales[0]  # the default first (policy_site.sources.locales)
    company, own = options.company, options.strings
    resolved = {}
    for locale in locales:
        check_catalog(locale)
        overrides = dict(own.get(locale, {}))
        language = languages.get(locale)
        for key in SETTING_KEYS:
            value = getattr(language, key, None)
            if value is None and key not in overrides and locale == default:
                value = settings.get(key)
            if value is not None:
                overrides[key] = quote_text(value)
        name = company.get(locale, company.get("*"))
        resolved[locale] = render_site_strings(locale, overrides=overrides, variables={"company": name})
    return resolved


def has_own_palette(config: MkDocsConfig, locale: str) -> bool:
    """Does the static-i18n language set its own theme palette (whose toggle names are then its own)?"""
    i18n = config.plugins.get("i18n")
    for language in i18n.config.languages if i18n is not None else ():
        if language.locale == locale:
            theme = language.theme
            return isinstance(theme, Mapping) and "palette" in theme
    return False

"""Generated pages that static-i18n and Material's language switcher understand, and the
per-locale settings of a build (names, theme labels, the 404 page).

static-i18n reconfigures the files at priority -100; a page appended after it must carry what
the plugin would have set (``locale``, ``locale_alternate_of``, ``alternates`` with one file per
locale) and its own ``dest_uri``, or the switcher breaks (tests/site/test_site_urls.py, tests/test_browser_i18n.py).
"""

from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File

from policy_site.plugin.site_strings import has_own_palette
from policy_site.site.strings import format_date, t
from policy_site.site.urls import locale_prefix, page_url, revision_page
from policy_site.sources.catalog import Catalog


def current_locale(config: MkDocsConfig) -> str:
    """The locale being built: static-i18n runs the whole build once per locale (the default first).

    Before static-i18n's own on_config has run for the first build, it has no language yet.
    """
    return config.plugins["i18n"].current_language or default_locale(config)


def default_locale(config: MkDocsConfig) -> str:
    """The locale at the site's root: static-i18n's default language."""
    return config.plugins["i18n"].default_language


def apply_site_strings(config: MkDocsConfig, locale: str) -> None:
    """Put the locale's site name, copyright and theme labels into the config of this locale's build.

    They are the site's strings of the locale (:mod:`policy_site.plugin.site_strings`: the language's
    own settings in the i18n list first, then the catalog's wording): the palette toggle names and
    the heading-anchor title are settings, not Material translations, so theme.language alone leaves
    them in English. A language that sets its own palette keeps its own toggle names.
    """
    config.site_name = t(locale, "site_name")
    config.site_description = t(locale, "site_description")
    config.copyright = t(locale, "copyright")
    for palette in [] if has_own_palette(config, locale) else config.theme.get("palette") or []:
        toggle = palette.get("toggle") if isinstance(palette, dict) else None
        if toggle is not None:
            toggle["name"] = t(locale, "palette_to_light" if palette.get("scheme") == "slate" else "palette_to_dark")
    toc = config.mdx_configs.setdefault("toc", {})
    toc["permalink_title"] = t(locale, "permalink_title")


def render_not_found_context(config: MkDocsConfig, locale: str, catalog: Catalog | None = None,
                             locales: tuple[str, ...] = ()) -> dict:
    """What the 404 page says, in ``locale`` and in each of ``locales``, with the absolute address of
    each language's home (a 404 page is served at any depth, so a relative link would be wrong).

    GitHub Pages serves the root 404.html for every missing path, /en/… and /zh/… included: the
    default locale's page holds one block per language (its own first, shown without JavaScript) and the data
    its script needs to show the block of the path's language and, for ``/<policy>/<date>/``, a
    link to the revision in effect on that date (policy_site/theme/404.html).
    """
    base = urlsplit(config.site_url or "/").path.rstrip("/")
    default = default_locale(config)
    # Only the default locale's page is served for missing paths; the others' (reached from the
    # language switcher) are in their own language alone.
    others = [other for other in locales if other != locale] if locale == default else []
    blocks = [_render_not_found_block(base, code, code == locale, default) for code in (locale, *others)]
    data = {"base": f"{base}/", "default": default,
            "prefixes": {locale_prefix(code, default): code for code in (locale, *locales)},
            "locales": {block["locale"]: {"title": block["page_title"],
                                          "revisions": _list_not_found_revisions(config, base, block["locale"], catalog, default)}
                        for block in blocks}}
    return {**blocks[0], "blocks": blocks,
            "data": json.dumps(data, ensure_ascii=False, sort_keys=True).replace("</", "<\\/")}


def _render_not_found_block(base: str, locale: str, shown: bool, default: str) -> dict:
    return {"locale": locale, "shown": shown, "title": t(locale, "not_found_title"), "text": t(locale, "not_found_text"),
            "home": t(locale, "not_found_home"), "home_url": f"{base}/{locale_prefix(locale, default)}",
            "page_title": f"{t(locale, 'not_found_title')} - {t(locale, 'site_name')}",
            "in_effect": t(locale, "not_found_in_effect", revision="{revision}"),
            "before": t(locale, "not_found_before", revision="{revision}")}


def _list_not_found_revisions(config: MkDocsConfig, base: str, locale: str,
                              catalog: Catalog | None, default: str) -> dict[str, list[list[str]]]:
    """Per policy of ``locale``, the revisions its pages follow, oldest first, as ``[date, address,
    link text]`` in ``locale``."""
    revisions: dict[str, list[list[str]]] = {}
    if catalog is None:
        return revisions
    catalog = catalog.for_locale(locale)
    for policy in catalog.policies:
        for revision in catalog.revisions_of(policy.id):
            wording = "revision_title_reconstructed" if revision.is_reconstructed else "revision_title"
            address = base + "/" + locale_prefix(locale, default) + page_url(
                revision_page(policy.id, revision.effective), use_directory_urls=config.use_directory_urls)
            text = t(locale, wording, policy=policy.title(locale), date=format_date(revision.effective, locale))
            revisions.setdefault(policy.id, []).append([revision.effective.isoformat(), address, text])
    return revisions


def _dest_uri(config: MkDocsConfig, locale: str, path: str) -> str:
    neutral = File(path, src_dir=None, dest_dir=config.site_dir, use_directory_urls=config.use_directory_urls)
    return ("" if locale == default_locale(config) else f"{locale}/") + neutral.dest_uri


def make_generated_file(config: MkDocsConfig, locale: str, path: str, content: str, *,
                        locales: tuple[str, ...]) -> File:
    """A generated page at locale-neutral ``path`` (e.g. ``privacy/history.md``) for ``locale``, with
    an alternate in each of ``locales``, the languages the site builds (no link to a language that
    has no pages)."""
    file = File.generated(config, f"{locale}/{path}", content=content)
    file.dest_uri = _dest_uri(config, locale, path)
    file.locale = locale
    file.locale_alternate_of = locale
    file.alternates = {}
    for other in locales:
        if other == locale:
            file.alternates[other] = file
            continue
        alternate = File(path, src_dir=None, dest_dir=config.site_dir, use_directory_urls=config.use_directory_urls)
        alternate.dest_uri = _dest_uri(config, other, path)
        alternate.locale = other
        file.alternates[other] = alternate
    return file


_DATED = re.compile(r"\d{4}-\d{2}-\d{2}\.md")


def find_nav_home(page, nav, policies: set[str]):
    """The navigation entry a page outside the navigation belongs to: its policy's history page
    for a comparison of two revisions (``privacy/compare/A...B``) or a dated revision; None for
    every page the navigation lists (MkDocs marks those itself)."""
    if page in nav.pages:
        return None
    parts = page.file.src_uri.split("/")
    for index, part in enumerate(parts[:2]):  # the locale's folder, when the page is in one
        rest = "/".join(parts[index + 1:])
        if part in policies and (rest.startswith("compare/") or _DATED.fullmatch(rest)):
            history = "/".join([*parts[:index], part, "history.md"])
            return next((entry for entry in nav.pages if entry.file.src_uri == history), None)
    return None

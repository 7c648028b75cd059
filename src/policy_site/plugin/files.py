"""What the hooks share: loading the catalog from MkDocs' config, and generated pages that
static-i18n and Material's language switcher understand.

static-i18n reconfigures the files at priority -100; a page appended after it must carry what
the plugin would have set (``locale``, ``locale_alternate_of``, ``alternates`` with one file per
locale) and its own ``dest_uri``, or the switcher breaks (NOTES-stack).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

from policy_site.sources.catalog import Catalog, load_catalog
from policy_site.plugin.config import PolicySiteConfig, load_settings
from policy_site.sources.dates import load_build_date
from policy_site.sources.tree import list_docs_entries
from policy_site.sources.revision import DEFAULT_LOCALE, LOCALES, SourceError
from policy_site.site.strings import t


def current_locale(config: MkDocsConfig) -> str:
    """The locale being built: static-i18n runs the whole build once per locale (ja first).

    Before static-i18n's own on_config has run for the first build, it has no language yet.
    """
    return config.plugins["i18n"].current_language or DEFAULT_LOCALE


def apply_site_strings(config: MkDocsConfig, locale: str) -> None:
    """Put the locale's site name, copyright and theme labels into the config of this locale's build.

    They come from the strings table like every other interface string (mkdocs.yml holds only
    the Japanese defaults): the palette toggle names and the heading-anchor title are settings,
    not Material translations, so theme.language alone leaves them in English.
    """
    config.site_name = t(locale, "site_name")
    config.site_description = t(locale, "site_description")
    config.copyright = t(locale, "copyright")
    for palette in config.theme.get("palette") or []:
        toggle = palette.get("toggle") if isinstance(palette, dict) else None
        if toggle is not None:
            toggle["name"] = t(locale, "palette_to_light" if palette.get("scheme") == "slate" else "palette_to_dark")
    toc = config.mdx_configs.setdefault("toc", {})
    toc["permalink_title"] = t(locale, "permalink_title")


def render_not_found_context(config: MkDocsConfig, locale: str) -> dict[str, str]:
    """What the 404 page says, and the absolute address of this locale's home (a 404 page is
    served at any depth, so a relative link would be wrong)."""
    base = urlsplit(config.site_url or "/").path.rstrip("/")
    home = f"{base}/" if locale == DEFAULT_LOCALE else f"{base}/{locale}/"
    return {"title": t(locale, "not_found_title"), "text": t(locale, "not_found_text"),
            "home": t(locale, "not_found_home"), "home_url": home}


def load_settings_for(config: MkDocsConfig) -> PolicySiteConfig:
    try:
        return load_settings(config.extra.get("policy_site"), config_file_path=config.config_file_path)
    except ValueError as exc:
        raise PluginError(f"Reading settings in 'mkdocs.yml': {exc}") from exc


def load_catalog_for(config: MkDocsConfig) -> Catalog:
    """The catalog for this build; any source error becomes a PluginError with the same text.

    Both hooks ask for it in every locale's build; it is read once while its inputs (sources,
    registry, settings, build date) are unchanged, so ``mkdocs serve`` still reloads an edited file.
    """
    settings = load_settings_for(config)
    try:
        build_date = load_build_date(time_zone=settings.time_zone)
    except ValueError as exc:
        raise PluginError(f"Reading the build date: {exc}") from exc
    root = Path(config.config_file_path).parent
    locales = load_locales_for(config)
    docs_dir, registry = Path(config.docs_dir), root / settings.registry
    # The review reads docs/ of the repository: the site must be built from exactly that folder.
    if (root / "docs").is_symlink() or docs_dir != root / "docs":
        raise PluginError("Reading settings in 'mkdocs.yml': 'docs_dir' must be the folder 'docs' next to "
                          "mkdocs.yml (not a link, not another folder), which the wording review reads; "
                          "set 'docs_dir: docs'")
    key = (str(docs_dir), str(registry), build_date, settings.include_reconstructed, locales,
           _signature(docs_dir, registry))
    cached = _CATALOG.get("key") == key and _CATALOG.get("catalog")
    if cached:
        return cached
    try:
        catalog = load_catalog(docs_dir, registry, build_date=build_date,
                               include_reconstructed=settings.include_reconstructed, locales=locales)
    except SourceError as exc:
        raise PluginError(str(exc)) from exc
    _CATALOG.clear()
    _CATALOG.update(key=key, catalog=catalog)
    CATALOG_LOADS[0] += 1
    return catalog


_CATALOG: dict = {}  # the last catalog and what it was read from: one entry, never grows
CATALOG_LOADS = [0]  # how many times a catalog was read in this process (tests, benchmarks)


def _signature(docs_dir: Path, registry: Path) -> tuple:
    """Name, size and modification time of every file the catalog reads, and of every entry under
    docs/ (a stray file added while serving must be refused too)."""
    files = [registry] + [docs_dir / entry.path for entry in list_docs_entries(docs_dir)]
    stats = []
    for path in files:
        try:
            stat = path.lstat()
        except OSError:
            stats.append((str(path), None))
            continue
        stats.append((str(path), stat.st_size, stat.st_mtime_ns))
    return tuple(stats)


def load_locales_for(config: MkDocsConfig) -> tuple[str, ...]:
    """The languages static-i18n builds; each must be a locale the policy sources know."""
    languages = [language.locale for language in config.plugins["i18n"].config.languages]
    unknown = [locale for locale in languages if locale not in LOCALES]
    if unknown:
        raise PluginError(f"Reading settings in 'mkdocs.yml': language '{unknown[0]}' has no policy sources; "
                          f"the site's locales are {', '.join(LOCALES)}: remove it from the i18n languages")
    return tuple(locale for locale in LOCALES if locale in languages)


def _dest_uri(config: MkDocsConfig, locale: str, path: str) -> str:
    neutral = File(path, src_dir=None, dest_dir=config.site_dir, use_directory_urls=config.use_directory_urls)
    return ("" if locale == DEFAULT_LOCALE else f"{locale}/") + neutral.dest_uri


def make_generated_file(config: MkDocsConfig, locale: str, path: str, content: str) -> File:
    """A generated page at locale-neutral ``path`` (e.g. ``privacy/history.md``) for ``locale``."""
    file = File.generated(config, f"{locale}/{path}", content=content)
    file.dest_uri = _dest_uri(config, locale, path)
    file.locale = locale
    file.locale_alternate_of = locale
    file.alternates = {}
    for other in LOCALES:
        if other == locale:
            file.alternates[other] = file
            continue
        alternate = File(path, src_dir=None, dest_dir=config.site_dir, use_directory_urls=config.use_directory_urls)
        alternate.dest_uri = _dest_uri(config, other, path)
        alternate.locale = other
        file.alternates[other] = alternate
    return file

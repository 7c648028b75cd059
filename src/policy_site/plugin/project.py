"""A site as every command sees it: its folders and the plugin's options, read in one place.

The plugin builds a :class:`Project` from the configuration MkDocs loaded; the commands that run
outside a build (the review, the bundle, ``new-revision``, ``sync-translations``, ``policy-redline
diff`` on a site file) load the same ``mkdocs.yml`` with MkDocs' own loader and get the same object,
so that no command can read a setting differently from the build.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

from policy_site.common.catalogs import CatalogError
from policy_site.plugin.config import PLUGIN_NAME, check_no_old_settings
from policy_site.plugin.site_strings import load_site_settings, load_site_strings
from policy_site.site.strings import SiteStringError
from policy_site.sources.body import CheckedBodies
from policy_site.sources.catalog import Catalog, load_catalog
from policy_site.sources.dates import load_build_date
from policy_site.sources.locales import Locales, build_locales

CONFIG_FILE = "mkdocs.yml"
DOCS_DIR = "docs"


class ProjectError(ValueError):
    """The site's configuration is wrong; ``str()`` is one line: what, where and the fix."""


@dataclass(frozen=True)
class Project:
    config_file: Path
    docs_dir: Path
    registry: Path
    glossary: Path
    time_zone: str
    include_reconstructed: bool
    compare_all_pairs_up_to: int
    compare_window: int
    bundle_name: str
    locales: Locales  # the languages static-i18n builds, the default first, and whose texts they are

    @property
    def root(self) -> Path:
        return self.config_file.parent

    def load_build_date(self, environ: dict[str, str] | None = None) -> date:
        """Today (or ``SOURCE_DATE_EPOCH``'s day) where the policies apply."""
        return load_build_date(environ, time_zone=self.time_zone)

    def load_catalog(self, *, build_date: date | None = None, include_reconstructed: bool | None = None,
                     checked: CheckedBodies | None = None) -> Catalog:
        """The catalog exactly as the build reads it (raises SourceError naming the first bad file);
        ``checked``: the bodies known to pass the body check (sources.body.CheckedBodies)."""
        return load_catalog(self.docs_dir, self.registry,
                            build_date=build_date if build_date is not None else self.load_build_date(),
                            include_reconstructed=(self.include_reconstructed if include_reconstructed is None
                                                   else include_reconstructed),
                            locales=self.locales, checked=checked)


def _fail(cause: str) -> ProjectError:
    return ProjectError(f"Reading settings in '{CONFIG_FILE}': {cause}")


def project_of(config: MkDocsConfig) -> Project:
    """The project of a configuration MkDocs has loaded and validated (the plugin's options included)."""
    try:
        check_no_old_settings(config.extra)
    except ValueError as exc:
        raise _fail(str(exc)) from None
    plugin = config.plugins.get(PLUGIN_NAME)
    if plugin is None:
        raise _fail(f"the '{PLUGIN_NAME}' plugin is not listed; add '- {PLUGIN_NAME}' under 'plugins:' after 'i18n'")
    # abspath, as MkDocs makes docs_dir absolute (resolve() would differ on a path through a link).
    config_file = Path(os.path.abspath(config.config_file_path))
    root, docs_dir = config_file.parent, Path(config.docs_dir)
    # The review reads docs/ of the repository: the site must be built from exactly that folder.
    if (root / DOCS_DIR).is_symlink() or docs_dir != root / DOCS_DIR:
        raise _fail("'docs_dir' must be the folder 'docs' next to mkdocs.yml (not a link, not another folder), "
                    "which the wording review reads; set 'docs_dir: docs'")
    options = plugin.config
    return Project(config_file=config_file, docs_dir=docs_dir, registry=Path(options.registry),
                   glossary=Path(options.glossary), time_zone=options.time_zone,
                   include_reconstructed=options.include_reconstructed,
                   compare_all_pairs_up_to=options.compare_all_pairs_up_to,
                   compare_window=options.compare_window, bundle_name=options.bundle_name,
                   locales=_locales_of(config, options.translations))


def strings_of(config: MkDocsConfig, project: Project,
               settings: Mapping[str, str | None] | None = None) -> dict[str, dict[str, str]]:
    """Every locale's interface strings with the site's configuration applied
    (:mod:`policy_site.plugin.site_strings`). Only what shows them needs them (the build): the
    commands that do not (new-revision, the review) work on a site that names no company.

    ``settings``: the top-level site name, description and copyright as ``mkdocs.yml`` gives them,
    for a configuration whose values a locale's build has already replaced (default: read them from
    ``config``, as loaded). ProjectError names the first problem in one line."""
    try:
        return load_site_strings(config, config.plugins[PLUGIN_NAME].config, project.locales,
                                 load_site_settings(config) if settings is None else settings)
    except CatalogError as exc:
        raise ProjectError(str(exc)) from None
    except SiteStringError as exc:
        raise _fail(str(exc)) from None


def _locales_of(config: MkDocsConfig, translations: Mapping[str, str] | None) -> Locales:
    """The languages static-i18n builds (the default first) and the plugin's ``translations``."""
    i18n = config.plugins.get("i18n")
    languages = list(i18n.config.languages) if i18n is not None else []
    default = next((language.locale for language in languages if language.default), None)
    try:
        return build_locales([language.locale for language in languages], default, translations)
    except ValueError as exc:
        raise _fail(f"plugin '{PLUGIN_NAME}': {exc}" if "option" in str(exc) else str(exc)) from None


def load_project(root: Path) -> Project:
    """The project whose ``mkdocs.yml`` is in ``root``, loaded by MkDocs as ``mkdocs build`` loads it."""
    return project_of(load_config_of(root))


def load_config_of(root: Path) -> MkDocsConfig:
    """The configuration in ``root``'s ``mkdocs.yml``, loaded and validated by MkDocs (ProjectError)."""
    from mkdocs import exceptions
    from mkdocs.config import load_config

    config_file = Path(os.path.abspath(root)) / CONFIG_FILE
    if not config_file.is_file():
        raise ProjectError(f"Reading settings: '{root}' has no {CONFIG_FILE}; run from the project folder or pass --root")
    try:
        config = load_config(str(config_file))
    except exceptions.ConfigurationError as exc:
        raise _fail(f"{exc}; fix the configuration (mkdocs build shows the same)") from None
    return config

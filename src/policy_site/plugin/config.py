"""The plugin's options, declared once with MkDocs' ``config_options``.

Every command reads them from here: the build (through the plugin), and the review, the bundle,
``new-revision``, ``sync-translations`` and ``policy-redline diff`` on a site file (through
:func:`policy_site.plugin.project.load_project`, or, for a side of a review that must not be run,
:func:`load_options_data`, which reads ``mkdocs.yml`` as data and validates the same schema).
"""

from __future__ import annotations

import os
import re

from mkdocs.config import base
from mkdocs.config import config_options as c

from policy_site.sources.dates import DEFAULT_TIME_ZONE, load_time_zone

PLUGIN_NAME = "policy-site"


class TimeZone(c.Type):
    """An IANA time zone name, checked against the time zone database at load time."""

    def __init__(self, **kwargs) -> None:
        super().__init__(str, **kwargs)

    def run_validation(self, value: object) -> str:
        name = super().run_validation(value)
        try:
            load_time_zone(name)
        except ValueError as exc:
            raise c.ValidationError(str(exc)) from exc
        return name


class AtLeast(c.Type):
    """A whole number no smaller than ``minimum``."""

    def __init__(self, minimum: int, **kwargs) -> None:
        super().__init__(int, **kwargs)
        self.minimum = minimum

    def run_validation(self, value: object) -> int:
        if isinstance(value, bool):
            raise c.ValidationError(f"Expected type: {int} but received: {type(value)}")
        number = super().run_validation(value)
        if number < self.minimum:
            raise c.ValidationError(f"must be {self.minimum} or more (got {number}); remove it for the default, "
                                    f"{self.default}")
        return number


class PerLocaleText(c.BaseConfigOption):
    """A text for every locale (``company: Acme Inc.``) or per locale (``company: {en: Acme Inc.,
    fr: Acme SA}``); read as a mapping of locale to text (``"*"``: every locale)."""

    def run_validation(self, value: object) -> dict[str, str]:
        if value is None:
            return {}
        if isinstance(value, str):
            return {"*": value}
        if isinstance(value, dict) and all(isinstance(k, str) and isinstance(v, str) and v.strip()
                                           for k, v in value.items()):
            return dict(value)
        raise c.ValidationError("must be a text, or a mapping of locale to text (e.g. {en: Acme Inc., fr: Acme SA})")


class LocaleStrings(c.BaseConfigOption):
    """The site's own wording of interface strings: a mapping of locale to a mapping of string key
    to text (``strings: {en: {home_intro: "…"}}``); the keys are checked against the catalogs when
    the project is read."""

    def run_validation(self, value: object) -> dict[str, dict[str, str]]:
        if value is None:
            return {}
        if isinstance(value, dict) and all(isinstance(locale, str) and isinstance(table, dict)
                                           and all(isinstance(k, str) and isinstance(v, str) for k, v in table.items())
                                           for locale, table in value.items()):
            return {locale: dict(table) for locale, table in value.items()}
        raise c.ValidationError("must be a mapping of locale to a mapping of string key to text "
                                "(e.g. {en: {home_intro: \"…\"}})")


class Translations(c.BaseConfigOption):
    """Which locales are translations, and of which locale: ``{en: ja, zh: ja}``; a locale not
    named is authoritative. Absent (None): every locale but the default translates the default.
    Checked against the i18n languages when the project is read (plugin.project)."""

    def run_validation(self, value: object) -> dict[str, str] | None:
        if value is None:
            return None
        if isinstance(value, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
            return dict(value)
        raise c.ValidationError("must be a mapping of locale to the locale it translates (e.g. {fr: en}), "
                                "or {} when every locale is authoritative")


class ColumnOrders(c.BaseConfigOption):
    """The side-by-side column order per locale: ``{en: new-old}`` (the catalogs' otherwise)."""

    def run_validation(self, value: object) -> dict[str, str]:
        if value is None:
            return {}
        if isinstance(value, dict) and all(isinstance(k, str) and v in ("new-old", "old-new") for k, v in value.items()):
            return dict(value)
        raise c.ValidationError("must be a mapping of locale to 'new-old' (the new text left, as the Japanese "
                                "新旧対照表) or 'old-new' (the old text left), e.g. {en: old-new}")


class BundleName(c.Type):
    """A file name stem: ASCII letters, digits, '-', '_' and '.', as every archive tool and file
    system takes it (the site's name, in any script, is not one)."""

    def __init__(self, default: str):
        super().__init__(str, default=default)

    def run_validation(self, value):
        value = super().run_validation(value)
        if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}", value):
            raise c.ValidationError(f"'{value}' is not a file name stem; use ASCII letters, digits, '-', '_' "
                                    "or '.' (at most 64, starting with a letter or digit)")
        return value


class PolicySiteConfig(base.Config):
    registry = c.File(exists=False, default="policies.yml")
    """The policy registry, relative to the directory of mkdocs.yml."""
    glossary = c.File(exists=False, default="glossary.yml")
    """Terminology of the translations; its ``original_names`` are marked ``lang="ja"`` in en/zh pages.
    A site without the file has no such names."""
    include_reconstructed = c.Type(bool, default=True)
    """Build reconstructed (not published) older revisions, as the Publish workflow does; false for a
    build of published (and archived) wording only."""
    compare_all_pairs_up_to = AtLeast(2, default=8)
    """Up to this many revisions of a policy, every pair gets a comparison page; beyond it only the
    pairs a reader is likely to open (``compare_window``): pages grow as n, not n²."""
    compare_window = AtLeast(1, default=3)
    """Past ``compare_all_pairs_up_to``, the pairs at most this many revisions apart (1: neighbours)
    and each revision against the one in effect get a page; any other two are compared through the
    pages between them (the history page's control lists them)."""
    time_zone = TimeZone(default=DEFAULT_TIME_ZONE)
    """Where the policies apply: a revision takes effect at midnight of its date in this zone."""
    company = PerLocaleText()
    """The company's name as each language writes it: the catalogs' ``{company}`` (copyright, the
    reconstruction footer, and the site name and texts a site does not word itself)."""
    strings = LocaleStrings()
    """The site's own wording of any interface string, per locale (the catalogs' otherwise)."""
    translations = Translations()
    """Which locales translate which (``{en: ja}``): a translation locale's revisions are reference
    translations of its source's, which prevail; a locale not named has its own authoritative texts.
    Default: every locale but the default translates the default."""
    list_markers = c.Choice(("drawn", "text"), default="drawn")
    """How the policies' list items show their marker: 'drawn' (a bullet, as Markdown lists have it) or
    'text' (the marker is written in the text, （1）, ・: no bullet is drawn)."""
    column_order = ColumnOrders()
    """Which text the side-by-side view puts left, per locale: 'new-old' or 'old-new'. Default: the
    locale's catalog (ja: new left, as the 新旧対照表; the other shipped locales: old left)."""
    bundle_name = BundleName(default="policies")
    """The offline bundle's file name before its date: ``<bundle_name>-<YYYY-MM-DD>.zip``."""
    cache = c.Type(bool, default=True)
    """Keep redlines and their rendered views in ``.cache/policy-site/`` beside mkdocs.yml, so that the
    next build (``mkdocs serve``, the offline bundle) recomputes only pairs whose text changed; false:
    every build computes every redline. Never changes the site (entries are named by content)."""

    def validate(self):
        # An unknown key is a misspelt setting that would be ignored: an error, not MkDocs' warning.
        failed, warnings = super().validate()
        unknown = [(key, warning) for key, warning in warnings if "Unrecognised configuration name" in str(warning)]
        return failed + unknown, [item for item in warnings if item not in unknown]


def check_no_old_settings(extra: object) -> None:
    """``extra.policy_site`` held these options while the site was two hooks; a config that still
    has it would be silently ignored, so it stops the build with where the options went."""
    from collections.abc import Mapping

    if isinstance(extra, Mapping) and "policy_site" in extra:
        raise ValueError("'extra.policy_site' is no longer read: move its keys under the plugin, "
                         f"'plugins: - {PLUGIN_NAME}: {{registry: …, time_zone: …}}', and remove 'extra.policy_site'")


def _env_value(loader, node):
    """``!ENV [NAME, default]`` or ``!ENV NAME`` as MkDocs reads it (pyyaml_env_tag), as data."""
    import yaml

    if isinstance(node, yaml.ScalarNode):
        names, default = [loader.construct_scalar(node)], None
    else:
        items = loader.construct_sequence(node, deep=True)
        names, default = items[:-1] if len(items) > 1 else items, items[-1] if len(items) > 1 else None
    for name in names:
        if isinstance(name, str) and name in os.environ:
            return yaml.safe_load(os.environ[name])
    return default


def load_options_data(data: bytes, *, config_file_path: str) -> PolicySiteConfig:
    """The plugin's options in a ``mkdocs.yml`` read as data only: safe YAML, ``!ENV`` resolved as
    MkDocs does, every other tag read as nothing; no plugin or theme is loaded. For a side of a review
    (nothing of a pull request is run). ValueError names the problem; a file without the plugin gives
    the defaults."""
    config = _load_config_data(data)
    check_no_old_settings(config.get("extra"))
    return load_options(_plugin_data(config, PLUGIN_NAME), config_file_path=config_file_path)


def load_locales_data(data: bytes, *, config_file_path: str):
    """The site's locale model (sources.locales) from a ``mkdocs.yml`` read as data, like
    :func:`load_options_data`: the i18n languages and the plugin's ``translations``. ValueError
    names the problem."""
    from policy_site.sources.locales import build_locales  # the options module is read at start-up by MkDocs

    config = _load_config_data(data)
    options = load_options(_plugin_data(config, PLUGIN_NAME), config_file_path=config_file_path)
    i18n = _plugin_data(config, "i18n")
    languages = i18n.get("languages") if isinstance(i18n, dict) else None
    languages = [item for item in languages if isinstance(item, dict)] if isinstance(languages, list) else []
    codes = [str(item.get("locale")) for item in languages]
    default = next((str(item.get("locale")) for item in languages if item.get("default") is True), None)
    return build_locales(codes, default, options.translations)


def _load_config_data(data: bytes) -> dict:
    """``mkdocs.yml`` as data: safe YAML, ``!ENV`` resolved as MkDocs does, other tags as nothing."""
    import yaml

    class _Loader(yaml.SafeLoader):
        pass

    _Loader.add_constructor("!ENV", _env_value)
    _Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    _Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
    try:
        config = yaml.load(data.decode("utf-8"), Loader=_Loader)
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ValueError(f"is not valid UTF-8 YAML ({exc.__class__.__name__})") from exc
    return config if isinstance(config, dict) else {}


def _plugin_data(config: dict, plugin: str) -> object:
    """The options of ``plugin`` under ``plugins:`` (a list or a mapping), {} when it is absent."""
    raw: object = {}
    plugins = config.get("plugins") or []
    for entry in plugins.items() if isinstance(plugins, dict) else plugins:
        name, options = (entry if isinstance(entry, tuple) else
                         next(iter(entry.items())) if isinstance(entry, dict) and len(entry) == 1 else (entry, {}))
        if name == plugin:
            raw = options or {}
    return raw


def load_options(raw: object, *, config_file_path: str) -> PolicySiteConfig:
    """Validate the plugin's options outside a build, with MkDocs' words for the first problem."""
    if not isinstance(raw, dict):
        raise ValueError(f"the options of '{PLUGIN_NAME}' are not a mapping")
    options = PolicySiteConfig(config_file_path=config_file_path)
    options.load_dict(dict(raw))
    errors, warnings = options.validate()
    if errors or warnings:
        key, err = (errors + warnings)[0]
        raise ValueError(f"Plugin '{PLUGIN_NAME}' option '{key}': {err}")
    return options

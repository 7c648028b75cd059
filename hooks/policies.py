"""MkDocs event glue for the policy site: nothing here but wiring; the work is in ``policy_site``."""

from __future__ import annotations

import logging
import shutil
from copy import deepcopy
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from policy_site.sources.catalog import Catalog
from policy_site.site.language import load_original_names, render_original_names
from policy_site.plugin.offline import SHIM_PACKAGE_PATH, SHIM_SITE_PATH
from policy_site.plugin.search import patch_search_worker
from policy_site.site.pages import (
    PolicyPage,
    list_policy_pages,
    render_home_markdown,
    render_markdown_title,
    render_nav,
    render_page_title,
    render_policy_markdown,
)
from policy_site.plugin.files import (
    apply_site_strings,
    current_locale,
    load_catalog_for,
    make_generated_file,
    render_not_found_context,
)
from policy_site.sources.revision import DEFAULT_LOCALE
from policy_site.site.reconstructions import check_reconstructions
from policy_site.sources.translations import check_translations

log = logging.getLogger("mkdocs.hooks.policy_site")

_state: dict = {}


@event_priority(50)  # before Material's offline plugin, which would add the shim from a CDN
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    catalog = load_catalog_for(config)
    apply_site_strings(config, current_locale(config))
    if current_locale(config) == DEFAULT_LOCALE:  # once per build, not once per locale
        for problem in check_translations(catalog):
            log.warning(str(problem))
        for message in check_reconstructions(catalog):
            log.warning(message)
    _state["catalog"] = catalog
    _state["pages"] = {}
    try:
        _state["original_names"] = load_original_names(Path(config.config_file_path).parent / "glossary.yml")
    except ValueError as exc:
        raise PluginError(str(exc)) from exc
    offline = config.plugins.get("material/offline") or config.plugins.get("offline")
    _state["offline"] = bool(offline and offline.config.enabled)
    if _state["offline"]:
        shim = Path(config.config_file_path).parent / SHIM_PACKAGE_PATH
        if not shim.is_file():
            raise PluginError(f"Building offline: '{SHIM_PACKAGE_PATH}' is missing; run 'npm ci' first")
        _state["shim"] = shim
        config.extra["polyfills"] = [SHIM_SITE_PATH]
    return config


@event_priority(-200)  # after static-i18n (-100) has reconfigured the files for this locale
def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    catalog: Catalog = _state["catalog"]
    locale = current_locale(config)
    for revision in catalog.dropped:
        dropped = files.get_file_from_path(f"{locale}/{revision.policy}/{revision.effective.isoformat()}.md")
        if dropped is not None and dropped.src_uri.endswith(revision.path.split("/", 1)[1]):
            files.remove(dropped)
    if _state["offline"] and locale == DEFAULT_LOCALE:
        files.append(File.generated(config, SHIM_SITE_PATH, abs_src_path=str(_state["shim"])))
    pages: dict[str, PolicyPage | str] = {}
    files.append(make_generated_file(config, locale, "index.md", render_home_markdown(catalog, locale)))
    pages[f"{locale}/index.md"] = "home"
    for page in list_policy_pages(catalog):
        if page.is_index:
            files.append(make_generated_file(config, locale, page.path, ""))
            pages[f"{locale}/{page.path}"] = page
        else:
            file = files.get_file_from_path(page.path)
            if file is None:
                raise PluginError(f"Building '{locale}': no page for revision '{page.revision.path}'")
            pages[file.src_uri] = page
    _state["pages"] = pages
    config["nav"] = render_nav(catalog, locale)
    return files


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
    spec = _state["pages"].get(page.file.src_uri)
    if not isinstance(spec, PolicyPage):
        if spec != "home" and "title" not in page.meta:
            # Generated pages (history, timeline, comparison) are titled by their heading, not by
            # their short nav label: "プライバシーポリシー 改定履歴", not "改定履歴".
            title = render_markdown_title(markdown)
            if title:
                page.meta["title"] = title
        return None
    catalog: Catalog = _state["catalog"]
    locale = current_locale(config)
    page.meta["policy"] = spec.policy
    page.meta["title"] = render_page_title(catalog, spec, locale)
    if not spec.is_index or (locale != DEFAULT_LOCALE and catalog.translation(spec.revision, locale) is None):
        # Permalinks repeat the current text, and untranslated pages repeat Japanese:
        # keep search results to one hit per text, in the reader's language.
        page.meta["search"] = {"exclude": True}
    return render_policy_markdown(catalog, spec, locale)


@event_priority(-50)  # after hooks/history.py has put the redlines in
def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    """Registered Japanese names kept in en/zh text are marked lang="ja" (policy_site.site.language)."""
    return _mark_original_names(output, config)


def on_post_template(output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
    return _mark_original_names(output_content, config) if template_name.endswith(".html") else output_content


def _mark_original_names(html: str, config: MkDocsConfig) -> str:
    if current_locale(config) == DEFAULT_LOCALE:
        return html
    return render_original_names(html, _state.get("original_names", ()))


def on_template_context(context, *, template_name: str, config: MkDocsConfig):
    """The 404 page in the language being built, with a link to that language's home."""
    if template_name == "404.html":
        context["not_found"] = render_not_found_context(config, current_locale(config))
    return context


def on_pre_template(template, *, template_name: str, config: MkDocsConfig):
    """Point the 404 page's language switcher at the other locales' 404 pages."""
    if template_name == "404.html" and config.extra.get("alternate"):
        base = urlsplit(config.site_url or "/").path.rstrip("/")
        links = deepcopy(config.extra["alternate"])
        for alternate in links:
            prefix = "" if alternate["lang"] == DEFAULT_LOCALE else f"/{alternate['lang']}"
            alternate["link"] = f"{base}{prefix}/404.html"
        # static-i18n sets the attribute on pages and the item in on_config; Jinja reads the attribute.
        config.extra["alternate"] = links
        config.extra.alternate = links
    return template


def on_post_build(*, config: MkDocsConfig) -> None:
    catalog: Catalog = _state["catalog"]
    locale = current_locale(config)
    site = Path(config.site_dir)
    not_found = site / "404.html"
    # Every locale's build writes the root 404.html (static-i18n #284): keep each locale's
    # copy in its own folder and leave the default locale's at the root.
    if locale == DEFAULT_LOCALE:
        _state["root_404"] = not_found.read_bytes() if not_found.exists() else None
    elif not_found.exists() and _state.get("root_404") is not None:
        (site / locale).mkdir(exist_ok=True)
        not_found.replace(site / locale / "404.html")
        not_found.write_bytes(_state["root_404"])
    problem = patch_search_worker(site)
    if problem:
        log.warning(problem)
    if locale != DEFAULT_LOCALE and (site / "sitemap.xml").exists():
        # Material's language selector reads each language's sitemap.xml; static-i18n writes one
        # sitemap (with every language's pages) at the root only.
        shutil.copyfile(site / "sitemap.xml", site / locale / "sitemap.xml")
    ja = [r for r in catalog.revisions if r.locale == DEFAULT_LOCALE]
    translated = [r for r in catalog.revisions if r.locale == locale and locale != DEFAULT_LOCALE]
    log.info(
        f"Policy site '{locale}': {len(catalog.policies)} policies, {len(ja)} revisions, "
        f"{len(translated) if locale != DEFAULT_LOCALE else len(ja)} in this locale, "
        f"{sum(r.locale == DEFAULT_LOCALE for r in catalog.dropped)} reconstructed left out, built for {catalog.build_date.isoformat()}"
    )

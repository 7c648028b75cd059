"""The MkDocs plugin ``policy-site``: revision pages, history, comparisons and feeds from the sources.

static-i18n builds the whole site once per locale (the default first, then each other inside the
default's ``on_post_build``); this one plugin instance serves every locale's build, and, because it
defines ``on_startup``, every rebuild of ``mkdocs serve``. Everything it knows lives on the instance:
the project, the catalog (read again only when a source changed), the redlines and their caches,
the pages of the locale being built.
"""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from policy_site.plugin.cache import load_build_store
from policy_site.plugin.checks import StoredChecks
from policy_site.plugin.config import PolicySiteConfig
from policy_site.plugin.extensions import MarkdownExtensions
from policy_site.plugin.files import (apply_site_strings, current_locale, find_nav_home, make_generated_file,
                                     render_not_found_context)
from policy_site.plugin.i18n_fixes import (copy_sitemap, drop_sitemap_dates, keep_locale_404, point_404_switcher,
                                          skip_theme_copies)
from policy_site.plugin.sitemap import drop_from_sitemaps
from policy_site.plugin.templates import CompiledTemplates
from policy_site.plugin.offline import SHIM_PACKAGE_PATH, SHIM_SITE_PATH
from policy_site.plugin.project import Project, ProjectError, project_of, strings_of
from policy_site.plugin.search import patch_search_worker
from policy_site.plugin.site_strings import load_site_settings
from policy_site.redline.store import RedlineStore
from policy_site.site.comparisons import Redlines
from policy_site.site.feed import render_feed
from policy_site.site.history import (
    PairRule,
    list_comparisons,
    render_compare_markdown,
    render_comparison_markdown,
    render_history_markdown,
    render_timeline_markdown,
)
from policy_site.site.language import load_original_names, render_original_names
from policy_site.site.nowrap import render_unbreakable_dates
from policy_site.site.pages import (
    PolicyPage,
    list_policy_pages,
    render_home_markdown,
    render_list_markers,
    render_markdown_title,
    render_nav,
    render_not_captured_links,
    render_page_title,
    render_policy_markdown,
)
from policy_site.site.notes import check_change_notes
from policy_site.site.reconstructions import check_reconstructions
from policy_site.site.strings import t, use_site_strings
from policy_site.site.urls import (TIMELINE_PAGE, compare_page, feed_path, history_page, locale_prefix,
                                   page_url, revision_page, variant_compare_page)
from policy_site.sources.catalog import Catalog
from policy_site.sources.revision import SourceError, revision_path
from policy_site.sources.translations import check_translations
from policy_site.sources.tree import list_docs_entries

log = logging.getLogger("mkdocs.plugins.policy_site")
# The generator's theme files (templates, scripts, stylesheets): every site gets them, and their
# fixes, from the installed package; a site's own custom_dir still comes first.
THEME_DIR = Path(__file__).resolve().parents[1] / "theme"


class PolicySitePlugin(BasePlugin[PolicySiteConfig]):
    def __init__(self) -> None:
        self.project: Project | None = None
        self.catalog: Catalog | None = None  # every locale's sources
        self.view: Catalog | None = None  # the catalog as the locale being built reads it (Catalog.for_locale)
        self.catalog_key: tuple | None = None
        self.catalog_loads = 0  # how many times a catalog was read by this instance (tests, benchmarks)
        self.redlines = Redlines()
        self.pages: dict[str, PolicyPage | str] = {}
        self.original_names: tuple[str, ...] = ()
        self.glossary_key: tuple | None = None
        self.offline_shim: Path | None = None
        self.root_404: bytes | None = None
        self.markdown = MarkdownExtensions()
        self.site_settings: dict[str, str | None] = {}
        self.templates = CompiledTemplates()

    # Defined so that MkDocs keeps this instance, and with it the caches, across `mkdocs serve` rebuilds.
    def on_startup(self, *, command: str, dirty: bool) -> None:
        pass

    # Before Material's offline plugin (priority 0), which would otherwise add the search shim from a CDN.
    @event_priority(50)
    def _configure(self, config: MkDocsConfig) -> MkDocsConfig:
        i18n = config.plugins.get("i18n")
        first = i18n is None or i18n.current_language is None
        if first:
            # The first locale's build of this configuration: the site name, description and
            # copyright are still those of mkdocs.yml (each locale's build then sets its own).
            self.site_settings = load_site_settings(config)
        try:
            self.markdown.apply(config)
            self.project = project_of(config)
            use_site_strings(strings_of(config, self.project, self.site_settings))
        except (ProjectError, ValueError) as exc:
            raise PluginError(str(exc)) from None
        add_theme_dir(config)
        self.templates.share_with(config.theme)  # compiled once for every locale (policy_site.plugin.templates)
        locale = current_locale(config)
        default = self.project.locales.default
        if first:  # once a build (its checks ask git); before the catalog: it keeps the source check's passes
            self.redlines.store = self._load_store(config)
        self.catalog = self._load_catalog()
        self.view = self.catalog.for_locale(locale)
        # The feed of this locale, for the page template's <link rel="alternate"> (one URL rule: site.urls).
        config.extra["policy_feed"] = feed_path(locale, default)
        config.extra["policy_feed_label"] = t(locale, "feed_subscribe")  # and its visible link, in the footer
        # The folder of each language, for search-language.js (one URL rule instead of a copy in the JS).
        config.extra["policy_locale_prefixes"] = json.dumps(
            {locale_prefix(code, default): code for code in self.project.locales}, ensure_ascii=False, sort_keys=True)
        if locale == default:  # once per build, not once per locale
            for problem in check_translations(self.catalog):
                log.warning(str(problem))
            for message in check_reconstructions(self.catalog) + check_change_notes(self.catalog):
                log.warning(message)
        self.pages = {}
        self._load_original_names()
        offline = config.plugins.get("material/offline") or config.plugins.get("offline")
        self.offline_shim = None
        if offline and offline.config.enabled:
            self.offline_shim = SHIM_PACKAGE_PATH
            config.extra["polyfills"] = [SHIM_SITE_PATH]
        self.redlines.start_locale()
        self.redlines.column_orders = dict(self.config.column_order)
        self.redlines.list_markers = self.config.list_markers
        return config

    def _load_store(self, config: MkDocsConfig) -> RedlineStore | None:
        """The redline cache beside mkdocs.yml (option ``cache``), kept across rebuilds of one project
        (:mod:`policy_site.plugin.cache`: none when git tracks files in it)."""
        if not self.config.cache or not config.config_file_path:
            return None
        return load_build_store(Path(config.config_file_path).resolve().parent, log.warning, kept=self.redlines.store)

    # After static-i18n's (-100), which would otherwise put back what an earlier locale's build set.
    @event_priority(-150)
    def _apply_site_strings(self, config: MkDocsConfig) -> MkDocsConfig:
        apply_site_strings(config, current_locale(config))
        return config

    # After every other plugin and hook: the pages render with the Markdown the sources were checked against.
    @event_priority(-1000)
    def _check_markdown(self, config: MkDocsConfig) -> MkDocsConfig:
        try:
            self.markdown.check(config)
        except ValueError as exc:
            raise PluginError(str(exc)) from None
        return config

    on_config = CombinedEvent(_configure, _apply_site_strings, _check_markdown)

    # After static-i18n (-100) has reconfigured the files for this locale: the generated pages join them.
    @event_priority(-200)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        catalog = self.catalog
        locale = current_locale(config)
        for revision in catalog.dropped:
            dropped = files.get_file_from_path(revision_path(locale, revision.policy, revision.effective))
            if dropped is not None and dropped.src_uri.endswith(revision.path.split("/", 1)[1]):
                files.remove(dropped)
        self._drop_foreign_revisions(files, locale)
        if self.offline_shim is not None and locale == self.project.locales.default:
            files.append(File.generated(config, SHIM_SITE_PATH, abs_src_path=str(self.offline_shim)))
        if locale != self.project.locales.default:  # the default locale's build, the first, copied them
            skip_theme_copies(files, config)
        self._add_policy_pages(files, config, locale)
        self._add_history_pages(files, config, locale)
        return files

    def _drop_foreign_revisions(self, files: Files, locale: str) -> None:
        """static-i18n fills a locale's missing pages with the default locale's files: right for a
        translation not made yet (the page says so), wrong for a revision of another authoritative
        locale (a French site is not given an English-only date) or a policy the locale does not have."""
        pages = {f"{policy.id}/{revision.effective.isoformat()}.md"
                 for policy in self.view.policies for revision in self.view.revisions_of(policy.id)}
        folders = {policy.id for policy in self.catalog.all_policies}
        for file in list(files):
            uri = getattr(file, "norm_src_uri", file.src_uri)  # static-i18n's path without the locale folder
            parts = uri.split("/")
            if len(parts) == 2 and parts[0] in folders and parts[1] != "index.md" and uri not in pages:
                files.remove(file)

    def _add_policy_pages(self, files: Files, config: MkDocsConfig, locale: str) -> None:
        catalog = self.view
        pages: dict[str, PolicyPage | str] = {}
        files.append(self._generated(config, locale, "index.md", render_home_markdown(catalog, locale)))
        pages[f"{locale}/index.md"] = "home"
        for page in list_policy_pages(catalog):
            if page.is_index:
                files.append(self._generated(config, locale, page.path, ""))
                pages[f"{locale}/{page.path}"] = page
            else:
                file = files.get_file_from_path(page.path)
                if file is None:
                    raise PluginError(f"Building '{locale}': no page for revision '{page.revision.path}'")
                pages[file.src_uri] = page
        self.pages = pages
        config["nav"] = render_nav(catalog, locale)

    def _add_history_pages(self, files: Files, config: MkDocsConfig, locale: str) -> None:
        catalog, redlines = self.view, self.redlines
        started, computed = time.perf_counter(), redlines.computed
        nav = config["nav"]
        rule = PairRule(self.project.compare_all_pairs_up_to, self.project.compare_window)
        urls = config.use_directory_urls
        pages = 0
        for policy in catalog.policies:
            files.append(self._generated(config, locale, history_page(policy.id),
                                             render_history_markdown(catalog, redlines, policy.id, locale,
                                                                     rule=rule, use_directory_urls=urls)))
            for old, new in list_comparisons(catalog, policy.id, rule=rule):
                markdown = render_comparison_markdown(catalog, redlines, policy.id, old, new, locale,
                                                      rule=rule, use_directory_urls=urls)
                files.append(self._generated(config, locale, compare_page(policy.id, old.effective, new.effective),
                                                 markdown))
                pages += 1
            section = next(entry for entry in nav if policy.title(locale) in entry)[policy.title(locale)]
            section.append({t(locale, "nav_history"): history_page(policy.id)})
            if policy.variant_of:
                files.append(self._generated(config, locale, variant_compare_page(policy.id),
                                                 render_compare_markdown(catalog, redlines, policy.variant_of,
                                                                         policy.id, locale, use_directory_urls=urls)))
                section.append({t(locale, "nav_compare"): variant_compare_page(policy.id)})
        timeline = render_timeline_markdown(catalog, redlines, locale, use_directory_urls=urls)
        files.append(self._generated(config, locale, TIMELINE_PAGE, timeline))
        nav.append({t(locale, "timeline_nav"): TIMELINE_PAGE})
        log.info(f"Revision history '{locale}': {redlines.computed - computed} redlines computed, "
                 f"{pages} comparison pages, {time.perf_counter() - started:.2f}s")

    # A page the navigation does not list (a comparison of two revisions, a dated revision) marks its
    # policy's history there, the page it is reached from: the policy's section opens on it and the
    # reader sees where they are. The mark is taken off once the page is rendered (on_post_page).
    def on_page_context(self, context, *, page: Page, config: MkDocsConfig, nav):
        home = find_nav_home(page, nav, {policy.id for policy in self.view.policies})
        if home is not None:
            home.active = True
            self._nav_home = home
        return context

    # The page's text, notices and title come from the catalog; generated pages are titled by their heading.
    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        spec = self.pages.get(page.file.src_uri)
        if not isinstance(spec, PolicyPage):
            if spec != "home" and "title" not in page.meta:
                # Generated pages (history, timeline, comparison) are titled by their heading, not by
                # their short nav label: "プライバシーポリシー 改定履歴", not "改定履歴".
                title = render_markdown_title(markdown)
                if title:
                    page.meta["title"] = title
            return None
        catalog = self.view
        locale = current_locale(config)
        page.meta["policy"] = spec.policy
        page.meta["title"] = render_page_title(catalog, spec, locale)
        if spec.revision.is_reconstructed:
            # Not the company's text: no search engine lists it, and the footer does not call it authoritative.
            page.meta["robots"] = "noindex"
            page.meta["policy_copyright"] = t(locale, "copyright_reconstructed")
        if not spec.is_index or catalog.translation(spec.revision, locale) is None:
            # Permalinks repeat the current text, and untranslated pages repeat the source text:
            # keep search results to one hit per text, in the reader's language.
            page.meta["search"] = {"exclude": True}
        return render_policy_markdown(catalog, spec, locale)

    # A link whose target the capture lost is shown as its label and a note, as in every redline.
    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if not isinstance(self.pages.get(page.file.src_uri), PolicyPage):
            return None
        html = render_list_markers(html, self.config.list_markers)
        return render_not_captured_links(html, current_locale(config))

    # Every date of the page is kept on one line (policy_site.site.nowrap), but not yet the redlines':
    # they go in after MkDocs rendered and indexed the page (see policy_site.site.comparisons.Slots),
    # as the engine renders them (history.js rebuilds them from the page); then the glossary's
    # original names kept in translated text are marked with their language (policy_site.site.language).
    @event_priority(-50)
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        if getattr(self, "_nav_home", None) is not None:
            self._nav_home.active = False
            self._nav_home = None
        output = render_unbreakable_dates(output, current_locale(config))
        try:
            output = self.redlines.fill(page.file.src_uri, output)
        except ValueError as exc:
            raise PluginError(f"Rendering '{page.file.src_uri}': {exc}; "
                              "report this as a bug of the site generator") from exc
        return self._mark_original_names(output, config)

    # Templates rendered outside pages (the 404 page) get the same language marks.
    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
        return self._mark_original_names(output_content, config) if template_name.endswith(".html") else output_content

    def _mark_original_names(self, html: str, config: MkDocsConfig) -> str:
        source = self.project.locales.source_of(current_locale(config))
        if source is None:
            return html
        return render_original_names(html, self.original_names, source)

    # The 404 page in the language being built, with a link to that language's home.
    def on_template_context(self, context, *, template_name: str, config: MkDocsConfig):
        if template_name == "404.html":
            context["not_found"] = render_not_found_context(config, current_locale(config), self.catalog,
                                                            self.project.locales)
        return context

    # The 404 page's language switcher leads to the other locales' 404 pages.
    def on_pre_template(self, template, *, template_name: str, config: MkDocsConfig):
        if template_name == "404.html":
            point_404_switcher(config)
        return template

    # Before static-i18n's (-100), which builds the other locales: each locale's files are fixed as
    # soon as they are written, and the feed goes next to the locale's home page.
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        catalog = self.view
        locale = current_locale(config)
        default = self.project.locales.default
        site = Path(config.site_dir)
        self.root_404 = keep_locale_404(site, locale, default, self.root_404)
        problem = patch_search_worker(site)
        if problem:
            log.warning(problem)
        drop_sitemap_dates(site)
        if self.redlines.store is not None:
            self.redlines.store.prune()
        drop_from_sitemaps(site, config.site_url, self._unlisted_pages(config))
        copy_sitemap(site, locale, default)
        listed = catalog.listed_revisions()
        own = [r for r in catalog.revisions if r.locale == locale and r.policy in {p.id for p in catalog.policies}]
        bases = {(r.policy, r.locale) for r in listed}
        log.info(
            f"Policy site '{locale}': {len(catalog.policies)} policies, {len(listed)} revisions, "
            f"{len(own)} in this locale, "
            f"{sum((r.policy, r.locale) in bases for r in catalog.dropped)} reconstructed left out, "
            f"built for {catalog.build_date.isoformat()}"
        )
        target = site / feed_path(locale, default)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(render_feed(catalog, self.redlines, locale, config.site_url or "http://127.0.0.1:8000/",
                                       time_zone=self.project.time_zone, use_directory_urls=config.use_directory_urls))

    def _unlisted_pages(self, config: MkDocsConfig) -> list[str]:
        """The site paths, in every locale, of the pages marked noindex (reconstructions)."""
        locales = self.project.locales
        return sorted(locale_prefix(code, locales.default) + page_url(revision_page(revision.policy, revision.effective),
                                                                      use_directory_urls=config.use_directory_urls)
                      for code in locales
                      for revision in self.catalog.for_locale(code).listed_revisions() if revision.is_reconstructed)

    def _generated(self, config: MkDocsConfig, locale: str, path: str, content: str) -> File:
        return make_generated_file(config, locale, path, content, locales=self.project.locales)

    def _load_original_names(self) -> None:
        """The glossary's original names, read again only when the file changed: once per build
        and per edit under `mkdocs serve`, not once per locale."""
        glossary = self.project.glossary
        try:
            stat = glossary.stat()
            key = (str(glossary), stat.st_size, stat.st_mtime_ns)
        except OSError:
            key = (str(glossary), None)
        if self.glossary_key == key:
            return
        try:
            self.original_names = load_original_names(glossary)
        except ValueError as exc:
            raise PluginError(str(exc)) from exc
        self.glossary_key = key

    def _load_catalog(self) -> Catalog:
        """The catalog for this build, read once while its inputs (sources, registry, settings, build
        date) are unchanged, so that each locale's build and each unchanged `mkdocs serve` rebuild
        reuse it and an edited file is still read again."""
        project = self.project
        try:
            build_date = project.load_build_date()
        except ValueError as exc:
            raise PluginError(f"Reading the build date: {exc}") from exc
        key = (project, build_date, _signature(project.docs_dir, project.registry))
        if self.catalog is not None and self.catalog_key == key:
            return self.catalog
        try:
            store = self.redlines.store
            catalog = project.load_catalog(build_date=build_date,
                                           checked=StoredChecks(store) if store is not None else None)
        except SourceError as exc:
            raise PluginError(str(exc)) from exc
        self.catalog_key = key
        self.catalog_loads += 1
        return catalog


def add_theme_dir(config: MkDocsConfig) -> None:
    """Put the generator's theme folder right before the theme's own (Material's), after a site's
    ``custom_dir``: its templates extend Material's, and a site may still override any of them."""
    dirs = config.theme.dirs
    if str(THEME_DIR) in map(str, dirs):
        return
    custom = config.theme.custom_dir
    dirs.insert(1 if custom and dirs and Path(dirs[0]) == Path(custom) else 0, str(THEME_DIR))


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

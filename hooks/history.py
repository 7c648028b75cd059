"""MkDocs event glue for the revision-history pages and the Atom feed: wiring only; the work is in
``policy_site.site.history``, ``policy_site.site.comparisons`` and ``policy_site.site.feed``."""

from __future__ import annotations

import logging
import time
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from mkdocs.exceptions import PluginError

from policy_site.site.comparisons import SLOTS, STATS, fill_slots
from policy_site.site.history import (
    list_comparisons,
    render_compare_markdown,
    render_comparison_markdown,
    render_history_markdown,
    render_timeline_markdown,
)
from policy_site.site.feed import render_feed
from policy_site.plugin.files import current_locale, load_catalog_for, load_settings_for, make_generated_file
from policy_site.site.strings import t
from policy_site.site.urls import TIMELINE_PAGE, compare_page, feed_path, history_page, variant_compare_page

log = logging.getLogger("mkdocs.hooks.history")

_state: dict = {}


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    _state["catalog"] = load_catalog_for(config)
    _state["all_pairs_up_to"] = load_settings_for(config).compare_all_pairs_up_to
    SLOTS.reset()  # the previous locale's pages are written; keep memory flat under mkdocs serve
    return config


@event_priority(-210)  # after hooks/policies.py (-200), which sets the nav this extends
def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    catalog = _state["catalog"]
    locale = current_locale(config)
    started, computed = time.perf_counter(), STATS["computed"]
    nav = config["nav"]
    limit = _state["all_pairs_up_to"]
    pages = 0
    for policy in catalog.policies:
        files.append(make_generated_file(config, locale, history_page(policy.id),
                                         render_history_markdown(catalog, policy.id, locale, all_pairs_up_to=limit)))
        for old, new in list_comparisons(catalog, policy.id, all_pairs_up_to=limit):
            markdown = render_comparison_markdown(catalog, policy.id, old, new, locale, all_pairs_up_to=limit)
            files.append(make_generated_file(config, locale, compare_page(policy.id, old.effective, new.effective),
                                             markdown))
            pages += 1
        section = next(entry for entry in nav if policy.title(locale) in entry)[policy.title(locale)]
        section.append({t(locale, "nav_history"): history_page(policy.id)})
        if policy.variant_of:
            files.append(make_generated_file(config, locale, variant_compare_page(policy.id),
                                             render_compare_markdown(catalog, policy.variant_of, policy.id, locale)))
            section.append({t(locale, "nav_compare"): variant_compare_page(policy.id)})
    files.append(make_generated_file(config, locale, TIMELINE_PAGE, render_timeline_markdown(catalog, locale)))
    nav.append({t(locale, "timeline_nav"): TIMELINE_PAGE})
    log.info(f"Revision history '{locale}': {STATS['computed'] - computed} redlines computed, "
             f"{pages} comparison pages, {time.perf_counter() - started:.2f}s")
    return files


def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    """Redlines go in after MkDocs rendered and indexed the page (see policy_site.site.comparisons.Slots)."""
    try:
        return fill_slots(page.file.src_uri, output)
    except ValueError as exc:
        raise PluginError(f"Rendering '{page.file.src_uri}': {exc}; report this as a bug of the site generator") from exc


def on_post_build(*, config: MkDocsConfig) -> None:
    """The Atom feed of this locale, next to its home page."""
    locale = current_locale(config)
    target = Path(config.site_dir) / feed_path(locale)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(render_feed(_state["catalog"], locale, config.site_url or "http://127.0.0.1:8000/",
                                   use_directory_urls=config.use_directory_urls))

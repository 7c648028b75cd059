"""MkDocs event glue for the revision-history pages and the Atom feed: wiring only; the work is in
``policy_site.history`` and ``policy_site.feed``."""

from __future__ import annotations

import logging
import time
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from policy_site.history import (
    SLOTS,
    STATS,
    fill_slots,
    render_compare_markdown,
    render_history_markdown,
    render_timeline_markdown,
)
from policy_site.feed import feed_path, render_feed
from policy_site.sitefiles import current_locale, load_catalog_for, make_generated_file
from policy_site.strings import t

log = logging.getLogger("mkdocs.hooks.history")

_state: dict = {}


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    _state["catalog"] = load_catalog_for(config)
    SLOTS.clear()  # the previous locale's pages are written; keep memory flat under mkdocs serve
    return config


@event_priority(-210)  # after hooks/policies.py (-200), which sets the nav this extends
def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    catalog = _state["catalog"]
    locale = current_locale(config)
    started, computed = time.perf_counter(), STATS["computed"]
    nav = config["nav"]
    for policy in catalog.policies:
        files.append(make_generated_file(config, locale, f"{policy.id}/history.md",
                                         render_history_markdown(catalog, policy.id, locale)))
        section = next(entry for entry in nav if policy.title(locale) in entry)[policy.title(locale)]
        section.append({t(locale, "nav_history"): f"{policy.id}/history.md"})
        if policy.variant_of:
            files.append(make_generated_file(config, locale, f"{policy.id}/compare.md",
                                             render_compare_markdown(catalog, policy.variant_of, policy.id, locale)))
            section.append({t(locale, "nav_compare"): f"{policy.id}/compare.md"})
    files.append(make_generated_file(config, locale, "history.md", render_timeline_markdown(catalog, locale)))
    nav.append({t(locale, "timeline_nav"): "history.md"})
    log.info(f"Revision history '{locale}': {STATS['computed'] - computed} redlines computed, "
             f"{len(SLOTS)} comparisons, {time.perf_counter() - started:.2f}s")
    return files


def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    """Redlines go in after MkDocs rendered and indexed the page (see policy_site.history.SLOTS)."""
    return fill_slots(output)


def on_post_build(*, config: MkDocsConfig) -> None:
    """The Atom feed of this locale, next to its home page."""
    locale = current_locale(config)
    target = Path(config.site_dir) / feed_path(locale)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(render_feed(_state["catalog"], locale, config.site_url or "http://127.0.0.1:8000/"))

"""Atom feed of policy revisions, one per locale: what changed, when, and where to read the redline.

Readers subscribe instead of checking back (Open Terms Archive publishes such a feed for every
document it tracks). Every time in the feed comes from the sources (effective dates) so that the
feed is byte-identical between builds of the same sources.
"""

from __future__ import annotations

from datetime import datetime, time
from urllib.parse import urljoin

from feedgen.feed import FeedGenerator

from policy_site.site.comparisons import Redlines
from policy_site.sources.catalog import Catalog
from policy_site.sources.dates import load_time_zone
from policy_site.site.history import anchor_of, render_change_counts, render_changed_sections
from policy_site.site.notes import render_announced_text, render_change_note_text
from policy_site.site.pages import render_date_label
from policy_site.site.reconstructions import render_event_label, render_inference_text, render_revision_date
from policy_site.site.strings import annotate, language_name, t
from policy_site.site.urls import feed_path, history_page, locale_prefix, page_url

def render_feed(catalog: Catalog, redlines: Redlines, locale: str, site_url: str, *, time_zone: str,
                use_directory_urls: bool = True) -> bytes:
    """The Atom document for ``locale``; links are absolute, built on ``site_url`` in the build's
    URL style (the offline bundle has ``.html`` pages, not directories). A revision's timestamp is
    the midnight of its date in ``time_zone``, where the policies apply: the moment it takes effect."""
    zone = load_time_zone(time_zone)

    def _when(day) -> datetime:
        return datetime.combine(day, time(0, 0), tzinfo=zone)

    default = catalog.locales.default
    base = urljoin(site_url, locale_prefix(locale, default))
    revisions = catalog.listed_revisions()
    feed = FeedGenerator()
    feed.id(urljoin(site_url, feed_path(locale, default)))
    feed.title(t(locale, "feed_title"))
    subtitle = t(locale, "feed_subtitle")
    source = catalog.locales.source_of(locale)
    if source is not None:  # the counts and sections are those of the translations
        subtitle += t(locale, "sentence_separator") + t(locale, "translated_feed_notice",
                                                         source_language=language_name(source, locale))
    feed.subtitle(subtitle)
    feed.language(locale)
    feed.link(href=urljoin(site_url, feed_path(locale, default)), rel="self")
    feed.link(href=base, rel="alternate")
    # A site with no revision yet still has a valid feed (Atom requires 'updated'): the build date.
    feed.updated(_when(max((r.effective for r in revisions), default=catalog.build_date)))
    feed.generator("policy-site")
    for revision in revisions:
        policy = catalog.policy(revision.policy)
        event = render_event_label(catalog, revision, catalog.event_of(revision), locale)
        link = f"{base}{page_url(history_page(revision.policy), use_directory_urls=use_directory_urls)}#{anchor_of(revision)}"
        summary, found = render_change_counts(catalog, redlines, revision, locale)
        if found is not None and found.sections:
            summary += t(locale, "sentence_separator") + render_changed_sections(found, locale)
        previous = catalog.previous(revision)
        inference = render_inference_text(catalog, previous, revision, locale) if previous is not None else ""
        if inference:
            summary += t(locale, "sentence_separator") + inference
        if revision.is_reconstructed:
            summary = f"{t(locale, 'reconstructed_badge')}{t(locale, 'label_separator')}{summary}"
        # In the feed from the day it is merged (not from its date): the advance notice subscribers get.
        effective = render_date_label(catalog, revision, locale)
        if revision.effective > catalog.build_date:
            effective = annotate(locale, effective, t(locale, "note_upcoming"))
        announced = render_announced_text(catalog, revision, locale)
        if announced:  # beside the date it takes effect, as the history entry has it
            effective += f" · {announced}"
        note = render_change_note_text(catalog, revision, locale)
        if note:  # the company's words first, then what the site counted
            end = t(locale, "sentence_gap") if note[-1] in ".!?。！？" else t(locale, "sentence_separator")
            summary = f"{note}{end}{summary}"
        summary = f"{effective}{t(locale, 'sentence_separator')}{summary}"
        entry = feed.add_entry(order="append")
        entry.id(link)
        entry.title(f"{policy.title(locale)} — {event} {render_revision_date(catalog, revision, locale)}")
        entry.link(href=link, rel="alternate")
        entry.updated(_when(revision.effective))
        entry.published(_when(revision.effective))
        entry.summary(summary)
    return feed.atom_str(pretty=True)

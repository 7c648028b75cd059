"""Revision history pages: what changed, when, and how sure we are of the text.

``<policy>/history.md`` is a light index: every revision newest first with its date, provenance,
a one-line summary of what changed and links to its full text and its comparisons, plus a
"compare any two" control. Each comparison is its own page, ``<policy>/compare/<OLD>...<NEW>.md``
(paths in :mod:`policy_site.site.urls`), showing the changes with a little context in two views
(inline and 新旧対照表, as Material content tabs: no custom JavaScript needed to read them).
``history.md`` is the site-wide timeline; ``<variant>/compare.md`` compares a variant with the
policy it varies.

The redlines themselves, their views and caches are in :mod:`policy_site.site.comparisons`.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from policy_site.common.numbers import format_count
from policy_site.sources.catalog import Catalog
from policy_site.site.comparisons import Comparison, Redlines
from policy_site.site.notes import render_change_note_html, render_dates_html
from policy_site.site.pages import render_admonition
from policy_site.site.reconstructions import (
    render_event_label,
    render_inference_text,
    render_reconstruction_notice,
    render_revised_without_text,
    render_revision_date,
)
from policy_site.redline import Summary
from policy_site.redline.render_html import escape
from policy_site.sources.revision import Revision
from policy_site.site.strings import annotate, format_date, language_name, t
from policy_site.site.urls import (
    TIMELINE_PAGE,
    compare_page,
    history_page,
    link,
    locale_href,
    revision_anchor,
    revision_page,
    variant_compare_page,
)

_LINK_SLOT = "\ue000"  # where a link goes into a sentence, after the sentence's typesetting


def render_badges(catalog: Catalog, revision: Revision, locale: str) -> str:
    event = catalog.event_of(revision)
    badges = [(f"history-badge--{event}", t(locale, f"event_{event}"))]
    provenance = "reconstructed" if revision.is_reconstructed else "archived" if revision.is_archived else "published"
    badges.append((f"history-badge--{provenance}", t(locale, f"{provenance}_badge")))
    current = catalog.current(revision.policy)
    if revision.effective > catalog.build_date:
        badges.append(("history-badge--upcoming", t(locale, "upcoming")))
    elif current is not None and revision.effective == current.effective:
        badges.append(("history-badge--current", t(locale, "current_version")))
    spans = " ".join(f'<span class="history-badge {cls}">{label}</span>' for cls, label in badges)
    return f'<p class="history-badges">{spans}</p>'


def anchor_of(revision: Revision) -> str:
    return revision_anchor(revision.effective)


@dataclass(frozen=True)
class PairRule:
    """Which pairs of a policy's revisions get a comparison page (the plugin's options
    ``compare_all_pairs_up_to`` and ``compare_window``): every pair of a short history; in a long
    one only those a reader is likely to open, so that pages (and redlines to compute) grow with
    the revisions, not their square. Any other two are compared through the pages between them."""

    all_pairs_up_to: int = 8
    window: int = 3

    def covers_all(self, revisions: int) -> bool:
        return revisions <= self.all_pairs_up_to


def list_comparisons(catalog: Catalog, policy_id: str, *, rule: PairRule = PairRule()) -> list[tuple[Revision, Revision]]:
    """The pairs ``(older, newer)`` of revisions that get a comparison page, oldest first.

    Every pair up to ``rule.all_pairs_up_to`` revisions; beyond, the pairs at most ``rule.window``
    revisions apart (neighbours among them) and each revision against the one in effect.
    """
    revisions = catalog.revisions_of(policy_id)
    if rule.covers_all(len(revisions)):
        return list(itertools.combinations(revisions, 2))
    current = catalog.current(policy_id)
    pairs = {(old, new) for index, old in enumerate(revisions) for new in revisions[index + 1:index + 1 + rule.window]}
    if current is not None:
        pairs.update((r, current) if r.effective < current.effective else (current, r)
                     for r in revisions if r.effective != current.effective)
    return sorted(pairs, key=lambda pair: (pair[0].effective, pair[1].effective))


def render_pair_rule(catalog: Catalog, policy_id: str, locale: str, rule: PairRule) -> list[str]:
    """The sentence that states which pairs have a page, on a long history and its comparison pages
    (nothing when every pair has one)."""
    count = len(catalog.revisions_of(policy_id))
    if rule.covers_all(count):
        return []
    return [t(locale, "compare_limited", count=str(count), limit=str(rule.all_pairs_up_to),
              window=str(rule.window)), ""]


def _page_key(locale: str, path: str) -> str:
    return f"{locale}/{path}"  # the src_uri of the generated page (policy_site.plugin.files)


def render_translated_notice(catalog: Catalog, page: str, locale: str, source: str, *, use_directory_urls: bool) -> str:
    """The note on a page whose changes are counted in translations: the authoritative changes are
    those of the ``source`` locale's texts, on the same page in that locale (linked)."""
    href = locale_href(page, locale, page, source, default=catalog.locales.default, use_directory_urls=use_directory_urls)
    name = language_name(source, locale)
    anchor = f'<a href="{escape(href)}" hreflang="{source}">{t(locale, "translated_redline_link", source_language=name)}</a>'
    text = t(locale, "translated_redline_notice", link=_LINK_SLOT, source_language=name).replace(_LINK_SLOT, anchor)
    return render_admonition("note", text) + "\n"


def _translated_from(catalog: Catalog, locale: str, policy_id: str | None = None) -> str | None:
    """The locale whose texts the page's translated changes stand for, or None when the page
    shows no translation (of ``policy_id``, or of any policy)."""
    for revision in catalog.revisions:
        if revision.locale == locale and (policy_id is None or revision.policy == policy_id):
            source = catalog.translation_source(revision)
            if source is not None:
                return source.locale
    return None


def render_history_markdown(catalog: Catalog, redlines: Redlines, policy_id: str, locale: str, *,
                            rule: PairRule = PairRule(), use_directory_urls: bool = True) -> str:
    """The light index of a policy's revisions; the redlines are on the comparison pages."""
    policy = catalog.policy(policy_id)
    revisions = catalog.revisions_of(policy_id)
    current = catalog.current(policy_id)
    here = history_page(policy_id)
    pairs = list_comparisons(catalog, policy_id, rule=rule)
    available = {(old.effective, new.effective) for old, new in pairs}
    head = [f"# {t(locale, 'history_title', policy=policy.title(locale))}", "", t(locale, "history_intro"), ""]
    source = _translated_from(catalog, locale, policy_id)
    if source is not None:
        head.append(render_translated_notice(catalog, here, locale, source, use_directory_urls=use_directory_urls))
    if not rule.covers_all(len(revisions)):
        head += render_pair_rule(catalog, policy_id, locale, rule)
        # A long history is its own index by date: no second list of every date in the sidebar.
        head = ["---", "hide:", "  - toc", "---", ""] + head
    linked: set[tuple] = set()  # pairs an entry links to: the list below the form leaves them out
    entries: list[str] = []
    for index in range(len(revisions) - 1, -1, -1):
        revision = revisions[index]
        parts = entries
        parts.append(f"## {render_revision_date(catalog, revision, locale)} {{#{anchor_of(revision)}}}\n")
        parts.append(render_badges(catalog, revision, locale) + "\n")
        # The company's words on the revision, when it gave them: the dates, then its note.
        parts += [html for html in (render_dates_html(catalog, revision, locale),
                                    render_change_note_html(catalog, revision, locale)) if html]
        if revision.is_reconstructed:
            parts.append(render_reconstruction_notice(catalog, revision, locale))
        recorded = render_revised_without_text(catalog, revision, locale)
        if recorded:
            parts.append(f'<p class="history-recorded">{escape(recorded)}</p>\n')
        previous = revisions[index - 1] if index > 0 else None
        if previous is None:
            parts.append(f"<p class=\"history-first\">{t(locale, 'history_first')}</p>\n")
        else:
            counts, summary = render_change_counts(catalog, redlines, revision, locale)
            line = counts
            if summary is not None and summary.sections:
                line += f"<br>{escape(render_changed_sections(summary, locale))}"
            line += _render_inference_line(catalog, previous, revision, locale)
            parts.append(f'<p class="history-changes">{line}</p>\n')
        links = [f"- [{t(locale, 'view_revision')}]({link(here, revision_page(policy_id, revision.effective))})"]
        if previous is not None and (previous.effective, revision.effective) in available:
            links.append(f"- [{t(locale, 'compare_previous', date=format_date(previous.effective, locale))}]"
                         f"{_pair_link(here, policy_id, previous.effective, revision.effective)}")
            linked.add((previous.effective, revision.effective))
        if current is not None and revision.effective != current.effective \
                and not (previous is not None and previous.effective == current.effective):
            older, newer = sorted((revision.effective, current.effective))
            links.append(f"- [{t(locale, 'compare_with_current', date=format_date(current.effective, locale))}]"
                         f"{_pair_link(here, policy_id, older, newer)}")
            linked.add((older, newer))
        parts.append("\n".join(links) + "\n")
    parts = head
    if pairs:
        parts.append(render_compare_control(catalog, policy_id, locale,
                                            [(old, new) for old, new in pairs if (old.effective, new.effective) not in linked],
                                            through_pages=not rule.covers_all(len(revisions))))
    parts += entries
    if len(revisions) == 1 and catalog.dropped:
        parts.append(render_admonition("info", t(locale, "history_production")))
    return "\n".join(parts) + "\n"


def _pair_link(here: str, policy_id: str, old, new) -> str:
    """A Markdown link to a comparison that the compare-any-two form can find by its dates."""
    return (f"({link(here, compare_page(policy_id, old, new))})"
            f'{{data-old="{old.isoformat()}" data-new="{new.isoformat()}"}}')


def _render_inference_line(catalog: Catalog, previous: Revision, revision: Revision, locale: str) -> str:
    """The inference marker as a line of a history or timeline entry ('' between published texts)."""
    text = render_inference_text(catalog, previous, revision, locale)
    return f'<br><span class="inferred-marker">{text}</span>' if text else ""


def render_compare_control(catalog: Catalog, policy_id: str, locale: str,
                           pairs: list[tuple[Revision, Revision]], *, through_pages: bool = False) -> str:
    """"Compare any two": two selects (shown by assets/history.js) that open a comparison link of
    the page: the entries' links, and the list of the other ``pairs`` below the form, which is what a
    reader without JavaScript uses. Picking a link keeps the URL style (directory URLs online,
    ``.html`` offline) in MkDocs' hands."""
    here = history_page(policy_id)
    revisions = catalog.revisions_of(policy_id)
    current = catalog.current(policy_id) or revisions[-1]
    default_old = revisions[-2] if current.effective == revisions[-1].effective else current
    default_new = revisions[-1]
    if default_old.effective == default_new.effective:
        default_old = revisions[-2]

    form = (f'<form class="history-compare" data-history-compare hidden '
            f'data-same="{escape(t(locale, "compare_same"))}" '
            f'data-missing="{escape(t(locale, "compare_missing"))}"'
            # Only a long history has pairs without a page: any two are then compared through the pages between.
            + (f' data-chain="{escape(t(locale, "compare_chain"))}"' if through_pages else "") + '>\n'
            f'<p class="history-compare-title"><strong>{t(locale, "compare_any_title")}</strong></p>\n'
            f'<label>{t(locale, "compare_old_label")} '
            f'<select name="old" data-default="{default_old.effective.isoformat()}"></select></label>\n'
            f'<label>{t(locale, "compare_new_label")} '
            f'<select name="new" data-default="{default_new.effective.isoformat()}"></select></label>\n'
            f'<button type="submit" class="md-button">{t(locale, "compare_button")}</button>\n'
            f'<span class="history-compare-message" role="status"></span>\n</form>\n')
    items = [f"- [{render_revision_date(catalog, old, locale)} → {render_revision_date(catalog, new, locale)}]"
             f"{_pair_link(here, policy_id, old.effective, new.effective)}" for old, new in reversed(pairs)]
    if not items:
        return form
    listing = (f'<details class="history-compare-list" markdown="1">\n<summary>{t(locale, "compare_all_links")}'
               f"</summary>\n\n" + "\n".join(items) + "\n\n</details>\n")
    return form + "\n" + listing


def render_comparison_markdown(catalog: Catalog, redlines: Redlines, policy_id: str, old: Revision, new: Revision,
                               locale: str, *, rule: PairRule = PairRule(), use_directory_urls: bool = True) -> str:
    """The page of one comparison: what changed from ``old`` to ``new``, with a little context."""
    policy = catalog.policy(policy_id)
    path = compare_page(policy_id, old.effective, new.effective)
    old_date, new_date = render_revision_date(catalog, old, locale), render_revision_date(catalog, new, locale)
    old_link = f"[{t(locale, 'revision_of', date=old_date)}]({link(path, revision_page(policy_id, old.effective))})"
    new_link = f"[{t(locale, 'revision_of', date=new_date)}]({link(path, revision_page(policy_id, new.effective))})"
    parts = ["---", "search:", "  exclude: true", "---", "",
             f"# {t(locale, 'compare_pair_title', policy=policy.title(locale), old=old_date, new=new_date)}", "",
             t(locale, "compare_pair_intro", old=old_link, new=new_link), "",
             f"[{t(locale, 'back_to_history')}]({link(path, history_page(policy_id), anchor_of(new))})", ""]
    # The newer side's own dates and note (of that revision only: the older side may be several back).
    parts += [html for html in (render_dates_html(catalog, new, locale),
                                render_change_note_html(catalog, new, locale, dated=True)) if html]
    parts += render_pair_rule(catalog, policy_id, locale, rule)
    comparison = Comparison.of(catalog, old, new, locale)
    if comparison.translated:
        parts.append(render_translated_notice(catalog, path, locale, comparison.source_locale,
                                              use_directory_urls=use_directory_urls))
    parts.append(redlines.render_views(comparison, locale, page=_page_key(locale, path)))
    return "\n".join(parts) + "\n"


def render_changed_sections(summary: Summary, locale: str) -> str:
    """The sections a revision changed as one phrase in the locale's words and punctuation (plain
    text), as the history index and the feed say it."""
    titles = t(locale, "list_separator").join(section.title or "—" for section in summary.sections)
    return t(locale, "changed_sections", sections=titles)


def render_change_counts(catalog: Catalog, redlines: Redlines, revision: Revision,
                         locale: str) -> tuple[str, Summary | None]:
    """How much ``revision`` changed since the one before it, as the timeline and the feed say it
    ("first revision" for a policy's first), with the summary behind the words."""
    siblings = catalog.revisions_of(revision.policy)
    position = siblings.index(revision)
    if position == 0:
        # A policy's first revision here may revise an earlier text this site does not have.
        first = "history_first_short" if catalog.event_of(revision) == "established" else "history_no_previous"
        return t(locale, first), None
    comparison = Comparison.of(catalog, siblings[position - 1], revision, locale)
    summary = redlines.load_summary(comparison.old, comparison.new, comparison.locale)
    counts = t(locale, "change_counts", inserted=format_count(summary.inserted_chars, locale),
               deleted=format_count(summary.deleted_chars, locale),
               sections=str(len(summary.sections)))
    if comparison.translated:  # characters of the translation, not of the authoritative text
        counts += t(locale, "counts_in_translation")
    return counts, summary


def render_timeline_markdown(catalog: Catalog, redlines: Redlines, locale: str, *,
                             use_directory_urls: bool = True) -> str:
    """The site-wide 改定履歴: every revision of every policy on one timeline, newest first.

    In a ``history-timeline`` wrapper so that a phone shows each row as a block (assets/site.css).
    """
    rows = [f"# {t(locale, 'timeline_title')}", "", t(locale, "timeline_intro"), ""]
    source = _translated_from(catalog, locale)
    if source is not None:
        rows.append(render_translated_notice(catalog, TIMELINE_PAGE, locale, source,
                                             use_directory_urls=use_directory_urls))
    rows += ['<div class="history-timeline" markdown="1">', "",
             f"| {t(locale, 'col_effective')} | {t(locale, 'col_policy')} | {t(locale, 'col_event')} "
             f"| {t(locale, 'col_changes')} |", "| --- | --- | --- | --- |"]
    entries = catalog.listed_revisions()[::-1]
    for revision in entries:
        policy = catalog.policy(revision.policy)
        changes, _ = render_change_counts(catalog, redlines, revision, locale)
        previous = catalog.previous(revision)
        if previous is not None:
            changes += _render_inference_line(catalog, previous, revision, locale)
        event = render_event_label(catalog, revision, catalog.event_of(revision), locale)
        if revision.is_reconstructed:
            event = annotate(locale, event, t(locale, "note_reconstructed"))
        if revision.effective > catalog.build_date:
            event = annotate(locale, event, t(locale, "note_upcoming"))
        target = link(TIMELINE_PAGE, history_page(revision.policy), anchor_of(revision))
        rows.append(f"| [{format_date(revision.effective, locale)}]({target}) | {policy.title(locale)} | {event} "
                    f"| {changes} |")
    rows += ["", "</div>"]
    return "\n".join(rows) + "\n"


def render_compare_markdown(catalog: Catalog, redlines: Redlines, base_id: str, variant_id: str, locale: str, *,
                            use_directory_urls: bool = True) -> str:
    """A variant against the policy it varies, both as now in effect: real published text."""
    base, variant = catalog.policy(base_id), catalog.policy(variant_id)
    base_rev, variant_rev = catalog.current(base_id), catalog.current(variant_id)
    assert base_rev is not None and variant_rev is not None
    intro = "compare_intro_inferred" if catalog.reconstructed_side(base_rev, variant_rev) else "compare_intro"
    parts = [f"# {t(locale, 'compare_title', base=base.title(locale), variant=variant.title(locale))}", "",
             t(locale, intro, base=f"[{base.title(locale)}](../{base_id}/index.md)",
               base_date=format_date(base_rev.effective, locale),
               variant=f"[{variant.title(locale)}](index.md)", variant_date=format_date(variant_rev.effective, locale)),
             ""]
    # Two documents in force side by side, not an old and a new text: columns headed by their names.
    columns = (base.title(locale), variant.title(locale), t(locale, "compare_legend"))
    comparison = Comparison.of(catalog, base_rev, variant_rev, locale)
    if comparison.translated:
        parts.append(render_translated_notice(catalog, variant_compare_page(variant_id), locale,
                                              comparison.source_locale, use_directory_urls=use_directory_urls))
    parts.append(redlines.render_views(comparison, locale,
                                       page=_page_key(locale, variant_compare_page(variant_id)), columns=columns))
    return "\n".join(parts) + "\n"

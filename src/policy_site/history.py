"""Revision history pages: what changed, when, and how sure we are of the text.

For each policy, ``<policy>/history.md`` lists every revision newest first with its redline
against the previous one (inline and 新旧対照表 views as Material content tabs: no custom
JavaScript) and, collapsed, against the revision in effect. ``history.md`` is the site-wide
timeline; ``<variant>/compare.md`` compares a variant with the policy it varies.

Redlines are cached by content (:data:`CACHES`, bounded), so ``mkdocs serve`` rebuilds only
recompute pairs whose text changed. The cache lives in this module, which stays imported across
rebuilds (hook modules are re-executed on every config reload).
"""

from __future__ import annotations

import hashlib
import itertools
from functools import lru_cache
import re
from collections import OrderedDict
from dataclasses import dataclass

from policy_site.catalog import Catalog
from policy_site.pages import render_admonition, select_text
from policy_site.reconstructions import (
    previous_revision,
    reconstructed_side,
    render_event_label,
    render_inference_marker,
    render_inference_text,
    render_inference_view_marker,
    render_reconstruction_notice,
)
from policy_site.redline import (
    Document,
    Redline,
    Summary,
    compute_redline,
    parse_document,
    render_inline_html,
    render_side_by_side_html,
    render_summary_html,
)
from policy_site.redline.blocks import ParseMemo
from policy_site.sources import Revision
from policy_site.strings import annotate, format_date, t

class _Bounded(OrderedDict):
    """A map that forgets its least recently used entries beyond ``limit``."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit

    def recall(self, key):
        value = super().get(key)
        if value is not None:
            self.move_to_end(key)
        return value

    def keep(self, key, value):
        self[key] = value
        self.move_to_end(key)
        while len(self) > self.limit:
            self.popitem(last=False)
        return value


class HistoryCaches:
    """Every cache of the history pages in one object with a bounded size: ``mkdocs serve`` rebuilds
    for hours while texts are edited, and entries for texts that no longer exist must not pile up.
    The limits hold several times the comparisons of a full build of this site."""

    MEMO_LIMIT = 50_000  # entries of the shared parse memo before it starts afresh

    def __init__(self, *, documents: int = 256, redlines: int = 1024, renders: int = 2048) -> None:
        self.documents: _Bounded = _Bounded(documents)   # body digest -> parsed Document
        self.redlines: _Bounded = _Bounded(redlines)     # (old, new digests, locale) -> Redline
        self.renders: _Bounded = _Bounded(renders)       # (view, digests, locale, ids) -> HTML
        self.memo = ParseMemo()  # shared blocks of text are parsed once across revisions

    def memo_for_parsing(self) -> ParseMemo:
        if len(self.memo.texts) + len(self.memo.chunks) > self.MEMO_LIMIT:
            self.memo = ParseMemo()
        return self.memo

    def clear(self) -> None:
        self.documents.clear()
        self.redlines.clear()
        self.renders.clear()
        self.memo = ParseMemo()

    def size(self) -> int:
        return len(self.documents) + len(self.redlines) + len(self.renders)


CACHES = HistoryCaches()
# Rendered comparisons waiting for their page: the Markdown holds only a placeholder comment and
# the hook puts the HTML in after MkDocs has rendered and indexed the page. Python-Markdown and
# the search indexer would otherwise parse every redline again (most of a build's time).
SLOTS: dict[str, str] = {}
_SLOT = "<!-- policy-redline-slot {key} -->"
SLOT_PATTERN = re.compile(r"<!-- policy-redline-slot ([0-9a-f]+) -->")
STATS = {"computed": 0, "reused": 0}


@lru_cache(maxsize=4096)  # the same bodies are hashed for every view of every comparison
def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def load_document(text: str) -> Document:
    """Each revision is parsed once, however many comparisons it is part of."""
    key = _digest(text)
    document = CACHES.documents.recall(key)
    if document is None:
        document = CACHES.documents.keep(key, parse_document(text, memo=CACHES.memo_for_parsing()))
    return document


def load_redline(old: str, new: str, locale: str) -> Redline:
    """The redline of two bodies, computed once per distinct pair of texts."""
    key = (_digest(old), _digest(new), locale)
    cached = CACHES.redlines.recall(key)
    if cached is None:
        cached = CACHES.redlines.keep(key, compute_redline(load_document(old), load_document(new), locale=locale))
        STATS["computed"] += 1
    else:
        STATS["reused"] += 1
    return cached


def _render(kind: str, old: str, new: str, locale: str, prefix: str, heading_offset: int,
            columns: tuple[str, str, str] | None = None) -> str:
    key = (kind, _digest(old), _digest(new), locale, prefix, heading_offset, columns)
    html = CACHES.renders.recall(key)
    if html is None:
        redline = load_redline(old, new, locale)
        if kind == "summary":
            html = render_summary_html(redline, locale=locale, id_prefix=prefix)
        elif kind == "inline":
            html = render_inline_html(redline, locale=locale, id_prefix=prefix, heading_offset=heading_offset)
        else:
            html = render_side_by_side_html(redline, locale=locale, id_prefix=prefix, heading_offset=heading_offset,
                                            columns=columns[:2] if columns else None,
                                            legend=columns[2] if columns else None)
        CACHES.renders.keep(key, html)
    return html


@dataclass(frozen=True)
class Comparison:
    """Two revisions' texts in one locale, ready to render."""

    old: str
    new: str
    locale: str  # the locale of the texts (ja when a translation is missing)
    fallback: bool
    inferred: tuple[str, str] = ("", "")  # markers (above, in each view) when a text is a reconstruction

    @classmethod
    def of(cls, catalog: Catalog, old: Revision, new: Revision, locale: str) -> Comparison:
        old_shown, old_fallback = select_text(catalog, old, locale)
        new_shown, new_fallback = select_text(catalog, new, locale)
        if old_fallback != new_fallback:  # never diff a translation against the Japanese
            old_shown, new_shown = old, new
        fallback = old_fallback or new_fallback
        inferred = (render_inference_marker(catalog, old, new, locale),
                    render_inference_view_marker(catalog, old, new, locale))
        return cls(old_shown.body, new_shown.body, old_shown.locale, fallback, inferred)


_VIEW_NUMBERS = itertools.count(1)  # ids of the tab inputs: unique across every page of a build


def render_views(comparison: Comparison, locale: str, prefix: str, *, heading_offset: int = 2,
                 columns: tuple[str, str, str] | None = None) -> str:
    """Summary, then inline and side-by-side views as Material content tabs (pure HTML + CSS).

    Raw HTML only (no ``markdown="1"``): Markdown must never re-read the escaped policy text, and
    the redline's own headings must stay out of the page's table of contents. A checkbox, not
    script, shows or hides the unchanged text around the changes.
    """
    n = next(_VIEW_NUMBERS)
    texts_locale = comparison.locale
    inline = _render("inline", comparison.old, comparison.new, texts_locale, prefix, heading_offset)
    side = _render("side", comparison.old, comparison.new, texts_locale, prefix + "s-", heading_offset, columns)
    summary = _render("summary", comparison.old, comparison.new, texts_locale, prefix, heading_offset)
    notice = ""
    if comparison.fallback:
        notice = (f'<div class="admonition warning"><p class="admonition-title">{t(locale, "in_preparation_title")}</p>'
                  f"<p>{t(locale, 'history_in_preparation')}</p></div>\n")
    marker, view_marker = comparison.inferred
    html = f"""<div class="history-comparison">
{marker}{notice}<div class="history-summary">
{summary}
</div>
<input class="history-context-toggle" id="__context_{n}" type="checkbox">
<label class="history-context-label" for="__context_{n}">{t(locale, 'show_unchanged')}</label>
<div class="tabbed-set tabbed-alternate history-views" data-tabs="{n}:2" data-search-exclude>
<input checked="checked" id="__history_{n}_1" name="__history_{n}" type="radio" aria-label="{t(locale, 'view_inline')}">
<input id="__history_{n}_2" name="__history_{n}" type="radio" aria-label="{t(locale, 'view_side_by_side')}">
<div class="tabbed-labels"><label for="__history_{n}_1">{t(locale, 'view_inline')}</label><label for="__history_{n}_2">{t(locale, 'view_side_by_side')}</label></div>
<div class="tabbed-content">
<div class="tabbed-block">
{view_marker}{inline}
</div>
<div class="tabbed-block">
{view_marker}{side}
</div>
</div>
</div>
</div>
"""
    key = format(n, "x")  # unique within the process: the counter never goes back
    SLOTS[key] = html
    return "\n" + _SLOT.format(key=key) + "\n"


def fill_slots(html: str) -> str:
    """Put the rendered comparisons into a page's final HTML in place of their placeholders."""
    return SLOT_PATTERN.sub(lambda match: SLOTS[match.group(1)], html)


def event_of(catalog: Catalog, revision: Revision) -> str:
    """'established' or 'revised': declared in front matter, else established only if first of all."""
    declared = revision.meta.get("event")
    if declared:
        return declared
    all_dates = [r.effective for r in catalog.revisions_of(revision.policy) + catalog.dropped
                 if r.policy == revision.policy and r.locale == revision.locale]
    return "established" if revision.effective == min(all_dates) else "revised"


def render_badges(catalog: Catalog, revision: Revision, locale: str) -> str:
    event = event_of(catalog, revision)
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
    return f"rev-{revision.effective.isoformat()}"


def render_history_markdown(catalog: Catalog, policy_id: str, locale: str, *, compare_with_current: bool = True) -> str:
    policy = catalog.policy(policy_id)
    revisions = catalog.revisions_of(policy_id)
    current = catalog.current(policy_id)
    parts = [f"# {t(locale, 'history_title', policy=policy.title(locale))}", "", t(locale, "history_intro"), ""]
    for index in range(len(revisions) - 1, -1, -1):
        revision = revisions[index]
        date_label = format_date(revision.effective, locale)
        parts.append(f"## {date_label} {{#{anchor_of(revision)}}}\n")
        parts.append(render_badges(catalog, revision, locale) + "\n")
        parts.append(f"[{t(locale, 'view_revision')}]({revision.effective.isoformat()}.md)\n")
        if revision.is_reconstructed:
            parts.append(render_reconstruction_notice(catalog, revision, locale))
        prefix = f"r{revision.effective:%Y%m%d}-"
        previous = revisions[index - 1] if index > 0 else None
        if previous is None:
            parts.append(f"<p class=\"history-first\">{t(locale, 'history_first')}</p>\n")
        else:
            parts.append(f"### {t(locale, 'changes_since', date=format_date(previous.effective, locale))} "
                         f"{{#{anchor_of(revision)}-changes}}\n")
            parts.append(render_views(Comparison.of(catalog, previous, revision, locale), locale, prefix))
        already_shown = previous is not None and current is not None and previous.effective == current.effective
        if compare_with_current and current is not None and revision.effective != current.effective \
                and not already_shown:
            label = t(locale, "compare_with_current", date=format_date(current.effective, locale))
            older, newer = (revision, current) if revision.effective < current.effective else (current, revision)
            body = render_views(Comparison.of(catalog, older, newer, locale), locale, prefix + "c-")
            parts.append(f'<details class="history-compare-current">\n<summary>{label}</summary>\n'
                         f"{body}</details>\n")
    if len(revisions) == 1 and catalog.dropped:
        parts.append(render_admonition("info", t(locale, "history_production")))
    return "\n".join(parts) + "\n"


def render_change_counts(catalog: Catalog, revision: Revision, locale: str) -> tuple[str, Summary | None]:
    """How much ``revision`` changed since the one before it, as the timeline and the feed say it
    ("first revision" for a policy's first), with the summary behind the words."""
    siblings = catalog.revisions_of(revision.policy)
    position = siblings.index(revision)
    if position == 0:
        # A policy's first revision here may revise an earlier text this site does not have.
        first = "history_first_short" if event_of(catalog, revision) == "established" else "history_no_previous"
        return t(locale, first), None
    comparison = Comparison.of(catalog, siblings[position - 1], revision, locale)
    summary = load_redline(comparison.old, comparison.new, comparison.locale).summary
    return t(locale, "change_counts", inserted=str(summary.inserted_chars), deleted=str(summary.deleted_chars),
             sections=str(len(summary.sections))), summary


def render_timeline_markdown(catalog: Catalog, locale: str) -> str:
    """The site-wide 改定履歴: every revision of every policy on one timeline, newest first."""
    rows = [f"# {t(locale, 'timeline_title')}", "", t(locale, "timeline_intro"), "",
            f"| {t(locale, 'col_effective')} | {t(locale, 'col_policy')} | {t(locale, 'col_event')} "
            f"| {t(locale, 'col_changes')} |", "| --- | --- | --- | --- |"]
    entries = sorted((r for r in catalog.revisions if r.locale == "ja"), key=lambda r: (r.effective, r.policy),
                     reverse=True)
    for revision in entries:
        policy = catalog.policy(revision.policy)
        changes, _ = render_change_counts(catalog, revision, locale)
        previous = previous_revision(catalog, revision)
        if previous is not None and reconstructed_side(catalog, previous, revision):
            changes += f'<br><span class="inferred-marker">{render_inference_text(catalog, previous, revision, locale)}</span>'
        event = render_event_label(catalog, revision, event_of(catalog, revision), locale)
        if revision.is_reconstructed:
            event = annotate(locale, event, t(locale, "note_reconstructed"))
        if revision.effective > catalog.build_date:
            event = annotate(locale, event, t(locale, "note_upcoming"))
        link = f"[{format_date(revision.effective, locale)}]({revision.policy}/history.md#{anchor_of(revision)})"
        rows.append(f"| {link} | {policy.title(locale)} | {event} | {changes} |")
    return "\n".join(rows) + "\n"


def render_compare_markdown(catalog: Catalog, base_id: str, variant_id: str, locale: str) -> str:
    """A variant against the policy it varies, both as now in effect: real published text."""
    base, variant = catalog.policy(base_id), catalog.policy(variant_id)
    base_rev, variant_rev = catalog.current(base_id), catalog.current(variant_id)
    assert base_rev is not None and variant_rev is not None
    intro = "compare_intro_inferred" if reconstructed_side(catalog, base_rev, variant_rev) else "compare_intro"
    parts = [f"# {t(locale, 'compare_title', base=base.title(locale), variant=variant.title(locale))}", "",
             t(locale, intro, base=f"[{base.title(locale)}](../{base_id}/index.md)",
               base_date=format_date(base_rev.effective, locale),
               variant=f"[{variant.title(locale)}](index.md)", variant_date=format_date(variant_rev.effective, locale)),
             ""]
    # Two documents in force side by side, not an old and a new text: columns headed by their names.
    columns = (base.title(locale), variant.title(locale), t(locale, "compare_legend"))
    parts.append(render_views(Comparison.of(catalog, base_rev, variant_rev, locale), locale, "cmp-", heading_offset=1,
                              columns=columns))
    return "\n".join(parts) + "\n"

"""Revision history pages: what changed, when, and how sure we are of the text.

``<policy>/history.md`` is a light index: every revision newest first with its date, provenance,
a one-line summary of what changed and links to its full text and its comparisons, plus a
"compare any two" control. Each comparison is its own page, ``<policy>/compare/<OLD>...<NEW>.md``
(paths in :mod:`policy_site.urls`), showing the changes with a little context in two views
(inline and 新旧対照表, as Material content tabs: no custom JavaScript needed to read them).
``history.md`` is the site-wide timeline; ``<variant>/compare.md`` compares a variant with the
policy it varies.

Redlines are cached by content (:data:`CACHES`, bounded), so ``mkdocs serve`` rebuilds only
recompute pairs whose text changed. The cache lives in this module, which stays imported across
rebuilds (hook modules are re-executed on every config reload).
"""

from __future__ import annotations

import hashlib
import itertools
import secrets
from functools import lru_cache
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
from policy_site.urls import (
    TIMELINE_PAGE,
    compare_page,
    history_page,
    link,
    revision_anchor,
    revision_page,
    variant_compare_page,
)

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
CONTEXT_BLOCKS = 1  # unchanged blocks shown around each change on a comparison page


class Slots:
    """Rendered comparisons waiting for their page.

    The Markdown of a page holds only a placeholder comment and the hook puts the HTML in after
    MkDocs has rendered and indexed the page (Python-Markdown and the search indexer would
    otherwise parse every redline again: most of a build's time). A source cannot forge a
    placeholder: each carries a secret drawn for this build, and a page is filled only with the
    comparisons registered for that very page; anything else that looks like one stays text.
    """

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.secret = secrets.token_hex(16)
        self.pages: dict[str, dict[str, str]] = {}
        self._numbers = itertools.count(1)

    def reserve(self, page: str, html: str) -> str:
        """The placeholder for ``html`` on ``page`` (the generated file's ``src_uri``)."""
        marker = f"<!-- policy-redline {self.secret} {next(self._numbers)} -->"
        self.pages.setdefault(page, {})[marker] = html
        return marker

    def fill(self, page: str, html: str) -> str:
        """``page``'s final HTML with its comparisons in place of their placeholders."""
        for marker, content in self.pages.pop(page, {}).items():
            if html.count(marker) != 1:
                raise ValueError(f"the placeholder of a comparison on '{page}' appears "
                                 f"{html.count(marker)} times instead of once")
            html = html.replace(marker, content)
        return html

    def __len__(self) -> int:
        return sum(len(entries) for entries in self.pages.values())


SLOTS = Slots()
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
            context: int | None = None, columns: tuple[str, str, str] | None = None) -> str:
    key = (kind, _digest(old), _digest(new), locale, prefix, heading_offset, context, columns)
    html = CACHES.renders.recall(key)
    if html is None:
        redline = load_redline(old, new, locale)
        if kind == "summary":
            html = render_summary_html(redline, locale=locale, id_prefix=prefix)
        elif kind == "inline":
            html = render_inline_html(redline, locale=locale, id_prefix=prefix, heading_offset=heading_offset,
                                      context=context)
        else:
            html = render_side_by_side_html(redline, locale=locale, id_prefix=prefix,
                                            heading_offset=heading_offset, context=context,
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


def render_views(comparison: Comparison, locale: str, *, page: str, heading_offset: int = 1,
                 context: int | None = CONTEXT_BLOCKS, columns: tuple[str, str, str] | None = None) -> str:
    """Inline and side-by-side views as Material content tabs (pure HTML + CSS), each with its own
    change summary so that the summary's links land on a visible element of the view shown.

    Raw HTML only (no ``markdown="1"``): Markdown must never re-read the escaped policy text, and
    the redline's own headings must stay out of the page's table of contents. One comparison per
    page, so the tab ids can be words: ``#view-side-by-side`` opens that view.

    One checkbox above both views shows the unchanged text left out around the changes: in the
    inline view by CSS alone (the text is in the page), in the 新旧対照表 by ``assets/history.js``,
    which builds the omitted rows from the inline view's blocks (without JavaScript the control is
    not offered there). Returns the placeholder that :data:`SLOTS` fills on ``page`` (the
    generated file's ``src_uri``).
    """
    texts_locale = comparison.locale
    old, new = comparison.old, comparison.new
    inline = _render("inline", old, new, texts_locale, "", heading_offset, context)
    side = _render("side", old, new, texts_locale, "s-", heading_offset, context, columns)
    summary_inline = _render("summary", old, new, texts_locale, "", heading_offset)
    summary_side = _render("summary", old, new, texts_locale, "s-", heading_offset)
    notice = ""
    if comparison.fallback:
        notice = (f'<div class="admonition warning"><p class="admonition-title">{t(locale, "in_preparation_title")}</p>'
                  f"<p>{t(locale, 'history_in_preparation')}</p></div>\n")
    toggle = ""
    if ' class="redline-elided"' in inline:  # only our markup has a quoted attribute: text is escaped
        toggle = (f'<input class="history-fulltext-toggle" id="show-full-text" type="checkbox">'
                  f'<label class="history-fulltext-label" for="show-full-text">{t(locale, "show_full_text")}</label>\n')
    marker, view_marker = comparison.inferred
    html = f"""<div class="history-comparison">
{marker}{notice}{toggle}<div class="tabbed-set tabbed-alternate history-views" data-tabs="1:2" data-search-exclude>
<input checked="checked" id="view-inline" name="view" type="radio" aria-label="{t(locale, 'view_inline')}">
<input id="view-side-by-side" name="view" type="radio" aria-label="{t(locale, 'view_side_by_side')}">
<div class="tabbed-labels"><label for="view-inline">{t(locale, 'view_inline')}</label><label for="view-side-by-side">{t(locale, 'view_side_by_side')}</label></div>
<div class="tabbed-content">
<div class="tabbed-block">
{view_marker}<div class="history-summary">
{summary_inline}</div>
{inline}</div>
<div class="tabbed-block">
{view_marker}<div class="history-summary">
{summary_side}</div>
{side}</div>
</div>
</div>
</div>
"""
    return "\n" + SLOTS.reserve(page, html) + "\n"


def fill_slots(page: str, html: str) -> str:
    """Put the rendered comparisons of ``page`` into its final HTML in place of their placeholders."""
    return SLOTS.fill(page, html)


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
    return revision_anchor(revision.effective)


def list_comparisons(catalog: Catalog, policy_id: str, *, all_pairs_up_to: int) -> list[tuple[Revision, Revision]]:
    """The pairs ``(older, newer)`` of revisions that get a comparison page, oldest first.

    Every pair up to ``all_pairs_up_to`` revisions; beyond, neighbours and each revision against
    the one in effect, so that the number of pages grows with the revisions, not their square.
    """
    revisions = catalog.revisions_of(policy_id)
    if len(revisions) <= all_pairs_up_to:
        return list(itertools.combinations(revisions, 2))
    current = catalog.current(policy_id)
    pairs = set(zip(revisions, revisions[1:]))
    if current is not None:
        pairs.update((r, current) if r.effective < current.effective else (current, r)
                     for r in revisions if r.effective != current.effective)
    return sorted(pairs, key=lambda pair: (pair[0].effective, pair[1].effective))


def _page_key(locale: str, path: str) -> str:
    return f"{locale}/{path}"  # the src_uri of the generated page (policy_site.sitefiles)


def render_history_markdown(catalog: Catalog, policy_id: str, locale: str, *, all_pairs_up_to: int = 30) -> str:
    """The light index of a policy's revisions; the redlines are on the comparison pages."""
    policy = catalog.policy(policy_id)
    revisions = catalog.revisions_of(policy_id)
    current = catalog.current(policy_id)
    here = history_page(policy_id)
    pairs = list_comparisons(catalog, policy_id, all_pairs_up_to=all_pairs_up_to)
    available = {(old.effective, new.effective) for old, new in pairs}
    head = [f"# {t(locale, 'history_title', policy=policy.title(locale))}", "", t(locale, "history_intro"), ""]
    if len(revisions) > all_pairs_up_to:
        head += [t(locale, "compare_limited", count=str(len(revisions)), limit=str(all_pairs_up_to)), ""]
        # A long history is its own index by date: no second list of every date in the sidebar.
        head = ["---", "hide:", "  - toc", "---", ""] + head
    linked: set[tuple] = set()  # pairs an entry links to: the list below the form leaves them out
    entries: list[str] = []
    for index in range(len(revisions) - 1, -1, -1):
        revision = revisions[index]
        parts = entries
        parts.append(f"## {format_date(revision.effective, locale)} {{#{anchor_of(revision)}}}\n")
        parts.append(render_badges(catalog, revision, locale) + "\n")
        if revision.is_reconstructed:
            parts.append(render_reconstruction_notice(catalog, revision, locale))
        previous = revisions[index - 1] if index > 0 else None
        if previous is None:
            parts.append(f"<p class=\"history-first\">{t(locale, 'history_first')}</p>\n")
        else:
            counts, summary = render_change_counts(catalog, revision, locale)
            line = counts
            if summary is not None and summary.sections:
                titles = t(locale, "list_separator").join(_escape_text(s.title or "—") for s in summary.sections)
                line += f"<br>{t(locale, 'changed_sections', sections=titles)}"
            if reconstructed_side(catalog, previous, revision):
                line += f'<br><span class="inferred-marker">{render_inference_text(catalog, previous, revision, locale)}</span>'
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
                                            [(old, new) for old, new in pairs if (old.effective, new.effective) not in linked]))
    parts += entries
    if len(revisions) == 1 and catalog.dropped:
        parts.append(render_admonition("info", t(locale, "history_production")))
    return "\n".join(parts) + "\n"


def _pair_link(here: str, policy_id: str, old, new) -> str:
    """A Markdown link to a comparison that the compare-any-two form can find by its dates."""
    return (f"({link(here, compare_page(policy_id, old, new))})"
            f'{{data-old="{old.isoformat()}" data-new="{new.isoformat()}"}}')


def _escape_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def render_compare_control(catalog: Catalog, policy_id: str, locale: str,
                           pairs: list[tuple[Revision, Revision]]) -> str:
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
            f'data-same="{_escape_text(t(locale, "compare_same"))}" '
            f'data-missing="{_escape_text(t(locale, "compare_missing"))}">\n'
            f'<p class="history-compare-title"><strong>{t(locale, "compare_any_title")}</strong></p>\n'
            f'<label>{t(locale, "compare_old_label")} '
            f'<select name="old" data-default="{default_old.effective.isoformat()}"></select></label>\n'
            f'<label>{t(locale, "compare_new_label")} '
            f'<select name="new" data-default="{default_new.effective.isoformat()}"></select></label>\n'
            f'<button type="submit" class="md-button">{t(locale, "compare_button")}</button>\n'
            f'<span class="history-compare-message" role="status"></span>\n</form>\n')
    items = [f"- [{format_date(old.effective, locale)} → {format_date(new.effective, locale)}]"
             f"{_pair_link(here, policy_id, old.effective, new.effective)}" for old, new in reversed(pairs)]
    if not items:
        return form
    listing = (f'<details class="history-compare-list" markdown="1">\n<summary>{t(locale, "compare_all_links")}'
               f"</summary>\n\n" + "\n".join(items) + "\n\n</details>\n")
    return form + "\n" + listing


def render_comparison_markdown(catalog: Catalog, policy_id: str, old: Revision, new: Revision, locale: str, *,
                               all_pairs_up_to: int = 30) -> str:
    """The page of one comparison: what changed from ``old`` to ``new``, with a little context."""
    policy = catalog.policy(policy_id)
    path = compare_page(policy_id, old.effective, new.effective)
    old_date, new_date = format_date(old.effective, locale), format_date(new.effective, locale)
    old_link = f"[{t(locale, 'revision_of', date=old_date)}]({link(path, revision_page(policy_id, old.effective))})"
    new_link = f"[{t(locale, 'revision_of', date=new_date)}]({link(path, revision_page(policy_id, new.effective))})"
    parts = ["---", "search:", "  exclude: true", "---", "",
             f"# {t(locale, 'compare_pair_title', policy=policy.title(locale), old=old_date, new=new_date)}", "",
             t(locale, "compare_pair_intro", old=old_link, new=new_link), "",
             f"[{t(locale, 'back_to_history')}]({link(path, history_page(policy_id), anchor_of(new))})", ""]
    if len(catalog.revisions_of(policy_id)) > all_pairs_up_to:
        parts += [t(locale, "compare_limited", count=str(len(catalog.revisions_of(policy_id))),
                    limit=str(all_pairs_up_to)), ""]
    parts.append(render_views(Comparison.of(catalog, old, new, locale), locale, page=_page_key(locale, path)))
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
    """The site-wide 改定履歴: every revision of every policy on one timeline, newest first.

    In a ``history-timeline`` wrapper so that a phone shows each row as a block (assets/site.css).
    """
    rows = [f"# {t(locale, 'timeline_title')}", "", t(locale, "timeline_intro"), "",
            '<div class="history-timeline" markdown="1">', "",
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
        target = link(TIMELINE_PAGE, history_page(revision.policy), anchor_of(revision))
        rows.append(f"| [{format_date(revision.effective, locale)}]({target}) | {policy.title(locale)} | {event} "
                    f"| {changes} |")
    rows += ["", "</div>"]
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
    parts.append(render_views(Comparison.of(catalog, base_rev, variant_rev, locale), locale,
                              page=_page_key(locale, variant_compare_page(variant_id)), columns=columns))
    return "\n".join(parts) + "\n"

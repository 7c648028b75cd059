"""Comparisons of two texts as a page shows them, and the caches that make rebuilds cheap.

A comparison page shows one redline in two views (inline and 新旧対照表, as Material content
tabs), each with its change summary. The HTML is not left for Markdown to read: the page holds a
placeholder (:class:`Slots`) that the plugin fills after MkDocs rendered the page.

Redlines are cached by content (:class:`HistoryCaches`, bounded), so ``mkdocs serve`` rebuilds only
recompute pairs whose text changed; with a :class:`RedlineStore` (the plugin's ``cache`` option),
redlines and their rendered views are also kept on disk, so that the next build starts warm. All of it lives in one :class:`Redlines` object that the plugin
owns and keeps across rebuilds; nothing here is module state, so two builds in one process (tests,
``mkdocs serve``) never see each other's placeholders.
"""

from __future__ import annotations

import hashlib
import json
import itertools
import secrets
from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache

from policy_site.sources.catalog import Catalog
from policy_site.site.pages import TEXT_MARKERS_CLASS, select_text
from policy_site.site.nowrap import render_unbreakable_dates
from policy_site.site.reconstructions import render_inference_marker
from policy_site.redline import (
    Document,
    Redline,
    compute_redline,
    omits_text,
    parse_document,
    render_inline_html,
    render_side_by_side_html,
    render_summary_html,
)
from policy_site.redline.blocks import ParseMemo
from policy_site.redline.codec import decode_summary, encode_summary
from policy_site.redline.diff import DiffMemo
from policy_site.redline.model import Summary
from policy_site.redline.store import RedlineStore
from policy_site.sources.revision import Revision
from policy_site.site.strings import language_name, t


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
        self.renders: _Bounded = _Bounded(renders)       # (kind, digests, locale, options) -> views, summaries
        self.memo = ParseMemo()  # shared blocks of text are parsed once across revisions
        self.diffs = DiffMemo()  # and changed blocks diffed once across comparisons (bounded itself)

    def memo_for_parsing(self) -> ParseMemo:
        if len(self.memo.texts) + len(self.memo.chunks) > self.MEMO_LIMIT:
            self.memo = ParseMemo()
        return self.memo

    def clear(self) -> None:
        self.documents.clear()
        self.redlines.clear()
        self.renders.clear()
        self.memo = ParseMemo()
        self.diffs = DiffMemo()

    def size(self) -> int:
        return len(self.documents) + len(self.redlines) + len(self.renders)


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


@lru_cache(maxsize=4096)  # the same bodies are hashed for every view of every comparison
def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _render_view(kind: str, redline: Redline, locale: str, prefix: str, heading_offset: int, context: int | None,
                 columns: tuple[str, str, str] | None, order: str | None = None) -> str:
    if kind == "summary":
        return render_summary_html(redline, locale=locale, id_prefix=prefix)
    if kind == "inline":
        return render_inline_html(redline, locale=locale, id_prefix=prefix, heading_offset=heading_offset, context=context)
    return render_side_by_side_html(redline, locale=locale, id_prefix=prefix, heading_offset=heading_offset,
                                    context=context, columns=columns[:2] if columns else None,
                                    legend=columns[2] if columns else None, order=order)


@dataclass(frozen=True)
class Comparison:
    """Two revisions' texts in one locale, ready to render."""

    old: str
    new: str
    locale: str  # the locale of the texts (the source's when a translation is missing)
    fallback: bool
    # The marker when a text is a reconstruction: once, above both views, so that it is seen
    # whichever view is open and said once (on a phone it filled two screens said twice).
    inferred: str = ""
    source_locale: str = ""  # the locale of the authoritative texts behind them

    @classmethod
    def of(cls, catalog: Catalog, old: Revision, new: Revision, locale: str) -> Comparison:
        old_shown, old_fallback = select_text(catalog, old, locale)
        new_shown, new_fallback = select_text(catalog, new, locale)
        if old_fallback != new_fallback:  # never diff a translation against the text it translates
            old_shown, new_shown = old, new
        fallback = old_fallback or new_fallback
        return cls(old_shown.body, new_shown.body, old_shown.locale, fallback,
                   render_inference_marker(catalog, old, new, locale), source_locale=old.locale)

    @property
    def translated(self) -> bool:
        """True when the texts compared are translations (their changes are not the authoritative ones)."""
        return self.locale != self.source_locale


class Redlines:
    """The redlines of a site build: parsed documents, redlines and rendered views by content, and
    the placeholders of the pages being built. The plugin owns one and keeps it across ``mkdocs
    serve`` rebuilds; :meth:`start_locale` forgets the placeholders of the locale just written."""

    def __init__(self, caches: HistoryCaches | None = None, store: RedlineStore | None = None) -> None:
        self.caches = caches if caches is not None else HistoryCaches()
        self.store = store  # the cache on disk, or None
        self.slots = Slots()
        self.computed = 0  # redlines computed (the build summary line reports them per locale)
        self.column_orders: dict[str, str] = {}  # the site's own side-by-side order per locale (plugin option)
        self.list_markers = "drawn"  # or "text": the lists write their markers (plugin option list_markers)

    def start_locale(self) -> None:
        # The previous locale's pages are written: keep memory flat under mkdocs serve.
        self.slots.reset()

    def load_document(self, text: str) -> Document:
        """Each revision is parsed once, however many comparisons it is part of."""
        key = _digest(text)
        document = self.caches.documents.recall(key)
        if document is None:
            document = self.caches.documents.keep(key, parse_document(text, memo=self.caches.memo_for_parsing()))
        return document

    def load_redline(self, old: str, new: str, locale: str) -> Redline:
        """The redline of two bodies, computed once per distinct pair of texts."""
        key = (_digest(old), _digest(new), locale)
        cached = self.caches.redlines.recall(key)
        if cached is None and self.store is not None:
            cached = self.store.recall_redline(old, new, locale)
            if cached is not None:
                self.caches.redlines.keep(key, cached)
        if cached is None:
            cached = self.caches.redlines.keep(key, compute_redline(self.load_document(old), self.load_document(new),
                                                                    locale=locale, diffs=self.caches.diffs))
            self.computed += 1
            if self.store is not None:
                self.store.keep_redline(old, new, locale, cached)
                # Its summary too: a warm build reads it for the history pages, and no redline.
                self.store.write(self.store.key(locale, "summary", _digest(old), _digest(new)),
                                 encode_summary(cached.summary))
        return cached

    def load_summary(self, old: str, new: str, locale: str) -> Summary:
        """The change summary of two bodies; on disk it has an entry of its own, so that a warm build
        whose views are all cached reads no redline."""
        redline = self.caches.redlines.recall((_digest(old), _digest(new), locale))
        if redline is not None:
            return redline.summary
        return self._load_fact("summary", old, new, locale, (), lambda redline: redline.summary,
                               encode_summary, decode_summary)

    def load_views(self, old: str, new: str, locale: str, heading_offset: int, context: int | None,
                   columns: tuple[str, str, str] | None) -> tuple[str, str, str, str, bool]:
        """The inline view, the side-by-side view, the summary of each (ids without and with the
        ``s-`` prefix) and whether unchanged text is left out: one entry on disk per comparison."""
        def derive(redline: Redline) -> tuple[str, str, str, str, bool]:
            return (_render_view("inline", redline, locale, "", heading_offset, context, None),
                    _render_view("side", redline, locale, "s-", heading_offset, context, columns, order),
                    _render_view("summary", redline, locale, "", heading_offset, None, None),
                    _render_view("summary", redline, locale, "s-", heading_offset, None, None),
                    omits_text(redline, context=context))

        def decode(text: str) -> tuple[str, str, str, str, bool]:
            views = json.loads(text)
            if not (isinstance(views, list) and len(views) == 5 and all(isinstance(html, str) for html in views[:4])
                    and isinstance(views[4], bool)):
                raise ValueError("not the views of a comparison")
            return tuple(views)
        order = self.column_orders.get(locale)  # the site's own side-by-side order: part of the entry's key
        return self._load_fact("views", old, new, locale, (heading_offset, context, columns, order), derive,
                               lambda views: json.dumps(views, ensure_ascii=False), decode)

    def render(self, kind: str, old: str, new: str, locale: str, prefix: str, heading_offset: int,
               context: int | None = None, columns: tuple[str, str, str] | None = None) -> str:
        """One view (``inline``, ``side`` or ``summary``) of two bodies, kept in memory."""
        order = self.column_orders.get(locale)
        key = (kind, _digest(old), _digest(new), locale, prefix, heading_offset, context, columns, order)
        html = self.caches.renders.recall(key)
        if html is None:
            html = self.caches.renders.keep(key, _render_view(kind, self.load_redline(old, new, locale), locale, prefix,
                                                              heading_offset, context, columns, order))
        return html

    def _load_fact(self, kind: str, old: str, new: str, locale: str, options: tuple, derive, encode, decode):
        """What a page shows of a redline: from memory, else from its entry on disk, else derived from
        the redline (and kept in both)."""
        digests = (_digest(old), _digest(new))
        memo = (kind, *digests, locale, *options)
        value = self.caches.renders.recall(memo)
        if value is not None:
            return value
        stored = None
        if self.store is not None:
            stored = self.store.key(locale, kind, *digests, *options)
            text = self.store.read(stored)
            if text is not None:
                try:
                    return self.caches.renders.keep(memo, decode(text))
                except ValueError as exc:
                    self.store.report_damaged(stored, exc)
        value = derive(self.load_redline(old, new, locale))
        if stored is not None:
            self.store.write(stored, encode(value))
        return self.caches.renders.keep(memo, value)

    def render_views(self, comparison: Comparison, locale: str, *, page: str, heading_offset: int = 1,
                     context: int | None = CONTEXT_BLOCKS, columns: tuple[str, str, str] | None = None) -> str:
        """Inline and side-by-side views as Material content tabs (pure HTML + CSS), each with its own
        change summary so that the summary's links land on a visible element of the view shown.

        Raw HTML only (no ``markdown="1"``): Markdown must never re-read the escaped policy text, and
        the redline's own headings must stay out of the page's table of contents. One comparison per
        page, so the tab ids can be words: ``#view-side-by-side`` opens that view.

        One checkbox above both views shows the unchanged text left out around the changes: in the
        inline view by CSS alone (the text is in the page), in the 新旧対照表 by ``assets/history.js``,
        which builds the omitted rows from the inline view's blocks (without JavaScript the control is
        not offered there). Returns the placeholder that :meth:`fill` fills on ``page`` (the
        generated file's ``src_uri``).
        """
        texts_locale = comparison.locale
        old, new = comparison.old, comparison.new
        inline, side, summary_inline, summary_side, omits = self.load_views(old, new, texts_locale, heading_offset,
                                                                            context, columns)
        notice = ""
        if comparison.fallback:
            notice = (f'<div class="admonition warning"><p class="admonition-title">{t(locale, "in_preparation_title")}</p>'
                      f"<p>{t(locale, 'history_in_preparation', source_language=language_name(comparison.source_locale, locale))}"
                      "</p></div>\n")
        toggle = ""
        if omits:
            toggle = (f'<input class="history-fulltext-toggle" id="show-full-text" type="checkbox">'
                      f'<label class="history-fulltext-label" for="show-full-text">{t(locale, "show_full_text")}</label>\n')
        # The notices and the redlines go in after the page's dates were kept on one line
        # (on_post_page): theirs too. A date inside a redline is wrapped where it lies in one run of
        # text (unchanged, inserted or deleted whole); the text and the engine's marks are unchanged.
        marker, notice = render_unbreakable_dates(comparison.inferred, locale), render_unbreakable_dates(notice, locale)
        inline, side, summary_inline, summary_side = (render_unbreakable_dates(view, locale)
                                                      for view in (inline, side, summary_inline, summary_side))
        markers = f" {TEXT_MARKERS_CLASS}" if self.list_markers == "text" else ""
        html = f"""<div class="history-comparison{markers}">
{marker}{notice}{toggle}<div class="tabbed-set tabbed-alternate history-views" data-tabs="1:2" data-search-exclude>
<input checked="checked" id="view-inline" name="view" type="radio" aria-label="{t(locale, 'view_inline')}">
<input id="view-side-by-side" name="view" type="radio" aria-label="{t(locale, 'view_side_by_side')}">
<div class="tabbed-labels"><label for="view-inline">{t(locale, 'view_inline')}</label><label for="view-side-by-side">{t(locale, 'view_side_by_side')}</label></div>
<div class="tabbed-content">
<div class="tabbed-block">
<div class="history-summary">
{summary_inline}</div>
{inline}</div>
<div class="tabbed-block">
<div class="history-summary">
{summary_side}</div>
{side}</div>
</div>
</div>
</div>
"""
        return "\n" + self.slots.reserve(page, html) + "\n"

    def fill(self, page: str, html: str) -> str:
        """Put the rendered comparisons of ``page`` into its final HTML in place of their placeholders."""
        return self.slots.fill(page, html)

"""What the company says about a revision, as the pages and the feeds show it: its change note and
the date it was announced (:mod:`policy_site.sources.notes` validates both).

The note is the company's words in the reader's language: the locale's own file's note, else its
source's, marked with the source's language (as an untranslated basis is). The announcement date is
a fact of the authoritative file and is shown beside the date the revision takes effect. The notes
are plain text: every surface escapes them for what it writes (HTML here, Atom text in the feed).
Nothing here writes a note for the company: a revision without one shows none.
"""

from __future__ import annotations

from datetime import date

from policy_site.redline.render_html import escape
from policy_site.site.pages import render_date_label
from policy_site.site.strings import format_date, t
from policy_site.sources.catalog import Catalog
from policy_site.sources.locales import describe_locale
from policy_site.sources.revision import Revision


def load_change_note(catalog: Catalog, revision: Revision, locale: str) -> tuple[str, str] | None:
    """(note, the language it is in) to show on a ``locale`` page, or None when the company wrote none."""
    source = catalog.authoritative(revision)
    translated = catalog.translation(source, locale)
    if translated is not None and translated.meta.get("change_note"):
        return translated.meta["change_note"], translated.locale
    note = source.meta.get("change_note")
    return (note, source.locale) if note else None


def load_announced(catalog: Catalog, revision: Revision) -> date | None:
    """The day the revision was announced (its authoritative file's ``announced``), or None."""
    return catalog.authoritative(revision).meta.get("announced")


def render_announced_text(catalog: Catalog, revision: Revision, locale: str) -> str:
    """"公表日：2027年3月1日" as plain text ('' when the revision gives no announcement date)."""
    announced = load_announced(catalog, revision)
    if announced is None:
        return ""
    return t(locale, "label_value", label=t(locale, "date_announced"), value=format_date(announced, locale))


def render_dates_html(catalog: Catalog, revision: Revision, locale: str) -> str:
    """The date the revision takes effect and, beside it, the date it was announced, as a paragraph
    of raw HTML for a generated page ('' when there is no announcement date to set beside it)."""
    announced = render_announced_text(catalog, revision, locale)
    if not announced:
        return ""
    effective = render_date_label(catalog, revision, locale)
    return f'<p class="revision-dates">{escape(effective)} · {escape(announced)}</p>\n'


def render_change_note_html(catalog: Catalog, revision: Revision, locale: str, *, dated: bool = False) -> str:
    """The note as a paragraph of raw HTML, its text escaped and, when it is not in the page's
    language, marked with its own. ``dated`` names the revision (a comparison page, whose older side
    may be several revisions back: the note is only of its newer side)."""
    found = load_change_note(catalog, revision, locale)
    if found is None:
        return ""
    note, language = found
    label = (t(locale, "change_note_of", date=format_date(revision.effective, locale)) if dated
             else t(locale, "change_note_label"))
    text = escape(note) if language == locale else f'<span lang="{language}">{escape(note)}</span>'
    return f'<p class="change-note"><strong>{escape(label)}</strong>{escape(t(locale, "label_separator"))}{text}</p>\n'


def render_change_note_text(catalog: Catalog, revision: Revision, locale: str) -> str:
    """The note as one line of plain text for the feed ('' when the company wrote none)."""
    found = load_change_note(catalog, revision, locale)
    if found is None:
        return ""
    return t(locale, "change_note_label") + t(locale, "label_separator") + found[0]


def check_change_notes(catalog: Catalog) -> list[str]:
    """Problems the build reports as warnings (so --strict fails): a translation's note translates
    its source's, so a translation cannot carry a note its source does not have."""
    problems = []
    for revision in catalog.revisions:
        if catalog.is_authoritative(revision) or not revision.meta.get("change_note"):
            continue
        source = catalog.translation_source(revision)
        if source is not None and not source.meta.get("change_note"):
            problems.append(f"Checking translation '{revision.path}': has a 'change_note', but '{source.path}' has "
                            f"none; write the note in the {describe_locale(source.locale)} file first (a "
                            "translation's note translates it), or remove it")
    return problems

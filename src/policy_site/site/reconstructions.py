"""What the site says about texts it did not publish: reconstructions and archived copies.

A reconstruction is a guess at an older revision, derived from a later text. The guess is marked
everywhere a figure rests on it (a redline, a count, a feed entry), not only on its own page: a
difference between a reconstruction and another text is inferred, not recorded. When the span
between the two texts covers changes in law in force on several dates, the differences may have
been made in revisions nobody knows, and the marker says so.

Each basis entry is evidence (what the published text shows, its Japanese words quoted in 「」)
then inference (what is inferred and why); the translations of a reconstruction carry the same
entries in their language, and :func:`check_reconstructions` keeps them in step.
"""

from __future__ import annotations

import html
import re
from datetime import date

from policy_site.sources.catalog import Catalog
from policy_site.sources.body import escape_markdown_text
from policy_site.sources.locales import describe_locale
from policy_site.sources.revision import Revision
from policy_site.site.strings import annotate, format_date, t

# Quoted Japanese in a basis entry: 「…」 (nested 「」 included), marked lang="ja" on every page.
_JA_QUOTE = re.compile(r"「(?:[^「」]|「[^「」]*」)*」")
_TITLE = re.compile(r"^# +(.+?)\s*$", re.M)


def render_date_list(dates: list[date], locale: str) -> str:
    """Two or more dates as one phrase: "A, B and C" in the locale's words."""
    names = [format_date(d, locale) for d in dates]
    return t(locale, "list_separator").join(names[:-1]) + t(locale, "list_and") + names[-1]


def render_inference_sentences(catalog: Catalog, old: Revision, new: Revision, locale: str) -> list[str]:
    """Plain-text sentences for a comparison resting on a reconstruction (empty for two published texts)."""
    side = catalog.reconstructed_side(old, new)
    if side is None:
        return []
    sentences = [t(locale, f"inferred_{side}")]
    dates = catalog.law_dates(old, new)
    if len(dates) > 1:
        sentences.append(t(locale, "inferred_cumulative", dates=render_date_list(dates, locale)))
    return sentences


def render_revised_without_text(catalog: Catalog, revision: Revision, locale: str) -> str:
    """The revisions after this one that the published text records but the site has no text of
    (its front matter's ``revised_without_text``): said as a recorded fact, not as a guess."""
    dates = catalog.authoritative(revision).meta.get("revised_without_text") or []
    if not dates:
        return ""
    named = render_date_list(dates, locale) if len(dates) > 1 else format_date(dates[0], locale)
    return t(locale, "revised_without_text", dates=named)


def render_span_note(catalog: Catalog, revision: Revision, successor: Revision, locale: str) -> str:
    """For a page superseded by the next *known* revision across several changes in law: the
    revisions in between may simply not be recorded (a sentence with a leading separator, or "")."""
    dates = catalog.law_dates(revision, successor)
    if len(dates) < 2:
        return ""
    return t(locale, "sentence_gap") + t(locale, "unknown_revisions", date=format_date(successor.effective, locale),
                                         dates=render_date_list(dates, locale))


def render_inference_marker(catalog: Catalog, old: Revision, new: Revision, locale: str) -> str:
    """The marker above a redline and its counts, as HTML; empty when both texts are published."""
    sentences = render_inference_sentences(catalog, old, new, locale)
    if not sentences:
        return ""
    body = "".join(f"<p>{html.escape(sentence)}</p>" for sentence in sentences)
    return (f'<div class="admonition warning inferred-marker" role="note">'
            f'<p class="admonition-title">{html.escape(t(locale, "inferred_title"))}</p>{body}</div>\n')


def render_inference_text(catalog: Catalog, old: Revision, new: Revision, locale: str) -> str:
    """The marker as one line of plain text (feeds), empty when both texts are published."""
    sentences = render_inference_sentences(catalog, old, new, locale)
    if not sentences:
        return ""
    return t(locale, "inferred_title") + t(locale, "label_separator") + t(locale, "sentence_gap").join(sentences)


def render_revision_date(catalog: Catalog, revision: Revision, locale: str) -> str:
    """A revision's date as every list of revisions shows it: a reconstruction says it is one, so
    that no list, title or choice offers it as a text the company published."""
    label = format_date(revision.effective, locale)
    if catalog.authoritative(revision).is_reconstructed:
        label = annotate(locale, label, t(locale, "note_reconstructed"))
    return label


def is_inferred_succession(revision: Revision, successor: Revision) -> bool:
    """Whether "this revision was revised on <successor's date>" would be an inference: a
    reconstruction's date is itself inferred, so its place in the succession is too."""
    return revision.is_reconstructed or successor.is_reconstructed


def document_title(catalog: Catalog, revision: Revision, locale: str) -> str:
    """The title a revision's text gives itself in ``locale`` (the 2005 text is the 個人情報保護方針)."""
    shown = catalog.translation(catalog.authoritative(revision), locale) or catalog.authoritative(revision)
    match = _TITLE.search(shown.body)
    return match.group(1) if match else catalog.policy(revision.policy).title(locale)


def render_event_label(catalog: Catalog, revision: Revision, event: str, locale: str) -> str:
    """"個人情報保護方針 制定": what was established is named, since it is not always the policy's title."""
    label = t(locale, f"event_{event}")
    if event != "established":
        return label
    return t(locale, "event_established_what", what=document_title(catalog, revision, locale), event=label)


def _mark_quotes(text: str, quoted: str | None) -> str:
    """Escape basis text for Markdown and mark its 「」 quotes of the source text as in the
    ``quoted`` locale (None: the text is in that locale already)."""
    escaped = escape_markdown_text(text)
    if quoted is None:
        return escaped
    return _JA_QUOTE.sub(lambda m: f'<span lang="{quoted}">{m.group(0)}</span>', escaped)


def basis_entries(catalog: Catalog, revision: Revision, locale: str) -> tuple[list[dict], str]:
    """The basis to show on a ``locale`` page and the language it is in (the source's when not translated)."""
    revision = catalog.authoritative(revision)
    entries = revision.meta.get("basis", [])
    translated = catalog.translation(revision, locale) if locale != revision.locale else None
    if translated is not None and len(translated.meta.get("basis") or []) == len(entries):
        return translated.meta["basis"], locale
    return entries, revision.locale


def render_reconstruction_notice(catalog: Catalog, revision: Revision, locale: str) -> str:
    """The banner of a reconstructed revision: what it was derived from, then each entry's
    evidence and inference in the reader's language."""
    revision = catalog.authoritative(revision)
    source = catalog.derived_from(revision)
    if source is None:
        origin = t(locale, "derived_from_later")
    else:
        key = ("derived_from_reconstruction" if source.is_reconstructed
               else "derived_from_archived" if source.is_archived else "derived_from_published")
        origin = t(locale, key, date=format_date(source.effective, locale))
    lines = [f'!!! danger "{t(locale, "reconstructed_badge")}"', "",
             f"    {t(locale, 'reconstructed_notice_from', source=origin)}", ""]
    title = t(locale, "reconstructed_basis_from", date=format_date(source.effective, locale)) if source \
        else t(locale, "reconstructed_basis")
    lines += [f'    ??? note "{title}"', ""]
    entries, language = basis_entries(catalog, revision, locale)
    for entry in entries:
        # A translated basis quotes the source text in 「」; an untranslated one is all in its language.
        evidence, inference = (_mark_quotes(str(entry[key]), revision.locale if language != revision.locale else None)
                               for key in ("evidence", "inference"))
        if language != locale:
            evidence, inference = (f'<span lang="{language}">{text}</span>' for text in (evidence, inference))
        lines.append(f"        - **{t(locale, 'basis_evidence')}**{t(locale, 'label_separator')}{evidence}  ")
        lines.append(f"          **{t(locale, 'basis_inference')}**{t(locale, 'label_separator')}{inference}")
    return "\n".join(lines) + "\n"


def render_archived_notice(revision: Revision, locale: str) -> str:
    """The small note of a text taken from an archived copy, with where it comes from."""
    source = escape_markdown_text(str(revision.meta.get("source", "")))
    captured = revision.meta.get("captured")
    when = format_date(captured, locale) if isinstance(captured, date) else ""
    return f'!!! note ""\n\n    {t(locale, "archived_notice", source=source, captured=when)}\n'


def check_reconstructions(catalog: Catalog) -> list[str]:
    """Problems the build reports as warnings (so --strict fails): a derivation that names no
    later revision, a translated basis out of step with its source's."""
    problems = []
    for revision in catalog.revisions:
        ja = catalog.authoritative(revision)
        if catalog.is_authoritative(revision):
            declared = revision.meta.get("derived_from")
            if declared is not None and catalog.derived_from(revision) is None:
                problems.append(f"Checking reconstruction '{revision.path}': 'derived_from: {declared.isoformat()}' "
                                "names no later revision of this policy; give the date of the revision it was derived from")
            continue
        has = len(revision.meta.get("basis") or [])
        if ja.is_reconstructed and has != len(ja.meta.get("basis", [])):
            problems.append(f"Checking translation '{revision.path}': its basis has {has} entries, "
                            f"'{ja.path}' has {len(ja.meta.get('basis', []))}; translate each entry of the "
                            f"{describe_locale(ja.locale)} basis, in the same order")
        elif not ja.is_reconstructed and has:
            problems.append(f"Checking translation '{revision.path}': has a basis, but '{ja.path}' is "
                            f"{ja.provenance}, not a reconstruction; remove 'basis'")
    return problems

"""What each page of the site says, as Markdown: plain functions of the catalog and a locale.

The hook only decides *where* pages go; this module decides *what* they say, so the wording
rules (notices, fallbacks) are tested without running MkDocs.

Page paths are locale-neutral (``privacy/index.md``); static-i18n maps them per locale.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from policy_site.redline.labels import load_labels
from policy_site.redline.model import NOT_CAPTURED
from policy_site.redline.render_html import render_not_captured

from policy_site.sources.body import escape_markdown_text
from policy_site.sources.catalog import Catalog
from policy_site.site.reconstructions import (
    is_inferred_succession,
    render_archived_notice,
    render_reconstruction_notice,
    render_revised_without_text,
    render_revision_date,
    render_span_note,
)
from policy_site.sources.revision import Revision
from policy_site.site.strings import annotate, format_date, format_days, language_name, t
from policy_site.site.urls import revision_anchor

POLICY_TEXT_OPEN = '<div class="policy-text" markdown="1">'
POLICY_TEXT_CLOSE = "</div>"
# The class of a container whose lists carry their marker in the text (the plugin's list_markers: text).
TEXT_MARKERS_CLASS = "policy-list-markers-text"


@dataclass(frozen=True)
class PolicyPage:
    """A page that shows the text of one revision: the policy's index or a permalink."""

    policy: str
    revision: Revision  # the authoritative revision the page is about (of the locale's base)
    is_index: bool

    @property
    def path(self) -> str:
        name = "index" if self.is_index else self.revision.effective.isoformat()
        return f"{self.policy}/{name}.md"


def list_policy_pages(catalog: Catalog) -> list[PolicyPage]:
    pages: list[PolicyPage] = []
    for policy in catalog.policies:
        current = catalog.current(policy.id)
        assert current is not None  # load_catalog guarantees it
        pages.append(PolicyPage(policy.id, current, is_index=True))
        pages.extend(PolicyPage(policy.id, r, is_index=False) for r in catalog.revisions_of(policy.id))
    return pages


def select_text(catalog: Catalog, revision: Revision, locale: str) -> tuple[Revision, bool]:
    """The revision whose text a ``locale`` page shows, and whether it falls back to the text it
    would translate (not translated yet)."""
    translated = catalog.translation(revision, locale)
    if translated is None:
        return revision, locale != revision.locale
    return translated, False


def render_admonition(kind: str, text: str) -> str:
    return f'!!! {kind} ""\n\n    {text}\n'


def render_notices(catalog: Catalog, page: PolicyPage, locale: str) -> str:
    """Everything a reader must know before trusting the text: in effect or not, translation status."""
    revision = page.revision
    shown, fallback = select_text(catalog, revision, locale)
    parts: list[str] = []
    current = catalog.current(page.policy)
    meta = render_date_label(catalog, revision, locale, strong=True)
    captured = render_captured(revision, locale)
    if captured:
        meta += f" · {captured}"
    if page.is_index:
        meta += f" · [{t(locale, 'permalink')}]({revision.effective.isoformat()}.md)"
    anchor = revision_anchor(revision.effective)
    meta += f" · [{t(locale, 'nav_history')}](history.md#{anchor})"
    parts.append(f'<p class="policy-meta" markdown="1">{meta}</p>\n')
    if not page.is_index and current is not None:
        if revision.effective < current.effective:
            successor = next(r for r in catalog.revisions_of(page.policy) if r.effective > revision.effective)
            link = f"[{format_date(current.effective, locale)}](index.md)"
            wording = "superseded_inferred" if is_inferred_succession(revision, successor) else "superseded"
            superseded = t(locale, wording, date=format_date(successor.effective, locale), link=link)
            recorded = render_revised_without_text(catalog, revision, locale)
            note = t(locale, "sentence_gap") + recorded if recorded else render_span_note(catalog, revision, successor,
                                                                                            locale)
            parts.append(render_admonition("warning", superseded + note))
        elif revision.effective == current.effective:
            parts.append(render_admonition("success", t(locale, "is_current")))
    for upcoming in catalog.upcoming(page.policy):
        if upcoming.effective > revision.effective:
            target = f"history.md#{revision_anchor(upcoming.effective)}"
            link = f"[{format_date(upcoming.effective, locale)}]({target})"
            days = format_days((upcoming.effective - catalog.build_date).days, locale)
            parts.append(render_admonition("info", t(locale, "upcoming_notice", date=format_date(upcoming.effective, locale),
                                                     days=days, built=format_date(catalog.build_date, locale), link=link)))
    if revision.is_reconstructed:
        parts.append(render_reconstruction_notice(catalog, revision, locale))
    elif revision.is_archived:
        parts.append(render_archived_notice(revision, locale))
    source = language_name(revision.locale, locale)  # the language whose text prevails
    if fallback:
        parts.append(render_admonition("warning", t(locale, "in_preparation", source_language=source)))
    elif shown.provenance == "translation":
        # A translation of a reconstruction has no authoritative text behind it to prevail.
        notice = "translation_notice_reconstructed" if revision.is_reconstructed else "translation_notice"
        parts.append(render_admonition("note", t(locale, notice, source_language=source)))
        if catalog.is_stale(shown):
            parts.append(render_admonition("danger", t(locale, "stale_notice", source_language=source)))
    return "\n".join(parts)


def render_date_label(catalog: Catalog, revision: Revision, locale: str, *, strong: bool = False) -> str:
    """"改定日：2023年6月15日": the date as the texts state it (制定 or 改定), not as a date in force."""
    established = catalog.event_of(catalog.authoritative(revision)) == "established"
    label = t(locale, "date_established" if established else "date_revised")
    return t(locale, "label_value", label=f"**{label}**" if strong else label, value=format_date(revision.effective, locale))


def render_captured(revision: Revision, locale: str) -> str:
    """Where and when a published text was captured ('' for texts the site did not capture)."""
    captured = revision.meta.get("captured")
    if revision.provenance != "published" or captured is None:
        return ""
    text = t(locale, "captured_published", captured=format_date(captured, locale))
    source = revision.meta.get("source")
    return text + (t(locale, "captured_source", source=escape_markdown_text(str(source))) if source else "")


def render_policy_markdown(catalog: Catalog, page: PolicyPage, locale: str) -> str:
    """The page body: notices first, then the policy text untouched inside ``.policy-text``."""
    shown, _ = select_text(catalog, page.revision, locale)
    return (
        render_notices(catalog, page, locale)
        + f"\n{POLICY_TEXT_OPEN}\n\n{shown.body.strip()}\n\n{POLICY_TEXT_CLOSE}\n"
        + render_revision_list(catalog, page, locale)
    )


def render_revision_list(catalog: Catalog, page: PolicyPage, locale: str) -> str:
    lines = [f'\n<nav class="policy-revisions" markdown="1">\n\n**{t(locale, "all_revisions")}**\n']
    current = catalog.current(page.policy)
    own = page.revision.effective.isoformat() + ".md"
    for revision in reversed(catalog.revisions_of(page.policy)):
        label = render_revision_date(catalog, revision, locale)
        target = revision.effective.isoformat() + ".md"
        if current is not None and revision.effective == current.effective:
            label = annotate(locale, label, t(locale, "note_current"))
        elif revision.effective > catalog.build_date:
            label = annotate(locale, label, t(locale, "note_upcoming"))
        if not page.is_index and target == own:
            lines.append(f"- {label}")
        else:
            lines.append(f"- [{label}]({target})")
    lines.append("\n</nav>\n")
    return "\n".join(lines)


def render_page_title(catalog: Catalog, page: PolicyPage, locale: str) -> str:
    title = catalog.policy(page.policy).title(locale)
    if page.is_index:
        return title
    wording = "revision_title_reconstructed" if page.revision.is_reconstructed else "revision_title"
    return t(locale, wording, policy=title, date=format_date(page.revision.effective, locale))


def render_markdown_title(markdown: str) -> str | None:
    """The text of the first level-1 heading of a generated page, without its attributes."""
    for line in markdown.splitlines():
        if line.startswith("# "):
            return line[2:].split(" {#")[0].strip() or None
    return None


def render_home_markdown(catalog: Catalog, locale: str) -> str:
    rows = [
        f"# {t(locale, 'home_title')}",
        "",
        t(locale, "home_intro"),
        "",
        f"| {t(locale, 'col_policy')} | {t(locale, 'col_effective')} |",
        "| --- | --- |",
    ]
    for policy in catalog.policies:
        current = catalog.current(policy.id)
        assert current is not None
        rows.append(f"| [{policy.title(locale)}]({policy.id}/index.md) | {format_date(current.effective, locale)} |")
    return "\n".join(rows) + "\n"


def render_nav(catalog: Catalog, locale: str) -> list:
    """The explicit nav: one section per policy, which other hooks may extend.

    Never MkDocs' automatic nav: with static-i18n's ``fallback_to_default``, a page missing in a
    language is built from the default language's, and the automatic nav then lists its section twice."""
    nav: list = [{t(locale, "home_title"): "index.md"}]
    for policy in catalog.policies:
        nav.append({policy.title(locale): [{t(locale, "nav_current"): f"{policy.id}/index.md"}]})
    return nav


def render_list_markers(html: str, list_markers: str) -> str:
    """A rendered revision page's text marked as one whose lists write their own markers, so that
    the site's stylesheet draws no bullet (``list_markers: text``); unchanged for drawn markers."""
    if list_markers != "text":
        return html
    return html.replace('<div class="policy-text">', f'<div class="policy-text {TEXT_MARKERS_CLASS}">', 1)


_NOT_CAPTURED_LINK = re.compile(r'<a href="' + re.escape(NOT_CAPTURED) + r'">(.*?)</a>', re.S)


def render_not_captured_links(html: str, locale: str) -> str:
    """A revision page's links whose target the capture lost ("[こちら](not-captured:)") become
    their label and the note that it was a link, as every redline of the revision shows them: a
    reader is told that something is missing, and is never sent anywhere."""
    if NOT_CAPTURED not in html:
        return html
    labels = load_labels(locale)
    return _NOT_CAPTURED_LINK.sub(lambda match: render_not_captured(match.group(1), labels), html)

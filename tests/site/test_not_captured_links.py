"""Links the capture lost are marked, never invented: wherever the published page had a link whose
target the capture of 2024-06-29 did not keep, the site's source writes ``[label](not-captured:)``
and every page and redline shows the label as text followed by a note in the page's language.

The expectations come from the sources (``tests/conftest.py``'s catalog) and from the published
wording's own shape: a 「こちら」 ("here") that is not marked must have its target on the page
(the company page's address is printed on the line after 「所在地及び代表者については、こちら
をご参照ください。」), and every cell of the partner table's two link columns is marked.
"""

from __future__ import annotations

import re

import pytest

from conftest import load_project_catalog, read_page, text_without
from policy_site.redline.labels import load_labels
from policy_site.redline.model import NOT_CAPTURED
from policy_site.site.urls import locale_prefix
from conftest import DEFAULT_LOCALE, LOCALES

CATALOG = load_project_catalog()
NOTE_CLASS = "link-not-captured-note"


def revision_pages(site, locale: str):
    """(revision, built page) of every revision of ``locale`` that the built site has."""
    for revision in CATALOG.revisions:
        if revision.locale != locale:
            continue
        page = site / locale_prefix(locale, DEFAULT_LOCALE) / revision.policy / revision.effective.isoformat() / "index.html"
        if page.is_file():
            yield revision, page


def test_the_sources_mark_lost_links(catalog):
    marked = [r for r in catalog.revisions if f"]({NOT_CAPTURED})" in r.body]
    assert {r.locale for r in marked} == set(LOCALES)
    assert {r.policy for r in marked} == {p.id for p in catalog.policies}


@pytest.mark.parametrize("locale", LOCALES)
def test_every_lost_link_is_its_label_and_a_note_in_the_page_language(built_site, locale):
    note = load_labels(locale)["link_not_captured"]
    pages = list(revision_pages(built_site, locale))
    assert pages
    for revision, page in pages:
        text = read_page(page).select_one(".policy-text")
        labels = text.select(".link-not-captured")
        assert len(labels) == revision.body.count(f"]({NOT_CAPTURED})"), page
        for label in labels:
            assert label.name == "span" and label.find("a") is None
            following = label.find_next_sibling()
            assert following is not None and following["class"] == [NOTE_CLASS], page
            assert following.get_text() == note
        assert len(text.select(f".{NOTE_CLASS}")) == len(labels)


def test_no_page_links_to_or_prints_the_marker(built_site):
    for page in built_site.rglob("*.html"):
        assert NOT_CAPTURED not in page.read_text(encoding="utf-8"), page


def test_every_here_of_the_japanese_text_is_marked_unless_its_target_is_printed(built_site):
    checked = 0
    for _revision, page in revision_pages(built_site, DEFAULT_LOCALE):
        for block in read_page(page).select(".policy-text p, .policy-text li, .policy-text td"):
            if "こちら" not in text_without(block, block.select(f".{NOTE_CLASS}")):
                continue
            checked += 1
            if block.select(".link-not-captured"):
                assert "こちら" in "".join(label.get_text() for label in block.select(".link-not-captured"))
                continue
            shown = block.find_next_sibling()
            assert shown is not None and re.fullmatch(r"https://\S+", shown.get_text(strip=True)), (page, block)
            assert shown.find("a", href=shown.get_text(strip=True)) is not None
    assert checked >= 5


def test_every_cell_of_the_partner_tables_link_columns_is_marked(built_site):
    for locale in LOCALES:
        for revision, page in revision_pages(built_site, locale):
            if revision.policy != "external-transmission":
                continue
            rows = read_page(page).select(".policy-text table tbody tr")
            assert len(rows) == 6
            for row in rows:
                for cell in row.find_all("td")[-2:]:
                    if cell.get_text(strip=True) != "-":
                        assert cell.select_one(".link-not-captured") is not None, (page, cell)
                        assert cell.select_one(f".{NOTE_CLASS}") is not None


@pytest.mark.parametrize("locale", LOCALES)
def test_redlines_show_the_same_note(built_site, locale):
    note = load_labels(locale)["link_not_captured"]
    root = built_site / locale_prefix(locale, DEFAULT_LOCALE)
    pages = [page for page in sorted(root.glob("*/compare/*...*/index.html"))
             if page.relative_to(root).parts[0] in {p.id for p in CATALOG.policies}]
    assert pages
    for page in pages:
        notes = read_page(page).select(f".redline .{NOTE_CLASS}")
        assert notes and {n.get_text() for n in notes} == {note}, page

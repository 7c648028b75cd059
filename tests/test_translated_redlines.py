"""Pages whose changes are those of translations say so, and lead to the authoritative (Japanese) page."""

from __future__ import annotations

import feedparser
import pytest
from bs4 import BeautifulSoup

from conftest import load_project_catalog, site_t
from policy_site.site.strings import t
from policy_site.site.urls import locale_prefix
from conftest import DEFAULT_LOCALE, LOCALES

CATALOG = load_project_catalog()
TRANSLATED = [locale for locale in LOCALES if locale != DEFAULT_LOCALE]


def read(path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def redline_pages(site, locale: str) -> list:
    root = site / locale_prefix(locale, DEFAULT_LOCALE)
    pages = (sorted(root.glob("*/compare/*...*/index.html")) + sorted(root.glob("*/history/index.html"))
             + sorted(root.glob("*/compare/index.html")))  # a variant against its base
    others = {locale_prefix(other, DEFAULT_LOCALE).rstrip("/") for other in LOCALES if other != locale} - {""}
    return [page for page in pages if page.relative_to(site).parts[0] not in others] + [root / "history" / "index.html"]


@pytest.mark.parametrize("locale", TRANSLATED)
def test_every_translated_redline_page_says_the_japanese_changes_are_authoritative(built_site, locale):
    pages = redline_pages(built_site, locale)
    assert len(pages) > 5
    for path in pages:
        soup = read(path)
        (note,) = [n for n in soup.select("article .admonition.note")
                   if site_t(locale, "translated_redline_link") in n.get_text()]
        link = note.find("a", hreflang=DEFAULT_LOCALE)
        target = (path.parent / link["href"] / "index.html").resolve()
        assert target.is_file(), (path, link["href"])
        assert read(target).html["lang"] == DEFAULT_LOCALE
        # the same page at the default locale's place
        assert target.relative_to(built_site.resolve()).parts == path.relative_to(built_site).parts[1:], (path, target)


def test_japanese_pages_have_no_translation_note(built_site):
    for path in redline_pages(built_site, DEFAULT_LOCALE):
        assert "translated_redline" not in path.read_text(encoding="utf-8")
        notes = read(path).select("article .admonition.note a[hreflang]")
        assert notes == [], path


@pytest.mark.parametrize("locale", TRANSLATED)
def test_counts_of_translations_say_whose_characters_they_count(built_site, locale):
    soup = read(built_site / locale_prefix(locale, DEFAULT_LOCALE) / "privacy" / "history" / "index.html")
    counts = [p.get_text(" ", strip=True) for p in soup.select(".history-changes")]
    assert counts and all(t(locale, "counts_in_translation").strip() in c for c in counts), counts


@pytest.mark.parametrize("locale", TRANSLATED)
def test_the_feed_of_a_translation_says_its_counts_are_of_the_translation(built_site, locale):
    parsed = feedparser.parse((built_site / locale_prefix(locale, DEFAULT_LOCALE) / "feed.xml").read_bytes())
    assert site_t(locale, "translated_feed_notice") in parsed.feed.subtitle

"""A site in one language: the fixture ``tests/sites/english`` (a fictional shop's notice in English
only, two revisions, in Europe/London). Its pages are at the root with no language switcher and no
notice about another text; its feed, comparison table and search follow that one locale. Nothing
here reads the real site's content."""

from __future__ import annotations

import json
import re

import feedparser
import pytest

from conftest import read_page, text_of

EPOCH = "1735689600"  # 2025-01-01 00:00 UTC


@pytest.fixture(scope="module")
def english(fixture_build):
    built = fixture_build("english", SOURCE_DATE_EPOCH=EPOCH)
    return built.site


def pages(site):
    return sorted(site.rglob("*.html"))


def test_every_page_is_at_the_root_in_english_without_a_language_switcher(english):
    names = {p.relative_to(english).as_posix() for p in pages(english)}
    assert {"index.html", "404.html", "history/index.html", "notice/index.html", "notice/2021-03-01/index.html",
            "notice/2023-09-15/index.html", "notice/history/index.html",
            "notice/compare/2021-03-01...2023-09-15/index.html"} <= names
    assert not (english / "en").exists()
    for page in pages(english):
        soup = read_page(page)
        assert soup.html["lang"] == "en", page
        assert soup.select("a.md-select__link") == [], page  # one language: nothing to switch to


def test_no_page_names_another_text_or_language(english):
    for page in pages(english):
        words = read_page(page).get_text(" ")
        for phrase in ("prevails", "translation", "Japanese", "日本語", "IPROS"):
            assert phrase not in words, (page.relative_to(english), phrase)


def test_the_pages_say_the_revision_and_its_date_in_english(english):
    text = text_of(read_page(english / "notice" / "index.html").select_one("article"))
    assert "Revised : September 15, 2023" in text and "and its app" in text
    home = text_of(read_page(english / "index.html").select_one("article"))
    assert "Sample Shop Ltd." in home and "September 15, 2023" in home


def test_the_feed_is_linked_from_every_page_with_london_times(english):
    for page in pages(english):
        links = [link["href"] for link in read_page(page).select('link[type="application/atom+xml"]')]
        assert len(links) == 1 and links[0].endswith("feed.xml"), page
        name = page.relative_to(english)
        expected = "/feed.xml" if name.as_posix() == "404.html" else "../" * (len(name.parts) - 1) + "feed.xml"
        assert links[0] == expected, page  # the 404 page is served at any depth: an absolute link
    feed = feedparser.parse((english / "feed.xml").read_bytes())
    # midnight in London: GMT in March, BST in September
    assert sorted(entry.updated for entry in feed.entries) == ["2021-03-01T00:00:00+00:00", "2023-09-15T00:00:00+01:00"]


def test_the_comparison_table_puts_the_old_text_left(english):
    soup = read_page(english / "notice" / "compare" / "2021-03-01...2023-09-15" / "index.html")
    assert [th.get_text(" ", strip=True) for th in soup.select("table thead th")][:2] == [
        "Before the revision", "After the revision"]


def test_search_knows_the_one_language_at_the_root(english):
    script = read_page(english / "index.html").find("script", src=re.compile(r"search-language\.js$"))
    assert json.loads(script["data-locale-prefixes"]) == {"": "en"}

"""Japanese and Chinese search in a real browser (policy_site/theme/assets/search-phrases.js): a phrase with
particles, a date or a Chinese word finds every page whose text contains it, and is highlighted
whole, in the results and on the page a result opens.

Material's lunr search cut these queries with the Japanese segmenter: 個人情報の第三者提供,
個人情報の利用目的 and 2023年6月15日 found nothing; 个人信息 was highlighted as 人信.

The site searched is the fixture site tests/sites/searched (fictional text in ja, with en and zh
translations), whose texts hold every query below: what the search does is the generator's, and
must hold for any company's site, so no query depends on one company's wording."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import open_recording_page, search_result_paths

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def searched(fixture_build) -> Path:
    """The fixture site built once per session (strict): a build that fails fails every test here."""
    return fixture_build("searched").site


@pytest.fixture(scope="module")
def origin(searched, serve_site) -> str:
    return serve_site(searched)


@pytest.fixture
def page(browser, origin):
    """A fresh page of the fixture site that records every request leaving its origin."""
    with open_recording_page(browser, origin) as tab:
        yield tab


PHRASES = [
    ("/", "個人情報の第三者提供", "/privacy/"),
    ("/", "個人情報の利用目的", "/privacy/"),
    ("/", "2023年6月15日", "/privacy/history/"),
    ("/zh/", "个人信息", "/zh/privacy/"),
    ("/zh/", "使用目的", "/zh/privacy/"),
    ("/zh/", "行为记录", "/zh/tracking/"),  # its heading is the phrase and little else
]


def pages_containing(site, phrase: str) -> set[str]:
    """The site paths of the pages with a section whose title or text contains ``phrase``."""
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    return {"/" + doc["location"].split("#")[0] for doc in index["docs"]
            if phrase in re.sub(r"<[^>]*>", "", doc["title"] + "\n" + doc["text"])}


def marked_texts(html: str) -> list[str]:
    """The highlighted strings of ``html``, a highlight continued by the next one read as one."""
    return re.findall(r"<mark[^>]*>([^<]*)</mark>", re.sub(r"</mark>(\s*)<mark[^>]*>", r"\1", html))


@pytest.mark.parametrize("start,query,first", PHRASES)
def test_a_japanese_or_chinese_phrase_finds_every_page_containing_it_highlighted_whole(
        page, origin, searched, start, query, first):
    expected = pages_containing(searched, query)
    assert expected, query  # the phrase is on the site
    page.goto(f"{origin}{start}")
    paths = search_result_paths(page, query)
    assert paths[0] == first, paths[:5]
    assert set(paths) <= expected, sorted(set(paths) - expected)
    found = int(re.search(r"\d+", page.locator(".md-search-result__meta").inner_text()).group())
    assert found == len(expected), (found, sorted(expected))
    results = page.locator(".md-search-result__list").inner_html()
    marks = marked_texts(results)
    assert marks and set(marks) == {query}, sorted(set(marks))[:8]
    assert page.locator(".md-search-result__terms").count() == 0  # no "missing:" line
    assert page.foreign_requests == []


@pytest.mark.parametrize("start,query,first", PHRASES)
def test_the_page_a_phrase_result_opens_highlights_the_phrase_whole(page, origin, start, query, first):
    page.goto(f"{origin}{start}")
    search_result_paths(page, query)
    section = page.locator(".md-search-result__item > a[href*='#']").first
    target = urlsplit(section.get_attribute("href"))
    page.goto(f"{origin}{target.path}?{target.query}#{target.fragment}")
    highlights = page.locator("mark[data-md-highlight]")
    highlights.first.wait_for()
    assert set(highlights.all_text_contents()) == {query}  # (some inside closed <details>)


@pytest.mark.parametrize("start,query", [("/", "個人情報 クッキー"), ("/zh/", "个人信息　Cookie")])
def test_each_part_of_a_query_is_a_phrase_of_its_own(page, origin, start, query):
    """Parts apart (a space, or an ideographic space) are phrases apart, as lunr's terms are: each
    is highlighted whole, and a section without one of them shows it as missing."""
    page.goto(f"{origin}{start}")
    search_result_paths(page, query)
    marks = {mark.casefold() for mark in marked_texts(page.locator(".md-search-result__list").inner_html())}
    assert marks == {part.casefold() for part in query.split()}, marks
    missing = set(page.locator(".md-search-result__terms del").all_text_contents())
    assert missing and missing <= set(query.split()), missing


def test_a_latin_query_still_goes_to_lunr_with_its_stemming(page, origin):
    """The phrase search takes only queries with Japanese or Chinese characters: "cookie" still
    finds "cookies" (lunr's index), which no substring match of the query would mark whole."""
    page.goto(f"{origin}/en/")
    search_result_paths(page, "cookie")
    marks = {mark.casefold() for mark in marked_texts(page.locator(".md-search-result__list").inner_html())}
    assert "cookie" in marks and "cookies" in marks, marks

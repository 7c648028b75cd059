"""Reading in every language, in a real browser: the switcher keeps the page, search finds the
right policy pages in the query's own language first."""

from __future__ import annotations

import re

import pytest

from conftest import load_project_catalog, search_result_paths
from policy_site.site.urls import locale_prefix
from policy_site.sources.revision import LOCALES

pytestmark = pytest.mark.browser

_CATALOG = load_project_catalog()
PAGES = ["privacy/", f"privacy/{_CATALOG.revisions_of('privacy')[0].effective.isoformat()}/", "privacy/history/",
         *(f"{p.id}/compare/" for p in _CATALOG.policies if p.variant_of), "history/"]
PREFIX = {locale: "/" + locale_prefix(locale) for locale in LOCALES}  # the site's one URL rule


def switch(page, locale: str) -> None:
    page.locator(".md-header__option .md-select").hover()
    page.locator(f"a.md-select__link[hreflang={locale}]").click()


@pytest.mark.parametrize("path", PAGES)
def test_switcher_lands_on_the_same_page_in_every_language(page, site_server, path):
    page.goto(f"{site_server}/{path}")
    for locale in ("en", "zh", "ja"):
        switch(page, locale)
        page.wait_for_url(f"{site_server}{PREFIX[locale]}{path}")
        assert page.locator("html").get_attribute("lang") == locale
    assert page.foreign_requests == []


def test_switcher_on_a_404_page_lands_on_the_404_page_of_the_other_language(page, site_server):
    response = page.goto(f"{site_server}/no/such/page/")
    assert response.status == 404
    page.goto(f"{site_server}/404.html")
    switch(page, "en")
    page.wait_for_url(f"{site_server}/en/404.html")
    assert page.locator("html").get_attribute("lang") == "en"
    switch(page, "zh")
    page.wait_for_url(f"{site_server}/zh/404.html")


def search(page, site_server, start: str, query: str) -> list[str]:
    page.goto(f"{site_server}{start}")
    return search_result_paths(page, query)


@pytest.mark.parametrize("start,query,first", [
    ("/en/", "cookie", "/en/privacy/"),
    ("/en/", "third party", "/en/privacy/"),
    ("/zh/", "个人信息", "/zh/privacy/"),
    ("/", "個人情報", "/privacy/"),
    ("/", "クッキー", "/privacy/"),
])
def test_search_finds_policy_pages_in_the_query_language_first(page, site_server, start, query, first):
    paths = search(page, site_server, start, query)
    first_prefix = first.split("privacy")[0]
    assert paths[0].startswith(first_prefix) and "/privacy" in paths[0], paths[:5]
    assert paths[0] == first or paths[0].startswith(first.rstrip("/")), paths[:5]
    assert page.foreign_requests == []


def language_of(path: str) -> str:
    head = path.strip("/").split("/")[0]
    return head if head in ("en", "zh") else "ja"


@pytest.mark.parametrize("start,query", [
    ("/en/", "IPROS"), ("/zh/", "IPROS"),
    ("/", "Google Analytics"), ("/en/", "Google Analytics"), ("/zh/", "Google Analytics"),
])
def test_search_lists_the_readers_language_first_and_keeps_the_others(page, site_server, start, query):
    """Queries every language's pages match (names, service names): the reader's language first."""
    paths = search(page, site_server, start, query)
    languages = [language_of(path) for path in paths]
    reader = language_of(start)
    assert reader in languages and set(languages) - {reader}, paths  # the index does hold other languages
    first_other = next(i for i, language in enumerate(languages) if language != reader)
    assert all(language != reader for language in languages[first_other:]), paths
    assert page.foreign_requests == []


@pytest.mark.parametrize("start,query,joined", [
    ("/", "個人情報", "個人情報"),
    ("/zh/", "个人信息", None),
])
def test_cjk_query_finds_every_part_of_the_term_and_highlights_it_whole(page, site_server, start, query, joined):
    """Material's worker used to drop the last word of a kanji run (個人情報 searched 個人 only)."""
    paths = search(page, site_server, start, query)
    assert paths[0] == f"{start}privacy/", paths[:5]
    html = page.locator(".md-search-result__item").first.inner_html()
    marked = re.sub(r"</mark>\s*<mark[^>]*>", "", html)
    if joined:
        assert f">{joined}</mark>" in marked, re.findall(r"<mark[^>]*>[^<]*</mark>", html)[:6]
    assert page.foreign_requests == []

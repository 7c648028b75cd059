"""Reading in every language, in a real browser: the switcher keeps the page, search finds the
right policy pages in the query's own language first."""

from __future__ import annotations

import re

import pytest

from conftest import DEFAULT_LOCALE, load_project_catalog, search_result_paths
from policy_site.site.urls import locale_prefix
from conftest import LOCALES

pytestmark = pytest.mark.browser

_CATALOG = load_project_catalog()
PAGES = ["privacy/", f"privacy/{_CATALOG.revisions_of('privacy')[0].effective.isoformat()}/", "privacy/history/",
         *(f"{p.id}/compare/" for p in _CATALOG.policies if p.variant_of), "history/"]
PREFIX = {locale: "/" + locale_prefix(locale, DEFAULT_LOCALE) for locale in LOCALES}  # the site's one URL rule


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


def newest_changed_comparison(policy: str) -> str:
    """The comparison page of the newest two neighbouring revisions whose wording differs (a new
    revision may repeat the text of the one before)."""
    revisions = _CATALOG.revisions_of(policy)
    old, new = next((a, b) for a, b in reversed(list(zip(revisions, revisions[1:]))) if a.body != b.body)
    return f"{policy}/compare/{old.effective.isoformat()}...{new.effective.isoformat()}/"


COMPARISON = newest_changed_comparison("privacy")


def in_viewport(page, element_id: str) -> bool:
    return page.evaluate("id => { const r = document.getElementById(id).getBoundingClientRect();"
                         " return r.height > 0 && r.bottom > 0 && r.top < innerHeight; }", element_id)


def changed_row(page, prefix: str) -> str:
    """The id of the last changed block of one view: far enough down that "at the top" is not it."""
    ids = page.locator(f".history-views [id^='{prefix}redline-'].redline-changed, "
                       f".history-views [id^='{prefix}redline-'].redline-added").evaluate_all(
                           "blocks => blocks.map(b => b.id)")
    assert ids, prefix
    return ids[-1]


@pytest.mark.parametrize(("chosen", "linked", "prefix"), [
    ("view-inline", "view-side-by-side", "s-"), ("view-side-by-side", "view-inline", "")])
def test_a_link_into_a_view_opens_that_view_at_the_place_whatever_the_reader_chose_before(
        page, site_server, chosen, linked, prefix):
    page.goto(f"{site_server}/{COMPARISON}")
    page.locator(f"label[for='{chosen}']").click()  # the reader's own choice, remembered by the browser
    place = changed_row(page, prefix)
    page.goto(f"{site_server}/privacy/history/")
    page.goto(f"{site_server}/{COMPARISON}#{place}")
    assert page.locator(f"#{linked}").is_checked()
    assert page.locator(f"[id='{place}']").is_visible() and in_viewport(page, place)


def test_the_chosen_view_is_in_the_address(page, site_server):
    page.goto(f"{site_server}/{COMPARISON}")
    page.locator("label[for='view-side-by-side']").click()
    assert page.url.endswith("#view-side-by-side")


@pytest.mark.parametrize("locale", ["en", "zh"])
def test_the_switcher_keeps_the_fragment_and_the_view(page, site_server, locale):
    first = _CATALOG.revisions_of("privacy")[0].effective.isoformat()
    page.goto(f"{site_server}/privacy/history/#rev-{first}")
    switch(page, locale)
    page.wait_for_url(f"{site_server}{PREFIX[locale]}privacy/history/#rev-{first}")
    assert in_viewport(page, f"rev-{first}")
    page.goto(f"{site_server}/{COMPARISON}")
    place = changed_row(page, "s-")
    page.locator(f".history-views a[href='#{place}']").first.evaluate("a => a.click()")  # a summary link
    page.locator("label[for='view-side-by-side']").click()
    page.locator(f".history-views .tabbed-block:nth-child(2) a[href='#{place}']").first.click()
    switch(page, "ja" if locale != "ja" else "en")
    page.wait_for_url(f"**/{COMPARISON}#{place}")
    assert page.locator("#view-side-by-side").is_checked() and in_viewport(page, place)
    # no fragment but the side-by-side view open: the view goes along
    page.goto(f"{site_server}/{COMPARISON}")
    page.locator("label[for='view-side-by-side']").click()
    page.evaluate("history.replaceState(null, '', location.pathname)")
    page.locator("#view-side-by-side").dispatch_event("change")
    switch(page, locale)
    page.wait_for_url(f"{site_server}{PREFIX[locale]}{COMPARISON}#view-side-by-side")
    assert page.locator("#view-side-by-side").is_checked()

"""Reading in every language, in a real browser: the switcher keeps the page, search finds the
right policy pages in the query's own language first.

Fixture sites that declare their own languages (tests/sites/mkdocs.yml: ja, the default, with en
and zh), never the company's own site: what is checked is the generator's, for any site. The
switcher goes through every kind of page on tests/sites/translated (a policy of three revisions
in every language, and a variant compared with it); the search, the comparison views and the
places in a page are read on tests/sites/searched, whose fictional text holds every query below
and whose history and comparison run many screens long (a place at the bottom is out of view
until the page goes to it)."""

from __future__ import annotations

import re

import pytest
import yaml

from conftest import SITES, load_locales_of, open_recording_page, search_result_paths
from policy_site.plugin.project import load_project
from policy_site.site.urls import locale_prefix

pytestmark = pytest.mark.browser

# The pages of tests/sites/translated to switch on, from its own sources (the test ids name them):
# a policy's page, its oldest revision's permalink, its history, each variant's comparison with the
# policy it adapts, and the site's history.
TRANSLATED = SITES / "translated"
_POLICIES = yaml.safe_load((TRANSLATED / "policies.yml").read_text(encoding="utf-8"))["policies"]
_OLDEST = min(path.stem for path in (TRANSLATED / "docs" / "ja" / "sample").glob("*.md"))
PAGES = ["sample/", f"sample/{_OLDEST}/", "sample/history/",
         *(f"{p['id']}/compare/" for p in _POLICIES if p.get("variant_of")), "history/"]


def _served(fixture_build, serve_site, name: str):
    """A fixture site built once per session (strict: a build that fails fails the test with its
    log), served on loopback as GitHub Pages serves it; the build and the origin."""
    built = fixture_build(name)
    return built, serve_site(built.site)


@pytest.fixture(scope="module")
def searched(fixture_build, serve_site):
    return _served(fixture_build, serve_site, "searched")


@pytest.fixture(scope="module")
def origin(searched) -> str:
    return searched[1]


@pytest.fixture(scope="module")
def translated_origin(fixture_build, serve_site) -> str:
    return _served(fixture_build, serve_site, "translated")[1]


@pytest.fixture(scope="module")
def locale_prefixes(searched) -> dict[str, str]:
    """Each language's path prefix, by the site's one URL rule and the fixtures' own languages."""
    locales = load_locales_of(searched[0].project)
    return {locale: "/" + locale_prefix(locale, locales.default) for locale in locales}


@pytest.fixture(scope="module")
def privacy(searched):
    """The revisions of tests/sites/searched's privacy policy, as the generator's catalog reads them."""
    return load_project(searched[0].project).load_catalog().revisions_of("privacy")


@pytest.fixture(scope="module")
def comparison(privacy) -> str:
    return newest_changed_comparison("privacy", privacy)


@pytest.fixture
def page(browser, origin):
    """A fresh page of tests/sites/searched that records every request leaving its origin."""
    with open_recording_page(browser, origin) as tab:
        yield tab


@pytest.fixture
def translated_page(browser, translated_origin):
    """A fresh page of tests/sites/translated that records every request leaving its origin."""
    with open_recording_page(browser, translated_origin) as tab:
        yield tab


def switch(page, locale: str) -> None:
    page.locator(".md-header__option .md-select").hover()
    page.locator(f"a.md-select__link[hreflang={locale}]").click()


@pytest.mark.parametrize("path", PAGES)
def test_switcher_lands_on_the_same_page_in_every_language(translated_page, translated_origin, locale_prefixes, path):
    page, origin = translated_page, translated_origin
    page.goto(f"{origin}/{path}")
    for locale in ("en", "zh", "ja"):
        switch(page, locale)
        page.wait_for_url(f"{origin}{locale_prefixes[locale]}{path}")
        assert page.locator("html").get_attribute("lang") == locale
    assert page.foreign_requests == []


def test_switcher_on_a_404_page_lands_on_the_404_page_of_the_other_language(page, origin):
    response = page.goto(f"{origin}/no/such/page/")
    assert response.status == 404
    page.goto(f"{origin}/404.html")
    switch(page, "en")
    page.wait_for_url(f"{origin}/en/404.html")
    assert page.locator("html").get_attribute("lang") == "en"
    switch(page, "zh")
    page.wait_for_url(f"{origin}/zh/404.html")


def search(page, origin: str, start: str, query: str) -> list[str]:
    page.goto(f"{origin}{start}")
    return search_result_paths(page, query)


@pytest.mark.parametrize("start,query,first", [
    ("/en/", "cookie", "/en/privacy/"),
    ("/en/", "third party", "/en/privacy/"),
    ("/zh/", "个人信息", "/zh/privacy/"),
    ("/", "個人情報", "/privacy/"),
    ("/", "クッキー", "/privacy/"),
])
def test_search_finds_policy_pages_in_the_query_language_first(page, origin, start, query, first):
    paths = search(page, origin, start, query)
    first_prefix = first.split("privacy")[0]
    assert paths[0].startswith(first_prefix) and "/privacy" in paths[0], paths[:5]
    assert paths[0] == first or paths[0].startswith(first.rstrip("/")), paths[:5]
    assert page.foreign_requests == []


def language_of(path: str) -> str:
    head = path.strip("/").split("/")[0]
    return head if head in ("en", "zh") else "ja"


@pytest.mark.parametrize("start,query", [
    ("/en/", "Mihonet"), ("/zh/", "Mihonet"),
    ("/", "Lumina Analytics"), ("/en/", "Lumina Analytics"), ("/zh/", "Lumina Analytics"),
])
def test_search_lists_the_readers_language_first_and_keeps_the_others(page, origin, start, query):
    """Queries every language's pages match (the fixture's service name, a service it uses): the
    reader's language first."""
    paths = search(page, origin, start, query)
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
def test_cjk_query_finds_every_part_of_the_term_and_highlights_it_whole(page, origin, start, query, joined):
    """Material's worker used to drop the last word of a kanji run (個人情報 searched 個人 only)."""
    paths = search(page, origin, start, query)
    assert paths[0] == f"{start}privacy/", paths[:5]
    html = page.locator(".md-search-result__item").first.inner_html()
    marked = re.sub(r"</mark>\s*<mark[^>]*>", "", html)
    if joined:
        assert f">{joined}</mark>" in marked, re.findall(r"<mark[^>]*>[^<]*</mark>", html)[:6]
    assert page.foreign_requests == []


def newest_changed_comparison(policy: str, revisions) -> str:
    """The comparison page of the newest two neighbouring revisions whose wording differs (a new
    revision may repeat the text of the one before)."""
    old, new = next((a, b) for a, b in reversed(list(zip(revisions, revisions[1:]))) if a.body != b.body)
    return f"{policy}/compare/{old.effective.isoformat()}...{new.effective.isoformat()}/"



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
        page, origin, comparison, chosen, linked, prefix):
    page.goto(f"{origin}/{comparison}")
    page.locator(f"label[for='{chosen}']").click()  # the reader's own choice, remembered by the browser
    place = changed_row(page, prefix)
    assert not in_viewport(page, place)  # at the top of the page, the place is out of view
    page.goto(f"{origin}/privacy/history/")
    page.goto(f"{origin}/{comparison}#{place}")
    assert page.locator(f"#{linked}").is_checked()
    assert page.locator(f"[id='{place}']").is_visible() and in_viewport(page, place)


def test_the_chosen_view_is_in_the_address(page, origin, comparison):
    page.goto(f"{origin}/{comparison}")
    page.locator("label[for='view-side-by-side']").click()
    assert page.url.endswith("#view-side-by-side")


@pytest.mark.parametrize("locale", ["en", "zh"])
def test_the_switcher_keeps_the_fragment_and_the_view(page, origin, locale_prefixes, comparison, privacy, locale):
    first = privacy[0].effective.isoformat()
    page.goto(f"{origin}/privacy/history/")
    assert not in_viewport(page, f"rev-{first}")  # the oldest revision is further down the history
    page.goto(f"{origin}/privacy/history/#rev-{first}")
    switch(page, locale)
    page.wait_for_url(f"{origin}{locale_prefixes[locale]}privacy/history/#rev-{first}")
    assert in_viewport(page, f"rev-{first}")
    page.goto(f"{origin}/{comparison}")
    place = changed_row(page, "s-")
    assert not in_viewport(page, place)
    page.locator(f".history-views a[href='#{place}']").first.evaluate("a => a.click()")  # a summary link
    page.locator("label[for='view-side-by-side']").click()
    page.locator(f".history-views .tabbed-block:nth-child(2) a[href='#{place}']").first.click()
    switch(page, "ja" if locale != "ja" else "en")
    page.wait_for_url(f"**/{comparison}#{place}")
    assert page.locator("#view-side-by-side").is_checked() and in_viewport(page, place)
    # no fragment but the side-by-side view open: the view goes along
    page.goto(f"{origin}/{comparison}")
    page.locator("label[for='view-side-by-side']").click()
    page.evaluate("history.replaceState(null, '', location.pathname)")
    page.locator("#view-side-by-side").dispatch_event("change")
    switch(page, locale)
    page.wait_for_url(f"{origin}{locale_prefixes[locale]}{comparison}#view-side-by-side")
    assert page.locator("#view-side-by-side").is_checked()

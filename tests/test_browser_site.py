"""A reader in a real browser (Debian chromium): navigate, switch language, search; nothing leaves the origin.

The site read is the fixture site tests/sites/searched (fictional text: ja, the default, with en
and zh translations), never the company's own: what a reader meets here is the generator's, for
any site. (The real site's own partner table is checked in tests/site/test_site_fidelity.py.)"""

from __future__ import annotations

import pytest

from conftest import open_recording_page, search_result_paths

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site_server(fixture_server) -> str:
    """tests/sites/searched, served as GitHub Pages serves it."""
    return fixture_server("searched")


@pytest.fixture
def page(browser, site_server):
    """A fresh page of the fixture site that records every request leaving its origin."""
    with open_recording_page(browser, site_server) as tab:
        yield tab


def test_reader_follows_a_policy_and_switches_language_back_and_forth(page, site_server):
    page.goto(f"{site_server}/")
    page.get_by_role("link", name="プライバシーポリシー", exact=True).first.click()
    page.wait_for_url(f"{site_server}/privacy/")
    assert page.locator(".policy-text h1").inner_text().startswith("プライバシーポリシー")
    for locale, expected in (("en", "/en/privacy/"), ("zh", "/zh/privacy/"), ("ja", "/privacy/")):
        page.locator(".md-header__option .md-select").hover()
        page.locator(f"a.md-select__link[hreflang={locale}]").click()
        page.wait_for_url(f"{site_server}{expected}")
        assert page.locator("html").get_attribute("lang") == locale
    assert page.foreign_requests == []


def test_search_finds_the_privacy_policy_for_a_japanese_word(page, site_server):
    page.goto(f"{site_server}/")
    paths = search_result_paths(page, "クッキー")
    assert paths[0] == "/privacy/", paths
    assert page.foreign_requests == []


def test_permalink_page_loads_without_third_party_requests(page, site_server):
    """A revision's permalink shows its whole text: the fixture's table of six recipients, every row."""
    page.goto(f"{site_server}/tracking/2022-10-01/")
    assert page.locator(".policy-text table tbody tr").count() == 6
    assert page.foreign_requests == []


def test_a_long_page_offers_back_to_top_in_the_readers_language(page, site_server):
    page.goto(f"{site_server}/en/privacy/")
    button = page.locator("button.md-top")
    offered = "b => !b.hidden && getComputedStyle(b).opacity === '1'"
    assert not button.evaluate(offered)
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height > 3 * page.viewport_size["height"]
    page.mouse.wheel(0, height // 2)
    page.wait_for_timeout(300)
    assert not button.evaluate(offered)  # scrolling down, reading on
    page.mouse.wheel(0, -200)  # Material offers it when the reader scrolls back up
    page.wait_for_function(f"({offered})(document.querySelector('button.md-top'))")
    assert button.inner_text().strip() == "Back to top"
    button.click()
    page.wait_for_function("window.scrollY === 0")
    assert page.foreign_requests == []

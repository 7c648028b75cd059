"""The left navigation in the real browser: a page it does not list marks the entry it is reached from.

On the access fixture site (tests/sites/access): a comparison and a dated page of its policy of
several revisions, in each language, and a comparison of its variant's own revisions."""

from __future__ import annotations

import pytest

from conftest import ACCESS, open_recording_page, project_t

pytestmark = pytest.mark.browser

NAV_LINK_COLOUR = """label => {
    const link = [...document.querySelectorAll('nav.md-nav--primary a.md-nav__link')]
        .find(a => a.textContent.trim() === label && a.closest('.md-nav__item--nested.md-nav__item--active'));
    return link && link.offsetParent !== null ? getComputedStyle(link).color : null;
}"""


@pytest.fixture
def page(browser, access_server):
    """A fresh page that records every request leaving the access site's origin."""
    with open_recording_page(browser, access_server) as tab:
        yield tab


@pytest.mark.parametrize("path, locale", [
    ("sample/compare/2022-04-01...2023-10-01/", "ja"),
    ("sample/2015-04-01/", "ja"),
    ("en/sample/compare/2022-04-01...2023-10-01/", "en"),
    ("zh/sample-local/compare/2021-01-06...2023-10-01/", "zh"),
])
def test_comparison_and_dated_pages_mark_their_policy_history(page, access_server, path, locale):
    """A comparison or a dated revision is not in the navigation: its policy's history, the entry a
    reader reaches it from, is marked as the current entry instead, so the reader sees where they are."""
    history, current = project_t(ACCESS, locale, "nav_history"), project_t(ACCESS, locale, "nav_current")
    page.set_viewport_size({"width": 1280, "height": 900})
    response = page.goto(f"{access_server}/{path}")
    assert response.status == 200
    marked = page.evaluate(NAV_LINK_COLOUR, history)
    assert marked is not None, "the policy's section is closed or not marked in the navigation"
    # The mark is the colour of an active entry, as on the history page itself; the others keep theirs.
    page.goto(f"{access_server}/{path.split('/compare/')[0] if '/compare/' in path else path.rsplit('/', 2)[0]}/history/")
    assert marked == page.evaluate("getComputedStyle(document.querySelector('nav.md-nav--primary .md-nav__link--active')).color")
    page.goto(f"{access_server}/{path}")
    assert page.evaluate(NAV_LINK_COLOUR, current) != marked
    assert page.foreign_requests == []

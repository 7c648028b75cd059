"""The left navigation in the real browser: a page it does not list marks the entry it is reached from."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

NAV_LINK_COLOUR = """label => {
    const link = [...document.querySelectorAll('nav.md-nav--primary a.md-nav__link')]
        .find(a => a.textContent.trim() === label && a.closest('.md-nav__item--nested.md-nav__item--active'));
    return link && link.offsetParent !== null ? getComputedStyle(link).color : null;
}"""


@pytest.mark.parametrize("path, history, current", [
    ("privacy/compare/2022-04-01...2023-06-15/", "改定履歴", "現行版"),
    ("privacy/2009-02-10/", "改定履歴", "現行版"),
    ("en/privacy/compare/2022-04-01...2023-06-15/", "Revision history", "In effect"),
    ("zh/privacy-china/compare/2022-01-06...2023-06-15/", "修订历史", "现行版本"),
])
def test_comparison_and_dated_pages_mark_their_policy_history(page, site_server, path, history, current):
    page.set_viewport_size({"width": 1280, "height": 900})
    response = page.goto(f"{site_server}/{path}")
    assert response.status == 200
    marked = page.evaluate(NAV_LINK_COLOUR, history)
    assert marked is not None, "the policy's section is closed or not marked in the navigation"
    # The mark is the colour of an active entry, as on the history page itself; the others keep theirs.
    page.goto(f"{site_server}/{path.split('/compare/')[0] if '/compare/' in path else path.rsplit('/', 2)[0]}/history/")
    assert marked == page.evaluate("getComputedStyle(document.querySelector('nav.md-nav--primary .md-nav__link--active')).color")
    page.goto(f"{site_server}/{path}")
    assert page.evaluate(NAV_LINK_COLOUR, current) != marked

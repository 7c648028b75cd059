"""The 新旧対照表 uses the screen: a comparison page has no table of contents, so its empty right
sidebar gives its width to the table, and the column headers (改定後 | 改定前) stay in view below
the page header however far the reader scrolls (docs/assets/site.css, docs/assets/redline.css).
Printing repeats them on every page (tests/test_browser_history.py).

On the fixture site tests/sites/layout: its comparison of the first and the last revision (many
changed provisions, list items and rows of a wide table, headings inserted) makes a table far
taller than the screen, and its variant's comparison another one."""

from __future__ import annotations

import pytest

from conftest import SITES
from policy_site.site.urls import locale_prefix

pytestmark = pytest.mark.browser

LOCALES, DEFAULT_LOCALE = ("ja", "en", "zh"), "ja"  # as the fixture's configuration (tests/sites/mkdocs.yml) declares
_REVISIONS = sorted(path.stem for path in (SITES / "layout" / "docs" / DEFAULT_LOCALE / "membership").glob("*.md"))
COMPARISON = f"membership/compare/{_REVISIONS[0]}...{_REVISIONS[-1]}/"  # the longest
VARIANT = "membership-overseas/compare/"  # the variant compared with the policy it adapts


def open_side_by_side(page, origin: str, path: str, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{origin}/{path}")
    page.locator("label[for='view-side-by-side']").click()
    page.locator("table.redline-sbs").wait_for()


def width_of(page, selector: str) -> float:
    return page.evaluate("s => document.querySelector(s).getBoundingClientRect().width", selector)


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("path", [COMPARISON, VARIANT])
def test_the_table_takes_the_empty_sidebars_width(layout_page, layout_server, locale, path):
    page = layout_page
    open_side_by_side(page, layout_server, locale_prefix(locale, DEFAULT_LOCALE) + path, 1280)
    assert page.locator(".md-sidebar--secondary .md-nav__link").count() == 0  # nothing to give up
    assert page.locator(".md-sidebar--secondary").is_hidden()
    assert width_of(page, "table.redline-sbs") >= 900
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280  # and no page scrolls sideways


def test_a_page_with_a_table_of_contents_keeps_its_sidebar(layout_page, layout_server):
    page = layout_page
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{layout_server}/membership/")
    assert page.locator(".md-sidebar--secondary").is_visible()
    assert page.locator(".md-sidebar--secondary .md-nav__link").count() > 0


@pytest.mark.parametrize("width", [1280, 390])
def test_the_column_headers_stay_in_view_at_a_late_row(layout_page, layout_server, width):
    page = layout_page
    open_side_by_side(page, layout_server, COMPARISON, width)
    rows = page.locator("table.redline-sbs > tbody > tr")
    assert rows.count() >= 20
    rows.last.scroll_into_view_if_needed()
    page.evaluate("window.scrollBy(0, -200)")  # the row well below the headers, not under them
    state = page.evaluate("""() => {
      const header = document.querySelector('.md-header').getBoundingClientRect();
      const table = document.querySelector('table.redline-sbs').getBoundingClientRect();
      return {scrolled: window.scrollY, tableTop: table.top, headerBottom: header.bottom,
              cells: [...document.querySelectorAll('table.redline-sbs > thead th')].map(th => {
                const r = th.getBoundingClientRect();
                const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
                return {top: r.top, bottom: r.bottom, seen: th.contains(hit), text: th.textContent};
              })};
    }""")
    assert state["tableTop"] < -1000, state  # the table's top is far above the screen
    assert len(state["cells"]) == 2
    for cell in state["cells"]:
        assert abs(cell["top"] - state["headerBottom"]) <= 1, state  # right under the page header
        assert cell["seen"], state  # and not covered by anything

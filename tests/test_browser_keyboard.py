"""Keyboard access in the real browser: the phone's navigation drawer, the colour-scheme toggle,
the wide tables' scroll areas, and contrast in the dark scheme where the audit measured it failing.

On the access fixture site (tests/sites/access): its home, policy, history and comparison pages in
each language, the table of its policy of one revision (wider than a phone, with links), and its
variant's comparison with the policy (an inserted contact address)."""

from __future__ import annotations

import contextlib

import pytest

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 800}


@contextlib.contextmanager
def open_page(browser, **options):
    context = browser.new_context(locale="ja-JP", **options)
    try:
        yield context.new_page()
    finally:
        context.close()


def list_tab_stops(page, limit: int = 300) -> list[dict]:
    """Every element Tab reaches, once round the page, and whether it lies in the closed drawer."""
    stops = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        stop = page.evaluate("""() => {
            const e = document.activeElement;
            if (!e || e === document.body) return null;
            return {html: e.outerHTML.slice(0, 120), inDrawer: !!e.closest('.md-sidebar--primary'),
                    drawerOpen: document.getElementById('__drawer').checked};
        }""")
        if stop is None or (stops and stop["html"] == stops[0]["html"]):
            break
        stops.append(stop)
    return stops


@pytest.mark.parametrize("path", ["", "sample/", "en/sample/history/", "zh/sample/compare/2022-04-01...2023-10-01/"])
def test_closed_drawer_takes_no_focus_and_its_button_opens_it(browser, access_server, path):
    with open_page(browser, viewport=PHONE) as page:
        page.goto(f"{access_server}/{path}")
        stops = list_tab_stops(page)
        in_drawer = [stop["html"] for stop in stops if stop["inDrawer"]]
        assert in_drawer == [], f"{len(in_drawer)} tab stops in the closed drawer: {in_drawer[:3]}"

        # The drawer stays reachable: its button is focusable, named, and opens it with Enter or Space.
        button = page.locator('.md-header label[for="__drawer"]')
        assert button.get_attribute("role") == "button" and button.get_attribute("aria-label")
        for key in ("Enter", " "):
            button.focus()
            assert button.get_attribute("aria-expanded") == "false"
            page.keyboard.press(key)
            assert page.evaluate("document.getElementById('__drawer').checked")
            assert button.get_attribute("aria-expanded") == "true"
            assert page.evaluate("!!document.activeElement.closest('.md-sidebar--primary')"), "focus is not in the drawer"
            assert page.evaluate("getComputedStyle(document.querySelector('.md-sidebar--primary')).visibility") == "visible"
            page.keyboard.press("Escape")
            assert not page.evaluate("document.getElementById('__drawer').checked")
            assert page.evaluate("document.activeElement.getAttribute('for')") == "__drawer"


def test_desktop_navigation_stays_in_the_focus_order(browser, access_server):
    """At 1280 px the navigation is a sidebar, not a drawer: its links are tab stops."""
    with open_page(browser, viewport={"width": 1280, "height": 900}) as page:
        page.goto(f"{access_server}/sample/")
        assert sum(stop["inDrawer"] for stop in list_tab_stops(page)) >= 5  # its policies, histories, timeline


@pytest.mark.parametrize("key", ["Enter", " "])
def test_colour_scheme_toggle_answers_enter_and_space(browser, access_server, key):
    with open_page(browser, color_scheme="light") as page:
        page.goto(f"{access_server}/sample/")
        assert page.evaluate("document.body.dataset.mdColorScheme") == "default"
        page.focus("#__palette_0")
        page.keyboard.press(key)
        page.wait_for_function("document.body.dataset.mdColorScheme === 'slate'", timeout=2000)
        page.keyboard.press(key)  # and back: the focus moved to the other scheme's button
        page.wait_for_function("document.body.dataset.mdColorScheme === 'default'", timeout=2000)


def test_wide_table_scroll_area_is_reached_and_scrolled_by_keyboard(browser, access_server):
    with open_page(browser, viewport=PHONE) as page:
        page.goto(f"{access_server}/partners/")
        page.wait_for_load_state("load")
        area = page.locator(".md-typeset__scrollwrap").first
        assert area.evaluate("a => a.scrollWidth > a.clientWidth"), "the table no longer scrolls at 390 px"
        stops = [stop["html"] for stop in list_tab_stops(page)]
        assert any("md-typeset__scrollwrap" in html for html in stops), "Tab never reaches the table's scroll area"
        name = area.evaluate("""a => a.getAttribute('aria-label')
            || document.getElementById(a.getAttribute('aria-labelledby')).textContent.trim()""")
        assert area.get_attribute("role") == "region" and name
        area.focus()
        page.keyboard.press("ArrowRight")
        page.wait_for_function("document.querySelector('.md-typeset__scrollwrap').scrollLeft > 0", timeout=2000)
    with open_page(browser, viewport={"width": 1280, "height": 900}) as page:
        page.goto(f"{access_server}/partners/")
        page.wait_for_load_state("load")
        # Where the table fits, its wrapper is no tab stop.
        assert page.locator(".md-typeset__scrollwrap").first.get_attribute("tabindex") is None


def test_a_table_that_comes_to_scroll_when_the_window_narrows_becomes_a_tab_stop(browser, access_server):
    """A reader who narrows the window (or turns a tablet) after the page loaded: the table that
    fitted now scrolls, and its area becomes a tab stop; widened again, it is none."""
    with open_page(browser, viewport={"width": 1280, "height": 900}) as page:
        page.goto(f"{access_server}/partners/")
        page.wait_for_load_state("load")
        area = page.locator(".md-typeset__scrollwrap").first
        assert area.get_attribute("tabindex") is None
        page.set_viewport_size(PHONE)
        assert area.evaluate("a => a.scrollWidth > a.clientWidth"), "the table no longer scrolls at 390 px"
        page.wait_for_function("document.querySelector('.md-typeset__scrollwrap').getAttribute('tabindex') === '0'",
                               timeout=2000)
        page.set_viewport_size({"width": 1280, "height": 900})
        page.wait_for_function("!document.querySelector('.md-typeset__scrollwrap').hasAttribute('tabindex')",
                               timeout=2000)


def test_scroll_areas_of_a_view_shown_after_load_are_reached_and_named_apart(browser, access_server):
    """A comparison's side-by-side view is hidden at load: its tables have no width then, and their
    scroll areas scroll only once the view is chosen, with no change of the window's size. Each is
    then a tab stop that the arrow keys scroll, and a region named by its section and its column
    (the new text or the old), so that the two columns' areas are told apart. On the access fixture
    site, whose recipients' table (Article 3 of its policy, no link in it) is wider than a phone."""
    with open_page(browser, viewport=PHONE) as page:
        page.goto(f"{access_server}/sample/compare/2022-04-01...2023-10-01/")
        page.wait_for_load_state("load")
        areas = page.locator(".redline-sbs .md-typeset__scrollwrap")
        assert areas.count() == 2
        assert areas.evaluate_all("areas => areas.map(a => a.getAttribute('tabindex'))") == [None, None]  # hidden
        page.locator('label[for="view-side-by-side"]').click()
        assert areas.evaluate_all("areas => areas.every(a => a.scrollWidth > a.clientWidth)"), \
            "the table no longer scrolls in the side-by-side columns at 390 px"
        page.wait_for_function("""[...document.querySelectorAll('.redline-sbs .md-typeset__scrollwrap')]
            .every(a => a.getAttribute('tabindex') === '0')""", timeout=2000)
        names = areas.evaluate_all("""areas => areas.map(a => [a.getAttribute('role'),
            a.getAttribute('aria-labelledby').split(' ').map(id => document.getElementById(id).textContent.trim()).join(' ')])""")
        columns = page.locator("table.redline-sbs > thead > tr > th").all_inner_texts()
        assert len(columns) == 2 and columns[0] != columns[1] and all(columns)
        assert names == [["region", f"第三条 {column}"] for column in columns]
        stops = [stop["html"] for stop in list_tab_stops(page)]
        assert sum("md-typeset__scrollwrap" in html for html in stops) == 2, "Tab does not reach both columns' areas"
        for index in range(2):
            areas.nth(index).focus()
            page.keyboard.press("ArrowRight")
            page.wait_for_function(f"document.querySelectorAll('.redline-sbs .md-typeset__scrollwrap')[{index}].scrollLeft > 0",
                                   timeout=2000)
        # Back to the inline view: its area scrolls and is a tab stop again, the hidden columns' are not.
        page.locator('label[for="view-inline"]').click()
        page.wait_for_function("""[...document.querySelectorAll('.redline-sbs .md-typeset__scrollwrap')]
            .every(a => !a.hasAttribute('tabindex'))""", timeout=2000)
        inline = page.locator(".redline-inline .md-typeset__scrollwrap")
        assert inline.get_attribute("tabindex") == "0" and inline.get_attribute("role") == "region"


def contrast(page, selector: str) -> float:
    """The WCAG contrast ratio of an element's text against the first opaque background behind it."""
    return page.evaluate("""selector => {
        const lum = c => { const [r, g, b] = c.match(/[\\d.]+/g).slice(0, 3).map(v => {
            v = v / 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
            return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
        const element = document.querySelector(selector);
        let behind = element, background;
        for (;;) { background = getComputedStyle(behind).backgroundColor;
            const alpha = background.match(/[\\d.]+/g)[3];
            if (alpha === undefined || +alpha === 1) break; behind = behind.parentElement; }
        const [a, b] = [lum(getComputedStyle(element).color), lum(background)];
        return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    }""", selector)


@pytest.mark.parametrize("path, selector", [
    ("sample/history/", ".history-compare .md-button"),
    ("sample-local/compare/", ".redline ins a[href^='mailto:']"),
])
def test_dark_scheme_contrast_of_buttons_and_links_in_changes(browser, access_server, path, selector):
    with open_page(browser, color_scheme="dark") as page:
        page.goto(f"{access_server}/{path}")
        assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
        assert contrast(page, selector) >= 4.5

"""Nothing a reader reads as one unit breaks across lines, at phone and desktop width: a date
(「2023年6月15 / 日」, "February 10, / 2009" were split on 40 pages at 390 px, titles included) and a
"変更箇所 1" link of a comparison's summary (policy_site.site.nowrap, docs/assets/*.css), in the
page's text and in its redlines (both views: history.js copies the inline view's blocks, dates and
all, into the full side-by-side)."""

from __future__ import annotations

import pytest

from conftest import DEFAULT_LOCALE, LOCALES, load_project_catalog
from policy_site.site.nowrap import compile_date_pattern
from policy_site.site.urls import locale_prefix

pytestmark = pytest.mark.browser

CATALOG = load_project_catalog()
_REVISIONS = CATALOG.revisions_of("privacy")
PAGES = ["", "history/", "privacy/", "privacy/history/", f"privacy/{_REVISIONS[0].effective.isoformat()}/",
         f"privacy/compare/{_REVISIONS[0].effective.isoformat()}...{_REVISIONS[-1].effective.isoformat()}/",
         *(f"{p.id}/compare/" for p in CATALOG.policies if p.variant_of)]

# The lines each date of the page's text and each summary link runs over, in both views of a comparison.
BROKEN = r"""source => {
  const dates = new RegExp(source, "g");
  const broken = [];
  const lines = range => new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top))).size;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.parentElement.getClientRects().length) continue;  // not rendered
    for (const match of node.data.matchAll(dates)) {
      const range = document.createRange();
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      if (lines(range) > 1) broken.push(match[0]);
    }
  }
  for (const link of document.querySelectorAll(".redline-summary-links a")) {
    const range = document.createRange();
    range.selectNodeContents(link);
    if (link.getClientRects().length && lines(range) > 1) broken.push(link.textContent);
  }
  return broken;
}"""


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("locale", LOCALES)
def test_no_date_and_no_change_link_breaks_across_lines(page, site_server, locale, width):
    page.set_viewport_size({"width": width, "height": 900})
    pattern = compile_date_pattern(locale).pattern  # Python escapes that JavaScript reads alike
    seen = 0
    for path in PAGES:
        page.goto(f"{site_server}/{locale_prefix(locale, DEFAULT_LOCALE)}{path}")
        broken = page.evaluate(BROKEN, pattern)
        views = page.locator("label[for='view-side-by-side']")
        if views.count():
            views.click()
            broken += page.evaluate(BROKEN, pattern)
        assert broken == [], (path, broken)
        seen += page.evaluate("s => (document.body.innerText.match(new RegExp(s, 'g')) || []).length", pattern)
    assert seen > 50  # the pages do write dates

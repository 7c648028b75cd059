"""Nothing a reader reads as one unit breaks across lines, at phone and desktop width: a date
(「2023年6月15 / 日」, "February 10, / 2009" were split on 40 pages at 390 px, titles included) and a
"変更箇所 1" link of a comparison's summary (policy_site.site.nowrap, docs/assets/*.css), in the
page's text and in its redlines (both views: history.js copies the inline view's blocks, dates and
all, into the full side-by-side).

On the fixture site tests/sites/layout, whose provisions, table cells, notices and supplementary
provisions write dates that change from one revision to the next: its redlines hold dates in
unchanged, inserted and deleted text, which the wrapping must keep whole in each view."""

from __future__ import annotations

import pytest

from conftest import SITES
from policy_site.site.nowrap import compile_date_pattern
from policy_site.site.urls import locale_prefix

pytestmark = pytest.mark.browser

FIXTURE = SITES / "layout"
LOCALES, DEFAULT_LOCALE = ("ja", "en", "zh"), "ja"  # as the fixture's configuration (tests/sites/mkdocs.yml) declares
_REVISIONS = sorted(path.stem for path in (FIXTURE / "docs" / DEFAULT_LOCALE / "membership").glob("*.md"))
PAGES = ["", "history/", "membership/", "membership/history/", f"membership/{_REVISIONS[0]}/",
         f"membership/compare/{_REVISIONS[0]}...{_REVISIONS[-1]}/", "membership-overseas/compare/"]

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

# The dates shown inside the redlines (in view), and the summary links shown: what the test must see.
IN_REDLINES = r"""source => {
  const dates = new RegExp(source, "g");
  const shown = [...document.querySelectorAll(".redline")].filter(r => r.getClientRects().length);
  return {dates: shown.reduce((n, r) => n + (r.innerText.match(dates) || []).length, 0),
          links: [...document.querySelectorAll(".redline-summary-links a")].filter(a => a.getClientRects().length).length};
}"""


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("locale", LOCALES)
def test_no_date_and_no_change_link_breaks_across_lines(layout_page, layout_server, locale, width):
    page = layout_page
    page.set_viewport_size({"width": width, "height": 900})
    pattern = compile_date_pattern(locale).pattern  # Python escapes that JavaScript reads alike
    seen = 0
    in_redlines = {"dates": 0, "links": 0}
    for path in PAGES:
        page.goto(f"{layout_server}/{locale_prefix(locale, DEFAULT_LOCALE)}{path}")
        broken = page.evaluate(BROKEN, pattern)
        views = page.locator("label[for='view-side-by-side']")
        if views.count():
            for key, count in page.evaluate(IN_REDLINES, pattern).items():
                in_redlines[key] += count
            views.click()
            broken += page.evaluate(BROKEN, pattern)
            for key, count in page.evaluate(IN_REDLINES, pattern).items():
                in_redlines[key] += count
        assert broken == [], (path, broken)
        seen += page.evaluate("s => (document.body.innerText.match(new RegExp(s, 'g')) || []).length", pattern)
    assert seen > 50  # the pages do write dates
    assert in_redlines["dates"] >= 20 and in_redlines["links"] >= 10, in_redlines  # in both views of the redlines too

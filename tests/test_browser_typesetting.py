"""Typesetting in the real browser: one font family for a Chinese heading's characters and digits,
and no sliver of a change's background left on a line by its screen-reader labels."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def list_heading_fonts(page) -> dict[str, set[str]]:
    """The fonts Chromium actually draws each heading of the page with (not the CSS stack)."""
    session = page.context.new_cdp_session(page)
    session.send("DOM.enable")
    session.send("CSS.enable")
    root = session.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    fonts = {}
    for selector in (".md-content h1", ".md-content h2"):
        for node in session.send("DOM.querySelectorAll", {"nodeId": root, "selector": selector})["nodeIds"]:
            used = session.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
            html = session.send("DOM.getOuterHTML", {"nodeId": node})["outerHTML"][:80]
            fonts[html] = {font["familyName"] for font in used}
    return fonts


@pytest.mark.parametrize("path", ["zh/privacy/history/", "zh/history/"])
def test_zh_headings_take_digits_from_their_cjk_font(page, site_server, path):
    page.goto(f"{site_server}/{path}")
    fonts = list_heading_fonts(page)
    assert fonts, "no heading found"
    mixed = {html: families for html, families in fonts.items() if len(families) > 1}
    assert mixed == {}, f"headings drawn in more than one font family: {mixed}"


@pytest.mark.parametrize("width", [390, 1024])
@pytest.mark.parametrize("path", ["en/privacy/compare/2009-02-10...2023-06-15/", "en/privacy-china/compare/"])
def test_no_sliver_of_a_change_is_left_on_a_line(page, site_server, path, width):
    """A change whose wording starts or ends at a line break left a fragment of its background (its
    padding around the visually hidden label, 2 px wide) at the end or start of a line."""
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{site_server}/{path}")
    slivers = page.evaluate("""() => [...document.querySelectorAll('.redline ins, .redline del')].flatMap(e =>
        [...e.getClientRects()].filter(r => r.height > 0 && r.width > 0 && r.width < 3)
            .map(r => `${Math.round(r.width)}x${Math.round(r.height)}: ${e.textContent.slice(0, 60)}`))""")
    assert slivers == []


def measure_page_fill(pdf: bytes) -> list[float]:
    """How far down each printed page its text reaches, as a share of the page's height."""
    import io

    from pypdf import PdfReader

    fills = []
    for sheet in PdfReader(io.BytesIO(pdf)).pages:
        lows = []
        sheet.extract_text(visitor_text=lambda text, cm, tm, font, size: text.strip() and lows.append(tm[5] * cm[3] + cm[5]))
        height = float(sheet.mediabox.height)
        fills.append((height - min(lows)) / height if lows else 0.0)
    return fills


@pytest.mark.parametrize("path", ["privacy/history/", "en/privacy/history/", "zh/privacy-china/history/"])
def test_history_prints_without_a_half_empty_first_page(page, site_server, path):
    """Material keeps each notice and each <details> whole in print: a history's first
    reconstruction notice went whole to page 2 (page 1 filled to 54-65 %)."""
    page.goto(f"{site_server}/{path}")
    page.emulate_media(media="print")
    fills = measure_page_fill(page.pdf(format="A4"))
    assert len(fills) > 1 and fills[0] >= 0.8, f"page 1 filled to {fills[0]:.0%}"

"""This site's privacy policy in print: the PDF of its page, printed as the offline bundle prints
it (policy_site.bundle.print_fonts), keeps the kanji of its text as the unified ideographs the source
has (moved from tests/test_browser_history.py, whose check of the same on the generator's fixture
site stays there): the site's own characters are the ones a reader searches its PDFs for."""

from __future__ import annotations

import io

import pytest

pytestmark = pytest.mark.browser


def test_pdf_text_keeps_the_unified_cjk_characters(page, site_server):
    """Printed as the bundle prints (policy_site.bundle.print_fonts), 個人情報 is found in the PDF's text."""
    from pypdf import PdfReader

    from policy_site.bundle.print_fonts import is_radical, render_print_font_css

    page.goto(f"{site_server}/privacy/")
    page.emulate_media(media="print")
    page.add_style_tag(content=render_print_font_css(page.evaluate("() => document.body.innerText"), "ja"))
    page.evaluate("() => document.fonts.ready.then(() => true)")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(page.pdf(format="A4"))).pages)
    assert "個人情報" in text
    assert not any(is_radical(c) for c in text)

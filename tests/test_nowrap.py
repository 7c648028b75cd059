"""Dates kept on one line (policy_site.site.nowrap): each date a page writes is wrapped, in every
locale's own form, and nothing else of the page changes."""

from __future__ import annotations

import re
from datetime import date

import pytest

from policy_site.site.nowrap import DATE_CLASS, compile_date_pattern, render_unbreakable_dates
from policy_site.site.strings import format_date

WRAPPED = re.compile(rf'<span class="{DATE_CLASS}">([^<]*)</span>')


@pytest.mark.parametrize("locale", ["ja", "zh", "en", "fr", "de"])
@pytest.mark.parametrize("day", [date(2023, 6, 15), date(2025, 4, 1), date(2009, 2, 10), date(2024, 12, 31)])
def test_every_locales_long_date_is_wrapped_whole(locale, day):
    written = format_date(day, locale)
    html = f"<li><a href='x'>{written}</a>（推定復元）, then {written}.</li>"
    out = render_unbreakable_dates(html, locale)
    assert WRAPPED.findall(out) == [written, written]
    assert WRAPPED.sub(r"\1", out) == html  # the text and the markup around it are unchanged


def test_japanese_dates_quoted_on_english_and_chinese_pages_are_wrapped_too():
    for locale in ("en", "zh"):
        assert WRAPPED.findall(render_unbreakable_dates("<p>「2022年4月1日最終改定」</p>", locale)) == ["2022年4月1日"]


@pytest.mark.parametrize("html", [
    '<title>2023年6月15日</title>', '<a title="June 15, 2023" href="#rev-2023-06-15">x</a>',
    '<script>var d = "2023年6月15日";</script>', '<style>/* 2023年6月15日 */</style>',
    '<select><option value="2023-06-15">2023年6月15日</option></select>', '<!-- 2023年6月15日 -->',
    '<p>2023-06-15, 2023年6月, 15日</p>',  # not a date as the pages write one
])
def test_no_date_is_wrapped_where_markup_cannot_hold_a_span_or_the_text_is_no_date(html):
    assert render_unbreakable_dates(html, "en") == html


# ------------------------------------------------------------------------------------------------
# render_text_nodes renders only the texts that hold a date or a name (``only=``), found by one
# search of the page: the result must be the one of passing every text through, as it did before.

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from policy_site.site import language  # noqa: E402
from policy_site.site.language import render_original_names  # noqa: E402

_REFERENCE_SKIP = ("title", "script", "style", "textarea", "svg")


def render_every_text_node(html, render, skip=()):
    """The walk as it was: every text between two tokens through ``render``, in order."""
    skipped = _REFERENCE_SKIP + tuple(skip)
    out, skipping, position = [], [], 0
    for match in language._TOKEN.finditer(html):
        text = html[position:match.start()]
        out.append(text if skipping else render(text))
        out.append(match.group(0))
        closing, tag = match.group(1), (match.group(2) or "").lower()
        if tag in skipped and not match.group(0).endswith("/>"):
            if closing and skipping and skipping[-1] == tag:
                skipping.pop()
            elif not closing:
                skipping.append(tag)
        position = match.end()
    text = html[position:]
    out.append(text if skipping else render(text))
    return "".join(out)


_FRAGMENTS = ["<p>", "</p>", "<TITLE>", "</title>", "<Script>", "</script>", "<svg/>", "<svg>", "</SVG>",
              "<select>", "</select>", "<option value='2023-06-15'>", "</option>", "<br/>", "<!-- ", " -->",
              "<a title=\"June 15, 2023\">", "</a>", "<b", ">", "<", " < ", "2023年6月15日", "June 15, 2023",
              "15 juin 2023", "1er avril 2025", "15. Juni 2023", "15 июня 2023 г.", "15 czerwca 2023", "2023년 6월 15일", "（", "）", "(", ")", "「", "」", "啓二", "かな",
              "LINEヤフー株式会社", "Example Co.", ", ", "text", "\n", "x"]


@settings(max_examples=400)
@given(st.lists(st.sampled_from(_FRAGMENTS), max_size=40), st.sampled_from(["ja", "en", "zh", "fr", "de", "ru", "pl", "ko"]))
def test_only_the_texts_with_a_date_are_rendered_and_the_page_is_the_same_as_rendering_every_text(pieces, locale):
    html = "".join(pieces)
    pattern = compile_date_pattern(locale)

    def wrap(text):
        return pattern.sub(lambda m: f'<span class="{DATE_CLASS}">{m.group(0)}</span>', text) if text else text

    assert render_unbreakable_dates(html, locale) == render_every_text_node(html, wrap, skip=("select", "option"))


@settings(max_examples=400)
@given(st.lists(st.sampled_from(_FRAGMENTS), max_size=40), st.sampled_from(["ja", "zh"]))
def test_only_the_texts_with_a_name_or_quote_are_marked_and_the_page_is_the_same_as_marking_every_text(pieces, lang):
    html = "".join(pieces)
    names = ["LINEヤフー株式会社", "啓二"]
    calls = []
    original = language.render_text_nodes

    def spy(page, render, skip=(), *, only=None):
        calls.append(render)
        return original(page, render, skip, only=only)

    language.render_text_nodes = spy
    try:
        out = render_original_names(html, names, lang)
    finally:
        language.render_text_nodes = original
    expected = render_every_text_node(html, calls[0]) if calls else html
    assert out == expected

"""Dates kept on one line (policy_site.site.nowrap): each date a page writes is wrapped, in every
locale's own form, and nothing else of the page changes."""

from __future__ import annotations

import re
from datetime import date

import pytest

from policy_site.site.nowrap import DATE_CLASS, render_unbreakable_dates
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

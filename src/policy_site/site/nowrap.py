"""Dates that never break inside: 「2023年6月15 / 日」 and "February 10, / 2009" were split across
lines on 40 pages at 390 px, titles included.

Every date the pages write (in titles, headings, lists, notices, the policy text and its redlines)
is written in one of a few forms: the locale's long date (:func:`policy_site.site.strings.format_date`)
or the Japanese and Chinese 2023年6月15日, which en and zh pages quote from the Japanese. Each
such date in a text node is wrapped in ``<span class="policy-date">``, which the site's stylesheet
keeps on one line; the text itself (search, copying, PDF text) is unchanged.
"""

from __future__ import annotations

import functools
import re
from datetime import date

from policy_site.site.language import render_text_nodes
from policy_site.site.strings import format_date

DATE_CLASS = "policy-date"
_CJK_DATE = r"\d{4}年\d{1,2}月\d{1,2}日"
_SAMPLE = date(2000, 12, 31)  # year, month and day all different, and a day with two digits


def compile_date_pattern(locale: str) -> re.Pattern[str]:
    """The dates a ``locale`` page writes: its long form, learnt from a sample, and the CJK form."""
    return _compile_date_patterns(locale)[0]


@functools.lru_cache(maxsize=None)
def _compile_date_patterns(locale: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The dates, and a pattern that each of them contains (年, or a month's name): the hint is
    searched in the whole page, about a tenth of the cost of searching the dates themselves in
    pages full of numbers (SVG icons), and only texts that hold it are searched for dates."""
    sample = format_date(_SAMPLE, locale)
    forms = {_CJK_DATE}
    hints: set[str] | None = {"年"}
    if not re.fullmatch(_CJK_DATE, sample):
        from babel.dates import get_month_names

        names = set(get_month_names("wide", locale=locale).values())
        months = "|".join(re.escape(name) for name in sorted(names, key=lambda name: (-len(name), name)))
        form = re.escape(sample).replace("2000", r"\d{4}").replace("31", r"\d{1,2}(?:er)?")  # 1er avril (fr)
        with_months = form.replace(re.escape(get_month_names("wide", locale=locale)[12]), f"(?:{months})", 1)
        forms.add(with_months)
        if with_months == form:
            hints = None  # a long form that spells the month otherwise: the dates are their own hint
        else:
            hints.add(months)
    pattern = re.compile("|".join(f"(?:{form})" for form in sorted(forms)))
    return pattern, (re.compile("|".join(sorted(hints))) if hints else pattern)


def render_unbreakable_dates(html: str, locale: str) -> str:
    """``html`` with every date in its text kept on one line (not in <select> options, which hold text only)."""
    pattern, hint = _compile_date_patterns(locale)

    def wrap(text: str) -> str:
        return pattern.sub(lambda m: f'<span class="{DATE_CLASS}">{m.group(0)}</span>', text) if text else text

    return render_text_nodes(html, wrap, skip=("select", "option"), only=hint)

"""The site's own pages, its content as published, pass the checks the generator's pages pass on
the access fixture site (tests/test_accessibility.py): axe-core in the real browser, in both colour
schemes at a desktop and a phone width, and the Nu Html Checker. What a policy's text brings (its
tables, links, headings and their lengths) is checked here, on every kind of page, from the
catalog: a new revision is checked as soon as it is added."""

from __future__ import annotations

import pytest

from conftest import (AXE_SCHEMES, AXE_WIDTHS, DEFAULT_LOCALE, LOCALES, axe_problems, check_html_of_site,
                      list_checked_pages, load_project_catalog)
from policy_site.site.urls import locale_prefix

PREFIX = {locale: locale_prefix(locale, DEFAULT_LOCALE) for locale in LOCALES}  # the site's one URL rule
PAGES = list_checked_pages(load_project_catalog())


@pytest.mark.browser
@pytest.mark.parametrize("width", AXE_WIDTHS)
@pytest.mark.parametrize("scheme", AXE_SCHEMES)
@pytest.mark.parametrize("locale", LOCALES)
def test_axe_finds_no_serious_or_critical_violation_on_the_site(browser, site_server, locale, scheme, width):
    """The phone's scroll areas (the external-transmission table) and the dark scheme's contrast on
    the site's own text fail only at that width and in that scheme."""
    problems = axe_problems(browser, site_server, PREFIX[locale], PAGES, scheme=scheme, width=width)
    assert problems == [], "\n".join(problems)


@pytest.mark.slow  # java over every page
def test_nu_html_checker_finds_no_error_of_ours_on_the_site(built_site, tmp_path):
    check_html_of_site(built_site, tmp_path)

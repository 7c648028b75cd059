"""Accessibility (axe-core in the real browser) and HTML validity (Nu Html Checker) of the built pages.

On the access fixture site (tests/sites/access), which has every kind of page the generator makes:
policy pages (one a reconstruction, with its basis), a history with comparisons whose table is wider
than a phone, a variant compared with its policy, a policy of one revision, the timeline, the 404.
The same checks of this repository's own site, its content, are in tests/site/test_site_accessibility.py."""

from __future__ import annotations

import pytest

from conftest import ACCESS, AXE_SCHEMES, AXE_WIDTHS, axe_problems, check_html_of_site, list_checked_pages, load_locales_of
from policy_site.plugin.project import load_project
from policy_site.site.urls import locale_prefix

LOCALES = load_locales_of(ACCESS)
PREFIX = {locale: locale_prefix(locale, LOCALES.default) for locale in LOCALES}  # the site's one URL rule
PAGES = list_checked_pages(load_project(ACCESS).load_catalog())


@pytest.mark.browser
@pytest.mark.parametrize("width", AXE_WIDTHS)
@pytest.mark.parametrize("scheme", AXE_SCHEMES)
@pytest.mark.parametrize("locale", tuple(LOCALES))
def test_axe_finds_no_serious_or_critical_violation(browser, access_server, locale, scheme, width):
    """Both colour schemes at a desktop and a phone width: the dark scheme's contrast (the history's
    Compare button was 2.34:1, a link in an insertion 3.59:1) and the phone's scroll areas (the
    recipients' tables, in the policy pages and in the comparisons' views) fail only there."""
    assert set(LOCALES) == {"ja", "en", "zh"}  # the three scripts (Japanese, Latin, Chinese) and their fonts
    problems = axe_problems(browser, access_server, PREFIX[locale], PAGES, scheme=scheme, width=width)
    assert problems == [], "\n".join(problems)


@pytest.mark.slow  # java over every page
def test_nu_html_checker_finds_no_error_of_ours(access_site, tmp_path):
    check_html_of_site(access_site.site, tmp_path)

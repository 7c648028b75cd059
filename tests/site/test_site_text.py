"""This site's own pages show exactly the text of their redlines: every revision in ``docs/``, in
every language, read by Chromium from the built site and compared with the redline's text of that
revision (the invariant and its one whitespace normalisation are written down in
``tests/test_browser_text.py``, which checks it on the generator's fixture sources)."""

from __future__ import annotations

import pytest

from conftest import DEFAULT_LOCALE, load_project_catalog
from test_browser_text import compare_with_page, expected_texts, tab  # noqa: F401  (tab: the fixture)
from policy_site.site.urls import locale_prefix

pytestmark = pytest.mark.browser


def test_every_revision_of_the_site_shows_the_text_of_its_redlines(tab, site_server):
    catalog = load_project_catalog()
    pages: dict[str, list[str]] = {}
    groups = sorted({(r.policy, r.locale) for r in catalog.revisions})
    for policy, locale in groups:
        revisions = sorted((r for r in catalog.revisions if (r.policy, r.locale) == (policy, locale)),
                           key=lambda r: r.effective)
        for revision, texts in zip(revisions, expected_texts([r.body for r in revisions], locale)):
            pages[f"{locale_prefix(locale, DEFAULT_LOCALE)}{policy}/{revision.effective.isoformat()}/"] = texts
    assert len(pages) == len(catalog.revisions) > 20
    assert compare_with_page(tab, site_server, pages) == []

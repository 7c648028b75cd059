"""The URL contract: every page path and anchor comes from policy_site.site.urls, in both URL styles."""

from __future__ import annotations

from datetime import date

import pytest

from policy_site.site import urls

OLD, NEW = date(2009, 2, 10), date(2022, 4, 1)


def test_comparison_pages_are_named_old_dots_new_and_parse_back():
    path = urls.compare_page("privacy", OLD, NEW)
    assert path == "privacy/compare/2009-02-10...2022-04-01.md"
    assert urls.parse_compare_page(path) == ("privacy", OLD, NEW)
    assert urls.parse_compare_page("privacy/compare.md") is None  # the variant page keeps its URL
    with pytest.raises(ValueError):
        urls.compare_page("privacy", NEW, OLD)


@pytest.mark.parametrize(("path", "directory", "html"), [
    ("privacy/history.md", "privacy/history/", "privacy/history.html"),
    ("privacy/compare/2009-02-10...2022-04-01.md", "privacy/compare/2009-02-10...2022-04-01/",
     "privacy/compare/2009-02-10...2022-04-01.html"),
    ("privacy/index.md", "privacy/", "privacy/index.html"),
    ("index.md", "", "index.html"),
])
def test_page_urls_in_both_styles(path, directory, html):
    assert urls.page_url(path, use_directory_urls=True) == directory
    assert urls.page_url(path, use_directory_urls=False) == html


def test_links_between_pages_and_anchors():
    assert urls.revision_anchor(NEW) == "rev-2022-04-01"
    assert urls.link(urls.history_page("privacy"), urls.compare_page("privacy", OLD, NEW)) == \
        "compare/2009-02-10...2022-04-01.md"
    assert urls.link(urls.compare_page("privacy", OLD, NEW), urls.revision_page("privacy", OLD)) == "../2009-02-10.md"
    assert urls.link(urls.TIMELINE_PAGE, urls.history_page("privacy"), "rev-2022-04-01") == \
        "privacy/history.md#rev-2022-04-01"
    assert urls.feed_path("ja", "ja") == "feed.xml" and urls.feed_path("zh", "ja") == "zh/feed.xml"

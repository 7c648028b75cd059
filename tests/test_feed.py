"""The Atom feed of revisions: valid, per locale, linked from every page, pointing at real redlines.
The fixture sites ``tests/sites/translated`` (ja with en and zh translations, a policy of three
revisions and a variant) and ``upcoming``; nothing here reads the real site's content."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import feedparser
import pytest

from conftest import read_page
from policy_site.site.strings import t
from policy_site.site.urls import locale_prefix

DEFAULT_LOCALE = "ja"  # the fixtures' default locale (tests/sites/mkdocs.yml)
LOCALES = ("ja", "en", "zh")
PREFIX = {locale: locale_prefix(locale, DEFAULT_LOCALE) for locale in LOCALES}  # the site's one URL rule


@pytest.fixture(scope="module")
def translated(fixture_build):
    built = fixture_build("translated")
    return built


@pytest.fixture(scope="module")
def translated_catalog(translated):
    """The fixture's sources as its build read them."""
    from policy_site.plugin.project import load_project

    return load_project(translated.project).load_catalog()


@pytest.mark.parametrize("locale", ["ja", "en", "zh"])
def test_feed_is_valid_atom_with_every_revision(translated, translated_catalog, locale):
    built_site, catalog = translated.site, translated_catalog
    parsed = feedparser.parse((built_site / f"{PREFIX[locale]}feed.xml").read_bytes())
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert parsed.feed.language == locale
    assert len(parsed.entries) == sum(r.locale == "ja" for r in catalog.revisions)
    for entry in parsed.entries:
        assert entry.id and entry.title and entry.updated and entry.summary
        anchor = urlsplit(entry.link).fragment
        page = built_site / urlsplit(entry.link).path.lstrip("/") / "index.html"
        soup = read_page(page)
        assert soup.find(id=anchor) is not None, entry.link
    titles = [entry.title for entry in parsed.entries]
    expected = {"ja": "見本方針 — 改定 2022年10月1日",
                "en": "Sample policy — Revised October 1, 2022",
                "zh": "示例政策 — 修订 2022年10月1日"}[locale]
    assert expected in titles


@pytest.mark.parametrize("locale", ["ja", "en", "zh"])
def test_feed_summaries_name_the_changed_sections_as_the_history_page_does(translated, locale):
    """The same phrase and the locale's own punctuation: no ", " or ": " in a Japanese or Chinese entry."""
    from policy_site.site.strings import t

    built_site = translated.site

    parsed = feedparser.parse((built_site / f"{PREFIX[locale]}feed.xml").read_bytes())
    phrase = t(locale, "changed_sections", sections="")
    naming = [entry.summary for entry in parsed.entries if phrase in entry.summary]
    assert naming, "no feed entry names the sections it changed"
    histories = "".join(read_page(page).get_text()
                        for page in (built_site / PREFIX[locale]).glob("*/history/index.html"))
    for summary in naming:
        sections = summary.split(phrase, 1)[1].split(t(locale, "sentence_separator"))[0]
        assert f"{phrase}{sections}" in histories, summary
        if locale != "en":
            assert ", " not in summary and ": " not in summary, summary


@pytest.mark.parametrize("locale", ["ja", "en", "zh"])
def test_every_page_links_the_feed_of_its_locale(translated, locale):
    built_site = translated.site
    root = built_site / PREFIX[locale] if locale != "ja" else built_site
    pages = [p for p in root.rglob("index.html") if locale != "ja" or p.relative_to(built_site).parts[0] not in ("en", "zh")]
    assert len(pages) > 10
    for page in pages:
        soup = read_page(page)
        link = soup.select_one('head link[rel=alternate][type="application/atom+xml"]')
        assert link is not None, page
        target = (page.parent / link["href"]).resolve()
        assert target == (built_site / PREFIX[locale] / "feed.xml").resolve(), page
        # and a reader sees a way to subscribe, in the page's language
        visible = soup.select_one('footer .policy-feed a[type="application/atom+xml"]')
        assert visible is not None and visible.get_text(strip=True) == t(locale, "feed_subscribe"), page
        assert (page.parent / visible["href"]).resolve() == target, page
    # The 404 page is served at any depth: its link is absolute, and in its own language too.
    soup = read_page(root / "404.html")
    link = soup.select_one('head link[rel=alternate][type="application/atom+xml"]')
    assert link["href"].endswith(f"/{PREFIX[locale]}feed.xml"), link


def test_upcoming_revision_is_in_the_feed_from_its_merge_with_its_effective_date(fixture_build):
    """Subscribers get the advance notice: the entry is there before the date, and says the date."""
    built = fixture_build("upcoming", SOURCE_DATE_EPOCH="1767225600")  # 2026-01-01
    for locale, expected in (("ja", "改定日：2028年1月1日（施行予定）。"), ("en", "Revised: January 1, 2028 (upcoming). ")):
        parsed = feedparser.parse((built.site / f"{PREFIX[locale]}feed.xml").read_bytes())
        (entry,) = [e for e in parsed.entries if e.link.endswith("#rev-2028-01-01")]
        assert entry.summary.startswith(expected), entry.summary
        (first,) = [e for e in parsed.entries if e.link.endswith("#rev-2020-01-01")]
        assert "施行予定" not in first.summary and "(upcoming)" not in first.summary


def test_feed_links_follow_the_url_style_of_the_build(translated_catalog):
    """The offline bundle has .html pages, not directories: its feed must point at those."""
    from policy_site.site.comparisons import Redlines
    from policy_site.site.feed import render_feed

    catalog, redlines = translated_catalog, Redlines()
    offline = feedparser.parse(render_feed(catalog, redlines, "en", "http://127.0.0.1:8000/", time_zone="Asia/Tokyo",
                                           use_directory_urls=False))
    online = feedparser.parse(render_feed(catalog, redlines, "en", "http://127.0.0.1:8000/", time_zone="Asia/Tokyo",
                                          use_directory_urls=True))
    assert offline.entries and all(urlsplit(e.link).path.endswith("/history.html") for e in offline.entries)
    assert all(urlsplit(e.link).path.endswith("/history/") for e in online.entries)


def test_feed_times_are_midnight_where_the_policies_apply(tmp_path):
    """`time_zone: America/Los_Angeles` puts every entry at 00:00 Los Angeles time (-08:00 in
    January, -07:00 in summer), not at the Japanese midnight the feed once assumed."""
    from conftest import build_site, make_project

    project = make_project(tmp_path / "p", "upcoming")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("time_zone: Asia/Tokyo", "time_zone: America/Los_Angeles"),
                      encoding="utf-8")
    result = build_site(project, tmp_path / "site", env={"SOURCE_DATE_EPOCH": "1767225600"})  # 2026-01-01
    assert result.returncode == 0, result.stderr
    text = (tmp_path / "site/feed.xml").read_text(encoding="utf-8")
    stamps = re.findall(r"<(?:updated|published)>([^<]+)</", text)
    assert stamps and all(stamp.endswith("T00:00:00-08:00") for stamp in stamps), stamps

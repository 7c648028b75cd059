"""Pages whose changes are those of translations say so, and lead to the authoritative page (the
default locale's). The fixture ``tests/sites/translated``: a Japanese policy of three revisions with
English and Chinese translations, and a variant of it compared with it; nothing here reads the real
site's content."""

from __future__ import annotations

import functools

import feedparser
import pytest
from bs4 import BeautifulSoup

from policy_site.site.strings import language_name, render_typography, t
from policy_site.site.urls import locale_prefix

FIXTURE = "translated"
DEFAULT_LOCALE = "ja"
LOCALES = ("ja", "en", "zh")
TRANSLATED = [locale for locale in LOCALES if locale != DEFAULT_LOCALE]


@pytest.fixture(scope="module")
def built_translations(fixture_build):
    built = fixture_build(FIXTURE)
    return built


@functools.lru_cache(maxsize=None)
def load_fixture_strings(project) -> dict:
    """The fixture's interface strings per locale, as its build resolves them."""
    from policy_site.plugin.project import load_config_of, project_of, strings_of

    config = load_config_of(project)
    return strings_of(config, project_of(config))


def fixture_t(project, locale: str, key: str, **values: str) -> str:
    """What the fixture's pages say for ``t(locale, key, …)``: the notices name its default locale."""
    values.setdefault("source_language", language_name(DEFAULT_LOCALE, locale))
    return render_typography(load_fixture_strings(project)[locale][key].format(**values), locale)


def read(path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def redline_pages(site, locale: str) -> list:
    root = site / locale_prefix(locale, DEFAULT_LOCALE)
    pages = (sorted(root.glob("*/compare/*...*/index.html")) + sorted(root.glob("*/history/index.html"))
             + sorted(root.glob("*/compare/index.html")))  # a variant against its base
    others = {locale_prefix(other, DEFAULT_LOCALE).rstrip("/") for other in LOCALES if other != locale} - {""}
    return [page for page in pages if page.relative_to(site).parts[0] not in others] + [root / "history" / "index.html"]


@pytest.mark.parametrize("locale", TRANSLATED)
def test_every_translated_redline_page_says_the_japanese_changes_are_authoritative(built_translations, locale):
    site = built_translations.site
    pages = redline_pages(site, locale)
    prefix = locale_prefix(locale, DEFAULT_LOCALE)
    assert [page.relative_to(site).as_posix() for page in pages] == [
        f"{prefix}sample/compare/{pair}/index.html"
        for pair in ("2020-01-01...2021-04-01", "2020-01-01...2022-10-01", "2021-04-01...2022-10-01")
    ] + [f"{prefix}sample/history/index.html", f"{prefix}sample-local/history/index.html",
         f"{prefix}sample-local/compare/index.html", f"{prefix}history/index.html"]
    for path in pages:
        soup = read(path)
        (note,) = [n for n in soup.select("article .admonition.note")
                   if fixture_t(built_translations.project, locale, "translated_redline_link") in n.get_text()]
        link = note.find("a", hreflang=DEFAULT_LOCALE)
        target = (path.parent / link["href"] / "index.html").resolve()
        assert target.is_file(), (path, link["href"])
        assert read(target).html["lang"] == DEFAULT_LOCALE
        # the same page at the default locale's place
        assert target.relative_to(site.resolve()).parts == path.relative_to(site).parts[1:], (path, target)


def test_japanese_pages_have_no_translation_note(built_translations):
    pages = redline_pages(built_translations.site, DEFAULT_LOCALE)
    assert len(pages) == 7  # as in each translation: three comparisons, two histories, a variant's, the timeline
    for path in pages:
        assert "translated_redline" not in path.read_text(encoding="utf-8")
        notes = read(path).select("article .admonition.note a[hreflang]")
        assert notes == [], path


@pytest.mark.parametrize("locale", TRANSLATED)
def test_counts_of_translations_say_whose_characters_they_count(built_translations, locale):
    soup = read(built_translations.site / locale_prefix(locale, DEFAULT_LOCALE) / "sample" / "history" / "index.html")
    counts = [p.get_text(" ", strip=True) for p in soup.select(".history-changes")]
    assert counts and all(t(locale, "counts_in_translation").strip() in c for c in counts), counts


@pytest.mark.parametrize("locale", TRANSLATED)
def test_the_feed_of_a_translation_says_its_counts_are_of_the_translation(built_translations, locale):
    parsed = feedparser.parse((built_translations.site / locale_prefix(locale, DEFAULT_LOCALE) / "feed.xml").read_bytes())
    assert fixture_t(built_translations.project, locale, "translated_feed_notice") in parsed.feed.subtitle

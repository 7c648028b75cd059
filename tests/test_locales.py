"""A site's locales: authoritative ones with their own texts and dates, translations of another
locale, and policies that exist in some locales only (policy_site.sources.locales).

The fixture site ``tests/sites/independent`` is a fictional company's: English (the default) and
French legal texts, neither a translation of the other (``translations: {}``), French terms dated
differently from the English ones, and legal notices in French only. Nothing here reads the real
site's content.
"""

from __future__ import annotations

import re

import feedparser
import pytest

from conftest import build_site, make_project, read_page
from policy_site.sources.locales import Locales, build_locales

EPOCH = {"SOURCE_DATE_EPOCH": "1735689600"}  # 2025-01-01 00:00 UTC: 2024-12-31 in Los Angeles


@pytest.fixture(scope="module")
def independent(tmp_path_factory):
    folder = tmp_path_factory.mktemp("independent")
    project = make_project(folder / "project", "independent")
    result = build_site(project, folder / "site", env=EPOCH)
    assert result.ok, result.stderr
    return folder / "site"


def text(page) -> str:
    return read_page(page).get_text(" ", strip=True)


def test_each_authoritative_locale_has_its_own_revisions_and_dates(independent):
    assert (independent / "terms" / "2023-01-01" / "index.html").is_file()
    assert (independent / "terms" / "2024-05-01" / "index.html").is_file()
    assert (independent / "fr" / "terms" / "2023-03-01" / "index.html").is_file()
    # no French page for an English-only date, and no English page for the French one
    assert not (independent / "fr" / "terms" / "2023-01-01").exists()
    assert not (independent / "fr" / "terms" / "2024-05-01").exists()
    assert not (independent / "terms" / "2023-03-01").exists()
    french = text(independent / "fr" / "terms" / "index.html")
    assert "Le droit français s'applique." in french
    assert "1er mars 2023" in french
    english = text(independent / "terms" / "index.html")
    assert "tell us at once if it is lost" in english and "May 1, 2024" in english


def test_no_page_of_an_authoritative_locale_says_another_text_prevails(independent):
    for page in independent.rglob("*.html"):
        words = read_page(page).get_text(" ")
        for phrase in ("translation for reference", "fait foi", "prevails", "Japanese", "japonais", "IPROS"):
            assert phrase not in words, (page.relative_to(independent), phrase)


def test_a_policy_in_one_locale_is_only_in_that_locale(independent):
    assert (independent / "fr" / "mentions-legales" / "index.html").is_file()
    assert not (independent / "mentions-legales").exists()
    assert "Mentions légales" in text(independent / "fr" / "index.html")
    assert "Mentions légales" not in text(independent / "index.html")


def test_history_timeline_and_feed_of_a_locale_follow_its_own_revisions(independent):
    history = text(independent / "fr" / "terms" / "history" / "index.html")
    assert "1er mars 2023" in history and "2024" not in history.split("Conditions d'utilisation")[0]
    assert not (independent / "fr" / "terms" / "compare").exists()  # one revision: nothing to compare
    assert (independent / "terms" / "compare" / "2023-01-01...2024-05-01" / "index.html").is_file()
    timeline = text(independent / "fr" / "history" / "index.html")
    assert "Mentions légales" in timeline and "1er mars 2023" in timeline
    english_timeline = text(independent / "history" / "index.html")
    assert "May 1, 2024" in english_timeline and "January 1, 2023" in english_timeline
    french = feedparser.parse((independent / "fr" / "feed.xml").read_bytes())
    assert sorted(entry.link.split("/fr/")[1].split("/")[0] for entry in french.entries) == ["mentions-legales", "terms"]
    english = feedparser.parse((independent / "feed.xml").read_bytes())
    assert len(english.entries) == 2
    # midnight in Los Angeles (PST in January, PDT in May)
    assert sorted(entry.updated for entry in english.entries) == ["2023-01-01T00:00:00-08:00",
                                                                  "2024-05-01T00:00:00-07:00"]


def test_a_translation_in_an_authoritative_locale_is_one_line_naming_the_option(tmp_path):
    project = make_project(tmp_path / "project", "independent")
    path = project / "docs" / "fr" / "terms" / "2023-03-01.md"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "provenance: published\ncaptured: 2024-06-01\n", 'provenance: translation\nsource_sha256: "' + "0" * 64 + '"\n'),
        encoding="utf-8")
    result = build_site(project, tmp_path / "site", env=EPOCH)
    assert not result.ok
    assert ("Reading policy source 'fr/terms/2023-03-01.md': a revision in 'fr' cannot be a translation: fr is an "
            "authoritative locale of this site; give its own provenance, or declare 'fr' under the plugin's "
            "'translations:' with the locale it translates") in result.stderr


def test_a_translation_locale_names_the_language_that_prevails(tmp_path):
    """The same site with French declared a translation of English: its pages follow the English
    revisions and say that the English text prevails, in French."""
    project = make_project(tmp_path / "project", "independent")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("translations: {}", "translations: {fr: en}"),
                      encoding="utf-8")
    registry = project / "policies.yml"
    registry.write_text(registry.read_text(encoding="utf-8") + "    translations: {}\n", encoding="utf-8")
    (project / "docs" / "fr" / "terms" / "2023-03-01.md").unlink()
    result = build_site(project, tmp_path / "site", env=EPOCH, strict=False)
    assert result.ok, result.stderr
    page = text(tmp_path / "site" / "fr" / "terms" / "index.html")
    assert "Le texte ci-dessous est l’original en anglais, qui fait foi." in page
    assert (tmp_path / "site" / "fr" / "terms" / "2024-05-01" / "index.html").is_file()
    assert "Le site est édité par Example SARL." in text(tmp_path / "site" / "fr" / "mentions-legales" / "index.html")


@pytest.mark.parametrize(("codes", "default", "mapping", "message"), [
    ([], None, None, "the site declares no language"),
    (["en", "fr"], "en", {"de": "en"}, "'de' is not one of the site's locales (en, fr); remove it"),
    (["en", "fr"], "en", {"fr": "fr"}, "'fr' cannot translate itself"),
    (["en", "fr", "de"], "en", {"fr": "de", "de": "en"}, "'fr' translates 'de', which is itself a translation"),
    (["en", "x y"], "en", None, "language 'x y' is not a locale code"),
    (["en", "fr"], "en", {"fr": "en\nx"}, "'en\\nx' is not a locale code; use one of the site's locales (en, fr)"),
])
def test_a_wrong_locale_model_is_one_line_with_the_fix(codes, default, mapping, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        build_locales(codes, default, mapping)


def test_without_a_declaration_every_other_locale_translates_the_default():
    locales = build_locales(["fr", "en", "de"], "en", None)
    assert locales.codes == ("en", "fr", "de") and locales.default == "en"
    assert locales.source_of("fr") == "en" and locales.is_authoritative("en")
    assert build_locales(["en", "fr"], "en", {}).is_authoritative("fr")
    assert Locales(("en", "fr"), "en", {"fr": "en"}).base_of("fr") == "en"


@pytest.mark.browser
@pytest.mark.parametrize("markers", ["drawn", "text"])
def test_list_markers_are_drawn_unless_the_texts_write_them(browser, tmp_path, markers):
    """Markdown lists get a bullet (the default); a site whose texts write their own markers
    (（1）, ・: list_markers: text) gets none, on the revision page and in the redline."""
    project = make_project(tmp_path / "project", "independent")
    if markers == "text":
        config = project / "mkdocs.yml"
        config.write_text(config.read_text(encoding="utf-8").replace(
            "translations: {}", "translations: {}\n      list_markers: text", 1), encoding="utf-8")
    assert build_site(project, tmp_path / "site", env=EPOCH).ok
    tab = browser.new_page()
    expected = "disc" if markers == "drawn" else "none"
    for path, selector in (("terms/2024-05-01/index.html", ".policy-text li"),
                           ("terms/compare/2023-01-01...2024-05-01/index.html", ".redline-inline li")):
        tab.goto((tmp_path / "site" / path).as_uri())
        styles = tab.eval_on_selector_all(selector, "items => items.map(li => getComputedStyle(li).listStyleType)")
        assert styles and set(styles) == {expected}, (path, styles)
    tab.close()

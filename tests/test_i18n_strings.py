"""The interface strings: one catalog per locale with every key, every string used by the code that
renders the site, and Japanese/Chinese strings typeset as such when composed. The strings of a
site's pages are tested on this site in tests/site/test_site_strings.py."""

from __future__ import annotations

import ast
import functools
import re
from datetime import date

import pytest

from conftest import ROOT, SITES
from policy_site.common.catalogs import list_catalog_locales, load_catalog_part
from policy_site.site.strings import format_date, render_typography


@functools.lru_cache(maxsize=None)
def load_fixture_strings() -> dict:
    """The strings of a fixture site (tests/sites/company: ja, en, zh) per locale, as its build resolves them."""
    from policy_site.plugin.project import load_config_of, project_of, strings_of

    config = load_config_of(SITES / "company")
    return strings_of(config, project_of(config))


def t(locale: str, key: str, **values: str) -> str:
    """What the fixture's pages say for ``t(locale, key, …)``."""
    return render_typography(load_fixture_strings()[locale][key].format(**values), locale)


def test_every_locale_has_every_string():
    """Every shipped catalog has exactly the ja catalog's keys, in both parts (the loader refuses
    a catalog that does not, naming the key: tests/test_catalogs.py)."""
    catalogs = {locale: load_catalog_part(locale, "site") for locale in list_catalog_locales()}
    assert {"ja", "en", "zh", "fr", "de"} <= set(catalogs)
    for locale in catalogs:
        assert list(catalogs[locale]) == list(catalogs["ja"]), locale  # same keys, same order
        assert list(load_catalog_part(locale, "redline")) == list(load_catalog_part("ja", "redline")), locale
    for locale, table in catalogs.items():
        optional = ("in_preparation", "translation_notice", "translation_notice_reconstructed",
                    "translated_redline_notice", "translated_redline_link", "counts_in_translation",
                    "translated_feed_notice", "history_in_preparation", "stale_notice",
                    "sentence_gap")  # empty in ja: said of translations
        assert all(value.strip() for key, value in table.items() if key not in optional), locale


# Keys that no source names whole: they are composed at run time. Each entry is the piece of
# source that composes them (checked to be still there) and the keys it can compose; a new value
# (a new event, side or provenance) is added here with its string.
COMPOSED_KEYS = {
    'f"event_{event}"': ("event_established", "event_revised"),  # site/history.py, site/reconstructions.py
    'f"inferred_{side}"': ("inferred_old", "inferred_new", "inferred_both"),  # site/reconstructions.py
    'f"{provenance}_badge"': ("published_badge", "archived_badge", "reconstructed_badge"),  # site/history.py
}
USER_SOURCES = [ROOT / "src" / "policy_site", ROOT / "hooks"]  # the theme is src/policy_site/theme


def _python_names(path) -> set[str]:
    """Every string literal of a module (the strings themselves live in the catalogs, not in Python)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {node.value for node in ast.walk(tree) if isinstance(node, ast.Constant) and isinstance(node.value, str)}


def used_string_names() -> tuple[set[str], str]:
    """The quoted names in the Python, templates and scripts that render the site (``t(locale, "key")``,
    ``"key" if … else "key"``, ``lang.t('key')``), and their whole text."""
    names: set[str] = set()
    texts = []
    for folder in USER_SOURCES:
        for path in sorted(folder.rglob("*")):
            if path.suffix not in (".py", ".html", ".js"):
                continue
            text = path.read_text(encoding="utf-8")
            texts.append(text)
            if path.suffix == ".py":
                names |= _python_names(path)
            else:
                names |= set(re.findall(r"[\"']([a-z][a-z0-9_]*)[\"']", text))
    return names, "\n".join(texts)


def test_every_string_is_used():
    """A string no page asks for is dead wording that still has to be translated and reviewed."""
    names, text = used_string_names()
    composed = set()
    for piece, keys in COMPOSED_KEYS.items():
        assert piece in text, f"{piece} no longer composes {keys}: update COMPOSED_KEYS"
        composed |= set(keys)
    defined = set(load_catalog_part("ja", "site"))
    assert sorted(defined - names - composed) == [], "defined in the catalogs' site part, asked for nowhere: remove them"
    assert sorted(composed - defined) == []


@pytest.mark.parametrize("text,expected", [
    ("この版は 2009年2月10日 に改定されました", "この版は2009年2月10日に改定されました"),
    ("改定 (再構成)", "改定（再構成）"),
    ("2023年6月15日 (現行版)", "2023年6月15日（現行版）"),
    ("{sections} 箇所、挿入 {inserted} 文字", "{sections}箇所、挿入{inserted}文字"),
    ("現行版は [2023年6月15日](index.md) です", "現行版は[2023年6月15日](index.md)です"),
    ("[比較](../privacy/index.md) (2023年6月15日施行)", "[比較](../privacy/index.md)（2023年6月15日施行）"),
    ("プライバシーポリシー 改定履歴", "プライバシーポリシー 改定履歴"),  # a space between words is kept
    ("BtoB (business) 情報", "BtoB (business) 情報"),  # Latin in parentheses stays half-width
])
def test_japanese_typography_of_composed_strings(text, expected):
    assert render_typography(text, "ja") == expected
    assert render_typography(text, "en") == text


def test_ja_and_zh_strings_are_typeset_as_composed():
    """Composed strings come out typeset: no half-width brackets, no spaces around dates."""
    day = format_date(date(2009, 2, 10), "ja")
    for locale in ("ja", "zh"):
        composed = [t(locale, "superseded", date=day, link="[2023年6月15日](index.md)"),
                    t(locale, "upcoming_notice", date=day, link="[x](history.md#rev-2099-01-01)", built=day, days="3"),
                    t(locale, "annotated", text=day, note=t(locale, "note_current")),
                    t(locale, "change_counts", sections="2", inserted="25", deleted="12")]
        for text in composed:
            assert not re.search(r"[^\]]\(|\)(?!$)", text.replace("(index.md)", "").replace("(history.md#rev-2099-01-01)", "")), text
            assert not re.search(r"\d日 | \d", text), text


# --- Built pages of a fixture site (tests/sites/company: ja, en and zh, the company's own names) ---

COMPANY_PREFIX = {"ja": "", "en": "en/", "zh": "zh/"}


@pytest.fixture(scope="module")
def company_site(fixture_build):
    built = fixture_build("company")
    return built.site


def company_pages(site, locale: str) -> list:
    root = site / COMPANY_PREFIX[locale]
    pages = [p for p in sorted(root.rglob("*.html")) if locale != "ja" or p.relative_to(site).parts[0] not in ("en", "zh")]
    assert len(pages) >= 6
    return pages


@pytest.mark.parametrize("locale", ["ja", "en", "zh"])
def test_a_fixture_sites_name_copyright_and_theme_labels_are_in_the_page_language(company_site, locale):
    from conftest import check_page_chrome, read_page

    check_page_chrome(read_page(company_site / COMPANY_PREFIX[locale] / "sample/index.html"), locale, t)


@pytest.mark.parametrize("locale", ["ja", "en", "zh"])
def test_a_fixture_sites_page_titles_are_unique_and_say_what_the_page_is(company_site, locale):
    from conftest import read_page

    titles: dict[str, str] = {}
    for page in company_pages(company_site, locale):
        title = read_page(page).title.get_text()
        assert title not in titles, f"{page.relative_to(company_site)} and {titles[title]} share '{title}'"
        titles[title] = str(page.relative_to(company_site))
    expected = {"ja": "見本方針 改定履歴", "en": "Sample policy: Revision History", "zh": "示例政策：修订历史"}[locale]
    assert titles[f"{expected} - {t(locale, 'site_name')}"].endswith("sample/history/index.html")


@pytest.mark.parametrize("locale", ["ja", "en", "zh"])
def test_a_fixture_sites_404_page_is_in_its_language_with_a_link_home(company_site, locale):
    from conftest import check_not_found_page, read_page

    soup = read_page(company_site / COMPANY_PREFIX[locale] / "404.html")
    check_not_found_page(soup, locale, t, "/" + COMPANY_PREFIX[locale])

"""The URL contract: ja at the root, en and zh below, current and permanent links per policy."""

from __future__ import annotations

import json
import re

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import DEFAULT_LOCALE, ROOT, read_page
from policy_site.common import scripts
from policy_site.site.urls import locale_prefix
from conftest import LOCALES

POLICIES = [entry["id"] for entry in yaml.safe_load((ROOT / "policies.yml").read_text(encoding="utf-8"))["policies"]]
PREFIX = {locale: locale_prefix(locale, DEFAULT_LOCALE) for locale in LOCALES}  # the site's one URL rule
JAPANESE_RUN = re.compile(f"[{scripts.char_class(scripts.HIRAGANA, scripts.KATAKANA)}]{{10,}}")  # ten kana in a row


def revision_dates(policy: str) -> list[str]:
    return sorted(p.stem for p in (ROOT / "docs" / "ja" / policy).glob("*.md"))


def read(site, path: str) -> BeautifulSoup:
    return read_page(site / path)


@pytest.mark.parametrize("locale", ["ja", "en", "zh"])
def test_every_contract_url_exists_with_its_language(built_site, locale):
    paths = [f"{PREFIX[locale]}index.html", f"{PREFIX[locale]}404.html"]
    for policy in POLICIES:
        paths.append(f"{PREFIX[locale]}{policy}/index.html")
        paths += [f"{PREFIX[locale]}{policy}/{date}/index.html" for date in revision_dates(policy)]
    for path in paths:
        assert (built_site / path).is_file(), f"missing {path}"
        assert read(built_site, path).html["lang"] == locale, path


@pytest.mark.parametrize("locale", ["ja", "en", "zh"])
def test_home_lists_every_policy_with_its_effective_date(built_site, catalog, locale):
    from policy_site.site.strings import format_date

    soup = read(built_site, f"{PREFIX[locale]}index.html")
    links = {a["href"].strip("./") for a in soup.select("article table a")}
    assert links == set(POLICIES)
    rows = {row.select_one("a")["href"].strip("./"): row.get_text(" ", strip=True)
            for row in soup.select("article table tbody tr")}
    for policy in POLICIES:
        assert format_date(catalog.current(policy).effective, locale) in rows[policy], (policy, rows[policy])


@pytest.mark.parametrize("locale", ["en", "zh"])
def test_pages_in_en_and_zh_say_what_their_text_is(built_site, locale):
    """Never silently Japanese: either a translation notice or a translation-in-preparation notice."""
    for policy in POLICIES:
        for path in [f"{policy}/index.html"] + [f"{policy}/{d}/index.html" for d in revision_dates(policy)]:
            soup = read(built_site, PREFIX[locale] + path)
            notices = " ".join(n.get_text() for n in soup.select("article .admonition"))
            text = soup.select_one(".policy-text").get_text()
            japanese_text = bool(JAPANESE_RUN.search(text))
            if japanese_text:
                assert "preparation" in notices or "准备中" in notices, path
            else:
                assert "translation" in notices or "译文" in notices, path


def test_index_page_shows_the_revision_in_effect(built_site, catalog):
    for policy in POLICIES:
        index = read(built_site, f"{policy}/index.html").select_one(".policy-text").get_text()
        current = catalog.current(policy).effective.isoformat()  # an upcoming revision is not in effect
        permalink = read(built_site, f"{policy}/{current}/index.html").select_one(".policy-text").get_text()
        assert index == permalink


def test_switcher_keeps_the_page(built_site):
    soup = read(built_site, "en/privacy/2023-06-15/index.html")
    links = {a["hreflang"]: a["href"] for a in soup.select("a.md-select__link")}
    assert links == {"ja": "../../../privacy/2023-06-15/", "en": "./", "zh": "../../../zh/privacy/2023-06-15/"}


def test_root_404_is_japanese_and_each_locale_has_its_own(built_site):
    assert read(built_site, "404.html").html["lang"] == "ja"
    for locale in ("en", "zh"):
        soup = read(built_site, f"{locale}/404.html")
        assert soup.html["lang"] == locale
        links = {a["hreflang"]: a["href"] for a in soup.select("a.md-select__link")}
        assert links["ja"] == "/404.html" and links[locale] == f"/{locale}/404.html"


def test_headings_have_readable_ids(built_site):
    soup = read(built_site, "privacy/index.html")
    assert soup.select_one(".policy-text h1")["id"] == "プライバシーポリシー"
    assert soup.select_one("h2#third-party") is not None


@pytest.mark.parametrize("locale", ["ja", "en", "zh"])
def test_search_script_gets_each_languages_folder_from_the_url_rule(built_site, locale):
    expected = {locale_prefix(code, DEFAULT_LOCALE): code for code in LOCALES}
    for path in [f"{PREFIX[locale]}index.html", f"{PREFIX[locale]}privacy/history/index.html"]:
        script = read(built_site, path).find("script", src=re.compile(r"search-language\.js$"))
        assert json.loads(script["data-locale-prefixes"]) == expected, path

"""Every page of this site reads natively in its language: its names are its glossary's, no page
shows another locale's interface strings, titles say what each page is, the 404 page speaks the
reader's language, and the interface text around its wording is typeset as Japanese/Chinese is
(moved from tests/test_i18n_strings.py, which keeps the catalogs' own tests)."""

from __future__ import annotations

import re

import pytest

from conftest import DEFAULT_LOCALE, check_not_found_page, check_page_chrome, load_site_strings, read_page, site_t, text_without, within
from policy_site.site.urls import locale_prefix
from conftest import LOCALES

STRINGS = load_site_strings()  # the real site's strings per locale, as its pages show them
t = site_t
PREFIX = {locale: locale_prefix(locale, DEFAULT_LOCALE) for locale in LOCALES}  # the site's one URL rule
HOME = {locale: "/" + prefix for locale, prefix in PREFIX.items()}

# What the issue saw on the wrong pages, and Material/MkDocs defaults that come out in English
# when a label is a setting rather than a theme translation.
KNOWN_FOREIGN = {
    "en": ["IPROS Corporation policies", "Dark mode", "Light mode", "Permanent link", "404 - Not found",
           "Policy texts ©", "The Japanese text is authoritative", "Initializing search", "Table of contents",
           "Select language", "Previous", "Next"],
    "ja": ["株式会社イプロス 政策", "前 現行版", "次 現行版", "改定前", "改定後", "傍線部分は改定部分"],
    "zh": ["株式会社イプロス 政策", "重构", "施行日期", "一般版本", "划线部分为修订部分", "个未修改的块"],
}


def _fragments(locale: str) -> set[str]:
    """The literal pieces of a locale's strings (placeholders cut out) long enough to be telling."""
    pieces = set()
    for value in STRINGS[locale].values():
        for piece in re.split(r"\{[a-z_]+\}", value):
            piece = piece.strip(" 。、，.:：()（）·")
            if (locale == "en" and " " in piece and len(piece) >= 8) or (locale != "en" and len(piece) >= 4):
                pieces.add(piece)
    return pieces


def foreign_strings(locale: str) -> list[str]:
    """Other locales' interface strings that cannot legitimately appear on a ``locale`` page."""
    own = " ".join(STRINGS[locale].values())
    found = set()
    for other in STRINGS:
        if other == locale:
            continue
        found |= {piece for piece in _fragments(other) if piece not in own}
        found |= {s for s in KNOWN_FOREIGN[other] if s not in own}
    return sorted(found)


def visible_text(page) -> str:
    """What a reader sees or hears: the title, the body text and accessible names, without the
    language switcher (each language in its own name) and text marked as another language."""
    soup = read_page(page)
    html_lang = soup.html.get("lang")
    hidden = within([*soup.select(".md-select"),
                     *(element for element in soup.select("body [lang]") if element.get("lang") != html_lang)])
    attributes = [str(el.get(name)) for name in ("title", "aria-label", "placeholder")
                  for el in soup.select(f"body [{name}]") if id(el) not in hidden]
    return "\n".join([soup.title.get_text() if soup.title else "", text_without(soup.body, hidden, " "), *attributes])


def pages_of(built_site, locale):
    root = built_site / PREFIX[locale] if PREFIX[locale] else built_site
    pages = [p for p in sorted(root.rglob("*.html"))
             if locale != "ja" or p.relative_to(built_site).parts[0] not in ("en", "zh")]
    assert len(pages) >= 17
    return pages


def test_site_names_are_the_glossarys():
    import yaml

    from conftest import ROOT

    glossary = yaml.safe_load((ROOT / "glossary.yml").read_text(encoding="utf-8"))
    for locale in STRINGS:
        assert t(locale, "site_name") == glossary["site_names"][locale]["name"]
        assert t(locale, "home_title") == t(locale, "site_name")


@pytest.mark.parametrize("locale", ["ja", "en", "zh"])
def test_no_page_shows_another_locales_interface_strings(built_site, locale):
    foreign = foreign_strings(locale)
    assert "Permanent link" in foreign or locale == "en"
    offenders = []
    for page in pages_of(built_site, locale):
        text = visible_text(page)
        hits = [s for s in foreign if s in text]
        if hits:
            offenders.append(f"{page.relative_to(built_site)}: {hits[:3]}")
    assert offenders == []


@pytest.mark.parametrize("locale", ["ja", "en", "zh"])
def test_site_name_copyright_and_theme_labels_are_in_the_page_language(built_site, locale):
    check_page_chrome(read_page(built_site / PREFIX[locale] / "privacy/index.html"), locale, t)


@pytest.mark.parametrize("locale", ["ja", "en", "zh"])
def test_page_titles_are_unique_and_say_what_the_page_is(built_site, locale):
    titles: dict[str, str] = {}
    for page in pages_of(built_site, locale):
        title = read_page(page).title.get_text()
        assert title not in titles, f"{page.relative_to(built_site)} and {titles[title]} share '{title}'"
        titles[title] = str(page.relative_to(built_site))
    site = t(locale, "site_name")
    expected = {"ja": "プライバシーポリシー 改定履歴", "en": "Privacy Policy: Revision History",
                "zh": "隐私政策：修订历史"}[locale]
    assert titles[f"{expected} - {site}"].endswith("privacy/history/index.html")


@pytest.mark.parametrize("locale", ["ja", "en", "zh"])
def test_footer_names_the_neighbouring_pages_by_their_titles(built_site, locale):
    soup = read_page(built_site / PREFIX[locale] / "privacy/history/index.html")
    titles = [el.get_text(strip=True) for el in soup.select(".md-footer__link .md-ellipsis")]
    privacy = {"ja": "プライバシーポリシー", "en": "Privacy Policy", "zh": "隐私政策"}[locale]
    assert titles[0] == privacy
    assert titles[1].startswith(privacy) and len(titles[1]) > len(privacy)  # the China variant
    assert t(locale, "nav_current") not in titles


@pytest.mark.parametrize("locale", ["ja", "en", "zh"])
def test_404_page_is_in_its_language_with_a_link_home(built_site, locale):
    check_not_found_page(read_page(built_site / PREFIX[locale] / "404.html"), locale, t, HOME[locale])


@pytest.mark.parametrize("locale", ["ja", "en", "zh"])
def test_variant_comparison_columns_are_the_two_policies(built_site, locale):
    soup = read_page(built_site / PREFIX[locale] / "privacy-china/compare/index.html")
    table = soup.select_one("table.redline-sbs")
    headers = [th.get_text() for th in table.select("thead th")]
    titles = {"ja": ["プライバシーポリシー", "プライバシーポリシー（中国国内からの利用者・会員向け）"],
              "en": ["Privacy Policy", "Privacy Policy (for Users and Members in China)"],
              "zh": ["隐私政策", "隐私政策（面向中国境内用户和会员）"]}[locale]
    # The 新旧対照表 puts the variant (in the "new" column) left; the other locales put the base left.
    assert headers == (titles[::-1] if locale == "ja" else titles)
    assert table.select_one("caption").get_text() == t(locale, "compare_legend")
    assert "改正" not in soup.select_one("article").get_text()


@pytest.mark.parametrize("locale", ["ja", "en", "zh"])
def test_timeline_does_not_call_a_revised_policy_first(built_site, locale):
    soup = read_page(built_site / PREFIX[locale] / "history/index.html")
    title = {"ja": "情報の外部送信について", "en": "External Transmission of Information", "zh": "关于信息的外部发送"}[locale]
    row = next(tr for tr in soup.select("article table tbody tr") if tr.find_all("td")[1].get_text() == title)
    cells = [td.get_text() for td in row.find_all("td")]
    assert cells[2] == t(locale, "event_revised") and cells[3] == t(locale, "history_no_previous")


def test_english_badges_and_banner_titles_are_capitalised(built_site):
    soup = read_page(built_site / "en/privacy/history/index.html")
    badges = {span.get_text() for span in soup.select(".history-badge")}
    assert {"Revised", "Current version", "Published text", "Reconstruction"} <= badges
    assert all(badge[0].isupper() for badge in badges)
    assert {el.get_text(strip=True) for el in soup.select(".admonition.danger > .admonition-title")} == {"Reconstruction"}


@pytest.mark.parametrize("locale", ["ja", "zh"])
def test_built_interface_text_has_no_half_width_brackets_or_spaced_dates(built_site, locale):
    """Legal's wording is left as published: only what the site writes around it is checked."""
    offenders = []
    for page in pages_of(built_site, locale):
        article = read_page(page).select_one("article")
        if article is None:
            continue
        wording = within(article.select(".policy-text, .redline, .redline-summary, .admonition.danger details, select, "
                                        "a.headerlink, [lang]"))
        for block in article.find_all(["p", "td", "th", "li", "summary", "caption", "h1", "h2", "h3", "label"]):
            if id(block) in wording:
                continue
            text = text_without(block, wording)
            for bad in re.findall(r"\S* ?\([^)]*\)|[^\s\d]{0,4}\d+日 [぀-ヿ一-鿿]|[぀-ヿ一-鿿] \d\S*", text):
                offenders.append(f"{page.relative_to(built_site)}: {bad!r}")
    assert offenders == []

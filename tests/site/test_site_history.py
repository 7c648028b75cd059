"""This site's revision history as published: its policies' history, comparison and timeline pages, the
banners of its reconstructions, its production build without them (moved from tests/test_history.py;
the generator's own history tests, on fixture sites, stay there)."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from conftest import DEFAULT_LOCALE, ROOT, build_site, load_project_catalog, read_page
from policy_site.site.urls import locale_prefix
from conftest import LOCALES

PREFIX = {locale: locale_prefix(locale, DEFAULT_LOCALE) for locale in LOCALES}  # the site's one URL rule
# Derived from the sources, so that a new revision keeps these tests true.
CATALOG = load_project_catalog()
JA_REVISIONS = [r for r in CATALOG.revisions if r.locale == "ja"]


def dates_newest_first(policy: str) -> list[str]:
    return [r.effective.isoformat() for r in reversed(CATALOG.revisions_of(policy))]


PRIVACY_DATES = dates_newest_first("privacy")
PRIVACY_CURRENT = CATALOG.current("privacy").effective.isoformat()
RECONSTRUCTED = {(r.policy, r.effective.isoformat()) for r in JA_REVISIONS if r.is_reconstructed}
PUBLISHED = {(r.policy, r.effective.isoformat()) for r in JA_REVISIONS if not r.is_reconstructed}
BANNER = {"ja": "この版は推定復元版です", "en": "This revision is a reconstruction", "zh": "本版本为推定复原版本"}


def read(site, path: str) -> BeautifulSoup:
    return read_page(site / path)


def compare(site, locale: str, old: str, new: str, policy: str = "privacy") -> BeautifulSoup:
    """The comparison page of two revisions."""
    return read(site, f"{PREFIX[locale]}{policy}/compare/{old}...{new}/index.html")


def entry_redline(site, locale: str, date: str, view: str = "redline-inline"):
    """The inline (or side-by-side) redline of revision ``date`` against its predecessor."""
    previous = PRIVACY_DATES[PRIVACY_DATES.index(date) + 1]
    view_element = compare(site, locale, previous, date).select_one(f".{view}")
    assert view_element is not None, f"no redline for {date}"
    return view_element


def marked(fragment, tag: str) -> str:
    return " ".join(element.get_text() for element in fragment.select(tag))


@pytest.mark.parametrize("locale", ["ja", "en", "zh"])
def test_history_lists_every_revision_newest_first(built_site, locale):
    soup = read(built_site, f"{PREFIX[locale]}privacy/history/index.html")
    assert [h["id"] for h in soup.select("article h2[id]")] == [f"rev-{d}" for d in PRIVACY_DATES]
    soup = read(built_site, f"{PREFIX[locale]}privacy-china/history/index.html")
    assert [h["id"] for h in soup.select("article h2[id]")] == [f"rev-{d}" for d in dates_newest_first("privacy-china")]


@pytest.mark.parametrize("locale,inserted_2023,inserted_2022,inserted_2009", [
    ("ja", "第三者のサービス等", "個人識別符号", "この「プライバシーポリシー」は"),
    ("en", "services of third parties", "individual identification code", 'This "Privacy Policy"'),
    ("zh", "第三方的服务等", "个人识别符号", "本“隐私政策”"),
])
def test_history_marks_known_changes_as_insertions(built_site, locale, inserted_2023, inserted_2022, inserted_2009):
    assert inserted_2023 in marked(entry_redline(built_site, locale, "2023-06-15"), "ins")
    assert inserted_2022 in marked(entry_redline(built_site, locale, "2022-04-01"), "ins")
    assert inserted_2009 in marked(entry_redline(built_site, locale, "2009-02-10"), "ins")
    deleted = marked(entry_redline(built_site, locale, "2023-06-15"), "del")
    assert {"ja": "2022年4月1日", "en": "April", "zh": "2022年4月1日"}[locale] in deleted


@pytest.mark.parametrize("locale", ["ja", "en", "zh"])
def test_history_marks_deleted_clause_in_the_side_by_side_view(built_site, locale):
    table = entry_redline(built_site, locale, "2023-06-15", "redline-side-by-side").select_one("table.redline-sbs")
    headers = [th.get_text() for th in table.select("thead th")]
    # The 新旧対照表 convention: the new text (改定後) in the left column, the old (改定前) right;
    # English and Chinese readers get the old text left.
    assert headers == {"ja": ["改定後", "改定前"], "en": ["Before the revision", "After the revision"],
                       "zh": ["修订前", "修订后"]}[locale]
    rows = table.select("tbody > tr")
    assert rows and all(len(row.find_all("td", recursive=False)) == 2 for row in rows)
    assert table.select_one("caption.redline-legend").get_text() in (
        "（傍線部分は改定部分）", "(Underlined parts are the revised parts)", "（下划线部分为修订部分）")
    old_index = 2 if locale == "ja" else 1
    old_column = " ".join(td.get_text() for td in table.select(f"tbody > tr > td:nth-child({old_index}) del"))
    assert {"ja": "2022年4月1日", "en": "April", "zh": "2022年4月1日"}[locale] in old_column


@pytest.mark.parametrize("locale", ["ja", "en", "zh"])
def test_reconstruction_banner_exactly_where_the_text_is_reconstructed(built_site, locale):
    for policy, date in RECONSTRUCTED | PUBLISHED:
        soup = read(built_site, f"{PREFIX[locale]}{policy}/{date}/index.html")
        banner = " ".join(a.get_text() for a in soup.select("article .admonition.danger"))
        assert (BANNER[locale] in banner) == ((policy, date) in RECONSTRUCTED), (policy, date)
        index = read(built_site, f"{PREFIX[locale]}{policy}/index.html").get_text()
        assert BANNER[locale] not in index
    history = read(built_site, f"{PREFIX[locale]}privacy/history/index.html").select_one("article")
    for date in PRIVACY_DATES:
        heading = history.select_one(f"h2#rev-{date}")
        entry = []
        for sibling in heading.find_next_siblings():
            if sibling.name == "h2":
                break
            entry.append(sibling.get_text())
        assert (BANNER[locale] in " ".join(entry)) == (("privacy", date) in RECONSTRUCTED), date


def test_variant_comparison_redlines_the_published_texts(built_site):
    soup = read(built_site, "privacy-china/compare/index.html")
    inline = soup.select_one(".redline-inline")
    assert "日本国内外の適用法令" in marked(inline, "ins")
    assert "個人情報の保存" in marked(inline, ".redline-added")
    assert soup.select_one(".redline-side-by-side table.redline-sbs") is not None
    en = read(built_site, "en/privacy-china/compare/index.html").select_one(".redline-inline")
    assert "outside Japan" in marked(en, "ins")


@pytest.mark.parametrize("locale", ["ja", "en", "zh"])
def test_timeline_lists_all_revisions_with_links(built_site, locale):
    soup = read(built_site, f"{PREFIX[locale]}history/index.html")
    links = [a["href"] for a in soup.select("article table a")]
    timeline = sorted(JA_REVISIONS, key=lambda r: (r.effective, r.policy), reverse=True)
    assert len(links) == len(timeline)
    for link, revision in zip(links, timeline):
        assert link.endswith(f"{revision.policy}/history/#rev-{revision.effective.isoformat()}"), link


def test_history_pages_are_in_the_nav_and_searchable(built_site):
    soup = read(built_site, "privacy/index.html")
    nav_links = {a.get("href") for a in soup.select("nav.md-nav--primary a")}
    assert any(h and h.endswith("history/") for h in nav_links)
    index = (built_site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert '"location":"privacy/history/"' in index and '"location":"en/privacy/history/"' in index


@pytest.mark.slow  # a second build of the real sources
def test_production_setting_drops_reconstructed_revisions(tmp_path):
    result = build_site(ROOT, tmp_path / "site", env={"POLICY_INCLUDE_RECONSTRUCTED": "false"})
    assert result.returncode == 0, result.stderr
    assert f"{len(RECONSTRUCTED)} reconstructed left out" in result.stderr
    site = tmp_path / "site"
    for locale in ("ja", "en", "zh"):
        for policy, date in RECONSTRUCTED:
            assert not (site / f"{PREFIX[locale]}{policy}/{date}/index.html").exists()
        soup = read(site, f"{PREFIX[locale]}privacy/history/index.html")
        published = [f"rev-{d}" for d in PRIVACY_DATES if ("privacy", d) not in RECONSTRUCTED]
        assert [h["id"] for h in soup.select("article h2[id]")] == published
        assert BANNER[locale] not in soup.get_text()
        assert soup.select_one(".history-badge--revised") is not None  # not "established"


@pytest.mark.browser
def test_switcher_on_a_history_page_lands_on_the_same_history_page(page, site_server):
    page.goto(f"{site_server}/privacy/history/")
    for locale, expected in (("en", "/en/privacy/history/"), ("zh", "/zh/privacy/history/"), ("ja", "/privacy/history/")):
        page.locator(".md-header__option .md-select").hover()
        page.locator(f"a.md-select__link[hreflang={locale}]").click()
        page.wait_for_url(f"{site_server}{expected}")
    page.goto(f"{site_server}/privacy/compare/2022-04-01...2023-06-15/")
    page.locator("label[for='view-side-by-side']", has_text="新旧対照表").click()
    assert page.locator(".redline-side-by-side").is_visible()
    assert page.locator(".redline-inline").is_hidden()
    assert page.foreign_requests == []


# --- Comparison pages and the history index ------------------------------------------------------

PAIRS = [(old, new) for k, new in enumerate(PRIVACY_DATES) for old in PRIVACY_DATES[k + 1:]]


@pytest.mark.parametrize("locale", ["ja", "en", "zh"])
def test_every_pair_of_revisions_has_a_comparison_page_listed_on_the_history_page(built_site, locale):
    history = read(built_site, f"{PREFIX[locale]}privacy/history/index.html")
    listed = {(a["data-old"], a["data-new"]): a["href"] for a in history.select("article a[data-old]")}
    assert set(listed) == set(PAIRS)  # in the entries (previous, in effect) or in the list of the others
    in_list = {(a["data-old"], a["data-new"]) for a in history.select(".history-compare-list a[data-old]")}
    neighbours = set(zip(PRIVACY_DATES[1:], PRIVACY_DATES))
    assert in_list == {(old, new) for old, new in PAIRS  # neither neighbours nor with the revision in effect
                       if (old, new) not in neighbours and PRIVACY_CURRENT not in (old, new)}
    for (old, new), href in listed.items():
        assert href == f"../compare/{old}...{new}/"
        page = compare(built_site, locale, old, new)
        links = {a["href"] for a in page.select("article a[href]")}
        assert f"../../{old}/" in links and f"../../{new}/" in links  # both full texts
        assert page.select_one(".redline-inline") and page.select_one(".redline-side-by-side table.redline-sbs")
        assert page.select_one(".redline-summary") is not None
    form = history.select_one("form[data-history-compare]")
    assert form.has_attr("hidden")  # shown by history.js; without JavaScript the list is what works
    # the newest revision against the one in effect (or, when the newest is in effect, its predecessor)
    default_old = PRIVACY_DATES[1] if PRIVACY_CURRENT == PRIVACY_DATES[0] else PRIVACY_CURRENT
    assert form.select_one("select[name=old]")["data-default"] == default_old
    assert form.select_one("select[name=new]")["data-default"] == PRIVACY_DATES[0]


def test_history_index_is_light_and_links_each_revision(built_site):
    history = read(built_site, "privacy/history/index.html")
    assert history.select(".redline") == []  # no redline on the index: each is on its own page
    entry = [el for el in history.select_one("h2#rev-2022-04-01").find_next_siblings()][:6]
    hrefs = [a["href"] for el in entry for a in el.select("a[href]")]
    dates = [revision.effective.isoformat() for revision in CATALOG.revisions_of("privacy")]
    previous, current = dates[dates.index("2022-04-01") - 1], CATALOG.current("privacy").effective.isoformat()
    assert "../2022-04-01/" in hrefs
    assert f"../compare/{previous}...2022-04-01/" in hrefs  # with the previous revision
    assert f"../compare/2022-04-01...{current}/" in hrefs  # with the revision in effect
    assert "挿入" in " ".join(el.get_text() for el in entry)  # the change counts


@pytest.mark.parametrize("locale,marker", [("ja", "（略）"), ("en", "(unchanged text omitted)"), ("zh", "（略）")])
def test_comparison_shows_changes_in_context_and_marks_omitted_text(built_site, locale, marker):
    page = compare(built_site, locale, "2022-04-01", "2023-06-15")
    inline, side = page.select_one(".redline-inline"), page.select_one(".redline-side-by-side")
    assert marker in [el.get_text() for el in inline.select(".redline-elided")]
    assert marker in [el.get_text() for el in side.select("tr.redline-elided td")]
    # Inline: the omitted text is in the page for "show the full text"; side by side: left out.
    assert inline.select(".redline-far") and not side.select(".redline-far")
    assert page.select_one("input.history-fulltext-toggle + label.history-fulltext-label") is not None
    full = compare(built_site, locale, "2022-04-01", "2023-06-15")
    assert len(full.select(".redline-inline .redline-block")) > len(side.select("tbody > tr:not(.redline-elided)"))


def test_side_by_side_marks_new_and_deleted_provisions_in_the_other_column(built_site):
    table = compare(built_site, "ja", "2005-08-21", "2009-02-10").select_one("table.redline-sbs")
    absent = [(td.find_previous_siblings("td") != [], td.get_text()) for td in table.select("td.redline-absent")]
    assert (True, "（新設）") in absent  # in the old column (改定前, the second)


def test_summary_links_point_into_their_own_view(built_site):
    page = compare(built_site, "ja", "2022-04-01", "2023-06-15")
    for block in page.select(".history-views .tabbed-block"):
        ids = {el["id"] for el in block.select("[id]")}
        targets = [a["href"][1:] for a in block.select(".redline-summary a[href^='#']")]
        assert targets and all(target in ids for target in targets)


def test_timeline_rows_are_wrapped_for_small_screens(built_site):
    soup = read(built_site, "history/index.html")
    assert soup.select_one(".history-timeline table") is not None


@pytest.mark.parametrize("locale", ["ja", "en", "zh"])
def test_history_pages_stay_light(built_site, locale):
    """The weights the benchmark reports, as limits: the index under 100 KB of HTML, each
    comparison under 3x the HTML of the newer revision's own page."""
    for policy in ("privacy", "privacy-china", "external-transmission"):
        folder = built_site / f"{PREFIX[locale]}{policy}"
        assert (folder / "history/index.html").stat().st_size < 100 * 1024, policy
        for page in (folder / "compare").glob("*...*/index.html"):
            newer = folder / page.parent.name.split("...")[1] / "index.html"
            assert page.stat().st_size < 3 * newer.stat().st_size, page.parent.name


@pytest.mark.parametrize("locale", ["ja", "en", "zh"])
def test_the_inference_notice_keeps_each_of_its_dates_on_one_line(built_site, locale):
    """The notice goes into the page after its dates were wrapped (with the redlines): found when
    one more revision made it list three law dates, which broke at 390 px."""
    from policy_site.site.nowrap import compile_date_pattern

    revisions = dates_newest_first("privacy")
    notice = compare(built_site, locale, revisions[-1], revisions[0]).select_one(".inferred-marker")
    assert notice is not None
    pattern = compile_date_pattern(locale)
    dates = [text for text in notice.find_all(string=pattern) if "policy-date" not in (text.parent.get("class") or [])]
    wrapped = [span.get_text() for span in notice.select("span.policy-date")]
    assert wrapped and not dates  # every date is a span's whole text, none left in running text
    assert all(pattern.fullmatch(text) for text in wrapped)

"""Revision history in the built site: pages, redlines, banners, production builds, upcoming revisions."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, load_project_catalog, make_project, run_build

PREFIX = {"ja": "", "en": "en/", "zh": "zh/"}
# Derived from the sources, so that a new revision keeps these tests true.
CATALOG = load_project_catalog()
JA_REVISIONS = [r for r in CATALOG.revisions if r.locale == "ja"]


def dates_newest_first(policy: str) -> list[str]:
    return [r.effective.isoformat() for r in reversed(CATALOG.revisions_of(policy))]


PRIVACY_DATES = dates_newest_first("privacy")
RECONSTRUCTED = {(r.policy, r.effective.isoformat()) for r in JA_REVISIONS if r.is_reconstructed}
PUBLISHED = {(r.policy, r.effective.isoformat()) for r in JA_REVISIONS if not r.is_reconstructed}
BANNER = {"ja": "この版は再構成です", "en": "This revision is a reconstruction", "zh": "本版本为推定复原版本"}


def read(site, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")


def entry_redline(soup: BeautifulSoup, date: str, view: str = "redline-inline"):
    """The inline (or side-by-side) redline of the history entry of ``date`` against its predecessor."""
    first = soup.select_one(f'[id^="r{date.replace("-", "")}-{"s-" if view != "redline-inline" else ""}redline-"]')
    assert first is not None, f"no redline for {date}"
    return first.find_parent(class_=view)


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
    soup = read(built_site, f"{PREFIX[locale]}privacy/history/index.html")
    assert inserted_2023 in marked(entry_redline(soup, "2023-06-15"), "ins")
    assert inserted_2022 in marked(entry_redline(soup, "2022-04-01"), "ins")
    assert inserted_2009 in marked(entry_redline(soup, "2009-02-10"), "ins")
    deleted = marked(entry_redline(soup, "2023-06-15"), "del")
    assert {"ja": "2022年4月1日", "en": "April", "zh": "2022年4月1日"}[locale] in deleted


@pytest.mark.parametrize("locale", ["ja", "en", "zh"])
def test_history_marks_deleted_clause_in_the_side_by_side_view(built_site, locale):
    soup = read(built_site, f"{PREFIX[locale]}privacy/history/index.html")
    table = entry_redline(soup, "2023-06-15", "redline-side-by-side").select_one("table.redline-sbs")
    headers = [th.get_text() for th in table.select("thead th")]
    assert headers == {"ja": ["改正前", "改正後"], "en": ["Before", "After"], "zh": ["修改前", "修改后"]}[locale]
    assert table.select_one("caption.redline-legend").get_text() in (
        "（傍線部分は改正部分）", "(Underlined parts are the amended parts)", "（下划线部分为修改部分）")
    old_column = " ".join(td.get_text() for td in table.select("td.redline-old del"))
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
    result = run_build(ROOT, tmp_path / "site", env={"POLICY_INCLUDE_RECONSTRUCTED": "false"})
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


def test_upcoming_revision_is_announced_but_not_in_effect(tmp_path):
    project = make_project(tmp_path / "p", "upcoming")
    result = run_build(project, tmp_path / "site", env={"SOURCE_DATE_EPOCH": "1767225600"})  # 2026-01-01
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    index = read(site, "sample/index.html")
    assert "管理します" in index.select_one(".policy-text").get_text()
    notice = index.select_one(".admonition.info")
    assert "2028年1月1日" in notice.get_text()
    assert notice.select_one("a")["href"] == "history/#rev-2028-01-01"
    history = read(site, "sample/history/index.html")
    assert history.select_one("#rev-2028-01-01 ~ .history-badges .history-badge--upcoming") is not None
    assert "保存します" in marked(entry_redline(history, "2028-01-01"), "ins")
    later = run_build(project, tmp_path / "later", env={"SOURCE_DATE_EPOCH": "1861920000"})  # 2029-01-01
    assert later.returncode == 0, later.stderr
    assert "保存します" in read(tmp_path / "later", "sample/index.html").select_one(".policy-text").get_text()


GOOD = "---\neffective: {d}\nprovenance: published\ncaptured: 2024-06-29\n---\n\n# 見本方針\n\n本文。\n"


@pytest.mark.parametrize("files,message", [
    ({"docs/ja/sample/2020-01-01.markdown": GOOD.format(d="2020-01-01")},
     "Reading policy source 'ja/sample/2020-01-01.markdown': has the suffix '.markdown'; name revisions "
     "YYYY-MM-DD.md (lowercase '.md')"),
    ({"docs/ja/nosuch/2020-01-01.md": GOOD.format(d="2020-01-01")},
     "Reading policy source 'ja/nosuch/2020-01-01.md': unknown policy 'nosuch'"),
    ({"docs/en/sample/2021-01-01.md": "---\neffective: 2021-01-01\nprovenance: translation\n"
                                      "source_sha256: \"" + "a" * 64 + "\"\n---\n\n# Sample\n"},
     "Reading policy source 'en/sample/2021-01-01.md': translates a revision that does not exist"),
    ({"docs/ja/sample/2010-01-01.md": "---\neffective: 2010-01-01\nprovenance: reconstructed\n---\n\n# 見本\n"},
     "Reading policy source 'ja/sample/2010-01-01.md': missing 'basis'"),
], ids=["same date, other suffix", "unknown policy", "translation without ja", "reconstruction without basis"])
def test_history_source_errors_stop_the_build(tmp_path, files, message):
    project = make_project(tmp_path / "p", "minimal")
    for rel, content in files.items():
        (project / rel).parent.mkdir(parents=True, exist_ok=True)
        (project / rel).write_text(content, encoding="utf-8")
    result = run_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert message in result.stderr, result.stderr


@pytest.mark.browser
def test_switcher_on_a_history_page_lands_on_the_same_history_page(page, site_server):
    page.goto(f"{site_server}/privacy/history/")
    for locale, expected in (("en", "/en/privacy/history/"), ("zh", "/zh/privacy/history/"), ("ja", "/privacy/history/")):
        page.locator(".md-header__option .md-select").hover()
        page.locator(f"a.md-select__link[hreflang={locale}]").click()
        page.wait_for_url(f"{site_server}{expected}")
    page.locator("label[for^='__history_']", has_text="新旧対照表").first.click()
    assert page.locator(".redline-side-by-side").first.is_visible()
    assert page.locator(".redline-inline").first.is_hidden()
    assert page.foreign_requests == []

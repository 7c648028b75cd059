"""Revision history in the built site: upcoming revisions, source errors, the limit of comparison
pages, forged placeholders, on the fixture sites (tests/sites/). This site's own history pages are
checked in tests/site/test_site_history.py."""

from __future__ import annotations

import hashlib
import re

import pytest
from bs4 import BeautifulSoup

from conftest import build_site, make_project, project_t, read_page
from policy_site.sources.revision import revision_path


def read(site, path: str) -> BeautifulSoup:
    return read_page(site / path)


def marked(fragment, tag: str) -> str:
    return " ".join(element.get_text() for element in fragment.select(tag))


def test_upcoming_revision_is_announced_but_not_in_effect(fixture_build, tmp_path):
    built = fixture_build("upcoming", SOURCE_DATE_EPOCH="1767225600")  # 2026-01-01
    project, site = built.project, built.site
    index = read(site, "sample/index.html")
    assert "管理します" in index.select_one(".policy-text").get_text()
    notice = index.select_one(".admonition.info")
    assert "2028年1月1日" in notice.get_text()
    assert notice.select_one("a")["href"] == "history/#rev-2028-01-01"
    history = read(site, "sample/history/index.html")
    assert history.select_one("#rev-2028-01-01 ~ .history-badges .history-badge--upcoming") is not None
    redline = read(site, "sample/compare/2020-01-01...2028-01-01/index.html").select_one(".redline-inline")
    assert "保存します" in marked(redline, "ins")
    later = build_site(project, tmp_path / "later", env={"SOURCE_DATE_EPOCH": "1861920000"})  # 2029-01-01
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
    result = build_site(project, tmp_path / "site")
    assert result.returncode != 0
    assert message in result.stderr, result.stderr


def _many_revisions(tmp_path, count: int, limit: int | None = None, window: int | None = None):
    """The minimal site with ``count`` revisions of its policy, each adding a sentence (translated)."""
    project = make_project(tmp_path / "p", "minimal")
    docs = project / "docs"
    added = {"ja": "第{k}項を加えます。", "en": " Paragraph {k} is added.", "zh": "增加第{k}项。"}
    ends = {"ja": "適正に取り扱います。", "en": "personal information properly.", "zh": None}
    for k in range(1, count):
        day = f"2020-01-{k + 1:02d}"
        ja = (docs / "ja/sample/2020-01-01.md").read_text(encoding="utf-8")
        ja = ja.replace("effective: 2020-01-01", f"effective: {day}")
        ja = ja.replace(ends["ja"], ends["ja"] + "".join(added["ja"].format(k=n) for n in range(1, k + 1)))
        (docs / revision_path("ja", "sample", day)).write_text(ja, encoding="utf-8")
        digest = hashlib.sha256(ja.encode("utf-8")).hexdigest()
        for locale in ("en", "zh"):
            text = (docs / revision_path(locale, "sample", "2020-01-01")).read_text(encoding="utf-8").rstrip("\n")
            text = re.sub(r'source_sha256: "[0-9a-f]+"', f'source_sha256: "{digest}"', text)
            text = text.replace("effective: 2020-01-01", f"effective: {day}")
            text += "".join(added[locale].format(k=n) for n in range(1, k + 1)) + "\n"
            (docs / revision_path(locale, "sample", day)).write_text(text, encoding="utf-8")
    options = "".join(f"      {key}: {value}\n" for key, value in (("compare_all_pairs_up_to", limit),
                                                                     ("compare_window", window)) if value is not None)
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(config.replace("      registry: policies.yml\n",
                                                       "      registry: policies.yml\n" + options), encoding="utf-8")
    return project


def test_past_the_limit_only_neighbours_and_pairs_with_the_revision_in_effect_get_pages(tmp_path):
    project = _many_revisions(tmp_path, 5, limit=3, window=1)
    result = build_site(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    pages = sorted(p.name for p in (tmp_path / "site/sample/compare").iterdir())
    assert pages == ["2020-01-01...2020-01-02", "2020-01-01...2020-01-05", "2020-01-02...2020-01-03",
                     "2020-01-02...2020-01-05", "2020-01-03...2020-01-04", "2020-01-03...2020-01-05",
                     "2020-01-04...2020-01-05"]
    notice = "この文書には5の版があるため"
    assert notice in read(tmp_path / "site", "sample/history/index.html").get_text()
    assert notice in read(tmp_path / "site", "sample/compare/2020-01-04...2020-01-05/index.html").get_text()


def _expected_pairs(count: int, window: int) -> list[str]:
    """The pairs the rule gives a page, worked out here from positions: at most ``window`` apart,
    and every revision against the last (in effect: the fixture's dates are all past)."""
    days = [f"2020-01-{k + 1:02d}" for k in range(count)]
    pairs = {(i, j) for i in range(count) for j in range(i + 1, count) if j - i <= window or j == count - 1}
    return sorted(f"{days[i]}...{days[j]}" for i, j in pairs)


def test_a_long_history_gets_pages_for_pairs_within_the_window_and_with_the_revision_in_effect(tmp_path):
    project = _many_revisions(tmp_path, 11)  # the defaults: every pair up to 8 revisions, a window of 3
    result = build_site(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    for prefix in ("", "en/"):
        pages = sorted(p.name for p in (tmp_path / "site" / prefix / "sample/compare").iterdir())
        assert pages == _expected_pairs(11, 3)
        assert len(pages) == 10 + 9 + 8 + 7  # neighbours, two and three apart, and the rest against the last
        history = read(tmp_path / "site", f"{prefix}sample/history/index.html")
        # Every page is linked from the history (an entry or the list of the others), and nothing else.
        linked = {f"{a['data-old']}...{a['data-new']}" for a in history.select("a[data-old][data-new]")}
        assert linked == set(pages)
        rule = project_t(project, prefix.rstrip("/") or "ja", "compare_limited", count="11", limit="8", window="3")
        assert rule in history.get_text()
        assert rule in read(tmp_path / "site", f"{prefix}sample/compare/{pages[0]}/index.html").get_text()
        assert "3" in rule and "11" in rule and "8" in rule
        form = history.select_one("form[data-history-compare]")
        assert form["data-chain"] == project_t(project, prefix.rstrip("/") or "ja", "compare_chain")


def test_the_window_and_the_limit_are_options(tmp_path):
    project = _many_revisions(tmp_path, 6, limit=4, window=2)
    result = build_site(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "site/sample/compare").iterdir()) == _expected_pairs(6, 2)
    assert project_t(project, "ja", "compare_limited", count="6", limit="4", window="2") in \
        read(tmp_path / "site", "sample/history/index.html").get_text()


def test_up_to_the_limit_every_pair_gets_a_page_and_no_rule_is_stated(tmp_path):
    project = _many_revisions(tmp_path, 8)
    result = build_site(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert len(list((tmp_path / "site/sample/compare").iterdir())) == 8 * 7 // 2
    history = read(tmp_path / "site", "sample/history/index.html").get_text()
    assert project_t(project, "ja", "compare_limited", count="8", limit="8", window="3")[:10] not in history


def test_a_bad_window_stops_the_build_with_the_fix(tmp_path):
    project = _many_revisions(tmp_path, 2, window=0)
    result = build_site(project, tmp_path / "site")
    assert result.returncode != 0
    assert "Plugin 'policy-site' option 'compare_window': must be 1 or more (got 0); remove it for the default, 3" in result.stderr


def test_a_bad_pair_limit_stops_the_build_with_the_fix(tmp_path):
    project = _many_revisions(tmp_path, 2, limit=1)
    result = build_site(project, tmp_path / "site")
    assert result.returncode != 0
    assert "Plugin 'policy-site' option 'compare_all_pairs_up_to': must be 2 or more (got 1); remove it for the default, 8" in result.stderr


@pytest.mark.parametrize("forged", ["<!-- policy-redline-slot 1 -->", "<!-- policy-redline-slot 2 -->",
                                    "<!-- policy-redline 00000000000000000000000000000000 1 -->"])
def test_a_source_cannot_forge_a_redline_placeholder(tmp_path, forged):
    project = _many_revisions(tmp_path, 2)
    source = project / "docs/ja/sample/2020-01-02.md"
    source.write_text(source.read_text(encoding="utf-8") + f"\n{forged}\n", encoding="utf-8")
    result = build_site(project, tmp_path / "site")
    assert "Traceback" not in result.stderr
    if result.returncode != 0:  # the source validator may reject raw HTML: then with a message
        assert "ja/sample/2020-01-02.md" in result.stderr
        return
    site = tmp_path / "site"
    for path in ("sample/2020-01-02/index.html", "sample/index.html"):
        assert read(site, path).select(".redline") == [], path
    assert len(read(site, "sample/compare/2020-01-01...2020-01-02/index.html").select(".redline-inline")) == 1


# --- The history, comparison and timeline pages of a ja site with en and zh translations ----------
# The fixture ``tests/sites/translated``: ``sample`` has three revisions (2020-01-01, 2021-04-01,
# 2022-10-01, the last in effect), ``sample-local`` one, a variant of ``sample``.

TRANSLATED_PREFIX = {"ja": "", "en": "en/", "zh": "zh/"}
SAMPLE_DATES = ["2022-10-01", "2021-04-01", "2020-01-01"]  # newest first


@pytest.fixture(scope="module")
def translated(fixture_build):
    built = fixture_build("translated")
    return built.site


@pytest.mark.parametrize("locale", ["ja", "en", "zh"])
def test_a_fixture_history_lists_every_revision_newest_first(translated, locale):
    soup = read(translated, f"{TRANSLATED_PREFIX[locale]}sample/history/index.html")
    assert [h["id"] for h in soup.select("article h2[id]")] == [f"rev-{d}" for d in SAMPLE_DATES]
    soup = read(translated, f"{TRANSLATED_PREFIX[locale]}sample-local/history/index.html")
    assert [h["id"] for h in soup.select("article h2[id]")] == ["rev-2022-10-01"]


@pytest.mark.parametrize("locale", ["ja", "en", "zh"])
def test_a_fixture_comparison_table_follows_each_locales_column_order(translated, locale):
    page = read(translated, f"{TRANSLATED_PREFIX[locale]}sample/compare/2021-04-01...2022-10-01/index.html")
    table = page.select_one(".redline-side-by-side table.redline-sbs")
    headers = [th.get_text() for th in table.select("thead th")]
    assert headers == {"ja": ["改定後", "改定前"], "en": ["Before the revision", "After the revision"],
                       "zh": ["修订前", "修订后"]}[locale]
    rows = table.select("tbody > tr")
    assert rows and all(len(row.find_all("td", recursive=False)) == 2 for row in rows)
    old_index = 2 if locale == "ja" else 1
    old_column = " ".join(td.get_text() for td in table.select(f"tbody > tr > td:nth-child({old_index}) del"))
    assert {"ja": "お問い合わせへの対応", "en": "answering enquiries", "zh": "回复咨询"}[locale] in old_column


@pytest.mark.parametrize("locale", ["ja", "en", "zh"])
def test_every_pair_of_fixture_revisions_has_a_comparison_page_listed_on_the_history_page(translated, locale):
    history = read(translated, f"{TRANSLATED_PREFIX[locale]}sample/history/index.html")
    pairs = {(old, new) for k, new in enumerate(SAMPLE_DATES) for old in SAMPLE_DATES[k + 1:]}
    listed = {(a["data-old"], a["data-new"]): a["href"] for a in history.select("article a[data-old]")}
    assert set(listed) == pairs
    # the list of the other pairs holds those that are neither neighbours nor with the revision in
    # effect: of three revisions, none (the entries link all three pairs)
    assert {(a["data-old"], a["data-new"]) for a in history.select(".history-compare-list a[data-old]")} == set()
    for (old, new), href in listed.items():
        assert href == f"../compare/{old}...{new}/"
        page = read(translated, f"{TRANSLATED_PREFIX[locale]}sample/compare/{old}...{new}/index.html")
        links = {a["href"] for a in page.select("article a[href]")}
        assert f"../../{old}/" in links and f"../../{new}/" in links
        assert page.select_one(".redline-inline") and page.select_one(".redline-summary") is not None
        for block in page.select(".history-views .tabbed-block"):  # summary links into their own view
            ids = {el["id"] for el in block.select("[id]")}
            targets = [a["href"][1:] for a in block.select(".redline-summary a[href^='#']")]
            assert targets and all(target in ids for target in targets)
    form = history.select_one("form[data-history-compare]")
    assert form.has_attr("hidden")
    assert form.select_one("select[name=old]")["data-default"] == SAMPLE_DATES[1]  # the newest is in effect
    assert form.select_one("select[name=new]")["data-default"] == SAMPLE_DATES[0]


@pytest.mark.parametrize("locale", ["ja", "en", "zh"])
def test_the_fixture_timeline_lists_every_revision_with_its_link(translated, locale):
    soup = read(translated, f"{TRANSLATED_PREFIX[locale]}history/index.html")
    links = [a["href"] for a in soup.select("article table a")]
    expected = [("sample-local", "2022-10-01"), ("sample", "2022-10-01"), ("sample", "2021-04-01"),
                ("sample", "2020-01-01")]  # newest first, then by policy id, descending
    assert len(links) == len(expected)
    for link, (policy, day) in zip(links, expected):
        assert link.endswith(f"{policy}/history/#rev-{day}"), link


def test_fixture_history_pages_are_in_the_nav_and_searchable(translated):
    soup = read(translated, "sample/index.html")
    assert any(a.get("href", "").endswith("history/") for a in soup.select("nav.md-nav--primary a"))
    index = (translated / "search" / "search_index.json").read_text(encoding="utf-8")
    assert '"location":"sample/history/"' in index and '"location":"en/sample/history/"' in index


@pytest.mark.parametrize("locale,inserted", [("ja", "地域の利用者の"), ("en", "of local users"), ("zh", "当地用户的")])
def test_a_fixture_variant_is_redlined_against_its_base(translated, locale, inserted):
    soup = read(translated, f"{TRANSLATED_PREFIX[locale]}sample-local/compare/index.html")
    assert inserted in marked(soup.select_one(".redline-inline"), "ins")
    assert soup.select_one(".redline-side-by-side table.redline-sbs") is not None

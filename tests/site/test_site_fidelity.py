"""The built Japanese pages carry the published wording exactly: nothing dropped, nothing added.

Allowed differences, and only these: whitespace (the scrape flattened line breaks), the numbers of
the ordered list of principles (drawn by the browser from <ol>, restored here as "N."), the
heading permalink signs (¶) that the theme adds outside the text, and the notes the site puts
after a label whose link the capture lost (``link-not-captured-note``, tested in
``tests/site/test_not_captured_links.py``).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import load_project_catalog, read_page

SEED = Path(__file__).parent / "data" / "seed-2024-06-29.txt"
CATALOG = load_project_catalog()


def captured_page(policy: str) -> str:
    """The permalink of the revision whose wording the seed holds (captured on the seed's date);
    a later revision, once in effect, changes the policy's index page but never this one."""
    captured = [r for r in CATALOG.revisions_of(policy)
                if r.provenance == "published" and str(r.meta.get("captured")) == "2024-06-29"]
    return f"{policy}/{captured[-1].effective.isoformat()}/index.html"

# (policy, first words, last words) of each document in the seed.
SPANS = [
    ("privacy", "プライバシーポリシー この「プライバシーポリシー」は", "付則 2009年2月10日制定 改定 2023年6月15日最終改定"),
    ("privacy-china", "プライバシーポリシー（中国国内からの利用者・会員向け） この", "付則 2022年1月6日制定 改定 2023年6月15日最終改定"),
    ("external-transmission", "情報の外部送信について 提携先", "改定 2023年10月5日最終改定"),
]


def squeeze(text: str) -> str:
    return "".join(ch for ch in text if not ch.isspace())


def seed_span(first: str, last: str) -> str:
    seed = SEED.read_text(encoding="utf-8")
    start = seed.index(first)
    end = seed.index(last, start) + len(last)
    return seed[start:end]


def policy_text(html: str) -> str:
    soup = BeautifulSoup(html, "html.parser")
    body = soup.select_one(".policy-text")
    assert body is not None, "page has no .policy-text block"
    for added in body.select("a.headerlink, .link-not-captured-note"):
        added.decompose()
    for ol in body.find_all("ol"):
        for number, item in enumerate(ol.find_all("li", recursive=False), start=int(ol.get("start", 1))):
            item.insert(0, f"{number}.")
    return body.get_text()


@pytest.mark.parametrize("policy,first,last", SPANS, ids=[s[0] for s in SPANS])
def test_built_ja_page_reproduces_published_wording(built_site, policy, first, last):
    html = (built_site / captured_page(policy)).read_text(encoding="utf-8")
    built = squeeze(policy_text(html))
    expected = squeeze(seed_span(first, last))
    if built != expected:
        at = next(i for i, (a, b) in enumerate(zip(built + "\0", expected + "\0")) if a != b)
        pytest.fail(f"first difference at {at}: built …{built[max(0, at - 20):at + 20]}… "
                    f"seed …{expected[max(0, at - 20):at + 20]}…")


@pytest.mark.parametrize("policy", [p.id for p in CATALOG.policies])
def test_policy_index_shows_the_text_of_the_revision_in_effect(built_site, policy):
    current = CATALOG.current(policy).effective.isoformat()
    index = policy_text((built_site / policy / "index.html").read_text(encoding="utf-8"))
    permalink = policy_text((built_site / policy / current / "index.html").read_text(encoding="utf-8"))
    assert squeeze(index) == squeeze(permalink)


def test_site_chrome_of_the_seed_is_not_policy_text(built_site):
    html = (built_site / "privacy" / "index.html").read_text(encoding="utf-8")
    text = policy_text(html)
    for chrome in ("閉じる", "利用規約", "COPYRIGHT", "ページの先頭へ"):
        assert chrome not in text


def test_links_only_where_the_target_is_known(built_site):
    allowed = {"https://marketing.ipros.jp/company", "mailto:privacy@ipros.jp"}
    for policy, *_ in SPANS:
        soup = read_page(built_site / policy / "index.html")
        hrefs = {a["href"] for a in soup.select(".policy-text a[href]") if "headerlink" not in a.get("class", [])}
        external = {h for h in hrefs if not h.startswith("#")}
        assert external <= allowed, external - allowed
        for href in hrefs - external:
            assert soup.find(id=href[1:]) is not None, f"{policy}: in-page link {href} has no target"


def test_partner_table_has_six_services_and_six_columns(built_site):
    soup = read_page(built_site / captured_page("external-transmission"))
    table = soup.select_one(".policy-text table")
    assert len(table.select("thead th")) == 6
    rows = table.select("tbody tr")
    assert [r.find("td").get_text() for r in rows] == [
        "Yahoo!広告", "Google広告", "Google Analytics", "YouTube", "ChatPlus", "Clarity"]
    assert all(len(r.find_all("td")) == 6 for r in rows)

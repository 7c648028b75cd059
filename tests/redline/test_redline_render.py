"""Renderers: HTML structure and accessibility, side-by-side labels per locale, Markdown, JSON."""

from __future__ import annotations

import json

import pytest
from bs4 import BeautifulSoup
from redline_helpers import check_markup

from policy_site.redline import (
    compute_redline,
    redline_to_dict,
    render_inline_html,
    render_json,
    render_markdown,
    render_side_by_side_html,
    render_summary_html,
)

OLD = "# 方針\n\n## 収集 {#collection}\n\n当社は個人情報を<script>保管</script>します & 管理します。\n\n- ・ 項目A\n"
NEW = "# 方針\n\n## 収集 {#collection}\n\n当社は個人情報を<script>保存</script>します & 管理します。\n\n- ・ 項目A\n- ・ 項目B\n"


def test_inline_html_escapes_all_text_and_keeps_structure():
    html = render_inline_html(compute_redline(OLD, NEW))
    soup = check_markup(html)
    assert "<script" not in html and "&lt;script" in html and "/script&gt;" in html and " &amp; " in html
    assert [h.name for h in soup.select(".redline-block")] == ["h1", "h2", "p", "li", "li"]
    assert soup.select_one("li.redline-added ins") is not None


@pytest.mark.parametrize(("locale", "labels"), [
    ("ja", ["［削除］", "［削除ここまで］", "［挿入］", "［挿入ここまで］"]),
    ("en", ["[deleted] ", " [end of deletion]", "[inserted] ", " [end of insertion]"]),
    ("zh", ["［删除］", "［删除结束］", "［插入］", "［插入结束］"]),
])
def test_every_change_is_announced_in_the_page_language(locale, labels):
    soup = BeautifulSoup(render_inline_html(compute_redline("a 保管", "a 保存"), locale=locale), "html.parser")
    assert soup.select_one(".redline")["lang"] == locale
    assert [span.get_text() for span in soup.select(".redline-sr")] == labels
    assert all(span.parent.name in ("ins", "del") for span in soup.select(".redline-sr"))


@pytest.mark.parametrize(("locale", "before", "after", "legend"), [
    ("ja", "改正前", "改正後", "（傍線部分は改正部分）"),
    ("en", "Before", "After", "(Underlined parts are the amended parts)"),
    ("zh", "修改前", "修改后", "（下划线部分为修改部分）"),
])
def test_side_by_side_is_a_labelled_table_old_left_new_right(locale, before, after, legend):
    soup = check_markup(render_side_by_side_html(compute_redline(OLD, NEW, locale=locale)))
    table = soup.select_one("table.redline-sbs")
    assert table.caption.get_text() == legend
    assert [(th.get_text(), th["scope"]) for th in table.thead.find_all("th")] == [(before, "col"), (after, "col")]
    rows = table.tbody.find_all("tr", recursive=False)
    assert all([td["class"][0] for td in row.find_all("td", recursive=False)] == ["redline-old", "redline-new"]
               for row in rows)
    changed = rows[2].find_all("td", recursive=False)
    assert changed[0].find("del") and not changed[0].find("ins") and changed[1].find("ins") and not changed[1].find("del")
    added = rows[-1].find_all("td", recursive=False)
    assert "redline-absent" in added[0]["class"] and added[1].find("ins")


def test_ids_take_a_prefix_so_two_views_can_share_a_page():
    redline = compute_redline(OLD, NEW)
    inline = render_inline_html(redline, id_prefix="a-")
    side = render_side_by_side_html(redline, id_prefix="b-")
    ids = [tag["id"] for html in (inline, side) for tag in BeautifulSoup(html, "html.parser").find_all(id=True)]
    assert len(ids) == len(set(ids)) and "a-redline-3" in ids and "b-redline-3" in ids


def test_summary_links_point_at_changed_blocks_of_the_same_view():
    redline = compute_redline(OLD, NEW)
    summary = BeautifulSoup(render_summary_html(redline, id_prefix="v-"), "html.parser")
    inline = BeautifulSoup(render_inline_html(redline, id_prefix="v-"), "html.parser")
    targets = [a["href"][1:] for a in summary.find_all("a")]
    assert targets and all(inline.find(id=target) is not None for target in targets)
    assert "挿入" in summary.select_one(".redline-summary-counts").get_text()
    assert summary.select_one("li.redline-summary-changed a").get_text() == "収集"


def test_heading_offset_fits_the_host_page_outline():
    soup = BeautifulSoup(render_inline_html(compute_redline(OLD, NEW), heading_offset=1), "html.parser")
    assert [h.name for h in soup.find_all(["h1", "h2", "h3"])] == ["h2", "h3"]


def test_ordered_list_numbers_and_nesting_survive():
    old = "1. 一\n2. 二\n   - 子\n3. 三\n"
    new = "1. 一\n2. 二\n   - 子\n   - 孫\n3. 三\n"
    soup = check_markup(render_inline_html(compute_redline(old, new)))
    assert [li["value"] for li in soup.select("ol > li")] == ["1", "2", "3"]
    nested = soup.select("ol > li > ul > li")
    assert [li.get_text() for li in nested][0] == "子" and "redline-added" in nested[1]["class"]


def test_markdown_escapes_text_and_marks_changes_for_github():
    markdown = render_markdown(compute_redline("*a* <b>x</b> | 1", "*a* <b>y</b> | 1"), locale="en")
    assert "a &lt;b&gt;<del>x</del><ins>y</ins>&lt;/b&gt; \\| 1" in markdown
    assert markdown.startswith("**Summary of changes**")


def test_markdown_context_omits_far_unchanged_blocks():
    old = "\n\n".join(f"段落{n}です。" for n in range(10))
    new = old.replace("段落5です。", "段落5でした。")
    text = render_markdown(compute_redline(old, new), context=1, summary=False)
    assert "（変更のない 4 項目を省略）" in text and "段落4" in text and "段落6" in text and "段落2" not in text


def test_markdown_side_by_side_is_a_two_column_table():
    text = render_markdown(compute_redline(OLD, NEW), view="side-by-side", summary=False)
    lines = text.splitlines()
    assert lines[0] == "（取消線部分は削除、下線部分は挿入）"
    assert lines[2:4] == ["| 改正前 | 改正後 |", "| --- | --- |"]
    assert lines[-1] == "| （新設） | <ins>・ 項目B</ins> |"


def test_json_lists_every_block_with_its_operation():
    data = json.loads(render_json(compute_redline(OLD, NEW)))
    assert data["changed"] is True and data["locale"] == "ja"
    assert [block["op"] for block in data["blocks"]] == ["unchanged", "unchanged", "changed", "unchanged", "added"]
    changed = data["blocks"][2]
    assert changed["section"] == "collection" and changed["old"]["line"] == 5
    assert [s for s in changed["segments"] if s["op"] != "equal"] == [
        {"op": "delete", "text": ">保管<"}, {"op": "insert", "text": ">保存<"}]
    assert data["summary"]["sections"][0]["blocks"] == ["redline-3", "redline-5"]


def test_json_says_unchanged_when_nothing_changed():
    data = redline_to_dict(compute_redline(OLD, OLD))
    assert data["changed"] is False and data["summary"]["sections"] == []
    assert {block["op"] for block in data["blocks"]} == {"unchanged"}

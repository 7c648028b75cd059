"""Renderers: HTML structure and accessibility, side-by-side labels per locale, Markdown, JSON."""

from __future__ import annotations

import json

import pytest
from bs4 import BeautifulSoup
from redline_helpers import cell_of, check_markup

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
    ("ja", "改定前", "改定後", "（傍線部分は改定部分）"),
    ("en", "Before the revision", "After the revision", "(Underlined parts are the revised parts)"),
    ("zh", "修订前", "修订后", "（下划线部分为修订部分）"),
])
def test_side_by_side_is_a_labelled_table_in_the_locales_column_order(locale, before, after, legend):
    """The 新旧対照表 puts the new text (改定後) left and the old text (改定前) right; English and
    Chinese comparison tables put the old text left (the catalogs' column_order)."""
    soup = check_markup(render_side_by_side_html(compute_redline(OLD, NEW, locale=locale)))
    table = soup.select_one("table.redline-sbs")
    assert table.caption.get_text() == legend
    new_left = locale == "ja"
    heads = [(after, "col"), (before, "col")] if new_left else [(before, "col"), (after, "col")]
    assert [(th.get_text(), th["scope"]) for th in table.thead.find_all("th")] == heads
    assert table.get("data-redline-order") == (None if new_left else "old-new")
    new, old = (0, 1) if new_left else (1, 0)
    rows = table.tbody.find_all("tr", recursive=False)
    assert all(len(row.find_all("td", recursive=False)) == 2 for row in rows)
    changed = rows[2].find_all("td", recursive=False)
    assert changed[old].find("del") and not changed[old].find("ins") and changed[new].find("ins") \
        and not changed[new].find("del")
    added = rows[-1].find_all("td", recursive=False)
    assert "redline-absent" in added[old]["class"] and added[new].find("ins")
    assert added[old].get_text() == {"ja": "（新設）", "en": "(new)", "zh": "（新增）"}[locale]


@pytest.mark.parametrize("order", ["new-old", "old-new"])
def test_a_site_chooses_the_column_order(order):
    html = render_side_by_side_html(compute_redline(OLD, NEW, locale="en"), order=order)
    heads = [th["class"][0] for th in BeautifulSoup(html, "html.parser").select("thead th")]
    assert heads == (["redline-new", "redline-old"] if order == "new-old" else ["redline-old", "redline-new"])
    markdown = render_markdown(compute_redline(OLD, NEW, locale="en"), view="side-by-side", order=order)
    assert ("| After the revision | Before the revision |" in markdown) == (order == "new-old")


def test_context_keeps_the_changes_and_marks_each_omitted_run_once():
    old = "# T\n\n" + "\n\n".join(f"段落{k}です。" for k in range(10)) + "\n"
    new = old.replace("段落5です。", "段落5を改めます。")
    redline = compute_redline(old, new, locale="ja")
    inline = BeautifulSoup(render_inline_html(redline, context=1), "html.parser")
    assert [p.get_text() for p in inline.select(".redline-elided")] == ["（略）", "（略）"]
    shown = [p.get_text() for p in inline.select(".redline-block:not(.redline-far)")]
    assert "段落4です。" in shown and "段落6です。" in shown and "段落2です。" not in shown
    assert len(inline.select(".redline-far")) == 11 - 3 - 1  # everything but the change, its context and T
    side = BeautifulSoup(render_side_by_side_html(redline, context=1), "html.parser")
    assert [tr.get_text() for tr in side.select("tr.redline-elided")] == ["（略）（略）", "（略）（略）"]
    # Each "（略）" row names the blocks it stands for: exactly the inline view's omitted blocks, whose
    # ids a script finds by the stem each view declares.
    far = {int(el["id"].removeprefix("redline-")) for el in inline.select(".redline-far")}
    ranges = [tuple(map(int, tr["data-redline-far"].split("-"))) for tr in side.select("tr.redline-elided")]
    assert {n for first, last in ranges for n in range(first, last + 1)} == far and len(ranges) == 2
    assert inline.div["data-redline-ids"] == "redline-" and side.div["data-redline-ids"] == "redline-"
    assert "段落2です。" not in side.get_text()
    full = BeautifulSoup(render_side_by_side_html(redline), "html.parser")  # no context: everything
    assert "段落2です。" in full.get_text() and not full.select(".redline-elided")
    assert not full.div.has_attr("data-redline-ids")  # nothing left out: nothing to find


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


def test_markdown_side_by_side_is_a_two_column_table_in_the_order_of_the_sites_table():
    text = render_markdown(compute_redline(OLD, NEW), view="side-by-side", summary=False)
    lines = text.splitlines()
    assert lines[0] == "（取消線部分は削除、下線部分は挿入）"
    assert lines[2:4] == ["| 改定後 | 改定前 |", "| --- | --- |"]  # the 新旧対照表: new left
    assert lines[-1] == "| <ins>・ 項目B</ins> | （新設） |"


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


def _ops_html(old: str, new: str, locale: str = "en"):
    from policy_site.redline import compute_redline, render_inline_html, render_json, render_side_by_side_html

    redline = compute_redline(old, new, locale=locale)
    return redline, render_inline_html(redline), render_side_by_side_html(redline), render_json(redline)


def test_whitespace_only_change_is_not_marked_but_recorded_in_json():
    import json as _json

    redline, inline, side, data = _ops_html("Personal\u00a0data is kept.\n", "Personal data is kept.\n")
    assert "<ins>" not in inline and "<del>" not in inline and "<ins>" not in side and "<del>" not in side
    assert 'class="redline-space" data-redline-old="\u00a0"' in inline
    parsed = _json.loads(data)
    assert parsed["changed"] is False and parsed["summary"]["whitespace"] == 1
    assert {"op": "whitespace", "old": "\u00a0", "new": " "} in parsed["blocks"][0]["segments"]


def test_ideographic_space_next_to_japanese_text_is_a_marked_change():
    redline, inline, _, _ = _ops_html("第１条\u3000目的\n", "第１条 目的\n", locale="ja")
    assert redline.changed and "<del>" in inline
    redline, inline, _, _ = _ops_html("Article 1\u3000 Purpose\n".replace("\u3000 ", "\u3000"),
                                      "Article 1 Purpose\n")
    assert not redline.changed and "<del>" not in inline


def test_br_is_a_line_break_in_every_view_and_other_html_is_escaped_text():
    from policy_site.redline import render_markdown

    old = "| item | detail |\n| --- | --- |\n| phone<br><br>name | <script>alert(1)</script> |\n"
    new = "| item | detail |\n| --- | --- |\n| phone<br><br>full name | <script>alert(1)</script> |\n"
    redline, inline, side, _ = _ops_html(old, new)
    for html in (inline, side):
        assert "phone<br><br>" in html and "&lt;br" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>" not in html
    markdown = render_markdown(redline)
    assert "phone<br><br>" in markdown and "&lt;br" not in markdown and "<script>" not in markdown


def test_links_are_clickable_labels_and_only_safe_targets_are_live():
    _, inline, _, _ = _ops_html("See [terms](https://example.com/t) and [x](javascript:alert(1)).\n",
                                "See [terms](https://example.com/t) and [x](javascript:alert(1)) now.\n")
    assert '<a href="https://example.com/t">terms</a>' in inline
    assert "javascript:" not in inline


def test_renumbered_anchor_is_one_link_change_not_a_wording_change():
    redline, inline, _, data = _ops_html("Note[^](#annotation-8) here.\n".replace("[^]", "[1]"),
                                         "Note[1](#annotation-9) here.\n")
    assert redline.summary.links_changed == 1 and redline.summary.inserted_chars == 0
    assert "<ins>" not in inline and inline.count('class="redline-link-changed"') == 1
    assert "#annotation-8 → #annotation-9" in inline
    assert '"old": "#annotation-8"' in data and '"new": "#annotation-9"' in data


def test_paragraph_that_became_a_heading_is_a_format_change_with_its_word_changes():
    import json as _json

    from policy_site.redline import render_markdown

    old = "# Policy\n\nPersonal data that we collect from our users\n\nText.\n"
    new = "# Policy\n\n## Personal data that we collect from users\n\nText.\n"
    redline, inline, side, data = _ops_html(old, new)
    (op,) = [op for op in redline.ops if op.op == "changed"]
    assert op.format_change == ("paragraph", "heading") and redline.summary.format_changes == 1
    assert redline.summary.blocks_added == redline.summary.blocks_removed == 0
    assert '<span class="redline-sr redline-format-note">[format changed: paragraph → heading] </span>' in inline
    assert "<del><span class=\"redline-sr\">[deleted] </span>our" in inline
    assert _json.loads(data)["blocks"][1]["format"] == {"old": "paragraph", "new": "heading"}
    assert "format changed: paragraph → heading" in render_markdown(redline)
    ja = _ops_html("# 方針\n\n取得する個人情報\n", "# 方針\n\n## 取得する個人情報\n", locale="ja")[1]
    assert "［書式変更：段落 → 見出し］" in ja


def test_moved_block_is_shown_moved_and_redlined_inside():
    old = ("# T\n\nDate of last update: March 19, 2025, for all users of the service.\n\n"
           "First paragraph that stays where it is.\n\nSecond paragraph that stays too.\n")
    new = ("# T\n\nFirst paragraph that stays where it is.\n\nSecond paragraph that stays too.\n\n"
           "Date of last update: July 31, 2026, for all users of the service.\n")
    redline, inline, _, _ = _ops_html(old, new)
    assert redline.summary.blocks_moved == 1 and redline.summary.blocks_added == 0
    destination = next(op for op in redline.ops if op.moved_from is not None)
    assert [text for kind, text in destination.cells[0] if kind == "insert"] == ["July 31, 2026"]
    assert redline.summary.inserted_chars == len("July 31, 2026")
    assert "[moved here] " in inline and 'data-redline-moved-from="redline-2"' in inline


def test_short_blocks_are_not_paired_as_moves_unless_identical_and_unique():
    old = "# A {#a}\n\nMarch 2024\n\nText of section a.\n\n# B {#b}\n\nText of section b.\n"
    new = "# A {#a}\n\nText of section a.\n\n# B {#b}\n\nText of section b.\n\nMarch 2026\n"
    redline = _ops_html(old, new)[0]
    assert redline.summary.blocks_moved == 0
    twice = "# A {#a}\n\nSee below.\n\nText.\n\n# B {#b}\n\nSee below.\n\nMore.\n"
    moved = "# A {#a}\n\nText.\n\n# B {#b}\n\nSee below.\n\nMore.\n\nSee below.\n"
    assert _ops_html(twice, moved)[0].summary.blocks_moved == 0  # identical but not unique


def test_moves_are_found_in_a_large_reorganisation_deterministically():
    import random

    rnd = random.Random(5)
    words = "data user service provide share partner consent request law purpose security cookie".split()
    paragraphs = [" ".join(rnd.choice(words) for _ in range(12)) + f" clause {k}." for k in range(400)]
    shuffled = paragraphs[200:] + paragraphs[:200]
    shuffled = [p.replace("data", "information", 1) if k % 3 == 0 else p for k, p in enumerate(shuffled)]
    old, new = "\n\n".join(paragraphs) + "\n", "\n\n".join(shuffled) + "\n"
    first = _ops_html(old, new)[0]
    assert first.summary.blocks_moved >= 150
    assert _ops_html(old, new)[0].ops == first.ops


def test_an_omitted_item_whose_list_starts_deeper_says_its_level():
    """A list that starts below its first level (as Markdown allows) nests its first item less in
    the inline view than its level says: omitted, that item says its level, which the 新旧対照表
    needs to indent it when the full text is shown; the items nested as deep as their level don't."""
    from policy_site.redline.blocks import Block
    from policy_site.redline.model import EQUAL, INSERT
    from policy_site.redline.model import ADDED, UNCHANGED, BlockOp, Redline
    from policy_site.redline.summary import summarize_ops

    def same(number, block):
        return BlockOp(number, UNCHANGED, block, block, (((EQUAL, block.cells[0]),),))

    ops = (*(same(n, Block("list_item", (f"項目{n}",), n, level=1)) for n in range(1, 5)),
           same(5, Block("paragraph", ("段落",), 5)),
           BlockOp(6, ADDED, None, Block("paragraph", ("新しい段落",), 6), (((INSERT, "新しい段落"),),)))
    redline = Redline("ja", ops, summarize_ops(ops), {}, {})
    inline = BeautifulSoup(render_inline_html(redline, context=1), "html.parser")
    far = inline.select("li.redline-far")
    assert len(far) == 4
    assert [li.get("data-redline-level") for li in far] == ["1", None, None, None]
    assert [len(li.find_parents(["ul", "ol"])) - 1 for li in far] == [0, 1, 1, 1]  # nesting, as drawn
    side = BeautifulSoup(render_side_by_side_html(redline), "html.parser")
    assert [ul["class"] for ul in side.select("td > ul")] == [["redline-depth-1"]] * 8  # both columns


NOT_CAPTURED_OLD = "所在地は[こちら](not-captured:)をご参照ください。\n\n窓口は[こちら](not-captured:)です。\n"
NOT_CAPTURED_NEW = "所在地は[こちら](not-captured:)をご参照ください。\n\n窓口は[こちら](https://example.com/form)です。\n"


@pytest.mark.parametrize(("locale", "note", "target"), [
    ("ja", "（元のページではリンク。リンク先は取得できていません）", "（取得できていないリンク先）"),
    ("en", " (a link on the original page; its target was not captured)", "(target not captured)"),
    ("zh", "（原页面中为链接，链接目标未能获取）", "（未能获取的链接目标）"),
])
def test_a_link_whose_target_was_not_captured_is_its_label_and_a_note_in_every_view(locale, note, target):
    redline = compute_redline(NOT_CAPTURED_OLD, NOT_CAPTURED_NEW, locale=locale)
    inline = check_markup(render_inline_html(redline))
    first = inline.select(".redline-block")[0]
    assert first.get_text() == f"所在地はこちら{note}をご参照ください。"
    assert first.find("a") is None and first.select_one(".link-not-captured").get_text() == "こちら"
    side = check_markup(render_side_by_side_html(redline))
    old_cell = cell_of(side.select("tbody tr")[1], "old")
    assert old_cell.select_one(".link-not-captured-note").get_text() == note
    assert "redline-link-changed" in old_cell.select_one(".link-not-captured")["class"]
    # Adding the real target later is one link change, named as such, not a wording change.
    assert redline.summary.links_changed == 1 and redline.summary.inserted_chars == redline.summary.deleted_chars == 0
    assert f"{target} → https://example.com/form" in inline.select(".redline-block")[1].get_text()
    markdown = render_markdown(redline)
    # The address written so that GitHub makes no link of it (it would show its escapes).
    assert f"所在地はこちら{note}をご参照ください。" in markdown and f"{target} → https\\://example.com/form" in markdown
    assert "not-captured:" not in str(inline) + str(side) + markdown


def test_a_note_goes_after_the_whole_label_once_also_when_the_label_is_split_by_a_change():
    redline = compute_redline("See [the guide](not-captured:) now.\n", "See [the new guide](not-captured:) now.\n",
                              locale="en")
    new_cell = cell_of(check_markup(render_side_by_side_html(redline)).select("tbody tr")[0], "new")
    for spoken in new_cell.select(".redline-sr"):
        spoken.decompose()
    assert new_cell.get_text() == "See the new guide (a link on the original page; its target was not captured) now."
    assert len(new_cell.select(".link-not-captured-note")) == 1


def test_the_note_of_a_deleted_lost_link_is_deleted_with_it_in_the_markdown_as_in_the_html():
    redline = compute_redline("前文。\n\n窓口は[こちら](not-captured:)です。\n", "前文。\n\n窓口は変わりました。\n",
                              locale="ja")
    note = "（元のページではリンク。リンク先は取得できていません）"
    html = BeautifulSoup(render_inline_html(redline), "html.parser")
    assert html.select_one(".link-not-captured-note").find_parent("del") is not None
    markdown = render_markdown(redline, summary=False)
    assert f"<del>{note}</del>" in markdown and f"</del>{note}" not in markdown

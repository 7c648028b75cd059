"""One context rule: the site's views and a pull request's Markdown leave out the same blocks.

A comparison page (inline and side-by-side HTML) and the wording review's comment (Markdown) both
show a change with ``context`` unchanged blocks around it; which blocks that is is decided once,
by :func:`policy_site.redline.layout.omitted_blocks`. The property below reads what each renderer
actually shows: every block of the generated documents carries a tag word (``b12q``) that the diff
never splits (a Latin word is never split), so the tags found in a rendering are its blocks.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policy_site.redline import compute_redline, render_inline_html, render_markdown, render_side_by_side_html
from policy_site.redline.layout import omitted_blocks

TAG = re.compile(r"\bb(\d+)q\b")
FILLER = ["個人情報を", "適切に", "保管します。", "保存します。", "当社は、", "个人信息", "我们", "the", "personal", "data",
          "we", "store", "policy", "（1）", "・", ",", "."]
ANCHORS = ["scope", "purposes", "retention"]


def shown_by_markdown(markdown: str) -> list[str]:
    return TAG.findall(markdown)


def _shown_tags(html: str) -> list[str]:
    """Tags in the text of the blocks not left out (a list item's own text: nested items are
    blocks of their own), in reading order; screen-reader labels and "（略）" markers are no text."""
    soup = BeautifulSoup(html, "html.parser")
    shown = []
    for string in soup.find_all(string=True):
        block = string.find_parent(class_="redline-block")
        if block is None or "redline-far" in block["class"]:
            continue
        if string.find_parent(class_=["redline-sr", "redline-elided"]) is not None:
            continue
        shown.append(str(string))
    return TAG.findall(" ".join(shown))


def shown_by_inline(html: str) -> list[str]:
    """Tags of the blocks the inline view shows (omitted blocks stay in the page as .redline-far)."""
    return _shown_tags(html)


def shown_by_side_by_side(html: str) -> list[str]:
    return _shown_tags(html)


def _numbers(elements) -> set[int]:
    return {int(el["id"].rsplit("-", 1)[1]) for el in elements}


def omitted_by_inline(html: str) -> set[int]:
    soup = BeautifulSoup(html, "html.parser")
    return _numbers(soup.select(".redline-block.redline-far[id]"))


def omitted_by_side_by_side(html: str) -> set[int]:
    """The blocks of the "（略）" rows (``data-redline-far``), and the omitted rows of a table shown."""
    soup = BeautifulSoup(html, "html.parser")
    ranges = [tuple(map(int, tr["data-redline-far"].split("-"))) for tr in soup.select("tr[data-redline-far]")]
    return {n for first, last in ranges for n in range(first, last + 1)} | _numbers(soup.select(".redline-far[id]"))


def markdown_of(redline, context):
    return render_markdown(redline, context=context, summary=False)


# Documents whose every block holds one tag word.


@st.composite
def tagged_blocks(draw, tags) -> str:
    """One block (or a list, a table, a table of contents) whose every block has a fresh tag."""
    def text() -> str:
        tag = f"b{next(tags)}q"
        words = draw(st.lists(st.sampled_from(FILLER), max_size=3))
        position = draw(st.integers(0, len(words)))
        return " ".join(words[:position] + [tag] + words[position:])

    kind = draw(st.sampled_from(["heading", "heading", "paragraph", "paragraph", "paragraph", "bullet", "ordered",
                                 "table", "quote", "contents"]))
    if kind == "heading":
        anchor = draw(st.one_of(st.none(), st.sampled_from(ANCHORS)))
        return "#" * draw(st.integers(1, 3)) + " " + text() + (f" {{#{anchor}}}" if anchor else "")
    if kind == "paragraph":
        return text()
    if kind in ("bullet", "ordered"):
        depths = draw(st.lists(st.integers(0, 1), min_size=1, max_size=3))
        return "\n".join("  " * min(depth, k) + (f"{k + 1}. " if kind == "ordered" else "- ") + text()
                         for k, depth in enumerate(depths))
    if kind == "table":
        width = draw(st.integers(1, 2))
        rows = [[text() for _ in range(width)] for _ in range(draw(st.integers(1, 5)))]
        lines = ["| " + " | ".join(rows[0]) + " |", "|" + " --- |" * width]
        return "\n".join(lines + ["| " + " | ".join(row) + " |" for row in rows[1:]])
    if kind == "quote":
        return "> " + text()
    # A table of contents: two or more items, each one in-page link and nothing else.
    return "\n".join(f"- [{text()}](#{anchor})" for anchor in draw(st.lists(st.sampled_from(ANCHORS), min_size=2,
                                                                              max_size=3)))


@st.composite
def tagged_pairs(draw) -> tuple[str, str]:
    counter = iter(range(1, 10_000))
    old = draw(st.lists(tagged_blocks(counter), min_size=1, max_size=12))
    new = list(old)
    for _ in range(draw(st.integers(1, 3))):
        action = draw(st.sampled_from(["reword", "reword", "add", "remove", "move"]))
        if action == "add" or not new:
            new.insert(draw(st.integers(0, len(new))), draw(tagged_blocks(counter)))
            continue
        k = draw(st.integers(0, len(new) - 1))
        if action == "remove":
            del new[k]
        elif action == "move":
            new.insert(draw(st.integers(0, len(new) - 1)), new.pop(k))
        else:  # new words after a tag: the tag itself is kept
            new[k] = re.sub(TAG, lambda m: m.group(0) + " " + draw(st.sampled_from(FILLER)), new[k], count=1)
    return "\n\n".join(old) + "\n", "\n\n".join(new) + "\n"


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pair=tagged_pairs(), context=st.one_of(st.none(), st.integers(0, 3)),
       locale=st.sampled_from(["ja", "en", "zh"]))
def test_markdown_and_html_show_the_same_blocks_for_any_context(pair, context, locale):
    old, new = pair
    redline = compute_redline(old, new, locale=locale)
    inline = shown_by_inline(render_inline_html(redline, context=context))
    if redline.changed:  # an unchanged pair is one line in Markdown ("no changes")
        assert shown_by_markdown(markdown_of(redline, context)) == inline
    side = render_side_by_side_html(redline, context=context)
    # Side by side, a changed block is in both columns and a replaced one beside its replacement:
    # the same blocks in another order; and exactly the blocks the inline view leaves out are left out.
    assert set(shown_by_side_by_side(side)) == set(inline)
    assert omitted_by_side_by_side(side) == omitted_by_inline(render_inline_html(redline, context=context))
    if context is None:
        assert not omitted_blocks(redline.ops, context)


def test_markdown_keeps_the_headings_above_a_change_as_the_site_does():
    """Before the rule was shared, the Markdown showed "段落5" without its section's heading and the
    title (the site's pages showed both): the comment and the page disagreed on what a change is under."""
    old = "# 表題\n\n## 第1条\n\n" + "\n\n".join(f"段落{k}です。" for k in range(8)) + "\n"
    new = old.replace("段落5です。", "段落5を改めます。")
    redline = compute_redline(old, new, locale="ja")
    markdown = markdown_of(redline, 1)
    assert markdown.startswith("# 表題\n\n## 第1条\n\n*（変更のない 4 項目を省略）*\n\n段落4です。")
    inline = BeautifulSoup(render_inline_html(redline, context=1), "html.parser")
    shown = [el.get_text() for el in inline.select(".redline-block:not(.redline-far)")]
    assert shown[:3] == ["表題", "第1条", "段落4です。"]


def test_a_changed_table_row_is_shown_with_its_header_not_the_whole_table():
    """The Markdown kept a changed table whole (it needs its header), the HTML only the rows within
    ``context``, without the header. Both now show the header and the rows around the change."""
    rows = "\n".join(f"| 行{k} | 値{k} |" for k in range(1, 9))
    old = f"| 項目 | 内容 |\n| --- | --- |\n{rows}\n"
    new = old.replace("| 行6 | 値6 |", "| 行6 | 値6を改めます |")
    redline = compute_redline(old, new, locale="ja")
    markdown = markdown_of(redline, 1)
    assert "| 項目 | 内容 |" in markdown and "行5" in markdown and "行7" in markdown
    assert "行2" not in markdown and "*（変更のない 4 項目を省略）*" in markdown
    inline = BeautifulSoup(render_inline_html(redline, context=1), "html.parser")
    assert [tr.get_text("|") for tr in inline.select("tr.redline-block:not(.redline-far)")][:2] == ["項目|内容", "行5|値5"]

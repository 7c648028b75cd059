"""Golden examples: small revision pairs whose redlines were read and approved by a person.

Each case renders three files under ``golden/`` (inline HTML, side-by-side HTML, Markdown). After a
deliberate change of the output, regenerate with ``REDLINE_UPDATE_GOLDEN=1 pytest tests/redline``
and read the diff of the golden files before committing them. Behaviour tests below pin what each
case is about, in the [-deleted][+inserted] notation, so that a regenerated golden file cannot
silently lose it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from redline_helpers import check_markup, read_inline, read_side_by_side

from policy_site.redline import (
    block_texts,
    compute_redline,
    render_inline_html,
    render_markdown,
    render_side_by_side_html,
)

HERE = Path(__file__).parent
FIXTURES, GOLDEN = HERE / "fixtures", HERE / "golden"
CASES = {
    "clause-reworded-ja": "ja",
    "list-item-added-ja": "ja",
    "section-added-ja": "ja",
    "table-row-changed-ja": "ja",
    "sentence-reworded-en": "en",
    "identical-ja": "ja",
    "link-target-changed-en": "en",
    "heading-reworded-zh": "zh",
}


def load_case(case: str) -> tuple[str, str]:
    return tuple((FIXTURES / f"{case}.{side}.md").read_text(encoding="utf-8") for side in ("old", "new"))


def redline_of(case: str):
    old, new = load_case(case)
    return compute_redline(old, new, locale=CASES[case])


def bracketed(op) -> str:
    """One op in review notation: ``text [-deleted][+inserted]``, cells separated by `` | ``."""
    marks = {"equal": "{}", "delete": "[-{}]", "insert": "[+{}]"}
    return " | ".join("".join(marks[kind].format(text) for kind, text in cell) for cell in op.cells)


def changes(case: str) -> list[tuple[str, str, str]]:
    return [(op.op, op.kind, bracketed(op)) for op in redline_of(case).ops if op.op != "unchanged"]


@pytest.mark.parametrize("case", sorted(CASES))
def test_redline_matches_reviewed_golden_output(case):
    redline = redline_of(case)
    outputs = {
        "inline.html": render_inline_html(redline),
        "side-by-side.html": render_side_by_side_html(redline),
        "md": render_markdown(redline),
    }
    for suffix, text in outputs.items():
        path = GOLDEN / f"{case}.{suffix}"
        if os.environ.get("REDLINE_UPDATE_GOLDEN") == "1":
            path.write_text(text, encoding="utf-8")
        assert text == path.read_text(encoding="utf-8"), f"{path.name} differs from the reviewed output"


@pytest.mark.parametrize("case", sorted(CASES))
def test_golden_cases_are_lossless_and_valid(case):
    old, new = load_case(case)
    redline = redline_of(case)
    expected = {"old": block_texts(old), "new": block_texts(new)}
    assert read_inline(check_markup(render_inline_html(redline))) == expected
    assert read_side_by_side(check_markup(render_side_by_side_html(redline))) == expected


def test_redline_marks_reworded_japanese_clause_by_phrase():
    assert changes("clause-reworded-ja") == [
        ("changed", "paragraph", "当社は、取得した個人情報を適切に[-保管します。][+保存します。]"),
        ("changed", "paragraph",
         "当社は、[-法令に][+日本国内外の適用法令に]従い、個人情報の漏洩、[-滅失または毀損の][+改ざん、逸失の]防止に努めます。"),
    ]


def test_redline_marks_added_list_item_as_whole_added_block():
    assert changes("list-item-added-ja") == [
        ("added", "list_item",
         "[+（3） 当社における個人情報の取得体制及び講じている措置の内容の詳細については、お問い合わせ先までご連絡ください。]"),
    ]
    html = render_inline_html(redline_of("list-item-added-ja"))
    assert '<li class="redline-block redline-added" id="redline-5"><ins>' in html


def test_redline_marks_added_section_and_summary_lists_it():
    redline = redline_of("section-added-ja")
    assert changes("section-added-ja") == [
        ("added", "list_item", "[+個人情報の保存]"),
        ("added", "heading", "[+個人情報の保存]"),
        ("added", "paragraph", "[+当社は、利用目的のために必要な最短の期間を超えて個人情報を保存することはありません。]"),
    ]
    statuses = [(s.anchor, s.status) for s in redline.summary.sections]
    assert statuses == [(None, "changed"), ("retention", "added")]
    assert '<h2 class="redline-block redline-added" id="redline-7"><ins>' in render_inline_html(redline)


def test_redline_keeps_table_and_marks_changed_cell_and_added_row():
    assert changes("table-row-changed-ja") == [
        ("changed", "table_row", "Yahoo!広告 | [-ヤフー株式会社][+LINEヤフー株式会社] | 広告・宣伝のため"),
        ("added", "table_row", "[+Clarity] | [+Microsoft Corporation] | [+効果測定のため]"),
    ]
    html = render_inline_html(redline_of("table-row-changed-ja"))
    assert html.count("<table>") == 1 and "<thead><tr" in html and '<th scope="col">サービス名称</th>' in html


def test_redline_marks_english_words_whole():
    assert changes("sentence-reworded-en") == [
        ("changed", "paragraph",
         "We select contractors that we recognize as [-managing][+processing] personal information appropriately, "
         "and we agree with them on what is necessary to prevent leakage, [-loss or damage][+falsification or loss]."),
    ]


def test_redline_says_no_changes_for_identical_revisions():
    redline = redline_of("identical-ja")
    assert not redline.changed and changes("identical-ja") == []
    assert '<p class="redline-note">変更はありません。</p>' in render_inline_html(redline)
    assert render_markdown(redline) == "変更はありません。\n"


def test_redline_shows_changed_link_target_as_one_link_change_on_the_label():
    assert changes("link-target-changed-en") == [
        ("changed", "paragraph", "For our address and representative, see our company page."),
    ]
    redline = redline_of("link-target-changed-en")
    (change,) = next(op for op in redline.ops if op.link_changes).link_changes[0]
    assert (change.label, change.old_target, change.new_target) == (
        "our company page", "https://www.example.com/company", "https://corporate.example.com/company")
    assert redline.summary.links_changed == 1
    html = render_inline_html(redline)
    assert ('<a href="https://corporate.example.com/company" class="redline-link-changed" '
            'title="[link changed: https://www.example.com/company → https://corporate.example.com/company]">'
            'our company page</a><span class="redline-sr"> [link changed: ') in html
    assert "<del>" not in html and "<ins>" not in html


def test_redline_matches_section_by_id_when_its_heading_is_reworded():
    found = changes("heading-reworded-zh")
    assert found[0] == ("changed", "heading", "[-个人信息的第三者提供][+向第三方提供或披露个人信息]")
    assert found[1][0] == "changed" and found[1][2].startswith("[+原则上，]")

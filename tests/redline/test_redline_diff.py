"""Granularity (phrases, words), determinism, alignment of blocks and the change summary."""

from __future__ import annotations

from pathlib import Path

import budoux
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policy_site.redline import compute_redline, parse_document
from policy_site.redline.align import align_blocks
from policy_site.redline.diff import DiffMemo, RedlineInvariantError, check_segments, diff_text
from policy_site.redline.phrases import is_boundary, is_phrase_boundary


def bracketed(segments) -> str:
    marks = {"equal": "{}", "delete": "[-{}]", "insert": "[+{}]"}
    return "".join(marks[kind].format(text) for kind, text in segments)


JA_TEXT = st.text(alphabet="個人情報をの適切に保管存しますが。、当社はプライバシーポリシー「」（）第三者提供1２a ", max_size=40)
ZH_TEXT = st.text(alphabet="个人信息我们将保存删除隐私政策中华人民共和国，。的用户同意", max_size=40)


@settings(max_examples=200, deadline=None)
@given(text=st.one_of(JA_TEXT, ZH_TEXT), locale=st.sampled_from(["ja", "zh"]))
def test_phrase_boundary_at_one_position_equals_budoux_on_the_whole_text(text, locale):
    parser = (budoux.load_default_simplified_chinese_parser() if locale == "zh"
              else budoux.load_default_japanese_parser())
    cuts, position = set(), 0
    for chunk in parser.parse(text)[:-1]:
        position += len(chunk)
        cuts.add(position)
    assert {i for i in range(1, len(text)) if is_phrase_boundary(text, i, locale)} == cuts


@pytest.mark.parametrize(("old", "new", "locale", "expected"), [
    ("個人情報を適切に保管します。", "個人情報を適切に保存します。", "ja", "個人情報を適切に[-保管します。][+保存します。]"),
    ("資料の管理を行う。", "資料の処理を行う。", "ja", "資料の[-管理を][+処理を]行う。"),
    ("2005年8月21日制定", "2022年1月6日制定", "ja", "[-2005年8月21日][+2022年1月6日]制定"),
    ("Last revised April 1, 2022", "Last revised June 15, 2023", "en",
     "Last revised [-April 1, 2022][+June 15, 2023]"),
    ("to A, B and C.", "to X, B and Z.", "en", "to [-A][+X], B and [-C][+Z]."),
    ("我们将保存您的个人信息。", "我们将删除您的个人信息。", "zh", "我们将[-保存][+删除]您的个人信息。"),
    ("for managing data", "for processing data", "en", "for [-managing][+processing] data"),
    ("we don't sell", "we won't sell", "en", "we [-don't][+won't] sell"),
    ("see Google広告 now", "see Yahoo!広告 now", "ja", "see [-Google][+Yahoo!]広告 now"),
    ("👍🏻 ok", "👍🏽 ok", "en", "[-👍🏻][+👍🏽] ok"),
])
def test_changes_snap_to_phrases_and_whole_words(old, new, locale, expected):
    assert bracketed(diff_text(old, new, locale=locale)) == expected


def test_diff_is_deterministic_and_does_not_depend_on_a_deadline():
    from policy_site.redline.diff import _MATCHER

    assert _MATCHER.Diff_Timeout == 0
    old = "当社は、個人情報を適切に管理します。" * 200
    new = old.replace("管理", "保存", 7).replace("個人情報", "個人データ", 3)
    assert diff_text(old, new, locale="ja") == diff_text(old, new, locale="ja")


def test_segments_that_do_not_spell_the_texts_are_refused():
    with pytest.raises(RedlineInvariantError):
        check_segments([("equal", "ab"), ("insert", "c")], "abd", "abc")


def test_reworded_clause_is_changed_not_removed_and_added():
    old = "# T\n\n当社は個人情報を適切に管理します。\n\n別の段落です。\n"
    new = "# T\n\n当社は個人情報を適切かつ安全に保存します。\n\n別の段落です。\n"
    assert [op.op for op in compute_redline(old, new).ops] == ["unchanged", "changed", "unchanged"]


def test_sections_align_by_id_even_when_headings_are_reworded_and_text_inserted_before():
    old = "## 個人情報の提供 {#third-party}\n\n提供しません。\n\n## 安全管理 {#security}\n\n対策します。\n"
    new = ("## 新設 {#retention}\n\n保存しません。\n\n## 第三者への提供 {#third-party}\n\n提供しません。\n\n"
           "## 安全管理措置 {#security}\n\n対策します。\n")
    old_blocks, new_blocks = parse_document(old).blocks, parse_document(new).blocks
    pairs = align_blocks(old_blocks, new_blocks)
    assert pairs == [(None, 0), (None, 1), (0, 2), (1, 3), (2, 4), (3, 5)]


def test_headings_with_different_ids_are_never_paired_nor_moved():
    title = "個人情報の第三者提供に関する事項"
    ops = compute_redline(f"## {title} {{#third-party}}\n", f"## {title} {{#disclosure-requests}}\n").ops
    assert [(op.op, op.moved_to, op.moved_from) for op in ops] == [("removed", None, None), ("added", None, None)]


def test_moved_block_is_linked_from_origin_to_destination():
    moved = "当社は、利用目的のために必要な最短の期間を超えて個人情報を保存することはありません。"
    old = f"## A {{#scope}}\n\n{moved}\n\n## B {{#security}}\n\n対策します。\n"
    new = f"## A {{#scope}}\n\n## B {{#security}}\n\n対策します。\n\n{moved}\n"
    redline = compute_redline(old, new)
    removed = next(op for op in redline.ops if op.op == "removed")
    added = next(op for op in redline.ops if op.op == "added")
    assert (removed.moved_to, added.moved_from) == (added.number, removed.number)
    assert redline.summary.blocks_moved == 1 and redline.summary.blocks_added == 0


def test_summary_counts_and_sections():
    old = "# T\n\n## 収集 {#collection}\n\n収集します。\n\n## 委託 {#entrustment}\n\n委託します。\n"
    new = "# T\n\n## 収集 {#collection}\n\n適法に収集します。\n\n## 保存 {#retention}\n\n保存します。\n"
    summary = compute_redline(old, new).summary
    assert [(s.anchor, s.title, s.status) for s in summary.sections] == [
        ("collection", "収集", "changed"), ("entrustment", "委託", "removed"), ("retention", "保存", "added")]
    assert summary.changed and summary.blocks_changed == 1
    assert (summary.blocks_added, summary.blocks_removed) == (2, 2)
    assert summary.inserted_chars == len("適法に") + len("保存") + len("保存します。")  # [+適法に]収集します。
    assert summary.deleted_chars == len("委託") + len("委託します。")


def test_parsed_revisions_give_the_same_redline_as_markdown():
    old = "# T\n\n## A {#scope}\n\n当社は個人情報を適切に管理します。\n"
    new = "# T\n\n## A {#scope}\n\n当社は個人情報を適切に保存します。\n"
    assert compute_redline(parse_document(old), parse_document(new)) == compute_redline(old, new)


def test_a_locale_without_a_catalog_is_refused_in_one_line():
    with pytest.raises(ValueError) as refused:
        compute_redline("a", "b", locale="ko")
    assert str(refused.value) == (
        "Reading interface catalog 'policy_site/locales/ko.json': there is no catalog for locale 'ko' "
        "(there are de, en, fr, ja, zh); add the file with every key of the ja catalog, or use one of those locales")


def test_boundaries_never_split_words_numbers_or_emoji_sequences():
    assert not is_boundary("processing", 4, "en")
    assert not is_boundary("2023", 2, "ja")
    assert not is_boundary("e\u0301", 1, "en")
    assert not is_boundary("👨\u200d👩", 1, "en") and not is_boundary("👨\u200d👩", 2, "en")
    assert is_boundary("data processing", 5, "en") and is_boundary("data, x", 4, "en")


@settings(max_examples=100, deadline=None)
@given(text=st.text(alphabet="ab 。．！？.!?\n、,", max_size=3000))
def test_sentence_pieces_join_back_to_the_block(text):
    from policy_site.redline.diff import MAX_PIECE, split_sentences

    pieces = split_sentences(text)
    assert "".join(pieces) == text
    assert all(piece for piece in pieces)
    assert all(len(piece) <= 4 * MAX_PIECE for piece in pieces)


def test_a_long_block_is_diffed_sentence_by_sentence_with_the_same_changes_as_short_blocks():
    """A 60,000-character paragraph with an edit every few sentences: every edit is found as a
    word change, exactly as when the sentences are diffed one by one."""
    from policy_site.redline.diff import LONG_BLOCK

    sentences = [f"Sentence number {k} says that we process data for purpose {k * 7 % 13}. " for k in range(900)]
    edited = [s.replace("process", "store") if k % 3 == 0 else s for k, s in enumerate(sentences)]
    old, new = "".join(sentences).strip(), "".join(edited).strip()
    assert len(old) > 10 * LONG_BLOCK
    segments = diff_text(old, new, locale="en")
    check_segments(segments, old, new)
    deletions = [text for kind, text in segments if kind == "delete"]
    insertions = [text for kind, text in segments if kind == "insert"]
    assert deletions == ["process"] * 300 and insertions == ["store"] * 300
    assert diff_text(old, new, locale="en") == segments


def test_a_long_japanese_block_keeps_phrase_boundaries_across_sentence_cuts():
    sentence = "当社は、取得した個人情報を適切に管理します。"
    old = sentence * 400
    new = old.replace("管理", "保存", 5)
    segments = diff_text(old, new, locale="ja")
    check_segments(segments, old, new)
    assert [text for kind, text in segments if kind == "insert"] == ["保存します。"] * 5


# ------------------------------------------------------------------------------------------------
# The block diffs of a history's comparisons are made once (DiffMemo): what a comparison shows is
# the redline computed without it.

def _history(locale: str) -> list[str]:
    folder = Path(__file__).resolve().parents[1] / "sites" / "histories" / "docs" / locale / "customer-data"
    return [path.read_text(encoding="utf-8") for path in sorted(folder.glob("*.md"))]


@pytest.mark.parametrize("locale", ["ja", "en"])
def test_every_pair_of_a_history_is_the_same_redline_with_the_block_diffs_of_the_others(locale):
    revisions = _history(locale)
    assert len(revisions) >= 4
    memo = DiffMemo()
    pairs = [(a, b) for i, a in enumerate(revisions) for b in revisions[i + 1:]]
    for old, new in pairs + pairs:  # the second round finds every block diff made already
        assert compute_redline(old, new, locale=locale, diffs=memo) == compute_redline(old, new, locale=locale)
    made = len(memo.segments)
    asked = sum(1 for old, new in pairs for op in compute_redline(old, new, locale=locale).ops
                if op.op == "changed" for _ in op.cells)
    assert 0 < made < asked  # blocks shared by several comparisons were diffed once


def test_a_full_memo_starts_afresh_and_each_pair_gets_its_own_diff(monkeypatch):
    monkeypatch.setattr(DiffMemo, "LIMIT", 40)
    memo = DiffMemo()
    pairs = [("個人情報を保管します。", "個人情報を保存します。"), ("We keep data.", "We store data."),
             ("We keep data.", "We delete data."), ("We store data.", "We keep data."),
             ("保管期間は一年です。", "保管期間は二年です。")]
    for old, new in pairs * 2:
        locale = "en" if old.isascii() else "ja"
        assert memo.diff_text(old, new, locale=locale) == diff_text(old, new, locale=locale)
        assert memo.size <= 40

"""The block model and the text definition (what "the text of a version" means)."""

from __future__ import annotations

from pathlib import Path

import pytest

from policy_site.redline import block_texts, parse_document
from policy_site.redline.inline import reduce_inline
from policy_site.common.frontmatter import FrontMatterError

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(("source", "text"), [
    ("**見本株式会社**", "見本株式会社"),
    ("*em* and __strong__ and _em_", "em and strong and em"),
    ("snake_case_name stays", "snake_case_name stays"),
    ("[個人情報](#personal-information)", "個人情報"),
    ("[privacy@example.com](mailto:privacy@example.com)", "privacy@example.com"),
    ("see [our company page](https://corporate.example.com/company).", "see our company page."),
    ("a<br>b<BR/>c<br />d", "a\nb\nc\nd"),
    ("soft\nbreak  \nhard", "soft break\nhard"),
    ("no\u00a0break", "no\u00a0break"),
    ("<https://corporate.example.com/company>", "https://corporate.example.com/company"),
    ("`a  *b*`", "a *b*"),
    (r"\*not emphasis\* \[x\]", "*not emphasis* [x]"),
    ("&amp; &lt;b&gt; &copy; & alone", "& <b> © & alone"),
    ("<script>alert(1)</script>", "<script>alert(1)</script>"),
    ("a   b\t c", "a b c"),
    ("見本株式会社\u3000代表取締役社長", "見本株式会社\u3000代表取締役社長"),
    ("[ref][1] stays", "[ref][1] stays"),
])
def test_inline_markup_reduces_to_visible_text(source, text):
    assert reduce_inline(source) == text


def test_control_characters_become_replacement_characters():
    assert block_texts("nul\x00byte\x07 and\r\nCRLF") == ["nul\ufffdbyte\ufffd and CRLF"]


def test_document_blocks_follow_policy_conventions():
    doc = parse_document(
        "---\neffective: 2023-06-15\n---\n"
        "# プライバシーポリシー\n\n"
        "## 個人情報保護方針 {#statement}\n\n"
        "1. 管理体制を確立します。\n   また、措置を講じます。\n2. 法令を遵守します。\n\n"
        "- （2） 停止することができます。\n  ※携帯電話の場合はできない場合があります。\n- （3） 紐づけて利用します。\n\n"
        "＜当社サービスの運営＞\n\n"
        "| サービス名称 | オプトアウト |\n| --- | --- |\n| ChatPlus | - |\n\n"
        "## 付則 {#supplementary}\n\n2009年2月10日制定\n"
    )
    summary = [(b.kind, b.level, b.anchor, b.number, b.section, b.text) for b in doc.blocks]
    assert summary == [
        ("heading", 1, None, None, None, "プライバシーポリシー"),
        ("heading", 2, "statement", None, "statement", "個人情報保護方針"),
        ("list_item", 0, None, 1, "statement", "管理体制を確立します。 また、措置を講じます。"),
        ("list_item", 0, None, 2, "statement", "法令を遵守します。"),
        ("list_item", 0, None, None, "statement", "（2） 停止することができます。 ※携帯電話の場合はできない場合があります。"),
        ("list_item", 0, None, None, "statement", "（3） 紐づけて利用します。"),
        ("paragraph", 0, None, None, "statement", "＜当社サービスの運営＞"),
        ("table_row", 0, None, None, "statement", "サービス名称\tオプトアウト"),
        ("table_row", 0, None, None, "statement", "ChatPlus\t-"),
        ("heading", 2, "supplementary", None, "supplementary", "付則"),
        ("paragraph", 0, None, None, "supplementary", "2009年2月10日制定"),
    ]
    assert list(doc.meta) == ["effective"]  # front matter is read, never part of the text
    assert doc.blocks[0].line == 4  # lines count in the file, front matter included
    assert doc.blocks[7].header and not doc.blocks[8].header and doc.blocks[7].table == doc.blocks[8].table == 1


def test_blocks_parse_nested_lists_quotes_code_and_setext_headings():
    doc = parse_document("Title\n=====\n\n- a\n  - b\n    - c\n- d\n\n> quoted\n> text\n\n```\ncode  *x*\n```\n\n***\n")
    assert [(b.kind, b.level, b.text) for b in doc.blocks] == [
        ("heading", 1, "Title"), ("list_item", 0, "a"), ("list_item", 1, "b"), ("list_item", 2, "c"),
        ("list_item", 0, "d"), ("quote", 0, "quoted text"), ("code", 0, "code  *x*"),
    ]


def test_table_cells_keep_escaped_pipes_as_text():
    assert block_texts("| a \\| b | c |\n|---|---|\n| `x` | **y** |") == ["a | b\tc", "x\ty"]


def test_malformed_front_matter_is_an_error_not_text():
    with pytest.raises(FrontMatterError):
        parse_document("---\neffective: [\n---\nbody\n")


def _sections(source: str) -> list[tuple[str, str | None, bool]]:
    return [(b.text, b.section, b.contents) for b in parse_document(source).blocks if b.kind == "list_item"]


def test_a_list_of_in_page_links_is_a_table_of_contents_in_no_section():
    source = ("## お問い合わせ先 {#contact}\n\n[privacy@example.com](mailto:privacy@example.com)\n\n"
              "- [適用範囲](#scope)\n- [個人情報](#personal-information)\n\n## 適用範囲 {#scope}\n\n- 本文\n")
    assert _sections(source) == [("適用範囲", None, True), ("個人情報", None, True), ("本文", "scope", False)]


@pytest.mark.parametrize("source", [
    "## 目次 {#toc}\n\n- [適用範囲](#scope)\n- [個人情報](#personal-information)\n",  # titled by its heading
    "## A {#a}\n\ntext\n\n- [適用範囲](#scope)\n- see [個人情報](#personal-information)\n",  # not only a link
    "## A {#a}\n\ntext\n\n- [適用範囲](#scope)\n- [会社](https://corporate.example.com/company)\n",  # leaves the page
    "## A {#a}\n\ntext\n\n- [適用範囲](#scope)\n",  # one link is no table
])
def test_other_lists_of_links_stay_in_their_section(source):
    assert all(not contents and section is not None for _, section, contents in _sections(source))


def test_a_paragraph_of_unicode_spaces_is_no_block_as_on_the_page():
    assert [b.text for b in parse_document("a\n\n\u00a0\n\n\u3000\n").blocks] == ["a"]


def test_real_tables_of_contents_are_found_and_links_in_text_are_not():
    """On the corpus (real policies, see tests/redline/corpus/README): Spotify's numbered list of
    its five sections is a table of contents; TikTok's and X's links inside sentences are not."""
    corpus = ROOT / "tests" / "redline" / "corpus"
    spotify = parse_document((corpus / "spotify-trackers-policy.new.md").read_text(encoding="utf-8")).blocks
    assert [b.text for b in spotify if b.contents][:2] == ["What are cookies?", "How do we use cookies?"]
    assert sum(b.contents for b in spotify) == 5
    for name in ("tiktok-law-enforcement-guidelines.new.md", "twitter-privacy-policy.new.md"):
        blocks = parse_document((corpus / name).read_text(encoding="utf-8")).blocks
        assert any(target.startswith("#") for b in blocks for cell in b.links for _, _, target in cell), name
        assert not any(b.contents for b in blocks), name


@pytest.mark.parametrize(("source", "texts"), [
    ("1) 当社は\n2) 利用者は", ["1) 当社は 2) 利用者は"]),  # "1)" is no list marker in Python-Markdown
    ("-\n\nx", ["-", "x"]),  # a marker without text after it is text
    ("一行目\n二行目\n===", ["一行目 二行目 ==="]),  # a heading underline counts under a one-line paragraph only
    ("一行目\n二行目\n---", ["一行目 二行目"]),  # ... else "---" is a thematic break
    ("# C#", ["C"]), ("#見出し", ["見出し"]), ("# a # ", ["a #"]),  # Python-Markdown's closing hashes
    ("  # 字下げ", ["# 字下げ"]),  # an indented "#" line is no heading
    (r"\< \& \" 1\. \*", [r"\< \& \" 1. *"]),  # only what Python-Markdown escapes loses its backslash
    ("当社_注_です", ["当社_注_です"]), ("_注_当社", ["_注_当社"]), ("__強__当社", ["__強__当社"]),  # no underscore
    ("x _e_ y", ["x e y"]),  # emphasis inside a word, of any script
    ("\u3000本文\n\n\u00a0本文", ["本文", "本文"]),  # a paragraph loses every kind of leading space
    ("本文  \n\u00a0", ["本文"]),  # a last line of spaces after a hard break is dropped
    ("| a |\n|---|\n| b |\n# c", ["a", "b", "# c"]),  # every line up to a blank line is a table row
])
def test_blocks_read_the_source_as_python_markdown_renders_it(source, texts):
    """Each case was a difference between the redline and the page (tests/test_browser_text.py)."""
    assert block_texts(source) == texts

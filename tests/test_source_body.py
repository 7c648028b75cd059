"""A policy body is text with Markdown structure: what the site accepts and what it refuses, by line."""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest

from policy_site.common.frontmatter import split_front_matter
from policy_site.sources.body import BodyError, check_body, check_link_target, escape_markdown_text

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("body", [
    "# 見本\n\n## 第一条 {#first}\n\n当社は、個人情報を適正に取り扱います。",
    "所在地：東京都<br>電話：03-0000-0000",      # the one tag sources need
    "| 項目 | 内容 |\n|:--|--:|\n| 名称 | 見本株式会社<br />本社 |",
    "<https://corporate.example.com/company>\n\n[お問い合わせ](mailto:privacy@example.com) <privacy@example.com>",
    "[一覧](#purposes) [旧版](2022-04-01.md) [外部](http://example.com/a?b=1&c=2)",
    "1 < 2 、 a &lt;b&gt; は文字",
], ids=["headings", "br", "table with br", "autolinks and mailto", "in-site and http links", "less-than as text"])
def test_plain_markdown_and_br_are_accepted(body):
    check_body(body)


@pytest.mark.parametrize("body,line,cause", [
    ("本文。\n\n<script>alert(1)</script>", 3, "raw HTML '<script>' is not allowed in a policy source"),
    ("本文 <img src=x onerror=alert(1)>", 1, "raw HTML '<img src=x onerror=alert(1)>'"),
    ("a\n\n<!-- policy-redline-slot 0 -->", 3, "raw HTML '<!-- policy-redline-slot 0 -->'"),
    ("<div markdown=\"1\">x</div>", 1, "raw HTML '<div>'"),
    ("[x](javascript:alert(1))", 1, "link target 'javascript:alert(1)' is not allowed"),
    ("x\n\n[x][r]\n\n[r]: JaVaScRiPt:alert(1)", 3, "a reference link ('[text][label]') is not allowed"),
    ("[x](java&#x09;script:alert(1))", 1, "link target 'java script:alert(1)' is not allowed"),
    ("<javascript:alert(1)>", 1, "raw HTML '<javascript:alert(1)>'"),
    ("[x](//evil.example/)", 1, "link target '//evil.example/' points to another site without a scheme"),
    ("[x](data:text/html,x)", 1, "link target 'data:text/html,x' is not allowed"),
    ("![logo](https://tracker.example/x.png)", 1, "images are not allowed in a policy source"),
    ("## 見出し {onclick=alert(1)}", 1, "the attribute list '{onclick=alert(1)}' is not allowed"),
], ids=["script", "img onerror", "comment slot", "md_in_html", "javascript link", "reference link",
        "entity-encoded tab", "autolink scheme", "protocol-relative", "data url", "remote image", "attr_list"])
def test_markup_that_could_run_is_refused_naming_the_line(body, line, cause):
    with pytest.raises(BodyError) as error:
        check_body(body)
    assert error.value.line == line
    assert error.value.cause.startswith(cause), error.value.cause


def test_link_targets_allowed_are_https_http_mailto_and_in_site_paths():
    for target in ("https://a.jp/", "HTTP://a.jp", "mailto:x@a.jp", "#id", "2023-06-15.md#x", "../privacy/",
                   "not-captured:"):
        assert check_link_target(target) is None, target
    for target in ("javascript:x", "vbscript:x", "file:///etc/passwd", "\\\\evil.example\\x", "ftp://a",
                   "not-captured:https://a.jp/", "NOT-CAPTURED:"):
        assert check_link_target(target) is not None, target


def test_a_link_whose_target_was_not_captured_is_accepted_and_an_unknown_scheme_names_it():
    check_body("所在地は[こちら](not-captured:)をご参照ください。\n")
    with pytest.raises(BodyError) as error:
        check_body("所在地は[こちら](lost:)をご参照ください。\n")
    assert error.value.cause == ("link target 'lost:' is not allowed; links may use https:, http:, mailto: or a path "
                                 "inside the site (not-captured: marks a link whose target was not captured)")


def test_front_matter_text_is_escaped_to_inert_markdown():
    hostile = "<img src=x onerror=alert(1)> *強調* [x](javascript:1) `c` #1 & 「引用」"
    html = markdown.markdown(escape_markdown_text(hostile))
    assert html == ("<p>&lt;img src=x onerror=alert(1)&gt; *強調* [x](javascript:1) `c` #1 &amp; 「引用」</p>")


# The closed Markdown (README, "Errors"): every construct the redline does not read as the page
# shows it, refused by the parser's own account of what it made, on its line.
CLOSED = {
    "fenced code": ("本文。\n\n```\n隠れた文言\n```\n", 3, "a fenced code block ('```' or '~~~') is not allowed"),
    "text carried by fence options": ("本文。\n\n~~~{.text title=\"隠れた文言\"}\nx\n~~~\n", 3,
                                      "a fenced code block ('```' or '~~~') is not allowed, nor the text of its options"),
    "class after a heading": ("# 方針\n\n## 見出し {.hidden}\n", 3,
                              "the attribute list '{.hidden}' is not allowed after a heading"),
    "id and class after a heading": ("## 見出し {#a .b}\n", 1, "the attribute list '{#a .b}' is not allowed after a heading"),
    "bare word after a heading": ("## 見出し {hidden}\n", 1, "the attribute list '{hidden}' is not allowed after a heading"),
    "empty braces after a heading": ("## 見出し {}\n", 1, "a heading may end with {#id} only"),
    "class on a paragraph": ("本文。\n{: .hidden}\n", 2, "the attribute list '{.hidden}' is not allowed on a paragraph"),
    "class on emphasis": ("*強調*{.hidden} 本文\n", 1, "the attribute list '{.hidden}' is not allowed on a emphasis"),
    "reference definition swallowing a paragraph": ("本文。\n\n[a]: https://example.com/\n消える文言\n", 3,
                                                    "a reference-link definition ('[label]: target') is not allowed"),
    "indented code block": ("本文。\n\n    字下げした文言\n", 3, "an indented code block"),
    "admonition": ("本文。\n\n!!! note \"注\"\n    文言\n", 3, "an admonition ('!!!') is not allowed"),
    "collapsed details": ("本文。\n\n??? note \"注\"\n    文言\n", 3, "a collapsible block ('???') is not allowed"),
    "open details": ("???+ note \"注\"\n    文言\n", 1, "a collapsible block ('???') is not allowed"),
    "tabbed block": ("本文。\n\n=== \"一\"\n    文言\n", 3, "a tabbed block ('===') is not allowed"),
    "raw HTML": ("本文 <span hidden>文言</span>\n", 1, "raw HTML '<span hidden>' is not allowed"),
    "raw HTML split across lines": ("本文。\n\n本文 <span\nhidden>文言</span>\n", 3, "raw HTML '<span' is not allowed"),
    "raw HTML block split across lines": ("<div\nhidden>\n文言\n</div>\n", 1, "raw HTML '<div' is not allowed"),
    "md_in_html": ("本文。\n\n<div markdown=\"1\">\n文言\n</div>\n", 3, "raw HTML '<div>' is not allowed"),
    "reference to a bidirectional override": ("本文。\n\n当社&#x202E;は\n", 3,
                                              "the character reference '&#x202E;' gives the control character U+202E"),
    "named reference to a mark": ("当社&rlm;は\n", 1, "the character reference '&rlm;' gives the control character U+200F"),
    "reference to the Arabic letter mark": ("当社&#1564;は\n", 1, "the character reference '&#1564;' gives the control character U+061C"),
    "reference to a zero-width space": ("当社&#8203;は\n", 1, "the character reference '&#8203;' gives the control character U+200B"),
    "reference to a zero-width joiner": ("当社&zwj;は\n", 1, "the character reference '&zwj;' gives the control character U+200D"),
    "reference to a C0 control": ("当社&#x1B;は\n", 1, "the character reference '&#x1B;' gives the control character U+001B"),
    "reference to no character": ("当社&#0;は\n", 1, "the character reference '&#0;' names no character"),
    "reference the redline reads otherwise": ("当社&#00000065;は\n", 1, "the character reference '&#00000065;' is not one"),
    "table of contents marker": ("本文。\n\n[TOC]\n", 3, "the table of contents marker '[TOC]' is not allowed"),
    "code span": ("本文 `文言`\n", 1, "a code span ('`…`') is not allowed"),
    "list right after a paragraph line": ("本文。\n- 項目\n", 2, "a list item right after a paragraph line"),
    "table right after a paragraph line": ("本文。\n| a | b |\n|---|---|\n| c | d |\n", 2,
                                           "a table right after a paragraph line"),
    "numbered list from 2": ("本文。\n\n2. 項目\n3. 項目\n", 3, "a numbered list starting at 2 is shown numbered from 1"),
    "numbered item in a bulleted list": ("- 項目\n1. 項目\n", 2, "numbered and bulleted items in one list"),
    "list item indented by 2": ("- 項目\n  - 項目\n", 2, "a list item indented by 1 to 3 spaces is not nested"),
    "quote continued without '>'": ("> 引用\n続き\n", 2, "a line without '>' continues the quote above"),
    "quote inside a quote": ("> > 引用\n", 1, "a quote inside a quote is not allowed"),
    "list inside a quote": ("> - 項目\n", 1, "a list inside a quote is not allowed"),
    "underlined list item": ("- 項目\n---\n", 1, "a '===' or '---' line right under a list item or quote"),
    "heading of level 5": ("本文。\n\n##### 見出し\n", 3, "a heading of level 5 ('#####') is not allowed: the site shows it in capital letters"),
    "ideographic space ending the source": ("# 方針\n\n本文。\u3000\n", 3, "the redline would read '方針 本文。\u3000'"),
    "link title (a tooltip no redline compares)": ("本文。\n\n[当社](https://example.com/ \"隠れた文言\")のページ。\n", 3,
                                                  'the link title "隠れた文言" is not allowed'),
    "table cell the page drops": ("| a | b |\n|---|---|\n| c | d | 隠れた文言 |\n", 3,
                                  "the redline would read"),
}


@pytest.mark.parametrize("body,line,cause", CLOSED.values(), ids=list(CLOSED))
def test_markdown_outside_the_closed_set_is_refused_naming_line_and_construct(body, line, cause):
    with pytest.raises(BodyError) as error:
        check_body(body)
    assert (error.value.line, error.value.cause[:len(cause)]) == (line, cause), error.value.cause


@pytest.mark.parametrize("body", [
    "# 方針\n\n## 見出し {#first}\n\n### 見出し {: #second }\n\n見出し\n===\n",
    "本文の一行目  \n二行目<br>三行目\n\n* * *\n\n> 引用の一行目\n> 二行目\n",
    "- 項目\n  続きの行\n- 項目\n    - 入れ子\n    - 入れ子\n\n本文。\n\n1. 一\n2. 二\n",
    "| 左 | 右 |\n|:--|--:|\n| 当社<br>本社 | **太字** |\n",
    "[リンク](https://example.com/) <https://example.com/> *強調* _強調_ \\* \\[ &amp; &lt; &#x4E2D; &nbsp;\n",
    "- 項目\n\n    ### 項目の中の見出し\n\n    項目の続き\n",
], ids=["headings", "breaks and quotes", "lists", "table", "inline", "heading in a list item"])
def test_markdown_of_the_closed_set_is_accepted(body):
    check_body(body)


CORPUS = ROOT / "tests" / "redline" / "corpus"
# Real policies that the site refuses, and why: each is what its page would show otherwise.
CORPUS_REFUSED = {
    "bereal-privacy-policy.new.md": "line 58: a numbered list starting at 2 is shown numbered from 1",
    "facebook-user-consent-policy.new.md": "line 121: control character U+200E is not allowed",
    "facebook-user-consent-policy.old.md": "line 117: control character U+200E is not allowed",
    "tiktok-law-enforcement-guidelines.new.md": "line 136: raw HTML '<TikTok Law Enforcement Guidelines>'",
    "tiktok-law-enforcement-guidelines.old.md": "line 208: raw HTML '<TikTok Law Enforcement Guidelines>'",
    "twitch-trackers-policy.new.md": 'line 4: the link title "Twitch.tv" is not allowed',
    "twitter-privacy-policy.new.md": 'line 17: the link title "3.1 When you Tweet, post, and share." is not allowed',
    "twitter-privacy-policy.old.md": 'line 17: the link title "3.1 When you Tweet, post, and share." is not allowed',
}


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.*.md")), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_the_real_world_corpus_keeps_to_the_closed_markdown(path):
    """(The site's own sources: tests/site/test_site_sources.py.)"""
    body = split_front_matter(path.read_text(encoding="utf-8"))[1]
    refused = CORPUS_REFUSED.get(path.name)
    if refused is None:
        check_body(body)
        return
    with pytest.raises(BodyError) as error:
        check_body(body)
    assert str(error.value).startswith(refused), str(error.value)


def test_the_ranges_the_character_check_skips_hold_no_forbidden_character():
    from policy_site.sources.characters import PLAIN_RANGES, find_forbidden_character, is_forbidden_character

    for first, last in PLAIN_RANGES:
        bad = [f"U+{n:04X}" for n in range(ord(first), ord(last) + 1) if is_forbidden_character(chr(n))]
        assert not bad, (first, last, bad[:5])
    for ch in ("\x00", "\x1f", "\x7f", "\x85", "\u00ad", "\u200b", "\u202e", "\u2028", "\ufeff", "\ufffe",
               "\U000e0001"):
        assert find_forbidden_character(f"当社は{ch}管理します") == 3, repr(ch)
    assert find_forbidden_character("当社は個人情報を\t適切に\r\n管理します。Ünïcode ½ Ω Я 한국 ｱ") is None

"""A policy body is text with Markdown structure: what the site accepts and what it refuses, by line."""

from __future__ import annotations

import markdown
import pytest

from policy_site.sources.body import BodyError, check_body, check_link_target, escape_markdown_text


@pytest.mark.parametrize("body", [
    "# 見本\n\n## 第一条 {#first}\n\n当社は、個人情報を適正に取り扱います。",
    "所在地：東京都<br>電話：03-0000-0000",      # the one tag sources need
    "| 項目 | 内容 |\n|:--|--:|\n| 名称 | 株式会社イプロス<br />本社 |",
    "<https://marketing.ipros.jp/company>\n\n[お問い合わせ](mailto:privacy@ipros.jp) <privacy@ipros.jp>",
    "[一覧](#purposes) [旧版](2022-04-01.md) [外部](http://example.com/a?b=1&c=2)",
    "1 < 2 、 a &lt;b&gt; は文字",
], ids=["headings", "br", "table with br", "autolinks and mailto", "in-site and http links", "less-than as text"])
def test_plain_markdown_and_br_are_accepted(body):
    check_body(body)


@pytest.mark.parametrize("body,line,cause", [
    ("本文。\n\n<script>alert(1)</script>", 3, "raw HTML '<script>' is not allowed in a policy source"),
    ("本文 <img src=x onerror=alert(1)>", 1, "raw HTML '<img src=x onerror=alert(1)>'"),
    ("a\n\n<!-- policy-redline-slot 0 -->", 3, "raw HTML '<!-- policy-redline-slot 0 -->'"),
    ("<div markdown=\"1\">x</div>", 1, "raw HTML '<div markdown=\"1\">'"),
    ("[x](javascript:alert(1))", 1, "link target 'javascript:alert(1)' is not allowed"),
    ("x\n\n[x][r]\n\n[r]: JaVaScRiPt:alert(1)", 5, "link target 'JaVaScRiPt:alert(1)' is not allowed"),
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
    for target in ("https://a.jp/", "HTTP://a.jp", "mailto:x@a.jp", "#id", "2023-06-15.md#x", "../privacy/"):
        assert check_link_target(target) is None, target
    for target in ("javascript:x", "vbscript:x", "file:///etc/passwd", "\\\\evil.example\\x", "ftp://a"):
        assert check_link_target(target) is not None, target


def test_front_matter_text_is_escaped_to_inert_markdown():
    hostile = "<img src=x onerror=alert(1)> *強調* [x](javascript:1) `c` #1 & 「引用」"
    html = markdown.markdown(escape_markdown_text(hostile))
    assert html == ("<p>&lt;img src=x onerror=alert(1)&gt; *強調* [x](javascript:1) `c` #1 &amp; 「引用」</p>")

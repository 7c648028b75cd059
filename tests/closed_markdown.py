"""Hypothesis strategies for policy sources within the closed Markdown (README, "Errors").

Blocks of every kind a source may use, with the inline constructs it may use and the characters
that are Markdown somewhere (``*``, ``_``, ``[``, ``{``, ``|``, ``<``, ``&``, ``#``…) as wording;
blocks are separated by a blank line or, where Python-Markdown and the engine might disagree,
by a single line break. Some drawn sources are refused by the body check; the tests keep those
out (and count them).
"""

from __future__ import annotations

from hypothesis import strategies as st

TEXT = ["個人情報", "を", "適切に", "保管します。", "当社は、", "个人信息", "我们", "the", "personal", "data", "we",
        "store", "policy", "Company's", ",", ".", "、", "。", "（1）", "・", "2023年6月15日", "100%", "A-1", "x.y",
        "\u00a0", "\u3000", "\t"]
MARKUP = ["[terms](https://example.com/t?a=1&b=2)", "[our page](#annotation-8)", "[旧版](2022-04-01.md)",
          "[tip](https://example.com/)", "<https://example.com/x>", "<privacy@example.jp>", "[こちら](not-captured:)",
          "[the *guide*](not-captured:)",
          "**bold**", "*em*", "_em_", "__strong__", "***both***", "**a *b* c**", "a*b*c", "snake_case_name",
          "<br>", "<br />", "&nbsp;", "&amp;", "&lt;", "&gt;", "&#x4E2D;", "&#20013;", "&copy;", "&#X41;", "&foo;",
          "\\*", "\\_", "\\#", "\\[x\\]", "\\\\", "\\|", "\\{", "\\}", "\\<", "\\`",
          "*", "_", "**", "[", "]", "(", ")", "[x]", "{", "}", "{x}", "#", "# ", "|", "<", "< 2", "&", "& b", ">",
          "=", "-", "+", "1.", "1)", "!", "![", "~", "^", ":"]
word = st.one_of(st.sampled_from(TEXT), st.sampled_from(MARKUP))
words = st.lists(word, min_size=1, max_size=7).map(" ".join)
tight = st.lists(word, min_size=1, max_size=4).map("".join)  # markup next to text, without spaces
inline = st.one_of(words, tight)
line_end = st.sampled_from(["\n", "\n", "\n", "  \n", "<br>\n"])


@st.composite
def paragraph(draw) -> str:
    lines = draw(st.lists(inline, min_size=1, max_size=3))
    return "".join(line + (draw(line_end) if k < len(lines) - 1 else "") for k, line in enumerate(lines))


@st.composite
def heading(draw) -> str:
    level = draw(st.integers(1, 6))  # 5 is refused (the body check says why)
    text = draw(inline)
    anchor = draw(st.sampled_from(["", "", " {#sec-1}", " {: #sec-2 }", " {#a}"]))
    closing = draw(st.sampled_from(["", "", " #", " ##"]))
    if draw(st.booleans()) and not closing and level <= 2:
        return f"{text}{anchor}\n" + ("=" if level == 1 else "-") * draw(st.integers(1, 6))
    return "#" * level + " " + text + anchor + closing


@st.composite
def list_block(draw) -> str:
    marker = draw(st.sampled_from(["- ", "* ", "+ ", "1. "]))
    loose = draw(st.booleans())
    items = []
    for k in range(draw(st.integers(1, 4))):
        own = marker if marker != "1. " else f"{k + 1}. "
        item = own + draw(inline)
        if draw(st.integers(0, 3)) == 0:
            item += draw(line_end) + "  " + draw(inline)  # a continuation line
        if draw(st.integers(0, 3)) == 0:
            nested = draw(st.sampled_from(["- ", "1. "]))
            item += "\n" + "\n".join(f"    {nested if nested == '- ' else f'{n + 1}. '}{draw(inline)}"
                                     for n in range(draw(st.integers(1, 2))))
        if draw(st.integers(0, 5)) == 0:
            item += "\n\n    " + draw(inline)  # a second paragraph of the item
        if draw(st.integers(0, 7)) == 0:
            item += "\n\n    ### " + draw(inline)  # a heading inside the item
        items.append(item)
    return ("\n\n" if loose else "\n").join(items)


@st.composite
def table(draw) -> str:
    columns = draw(st.integers(1, 3))
    cell = st.one_of(st.just(""), inline.map(lambda t: t.replace("|", "\\|").replace("\n", " ")),
                     st.just("a<br>b"))
    rule = "|".join(draw(st.sampled_from([" --- ", ":--", "--:", ":-:"])) for _ in range(columns))
    header = "|".join(f" {draw(cell)} " for _ in range(columns))
    rows = ["| " + " | ".join(draw(cell) for _ in range(columns)) + " |" for _ in range(draw(st.integers(0, 3)))]
    return "\n".join([f"|{header}|", f"|{rule}|", *rows])


@st.composite
def quote(draw) -> str:
    return "\n".join("> " + draw(inline) for _ in range(draw(st.integers(1, 3))))


block = st.one_of(heading(), paragraph(), paragraph(), list_block(), table(), quote(),
                  st.sampled_from(["* * *", "---", "___", "- - -"]))


@st.composite
def sources(draw) -> str:
    """A policy body within the closed Markdown, most of the time (the body check decides)."""
    blocks = draw(st.lists(block, min_size=1, max_size=6))
    out = "# " + draw(words)  # a title, as every policy source has (and never a '---' front matter line)
    for b in blocks:
        out += draw(st.sampled_from(["\n\n", "\n\n", "\n\n", "\n"])) + b
    return out + "\n"

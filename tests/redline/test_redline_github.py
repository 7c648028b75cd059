"""The Markdown redline as GitHub shows it: rendered by cmark-gfm (GitHub's Markdown library), a
reader sees the same blocks, text and marks as in the site's HTML redline (:mod:`visible_text`).

Generated over the sources of the losslessness properties (every block shape, Markdown and HTML
syntax as text, emoji, controls, empty blocks), and on the cases that broke it, one by one.
"""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup, Tag
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from test_redline_lossless import LOCALES, revision_pairs
from visible_text import read_visible_blocks, render_github

from policy_site.redline import compute_redline, render_inline_html, render_markdown, render_side_by_side_html
from policy_site.redline.labels import load_labels
from policy_site.redline.render_text import escape_markdown
from policy_site.sources.body import list_body_problems


def _github_blocks(markdown: str, locale: str, depth: bool = True) -> list[tuple[str, str]]:
    blocks = read_visible_blocks(render_github(markdown), site=False, depth=depth)
    note = re.escape(load_labels(locale)["omitted"]).replace(re.escape("{n}"), r"\d+")
    return [("omitted", "") if kind == "p" and re.fullmatch(note, text) else (kind, text) for kind, text in blocks]


def _assert_same(old: str, new: str, locale: str, context: int | None = None, *, depth: bool = True) -> None:
    redline = compute_redline(old, new, locale=locale)
    if not redline.changed:
        return
    depth = depth and context is None
    site = read_visible_blocks(render_inline_html(redline, context=context), site=True, depth=depth)
    markdown = render_markdown(redline, summary=False, context=context)
    assert _github_blocks(markdown, locale, depth=depth) == site, markdown


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pair=revision_pairs(), locale=LOCALES)
# Found by Hypothesis: a nested list after a heading, which the site refuses (an indented code block).
@example(pair=("# A\n\n- x\n\n# B\n\n    - b\n    - c\n", "# A\n\n- x\n\n    - b\n    - c\n\n# B\n"), locale="en")
def test_github_shows_the_markdown_redline_as_the_site_shows_the_html(pair, locale):
    """Every pair shows the same blocks, text and marks; the depth of its list items too, unless a
    side is a source the site refuses (policy_site.sources.body): such a source is never published
    and fails the review's site check, and what it may hold, a nested list item without a parent
    after a heading (an indented code block to the site), Markdown cannot write at that depth."""
    try:
        _assert_same(*pair, locale)
    except AssertionError:
        if not any(list_body_problems(text.strip()) for text in pair):
            raise
        _assert_same(*pair, locale, depth=False)


@pytest.mark.parametrize(("old", "new", "shown"), [
    # A heading that starts with a number: '\11.' would show its backslash.
    ("## 11. Arbitration\n", "## 11. Arbitration of disputes\n", "11. Arbitration"),
    ("- 11. Arbitration\n", "- 11. Arbitration of disputes\n", "11. Arbitration"),
    # A heading's closing hashes.
    ("# Terms \\#\n\nA.\n", "# Terms \\#\n\nB.\n", "Terms #"),
    # A bare address with an underscore or escaped characters: GitHub's link shows them escaped.
    ("See https://example.com/a_b now.\n", "See https://example.com/a_b today.\n", "https://example.com/a_b"),
    ("Visit www.example.com/x_y.\n", "Visit www.example.com/x_y soon.\n", "www.example.com/x_y"),
    # '$…$' is mathematics on GitHub.
    ("Fees of $5 and $6 apply.\n", "Fees of $5 and $7 apply.\n", "$5 and $"),
])
def test_text_that_markdown_would_read_as_syntax_is_shown_as_written(old, new, shown):
    _assert_same(old, new, "en")
    markdown = render_markdown(compute_redline(old, new, locale="en"), summary=False)
    assert shown in read_visible_blocks(render_github(markdown), site=False)[0][1]


@pytest.mark.parametrize(("old", "new"), [
    # A list whose first item shown is nested (the four spaces of its level made it code).
    ("Intro.\n\n- a\n    - b\n", "Intro.\n\n- a\n    - b\n\nMore.\n"),
    ("- a\n    - b\n    - c\n", "- a\n    - b\n    - C\n"),
    # Numbers that do not follow on: GitHub numbers a list from its first item.
    ("1. a\n2. b\n3. c\n", "1. a\n2. c\n"),
    ("1. a\n    1. b\n    2. c\n", "1. a\n    1. c\n"),
    # A bullet list followed by a numbered one, and an ordered parent of a wide number.
    ("- a\n\n1. b\n", "- a\n\n1. c\n"),
    # An empty item after an item's text would underline it as a heading.
    ("- a\n    - b\n", "- a\n    - \n"),
    # A table whose header row is narrower than its other rows is no table on GitHub.
    ("| a |\n| --- |\n| b | c |\n", "| a |\n| --- |\n| b | d |\n"),
    ("|  |\n| --- |\n| b | c | d |\n", "|  |\n| --- |\n| b | c | e |\n"),
])
def test_lists_and_tables_keep_their_structure_on_github(old, new):
    _assert_same(old, new, "en")


def test_an_empty_list_item_is_an_empty_comment_not_an_underline():
    markdown = render_markdown(compute_redline("- a\n    - b\n", "- a\n    - \n", locale="en"), summary=False)
    assert "<!-- -->" in markdown
    assert "<h2>" not in render_github(markdown)


def test_section_titles_of_the_summary_are_shown_as_written():
    old = "## 11. Arbitration\n\nText.\n\n## Fees of $5 \\#\n\nMore.\n"
    new = "## 11. Arbitration\n\nText changed.\n\n## Fees of $5 \\#\n\nMore changed.\n"
    html = render_github(render_markdown(compute_redline(old, new, locale="en")))
    items = [text for kind, text in read_visible_blocks(html, site=False) if kind.startswith("li")]
    assert items == ["11. Arbitration (changed)", "Fees of $5 # (changed)"]


def test_escaping_keeps_every_character_and_adds_only_escapes():
    text = "11. a_b *c* [d](e) <f> & $g$ # h | i ~j~ https://k.example/l_m www.n.example"
    escaped = escape_markdown(text)
    assert "\\11" not in escaped and "11\\." in escaped
    html = render_github(escaped)
    assert read_visible_blocks(html, site=False) == [("p", text)]


def _empty_marks(html: str) -> list[str]:
    """The ``<ins>``/``<del>`` elements that hold nothing but their screen-reader labels."""
    empty = []
    for mark in BeautifulSoup(html, "html.parser").find_all(["ins", "del"]):
        children = list(mark.children)
        for end in (0, -1):
            if children and isinstance(children[end], Tag) and "redline-sr" in (children[end].get("class") or []):
                children.pop(end)
        if not "".join(child.get_text() if isinstance(child, Tag) else str(child) for child in children):
            empty.append(str(mark))
    return empty


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pair=revision_pairs(), locale=LOCALES)
def test_no_mark_is_around_nothing_in_any_view(pair, locale):
    redline = compute_redline(*pair, locale=locale)
    for html in (render_inline_html(redline), render_side_by_side_html(redline),
                 render_github(render_markdown(redline)),
                 render_github(render_markdown(redline, view="side-by-side"))):
        assert _empty_marks(html) == []


def test_an_added_table_with_empty_header_cells_marks_only_its_text():
    """The case that gave 102 empty marks with their screen-reader labels: every empty cell of an
    added table is in an added row (its class says so), with nothing marked inside."""
    table = "|" + "  |" * 6 + "\n|" + " --- |" * 6 + "\n" + "\n".join("| a |" + "  |" * 5 for _ in range(16)) + "\n"
    redline = compute_redline("Intro.\n", "Intro.\n\n" + table, locale="en")
    inline = render_inline_html(redline)
    soup = BeautifulSoup(inline, "html.parser")
    assert len(soup.find_all("ins")) == 16 and _empty_marks(inline) == []
    assert len(soup.select("tr.redline-added")) == 17
    assert render_markdown(redline).count("<ins>") == 16


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pair=revision_pairs(), locale=LOCALES, context=st.integers(0, 2))
def test_with_context_github_shows_the_blocks_the_site_shows(pair, locale, context):
    """The comment's view (unchanged text left out): the same blocks, texts, marks and notes on
    omitted text as the site's inline view with its full text hidden (list depths aside)."""
    _assert_same(*pair, locale, context=context)


def test_a_change_nested_in_a_list_is_never_hidden_with_an_omitted_item_above_it():
    """The item that holds it is shown (the site hid the change with the omitted item it is nested in)."""
    old = "- a\n    - b\n    - c\n    - d\n    - e\n"
    redline = compute_redline(old, old.replace("- e", "- E"), locale="en")
    html = BeautifulSoup(render_inline_html(redline, context=2), "html.parser")
    for mark in html.find_all(["ins", "del"]):
        assert mark.find_parent(class_="redline-far") is None
    assert "redline-far" not in html.select_one("#redline-1")["class"]
    assert "- a\n" in render_markdown(redline, context=2)

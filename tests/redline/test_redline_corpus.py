"""Real revisions of other services' policies (tests/redline/corpus, see its README): the redline
shows the document readers see, and nothing but real changes.

For every pair: both versions are recoverable from the inline and side-by-side HTML; the block
texts are those of the page Python-Markdown renders (the site's extensions); no change mark falls
inside a URL, splits a word, or holds only whitespace; no ``<br>`` is shown as text. The change
counts are pinned in ``golden.json`` (``REDLINE_UPDATE_GOLDEN=1`` rewrites it after review).
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from redline_helpers import check_markup, read_inline, read_side_by_side
from rendering_truth import rendered_block_texts

from policy_site.cli.diff import detect_locale
from policy_site.common.frontmatter import split_front_matter
from policy_site.redline import block_texts, compute_redline, render_inline_html, render_side_by_side_html
from policy_site.redline.diff import url_spans
from policy_site.redline.model import DELETE, INSERT
from policy_site.redline.phrases import is_cjk

CORPUS = Path(__file__).parent / "corpus"
CASES = sorted(path.name[:-len(".old.md")] for path in CORPUS.glob("*.old.md"))
SITE_DOCS = sorted((Path(__file__).resolve().parents[2] / "docs").glob("*/*/*.md"))


def load(case: str) -> tuple[str, str]:
    return tuple((CORPUS / f"{case}.{side}.md").read_text(encoding="utf-8") for side in ("old", "new"))


def summary_counts(redline) -> dict[str, int]:
    summary = redline.summary
    return {"inserted_chars": summary.inserted_chars, "deleted_chars": summary.deleted_chars,
            "changed": summary.blocks_changed, "added": summary.blocks_added, "removed": summary.blocks_removed,
            "moved": summary.blocks_moved, "format": getattr(summary, "format_changes", 0),
            "links": summary.links_changed, "whitespace": summary.whitespace_changes}


def marks(redline):
    """Every highlighted change: (text it is in, start, end, marked text)."""
    for op in redline.ops:
        for k, cell in enumerate(op.cells):
            old_text = op.old.cells[k] if op.old is not None and k < len(op.old.cells) else ""
            new_text = op.new.cells[k] if op.new is not None and k < len(op.new.cells) else ""
            a = b = 0
            for kind, text in cell:
                if kind == DELETE:
                    yield old_text, a, a + len(text), text
                elif kind == INSERT:
                    yield new_text, b, b + len(text), text
                if kind in ("equal", DELETE, "whitespace_old"):
                    a += len(text)
                if kind in ("equal", INSERT, "whitespace_new"):
                    b += len(text)


def _word(ch: str) -> bool:
    return ch.isalnum() and not is_cjk(ch)


@pytest.mark.parametrize("case", CASES)
def test_real_revision_pair_redline_keeps_the_invariants(case):
    old, new = load(case)
    redline = compute_redline(old, new, locale=detect_locale(split_front_matter(new)[1]))
    expected = {"old": block_texts(old), "new": block_texts(new)}
    inline = render_inline_html(redline)
    assert read_inline(check_markup(inline)) == expected
    assert read_side_by_side(check_markup(render_side_by_side_html(redline))) == expected
    assert "&lt;br" not in inline.lower()
    for text, start, end, marked in marks(redline):
        assert marked.strip(), f"whitespace-only mark {marked!r}"
        for url_start, url_end in url_spans(text):
            assert end <= url_start or start >= url_end or (start <= url_start and url_end <= end), \
                f"mark inside a URL: {text[url_start:url_end]!r}"
        for edge in (start, end):
            assert not (0 < edge < len(text) and _word(text[edge - 1]) and _word(text[edge])), \
                f"word split at {text[max(0, edge - 10):edge + 10]!r}"
    golden_path = CORPUS / "golden.json"
    golden = json.loads(golden_path.read_text(encoding="utf-8")) if golden_path.exists() else {}
    if os.environ.get("REDLINE_UPDATE_GOLDEN") == "1":
        golden[case] = summary_counts(redline)
        golden_path.write_text(json.dumps(golden, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    assert summary_counts(redline) == golden[case]


@pytest.mark.parametrize("path", [CORPUS / f"{case}.{side}.md" for case in CASES for side in ("old", "new")]
                         + SITE_DOCS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_block_texts_are_the_text_python_markdown_renders(path):
    """The invariant of the engine: every block's text is what the page shows (up to whitespace at
    the very start or end of a block, which nobody can see)."""
    body = split_front_matter(path.read_text(encoding="utf-8"))[1]
    assert [t.strip() for t in block_texts(body)] == [t.strip() for t in rendered_block_texts(body)]


WORDS = ["個人情報", "を", "適切に", "保管します。", "当社は、", "个人信息", "我们", "the", "personal", "data", "we",
         "store", "policy", ",", ".", "(1)", "2023年6月15日", "[terms](https://example.com/t?a=1)",
         "[our page](#annotation-8)", "<https://example.com/x>", "**bold**", "\u00a0", "\u3000", "<br>",
         "&nbsp;", "&amp;"]
words = st.lists(st.sampled_from(WORDS), min_size=1, max_size=8).map(" ".join)


@st.composite
def documents(draw) -> str:
    blocks = []
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["heading", "paragraph", "list", "break", "table", "nested"]))
        if kind == "heading":
            blocks.append("#" * draw(st.integers(1, 4)) + " " + draw(words))
        elif kind == "paragraph":
            blocks.append("\n".join(draw(st.lists(words, min_size=1, max_size=3))))
        elif kind == "list":
            marker = draw(st.sampled_from(["- ", "* ", "1. "]))
            blocks.append("\n".join(marker + w for w in draw(st.lists(words, min_size=1, max_size=3))))
        elif kind == "break":
            blocks.append(draw(st.sampled_from(["* * *", "- - -", "***", "___"])))
        elif kind == "table":
            rows = draw(st.lists(st.tuples(words, words), min_size=1, max_size=3))
            blocks.append("| a | b |\n| --- | --- |\n" + "\n".join(f"| {x} | {y} |" for x, y in rows))
        else:
            blocks.append(f"- {draw(words)}\n\n    ### {draw(words)}\n\n    {draw(words)}")
    return "\n\n".join(blocks) + "\n"


@settings(max_examples=300, deadline=None)
@given(document=documents())
def test_property_block_texts_equal_the_rendered_page(document):
    assert [t.strip() for t in block_texts(document)] == [t.strip() for t in rendered_block_texts(document)]

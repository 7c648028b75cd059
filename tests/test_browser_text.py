"""The redline models exactly what the page shows: for every revision, the text Chromium shows in
its page (``innerText`` of ``.policy-text``, after the site's CSS and JavaScript) is the redline's
text of that revision, character for character, modulo one whitespace normalisation.

The redline's text of a revision is read from a comparison, as a review shows it: the new side of
the redline from the previous revision of the same policy and language (from nothing for the
first), and the old side of the next comparison. Two sets of sources, one built site each: the
real-world corpus of ``tests/redline/corpus`` (every pair the body check accepts, as two
revisions of one policy), and sources drawn by Hypothesis within the closed Markdown
(``tests/closed_markdown.py``). The same check of this repository's own site, every revision in
``docs/``, is in ``tests/site/test_site_text.py``.

**Normalisation** (``policy_site.sources.agreement.normalise_whitespace``, the body check's own):
every run of ASCII whitespace (spaces, tabs, line breaks, and what ``innerText`` puts between
blocks and table cells) is one space, none at the ends; every other character, U+00A0 and
U+3000 included, is compared as it is. The two things the site adds to the policy text are the
permalink ``¶`` after each heading (the table of contents' ``headerlink``) and the note after each
label whose link the capture lost (``[label](not-captured:)``); the expected text has them there,
so that nothing else may be there (a space before the permalink is dropped on both
sides: a heading ending in ``<br>`` shows a line break before it).
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import shutil
import threading
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, assume, given, settings
from hypothesis import strategies as st

from closed_markdown import sources
from conftest import QuietServer, build_site, make_project
from test_source_body import CORPUS, CORPUS_REFUSED
from policy_site.common.frontmatter import split_front_matter
from policy_site.redline import compute_redline
from policy_site.redline.labels import load_labels
from policy_site.redline.model import HEADING, NEW_OPS, NOT_CAPTURED, OLD_OPS
from policy_site.sources.agreement import normalise_whitespace
from policy_site.sources.body import BodyError, check_body

pytestmark = pytest.mark.browser

PERMALINK = "¶"
OLD_DATE, NEW_DATE = date(2020, 1, 1), date(2021, 1, 1)
BUILD_EPOCH = "1719619200"  # 2024-06-29: both revisions in effect or past


def redline_texts(old: str, new: str, locale: str) -> tuple[str, str]:
    """The old and new side of the redline of two bodies, as text: each block's segments of that
    side, blocks one per line, a heading followed by the site's permalink."""
    redline = compute_redline(old, new, locale=locale)
    sides = []
    for ops_of, block_of in ((OLD_OPS, lambda op: op.old), (NEW_OPS, lambda op: op.new)):
        lines = []
        for op in redline.ops:
            block = block_of(op)
            if block is None:
                continue
            # A side has its own cells only: a column added or removed is in the other side's.
            cells = ["".join(piece for kind, piece in cell if kind in ops_of) for cell in op.cells[:len(block.cells)]]
            text = "\t".join(with_not_captured_notes(cell, block, k, locale) for k, cell in enumerate(cells))
            lines.append(text + (PERMALINK if block.kind == HEADING else ""))
        sides.append("\n".join(lines))
    return sides[0], sides[1]


def with_not_captured_notes(text: str, block, index: int, locale: str) -> str:
    """A cell's text with the note the site writes after each label whose link was not captured."""
    assert block.cells[index] == text  # the side's segments spell the block's own text
    note = load_labels(locale)["link_not_captured"]
    spans = block.links[index] if block.links else ()
    for _start, end, target in sorted(spans, reverse=True):
        if target == NOT_CAPTURED:
            text = text[:end] + note + text[end:]
    return text


def expected_texts(bodies: list[str], locale: str) -> list[list[str]]:
    """For each body of one policy and language in date order, the redline texts that must equal
    its page: the new side of the comparison with the one before, the old side of the next."""
    expected: list[list[str]] = [[] for _ in bodies]
    previous = ""
    for k, body in enumerate(bodies):
        old, new = redline_texts(previous, body, locale)
        expected[k].append(new)
        if k:
            expected[k - 1].append(old)
        previous = body
    return expected


def read_policy_text(page, url: str) -> str:
    page.goto(url, wait_until="load")
    return page.locator(".policy-text").inner_text()


def compare_with_page(page, base: str, pages: dict[str, list[str]]) -> list[str]:
    """Every page whose text is not every one of its expected texts: one line each, naming the
    page and where they part."""
    problems = []
    for path, texts in pages.items():
        shown = _normalise(read_policy_text(page, f"{base}/{path}"))
        for text in texts:
            wanted = _normalise(text)
            if shown != wanted:
                at = next((k for k, (a, b) in enumerate(zip(shown, wanted)) if a != b), min(len(shown), len(wanted)))
                problems.append(f"{path}: the page shows {shown[max(0, at - 30):at + 30]!r}, "
                                f"the redline {wanted[max(0, at - 30):at + 30]!r}")
    return problems


def _normalise(text: str) -> str:
    """The written-down normalisation, and whitespace before a heading's permalink dropped (a
    heading ending in <br> shows a line break before it)."""
    return normalise_whitespace(text).replace(" " + PERMALINK, PERMALINK)


@contextlib.contextmanager
def serving(directory: Path):
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = QuietServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(directory)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


@pytest.fixture
def tab(browser):
    context = browser.new_context(locale="ja-JP")
    yield context.new_page()
    context.close()


def build_fixture_site(folder: Path, policies: dict[str, tuple[str, str]]) -> Path:
    """A site of one language (ja) whose policies each have two revisions (OLD_DATE, NEW_DATE)
    with these bodies, built strictly once; returns the site folder. Links to pages and anchors
    the fixture does not have (the corpus links to HTML ids of the services' pages) are not
    checked: a link target is not text."""
    project = make_project(folder / "project", "minimal")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    start, end = text.index("        - locale: en\n"), text.index("  # After i18n")
    text = text[:start] + text[end:]  # ja only: no translations needed
    assert "      translations:\n        en: ja\n        zh: ja\n" in text
    text = text.replace("      translations:\n        en: ja\n        zh: ja\n", "")  # and none declared
    assert "    not_found: warn\n    anchors: warn\n" in text
    text = text.replace("    not_found: warn\n    anchors: warn\n", "    not_found: info\n    anchors: info\n")
    config.write_text(text, encoding="utf-8")
    for locale in ("ja", "en", "zh"):
        shutil.rmtree(project / "docs" / locale)
    registry = ["policies:"]
    for policy, bodies in policies.items():
        registry.append(f"  - id: {policy}\n    title: {{ja: {policy}, en: {policy}, zh: {policy}}}")
        for effective, body in zip((OLD_DATE, NEW_DATE), bodies):
            path = project / "docs" / "ja" / policy / f"{effective.isoformat()}.md"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(f"---\neffective: {effective.isoformat()}\nprovenance: published\ncaptured: 2024-06-29\n"
                            f"---\n\n{body}", encoding="utf-8")
    (project / "policies.yml").write_text("\n".join(registry) + "\n", encoding="utf-8")
    result = build_site(project, folder / "site", env={"SOURCE_DATE_EPOCH": BUILD_EPOCH})
    assert result.returncode == 0, "\n".join(line for line in result.stderr.splitlines() if "INFO" not in line)
    return folder / "site"


def fixture_pages(policies: dict[str, tuple[str, str]]) -> dict[str, list[str]]:
    pages = {}
    for policy, bodies in policies.items():
        for effective, texts in zip((OLD_DATE, NEW_DATE), expected_texts(list(bodies), "ja")):
            pages[f"{policy}/{effective.isoformat()}/"] = texts
    return pages


def test_every_accepted_pair_of_the_real_world_corpus_shows_the_text_of_its_redline(tab, tmp_path):
    cases = sorted(path.name[:-len(".old.md")] for path in CORPUS.glob("*.old.md"))
    bodies = {case: tuple(split_front_matter((CORPUS / f"{case}.{side}.md").read_text(encoding="utf-8"))[1]
                          for side in ("old", "new")) for case in cases}
    refused = {case for case in cases for side in ("old", "new") if f"{case}.{side}.md" in CORPUS_REFUSED}
    accepted = {case: pair for case, pair in bodies.items() if case not in refused}
    assert len(accepted) == len(cases) - len(refused) >= 8  # the refused ones, and why, in tests/test_source_body.py
    with serving(build_fixture_site(tmp_path, accepted)) as base:
        assert compare_with_page(tab, base, fixture_pages(accepted)) == []


def _accepted(body: str) -> bool:
    try:
        check_body(body)
    except BodyError:
        return False
    return True


# No shrinking: each step would build a site; a failure names the page, and its source is printed.
@settings(max_examples=3, deadline=None, phases=[Phase.explicit, Phase.reuse, Phase.generate],
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.function_scoped_fixture])
@given(drawn=st.lists(st.tuples(sources(), sources()), min_size=12, max_size=12))
def test_generated_sources_within_the_closed_markdown_show_the_text_of_their_redlines(tab, tmp_path_factory, drawn):
    """One site per example: twelve drawn policies of two revisions, those the body check accepts."""
    policies = {f"generated-{k}": pair for k, pair in enumerate(drawn) if _accepted(pair[0]) and _accepted(pair[1])}
    assume(len(policies) >= 6)
    with serving(build_fixture_site(tmp_path_factory.mktemp("generated"), policies)) as base:
        problems = compare_with_page(tab, base, fixture_pages(policies))
    sources_of = {policy: dict(zip((OLD_DATE.isoformat(), NEW_DATE.isoformat()), pair)) for policy, pair in policies.items()}
    assert problems == [], "\n".join(f"{problem}\n    source: {sources_of[problem.split('/')[0]][problem.split('/')[1]]!r}"
                                      for problem in problems)

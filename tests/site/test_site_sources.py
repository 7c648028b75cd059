"""This repository's site's sources, as its readers depend on them: every revision keeps to the
Markdown the generator accepts and parses into headed sections, the company writes no change note
or announcement date (the site never words one for it), the Publish build shows the whole
history, reconstructions included, and no address mixes scripts. The generator's own rules are tested on fixture sites (tests/)."""

from __future__ import annotations

import pytest

from conftest import ROOT
from policy_site.common.frontmatter import split_front_matter
from policy_site.redline import parse_document
from policy_site.sources.body import check_body

SOURCES = sorted((ROOT / "docs").glob("*/*/*.md"))


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_site_sources_keep_to_the_closed_markdown(path):
    check_body(split_front_matter(path.read_text(encoding="utf-8"))[1])


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_published_revisions_parse_into_headed_sections(path):
    doc = parse_document(path.read_text(encoding="utf-8"))
    assert doc.blocks and doc.blocks[0].kind == "heading" and doc.blocks[0].level == 1
    assert all("**" not in b.text and "{#" not in b.text for b in doc.blocks)


def test_the_ipros_sources_keep_no_note_and_no_announcement():
    """The site never writes a note for the company: its published revisions have none."""
    for path in (ROOT / "docs").rglob("*.md"):
        head = path.read_text(encoding="utf-8").split("\n---\n", 1)[0]
        assert "\nchange_note:" not in head and "\nannounced:" not in head, path


def test_the_site_builds_the_reconstructed_history_unless_the_publish_workflow_says_otherwise():
    """The Publish workflow leaves POLICY_INCLUDE_RECONSTRUCTED at true (tests/test_workflows.py);
    the site's configuration reads it, defaulting to the whole history."""
    assert "include_reconstructed: !ENV [POLICY_INCLUDE_RECONSTRUCTED, true]" in (ROOT / "mkdocs.yml").read_text(encoding="utf-8")


def test_the_real_sources_have_no_address_in_mixed_scripts():
    from policy_site.review.addresses import check_addresses

    found = {path.relative_to(ROOT).as_posix(): check_addresses(path.read_text(encoding="utf-8"))
             for path in sorted((ROOT / "docs").glob("*/*/*.md"))}
    assert {path: problems for path, problems in found.items() if problems} == {}

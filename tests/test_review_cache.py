"""The review's redlines go through the build's persistent cache (``.cache/policy-site/``), under
the same keys, and the cache never changes what the review reports: a review with a cold cache and
one with a warm cache write the same Markdown and the same HTML report."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import make_project
from policy_site.cli.redline import main
from policy_site.common.frontmatter import split_front_matter
from policy_site.redline import store as redline_store
from policy_site.redline.store import CACHE_FOLDER, RedlineStore, digest_text
from test_review import commit, git

REVIEW_DATE = "2024-05-01"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """The 'history' fixture site committed on main, and a new Japanese revision on a branch."""
    root = make_project(tmp_path / "repo", "history")
    git(root, "init", "-q", "-b", "main")
    commit(root, "Policies")
    git(root, "checkout", "-q", "-b", "pr")
    old = root / "docs/ja/sample/2022-10-01.md"
    text = old.read_text(encoding="utf-8").replace("effective: 2022-10-01", "effective: 2024-07-01")
    assert "当社" in text
    (root / "docs/ja/sample/2024-07-01.md").write_text(text.replace("当社", "弊社", 1), encoding="utf-8")
    commit(root, "A new revision")
    return root


def review(repo: Path, html: Path):
    result = CliRunner().invoke(main, ["review", "main", "HEAD", "--repo", str(repo), "--review-date", REVIEW_DATE,
                                       "--no-build", "--html", str(html)])
    assert result.exit_code == 0, result.output
    return result.stdout, html.read_text(encoding="utf-8"), result.stderr


def entries(repo: Path) -> list[Path]:
    return sorted((repo / CACHE_FOLDER).rglob("*.entry"))


def test_a_review_with_a_cold_and_a_warm_cache_reports_the_same(repo, tmp_path, monkeypatch):
    cold = review(repo, tmp_path / "cold.html")
    assert "弊社" in cold[0] and cold[2] == ""
    written = entries(repo)
    assert written, "the review wrote no cache entry"
    # The entry of the new revision's redline has the name the build gives it (same key rule).
    old = (repo / "docs/ja/sample/2022-10-01.md").read_text(encoding="utf-8")
    new = (repo / "docs/ja/sample/2024-07-01.md").read_text(encoding="utf-8")
    bodies = [split_front_matter(text)[1] for text in (old, new)]
    key = RedlineStore(repo / CACHE_FOLDER).key("ja", "redline", *map(digest_text, bodies))
    assert any(path.name == f"{key}.entry" for path in written)

    def refuse(*args, **kwargs):
        raise AssertionError("a warm review computed a redline")

    monkeypatch.setattr(redline_store, "compute_redline", refuse)
    warm = review(repo, tmp_path / "warm.html")
    assert warm == cold


def test_a_damaged_entry_is_ignored_with_one_warning_and_the_report_is_the_same(repo, tmp_path):
    cold = review(repo, tmp_path / "cold.html")
    for path in entries(repo):
        path.write_bytes(path.read_bytes()[:-3] + b"xyz")
    damaged = review(repo, tmp_path / "damaged.html")
    assert damaged[:2] == cold[:2]
    lines = damaged[2].splitlines()
    assert lines and all(line.startswith("Reading the redline cache '") and "damaged" in line for line in lines)
    assert review(repo, tmp_path / "again.html") == cold  # written anew: no warning the next time


def test_cache_false_in_base_options_leaves_no_cache(repo, tmp_path):
    config = repo / "mkdocs.yml"
    git(repo, "checkout", "-q", "main")
    config.write_text(config.read_text(encoding="utf-8").replace(
        "      registry: policies.yml\n", "      registry: policies.yml\n      cache: false\n"), encoding="utf-8")
    commit(repo, "No cache")
    git(repo, "checkout", "-q", "pr")
    git(repo, "rebase", "-q", "main")
    review(repo, tmp_path / "report.html")
    assert entries(repo) == []


def test_entries_committed_to_the_repository_are_never_read(repo, tmp_path):
    """Committed entries are anyone's words: one forged under the right name would show a redline
    of text that is not there. With any file of the cache folder in BASE, HEAD or the index, the
    review computes every redline itself, leaves the files alone and flags them as site code."""
    cold = review(repo, tmp_path / "cold.html")
    for path in entries(repo):
        path.write_bytes(path.read_bytes()[:-3] + b"xyz")  # what a store in use reports and rewrites
    forged = {path: path.read_bytes() for path in entries(repo)}
    git(repo, "add", "-f", CACHE_FOLDER.as_posix())
    commit(repo, "Cache entries")
    stdout, _, stderr = review(repo, tmp_path / "committed.html")
    assert stderr == ""  # not read: no damaged entry found
    assert {path: path.read_bytes() for path in entries(repo)} == forged  # not rewritten
    assert "弊社" in stdout and "Site code changed" in stdout
    assert f"`{CACHE_FOLDER.as_posix()}/" in stdout
    assert "Site code changed" not in cold[0]


def test_the_cache_a_review_writes_in_the_working_tree_is_not_a_change(repo, tmp_path):
    """Reviewing the working tree after a review (or a build) wrote the cache there: its untracked
    entries are the tools' own output, not site code."""
    review(repo, tmp_path / "first.html")
    assert entries(repo)
    result = CliRunner().invoke(main, ["review", "main", "--repo", str(repo), "--review-date", REVIEW_DATE, "--no-build"])
    assert result.exit_code == 0, result.output
    assert "Site code changed" not in result.stdout and "弊社" in result.stdout

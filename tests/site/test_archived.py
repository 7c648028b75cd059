"""Replacing a reconstruction by the real text found in an archived copy (``provenance: archived``).

In a temporary clone of a repository holding the real sources, ``ja/privacy/2009-02-10.md`` is
replaced by an "archived" text (here: the reconstruction with one wording difference, standing in
for what an archive would show) and its translations follow (source_sha256 updated, basis removed).
The review shows the kind "reconstruction replaced by archived text", redlined from the
reconstruction, and ``--check`` passes; the site shows the text like a published one, with a note
naming the archived copy, and no reconstruction banner.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import DEFAULT_LOCALE, ROOT, build_site, make_project, publish_build_env
from policy_site.review.changes import ARCHIVED
from policy_site.site.strings import t
from test_review import commit, git, review, rows
from policy_site.site.urls import locale_prefix
from conftest import LOCALES

REL = "privacy/2009-02-10.md"
SOURCE = "Internet Archive, capture of 2009-03-02 (test fixture)"
PREFIX = {locale: locale_prefix(locale, DEFAULT_LOCALE) for locale in LOCALES}  # the site's one URL rule


@pytest.fixture
def clone(tmp_path: Path) -> Path:
    """A clone of a repository whose main holds the real sources, on a new branch ``archived``."""
    origin = tmp_path / "origin"
    origin.mkdir()
    git(origin, "init", "-q", "-b", "main")
    shutil.copytree(ROOT / "docs", origin / "docs")
    shutil.copy2(ROOT / "policies.yml", origin / "policies.yml")
    shutil.copy2(ROOT / "mkdocs.yml", origin / "mkdocs.yml")  # the review reads the site's locales from it
    commit(origin, "Published policies")
    git(tmp_path, "clone", "-q", str(origin), "clone")
    work = tmp_path / "clone"
    git(work, "checkout", "-q", "-b", "archived")
    return work


def replace_by_archived(repo: Path, *, follow: tuple[str, ...] = ("en", "zh")) -> None:
    """What an author does: paste the archived text, say where it comes from, update translations."""
    import hashlib

    ja = repo / "docs" / "ja" / REL
    body = ja.read_text(encoding="utf-8").split("\n---\n", 1)[1]
    assert "マネジメントシステム" in body
    body = body.replace("マネジメントシステム", "コンプライアンス・プログラム")
    ja.write_text("---\neffective: 2009-02-10\nevent: established\nprovenance: archived\n"
                  f"source: \"{SOURCE}\"\ncaptured: 2024-07-15\n---\n" + body, encoding="utf-8")
    digest = hashlib.sha256(ja.read_bytes()).hexdigest()
    for locale in follow:
        path = repo / "docs" / locale / REL
        text = path.read_text(encoding="utf-8")
        head, rest = text.split("\n---\n", 1)
        head = re.sub(r"\nbasis:\n(?:  .*\n?)*", "\n", head + "\n").rstrip("\n")
        head = re.sub(r'source_sha256: "[0-9a-f]{64}"', f'source_sha256: "{digest}"', head)
        path.write_text(head + "\n---\n" + rest, encoding="utf-8")


def test_review_shows_a_reconstruction_replaced_by_archived_text_unflagged(clone):
    replace_by_archived(clone)
    commit(clone, "Archived text of the 2009 privacy policy")
    result = review(clone, "origin/main", "HEAD", "--check")
    assert result.exit_code == 0, result.stdout
    assert [row.split(" | ")[1:3] for row in rows(result.stdout)] == [
        [f"`ja/{REL}`", ARCHIVED], [f"`en/{REL}`", ARCHIVED], [f"`zh/{REL}`", ARCHIVED]]
    assert "⚠️" not in result.stdout
    assert "- Compared with: the reconstruction it replaces, in origin/main (" in result.stdout
    assert "<del>マネジメントシステムを</del><ins>コンプライアンス・プログラムを</ins>" in result.stdout
    assert "  - `provenance`: reconstructed → archived\n" in result.stdout


def test_review_still_flags_a_translation_that_does_not_follow(clone):
    replace_by_archived(clone, follow=("zh",))
    commit(clone, "Archived text, English translation forgotten")
    result = review(clone, "origin/main", "HEAD", "--check")
    assert result.exit_code == 1
    assert rows(result.stdout)[0].startswith(f"| 1 | `ja/{REL}` | {ARCHIVED} |")
    assert f"⚠️ translation stale: en/{REL}" in rows(result.stdout)[0]


def test_site_shows_archived_text_like_published_with_its_source(clone, tmp_path):
    replace_by_archived(clone)
    project = make_project(tmp_path / "p")
    shutil.rmtree(project / "docs" / "ja")
    for locale in ("ja", "en", "zh"):
        shutil.copytree(clone / "docs" / locale, project / "docs" / locale, dirs_exist_ok=True)
    result = build_site(project, tmp_path / "site", env=publish_build_env())
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    for locale in ("ja", "en", "zh"):
        page = BeautifulSoup((site / PREFIX[locale] / "privacy/2009-02-10/index.html").read_text(encoding="utf-8"),
                             "html.parser")
        assert page.select_one("article .admonition.danger") is None
        note = " ".join(n.get_text() for n in page.select("article .admonition.note"))
        assert SOURCE in note and t(locale, "archived_notice", source=SOURCE, captured="")[:8] in note
        history = BeautifulSoup((site / PREFIX[locale] / "privacy/history/index.html").read_text(encoding="utf-8"),
                                "html.parser")
        badge = history.select_one("#rev-2009-02-10 ~ .history-badges .history-badge--archived")
        assert badge is not None and badge.get_text() == t(locale, "archived_badge")
        # 2005 (still a reconstruction) -> 2009 (archived) and 2009 -> 2022 (reconstruction) stay marked
        for span, side in (("2005-08-21...2009-02-10", "inferred_old"), ("2009-02-10...2022-04-01", "inferred_new")):
            compare = BeautifulSoup((site / PREFIX[locale] / f"privacy/compare/{span}/index.html").read_text(
                encoding="utf-8"), "html.parser")
            marker = compare.select_one("article .history-comparison > .inferred-marker")
            assert marker is not None and t(locale, side) in marker.get_text(), (locale, span)
        notice = BeautifulSoup((site / PREFIX[locale] / "privacy/2005-08-21/index.html").read_text(encoding="utf-8"),
                               "html.parser").select_one("article .admonition.danger").get_text()
        assert t(locale, "derived_from_archived", date="").strip("（）() ")[-4:] in notice

"""The wording review on this repository's own site. The review itself is tested on a fixture site
(tests/test_review*.py); what is checked here is that it reads this site as the "PR comment"
workflow will: its mkdocs.yml (locales, translations, time zone), its registry (notice periods) and
its sources. A change to them that the review cannot read, or a source it would flag, fails here
instead of on the next pull request.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from datetime import date, timedelta
from pathlib import Path

from click.testing import CliRunner

from conftest import DEFAULT_LOCALE, ROOT, load_site_locales
from policy_site.cli.redline import main
from policy_site.review.notice import load_notice_days
from test_review import commit, git, rows


def test_a_new_revision_of_every_policy_with_its_translations_is_reviewed_unflagged(tmp_path):
    """Each policy gets a new revision, a copy of its latest one dated after every notice period
    the registry asks for (reviewed the day after the site's latest revision), with each
    translation copied and its source_sha256 following: the review finds them all, in every
    locale the site builds, and flags nothing."""
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    shutil.copytree(ROOT / "docs", repo / "docs")
    for name in ("policies.yml", "mkdocs.yml", "glossary.yml"):
        shutil.copy2(ROOT / name, repo / name)
    commit(repo, "The site's sources")
    git(repo, "checkout", "-q", "-b", "pr")

    latest_day = max(date.fromisoformat(path.stem) for path in (repo / "docs").glob("*/*/[0-9]*.md"))
    review_date = latest_day + timedelta(days=1)
    notice = max(load_notice_days([(ROOT / "policies.yml").read_bytes()]).values())
    day = (review_date + timedelta(days=notice + 1)).isoformat()
    locales = load_site_locales()
    added = []
    for folder in sorted((repo / "docs" / DEFAULT_LOCALE).iterdir()):
        latest = sorted(folder.glob("[0-9]*.md"))[-1]
        new = folder / f"{day}.md"
        new.write_bytes(latest.read_bytes().replace(f"effective: {latest.stem}".encode(), f"effective: {day}".encode(), 1))
        added.append(f"{DEFAULT_LOCALE}/{folder.name}/{day}.md")
        digest = hashlib.sha256(new.read_bytes()).hexdigest()
        for locale in locales:
            translation = repo / "docs" / locale / folder.name / latest.name
            if locale == DEFAULT_LOCALE or not translation.is_file():
                continue
            text = translation.read_text(encoding="utf-8").replace(f"effective: {latest.stem}", f"effective: {day}", 1)
            text, count = re.subn(r'^source_sha256: "?[0-9a-f]{64}"?$', f'source_sha256: "{digest}"', text, flags=re.M)
            assert count == 1, translation
            (translation.parent / f"{day}.md").write_text(text, encoding="utf-8")
            added.append(f"{locale}/{folder.name}/{day}.md")
    commit(repo, "New revisions")

    result = CliRunner().invoke(main, ["review", "--repo", str(repo), "--no-build", "--review-date",
                                       review_date.isoformat(), "main", "pr", "--check"])
    assert result.exit_code == 0, result.stdout
    assert f"**{len(added)} policy sources changed, nothing flagged.**" in result.stdout
    assert sorted(row.split(" | ")[1].strip("`") for row in rows(result.stdout)) == sorted(added)
    assert {path.split("/", 1)[0] for path in added} == set(locales)  # every locale the site builds

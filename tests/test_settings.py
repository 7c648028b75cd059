"""One configuration, honoured everywhere: the plugin's options in mkdocs.yml decide for the build,
the authoring commands, the review, the bundle and ``policy-redline diff`` on a file of a site.

Each test changes one setting of a small fixture site and asks every command that reads it."""

from __future__ import annotations

import os
import subprocess
from datetime import date, datetime, timezone
from pathlib import Path

from click.testing import CliRunner

from conftest import make_project, run_build
from policy_site.bundle.make import list_pdf_pages
from policy_site.cli.redline import main as redline_main
from policy_site.cli.site import main as site_main
from policy_site.plugin.project import load_project


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def moved_registry(tmp_path: Path) -> Path:
    """The minimal site with its registry renamed and moved to legal/registry.yml (and set so)."""
    project = make_project(tmp_path / "p", "minimal")
    (project / "legal").mkdir()
    (project / "policies.yml").rename(project / "legal" / "registry.yml")
    edit(project / "mkdocs.yml", "registry: policies.yml", "registry: legal/registry.yml")
    return project


def git(repo: Path, *args: str) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL=os.devnull, GIT_AUTHOR_NAME="Reviewer",
               GIT_AUTHOR_EMAIL="reviewer@example.com", GIT_COMMITTER_NAME="Reviewer",
               GIT_COMMITTER_EMAIL="reviewer@example.com")
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, env=env)


def test_a_site_that_builds_fewer_languages_links_only_to_those(tmp_path):
    project = make_project(tmp_path / "p", "minimal")
    for path in sorted((project / "docs/zh").rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()
    (project / "docs/zh").rmdir()
    edit(project / "mkdocs.yml", "        - locale: zh\n          name: 简体中文\n          build: true\n", "")
    result = run_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr  # no warning about a zh translation nobody builds
    site = tmp_path / "site"
    assert not (site / "zh").exists()
    for page in [site / "sitemap.xml", *site.rglob("*.html")]:
        text = page.read_text(encoding="utf-8")
        assert 'hreflang="zh"' not in text and "/zh/" not in text, page.relative_to(site)


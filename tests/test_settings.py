"""One configuration, honoured everywhere: the plugin's options in mkdocs.yml decide for the build,
the authoring commands, the review, the bundle and ``policy-redline diff`` on a file of a site.

Each test changes one setting of a small fixture site and asks every command that reads it."""

from __future__ import annotations

import os
import subprocess
from datetime import date, datetime, timezone
from pathlib import Path

from click.testing import CliRunner

from conftest import build_site, make_project
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


def test_a_moved_registry_is_read_by_the_build_new_revision_bundle_and_diff(tmp_path):
    project = moved_registry(tmp_path)
    built = build_site(project, tmp_path / "site")
    assert built.returncode == 0, built.stderr
    created = CliRunner().invoke(site_main, ["new-revision", "sample", "2027-01-10", "--root", str(project)])
    assert created.exit_code == 0, created.output
    assert (project / "docs/ja/sample/2027-01-10.md").is_file()
    unknown = CliRunner().invoke(site_main, ["new-revision", "cookies", "2027-01-10", "--root", str(project)])
    assert unknown.exit_code == 2 and "use one of sample (legal/registry.yml)" in unknown.output
    names = {page.name for page in list_pdf_pages(load_project(project), date(2026, 12, 1))}
    assert "sample-ja-2020-01-01.pdf" in names
    diffed = CliRunner().invoke(redline_main, ["diff", str(project / "docs/ja/sample/2020-01-01.md"),
                                               str(project / "docs/ja/sample/2027-01-10.md")])
    assert diffed.exit_code == 0, diffed.output


def test_the_review_reads_the_registry_where_the_base_says_it_is(tmp_path):
    project = moved_registry(tmp_path)
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "base")
    edit(project / "legal/registry.yml", "ja: 見本方針", "ja: 見本の方針")
    result = CliRunner().invoke(redline_main, ["review", "main", "--repo", str(project), "--no-build"])
    assert result.exit_code == 0, result.output
    assert "legal/registry.yml" in result.output
    assert "見本<ins>の</ins>方針" in result.output or "<ins>見本の方針</ins>" in result.output


RECONSTRUCTED = """---
effective: 2019-06-01
provenance: reconstructed
basis:
  - evidence: "the 2020 text has 第一条"
    inference: "kept as published"
---

# 見本方針

## 第一条 {#first}

当社は、個人情報を取り扱います。
"""


def test_the_bundle_prints_reconstructions_only_when_the_site_builds_them(tmp_path, monkeypatch):
    monkeypatch.delenv("POLICY_INCLUDE_RECONSTRUCTED", raising=False)
    project = make_project(tmp_path / "p", "minimal")
    (project / "docs/ja/sample/2019-06-01.md").write_text(RECONSTRUCTED, encoding="utf-8")
    redline = "sample-ja-redline-2019-06-01...2020-01-01.pdf"
    assert redline in {page.name for page in list_pdf_pages(load_project(project), date(2026, 12, 1))}
    edit(project / "mkdocs.yml", "include_reconstructed: !ENV [POLICY_INCLUDE_RECONSTRUCTED, true]",
         "include_reconstructed: false")
    names = {page.name for page in list_pdf_pages(load_project(project), date(2026, 12, 1))}
    assert redline not in names and "sample-ja-2020-01-01.pdf" in names


def test_a_site_that_builds_fewer_languages_links_only_to_those(tmp_path):
    project = make_project(tmp_path / "p", "minimal")
    for path in sorted((project / "docs/zh").rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()
    (project / "docs/zh").rmdir()
    edit(project / "mkdocs.yml", "        - locale: zh\n          name: 简体中文\n          build: true\n", "")
    edit(project / "mkdocs.yml", "        zh: ja\n", "")  # the plugin's translations name only languages built
    result = build_site(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr  # no warning about a zh translation nobody builds
    site = tmp_path / "site"
    assert not (site / "zh").exists()
    for page in [site / "sitemap.xml", *site.rglob("*.html")]:
        text = page.read_text(encoding="utf-8")
        assert 'hreflang="zh"' not in text and "/zh/" not in text, page.relative_to(site)


# 2026-11-30 15:30 UTC is already 2026-12-01 in Tokyo, the fixture site's time_zone: the latest date
# a build accepts (5 years ahead) is then 2031-12-01 there, a day later than in UTC.
EPOCH = str(int(datetime(2026, 11, 30, 15, 30, tzinfo=timezone.utc).timestamp()))


def test_the_review_and_diff_check_dates_in_the_sites_time_zone(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    project = make_project(tmp_path / "p", "minimal")
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "base")
    ahead = project / "docs/ja/sample/2031-12-01.md"
    ahead.write_text((project / "docs/ja/sample/2020-01-01.md").read_text(encoding="utf-8")
                     .replace("effective: 2020-01-01\nprovenance: published\ncaptured: 2024-06-29",
                              "effective: 2031-12-01\nprovenance: authored"), encoding="utf-8")
    built = build_site(project, tmp_path / "site", env={"SOURCE_DATE_EPOCH": EPOCH})
    assert "is outside" not in built.stderr  # the build accepts the date (translations aside)
    review = CliRunner().invoke(redline_main, ["review", "main", "--repo", str(project), "--no-build"])
    assert "is outside" not in review.output, review.output
    diffed = CliRunner().invoke(redline_main, ["diff", str(project / "docs/ja/sample/2020-01-01.md"), str(ahead)])
    assert diffed.exit_code == 0, diffed.output


def test_the_bundle_is_named_by_the_sites_option_and_a_bad_name_is_one_line(tmp_path):
    project = make_project(tmp_path / "p", "minimal", locales=("ja",))
    edit(project / "mkdocs.yml", "bundle_name: sample-policies", "bundle_name: acme-legal")
    assert load_project(project).bundle_name == "acme-legal"
    edit(project / "mkdocs.yml", "bundle_name: acme-legal", "bundle_name: Acme Legal")
    built = build_site(project, tmp_path / "site")
    assert built.returncode != 0
    assert ("'Acme Legal' is not a file name stem; use ASCII letters, digits, '-', '_' or '.' "
            "(at most 64, starting with a letter or digit)") in built.stderr
    edit(project / "mkdocs.yml", "      bundle_name: Acme Legal\n", "")
    assert load_project(project).bundle_name == "policies"  # a site that names none

"""`policy-site init` writes a site that builds strictly while empty, whose workflows pass the
same linters as the repository's, and whose test, `policy-site check`, passes on it and fails
with one line per problem; `policy-site publish-due` decides the hourly Publish run by the site's
local date. None of these tests reads the repository's own site content."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
import yaml
from click.testing import CliRunner

from conftest import ROOT, build_site
from policy_site.authoring.schedule import is_publish_due
from policy_site.cli.site import main
from test_workflows import check_publish_schedule, find_workflow_problems, run_actionlint, run_zizmor

ACME = ["--company", "Acme Inc.", "--locale", "en", "--locale", "fr", "--default-locale", "en",
        "--time-zone", "America/Los_Angeles"]


def run(*args: str):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def acme(tmp_path):
    site = tmp_path / "acme"
    result = run("init", site, *ACME)
    assert result.exit_code == 0, result.output
    return site


def test_init_writes_the_site_with_its_settings(acme):
    config = (acme / "mkdocs.yml").read_text(encoding="utf-8")
    assert "markdown_extensions:" not in config.replace("# markdown_extensions:", "")
    assert "time_zone: America/Los_Angeles" in config and 'company: "Acme Inc."' in config
    assert "translations: {}" in config  # no --translation: both locales authoritative
    assert 'site_name: "Acme Inc. Legal Documents"' in config  # the en catalog's wording
    assert "custom_dir" not in config  # the theme comes from the installed generator
    assert yaml.safe_load((acme / "policies.yml").read_text(encoding="utf-8")) == {"policies": []}
    assert sorted(p.name for p in (acme / "docs").iterdir()) == ["en", "fr"]
    assert [p.name for p in (acme / "docs" / "fr").iterdir()] == [".gitkeep"]
    assert sorted(p.name for p in (acme / ".github" / "workflows").iterdir()) == [
        "pr-comment.yml", "publish.yml", "pull-request.yml"]
    readme = (acme / "README.md").read_text(encoding="utf-8")
    assert "# Acme Inc.: policies" in readme and "policy-site check" in readme and "policy-site import" in readme
    assert "@@" not in readme + "".join(p.read_text(encoding="utf-8") for p in (acme / ".github" / "workflows").iterdir())
    assert ".venv/" in (acme / ".gitignore").read_text(encoding="utf-8")
    requirements = (acme / "requirements.txt").read_text(encoding="utf-8").splitlines()
    assert any(line.startswith("policy-site") for line in requirements)
    assert any(line.lower().startswith("mkdocs-material==") for line in requirements)
    assert any(line.lower().startswith("mkdocs-static-i18n==") for line in requirements)


def test_a_translation_locale_is_declared(tmp_path):
    result = run("init", tmp_path / "s", *ACME, "--translation", "fr=en")
    assert result.exit_code == 0, result.output
    assert "translations: {fr: en}" in (tmp_path / "s" / "mkdocs.yml").read_text(encoding="utf-8")


def test_a_new_site_holds_no_copy_of_the_theme(acme):
    """The theme's templates, scripts and stylesheets come from the installed generator
    (policy_site/theme, which the plugin adds to the theme's folders): a site gets their fixes by
    upgrading, and has nothing of them to keep in step."""
    assert not (acme / "overrides").exists() and not (acme / "docs" / "assets").exists()
    assert not any(path.suffix in (".html", ".js", ".css") for path in acme.rglob("*") if path.is_file())


def test_the_empty_site_builds_strictly(acme, tmp_path):
    result = build_site(acme, tmp_path / "site")
    assert result.ok, result.stderr
    home = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "Acme Inc." in home and 'lang="en"' in home
    french = (tmp_path / "site" / "fr" / "index.html").read_text(encoding="utf-8")
    assert 'lang="fr"' in french and "Documents juridiques" in french
    assert (tmp_path / "site" / "feed.xml").is_file() and (tmp_path / "site" / "fr" / "feed.xml").is_file()


def test_policy_site_check_passes_on_the_new_site(acme):
    result = run("check", "--root", acme)
    assert result.exit_code == 0, result.output
    assert result.output == "The site builds strictly and its links resolve.\n"


def test_policy_site_check_names_a_broken_source_in_one_line(acme):
    (acme / "policies.yml").write_text("policies:\n  - id: terms\n    title: {en: Terms, fr: Conditions}\n",
                                       encoding="utf-8")
    (acme / "docs" / "en" / "terms").mkdir()
    (acme / "docs" / "en" / "terms" / "2025-01-01.md").write_text(
        "---\neffective: 2025-01-02\nprovenance: authored\n---\n# Terms\n\nText.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--root", str(acme)])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "Reading policy source 'en/terms/2025-01-01.md': 'effective: 2025-01-02' disagrees with the file name "
        "'2025-01-01.md'; rename the file or correct the date"]


def test_policy_site_check_names_a_broken_link_of_the_built_pages(acme):
    """A site's own custom_dir still overrides the generator's templates (here with a broken link)."""
    main_html = acme / "overrides" / "main.html"
    main_html.parent.mkdir()
    text = (ROOT / "src" / "policy_site" / "theme" / "main.html").read_text(encoding="utf-8")
    main_html.write_text(text.replace("'assets/search-language.js' | url", "'assets/search-languages.js' | url"),
                         encoding="utf-8")
    config = acme / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  name: material\n", "  name: material\n"
                                                                 "  custom_dir: overrides\n", 1), encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--root", str(acme)])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines and all(line.startswith("Checking links '") and "search-languages.js' names no page or file "
                         "of the site; correct the link or add what it names" in line for line in lines), lines
    assert lines[0].startswith("Checking links '404.html': ")


@pytest.mark.parametrize("args, message", [
    (["--time-zone", "America/Los_Angles"], "--time-zone: 'America/Los_Angles' is not an IANA time zone"),
    (["--locale", "xx"], "locale 'xx' has no interface catalog (policy_site/locales/xx.json)"),
    (["--default-locale", "de"], "--default-locale 'de' is not one of the locales (en, fr)"),
    (["--translation", "fr=de"], "--translation 'fr=de': 'de' is not one of the locales (en, fr)"),
    (["--translation", "fr"], "--translation 'fr' is not CODE=SOURCE"),
])
def test_init_refuses_a_mistake_in_one_line_and_writes_nothing(tmp_path, args, message):
    options = list(ACME)
    for index in range(0, len(args), 2):
        if args[index] in options and args[index] != "--locale":
            options[options.index(args[index]) + 1] = args[index + 1]
        else:
            options += args[index:index + 2]
    result = CliRunner().invoke(main, ["init", str(tmp_path / "s"), *options])
    assert result.exit_code == 2
    (error,) = [line for line in result.output.splitlines() if line.startswith("Error: ")]
    assert message in error, result.output
    assert not (tmp_path / "s").exists()


def test_init_refuses_a_folder_that_is_not_empty(tmp_path):
    (tmp_path / "s").mkdir()
    (tmp_path / "s" / "notes.txt").write_text("mine", encoding="utf-8")
    result = CliRunner().invoke(main, ["init", str(tmp_path / "s"), *ACME])
    assert result.exit_code == 2 and f"Error: '{tmp_path / 's'}' is not empty; give a new or empty folder" in result.output
    assert [p.name for p in (tmp_path / "s").iterdir()] == ["notes.txt"]


def test_the_new_sites_workflows_pass_the_repositorys_checks(acme):
    folder = acme / ".github" / "workflows"
    assert find_workflow_problems(folder) == []
    result = run_actionlint(folder)
    assert result.returncode == 0, result.stdout + result.stderr
    result = run_zizmor(folder)
    assert result.returncode == 0 and "No findings to report" in result.stdout + result.stderr, result.stdout
    check_publish_schedule(folder)
    # The review is the repository's own (generic) workflow; nothing of this repository's site in them.
    assert (folder / "pr-comment.yml").read_bytes() == (ROOT / ".github" / "workflows" / "pr-comment.yml").read_bytes()
    text = "".join(p.read_text(encoding="utf-8") for p in folder.iterdir())
    assert not any(word in text for word in ("IPROS", "ipros", "Japan", "JST", "Tokyo", "scripts/"))


def _utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=timezone.utc)


@pytest.mark.parametrize("last, now, due", [
    (None, "2026-07-01T12:00:00", True),                     # never deployed
    ("2026-07-01T06:55:00", "2026-07-01T07:05:00", True),    # 23:55 PDT on 30 June, then 00:05 PDT (UTC-7) on 1 July
    ("2026-07-01T07:05:00", "2026-07-02T06:05:00", False),   # 23:05 PDT the same day
    ("2026-12-01T08:05:00", "2026-12-02T07:05:00", False),   # 23:05 PST (UTC-8): not yet the next day
    ("2026-12-01T08:05:00", "2026-12-02T08:05:00", True),    # 00:05 PST
    # Daylight saving time starts on 8 March 2026 (02:00 PST) and ends on 1 November (02:00 PDT).
    ("2026-03-07T08:05:00", "2026-03-08T07:05:00", False),   # 23:05 PST on 7 March
    ("2026-03-08T08:05:00", "2026-03-09T07:05:00", True),    # 00:05 PDT on 9 March: an hour earlier in UTC
    ("2026-10-31T07:05:00", "2026-11-01T07:05:00", True),    # 00:05 PDT on 1 November
    ("2026-11-01T07:05:00", "2026-11-02T07:05:00", False),   # 23:05 PST on 1 November
    ("2026-11-01T07:05:00", "2026-11-02T08:05:00", True),    # 00:05 PST on 2 November: an hour later in UTC
])
def test_publish_is_due_when_the_date_changed_in_the_sites_time_zone(last, now, due):
    assert is_publish_due(_utc(last) if last else None, _utc(now), "America/Los_Angeles") is due


def test_publish_due_prints_the_output_and_the_reason(acme):
    result = CliRunner().invoke(main, ["publish-due", "--root", str(acme), "--last-deploy", "2026-12-01T08:05:00Z",
                                       "--now", "2026-12-02T08:05:00Z"])
    assert result.exit_code == 0
    assert result.stdout == "publish=true\n"
    assert result.stderr == ("last deployed 2026-12-01T08:05:00Z, on 2026-12-01 in America/Los_Angeles; "
                             "today there is 2026-12-02: publish\n")
    result = CliRunner().invoke(main, ["publish-due", "--root", str(acme), "--last-deploy", "yesterday"])
    assert result.exit_code == 2 and "Deciding whether to publish: 'yesterday' is not an ISO 8601 time" in result.output

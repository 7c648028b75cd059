"""The one strict-build runner (policy_site.plugin.build): the bundle, the review and the tests
build the site the same way, with absolute paths, and read one error line the same way."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from conftest import make_project
from policy_site.plugin.build import run_strict_build

ONE_LOCALE = ("ja",)  # what is tested is how the build is run: the smallest site (one language) will do
NO_FRONT_MATTER = ("Reading policy source 'ja/sample/2020-01-01.md': has no front matter; start the file with "
                   "'---', 'effective:' and 'provenance:'")


@pytest.mark.parametrize(("folder", "config"), [("project", "mkdocs.yml"), ("project", "./mkdocs.yml"),
                                                ("elsewhere", "../project/mkdocs.yml")])
def test_a_relative_config_path_builds(tmp_path, monkeypatch, folder, config):
    """``-f mkdocs.yml`` as typed in the project folder: MkDocs makes docs_dir absolute and keeps the
    configuration's path as given, so the runner passes it absolute (the docs_dir check compares them)."""
    make_project(tmp_path / "project", "minimal", locales=ONE_LOCALE)
    here = tmp_path / folder
    here.mkdir(exist_ok=True)
    monkeypatch.chdir(here)
    result = run_strict_build(config, "site")
    assert result.ok and result.error is None, result.stderr
    assert (here / "site" / "sample" / "2020-01-01" / "index.html").is_file()


def test_relative_paths_are_taken_from_the_given_folder(tmp_path, monkeypatch):
    project = make_project(tmp_path / "project", "minimal", locales=ONE_LOCALE)
    monkeypatch.chdir(tmp_path)
    result = run_strict_build("mkdocs.yml", "../site", cwd=project)
    assert result.ok, result.stderr
    assert (tmp_path / "site" / "sample" / "2020-01-01" / "index.html").is_file()


def test_a_failed_build_gives_its_first_error_as_one_line(tmp_path):
    project = make_project(tmp_path / "project", "minimal", locales=ONE_LOCALE)
    (project / "docs/ja/sample/2020-01-01.md").write_text("# 見本方針\n", encoding="utf-8")
    result = run_strict_build(project / "mkdocs.yml", tmp_path / "site")
    assert result.returncode == 1 and not result.ok
    assert f"ERROR   -  {NO_FRONT_MATTER}" in result.stderr  # as a user sees it: not -q
    assert result.error == NO_FRONT_MATTER


def test_a_build_over_its_timeout_is_stopped_and_says_so(tmp_path):
    project = make_project(tmp_path / "project", "minimal", locales=ONE_LOCALE)
    result = run_strict_build(project / "mkdocs.yml", tmp_path / "site", timeout=0.01)
    assert result.returncode is None and not result.ok
    assert result.error == "the build took over 0.01 s"


def test_the_command_and_environment_of_the_build(tmp_path, monkeypatch):
    """What the runner hands MkDocs, seen by a stand-in ``mkdocs`` module that ``pythonpath`` puts first."""
    stand_in = tmp_path / "first"
    (stand_in / "mkdocs").mkdir(parents=True)
    (stand_in / "mkdocs" / "__init__.py").write_text("", encoding="utf-8")
    (stand_in / "mkdocs" / "__main__.py").write_text(
        "import json, os, sys\n"
        "print(json.dumps({'argv': sys.argv[1:], 'cwd': os.getcwd(), 'executable': sys.executable,\n"
        "                  'env': {k: os.environ.get(k) for k in ('NO_MKDOCS_2_WARNING', 'OFFLINE', 'PYTHONPATH')}}))\n",
        encoding="utf-8")
    project = tmp_path / "project"
    project.mkdir()
    monkeypatch.setenv("PYTHONPATH", "/already/there")
    monkeypatch.setenv("OFFLINE", "false")
    monkeypatch.chdir(tmp_path)
    result = run_strict_build("project/mkdocs.yml", "out", env={"OFFLINE": "true"}, pythonpath=[stand_in])
    assert result.ok, result.stderr
    seen = json.loads(result.stdout)
    assert seen["argv"] == ["build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(tmp_path / "out")]
    assert seen["cwd"] == str(project)  # the configuration's folder
    assert Path(seen["executable"]).resolve() == Path(sys.executable).resolve()
    assert seen["env"] == {"NO_MKDOCS_2_WARNING": "1", "OFFLINE": "true",
                           "PYTHONPATH": os.pathsep.join((str(stand_in), "/already/there"))}

"""The one git runner (policy_site.common.git): the repository it is given and nothing else,
whatever the environment says; in real temporary repositories, git never mocked."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from test_review import commit, git
from policy_site.common.git import GitMissing, git_environment, run_git


def make_repository(folder: Path, message: str) -> Path:
    folder.mkdir(parents=True)
    (folder / "tracked.md").write_text(f"{message}\n", encoding="utf-8")
    git(folder, "init", "-q", "-b", "main")
    commit(folder, message)
    return folder


def redirecting_variables(other: Path, ignore_all: Path) -> dict[str, str]:
    """Every kind of variable that could make git read another repository, index, object store or
    configuration (here: an exclude file that hides every untracked file)."""
    return {"GIT_DIR": str(other / ".git"), "GIT_WORK_TREE": str(other), "GIT_INDEX_FILE": str(other / ".git" / "index"),
            "GIT_OBJECT_DIRECTORY": str(other / ".git" / "objects"),
            "GIT_ALTERNATE_OBJECT_DIRECTORIES": str(other / ".git" / "objects"), "GIT_COMMON_DIR": str(other / ".git"),
            "GIT_NAMESPACE": "elsewhere", "GIT_CONFIG_COUNT": "1", "GIT_CONFIG_KEY_0": "core.excludesFile",
            "GIT_CONFIG_VALUE_0": str(ignore_all), "GIT_CONFIG_PARAMETERS": f"'core.excludesfile'='{ignore_all}'"}


def test_git_reads_the_given_repository_whatever_git_variables_say(tmp_path, monkeypatch):
    project = make_repository(tmp_path / "project", "the project")
    other = make_repository(tmp_path / "other", "another repository")
    (project / "untracked.md").write_text("new\n", encoding="utf-8")
    (tmp_path / "ignore-all").write_text("*\n", encoding="utf-8")
    for name, value in redirecting_variables(other, tmp_path / "ignore-all").items():
        monkeypatch.setenv(name, value)
    log = run_git(project, "log", "-1", "--format=%s")
    assert (log.returncode, log.stdout) == (0, b"the project\n")
    assert run_git(project, "show", ":tracked.md").stdout == b"the project\n"  # the project's index
    assert run_git(project, "ls-files", "--others", "--exclude-standard").stdout == b"untracked.md\n"
    assert run_git(project, "rev-parse", "--show-toplevel").stdout.decode().strip() == str(project)


def test_only_the_ceiling_and_no_other_git_variable_is_passed_on(tmp_path, monkeypatch):
    """GIT_CEILING_DIRECTORIES only stops the search for a repository: kept (the review's
    "not a git repository" must hold even inside a repository); messages in English, no optional locks."""
    project = make_repository(tmp_path / "project", "the project")
    inside = project / "plain"
    inside.mkdir()
    assert run_git(inside, "rev-parse", "--show-toplevel").stdout.decode().strip() == str(project)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(project))
    outside = run_git(inside, "rev-parse", "--show-toplevel")
    assert outside.returncode != 0 and b"not a git repository" in outside.stderr
    env = git_environment({"GIT_CEILING_DIRECTORIES": "/x", "GIT_DIR": "/y", "GIT_TRACE": "1", "git_dir": "/z",
                           "LC_ALL": "de_DE.UTF-8", "HOME": "/home/a"})
    assert env == {"GIT_CEILING_DIRECTORIES": "/x", "LC_ALL": "C", "GIT_OPTIONAL_LOCKS": "0", "HOME": "/home/a"}


def test_a_missing_git_is_one_error_that_each_command_words_as_its_own(tmp_path, monkeypatch):
    from policy_site.bundle.make import BundleError, default_epoch
    from policy_site.review.git import ReviewError, find_repository

    project = make_repository(tmp_path / "project", "the project")
    monkeypatch.setenv("PATH", str(tmp_path / "no-programs-here"))
    with pytest.raises(GitMissing) as missing:
        run_git(project, "status")
    assert str(missing.value) == "git is not installed or not on PATH; install git"
    with pytest.raises(ReviewError) as review:
        find_repository(project)
    assert str(review.value) == "git is not installed or not on PATH; install git"
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    with pytest.raises(BundleError) as bundle:
        default_epoch(project)
    assert str(bundle.value) == ("git is not installed or not on PATH; install git, "
                                 "or set SOURCE_DATE_EPOCH to fix the bundle's date")

    from conftest import make_project
    from policy_site.cli.site import main

    site = make_project(tmp_path / "site", "minimal")
    assert CliRunner().invoke(main, ["new-revision", "sample", "2030-04-01", "--root", str(site)]).exit_code == 0
    ja = site / "docs/ja/sample/2030-04-01.md"
    ja.write_text(ja.read_text(encoding="utf-8") + "\n追加の文。\n", encoding="utf-8")
    sync = CliRunner().invoke(main, ["sync-translations", "sample", "2030-04-01", "--root", str(site)])
    assert sync.exit_code == 1
    assert sync.output.splitlines()[-1] == ("Error: Finding the source text a translation was made from: "
                                            "git is not installed or not on PATH; install git")


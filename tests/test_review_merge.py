"""The review compares the base branch's tip with what merging the pull request makes of it, not
with the commit the branch forked from: a stale branch that would undo a newer revision, and the
same head proposed against a second base, are reviewed as they would be merged. Real git
repositories: the fixture site ``tests/sites/reviewed`` on ``main`` (test_review.py's ``repo``),
branches made and merged by git."""

from __future__ import annotations

from click.testing import CliRunner

from policy_site.cli.redline import main
from test_review import EN, JA, REWORDED, SENTENCE, ZH, add_revision, commit, git, repo, rows  # noqa: F401  (the fixture)

NEWER = "ja/privacy/2024-07-01.md"   # merged on main after the branch forked
STALE = "ja/privacy/2024-08-01.md"   # the branch's revision, written from 2023-06-15


def review(repo, *args: str):
    return CliRunner().invoke(main, ["review", "--repo", str(repo), "--no-build", "--review-date", "2024-05-01",
                                     "--check", *args])


def add_full_revision(repo, day: str, old: str, new: str, en_old: str, en_new: str, zh_old: str, zh_new: str) -> None:
    add_revision(repo, JA, f"ja/privacy/{day}.md", old=old, new=new)
    add_revision(repo, EN, f"en/privacy/{day}.md", old=en_old, new=en_new, source=f"ja/privacy/{day}.md")
    add_revision(repo, ZH, f"zh/privacy/{day}.md", old=zh_old, new=zh_new, source=f"ja/privacy/{day}.md")


def fork_and_advance_main(repo) -> None:
    """``pr`` adds 2024-08-01 from 2023-06-15's text (one word changed); meanwhile ``main`` gets 2024-07-01, which adds
    端末識別子 (device identifiers): the branch's revision would silently drop it."""
    add_full_revision(repo, "2024-08-01", SENTENCE, REWORDED, "", "", "", "")
    commit(repo, "Revision of 2024-08-01")
    git(repo, "checkout", "-q", "main")
    add_full_revision(repo, "2024-07-01", "アクセス記録、", "アクセス記録、端末識別子、",
                      "records of access to the Company's Services, ",
                      "records of access to the Company's Services, device identifiers, ",
                      "本公司服务的访问记录及", "本公司服务的访问记录、终端识别符及")
    commit(repo, "Revision of 2024-07-01, merged first")
    git(repo, "checkout", "-q", "pr")


def test_a_stale_branch_that_would_undo_a_newer_revision_is_flagged(repo):
    fork_and_advance_main(repo)
    fork = git(repo, "merge-base", "main", "pr").strip()
    from_fork = review(repo, fork, "pr")  # what the branch changed: looks clean
    assert from_fork.exit_code == 0, from_fork.stdout

    result = review(repo, "main", "pr")
    assert result.exit_code == 1, result.stdout
    out = result.stdout
    base, head = git(repo, "rev-parse", "main")[:12], git(repo, "rev-parse", "pr")[:12]
    assert out.splitlines()[2] == (f"`main` (`{base}`) → `pr` (`{head}`) merged into `main` (the branch is 1 commit "
                                   "behind: reviewed as the merge would make it)")
    assert [row.split(" | ")[1] for row in rows(out)] == [
        f"`{STALE}`", "`en/privacy/2024-08-01.md`", "`zh/privacy/2024-08-01.md`"]
    assert "⚠️ stale branch: ja/privacy/2024-07-01.md is newer" in rows(out)[0]
    section = out.split(f"### 1. `{STALE}` — new revision\n", 1)[1].split("### 2.", 1)[0]
    assert (f"- ⚠️ **Flagged:** stale branch: {NEWER}, the previous revision on main, was added there after pr "
            "forked (1 commit behind): this revision was written without it, and the redline against it shows "
            "what merging would undo; merge main into the branch (or rebase it) and carry the change over\n") in section
    assert f"- Compared with: {NEWER}, the previous revision in pr merged into main\n" in section
    assert "<del>端末識別子、</del>" in section  # the revert, in the redline

    git(repo, "merge", "-q", "--no-edit", "main")  # brought up to date: the revert is the branch's own text now
    again = review(repo, "main", "pr")
    assert "stale branch" not in again.stdout and "merged into `main`" not in again.stdout


def test_the_same_head_against_a_second_base_is_reviewed_as_merged_into_that_base(repo):
    """A second pull request from the same head into another branch: its review is its own, against
    that base's tip; the first one's verdict says nothing about it."""
    git(repo, "branch", "release", "main")
    fork_and_advance_main(repo)
    git(repo, "checkout", "-q", "release")
    git(repo, "merge", "-q", "--no-edit", "main")  # release has 2024-07-01 too; main then moves on
    git(repo, "checkout", "-q", "pr")
    into_fork = review(repo, git(repo, "merge-base", "main", "pr").strip(), "pr")
    into_release = review(repo, "release", "pr")
    assert into_fork.exit_code == 0
    assert into_release.exit_code == 1, into_release.stdout
    assert "merged into `release`" in into_release.stdout
    assert "stale branch: ja/privacy/2024-07-01.md, the previous revision on release" in into_release.stdout


def test_a_branch_that_does_not_merge_ends_with_one_line(repo):
    git(repo, "checkout", "-q", "main")
    path = repo / "docs" / JA
    path.write_text(path.read_text(encoding="utf-8").replace("当社", "弊社", 1), encoding="utf-8")
    commit(repo, "main edits 2023-06-15")
    git(repo, "checkout", "-q", "pr")
    path.write_text(path.read_text(encoding="utf-8").replace("当社", "本社", 1), encoding="utf-8")
    commit(repo, "pr edits it too")
    result = review(repo, "main", "pr")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == (f"Error: pr does not merge cleanly into main (conflicts in docs/{JA}); merge main into "
                             "the branch (or rebase it), then review again\n")

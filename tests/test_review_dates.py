"""The review's dates come from the review time, today where the policies apply: never from a commit
date (its author sets it) nor from a ``SOURCE_DATE_EPOCH`` that CI derives from one. Each case is a
real git repository (the fixture site ``tests/sites/reviewed`` on ``main``, the change on ``pr``),
reviewed without ``--review-date``, as the "PR comment" workflow runs it, in the time zone the
fixture's mkdocs.yml declares.
"""

from __future__ import annotations

import subprocess
from datetime import date, datetime, timedelta, timezone

import pytest
from click.testing import CliRunner

from policy_site.cli.redline import main
from test_review import JA, add_revision, commit, docs, git_env, repo  # noqa: F401  (the fixture)


def today(repo) -> date:
    """The review date of the test repository: today in the time zone its mkdocs.yml declares (the
    fixture site's, as the repository holds it), read as the review reads it."""
    from policy_site.plugin.config import load_options_data
    from policy_site.sources.dates import DEFAULT_TIME_ZONE, load_build_date

    config = repo / "mkdocs.yml"
    zone = load_options_data(config.read_bytes(), config_file_path=str(config)).time_zone
    assert zone != DEFAULT_TIME_ZONE, "the fixture declares a zone of its own, where today is not always UTC's"
    return load_build_date({}, time_zone=zone)


def new_ja(repo, day: date, *, provenance: str = "published") -> str:
    rel = f"ja/privacy/{day.isoformat()}.md"
    add_revision(repo, JA, rel, old="アクセス記録、", new="アクセス記録、端末識別子、")
    path = docs(repo, rel)
    text = path.read_text(encoding="utf-8")
    if provenance == "reconstructed":
        text = text.replace("provenance: published\ncaptured: 2024-06-29\n",
                            "provenance: reconstructed\nbasis:\n  - evidence: x\n    inference: y\n")
    path.write_text(text, encoding="utf-8")
    return rel


def commit_dated(repo, message: str, when: datetime) -> None:
    """A commit whose author and committer dates say ``when`` (anyone can write any date)."""
    env = {**git_env(), "GIT_AUTHOR_DATE": when.isoformat(), "GIT_COMMITTER_DATE": when.isoformat()}
    subprocess.run(["git", "-C", str(repo), "add", "-A"], check=True, env=env)
    subprocess.run(["git", "-C", str(repo), "commit", "-q", "-m", message], check=True, env=env)


def review_as_ci(repo, monkeypatch, *args: str):
    """As the workflow runs it: SOURCE_DATE_EPOCH from the head commit's committer day."""
    out = subprocess.run(["git", "-C", str(repo), "log", "-1", "--format=%ct", "HEAD"], capture_output=True,
                         text=True, env=git_env(), check=True).stdout
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(out) // 86400 * 86400))
    return CliRunner().invoke(main, ["review", "--repo", str(repo), "--no-build", "main", "HEAD", "--check", *args])


def notice_flags(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("- ⚠️ **Flagged:** notice period")]


def test_a_backdated_commit_does_not_lengthen_the_notice(repo, monkeypatch):
    """The revision takes effect in 3 days; the commit claims to be 40 days older."""
    day = today(repo) + timedelta(days=3)
    new_ja(repo, day)
    commit_dated(repo, "Revision", datetime.now(timezone.utc) - timedelta(days=40))
    result = review_as_ci(repo, monkeypatch)
    assert result.exit_code == 1, result.stdout
    assert notice_flags(result.stdout) == [
        f"- ⚠️ **Flagged:** notice period: takes effect {day.isoformat()}, 3 days after the review date "
        f"{today(repo).isoformat()}, but privacy is announced 30 days ahead (notice\\_days in policies.yml); date it "
        f"{(today(repo) + timedelta(days=30)).isoformat()} or later, or say why in its front matter: "
        "notice\\_waived: \"reason\""]


def test_a_reconstruction_three_days_ahead_gets_the_same_notice_check(repo, monkeypatch):
    day = today(repo) + timedelta(days=3)
    new_ja(repo, day, provenance="reconstructed")
    commit(repo, "A 'reconstruction' that takes effect in three days")
    result = review_as_ci(repo, monkeypatch)
    assert result.exit_code == 1, result.stdout
    assert [line.split(" 3 days after")[0] for line in notice_flags(result.stdout)] == [
        f"- ⚠️ **Flagged:** notice period: a reconstructed text takes effect {day.isoformat()},"]


def test_history_found_later_needs_no_notice_but_a_text_after_the_one_in_effect_does(repo, monkeypatch):
    """A reconstruction dated before the revision in effect only adds history; dated after it (even in
    the past), it would become the text in effect at once."""
    new_ja(repo, date(2015, 1, 1), provenance="reconstructed")
    commit(repo, "Older history")
    assert notice_flags(review_as_ci(repo, monkeypatch).stdout) == []
    new_ja(repo, today(repo) - timedelta(days=1), provenance="reconstructed")
    commit(repo, "A text dated after the one in effect")
    flags = notice_flags(review_as_ci(repo, monkeypatch).stdout)
    assert len(flags) == 1 and "1 days before the review date" in flags[0]


def test_a_date_beyond_the_builds_limit_is_refused_whatever_the_commit_says(repo, monkeypatch):
    """More than 5 years ahead: the daily Publish build would refuse it later, so the review refuses
    it now, even when the commit date (and SOURCE_DATE_EPOCH from it) is two years ahead."""
    far = today(repo) + timedelta(days=5 * 366 + 10)
    rel = new_ja(repo, far)
    commit_dated(repo, "Far future", datetime.now(timezone.utc) + timedelta(days=2 * 365))
    result = review_as_ci(repo, monkeypatch)
    assert result.exit_code == 1, result.stdout
    assert (f"- ⚠️ **Flagged:** invalid source: 'effective: {far.isoformat()}' is outside 1990-01-01 to ") in result.stdout
    assert "(at most 5 years after the build date); correct the date" in result.stdout
    assert f"`{rel}`" in result.stdout


@pytest.mark.parametrize("address", ["https://www.m\u0456hon.example/privacy", "privacy@m\u0456hon.example",
                                     "m&#1110;hon.example"])
def test_an_address_with_a_look_alike_letter_is_flagged(repo, address):
    rel = "ja/privacy/2024-07-01.md"
    add_revision(repo, JA, rel, old="アクセス記録、", new=f"アクセス記録（{address}）、")
    commit(repo, "A look-alike address")
    result = CliRunner().invoke(main, ["review", "--repo", str(repo), "--no-build", "--review-date", "2024-05-01",
                                       "main", "HEAD", "--check"])
    assert result.exit_code == 1, result.stdout
    assert "⚠️ address in mixed scripts" in result.stdout
    assert "mixes Cyrillic and Latin letters (і U+0456 CYRILLIC SMALL LETTER BYELORUSSIAN-UKRAINIAN I)" in result.stdout


def test_addresses_in_one_script_are_not_flagged():
    """(The site's own sources: tests/site/test_site_sources.py.)"""
    from policy_site.review.addresses import check_addresses

    assert check_addresses("privacy@mihon.example、https://www.mihon.example/、東京.jp、Москва.рф") == []

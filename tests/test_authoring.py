"""The everyday job: `policy-site new-revision`, editing the Japanese, `policy-site sync-translations`."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import SITES, build_site, make_project
from policy_site.cli.site import main
from policy_site.common.frontmatter import split_front_matter
from policy_site.sources.revision import revision_path, sha256_of

SENTENCE = "当社は、個人情報を適正に取り扱います。"
EDITED = "当社は、個人情報を適正かつ安全に取り扱います。"
ADDED = "当社は、個人情報の取扱いに関する苦情に適切に対応します。"


def run(project: Path, *args: str):
    return CliRunner().invoke(main, [*args, "--root", str(project)])


def meta_of(path: Path) -> dict:
    return split_front_matter(path.read_text(encoding="utf-8"))[0]


def body_of(path: Path) -> str:
    return split_front_matter(path.read_text(encoding="utf-8"))[1]


@pytest.fixture
def project(tmp_path) -> Path:
    return make_project(tmp_path / "p", "minimal")


def test_new_revision_is_three_files_that_build(project, tmp_path):
    result = run(project, "new-revision", "sample", "2030-04-01")
    assert result.exit_code == 0, result.output
    docs = project / "docs"
    ja = docs / "ja/sample/2030-04-01.md"
    assert meta_of(ja) == {"effective": "2030-04-01", "provenance": "authored"}  # nothing was captured
    assert body_of(ja) == body_of(docs / "ja/sample/2020-01-01.md")
    for locale in ("en", "zh"):
        new = docs / revision_path(locale, "sample", "2030-04-01")
        assert meta_of(new) == {"effective": "2030-04-01", "provenance": "translation",
                                "source_sha256": sha256_of(ja.read_bytes())}
        assert body_of(new) == body_of(docs / revision_path(locale, "sample", "2020-01-01"))
    assert result.output.splitlines() == [
        "Wrote docs/ja/sample/2030-04-01.md: the text of docs/ja/sample/2020-01-01.md, provenance: authored",
        "Wrote docs/en/sample/2030-04-01.md: 3 blocks translated",
        "Wrote docs/zh/sample/2030-04-01.md: 3 blocks translated"]
    build = build_site(project, tmp_path / "site")
    assert build.returncode == 0, build.stderr
    assert "WARNING" not in build.stderr


@pytest.mark.parametrize("args,message", [
    (["sample", "2020-01-01"], "Error: 'docs/ja/sample/2020-01-01.md' already exists; edit it, or choose a "
                               "later date for a new revision"),
    (["sample", "2019-12-31"], "Error: 2019-12-31 is not after the newest revision of sample (2020-01-01); "
                               "a new revision must take effect after it"),
    (["nosuch", "2030-01-01"], "Error: unknown policy 'nosuch'; use one of sample (policies.yml)"),
    (["sample", "2030-02-30"], "Error: Invalid value for 'YYYY-MM-DD': '2030-02-30' is not a date; "
                               "write it as YYYY-MM-DD"),
], ids=["exists", "not after the newest", "unknown policy", "not a date"])
def test_new_revision_refuses_with_one_line(project, args, message):
    before = sorted(p.relative_to(project) for p in (project / "docs").rglob("*.md"))
    result = run(project, "new-revision", *args)
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == message
    assert sorted(p.relative_to(project) for p in (project / "docs").rglob("*.md")) == before


def test_new_revision_refuses_a_date_whose_translation_exists(project):
    (project / "docs/zh/sample/2030-04-01.md").write_text("stray", encoding="utf-8")
    result = run(project, "new-revision", "sample", "2030-04-01")
    assert result.exit_code == 2
    assert "Error: 'docs/zh/sample/2030-04-01.md' already exists" in result.output
    assert not (project / "docs/ja/sample/2030-04-01.md").exists()


def edit_japanese(project: Path, old: str, new: str) -> Path:
    ja = project / "docs/ja/sample/2030-04-01.md"
    text = ja.read_text(encoding="utf-8")
    assert old in text
    ja.write_text(text.replace(old, new), encoding="utf-8")
    return ja


def test_sync_keeps_unchanged_blocks_and_marks_changed_ones_until_translated(project, tmp_path):
    assert run(project, "new-revision", "sample", "2030-04-01").exit_code == 0
    ja = edit_japanese(project, SENTENCE, f"{EDITED}\n\n{ADDED}")
    result = run(project, "sync-translations", "sample", "2030-04-01")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == ("Wrote docs/en/sample/2030-04-01.md: 2 blocks translated, "
                                             "2 marked TRANSLATION NEEDED (translate them, then remove the marker)")
    en = project / "docs/en/sample/2030-04-01.md"
    assert meta_of(en)["source_sha256"] == sha256_of(ja.read_bytes())
    assert body_of(en) == ("\n# Sample policy\n\n## Article 1 {#first}\n\n"
                           f"TRANSLATION NEEDED: {EDITED}\n\nTRANSLATION NEEDED: {ADDED}\n")
    page = (project / "docs/zh/sample/2030-04-01.md").read_text(encoding="utf-8")
    assert "## 第一条 {#first}" in page and f"TRANSLATION NEEDED: {EDITED}" in page

    failed = build_site(project, tmp_path / "site")
    assert failed.returncode != 0
    for locale in ("en", "zh"):
        assert (f"WARNING -  Checking translation '{revision_path(locale, 'sample', '2030-04-01')}': block 3 (line 11) still says "
                f"'TRANSLATION NEEDED:'; translate the Japanese '{EDITED}' and remove the marker") in failed.stderr
    assert f"'{revision_path(locale, 'sample', '2030-04-01')}': block 4 (line 13)" in failed.stderr

    en.write_text(en.read_text(encoding="utf-8")
                  .replace(f"TRANSLATION NEEDED: {EDITED}", "The Company handles personal information properly and securely.")
                  .replace(f"TRANSLATION NEEDED: {ADDED}", "The Company responds to complaints appropriately."),
                  encoding="utf-8")
    zh = project / "docs/zh/sample/2030-04-01.md"
    zh.write_text(zh.read_text(encoding="utf-8")
                  .replace(f"TRANSLATION NEEDED: {EDITED}", "本公司妥善并安全地处理个人信息。")
                  .replace(f"TRANSLATION NEEDED: {ADDED}", "本公司妥善处理投诉。"), encoding="utf-8")
    passed = build_site(project, tmp_path / "site2")
    assert passed.returncode == 0, passed.stderr


def test_sync_again_keeps_what_was_translated_since(project):
    """Blocks translated after the first sync stay translated at the next one (the translation is
    up to date, so its blocks are known) and a removed Japanese block leaves the translation."""
    assert run(project, "new-revision", "sample", "2030-04-01").exit_code == 0
    edit_japanese(project, SENTENCE, f"{SENTENCE}\n\n{ADDED}")
    assert run(project, "sync-translations", "sample", "2030-04-01").exit_code == 0
    en = project / "docs/en/sample/2030-04-01.md"
    en.write_text(en.read_text(encoding="utf-8").replace(f"TRANSLATION NEEDED: {ADDED}", "Complaints are handled."),
                  encoding="utf-8")
    assert run(project, "sync-translations", "sample", "2030-04-01").exit_code == 0  # nothing changed: no-op
    assert "Complaints are handled." in en.read_text(encoding="utf-8")
    commit(project)  # the Japanese this translation was made from is found again in git by its hash
    edit_japanese(project, f"{SENTENCE}\n\n", "")
    result = run(project, "sync-translations", "sample", "2030-04-01")
    assert result.exit_code == 0, result.output
    assert body_of(en) == "\n# Sample policy\n\n## Article 1 {#first}\n\nComplaints are handled.\n"


@pytest.mark.parametrize("variables", [("GIT_DIR",), ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE")])
def test_sync_reads_the_projects_history_whatever_git_variables_say(project, tmp_path, monkeypatch, variables):
    """The Japanese a translation was made from is found in the project's own git history even when
    a variable such as GIT_DIR (exported by a shell, a CI step or a git hook) points at another
    repository: else the blocks translated since the last sync would be marked again."""
    assert run(project, "new-revision", "sample", "2030-04-01").exit_code == 0
    edit_japanese(project, SENTENCE, f"{SENTENCE}\n\n{ADDED}")
    assert run(project, "sync-translations", "sample", "2030-04-01").exit_code == 0
    en = project / "docs/en/sample/2030-04-01.md"
    en.write_text(en.read_text(encoding="utf-8").replace(f"TRANSLATION NEEDED: {ADDED}", "Complaints are handled."),
                  encoding="utf-8")
    commit(project)
    other = make_project(tmp_path / "other", "minimal")  # the same paths, another history
    commit(other)
    edit_japanese(project, f"{SENTENCE}\n\n", "")
    values = {"GIT_DIR": other / ".git", "GIT_WORK_TREE": other, "GIT_INDEX_FILE": other / ".git" / "index"}
    for name in variables:
        monkeypatch.setenv(name, str(values[name]))
    result = run(project, "sync-translations", "sample", "2030-04-01")
    assert result.exit_code == 0, result.output
    assert body_of(en) == "\n# Sample policy\n\n## Article 1 {#first}\n\nComplaints are handled.\n"


def commit(project: Path) -> None:
    import os
    import subprocess

    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_AUTHOR_NAME": "A",
           "GIT_AUTHOR_EMAIL": "a@example.org", "GIT_COMMITTER_NAME": "A", "GIT_COMMITTER_EMAIL": "a@example.org"}
    if not (project / ".git").exists():
        subprocess.run(["git", "-C", str(project), "init", "-q", "-b", "main"], check=True, env=env)
    for args in (["add", "-A"], ["commit", "-qm", "translated"]):
        subprocess.run(["git", "-C", str(project), *args], check=True, env=env)


def test_sync_of_a_revision_that_does_not_exist_is_a_usage_error(project):
    result = run(project, "sync-translations", "sample", "2030-04-01")
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == ("Error: 'docs/ja/sample/2030-04-01.md' does not exist; "
                                              "revisions of sample: 2020-01-01")


# ------------------------------------------------------------------------------------------------
# The acceptance path, on a fixture site in a git repository (tests/sites/translated: ja with
# en and zh translations, the policy sample of three revisions, the default notice of 30 days)

ACCEPTANCE_SITE = "translated"


def _review_dates() -> tuple[str, str, str, str]:
    """A review day after every revision of the fixture's sample policy (and after today), as
    SOURCE_DATE_EPOCH (for the commands and the builds) and as the review's --review-date, and the
    days 40 and 3 after it: derived from the sources, so a later revision keeps these tests true."""
    from datetime import date, datetime, time, timedelta
    from zoneinfo import ZoneInfo

    from policy_site.sources.dates import load_build_date

    newest = max(date.fromisoformat(path.stem) for path in (SITES / ACCEPTANCE_SITE / "docs" / "ja" / "sample").glob("*.md"))
    today = load_build_date({}, time_zone="Asia/Tokyo")  # the fixture's time zone (tests/sites/mkdocs.yml)
    day = max(newest, today) + timedelta(days=1)
    epoch = int(datetime.combine(day, time(0, 30), tzinfo=ZoneInfo("Asia/Tokyo")).timestamp())
    return str(epoch), day.isoformat(), (day + timedelta(days=40)).isoformat(), (day + timedelta(days=3)).isoformat()


REVIEW_EPOCH, REVIEW_DAY, ENOUGH, LATE = _review_dates()
NEW_PARAGRAPH = "当社は、本ポリシーの改定を当社ウェブサイトに掲載します。"


@pytest.fixture
def real_repo(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", REVIEW_EPOCH)  # the review date, in Tokyo
    root = make_project(tmp_path / "repo", ACCEPTANCE_SITE)
    (root / ".gitignore").write_text("site/\n", encoding="utf-8")
    commit(root)
    return root


def review_of(repo: Path, *, build: bool = False):
    """The review as CI runs it; the site builds at BASE and HEAD (two real builds) only when asked."""
    from policy_site.cli.redline import main as redline_main

    return CliRunner().invoke(redline_main, ["review", "main", "--repo", str(repo), "--review-date", REVIEW_DAY,
                                             "--build" if build else "--no-build"])


def notice_flags(output: str) -> list[str]:
    return [line for line in output.splitlines() if "notice period" in line]


@pytest.mark.slow  # builds the site twice (review --build)
def test_review_of_a_new_revision_with_enough_notice_is_redlined_and_not_flagged(real_repo):
    assert run(real_repo, "new-revision", "sample", ENOUGH).exit_code == 0  # 40 days after the review
    ja = real_repo / "docs" / revision_path("ja", "sample", ENOUGH)
    ja.write_text(ja.read_text(encoding="utf-8").rstrip("\n") + f"\n\n{NEW_PARAGRAPH}\n", encoding="utf-8")
    assert run(real_repo, "sync-translations", "sample", ENOUGH).exit_code == 0
    for locale, translated in (("en", "The Company posts revisions of this policy on its website."),
                               ("zh", "本公司在其网站上公布本政策的修订。")):
        path = real_repo / "docs" / revision_path(locale, "sample", ENOUGH)
        text = path.read_text(encoding="utf-8")
        assert text.count(f"TRANSLATION NEEDED: {NEW_PARAGRAPH}") == 1
        path.write_text(text.replace(f"TRANSLATION NEEDED: {NEW_PARAGRAPH}", translated), encoding="utf-8")
    result = review_of(real_repo, build=True)
    assert result.exit_code == 0, result.output
    (row,) = [line for line in result.stdout.splitlines() if line.startswith("| 1 |")]
    assert row.startswith(f"| 1 | `{revision_path('ja', 'sample', ENOUGH)}` | new revision | +{len(NEW_PARAGRAPH)} −0 chars | — |"), row
    assert NEW_PARAGRAPH in result.stdout
    assert "nothing flagged" in result.stdout
    assert notice_flags(result.stdout) == []


@pytest.mark.parametrize("waiver", [None, "required by the amended APPI from that date"])
def test_review_flags_a_revision_announced_too_late_unless_waived(real_repo, waiver):
    assert run(real_repo, "new-revision", "sample", LATE).exit_code == 0  # 3 days after the review
    if waiver:
        ja = real_repo / "docs" / revision_path("ja", "sample", LATE)
        ja.write_text(ja.read_text(encoding="utf-8").replace("provenance: authored\n",
                                                             f'provenance: authored\nnotice_waived: "{waiver}"\n'),
                      encoding="utf-8")
        assert run(real_repo, "sync-translations", "sample", LATE).exit_code == 0
    result = review_of(real_repo)
    if waiver is None:
        from datetime import date, timedelta

        earliest = (date.fromisoformat(REVIEW_DAY) + timedelta(days=30)).isoformat()
        assert notice_flags(result.stdout) == [
            f"| 1 | `{revision_path('ja', 'sample', LATE)}` | new revision | no text change | ⚠️ notice period too short |",
            f"- ⚠️ **Flagged:** notice period: takes effect {LATE}, 3 days after the review date {REVIEW_DAY}, "
            "but sample is announced 30 days ahead (notice\\_days in policies.yml); "
            f"date it {earliest} or later, or say why in its front matter: notice\\_waived: \"reason\""]
    else:
        assert notice_flags(result.stdout) == []
        assert f"- **Notice period waived:** {waiver}" in result.stdout
        assert "nothing flagged" in result.stdout


def test_notice_days_zero_turns_the_check_off(real_repo):
    registry = real_repo / "policies.yml"
    registry.write_text(registry.read_text(encoding="utf-8").replace("  - id: sample\n", "  - id: sample\n    notice_days: 0\n"),
                        encoding="utf-8")
    commit(real_repo)
    assert run(real_repo, "new-revision", "sample", LATE).exit_code == 0
    assert notice_flags(review_of(real_repo).stdout) == []


def test_a_git_variable_cannot_hide_the_base_notice_period_from_the_review(real_repo, tmp_path, monkeypatch):
    """The review reads BASE's registry from the reviewed repository even when GIT_DIR points at
    another one: else BASE's 30 days go unread and the pull request's own 0 days decide."""
    registry = real_repo / "policies.yml"
    registry.write_text(registry.read_text(encoding="utf-8").replace("  - id: sample\n", "  - id: sample\n    notice_days: 0\n"),
                        encoding="utf-8")
    assert run(real_repo, "new-revision", "sample", LATE).exit_code == 0
    other = make_project(tmp_path / "other", ACCEPTANCE_SITE)
    commit(other)
    monkeypatch.setenv("GIT_DIR", str(other / ".git"))
    assert len(notice_flags(review_of(real_repo).stdout)) == 2


def test_a_pull_request_cannot_lower_the_notice_its_own_revision_is_checked_against(real_repo):
    registry = real_repo / "policies.yml"
    registry.write_text(registry.read_text(encoding="utf-8").replace("  - id: sample\n", "  - id: sample\n    notice_days: 0\n"),
                        encoding="utf-8")
    assert run(real_repo, "new-revision", "sample", LATE).exit_code == 0
    assert len(notice_flags(review_of(real_repo).stdout)) == 2


def test_notice_check_counts_days_in_either_direction_for_every_provenance_but_history():
    from datetime import date

    from policy_site.review.notice import check_notice

    def check(path: str, provenance: str = "authored"):
        data = f"---\neffective: {path[-13:-3]}\nprovenance: {provenance}\n---\n\n# 見本\n".encode()
        return check_notice(path, data, review_date=date(2026, 11, 30), notice_days={"privacy": 30})

    detail, waived = check("ja/privacy/2026-11-20.md")
    assert detail.startswith("notice period: takes effect 2026-11-20, 10 days before the review date 2026-11-30, ")
    assert waived is None
    assert check("ja/privacy/2026-12-30.md") == (None, None)  # exactly 30 days: enough
    assert check("ja/privacy/2026-12-29.md")[0] is not None
    assert check("en/privacy/2026-12-01.md", "translation") == (None, None)
    reconstruction, _ = check("ja/privacy/2026-12-03.md", "reconstructed")  # three days ahead: not history
    assert reconstruction.startswith("notice period: a reconstructed text takes effect 2026-12-03, 3 days after ")
    assert check("ja/privacy/2026-12-03.md", "archived")[0].startswith("notice period: an archived text takes effect")
    older = f"---\neffective: 2020-01-01\nprovenance: reconstructed\n---\n\n# 見本\n".encode()
    assert check_notice("ja/privacy/2020-01-01.md", older, review_date=date(2026, 11, 30),  # before the one in
                        notice_days={"privacy": 30}, in_effect=date(2023, 6, 15)) == (None, None)  # effect: history
    assert check("ja/other/2026-12-01.md")[0] is not None  # a policy not in the registry: the default 30 days

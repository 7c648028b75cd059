"""``policy-redline review``: wording review of a pull request, in real temporary git repositories.

Every test makes its own repository (``git init``, the fixture site ``tests/sites/reviewed`` committed
on ``main``, then a branch ``pr`` with the change under review); git is never mocked. The fixture is a
fictional company's site that declares its own locales (ja, with en and zh translations), so that
the review is tested on what it reads of any site, never on this repository's own content.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import ROOT, make_project, run_nu_checker
from policy_site.cli.redline import main
from policy_site.common.frontmatter import split_front_matter
from policy_site.redline.render_text import escape_markdown
from policy_site.review.render import render_review_markdown
from policy_site.review.report import render_review_html
from policy_site.review.changes import CHANGED, CORRECTION, NEW, REMOVED, review_repository
from policy_site.review.git import ReviewError, find_repository, resolve_ref
from policy_site.sources.revision import revision_path

JA = "ja/privacy/2023-06-15.md"
EN = "en/privacy/2023-06-15.md"
ZH = "zh/privacy/2023-06-15.md"
# One sentence of the published ja text of the fixture, and a reworded version of it.
SENTENCE = "当社は、これらの情報を以下の定めに従い適正に管理します。"
REWORDED = "当社は、これらの情報を以下の定めに従い適切に管理します。"
ENTRY_POINT = Path(sys.executable).parent / "policy-redline"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


# ------------------------------------------------------------------------------------------------
# Helpers: a real repository per test


def git_env() -> dict[str, str]:
    """The environment for the tests' own git commands: no user or system config, fixed identity."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL=os.devnull, GIT_AUTHOR_NAME="Reviewer",
               GIT_AUTHOR_EMAIL="reviewer@example.com", GIT_COMMITTER_NAME="Reviewer",
               GIT_COMMITTER_EMAIL="reviewer@example.com")
    return env


def git(repo: Path, *args: str) -> str:
    result = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, env=git_env())
    assert result.returncode == 0, result.stderr
    return result.stdout


def commit(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)


def docs(repo: Path, rel: str) -> Path:
    return repo / "docs" / rel


def replace(repo: Path, rel: str, old: str, new: str) -> None:
    """Edit one source in place; the text to replace must occur exactly once."""
    path = docs(repo, rel)
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {rel}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def sha256(repo: Path, rel: str) -> str:
    return hashlib.sha256(docs(repo, rel).read_bytes()).hexdigest()


def source_sha(repo: Path, rel: str) -> str:
    text = docs(repo, rel).read_text(encoding="utf-8")
    return re.search(r'^source_sha256: "?([0-9a-f]{64})"?$', text, re.M).group(1)


def add_revision(repo: Path, rel_from: str, rel_to: str, *, old: str = "", new: str = "",
                 source: str | None = None) -> None:
    """A new revision copied from an existing one, with its date, one wording change and, for a
    translation, ``source_sha256`` of ``source`` (None: keep the copied, now wrong, digest)."""
    text = docs(repo, rel_from).read_text(encoding="utf-8")
    old_date, new_date = rel_from[-13:-3], rel_to[-13:-3]
    text = text.replace(f"effective: {old_date}", f"effective: {new_date}", 1)
    if old:
        assert text.count(old) == 1
        text = text.replace(old, new)
    if source is not None:
        text = text.replace(source_sha(repo, rel_from), sha256(repo, source))
    docs(repo, rel_to).parent.mkdir(parents=True, exist_ok=True)
    docs(repo, rel_to).write_text(text, encoding="utf-8")


@pytest.fixture
def repo(tmp_path: Path, monkeypatch) -> Path:
    """A repository with the fixture site ``tests/sites/reviewed`` (its sources, registry and
    mkdocs.yml, from which the review reads the site's locales and time zone) committed on ``main``,
    checked out on a new branch ``pr``. The review date is 2024-05-01, so that the tests' new
    revisions (2024-07-01) give enough notice."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1714521600")
    root = make_project(tmp_path / "repo", "reviewed")
    git(root, "init", "-q", "-b", "main")
    (root / "README.md").write_text("# Policies\n", encoding="utf-8")
    commit(root, "Published policies")
    git(root, "checkout", "-q", "-b", "pr")
    return root


REVIEW_DATE = "2024-05-01"


def test_the_fixture_is_a_site_the_strict_build_accepts(fixture_build):
    """The repository's ``main`` holds a valid site (every source, translation digest and basis as
    the build wants them): what a test's review flags comes from the change it makes, never from
    the fixture itself."""
    built = fixture_build("reviewed", SOURCE_DATE_EPOCH="1714521600")
    assert "WARNING" not in built.result.stderr
    assert (built.site / "privacy" / "index.html").is_file() and (built.site / "en" / "privacy" / "index.html").is_file()


def review(repo: Path, *args: str):
    """``policy-redline review ARGS --repo REPO`` through click's runner (stdout and stderr apart), on
    the review date 2024-05-01 and without the site build (these repositories hold the sources and mkdocs.yml, not the generator)."""
    extra = [] if "--build" in args else ["--no-build"]
    return CliRunner().invoke(main, ["review", "--repo", str(repo), "--review-date", REVIEW_DATE, *extra, *args])


def rows(markdown: str) -> list[str]:
    """The rows of the summary table (the first table, right after its header)."""
    lines = markdown.splitlines()
    if "| # | File | Kind | Redline | Flags |" not in lines:
        return []
    start = lines.index("| # | File | Kind | Redline | Flags |") + 2
    return lines[start:lines.index("", start)]


# ------------------------------------------------------------------------------------------------
# The cases of the issue


def test_new_revision_on_a_branch_is_redlined_against_its_predecessor(repo):
    add_revision(repo, JA, "ja/privacy/2024-07-01.md", old="アクセス記録、", new="アクセス記録、端末識別子、")
    add_revision(repo, EN, "en/privacy/2024-07-01.md", old="records of access to the Company's Services, ",
                 new="records of access to the Company's Services, device identifiers, ", source="ja/privacy/2024-07-01.md")
    add_revision(repo, ZH, "zh/privacy/2024-07-01.md", old="本公司服务的访问记录及", new="本公司服务的访问记录、终端识别符及",
                 source="ja/privacy/2024-07-01.md")
    commit(repo, "Privacy policy of 2024-07-01")

    result = review(repo, "main", "pr", "--check")
    assert result.exit_code == 0, result.output
    out = result.stdout
    head, base = git(repo, "rev-parse", "pr").strip(), git(repo, "rev-parse", "main").strip()
    assert out.splitlines()[:5] == [
        "## Wording review", "", f"`main` (`{base[:12]}`) → `pr` (`{head[:12]}`)", "",
        "**3 policy sources changed, nothing flagged.**"]
    assert rows(out) == [
        "| 1 | `ja/privacy/2024-07-01.md` | new revision | +6 −0 chars | — |",
        "| 2 | `en/privacy/2024-07-01.md` | new revision | +20 −0 chars | — |",
        "| 3 | `zh/privacy/2024-07-01.md` | new revision | +8 −2 chars | — |",
    ]
    section = out.split("### 1. `ja/privacy/2024-07-01.md` — new revision\n", 1)[1].split("### 2.", 1)[0]
    assert "- Compared with: ja/privacy/2023-06-15.md, the previous revision in pr\n" in section
    assert "  - `effective`: 2024-07-01\n  - `provenance`: published\n  - `captured`: 2024-06-29\n" in section
    assert "**変更の概要**: 挿入 6 文字、削除 0 文字\n\n- 個人情報 (変更)\n" in section
    assert ("当社における個人情報とは、生存する個人に関する情報であって、これに含まれる氏名、住所、電話番号、"
            "メールアドレス、当社サービスへのアクセス記録、<ins>端末識別子、</ins>その他の記述等") in section
    assert "<del>" not in section and "<details>" not in section  # short: not folded
    # Unchanged text is elided as on the site: the headings above the change stay (the title and
    # the heading of the paragraph shown before it); the 19 blocks between them (the preamble, the
    # protection policy with its 4 items, its contact and the contents' 8 items) are counted.
    assert "# プライバシーポリシー\n\n*（変更のない 19 項目を省略）*\n\n## 適用範囲\n" in section
    assert "records of access to the Company's Services,<ins> device identifiers,</ins> or other" in out
    assert "本公司服务的访问<del>记录</del><ins>记录、终端识别符</ins>及其他描述" in out


def test_first_revision_of_a_new_policy_is_shown_entirely_added(repo):
    path = docs(repo, "ja/cookies/2024-07-01.md")
    path.parent.mkdir()
    path.write_text("---\neffective: 2024-07-01\nprovenance: published\ncaptured: 2024-07-01\n---\n\n"
                    "# クッキーについて\n\n当社はクッキーを使用します。\n", encoding="utf-8")
    registry = repo / "policies.yml"
    registry.write_text(registry.read_text(encoding="utf-8") + "  - id: cookies\n    title: {ja: クッキー, en: Cookies, "
                        "zh: Cookie}\n", encoding="utf-8")
    commit(repo, "New policy")
    out = review(repo, "main", "HEAD").stdout
    assert rows(out) == ["| 1 | `policies.yml` | policy registry | +59 −0 chars | — |",
                         "| 2 | `ja/cookies/2024-07-01.md` | new revision | +22 −0 chars | "
                         "⚠️ translation missing: en/cookies/2024-07-01.md<br>"
                         "⚠️ translation missing: zh/cookies/2024-07-01.md |"]
    assert "<ins>cookies (ja): クッキー</ins>" in out
    assert "- Compared with: nothing: the first ja revision of cookies (all text is new)\n" in out
    assert "# <ins>クッキーについて</ins>\n\n<ins>当社はクッキーを使用します。</ins>\n" in out


def test_published_revision_edited_in_place_is_flagged_and_check_exits_1(repo):
    replace(repo, JA, SENTENCE, REWORDED)
    commit(repo, "Reword in place")

    plain = review(repo, "main", "HEAD")
    assert plain.exit_code == 0, plain.output  # without --check, flags do not change the status
    checked = review(repo, "main", "HEAD", "--check")
    assert checked.exit_code == 1 and checked.stdout == plain.stdout and checked.stderr == ""
    out = plain.stdout
    assert "**1 policy source changed, 3 flags** — see ⚠️ below." in out  # every flag of the table
    assert rows(out) == [
        "| 1 | `ja/privacy/2023-06-15.md` | changed published text | +3 −3 chars | "
        "⚠️ published revision edited in place<br>⚠️ translation stale: en/privacy/2023-06-15.md<br>"
        "⚠️ translation stale: zh/privacy/2023-06-15.md |"]
    assert "### 1. `ja/privacy/2023-06-15.md` — changed published text\n" in out
    assert ("- ⚠️ **Flagged:** published revision edited in place: revisions in main are immutable; add the "
            "change as a new revision, or, if this corrects a mistake, say so in the front matter with "
            "'correction: \"YYYY-MM-DD: what was corrected\"'\n") in out
    assert f"- Compared with: the same file in main ({git(repo, 'rev-parse', 'main')[:12]})\n" in out
    assert "当社は、これらの情報を以下の定めに従い<del>適正に</del><ins>適切に</ins>管理します。" in out
    assert "- Front matter:" not in out  # front matter untouched


def declare_correction(repo: Path) -> tuple[str, str]:
    """A new correction of the sources (replacing the one they declare, if any): the note, and
    the one it replaced as the review shows it."""
    note = "2024-07-01: fixed 適正に (the published page says 適切に)"
    replace(repo, JA, SENTENCE, REWORDED)
    before = set_correction(repo, JA, note)
    for translation in (EN, ZH):  # translations follow the corrected source, and say so too
        replace(repo, translation, source_sha(repo, translation), sha256(repo, JA))
        set_correction(repo, translation, "2024-07-01: source_sha256 follows the ja correction")
    commit(repo, "Correct a transcription error")
    return note, before


def set_correction(repo: Path, rel: str, note: str) -> str:
    """Declare ``note`` as the correction of ``rel``; the old correction, or "(none)"."""
    path = docs(repo, rel)
    meta, _ = split_front_matter(path.read_text(encoding="utf-8"))
    if "correction" in meta:
        old = str(meta["correction"])
        line = next(line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("correction:"))
        replace(repo, rel, line + "\n", f'correction: "{note}"\n')
        return old
    replace(repo, rel, "\nprovenance: ", f'\ncorrection: "{note}"\nprovenance: ')
    return "(none)"


def test_declared_correction_of_a_revision_not_yet_in_effect_is_listed_but_not_flagged(repo):
    note, before = declare_correction(repo)
    result = review(repo, "main", "HEAD", "--check", "--review-date", "2023-06-01")  # 2023-06-15 is upcoming
    assert result.exit_code == 0, result.stdout
    out = result.stdout
    assert rows(out) == [
        "| 1 | `ja/privacy/2023-06-15.md` | correction (declared) | +3 −3 chars | — |",
        "| 2 | `en/privacy/2023-06-15.md` | correction (declared) | no text change | — |",
        "| 3 | `zh/privacy/2023-06-15.md` | correction (declared) | no text change | — |",
    ]
    assert "- **Correction declared:** 2024-07-01: fixed 適正に (the published page says 適切に)\n" in out
    assert f"  - `correction`: {escape_markdown(before)} → {escape_markdown(note)}\n" in out
    assert "The text is unchanged; only the front matter or the file's bytes differ." in out

    # Another change under the same correction note is not covered by it.
    replace(repo, JA, REWORDED, SENTENCE)
    commit(repo, "A second edit")
    again = review(repo, "HEAD~1", "HEAD", "--check", "--review-date", "2023-06-01")
    assert again.exit_code == 1
    assert rows(again.stdout)[0].startswith("| 1 | `ja/privacy/2023-06-15.md` | changed published text |")


def test_a_correction_cannot_change_the_wording_in_effect_without_approval(repo):
    """A correction note is no announcement: changing the text readers are bound by today needs a
    code owner's (and legal's) approval, exit status 3; its translations, whose text is unchanged, do not."""
    declare_correction(repo)
    result = review(repo, "main", "HEAD", "--check")  # on 2024-05-01, 2023-06-15 is in effect
    assert result.exit_code == 3, result.stdout
    assert rows(result.stdout) == [
        "| 1 | `ja/privacy/2023-06-15.md` | correction (declared) | +3 −3 chars | "
        "⚠️ correction of wording in effect: needs approval |",
        "| 2 | `en/privacy/2023-06-15.md` | correction (declared) | no text change | — |",
        "| 3 | `zh/privacy/2023-06-15.md` | correction (declared) | no text change | — |",
    ]
    assert ("- ⚠️ **Flagged:** correction of wording in effect: ja/privacy/2023-06-15.md is the revision in effect "
            "on the review date 2024-05-01, and a correction note changes what binds readers without a new "
            "revision or notice; a code owner (with legal) must approve it, or publish the change as a new "
            "revision\n") in result.stdout
    assert review(repo, "main", "HEAD").exit_code == 0  # without --check, flags do not change the status


def test_ja_change_with_a_stale_translation_is_flagged(repo):
    # A new ja revision; its translations were copied from the previous revision and never updated.
    add_revision(repo, JA, "ja/privacy/2024-07-01.md", old="アクセス記録、", new="アクセス記録、端末識別子、")
    add_revision(repo, EN, "en/privacy/2024-07-01.md")
    commit(repo, "New ja revision, stale en, no zh")

    result = review(repo, "main", "HEAD", "--check")
    assert result.exit_code == 1
    out = result.stdout
    digest = sha256(repo, "ja/privacy/2024-07-01.md")
    assert rows(out) == [
        "| 1 | `ja/privacy/2024-07-01.md` | new revision | +6 −0 chars | ⚠️ translation stale: en/privacy/2024-07-01.md"
        "<br>⚠️ translation missing: zh/privacy/2024-07-01.md |",
        "| 2 | `en/privacy/2024-07-01.md` | new revision | no text change | ⚠️ source\\_sha256 does not match |",
    ]
    assert (f"- ⚠️ **Flagged:** translation stale: en/privacy/2024-07-01.md records source\\_sha256 "
            f"{source_sha(repo, EN)[:12]}…, but this file's SHA-256 is {digest[:12]}…; update the translation, "
            f"then set source\\_sha256: \"{digest}\"\n") in out
    assert (f"- ⚠️ **Flagged:** translation missing: zh/privacy/2024-07-01.md does not exist in HEAD; "
            f"add it with source\\_sha256: \"{digest}\"\n") in out


def test_no_change_says_no_wording_changes(repo):
    result = review(repo, "main", "HEAD", "--check")
    assert result.exit_code == 0
    base = git(repo, "rev-parse", "main")[:12]
    assert result.stdout == (f"## Wording review\n\n`main` (`{base}`) → `HEAD` (`{base}`)\n\n"
                             "No wording changes: no policy source under docs/ differs.\n")
    worktree = review(repo, "HEAD")
    assert worktree.exit_code == 0 and worktree.stdout.endswith(
        "→ the working tree\n\nNo wording changes: no policy source under docs/ differs.\n")


def test_any_change_outside_the_sources_is_site_code_that_needs_a_code_owner(repo):
    """Every path git reports, not a list of known folders: a README, a stylesheet under docs/, a
    file in a folder nobody listed, and an untracked one in the working tree."""
    (repo / "README.md").write_text("# Policies\n\nMore words, none of them policy wording.\n", encoding="utf-8")
    (repo / "docs" / "assets").mkdir(exist_ok=True)
    (repo / "docs" / "assets" / "site.css").write_text("body { color: black; }\n", encoding="utf-8")
    (repo / "tools").mkdir()
    (repo / "tools" / "publish.py").write_text("print('x')\n", encoding="utf-8")
    commit(repo, "Not wording")
    result = review(repo, "main", "HEAD", "--check")
    assert result.exit_code == 3, result.stdout
    base, head = (git(repo, "rev-parse", ref)[:12] for ref in ("main", "HEAD"))
    assert result.stdout == (
        f"## Wording review\n\n`main` (`{base}`) → `HEAD` (`{head}`)\n\n"
        "⚠️ **Site code changed: the wording review cannot certify what readers will see.** 3 files outside the "
        "policy sources, the registry and the glossary changed; a code owner must approve this pull request "
        "(`.github/CODEOWNERS`):\n\n- `README.md`\n- `docs/assets/site.css`\n- `tools/publish.py`\n\n"
        "No wording changes: no policy source under docs/ differs.\n\n**1 flag** — see ⚠️.\n")
    assert review(repo, "main", "HEAD").exit_code == 0  # without --check, the status is 0
    (repo / "notes.txt").write_text("untracked\n", encoding="utf-8")
    worktree = review(repo, "HEAD", "--check")
    assert worktree.exit_code == 3 and "\n- `notes.txt`\n" in worktree.stdout


@pytest.mark.parametrize(("args", "ref"), [(["nope"], "nope"), (["main", "no-such-branch"], "no-such-branch"),
                                           (["--", "-x"], "-x"), (["main:docs"], "main:docs")])
def test_bad_ref_exits_2_with_one_line(repo, args, ref):
    result = review(repo, *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"Error: unknown git ref '{ref}' in {repo}; use a branch, tag or commit\n"


def test_not_a_git_repository_exits_2_with_one_line(tmp_path, monkeypatch):
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))  # even if the temp folder is inside a repository
    plain = tmp_path / "plain"
    plain.mkdir()
    result = CliRunner().invoke(main, ["review", "main", "--repo", str(plain)])
    assert result.exit_code == 2 and result.stderr == f"Error: '{plain}' is not a git repository\n"
    missing = CliRunner().invoke(main, ["review", "main", "--repo", str(tmp_path / "missing")])
    assert missing.exit_code == 2
    assert missing.stderr == (f"Error: '{tmp_path / 'missing'}' is not a directory; "
                              "pass the repository's folder with --repo\n")


def test_a_git_variable_cannot_hide_an_untracked_revision_from_the_working_tree_review(repo, tmp_path, monkeypatch):
    """Configuration given in the environment (GIT_CONFIG_COUNT/KEY/VALUE, GIT_CONFIG_PARAMETERS) is
    not the repository's: an exclude file named there would hide a new, untracked revision."""
    add_revision(repo, JA, "ja/privacy/2024-07-01.md", old="アクセス記録、", new="アクセス記録、端末識別子、")  # untracked
    (tmp_path / "ignore-revisions").write_text("docs/ja/privacy/2024-*.md\n", encoding="utf-8")
    monkeypatch.setenv("GIT_CONFIG_COUNT", "1")
    monkeypatch.setenv("GIT_CONFIG_KEY_0", "core.excludesFile")
    monkeypatch.setenv("GIT_CONFIG_VALUE_0", str(tmp_path / "ignore-revisions"))
    monkeypatch.setenv("GIT_CONFIG_PARAMETERS", f"'core.excludesfile'='{tmp_path / 'ignore-revisions'}'")
    result = review(repo, "main")
    assert result.exit_code == 0, result.output
    assert [row.split(" | ")[1:3] for row in rows(result.stdout)] == [["`ja/privacy/2024-07-01.md`", "new revision"]]


def test_installed_entry_point_reviews_the_working_tree_from_a_subfolder(repo, tmp_path):
    """The real ``policy-redline`` executable, run as CI runs it, on uncommitted changes."""
    assert ENTRY_POINT.is_file(), f"{ENTRY_POINT} is missing: pip install -e ."
    replace(repo, JA, SENTENCE, REWORDED)
    add_revision(repo, JA, "ja/privacy/2024-07-01.md", old="アクセス記録、", new="アクセス記録、端末識別子、")  # untracked
    report = tmp_path / "review.html"
    run = subprocess.run([str(ENTRY_POINT), "review", "main", "--html", str(report), "--check"],
                         capture_output=True, text=True, cwd=repo / "docs" / "ja")
    assert run.returncode == 1, run.stderr
    assert run.stderr == ""
    assert "`main` (`" in run.stdout and "→ the working tree\n" in run.stdout
    assert [row.split(" | ")[1:3] for row in rows(run.stdout)] == [
        ["`ja/privacy/2023-06-15.md`", "changed published text"], ["`ja/privacy/2024-07-01.md`", "new revision"]]
    assert report.read_text(encoding="utf-8").startswith("<!DOCTYPE html>\n<html lang=\"en\">")

    bad = subprocess.run([str(ENTRY_POINT), "review", "nope"], capture_output=True, text=True, cwd=repo)
    assert bad.returncode == 2 and bad.stdout == ""
    assert bad.stderr == f"Error: unknown git ref 'nope' in {repo}; use a branch, tag or commit\n"
    outside = subprocess.run([str(ENTRY_POINT), "review", "main"], capture_output=True, text=True, cwd=tmp_path,
                             env={**os.environ, "GIT_CEILING_DIRECTORIES": str(tmp_path)})
    assert outside.returncode == 2 and outside.stderr == "Error: '.' is not a git repository\n"


@pytest.mark.browser
def test_html_report_opens_in_the_browser_with_the_redline_visible(repo, tmp_path, browser):
    replace(repo, JA, SENTENCE, REWORDED)
    commit(repo, "Reword in place")
    report = tmp_path / "report" / "review.html"
    report.parent.mkdir()
    result = review(repo, "main", "HEAD", "--html", str(report), "--check")
    assert result.exit_code == 1

    context = browser.new_context(locale="ja-JP")
    try:
        tab = context.new_page()
        requests: list[str] = []
        tab.on("request", lambda request: requests.append(request.url))
        tab.goto(report.as_uri())
        assert tab.title().startswith("Wording review: main → HEAD")
        assert tab.locator("table.review-files td").nth(1).inner_text() == "changed published text"
        assert "published revision edited in place" in tab.locator(".review-flags").first.inner_text()
        inline = tab.locator("#file-1 .redline-inline")
        assert inline.get_attribute("lang") == "ja"
        ins, dele = inline.locator("ins").first, inline.locator("del").first
        assert ins.is_visible() and dele.is_visible()
        assert "適切に" in ins.text_content() and "適正に" in dele.text_content()
        # The site's stylesheet is applied: insertions underlined, deletions struck through.
        assert "underline" in ins.evaluate("e => getComputedStyle(e).textDecorationLine")
        assert "line-through" in dele.evaluate("e => getComputedStyle(e).textDecorationLine")
        assert not tab.locator("#file-1 .redline-sr").first.is_visible() or \
            tab.locator("#file-1 .redline-sr").first.bounding_box()["width"] <= 1
        # The summary links into the inline view; the side-by-side view opens on request.
        tab.locator("#file-1 .redline-summary a").first.click()
        assert tab.evaluate("location.hash").startswith("#file-1-redline-")
        tab.locator("#file-1 details.review-redline summary", has_text="Side by side").click()
        assert tab.locator("#file-1 table.redline-sbs ins").first.is_visible()
        assert [url for url in requests if not url.startswith("file://")] == []
    finally:
        context.close()

    if AXE.is_file():  # axe is injected as a script, which the report's CSP (rightly) forbids
        context = browser.new_context(bypass_csp=True)
        try:
            tab = context.new_page()
            tab.goto(report.as_uri())
            tab.add_script_tag(path=str(AXE))
            found = tab.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
            serious = [(v["id"], [n["target"] for n in v["nodes"][:3]]) for v in found["violations"]
                       if v["impact"] in ("serious", "critical")]
            assert serious == []
        finally:
            context.close()


# ------------------------------------------------------------------------------------------------
# The rest of the contract


def test_removed_and_renamed_revisions_are_flagged(repo):
    git(repo, "mv", "docs/ja/privacy/2022-04-01.md", "docs/ja/privacy/2022-04-02.md")
    replace(repo, "ja/privacy/2022-04-02.md", "effective: 2022-04-01", "effective: 2022-04-02")
    git(repo, "rm", "-q", "docs/ja/external-transmission/2023-10-05.md")
    commit(repo, "Rename and remove")
    result = review(repo, "main", "HEAD", "--check")
    assert result.exit_code == 1
    assert [row.split(" | ")[1:3] for row in rows(result.stdout)] == [
        ["`ja/external-transmission/2023-10-05.md`", "removed"],
        ["`ja/privacy/2022-04-01.md`", "removed"],
        ["`ja/privacy/2022-04-02.md`", "new revision"],
    ]
    assert "⚠️ published revision removed |" in rows(result.stdout)[1]
    assert "- Compared with: ja/privacy/2009-02-10.md, the previous revision in HEAD\n" in result.stdout


def test_front_matter_changes_are_listed(repo):
    replace(repo, JA, "captured: 2024-06-29", "captured: 2024-07-01")
    replace(repo, "ja/privacy/2009-02-10.md", "provenance: reconstructed", "provenance: published")
    commit(repo, "Front matter only")
    out = review(repo, "main", "HEAD").stdout
    assert rows(out)[1].startswith("| 2 | `ja/privacy/2023-06-15.md` | changed front matter | no text change | "
                                   "⚠️ published revision edited in place<br>⚠️ translation stale:")
    assert "- Front matter:\n  - `captured`: 2024-06-29 → 2024-07-01\n" in out
    assert "  - `provenance`: reconstructed → published\n" in out
    assert "- ⚠️ **Flagged:** invalid source: missing 'captured' (ISO date the published wording (or the archived copy) was captured); " \
           "add it to the front matter\n" in out  # a published revision needs 'captured'


def test_invalid_front_matter_and_misnamed_files_are_flagged_not_fatal(repo):
    replace(repo, JA, "effective: 2023-06-15", "effective: 2023-06-16")
    (repo / "docs" / "ja" / "privacy" / "draft.md").write_text("---\nprovenance: published\n---\n\n# 草案\n",
                                                               encoding="utf-8")
    result = review(repo, "main", "--check")
    assert result.exit_code == 1
    out = result.stdout
    assert "- ⚠️ **Flagged:** invalid source: file name 'draft.md' is not a date; name revisions YYYY-MM-DD.md\n" in out
    assert ("- ⚠️ **Flagged:** invalid source: 'effective: 2023-06-16' disagrees with the file name "
            "'2023-06-15.md'; rename the file or correct the date\n") in out


def test_long_redlines_are_folded_and_context_is_an_option(repo):
    text = docs(repo, JA).read_text(encoding="utf-8")
    docs(repo, JA).write_text(text.replace("当社", "弊社"), encoding="utf-8")
    out = review(repo, "main").stdout
    assert "<details>\n<summary>Redline, continued (" in out and out.rstrip().endswith("</details>")
    narrow = review(repo, "main", "--context", "0").stdout
    wide = review(repo, "main", "--context", "5").stdout
    assert len(narrow) < len(out) < len(wide)


def test_policy_text_and_notes_are_escaped(repo):
    replace(repo, JA, SENTENCE, "当社は<script>alert(1)</script>**重要**を管理します。")
    replace(repo, JA, "captured: 2024-06-29\n", 'captured: 2024-06-29\ncorrection: "<img src=x onerror=alert(1)> | `x`"\n')
    commit(repo, "Hostile text")
    result = review_repository(repo, "main", "HEAD")
    markdown = render_review_markdown(result)
    assert "<script>" not in markdown and "<img" not in markdown
    assert "<del>当社は、これらの情報を以下の定めに従い適正に</del><ins>当社は&lt;script&gt;alert(1)&lt;/script&gt;重要を</ins>" in markdown
    assert "- **Correction declared:** &lt;img src=x onerror=alert(1)&gt; \\| \\`x\\`\n" in markdown
    html = render_review_html(result)
    assert "<script" not in html and "<img" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_html_report_inlines_the_reviewed_repository_css_safely(repo):
    replace(repo, JA, SENTENCE, REWORDED)
    css = docs(repo, "assets/redline.css")  # the pull request gives the site a stylesheet of its own
    css.parent.mkdir(parents=True, exist_ok=True)
    theme = ROOT / "src" / "policy_site" / "theme" / "assets" / "redline.css"
    css.write_text(theme.read_text(encoding="utf-8") + "\n/* </style><script>alert(1)</script> */\n"
                   ".review-flag { display: none }\n", encoding="utf-8")
    html = render_review_html(review_repository(repo, "main"))
    assert html.count("</style>") == 1 and "</script>" not in html  # the CSS cannot end its element
    assert "display: none" not in html  # the pull request's own CSS never styles its report
    assert "table.review-files" in html  # the report's CSS, from the installed package
    assert ".redline-sr {" in html and "default-src 'none'" in html
    assert '<div class="redline redline-inline" lang="ja">' in html
    assert '<div class="redline redline-side-by-side" lang="ja">' in html
    assert 'id="file-1-redline-' in html and 'id="file-1-sbs-redline-' in html


@pytest.mark.slow  # java
def test_html_report_is_valid_html(repo, tmp_path):
    java = shutil.which("java")
    if java is None or not VNU.is_file():
        message = "java or node_modules/vnu-jar missing: scripts/test.sh installs both"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    replace(repo, JA, SENTENCE, REWORDED)
    add_revision(repo, JA, "ja/privacy/2024-07-01.md", old="アクセス記録、", new="アクセス記録、端末識別子、")
    report = tmp_path / "review.html"
    assert review(repo, "main", "--html", str(report)).exit_code == 0
    empty = tmp_path / "empty.html"
    assert review(repo, "HEAD", "HEAD", "--html", str(empty)).exit_code == 0
    assert run_nu_checker([report, empty], tmp_path) == []


def test_unwritable_html_report_exits_2(repo, tmp_path):
    result = review(repo, "main", "--html", str(tmp_path / "missing" / "review.html"))
    assert result.exit_code == 2
    assert result.stderr == (f"Error: cannot write the HTML report '{tmp_path / 'missing' / 'review.html'}' "
                             "(No such file or directory); check that its folder exists and is writable\n")


def test_output_is_deterministic_and_ja_comes_first(repo):
    replace(repo, ZH, "provenance: translation\n", "provenance: translation\nnote: zh\n")
    replace(repo, EN, "provenance: translation\n", "provenance: translation\nnote: en\n")
    replace(repo, JA, SENTENCE, REWORDED)
    first, second = review(repo, "main").stdout, review(repo, "main").stdout
    assert first == second
    assert [row.split(" | ")[1] for row in rows(first)] == [f"`{JA}`", f"`{EN}`", f"`{ZH}`"]


def test_library_errors_and_model(repo, tmp_path, monkeypatch):
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    with pytest.raises(ReviewError, match="is not a git repository"):
        find_repository(tmp_path)
    assert find_repository(repo / "docs" / "ja") == repo.resolve()
    assert resolve_ref(repo, "main") == git(repo, "rev-parse", "main").strip()
    replace(repo, JA, SENTENCE, REWORDED)
    add_revision(repo, JA, "ja/privacy/2024-07-01.md", old="アクセス記録、", new="アクセス記録、端末識別子、")
    git(repo, "rm", "-q", "docs/ja/privacy/2005-08-21.md")
    result = review_repository(repo, "main")
    assert result.head.commit is None and result.base.commit == resolve_ref(repo, "main")
    assert [(f.path, f.kind) for f in result.files] == [
        ("ja/privacy/2005-08-21.md", REMOVED), (JA, CHANGED), ("ja/privacy/2024-07-01.md", NEW)]
    assert [f.path for f in result.flagged] == [f.path for f in result.files]
    assert {f.kind for f in result.files} <= {NEW, CHANGED, CORRECTION, REMOVED}


def test_mentions_and_references_from_the_pull_request_are_neutralised(repo):
    replace(repo, JA, SENTENCE, "当社は @legal-team と #123 に連絡します（privacy@mihon.example）。")
    replace(repo, JA, "captured: 2024-06-29\n", 'captured: 2024-06-29\ncorrection: "ping @octocat, see #1"\n')
    (repo / "docs" / "ja" / "@admin.md").write_text("# x\n", encoding="utf-8")
    out = review(repo, "main").stdout
    assert not re.search(r"(?<![\w.+-])[@#][A-Za-z0-9_]", out), "a mention or reference would be linked"
    assert "@\u200dlegal-team" in out and "#\u200d123" in out and "@\u200doctocat" in out and "@\u200dadmin" in out
    assert "（privacy@mihon.example）" in out and "privacy@\u200d" not in out  # e-mail addresses stay as they are


def utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def add_cookies_policy(repo: Path, days: list[str], body) -> None:
    registry = repo / "policies.yml"
    registry.write_text(registry.read_text(encoding="utf-8") + "  - id: cookies\n    title: {ja: クッキー, en: Cookies, "
                        "zh: Cookie}\n", encoding="utf-8")
    for n, day in enumerate(days, 1):
        path = docs(repo, revision_path("ja", "cookies", day))
        path.parent.mkdir(exist_ok=True)
        path.write_text(f"---\neffective: {day}\nprovenance: published\ncaptured: {day}\n---\n\n" + body(n),
                        encoding="utf-8")


def test_the_first_change_of_every_file_is_in_the_comment_even_past_the_old_cut(repo):
    """A new policy of 63,000 characters comes first (ja/cookies before ja/privacy; under the old
    200,000-byte bound of one file, so it used to be shown whole); the edit of the revision in effect
    came after it, past the 60,000 characters the workflow cuts a comment to. The comment now fits
    itself, shows both first changes, and says what it left out."""
    add_cookies_policy(repo, ["2024-07-01"], lambda n: "".join(
        f"## 第{k}条\n\n" + "当社はクッキーを適正に管理します。" * 40 + "\n\n" for k in range(92)))
    replace(repo, JA, SENTENCE, REWORDED)
    commit(repo, "A new policy and an edit")
    result = review(repo, "main", "HEAD")
    assert result.exit_code == 0, result.output
    out = result.stdout
    first_edit = out.index("当社は、これらの情報を以下の定めに従い<del>適正に</del><ins>適切に</ins>管理します。")
    assert utf16(out) <= 60_000 and utf16(out[:first_edit]) < 60_000
    cookies = out.split("### 2. `ja/cookies/2024-07-01.md` — new revision\n", 1)[1].split("### 3.", 1)[0]
    assert "## <ins>第0条</ins>\n\n<ins>当社はクッキーを適正に管理します。" in cookies
    assert ("*… the rest of this change left out for the comment's size: read them in the HTML report (`--html`) "
            "or with `policy-redline diff`.*") in cookies
    assert out.endswith("*Left out for the comment's size: 1 change of the redlines above; the HTML report "
                        "(`--html`) shows everything.*\n")
    bigger = review(repo, "main", "HEAD", "--max-chars", "400000").stdout
    assert "Left out" not in bigger and "## <ins>第91条</ins>" in bigger


def test_many_huge_redlines_each_show_their_first_change_within_the_size(repo):
    # Each revision is about 100,000 characters, every paragraph changed at its start: nine
    # redlines, each over the whole comment's size alone (the diffs themselves stay cheap).
    add_cookies_policy(repo, [f"2024-07-0{n}" for n in range(1, 10)], lambda n: "".join(
        f"第{k}項 版{n}で" + "当社は情報を適正に管理します。" * 66 + "\n\n" for k in range(100)))
    result = review(repo, "main", "--context", "100000")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert utf16(out) <= 60_000
    sections = out.split("\n### ")[1:]
    assert len(sections) == 10  # the registry, then nine revisions
    for n, section in enumerate(sections[1:], 1):
        assert section.startswith(f"{n + 1}. `ja/cookies/2024-07-0{n}.md` — new revision"), section[:80]
        assert f"版{n}で" in section and "<ins>" in section  # its first change, at least in part
    assert "changes of the redlines above" in out or "change of the redlines above" in out
    assert review(repo, "main", "--context", "100000", "--max-chars", "9999").exit_code == 2  # under the minimum


def test_unexpected_error_exits_2_with_one_line_and_says_the_review_failed(repo, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("simulated bug\nsecond line")

    monkeypatch.setattr("policy_site.cli.redline.review_repository", broken)
    result = review(repo, "main", "--check")
    assert result.exit_code == 2
    assert result.stderr == "Error: the review failed (RuntimeError: simulated bug); nothing was reviewed\n"
    assert result.stdout.startswith("## Wording review\n\n⚠️ **The review failed**: RuntimeError: simulated bug.")


def test_diff_inside_a_site_uses_the_build_validator(repo):
    (repo / "mkdocs.yml").write_text("site_name: x\nplugins:\n  - i18n:\n      languages:\n        - locale: ja\n"
                                     "          name: 日本語\n          default: true\n        - locale: en\n          name: English\n"
                                     "        - locale: zh\n          name: 简体中文\n"
                                     "  - policy-site\n", encoding="utf-8")
    old = docs(repo, "ja/privacy/2022-04-01.md")
    new = docs(repo, JA)
    assert CliRunner().invoke(main, ["diff", str(old), str(new)]).exit_code == 0
    replace(repo, JA, SENTENCE, "当社は<script>alert(1)</script>を管理します。")
    result = CliRunner().invoke(main, ["diff", str(old), str(new)])
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: Reading policy source 'ja/privacy/2023-06-15.md': line ")
    assert "raw HTML '<script>' is not allowed in a policy source" in result.stderr
    link = docs(repo, "ja/privacy/2024-07-01.md")
    link.symlink_to(old)
    result = CliRunner().invoke(main, ["diff", str(old), str(link)])
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: Checking docs 'ja/privacy/2024-07-01.md': is a symbolic link")
    other = repo / "elsewhere" / "new.md"
    other.parent.mkdir()
    other.write_text("# x\n\n<b>raw</b>\n", encoding="utf-8")
    assert CliRunner().invoke(main, ["diff", str(old), str(other)]).exit_code == 0  # outside a site: any Markdown


def test_a_glossary_change_is_reviewed_as_data_not_site_code(repo):
    (repo / "glossary.yml").write_text("terms:\n  - {ja: 個人情報, en: personal information, zh: 个人信息}\n",
                                       encoding="utf-8")
    commit(repo, "The glossary")
    git(repo, "branch", "-f", "main", "HEAD")
    glossary = repo / "glossary.yml"
    glossary.write_text(glossary.read_text(encoding="utf-8") + "# a note for translators\n", encoding="utf-8")
    commit(repo, "Glossary note")
    result = review(repo, "main", "HEAD", "--check")
    assert result.exit_code == 0, result.stdout
    assert rows(result.stdout) == ["| 1 | `glossary.yml` | glossary | +1 −0 lines | — |"]
    assert "~~~diff\n--- main\n+++ HEAD\n@@ " in result.stdout and "\n+# a note for translators\n~~~\n" in result.stdout
    assert "Site code changed" not in result.stdout


def test_diff_of_a_sites_files_puts_its_columns_in_the_sites_order(repo):
    """`column_order` is read by `policy-redline diff` on a site's files too, as by the build."""
    old, new = docs(repo, "ja/privacy/2022-04-01.md"), docs(repo, JA)
    args = ["diff", "--view", "side-by-side", str(old), str(new)]
    heads = re.compile(r'<th scope="col" class="(redline-(?:new|old))">')
    assert heads.findall(CliRunner().invoke(main, args).stdout) == ["redline-new", "redline-old"]  # the 新旧対照表
    config = repo / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert text.count("  - policy-site:\n") == 1
    config.write_text(text.replace("  - policy-site:\n", "  - policy-site:\n      column_order: {ja: old-new}\n"),
                      encoding="utf-8")
    assert heads.findall(CliRunner().invoke(main, args).stdout) == ["redline-old", "redline-new"]


# ------------------------------------------------------------------------------------------------
# What the reviewer reads first and the front matter (#23 item 9)

def test_the_headline_counts_every_flag_the_site_check_included(repo):
    from policy_site.review.site_check import SiteCheck

    add_revision(repo, JA, "ja/privacy/2024-07-01.md", old="アクセス記録、", new="アクセス記録、端末識別子、")
    commit(repo, "Privacy policy of 2024-07-01")
    result = review_repository(repo, "main", "pr", review_date=date(2024, 5, 1))
    flags = sum(len(item.flags) for item in result.files)
    assert flags >= 1  # the translations are missing
    assert f"**1 policy source changed, {flags} flag{'s' if flags != 1 else ''}** — see ⚠️ below." \
        in render_review_markdown(result)
    result.site = SiteCheck(ran=True, errors=["the site does not build at HEAD (CI's strict build fails): x"])
    comment = render_review_markdown(result)
    assert f"**1 policy source changed, {flags + 1} flags** — see ⚠️ below." in comment
    assert "- ⚠️ **Flagged:** the site does not build at HEAD" in comment
    assert f"1 policy source changed, {flags + 1} flags." in render_review_html(result)
    for item in result.files:
        item.flags.clear()
    comment = render_review_markdown(result)
    assert "nothing flagged" not in comment and "**1 policy source changed, 1 flag** — see ⚠️ below." in comment
    assert "1 policy source changed, 1 flag." in render_review_html(result)


def test_a_changed_basis_is_shown_entry_by_entry(repo):
    path = docs(repo, "ja/privacy/2009-02-10.md")
    meta, _ = split_front_matter(path.read_text(encoding="utf-8"))
    entries = meta["basis"]
    old_inference = entries[1]["inference"]
    replace(repo, "ja/privacy/2009-02-10.md", old_inference, old_inference + "（追記）")
    commit(repo, "One inference reworded")
    out = review(repo, "main", "HEAD").stdout
    count = len(entries)
    assert f"  - `basis`: {count} entries → {count} entries\n" in out
    assert f"    - entry 2, inference: {escape_markdown(old_inference)} → {escape_markdown(old_inference)}（追記）\n" in out
    assert not any(line.startswith("  - `basis`:") and len(line) > 100 for line in out.splitlines())
    assert sum(line.startswith("    - entry ") for line in out.splitlines()) == 1  # only the entry that changed


def test_a_new_revisions_basis_is_listed_entry_by_entry_in_the_comment_and_the_report(repo, tmp_path):
    from bs4 import BeautifulSoup

    text = docs(repo, "ja/privacy/2009-02-10.md").read_text(encoding="utf-8")
    (repo / "docs" / "ja" / "privacy" / "2009-02-10.md").unlink()
    commit(repo, "Without the reconstruction")
    git(repo, "branch", "-f", "main", "HEAD")
    docs(repo, "ja/privacy/2009-02-10.md").write_text(text, encoding="utf-8")
    commit(repo, "The reconstruction")
    report = tmp_path / "report.html"
    out = review(repo, "main", "HEAD", "--html", str(report)).stdout
    entries = split_front_matter(text)[0]["basis"]
    assert f"  - `basis`: {len(entries)} entries\n" in out
    assert f"    - entry 1, evidence: {escape_markdown(entries[0]['evidence'])}\n" in out
    rows_html = BeautifulSoup(report.read_text(encoding="utf-8"), "html.parser").select("table.review-meta tr")
    keys = [row.th.get_text() for row in rows_html[1:]]
    assert "basis entry 1, evidence" in keys and "basis" in keys

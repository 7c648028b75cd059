"""``policy-redline review --build``: the review builds the reviewed sources with BASE's generator,
compares with HEAD's site when given one (or, with ``--trust-head``, built here), fails closed on a
side it cannot build, and says "site code changed" for every change outside the sources. One real
git repository (the project with the minimal fixture site and its own ``src/``), several pull
requests against it, real strict builds."""

from __future__ import annotations

import hashlib
import re
import shutil

import pytest
from click.testing import CliRunner

from conftest import ROOT, make_project
from policy_site.cli.redline import main
from policy_site.review.site_check import load_visible_text
from policy_site.sources.revision import revision_path
from test_review import commit, git

SOURCE = "docs/ja/sample/2020-01-01.md"
WORDING = "当社は、個人情報を適正に取り扱います。"


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    repo = make_project(tmp_path_factory.mktemp("site-review") / "repo", "minimal")
    shutil.copytree(ROOT / "src", repo / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    git(repo, "init", "-q", "-b", "main")
    commit(repo, "Published")
    return repo


@pytest.fixture
def pr(project):
    """A fresh branch ``pr`` from main; left on main afterwards."""
    git(project, "checkout", "-q", "-B", "pr", "main")
    yield project
    git(project, "reset", "-q", "--hard")
    git(project, "clean", "-q", "-fdx")
    git(project, "checkout", "-q", "main")


def review(repo, *args):
    return CliRunner().invoke(main, ["review", "--repo", str(repo), "main", "HEAD", "--check",
                                     "--review-date", "2026-01-01", *args], env={"SOURCE_DATE_EPOCH": "1767225600"})


HOOK_OLD = "        return render_policy_markdown(catalog, spec, locale)"
HOOK_NEW = '        return render_policy_markdown(catalog, spec, locale).replace("適正に", "必要に応じて")'
SITE_CODE = "⚠️ **Site code changed: the wording review cannot certify what readers will see.**"


def add_reviewed_revision(repo, wording="適切に"):
    """A new revision 2021-01-01 of the sample policy (notice waived) and its translations."""
    text = (repo / SOURCE).read_text(encoding="utf-8").replace("2020-01-01", "2021-01-01")
    text = text.replace("captured:", 'notice_waived: "a test fixture"\ncaptured:')
    (repo / "docs/ja/sample/2021-01-01.md").write_text(text.replace("適正に", wording), encoding="utf-8")
    digest = hashlib.sha256((repo / "docs/ja/sample/2021-01-01.md").read_bytes()).hexdigest()
    for locale in ("en", "zh"):
        old = (repo / "docs" / revision_path(locale, "sample", "2020-01-01")).read_text(encoding="utf-8")
        new = re.sub(r'source_sha256: "?[0-9a-f]{64}"?', f'source_sha256: "{digest}"', old.replace("2020-01-01", "2021-01-01"))
        (repo / "docs" / revision_path(locale, "sample", "2021-01-01")).write_text(new, encoding="utf-8")


def edit(repo, rel, old, new):
    path = repo / rel
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= 1
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.mark.slow  # strict builds of the site
def test_a_hook_that_changes_wording_is_site_code_and_with_trust_head_its_redline_is_shown(pr):
    edit(pr, "src/policy_site/plugin/plugin.py", HOOK_OLD, HOOK_NEW)
    commit(pr, "Refactor the hook")
    result = review(pr)  # HEAD's code is not run: the change is stopped as site code
    assert result.exit_code == 3, result.output
    out = result.stdout
    assert f"{SITE_CODE} 1 file outside" in out and "\n- `src/policy_site/plugin/plugin.py`\n" in out
    assert "No wording changes: no policy source under docs/ differs." in out
    assert ("Built (strictly, as CI does) the reviewed policy sources, registry and glossary with BASE's generator: "
            "they build. HEAD's own code was not run (`--trust-head` builds HEAD as it is, which runs it).") in out
    assert "必要に応じて" not in out
    trusted = review(pr, "--trust-head")
    assert trusted.exit_code == 1, trusted.output
    assert "#### ⚠️ `sample/index.html` — published text changed outside the policy sources (page changed)" in trusted.stdout
    assert "<del>適正</del><ins>必要に応じて</ins>" in trusted.stdout or "<del>適正に</del><ins>必要に応じて</ins>" in trusted.stdout
    assert review(pr, "--no-build").exit_code == 3  # the path listing alone stops it


@pytest.mark.slow  # strict builds of the site
def test_the_site_check_reads_the_reviewed_repository_whatever_git_variables_say(pr, tmp_path, monkeypatch):
    """GIT_DIR, GIT_WORK_TREE and GIT_INDEX_FILE pointing at another repository (exported by a shell,
    a CI step or a git hook) change nothing: the changed paths, the worktrees and the builds are
    those of --repo, and the other repository is left as it was."""
    other = make_project(tmp_path / "other", "minimal")
    git(other, "init", "-q", "-b", "main")
    commit(other, "Another history")
    edit(pr, "src/policy_site/plugin/plugin.py", HOOK_OLD, HOOK_NEW)
    commit(pr, "Refactor the hook")
    monkeypatch.setenv("GIT_DIR", str(other / ".git"))
    monkeypatch.setenv("GIT_WORK_TREE", str(other))
    monkeypatch.setenv("GIT_INDEX_FILE", str(other / ".git" / "index"))
    result = review(pr, "--trust-head")
    assert result.exit_code == 1, result.output
    out = result.stdout
    assert "the site was not built" not in out and "the site does not build" not in out
    assert "#### ⚠️ `sample/index.html` — published text changed outside the policy sources (page changed)" in out
    assert "\n- `src/policy_site/plugin/plugin.py`\n" in out
    assert git(other, "worktree", "list", "--porcelain").count("worktree ") == 1
    assert git(other, "status", "--porcelain") == ""


@pytest.mark.slow  # strict builds of the site
def test_generator_and_docs_dir_moved_together_are_flagged(pr):
    # The pull request removes the build's own docs_dir check, then publishes another folder.
    edit(pr, "src/policy_site/plugin/project.py", "if (root / DOCS_DIR).is_symlink() or docs_dir != root / DOCS_DIR:",
         "if False:")
    shutil.copytree(pr / "docs", pr / "docs2")
    edit(pr, "docs2/ja/sample/2020-01-01.md", WORDING, "当社は、個人情報を自由に取り扱います。")
    digest = hashlib.sha256((pr / "docs2/ja/sample/2020-01-01.md").read_bytes()).hexdigest()
    for locale in ("en", "zh"):
        path = pr / "docs2" / revision_path(locale, "sample", "2020-01-01")
        path.write_text(re.sub(r'source_sha256: "?[0-9a-f]{64}"?', f'source_sha256: "{digest}"',
                               path.read_text(encoding="utf-8")), encoding="utf-8")
    edit(pr, "mkdocs.yml", "docs_dir: docs", "docs_dir: docs2")
    commit(pr, "Move docs")
    plain = review(pr)
    assert plain.exit_code == 3 and "- `docs2/ja/sample/2020-01-01.md`" in plain.stdout
    result = review(pr, "--trust-head")
    out = result.stdout
    assert result.exit_code == 1
    assert "the site does not build" not in out
    assert "#### ⚠️ `sample/index.html` — published text changed outside the policy sources (page changed)" in out
    assert "<del>適正に</del><ins>自由に</ins>" in out
    assert "- `mkdocs.yml`" in out and "- `src/policy_site/plugin/project.py`" in out


@pytest.mark.slow  # strict builds of the site
def test_a_symlinked_revision_is_flagged_and_the_head_build_fails(pr):
    (pr / "notes").mkdir()
    (pr / "notes" / "2021-01-01.md").write_text(
        (pr / SOURCE).read_text(encoding="utf-8").replace("2020-01-01", "2021-01-01").replace(WORDING, "差し替え。"),
        encoding="utf-8")
    (pr / "docs/ja/sample/2021-01-01.md").symlink_to("../../../notes/2021-01-01.md")
    commit(pr, "Link")
    result = review(pr, "--trust-head")
    assert result.exit_code == 1
    assert "not a policy source: is a symbolic link" in result.stdout
    assert "- `docs/ja/sample/2021-01-01.md`\n- `notes/2021-01-01.md`" in result.stdout  # neither is a source
    assert ("- ⚠️ **Flagged:** the site does not build at HEAD (CI's strict build fails): Checking docs "
            "'ja/sample/2021-01-01.md': is a symbolic link") in result.stdout


@pytest.mark.slow  # strict builds of the site
def test_a_reviewed_source_change_alone_is_clean_and_builds_once(pr):
    add_reviewed_revision(pr)
    commit(pr, "New revision")
    result = review(pr)
    out = result.stdout
    assert result.exit_code == 0, out
    assert "they build. HEAD's own code was not run" in out
    assert "Site code changed" not in out and "published text changed outside the policy sources" not in out
    trusted = review(pr, "--trust-head")
    assert trusted.exit_code == 0, trusted.stdout
    assert "no page differs: everything published comes from the reviewed sources." in trusted.stdout


@pytest.mark.slow  # strict builds of the site
def test_a_comment_in_the_generator_is_site_code_too(pr):
    edit(pr, "src/policy_site/plugin/plugin.py", '"""The MkDocs plugin', '"""The MkDocs plugin (comment changed)')
    add_reviewed_revision(pr)
    commit(pr, "New revision and a comment")
    result = review(pr)
    assert result.exit_code == 3, result.stdout
    assert "**3 policy sources changed, 1 flag** — see ⚠️ below." in result.stdout  # the site code
    assert f"{SITE_CODE} 1 file outside" in result.stdout and "- `src/policy_site/plugin/plugin.py`" in result.stdout


def test_visible_text_leaves_out_scripts_styles_and_hidden_elements():
    html = ("<html><head><title>T</title><style>p{}</style></head><body><p>見える<script>x()</script></p>"
            "<div hidden><p>隠れた</p></div><ul><li>一</li><li>二</li></ul></body></html>")
    assert load_visible_text(html) == "T\n\n見える\n\n一\n\n二"


def build_head_site(repo, tmp_path):
    """HEAD's site built as the pull request's own CI job builds it, outside the review."""
    from policy_site.review.site_check import build_site

    site = tmp_path / "head-site"
    assert build_site(repo, site, epoch="1767225600") is None
    return site


@pytest.mark.slow  # strict builds of the site
def test_a_head_site_built_elsewhere_gives_the_same_review_as_building_head(pr, tmp_path):
    edit(pr, "src/policy_site/plugin/plugin.py", HOOK_OLD, HOOK_NEW)
    commit(pr, "Refactor the hook")
    site = build_head_site(pr, tmp_path)
    given = review(pr, "--head-site", str(site))
    built = review(pr, "--trust-head")
    assert given.exit_code == built.exit_code == 1, given.output
    here = "and HEAD as it is (--trust-head: its code ran here), then"
    elsewhere = "and took HEAD's site as its own CI job built it (read as data, never run), then"
    assert here in built.stdout and elsewhere in given.stdout
    assert given.stdout == built.stdout.replace(here, elsewhere)
    assert "#### ⚠️ `sample/index.html` — published text changed outside the policy sources (page changed)" in given.stdout


@pytest.mark.slow  # strict builds of the site
def test_a_tampered_or_missing_head_site_is_flagged(pr, tmp_path):
    add_reviewed_revision(pr)
    commit(pr, "New revision")
    site = build_head_site(pr, tmp_path)
    clean = review(pr, "--head-site", str(site))
    assert clean.exit_code == 0, clean.stdout
    assert "no page differs: everything published comes from the reviewed sources." in clean.stdout
    page = site / "sample" / "2020-01-01" / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("適正に", "自由に"), encoding="utf-8")
    tampered = review(pr, "--head-site", str(site))
    assert tampered.exit_code == 1
    assert ("#### ⚠️ `sample/2020-01-01/index.html` — published text changed outside the policy sources "
            "(page changed)") in tampered.stdout
    assert "<del>適正</del><ins>自由</ins>" in tampered.stdout or "<del>適正に</del><ins>自由に</ins>" in tampered.stdout
    missing = review(pr, "--head-site", str(tmp_path / "nowhere"))
    assert missing.exit_code == 1
    assert "- ⚠️ **Flagged:** the site does not build at HEAD (CI's strict build fails): no built site in " in missing.stdout
    assert "nowhere' (no index.html)" in missing.stdout


def test_head_site_without_build_is_a_usage_error(pr, tmp_path):
    result = review(pr, "--no-build", "--head-site", str(tmp_path))
    assert result.exit_code == 2
    assert "--head-site needs --build" in result.output
    for args in (["--no-build", "--trust-head"], ["--trust-head", "--head-site", str(tmp_path)]):
        result = review(pr, *args)
        assert result.exit_code == 2 and "--trust-head needs --build and no --head-site" in result.output


@pytest.mark.slow  # strict builds of the site
def test_the_comment_workflows_data_clone_and_head_site_give_the_review(pr, tmp_path):
    """As "PR comment" runs it: the commits fetched by SHA into a clone with no checkout and hooks
    disabled, the site built by the pull request's own job, the build date from the head commit."""
    edit(pr, "src/policy_site/plugin/plugin.py", HOOK_OLD, HOOK_NEW)
    commit(pr, "Refactor the hook")
    site = build_head_site(pr, tmp_path)
    base = git(pr, "rev-parse", "main").strip()
    head = git(pr, "rev-parse", "HEAD").strip()
    data = tmp_path / "pr-data"
    git(tmp_path, "init", "-q", str(data))
    git(data, "config", "core.hooksPath", "/dev/null")
    git(data, "-c", "core.hooksPath=/dev/null", "fetch", "-q", "--no-tags", str(pr), base, head)
    assert sorted(p.name for p in data.iterdir()) == [".git"]
    result = CliRunner().invoke(main, ["review", "--repo", str(data), base, head, "--build", "--head-site", str(site),
                                       "--check", "--review-date", "2026-01-01"], env={"SOURCE_DATE_EPOCH": "1767225600"})
    assert result.exit_code == 1, result.output
    assert "#### ⚠️ `sample/index.html` — published text changed outside the policy sources (page changed)" in result.stdout
    assert "- `src/policy_site/plugin/plugin.py`" in result.stdout
    assert sorted(p.name for p in data.iterdir()) == [".git"]  # nothing was checked out there

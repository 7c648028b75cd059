"""Everything outside the policy sources, the registry and the glossary can change what readers get:
each such pull request ends stopped. The review says "site code changed", names the files, and its
outcome is not success (exit 3: a code owner must approve); a configuration it cannot build from is
flagged (exit 1). One real git repository (the project's configuration, scripts, pins and ``src/``
with the minimal fixture site), one branch per case, the review as CI runs it (with the build)."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner

from conftest import ROOT, make_project
from policy_site.cli.redline import main
from test_review import commit, git
from test_review_site import pr, review  # noqa: F401  (pr: the fixture, on this module's project)

SITE_CODE = "⚠️ **Site code changed: the wording review cannot certify what readers will see.**"


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    repo = make_project(tmp_path_factory.mktemp("site-code") / "repo", "minimal")
    shutil.copytree(ROOT / "src", repo / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    shutil.copytree(ROOT / "scripts", repo / "scripts")
    for name in ("requirements.txt", "requirements-test.txt", "package.json", "pyproject.toml"):
        shutil.copy2(ROOT / name, repo / name)
    git(repo, "init", "-q", "-b", "main")
    commit(repo, "Published")
    return repo


def append(repo, rel, text):
    path = repo / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text((path.read_text(encoding="utf-8") if path.exists() else "") + text, encoding="utf-8")


def replace(repo, rel, old, new):
    path = repo / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {rel}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


LATER_HOOK = ('        markdown = render_policy_markdown(catalog, spec, locale)\n'
              '        import datetime\n'
              '        if datetime.date.today() > datetime.date(2027, 1, 1):\n'
              '            markdown = markdown.replace("適正に", "必要に応じて")\n'
              '        return markdown')
HIDDEN_HOOK = ('        return render_policy_markdown(catalog, spec, locale).replace(\n'
               '            "適正に", \'適正に<span hidden>（ただし当社の判断で変更できます）</span>\')')

# name -> (the change, the paths the review must name)
CHANGES = {
    "build script": (lambda r: append(r, "scripts/build.sh", "sed -i 's/適正に/自由に/' site/*/index.html\n"),
                     ["scripts/build.sh"]),
    "test file the publish job runs": (lambda r: append(r, "tests/test_setup.py", "import os\nos.system('true')\n"),
                                       ["tests/test_setup.py"]),
    "dependency pin": (lambda r: replace(r, "requirements.txt", "mkdocs-material==9.8.2", "mkdocs-material==9.8.1"),
                       ["requirements.txt"]),
    "npm package list": (lambda r: replace(r, "package.json", '"axe-core": "4.14.1"', '"axe-core": "4.14.0"'),
                         ["package.json"]),
    "CI entry script": (lambda r: append(r, ".ci/run", "#!/bin/sh\nbash scripts/build.sh\n"), [".ci/run"]),
    "template": (lambda r: replace(r, "src/policy_site/theme/main.html", "{% extends", "<p>お知らせ</p>\n{% extends"),
                 ["src/policy_site/theme/main.html"]),
    "JS that rewrites text": (lambda r: append(r, "src/policy_site/theme/assets/history.js",
                                               "document.body.innerHTML = document.body.innerHTML.replace('適正に', '自由に');\n"),
                              ["src/policy_site/theme/assets/history.js"]),
    "CSS rule that hides": (lambda r: append(r, "src/policy_site/theme/assets/site.css", ".md-content p:nth-of-type(2) { display: none }\n"),
                            ["src/policy_site/theme/assets/site.css"]),
    "CSS that injects text": (lambda r: append(r, "src/policy_site/theme/assets/site.css", "h1::after { content: '（任意）' }\n"),
                              ["src/policy_site/theme/assets/site.css"]),
    "CSS that loads remote styles": (lambda r: append(r, "src/policy_site/theme/assets/redline.css", "@import url(https://example.com/x.css);\n"),
                                     ["src/policy_site/theme/assets/redline.css"]),
    "hook that changes wording only later": (
        lambda r: replace(r, "src/policy_site/plugin/plugin.py",
                          "        return render_policy_markdown(catalog, spec, locale)", LATER_HOOK),
        ["src/policy_site/plugin/plugin.py"]),
    "hook that changes wording only in hidden elements": (
        lambda r: replace(r, "src/policy_site/plugin/plugin.py",
                          "        return render_policy_markdown(catalog, spec, locale)", HIDDEN_HOOK),
        ["src/policy_site/plugin/plugin.py"]),
    "a theme folder of its own": (lambda r: (append(r, "theme/404.html", "{% extends \"main.html\" %}\n"),
                                             replace(r, "mkdocs.yml", "  name: material\n",
                                                     "  name: material\n  custom_dir: theme\n")),
                                  ["mkdocs.yml", "theme/404.html"]),
    "CSS of the site's own under docs/assets": (lambda r: append(r, "docs/assets/extra.css", "p { display: none }\n"),
                                                ["docs/assets/extra.css"]),
    "workflow of its own": (lambda r: append(r, ".github/workflows/status.yml", "on: pull_request\n"),
                            [".github/workflows/status.yml"]),
}


@pytest.mark.slow  # one strict build per case
@pytest.mark.parametrize("change", CHANGES, ids=list(CHANGES))
def test_a_change_outside_the_sources_is_site_code_and_not_success(pr, change):
    make, named = CHANGES[change]
    make(pr)
    commit(pr, change)
    result = review(pr)
    assert result.exit_code == 3, result.stdout
    out = result.stdout
    assert SITE_CODE in out
    for path in named:
        assert f"\n- `{path}`\n" in out
    assert "No wording changes: no policy source under docs/ differs." in out
    assert "they build. HEAD's own code was not run" in out  # the reviewed sources with BASE's generator


@pytest.mark.parametrize(("name", "make", "message"), [
    ("renamed configuration", lambda r: git(r, "mv", "mkdocs.yml", "mkdocs.yaml"),
     "HEAD has no mkdocs.yml but mkdocs.yaml: the build and CI read mkdocs.yml only, so what HEAD publishes "
     "cannot be checked; name the configuration mkdocs.yml"),
    ("second configuration", lambda r: shutil.copy2(r / "mkdocs.yml", r / "mkdocs.yaml"),
     "HEAD has mkdocs.yaml besides mkdocs.yml: a build without -f may read either; remove mkdocs.yaml"),
    ("missing configuration", lambda r: git(r, "rm", "-q", "mkdocs.yml"),
     "HEAD has no mkdocs.yml: the site cannot be built, so what it publishes cannot be checked"),
])
def test_a_configuration_the_review_cannot_build_from_fails_closed(pr, name, make, message):
    make(pr)
    commit(pr, name)
    result = review(pr)
    assert result.exit_code == 1, result.stdout
    assert f"- ⚠️ **Flagged:** {message}\n" in result.stdout
    assert "Not built: the site was not built; this is flagged." in result.stdout
    assert SITE_CODE in result.stdout


def test_a_base_without_configuration_fails_closed_too(tmp_path):
    repo = make_project(tmp_path / "repo", "minimal")
    (repo / "mkdocs.yml").unlink()
    git(repo, "init", "-q", "-b", "main")
    commit(repo, "No configuration")
    result = CliRunner().invoke(main, ["review", "--repo", str(repo), "main", "HEAD", "--check",
                                       "--review-date", "2026-01-01"])
    assert result.exit_code == 1
    assert "- ⚠️ **Flagged:** BASE has no mkdocs.yml: the site cannot be built" in result.stdout


def test_the_build_script_builds_the_configuration_the_review_reads():
    """``scripts/build.sh`` names ``-f mkdocs.yml``: without it MkDocs would build from mkdocs.yaml."""
    lines = [line for line in (ROOT / "scripts" / "build.sh").read_text(encoding="utf-8").splitlines()
             if "mkdocs build" in line and not line.lstrip().startswith("#")]
    assert len(lines) == 1 and " -f mkdocs.yml " in lines[0], lines

"""Pull requests that try to publish what the wording review does not show, or to run code in a
reader's browser: each stops the strict build with one line naming the file (no traceback), and
``policy-redline review BASE HEAD --check`` flags it (exit 1).

Each case is a real git repository (the project's configuration with the ``minimal`` fixture site
committed on ``main``), a branch ``pr`` with the attack committed, a real strict build and the real
review command.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import build_site, make_project
from policy_site.cli.redline import main
from policy_site.sources.revision import revision_path
from test_review import commit, git

REV = "docs/ja/sample/2020-01-01.md"
GOOD = "---\neffective: {d}\nprovenance: published\ncaptured: 2024-06-29\n---\n\n# 見本方針\n\n{body}\n"


def write(repo: Path, rel: str, text: str | bytes) -> None:
    path = repo / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")


def revision(day: str = "2021-01-01", body: str = "本文。", **extra: str) -> str:
    text = GOOD.format(d=day, body=body)
    for key, value in extra.items():
        text = text.replace("captured:", f"{key}: {value}\ncaptured:", 1)
    return text


def link(repo: Path, rel: str, target: str) -> None:
    path = repo / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to(target)


def edit_body(repo: Path, body: str) -> None:
    """A new revision (so the review would not flag an edit in place) whose body is ``body``."""
    write(repo, "docs/ja/sample/2021-01-01.md", revision(body=body))


ALIAS_BOMB = ('a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n'
              'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n'
              'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n'
              'g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\nnote: [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n')

DOCS_DIR_MOVED = (
    lambda r: (write(r, "docs2/ja/sample/2020-01-01.md", revision("2020-01-01", body="差し替えた本文。")),
               write(r, "mkdocs.yml", (r / "mkdocs.yml").read_text(encoding="utf-8").replace(
                   "docs_dir: docs", "docs_dir: docs2"))),
    "Reading settings in 'mkdocs.yml': 'docs_dir' must be the folder 'docs' next to mkdocs.yml",
)

# name -> (how to make the attack, the line the strict build prints)
ATTACKS = {
    "symlinked revision": (
        lambda r: (write(r, "notes/draft.md", revision()), link(r, "docs/ja/sample/2021-01-01.md", "../../../notes/draft.md")),
        "Checking docs 'ja/sample/2021-01-01.md': is a symbolic link; put the file itself in the repository",
    ),
    "symlinked folder": (
        lambda r: (write(r, "notes/2021-01-01.md", revision()), link(r, "docs/ja/extra", "../../notes")),
        "Checking docs 'ja/extra': is a symbolic link",
    ),
    "upper-case suffix": (
        lambda r: write(r, "docs/ja/sample/2021-01-01.MD", revision()),
        "Reading policy source 'ja/sample/2021-01-01.MD': has the suffix '.MD'; name revisions YYYY-MM-DD.md",
    ),
    "markdown suffix": (
        lambda r: write(r, "docs/ja/sample/2021-01-01.markdown", revision()),
        "Reading policy source 'ja/sample/2021-01-01.markdown': has the suffix '.markdown'",
    ),
    "stray page in a locale": (
        lambda r: write(r, "docs/ja/notice.md", "# お知らせ\n"),
        "Checking docs 'ja/notice.md': is not a policy revision; only docs/<locale>/<policy>/<YYYY-MM-DD>.md",
    ),
    "stray page in a sub-folder": (
        lambda r: write(r, "docs/ja/sample/sub/x.md", "# x\n"),
        "Checking docs 'ja/sample/sub/x.md': is not a policy revision",
    ),
    "stray page at the root": (
        lambda r: write(r, "docs/extra.md", "# extra\n"),
        "Checking docs 'extra.md': is not a policy revision",
    ),
    "stray script": (
        lambda r: write(r, "docs/assets/x.js", "alert(1)\n"),
        "Checking docs 'assets/x.js': is not a stylesheet of the site",
    ),
    "unknown locale folder": (
        lambda r: write(r, "docs/fr/sample/2020-01-01.md", revision("2020-01-01")),
        "Checking docs 'fr/sample/2020-01-01.md': unknown locale folder 'fr'",
    ),
    "non-UTF-8 file name": (
        lambda r: (r / "docs" / "ja" / "sample").joinpath(os.fsdecode(b"\xff.md")).write_text("x", encoding="utf-8"),
        "Checking docs 'ja/sample/\\xff.md': the file name is not UTF-8",
    ),
    "unregistered policy folder": (
        lambda r: write(r, "docs/ja/cookies/2021-01-01.md", revision()),
        "Reading policy source 'ja/cookies/2021-01-01.md': unknown policy 'cookies'",
    ),
    "English text claiming to be published": (
        lambda r: write(r, "docs/en/sample/2020-01-01.md", revision("2020-01-01")),
        "Reading policy source 'en/sample/2020-01-01.md': a revision in 'en' must say 'provenance: translation': en translates ja",
    ),
    "script element": (
        lambda r: edit_body(r, "本文。\n\n<script>alert(1)</script>"),
        "Reading policy source 'ja/sample/2021-01-01.md': line 11: raw HTML '<script>' is not allowed",
    ),
    "image with an event handler": (
        lambda r: edit_body(r, "本文 <img src=x onerror=alert(1)>。"),
        "Reading policy source 'ja/sample/2021-01-01.md': line 9: raw HTML '<img src=x onerror=alert(1)>'",
    ),
    "javascript link": (
        lambda r: edit_body(r, "[こちら](javascript:alert(document.cookie))"),
        "Reading policy source 'ja/sample/2021-01-01.md': line 9: link target 'javascript:alert(document.cookie)' "
        "is not allowed; links may use https:, http:, mailto: or a path inside the site",
    ),
    "event handler through an attribute list": (
        lambda r: edit_body(r, "本文。\n{onclick=alert(1)}"),
        "Reading policy source 'ja/sample/2021-01-01.md': line 10: the attribute list '{onclick=alert(1)}'",
    ),
    "redline slot comment": (
        lambda r: edit_body(r, "<!-- policy-redline-slot 0 -->"),
        "Reading policy source 'ja/sample/2021-01-01.md': line 9: raw HTML '<!-- policy-redline-slot 0 -->'",
    ),
    "markup in a registry title": (
        lambda r: write(r, "policies.yml", "policies:\n  - id: sample\n    title: {ja: '見本<img src=x onerror=alert(1)>', "
                                           "en: Sample, zh: 样本}\n"),
        "Reading policy registry 'policies.yml': the ja title of 'sample' contains '<'; titles are plain text",
    ),
    "YAML alias bomb": (
        lambda r: write(r, "docs/ja/sample/2021-01-01.md", revision().replace("captured:", ALIAS_BOMB + "captured:")),
        "Reading policy source 'ja/sample/2021-01-01.md': front matter uses an anchor ('&') at line 4; "
        "write plain values (no anchors, aliases or tags)",
    ),
    "YAML tag": (
        lambda r: write(r, "docs/ja/sample/2021-01-01.md", revision(note="!!python/name:os.system")),
        "Reading policy source 'ja/sample/2021-01-01.md': front matter uses a tag ('!') at line 4",
    ),
    "NUL byte": (
        lambda r: edit_body(r, "本文\x00。"),
        "Reading policy source 'ja/sample/2021-01-01.md': line 9: control character U+0000 is not allowed",
    ),
    "bidirectional override": (
        lambda r: edit_body(r, "本文\u202e。"),
        "Reading policy source 'ja/sample/2021-01-01.md': line 9: control character U+202E is not allowed",
    ),
    "source over 1 MB": (
        lambda r: edit_body(r, "本文。" * 120_000),
        "Reading policy source 'ja/sample/2021-01-01.md': is 1,080,", 
    ),
    "effective date before 1990": (
        lambda r: write(r, "docs/ja/sample/1989-12-31.md", revision("1989-12-31")),
        "Reading policy source 'ja/sample/1989-12-31.md': 'effective: 1989-12-31' is outside 1990-01-01",
    ),
}


@pytest.fixture
def site_repo(tmp_path: Path) -> Path:
    """The project's configuration with the minimal fixture site, committed on ``main``, on branch ``pr``."""
    repo = make_project(tmp_path / "repo", "minimal")
    git(repo, "init", "-q", "-b", "main")
    commit(repo, "Published")
    git(repo, "checkout", "-q", "-b", "pr")
    return repo


@pytest.mark.slow  # one strict build per attack
@pytest.mark.parametrize("attack", ATTACKS, ids=list(ATTACKS))
def test_attack_stops_the_build_in_one_line_and_the_review_flags_it(site_repo, tmp_path, attack):
    make, message = ATTACKS[attack]
    make(site_repo)
    commit(site_repo, attack)
    site = tmp_path / "site"
    built = build_site(site_repo, site, env={"SOURCE_DATE_EPOCH": "1767225600"})
    assert built.returncode != 0
    assert message in built.stderr, built.stderr
    assert "Traceback" not in built.stderr
    errors = [line for line in built.stderr.splitlines() if line.startswith("ERROR")]
    assert len(errors) == 1 and "\n" not in errors[0], built.stderr
    assert not (site / "sample").exists(), "a failed build must not leave policy pages behind"
    result = CliRunner().invoke(main, ["review", "--repo", str(site_repo), "--no-build", "main", "HEAD", "--check"])
    assert result.exit_code == 1, result.output
    assert "⚠️" in result.stdout


def test_front_matter_text_reaches_the_page_as_inert_text(site_repo, tmp_path):
    """Front-matter values shown to readers (an archive reference here; basis entries use the same
    escaping) are text: markup in them is shown, never run."""
    import hashlib
    import re

    hostile = "<img src=x onerror=alert(1)> *web* [x](javascript:alert(1))"
    ja = site_repo / "docs/ja/sample/2019-01-01.md"
    ja.write_text((site_repo / REV).read_text(encoding="utf-8").replace("2020-01-01", "2019-01-01").replace(
        "provenance: published\n", f"provenance: archived\nsource: '{hostile}'\n"), encoding="utf-8")
    digest = hashlib.sha256(ja.read_bytes()).hexdigest()
    for locale in ("en", "zh"):
        text = (site_repo / "docs" / revision_path(locale, "sample", "2020-01-01")).read_text(encoding="utf-8")
        text = re.sub(r'source_sha256: "?[0-9a-f]{64}"?', f'source_sha256: "{digest}"', text)
        write(site_repo, "docs/" + revision_path(locale, "sample", "2019-01-01"), text.replace("2020-01-01", "2019-01-01"))
    built = build_site(site_repo, tmp_path / "site", env={"SOURCE_DATE_EPOCH": "1767225600"})
    assert built.returncode == 0, built.stderr
    page = (tmp_path / "site" / "sample" / "2019-01-01" / "index.html").read_text(encoding="utf-8")
    assert "<img src=x" not in page and 'href="javascript:' not in page
    assert "&lt;img src=x onerror=alert(1)&gt; *web* [x](javascript:alert(1))" in page

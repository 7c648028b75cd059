"""``policy-redline diff``: the contract (output, defaults, exit codes and messages) with real files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from policy_site.cli.redline import main

OLD = "---\neffective: 2022-04-01\nprovenance: published\n---\n\n# 方針\n\n当社は個人情報を適切に保管します。\n"
NEW = "---\neffective: 2023-06-15\nprovenance: published\n---\n\n# 方針\n\n当社は個人情報を適切に保存します。\n"


@pytest.fixture
def revisions(tmp_path: Path) -> tuple[Path, Path]:
    old, new = tmp_path / "2022-04-01.md", tmp_path / "2023-06-15.md"
    old.write_text(OLD, encoding="utf-8")
    new.write_text(NEW, encoding="utf-8")
    return old, new


def run(*args: str):
    return CliRunner().invoke(main, ["diff", *map(str, args)])


def test_diff_prints_inline_html_fragment_by_default(revisions):
    result = run(*revisions)
    assert result.exit_code == 0, result.output
    assert result.output.startswith('<div class="redline redline-inline" lang="ja">')
    assert "<del><span class=\"redline-sr\">［削除］</span>保管します。" in result.output
    assert "effective" not in result.output  # front matter is not part of the redlined text


def test_diff_prints_side_by_side_markdown_and_json(revisions):
    side = run(*revisions, "--view", "side-by-side")
    assert side.exit_code == 0 and '<table class="redline-sbs">' in side.output and "改定前" in side.output
    markdown = run(*revisions, "--format", "markdown")
    assert markdown.exit_code == 0 and "<del>保管します。</del><ins>保存します。</ins>" in markdown.output
    data = json.loads(run(*revisions, "--format", "json").output)
    assert data["changed"] is True and [b["op"] for b in data["blocks"]] == ["unchanged", "changed"]


def test_diff_language_comes_from_option_then_folder_then_ja(tmp_path, revisions):
    assert 'lang="en"' in run(*revisions, "--lang", "en").output
    folder = tmp_path / "docs" / "zh" / "privacy"
    folder.mkdir(parents=True)
    new = folder / "2023-06-15.md"
    new.write_text(NEW, encoding="utf-8")
    assert 'lang="zh"' in run(revisions[0], new).output
    assert 'lang="ja"' in run(*revisions).output


def test_diff_says_so_and_exits_0_when_nothing_changed(revisions):
    old, _ = revisions
    html = run(old, old)
    assert html.exit_code == 0 and '<p class="redline-note">変更はありません。</p>' in html.output
    markdown = run(old, old, "--format", "markdown", "--lang", "en")
    assert markdown.exit_code == 0 and markdown.output == "No changes.\n"
    assert json.loads(run(old, old, "--format", "json").output)["changed"] is False


@pytest.mark.parametrize(("content", "message"), [
    (None, "no such file; check the path"),
    (b"\xff\xfe\x00bad", "is not UTF-8 text; save it as UTF-8"),
    (b"ok\x00text", "is not UTF-8 text (it contains NUL bytes)"),
    ("---\neffective: [2023\n---\nbody\n".encode(), "front matter is not valid YAML at line"),
    (b"---\neffective: 2023-06-15\nbody never closed\n", "front matter opened with '---' is never closed"),
    (b"---\n- a list\n---\nbody\n", "front matter must be a YAML mapping"),
])
def test_diff_exits_2_with_one_line_naming_the_file_and_the_fix(tmp_path, revisions, content, message):
    bad = tmp_path / "bad.md"
    if content is not None:
        bad.write_bytes(content)
    for args in ((bad, revisions[1]), (revisions[0], bad)):
        result = run(*args)
        assert result.exit_code == 2
        assert result.stdout == ""
        lines = result.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith(f"Error: Reading revision '{bad}': ") and message in lines[0]


def test_diff_refuses_a_directory_with_exit_2(tmp_path, revisions):
    result = run(tmp_path, revisions[1])
    assert result.exit_code == 2 and "is a directory; pass a Markdown file" in result.stderr


def test_unknown_option_values_are_usage_errors(revisions):
    assert run(*revisions, "--format", "pdf").exit_code == 2
    assert run(*revisions, "--lang", "ko").exit_code == 2


def test_help_documents_every_option():
    result = CliRunner().invoke(main, ["diff", "--help"])
    assert result.exit_code == 0
    for option in ("--view", "--format", "--lang", "--id-prefix", "新旧対照表", "Front matter is not compared"):
        assert option in result.output


def test_installed_entry_point_runs_as_a_real_process(revisions, tmp_path):
    script = Path(sys.executable).with_name("policy-redline")
    assert script.exists(), "run: pip install -e . (the policy-redline entry point is missing)"
    ok = subprocess.run([script, "diff", *map(str, revisions), "--format", "markdown"],
                        capture_output=True, text=True, encoding="utf-8")
    assert ok.returncode == 0 and "<del>保管します。</del><ins>保存します。</ins>" in ok.stdout
    missing = subprocess.run([script, "diff", str(tmp_path / "nope.md"), str(revisions[1])],
                             capture_output=True, text=True, encoding="utf-8")
    assert missing.returncode == 2 and missing.stdout == ""
    assert missing.stderr == f"Error: Reading revision '{tmp_path / 'nope.md'}': no such file; check the path\n"


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("We keep data.\n", "We store data.\n", "en"),
    ("个人信息的保护。\n", "个人信息的保存。\n", "zh"),
    ("個人情報を保管します。\n", "個人情報を保存します。\n", "ja"),
    ("---\nlang: zh\n---\n\nWe keep data.\n", "We store data.\n", "zh"),
])
def test_diff_lang_auto_follows_front_matter_then_the_text(tmp_path, old, new, expected):
    (tmp_path / "a.md").write_text(old, encoding="utf-8")
    (tmp_path / "b.md").write_text(new, encoding="utf-8")
    for args in ((), ("--lang", "auto")):
        result = run(tmp_path / "a.md", tmp_path / "b.md", *args)
        assert result.exit_code == 0 and f'lang="{expected}"' in result.output
        data = json.loads(run(tmp_path / "a.md", tmp_path / "b.md", "--format", "json", *args).output)
        assert data["locale"] == expected
    english = run(tmp_path / "a.md", tmp_path / "b.md")
    if expected == "en":
        assert "[inserted]" in english.output and "［挿入］" not in english.output


def test_console_script_fast_path_prints_what_the_click_command_prints(revisions, tmp_path):
    """The installed `policy-redline` runs a well-formed diff without importing click; its output,
    errors and exit status are those of the click command."""
    script = Path(sys.executable).with_name("policy-redline")
    cases = [(), ("--format", "json"), ("--view=side-by-side", "--lang", "en"), ("--format", "markdown")]
    for extra in cases:
        proc = subprocess.run([str(script), "diff", *map(str, revisions), *extra], capture_output=True,
                              text=True, encoding="utf-8", check=False)
        assert proc.returncode == 0
        assert proc.stdout == run(*revisions, *extra).output
    missing = subprocess.run([str(script), "diff", str(tmp_path / "nope.md"), str(revisions[1])],
                             capture_output=True, text=True, check=False)
    assert missing.returncode == 2 and missing.stderr.startswith("Error: Reading revision")
    bad_choice = subprocess.run([str(script), "diff", *map(str, revisions), "--lang", "ko"],
                                capture_output=True, text=True, check=False)
    assert bad_choice.returncode == 2 and "Invalid value for '--lang'" in bad_choice.stderr
    probe = "import sys, runpy; sys.argv = ['policy-redline', 'diff', *sys.argv[1:]];" \
            "from policy_site.cli import entry as d;\ntry: d.main()\nexcept SystemExit: pass\n" \
            "print('click' in sys.modules, 'yaml' in sys.modules, 'budoux' in sys.modules, file=sys.stderr)"
    plain = tmp_path / "plain.md"
    plain.write_text("Hello world.\n", encoding="utf-8")
    loaded = subprocess.run([sys.executable, "-c", probe, str(plain), str(plain)], capture_output=True, text=True,
                            check=False)
    assert loaded.stderr.split() == ["False", "False", "False"]

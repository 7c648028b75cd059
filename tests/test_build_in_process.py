"""The tests build in their own process (conftest.build_site) rather than by running `mkdocs build`
(conftest.run_build): both must give the same site and say the same, also when one process builds
several projects one after another (MkDocs keeps one instance of our plugin and of Material's search
per process; static-i18n swaps mkdocs.utils.clean_directory while it builds; build_site reuses the
theme's file names, and the plugin its compiled templates)."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT, build_site, make_project, run_build

pytestmark = pytest.mark.slow  # each build is made twice, once by a separate mkdocs process

EPOCH = {"SOURCE_DATE_EPOCH": "1767225600"}  # 2026-01-01: the same build date for both


def tree_bytes(site):
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def said(stderr: str, site) -> list[str]:
    """The lines a build prints, with its site folder and timings left out (they differ from run to
    run), and how many redlines it computed: in one process the plugin keeps the ones it computed
    for an earlier build, as under `mkdocs serve` (the pages are the same, compared byte for byte)."""
    stderr = re.sub(r"\d+ redlines computed", "<n> redlines computed", stderr.replace(str(site), "<site>"))
    return [re.sub(r"\d+\.\d\d ?s(econds)?\b", "<time>", line) for line in stderr.splitlines()]


def test_in_process_builds_of_several_sites_equal_separate_mkdocs_builds(tmp_path):
    projects = {name: make_project(tmp_path / name, name) for name in ("minimal", "upcoming")}
    (projects["upcoming"] / "node_modules").symlink_to(ROOT / "node_modules")  # the offline build's search shim
    # One process, one site after another (served, then as the offline bundle has it), and back.
    order = [("minimal", EPOCH), ("upcoming", {**EPOCH, "OFFLINE": "true"}), ("minimal", EPOCH)]
    for k, (name, env) in enumerate(order):
        inside = build_site(projects[name], tmp_path / f"in-{k}", env=env)
        outside = run_build(projects[name], tmp_path / f"out-{k}", env=env)
        assert (inside.returncode, outside.returncode) == (0, 0), inside.stderr + outside.stderr
        assert said(inside.stderr, tmp_path / f"in-{k}") == said(outside.stderr, tmp_path / f"out-{k}")
        a, b = tree_bytes(tmp_path / f"in-{k}"), tree_bytes(tmp_path / f"out-{k}")
        assert len(a) > 20 and a.keys() == b.keys()
        assert ("sample/history.html" in a) == ("OFFLINE" in env)  # the offline build has .html URLs
        assert [path for path in a if a[path] != b[path]] == [], name


@pytest.mark.parametrize("breakage", ["source", "setting"])
def test_a_failed_in_process_build_says_what_mkdocs_build_says(tmp_path, breakage):
    project = make_project(tmp_path / "p", "minimal")
    if breakage == "source":  # raised by the plugin during the build
        (project / "docs/ja/sample/latest.md").write_text("# 見本\n", encoding="utf-8")
    else:  # refused by MkDocs while it loads the configuration
        config = project / "mkdocs.yml"
        config.write_text(config.read_text(encoding="utf-8").replace("time_zone: Asia/Tokyo", "time_zone: Mars"),
                          encoding="utf-8")
    inside = build_site(project, tmp_path / "in")
    outside = run_build(project, tmp_path / "out")
    assert inside.returncode == outside.returncode == 1
    assert said(inside.stderr, tmp_path / "in") == said(outside.stderr, tmp_path / "out")
    assert inside.stdout == outside.stdout and "Aborted with" in inside.stdout
    assert "ERROR   -  " in inside.stderr
    # and the next build in this process is not disturbed by the one that failed
    good = make_project(tmp_path / "good", "minimal")
    assert build_site(good, tmp_path / "good-in", env=EPOCH).returncode == 0
    run_build(good, tmp_path / "good-out", env=EPOCH)
    assert tree_bytes(tmp_path / "good-in") == tree_bytes(tmp_path / "good-out")

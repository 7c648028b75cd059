"""What a build keeps between its locales and between `mkdocs serve` rebuilds: little, and bounded."""

from __future__ import annotations

import os

from conftest import make_project, reused_theme
from policy_site.site import comparisons


def build_in_process(project, site_dir):
    """One `mkdocs build` in this process, as `mkdocs serve` runs its rebuilds; the plugin instance
    that built it (MkDocs keeps one per process, as `mkdocs serve` does across rebuilds)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    previous = os.getcwd()
    os.chdir(project)
    try:
        config = load_config(str(project / "mkdocs.yml"), site_dir=str(site_dir))
        with reused_theme():  # the theme's files listed once per process, as the tests' other builds
            build(config)
    finally:
        os.chdir(previous)
    return config.plugins["policy-site"]


def test_catalog_is_read_once_per_build_and_again_when_a_source_changes(tmp_path):
    project = make_project(tmp_path / "p", "upcoming")
    from mkdocs.config import load_config

    plugin = load_config(str(project / "mkdocs.yml")).plugins["policy-site"]  # the instance every build uses
    before = plugin.catalog_loads
    assert build_in_process(project, tmp_path / "site") is plugin  # three locales
    assert plugin.catalog_loads == before + 1
    build_in_process(project, tmp_path / "site")  # a rebuild with nothing changed
    assert plugin.catalog_loads == before + 1
    ja = project / "docs/ja/sample/2028-01-01.md"
    ja.write_text(ja.read_text(encoding="utf-8").replace("保存します", "保管します"), encoding="utf-8")
    build_in_process(project, tmp_path / "site")
    assert plugin.catalog_loads == before + 2
    assert "保管します" in (tmp_path / "site/sample/2028-01-01/index.html").read_text(encoding="utf-8")


def test_history_caches_stay_within_their_limits_and_still_give_right_redlines():
    caches = comparisons.HistoryCaches(documents=4, redlines=3, renders=5)
    redlines = comparisons.Redlines(caches)
    for n in range(20):  # twenty edits of one text, as under `mkdocs serve`
        old, new = "当社は、個人情報を管理します。\n", f"当社は、個人情報を{n}回管理します。\n"
        redline = redlines.load_redline(old, new, "ja")
        fresh = comparisons.compute_redline(comparisons.parse_document(old), comparisons.parse_document(new), locale="ja")
        assert redline == fresh
        redlines.render("inline", old, new, "ja", "p-", 2)
        redlines.render("side", old, new, "ja", "p-", 2)
        assert len(caches.documents) <= 4 and len(caches.redlines) <= 3 and len(caches.renders) <= 5
    assert caches.size() == 4 + 3 + 5
    again = redlines.load_redline("当社は、個人情報を管理します。\n", "当社は、個人情報を19回管理します。\n", "ja")
    assert again is caches.redlines.recall(next(reversed(caches.redlines)))  # the newest entry was kept

"""The search-worker correction: applied once, to the real worker of the pinned Material, and
reported (not silently skipped) when a Material upgrade changes the code it corrects."""

from __future__ import annotations

import shutil
from pathlib import Path

import material

from policy_site.plugin.search import PATCHES, WORKER_GLOB, patch_search_worker

THEME = Path(material.__file__).parent / "templates"


def copy_worker(site: Path) -> Path:
    original = next(THEME.glob(WORKER_GLOB))
    target = site / original.relative_to(THEME)
    target.parent.mkdir(parents=True)
    shutil.copyfile(original, target)
    return target


def test_pinned_material_worker_is_corrected_once(tmp_path):
    worker = copy_worker(tmp_path)
    assert patch_search_worker(tmp_path) is None
    patched = worker.read_text(encoding="utf-8")
    for before, after in PATCHES:
        assert before not in patched and patched.count(after) == 1
    assert patch_search_worker(tmp_path) is None
    assert worker.read_text(encoding="utf-8") == patched


def test_changed_worker_code_is_reported_with_what_to_check(tmp_path):
    worker = copy_worker(tmp_path)
    worker.write_text("/* a future Material */", encoding="utf-8")
    problem = patch_search_worker(tmp_path)
    assert problem.startswith(f"Patching the search worker '{worker.name}': Material's kanji segmentation code changed")
    assert "個人情報" in problem and worker.read_text(encoding="utf-8") == "/* a future Material */"


def test_built_site_serves_the_corrected_worker(fixture_build):
    built = fixture_build("minimal")
    code = next(built.site.glob(WORKER_GLOB)).read_text(encoding="utf-8")
    assert all(after in code for _, after in PATCHES)

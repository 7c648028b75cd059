"""The source check's passes kept in the persistent cache (policy_site.plugin.checks): a body that
passed is not rendered again, a body with a problem is never kept, and the build with a warm cache
still refuses a bad source in one line."""

from __future__ import annotations

import pytest

from conftest import build_site, make_project
from policy_site.plugin.checks import StoredChecks
from policy_site.redline.store import CACHE_FOLDER, RedlineStore
from policy_site.sources import body as body_module
from policy_site.sources.body import BodyError, check_body

GOOD = "# Title\n\nA paragraph of policy text.\n"
BAD = "# Title\n\n<span hidden>text</span>\n"


def test_a_pass_is_kept_and_a_problem_never(tmp_path, monkeypatch):
    checked = StoredChecks(RedlineStore(tmp_path / "cache"))
    check_body(GOOD, checked)
    with pytest.raises(BodyError):
        check_body(BAD, checked)
    assert len(list((tmp_path / "cache").rglob("*.entry"))) == 1

    def refuse(body):
        raise AssertionError("a body known to pass was checked again")

    monkeypatch.setattr(body_module, "_find_problem", refuse)
    check_body(GOOD, StoredChecks(RedlineStore(tmp_path / "cache")))  # another build, the same cache
    with pytest.raises(AssertionError):
        check_body(BAD, StoredChecks(RedlineStore(tmp_path / "cache")))  # never kept: checked again


def test_a_warm_build_still_refuses_a_bad_source(tmp_path):
    project = make_project(tmp_path / "p", "minimal", locales=("ja",))
    assert build_site(project, tmp_path / "site").returncode == 0
    assert any((project / CACHE_FOLDER).rglob("*.entry"))
    source = project / "docs/ja/sample/2020-01-01.md"
    source.write_text(source.read_text(encoding="utf-8") + "\n<span hidden>x</span>\n", encoding="utf-8")
    result = build_site(project, tmp_path / "site")
    assert result.returncode != 0
    assert "raw HTML '<span hidden>' is not allowed in a policy source" in result.stderr

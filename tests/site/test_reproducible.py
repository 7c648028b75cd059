"""A legal record must be reproducible: two clean builds with SOURCE_DATE_EPOCH give the same bytes."""

from __future__ import annotations

import pytest

from conftest import ROOT, run_build

pytestmark = pytest.mark.slow  # two clean builds of the real sources


def tree_bytes(site):
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_two_clean_builds_are_byte_identical(tmp_path):
    # Each by `mkdocs build` in a process of its own (run_build, not the in-process build_site): a
    # fresh interpreter with its own hash seed and no cache from an earlier build is what is tested.
    env = {"SOURCE_DATE_EPOCH": "1767225600"}
    first, second = tmp_path / "a", tmp_path / "b"
    for site in (first, second):
        result = run_build(ROOT, site, env=env)
        assert result.returncode == 0, result.stderr
    a, b = tree_bytes(first), tree_bytes(second)
    assert a.keys() == b.keys()
    assert [name for name in a if a[name] != b[name]] == []

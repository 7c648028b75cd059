"""The build's redline cache (.cache/policy-site/ beside mkdocs.yml, plugin option ``cache``): a
second ``mkdocs build`` computes no redline and writes the same site byte for byte; a damaged entry
is ignored, said in one warning line and written anew; ``cache: false`` leaves no folder."""

from __future__ import annotations

import re

import pytest

from conftest import build_site, make_project, run_build

EPOCH = {"SOURCE_DATE_EPOCH": "1795802229"}
LOCALES = ("ja", "en")


def tree_bytes(site):
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def computed(stderr: str) -> list[int]:
    return [int(n) for n in re.findall(r"Revision history '\w+': (\d+) redlines computed", stderr)]


@pytest.mark.slow  # three builds, each a separate mkdocs process (a process keeps redlines in memory)
def test_a_warm_build_computes_nothing_and_writes_the_same_site_and_a_damaged_entry_is_rewritten(tmp_path):
    project = make_project(tmp_path / "project", "history", locales=LOCALES)
    cache = project / ".cache" / "policy-site"
    cold = run_build(project, tmp_path / "cold", env=EPOCH)
    assert cold.returncode == 0, cold.stderr
    assert computed(cold.stderr) == [3, 3]  # three revisions: three pairs in each locale
    entries = sorted(cache.rglob("*.entry"))
    assert entries and (tmp_path / "cold" / "sample" / "compare" / "2020-01-01...2022-10-01" / "index.html").is_file()

    warm = run_build(project, tmp_path / "warm", env=EPOCH)
    assert warm.returncode == 0, warm.stderr
    assert computed(warm.stderr) == [0, 0]
    assert tree_bytes(tmp_path / "warm") == tree_bytes(tmp_path / "cold")

    damaged = max(entries, key=lambda path: path.stat().st_size)  # a redline, or a view of one
    damaged.write_bytes(damaged.read_bytes()[:40])
    again = run_build(project, tmp_path / "again", env=EPOCH)
    warnings = [line for line in again.stderr.splitlines() if line.startswith("WARNING")]
    assert len(warnings) == 1, again.stderr
    assert "Reading the redline cache '.cache/policy-site/" in warnings[0] and damaged.name in warnings[0]
    assert "damaged" in warnings[0] and "written anew" in warnings[0]
    assert again.returncode == 1 and "strict" in again.stdout  # --strict counts it; the site is whole all the same
    assert tree_bytes(tmp_path / "again") == tree_bytes(tmp_path / "cold")
    assert damaged.stat().st_size > 40  # rewritten


def test_cache_false_writes_no_cache_folder_and_the_same_site(tmp_path):
    on = make_project(tmp_path / "on", "history", locales=LOCALES)
    off = make_project(tmp_path / "off", "history", locales=LOCALES)
    config = off / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("  - policy-site:\n", "  - policy-site:\n      cache: false\n", 1), encoding="utf-8")
    assert "cache: false" in config.read_text(encoding="utf-8")
    built = {name: build_site(project, tmp_path / f"site-{name}", env=EPOCH) for name, project in (("on", on), ("off", off))}
    assert [result.returncode for result in built.values()] == [0, 0], [result.stderr for result in built.values()]
    assert sorted((on / ".cache" / "policy-site").rglob("*.entry"))
    assert not (off / ".cache").exists()
    assert tree_bytes(tmp_path / "site-on") == tree_bytes(tmp_path / "site-off")


def test_a_warm_build_reads_the_views_and_summaries_of_a_comparison_and_no_redline(tmp_path):
    from conftest import SITES
    from policy_site.common.frontmatter import split_front_matter
    from policy_site.redline.store import RedlineStore
    from policy_site.site.comparisons import Redlines

    old, new = (split_front_matter((SITES / "history" / "docs" / "ja" / "sample" / f"{day}.md")
                                   .read_text(encoding="utf-8"))[1] for day in ("2020-01-01", "2022-10-01"))
    columns = ("新", "旧", "新旧対照表")
    cold = Redlines(store=RedlineStore(tmp_path))
    views = cold.load_views(old, new, "ja", 1, 1, columns)
    summary = cold.load_summary(old, new, "ja")
    assert cold.computed == 1 and "<del" in views[0] and summary.changed

    warm = Redlines(store=RedlineStore(tmp_path))  # the next build: nothing in memory
    assert warm.load_views(old, new, "ja", 1, 1, columns) == views
    assert warm.load_summary(old, new, "ja") == summary
    assert warm.computed == 0 and len(warm.caches.redlines) == 0  # not even read from disk
    assert warm.load_views(old, new, "ja", 2, 1, columns) != views  # another heading level: another entry
    assert warm.computed == 0 and len(warm.caches.redlines) == 1  # the redline itself, from disk


def _git(repo, *args):
    import subprocess

    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True,
                   env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
                        "GIT_COMMITTER_EMAIL": "t@example.org", "PATH": "/usr/bin:/bin", "HOME": str(repo)})


@pytest.mark.slow  # three builds, each a separate mkdocs process (a process keeps redlines in memory)
def test_a_cache_that_git_tracks_is_not_read_and_a_forged_entry_never_reaches_the_site(tmp_path):
    """A pull request can commit cache entries (``git add -f``) under the right names; once merged,
    a build that read them would publish a redline of text that is not in the sources."""
    from policy_site.redline.store import RedlineStore

    project = make_project(tmp_path / "project", "history", locales=LOCALES)
    cold = run_build(project, tmp_path / "cold", env=EPOCH)
    assert cold.returncode == 0, cold.stderr
    store = RedlineStore(project / ".cache" / "policy-site")
    forged = 0
    for entry in sorted(store.folder.rglob("*.entry")):  # written as the store writes: nothing looks damaged
        key = entry.name.removesuffix(".entry")
        text = store.read(key)
        if text and "個人情報" in text:
            store.write(key, text.replace("個人情報", "偽の文言"))
            forged += 1
    assert forged
    untracked = run_build(project, tmp_path / "untracked", env=EPOCH)  # what a cache read would publish
    assert untracked.returncode == 0 and "偽の文言" in "".join(
        p.read_text(encoding="utf-8") for p in (tmp_path / "untracked").rglob("*.html"))

    _git(project, "init", "-q")
    _git(project, "add", "-A")
    _git(project, "add", "-f", ".cache")
    _git(project, "commit", "-q", "-m", "forged cache")
    tracked = run_build(project, tmp_path / "tracked", env=EPOCH)
    warnings = [line for line in tracked.stderr.splitlines() if line.startswith("WARNING")]
    count = len(sorted(store.folder.rglob("*.entry")))
    assert warnings == [
        f"WARNING -  Opening the redline cache '.cache/policy-site/': git tracks {count} file(s) in it, and a "
        "committed entry could show a redline of text that is not in the sources; the cache was not used and "
        "every redline was computed. Remove them from git: git rm -r --cached .cache/policy-site"], tracked.stderr
    assert tracked.returncode == 1 and "strict" in tracked.stdout  # Publish stops
    assert computed(tracked.stderr) == [3, 3]
    assert tree_bytes(tmp_path / "tracked") == tree_bytes(tmp_path / "cold")

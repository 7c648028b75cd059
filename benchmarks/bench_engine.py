"""The redline engine and the build against their peers, as ratios measured in the same run.

    python benchmarks/bench_engine.py [--repeat N] [--pairs-only | --builds-only]

Prints three tables; the machine is shared, so only ratios within one run mean anything. Per pair,
the least CPU time of ``--repeat`` runs (robust to other processes); for builds, medians of
``--repeat // 2`` runs of each kind, alternated.

1. Per pair: one redline computed in this process (parse, align, diff; no rendering), with the
   C++ character diff (``fast-diff-match-patch``, used when installed) and with the Python one
   (``diff-match-patch``: the engine before), against ``git diff --no-index --word-diff=porcelain``
   on the same two files (a process: what a user would run). Pairs: the real-document corpus
   (``tests/redline/corpus``) and every pair of neighbouring revisions of this site (ja, en, zh).
   Goals: the engine at most 3x git at the median and at most 8x on the worst pair.
2. This site's build (3 languages) against a plain build of the same revision pages (the same
   ``mkdocs.yml`` without the plugin and its templates: MkDocs + Material + static-i18n), the
   plugin's build cold (no ``.cache/policy-site``) and warm (the cache of the cold build). CPU time
   (user + system) and wall time of the ``mkdocs build`` process. Goals: cold at most 1.5x, warm
   at most 1.2x the plain build.
3. The same for a real public history: a new English site (``policy-site init``) with the 22
   recorded versions of Twitch's Privacy Policy imported (``policy-site import``; the data, its
   source and licence in ``benchmarks/data``), its comparison pages as the pair rule gives them
   (``compare_all_pairs_up_to``, ``compare_window``). Goals: cold at most 4x, warm at most 1.3x the
   plain build, peak memory at most 300 MB. Peak memory (max RSS) of each build is printed too.

With another checkout's ``src`` on ``PYTHONPATH``, ``--builds-only`` measures that checkout's
builds (an engine without the cache: cold and warm are then the same build).
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "redline" / "corpus"



def list_pairs() -> list[tuple[str, Path, Path, str]]:
    pairs = [(f"corpus/{old.name[:-len('.old.md')]}", old, old.with_name(old.name.replace(".old.md", ".new.md")), "en")
             for old in sorted(CORPUS.glob("*.old.md"))]
    for locale in ("ja", "en", "zh"):
        for policy in sorted(p for p in (ROOT / "docs" / locale).iterdir() if p.is_dir()):
            revisions = sorted(policy.glob("*.md"))
            pairs += [(f"{locale}/{policy.name}/{a.stem}...{b.stem}", a, b, locale) for a, b in zip(revisions, revisions[1:])]
    return pairs


def cpu_ms(run, repeat: int) -> float:
    """Least CPU time of ``repeat`` calls in this process (robust on a shared machine)."""
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        run()
        best = min(best, time.process_time() - started)
    return best * 1000


def cpu_ms_of_process(args: list[str], repeat: int) -> float:
    """Least CPU time (user + system) of ``repeat`` runs of a process."""
    best = float("inf")
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(args, capture_output=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        best = min(best, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return best * 1000


def bench_pairs(repeat: int) -> None:
    # Imported here: --builds-only also measures another checkout's build (its src on PYTHONPATH).
    from policy_site.redline import chardiff, compute_redline

    fast = chardiff._FAST
    print("| pair | characters (old) | engine, C++ diff (CPU ms) | engine, Python diff (CPU ms) | git --word-diff (CPU ms) "
          "| ratio C++ | ratio Python |")
    print("|---|---|---|---|---|---|---|")
    ratios_fast, ratios_pure = [], []
    for name, old_path, new_path, locale in list_pairs():
        old, new = old_path.read_text(encoding="utf-8"), new_path.read_text(encoding="utf-8")
        git = ["git", "diff", "--no-index", "--word-diff=porcelain", str(old_path), str(new_path)]
        peer = cpu_ms_of_process(git, repeat)
        compute_redline(old, new, locale=locale)  # front matter and catalogs read once, as in a build
        engine = cpu_ms(lambda: compute_redline(old, new, locale=locale), repeat) if fast else float("nan")
        chardiff._FAST = None
        try:
            pure = cpu_ms(lambda: compute_redline(old, new, locale=locale), max(1, repeat // 2))
        finally:
            chardiff._FAST = fast
        ratios_fast.append(engine / peer)
        ratios_pure.append(pure / peer)
        print(f"| {name} | {len(old)} | {engine:.1f} | {pure:.1f} | {peer:.1f} | {engine / peer:.2f} | {pure / peer:.2f} |")
    print()
    print("| engine / git --word-diff | median (goal ≤ 3) | worst (goal ≤ 8) |")
    print("|---|---|---|")
    if fast:
        print(f"| C++ character diff | {statistics.median(ratios_fast):.2f} | {max(ratios_fast):.2f} |")
    else:
        print("| C++ character diff | not installed | |")
    print(f"| Python character diff | {statistics.median(ratios_pure):.2f} | {max(ratios_pure):.2f} |")
    print()


_PLUGIN_BLOCK = re.compile(r"^  - policy-site:\n(?:(?:      .*|\s*)\n)*", re.M)


def write_plain_config(project: Path) -> Path:
    """The project's ``mkdocs.yml`` without the plugin (and the templates that read its values):
    MkDocs, Material and static-i18n rendering the same revision files as plain Markdown pages."""
    text = (project / "mkdocs.yml").read_text(encoding="utf-8")
    plain, count = _PLUGIN_BLOCK.subn("", text)
    assert count == 1, "the policy-site entry of mkdocs.yml was not found"
    plain = plain.replace("  custom_dir: overrides\n", "")
    plain += "\nmarkdown_extensions: [attr_list, tables, md_in_html]\n"
    config = project / "mkdocs-plain.yml"
    config.write_text(plain, encoding="utf-8")
    return config


def run_build(config: Path, site: Path) -> tuple[float, float, int]:
    """CPU seconds (user + system), wall seconds and peak memory (MB) of one ``mkdocs build`` process."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1795802229"}
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        process = subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site)],
                                   env=env, cwd=config.parent, stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode:
            errors.seek(0)
            raise SystemExit(f"mkdocs build -f {config.name} failed:\n{errors.read().decode()}")
    return usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss // 1024


def bench_builds(project: Path, label: str, repeat: int) -> None:
    plain_config = write_plain_config(project)
    cache = project / ".cache" / "policy-site"
    runs: dict[str, list[tuple[float, float, int]]] = {"plain": [], "cold": [], "warm": []}
    for _ in range(repeat):  # alternated, so that a slow moment of the machine hits all three
        runs["plain"].append(run_build(plain_config, project / "site-plain"))
        shutil.rmtree(cache, ignore_errors=True)
        runs["cold"].append(run_build(project / "mkdocs.yml", project / "site"))
        runs["warm"].append(run_build(project / "mkdocs.yml", project / "site"))
    pages = sum(1 for _ in (project / "site").rglob("*.html"))
    plain_pages = sum(1 for _ in (project / "site-plain").rglob("*.html"))
    cpu = {kind: statistics.median(r[0] for r in rows) for kind, rows in runs.items()}
    wall = {kind: statistics.median(r[1] for r in rows) for kind, rows in runs.items()}
    print(f"| {label} | CPU (s) | wall (s) | CPU / plain | HTML pages |")
    print("|---|---|---|---|---|")
    for kind, name in (("plain", "plain build (no plugin)"), ("cold", "plugin, cold cache"),
                       ("warm", "plugin, warm cache")):
        print(f"| {name} | {cpu[kind]:.2f} | {wall[kind]:.2f} | {cpu[kind] / cpu['plain']:.2f} "
              f"| {plain_pages if kind == 'plain' else pages} |")
    size = sum(path.stat().st_size for path in cache.rglob("*") if path.is_file())
    memory = {kind: max(r[2] for r in rows) for kind, rows in runs.items()}
    print(f"\ncache: {sum(1 for _ in cache.rglob('*.entry'))} entries, {size / 1024 / 1024:.1f} MB; peak memory (max RSS, MB): "
          + ", ".join(f"{kind} {mb}" for kind, mb in memory.items()) + "\n")


def copy_project(dest: Path) -> Path:
    dest.mkdir(parents=True)
    for name in ("mkdocs.yml", "overrides", "docs", "policies.yml", "glossary.yml"):
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name)
        elif src.exists():
            shutil.copy2(src, dest / name)
    if (ROOT / "node_modules").exists():
        (dest / "node_modules").symlink_to(ROOT / "node_modules")
    return dest


REAL_HISTORY = Path(__file__).resolve().parent / "data" / "twitch-privacy-policy.tar.xz"


def write_real_history_project(dest: Path) -> Path:
    """A new English site (``policy-site init``) with one policy, the 22 recorded versions of a real
    public privacy policy (``benchmarks/data``, Open Terms Archive, ODC-By) imported as its
    revisions (``policy-site import``), as a company with such a history would start."""
    with tarfile.open(REAL_HISTORY) as archive:
        archive.extractall(dest / "archive", filter="data")
    versions = sorted((dest / "archive" / "twitch-privacy-policy").glob("*.md"))
    command = [sys.executable, "-c", "import sys; from policy_site.cli.site import main; sys.argv[0] = 'policy-site'; main()"]
    project = dest / "site"
    for args, cwd in ((["init", str(project), "--company", "Twitch", "--locale", "en", "--time-zone", "UTC",
                        "--generator", "policy-site"], dest),
                      (["import", "privacy", "--locale", "en", "--title", "Privacy Policy", "--captured", "2026-08-22",
                        "--source", "Open Terms Archive, PGA v2 dataset (pga-versions), Twitch/Privacy Policy.md",
                        *map(str, versions)], project)):
        result = subprocess.run(command + args, cwd=cwd, capture_output=True, text=True)
        if result.returncode:
            raise SystemExit(f"policy-site {args[0]} failed:\n{result.stderr}")
    return project


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per measurement (median is printed)")
    parser.add_argument("--pairs-only", action="store_true", help="only the per-pair table")
    parser.add_argument("--builds-only", action="store_true", help="only the build tables")
    args = parser.parse_args()
    if not args.builds_only:
        bench_pairs(args.repeat)
    if args.pairs_only:
        return
    builds = max(1, args.repeat // 2)
    with tempfile.TemporaryDirectory() as work:
        bench_builds(copy_project(Path(work) / "site"), "this site, 3 languages", builds)
        bench_builds(write_real_history_project(Path(work) / "history"),
                     "a real English privacy policy, 22 revisions (one locale)", builds)


if __name__ == "__main__":
    main()

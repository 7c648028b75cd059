"""Benchmark of the revision-history hook: what it adds to a build, and what its cache saves.

    python benchmarks/bench_history.py [--repeat N]

Prints three tables:

1. The full 3-language ``mkdocs build`` of the real sources with and without ``hooks/history.py``
   (same run, same sources, builds alternated; medians of ``--repeat`` runs). Goal: with ≤ 1.25x
   without.
2. The history hook's own work for the 3 locales (every history page, timeline and comparison),
   cold (empty redline cache) and warm (as in ``mkdocs serve`` after an edit elsewhere). Goal:
   warm ≤ 10% of cold.
3. The hook's time on one synthetic policy with 10, 50 and 100 revisions (each a few edits away
   from the one before), cold cache, with and without the "compare with the revision in effect"
   views. Goal: linear in the number of revisions. Comparing revision k with the newest one shows
   every edit made since k, so that view's work grows with the edits accumulated, not only with
   the number of revisions.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from policy_site import history
from policy_site.catalog import load_catalog
from policy_site.history import render_compare_markdown, render_history_markdown, render_timeline_markdown

ROOT = Path(__file__).resolve().parents[1]


def time_build(config: Path, site: Path) -> float:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site)],
                   check=True, env=env, cwd=config.parent, capture_output=True)
    return time.perf_counter() - started


def bench_builds(repeat: int) -> None:
    with tempfile.TemporaryDirectory() as work:
        work_dir = Path(work)
        without = ROOT / "mkdocs.bench-no-history.yml"
        without.write_text((ROOT / "mkdocs.yml").read_text(encoding="utf-8").replace("  - hooks/history.py\n", ""),
                           encoding="utf-8")
        try:
            times: dict[str, list[float]] = {"with": [], "without": []}
            for _ in range(repeat):
                times["with"].append(time_build(ROOT / "mkdocs.yml", work_dir / "with"))
                times["without"].append(time_build(without, work_dir / "without"))
        finally:
            without.unlink()
    with_hook, without_hook = statistics.median(times["with"]), statistics.median(times["without"])
    print("| full 3-language build (real sources) | seconds |")
    print("|---|---|")
    print(f"| without the history hook | {without_hook:.2f} |")
    print(f"| with the history hook | {with_hook:.2f} |")
    print(f"| ratio (goal ≤ 1.25) | {with_hook / without_hook:.2f} |")
    print()


def render_all(catalog) -> None:
    for locale in ("ja", "en", "zh"):
        for policy in catalog.policies:
            render_history_markdown(catalog, policy.id, locale)
            if policy.variant_of:
                render_compare_markdown(catalog, policy.variant_of, policy.id, locale)
        render_timeline_markdown(catalog, locale)


def clear_caches() -> None:
    history.CACHES.clear()
    history.SLOTS.clear()


def bench_cache(repeat: int) -> None:
    catalog = load_catalog(ROOT / "docs", ROOT / "policies.yml", build_date=date(2026, 1, 1))
    cold, warm = [], []
    for _ in range(repeat):
        clear_caches()
        started = time.perf_counter()
        render_all(catalog)
        cold.append(time.perf_counter() - started)
        started = time.perf_counter()
        render_all(catalog)
        warm.append(time.perf_counter() - started)
    c, w = statistics.median(cold), statistics.median(warm)
    print("| history hook work, 3 locales (real sources) | ms |")
    print("|---|---|")
    print(f"| cold cache | {c * 1000:.1f} |")
    print(f"| warm cache | {w * 1000:.1f} |")
    print(f"| warm / cold (goal ≤ 10%) | {100 * w / c:.1f}% |")
    print()


def synthetic_tree(work: Path, revisions: int) -> Path:
    """A policy with ``revisions`` dated revisions, each a few sentence edits from the last."""
    source = (ROOT / "docs/ja/privacy/2023-06-15.md").read_text(encoding="utf-8")
    body = source.split("---\n", 2)[2]
    rng = random.Random(revisions)
    docs = work / f"docs{revisions}"
    (docs / "ja" / "synthetic").mkdir(parents=True)
    (work / f"policies{revisions}.yml").write_text(
        "policies:\n  - id: synthetic\n    title: {ja: 合成, en: Synthetic, zh: 合成}\n", encoding="utf-8")
    lines = body.split("\n")
    day = date(2000, 1, 1)
    for index in range(revisions):
        for _ in range(3):
            line = rng.randrange(len(lines))
            if len(lines[line]) > 20 and not lines[line].startswith("#"):
                cut = rng.randrange(5, len(lines[line]) - 5)
                lines[line] = lines[line][:cut] + "改定" + lines[line][cut + 1:]
        (docs / "ja" / "synthetic" / f"{day.isoformat()}.md").write_text(
            f"---\neffective: {day.isoformat()}\nprovenance: published\ncaptured: 2024-06-29\n---\n"
            + "\n".join(lines), encoding="utf-8")
        day += timedelta(days=30)
    return docs


def bench_series() -> None:
    print("| revisions of one policy | history page, ja, cold (ms) | ms per revision "
          "| without compare-with-current (ms) | ms per revision |")
    print("|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as work:
        for revisions in (10, 50, 100):
            docs = synthetic_tree(Path(work), revisions)
            catalog = load_catalog(docs, Path(work) / f"policies{revisions}.yml", build_date=date(2030, 1, 1))
            timings = []
            for compare in (True, False):
                clear_caches()
                started = time.perf_counter()
                render_history_markdown(catalog, "synthetic", "ja", compare_with_current=compare)
                timings.append(time.perf_counter() - started)
            full, plain = (t * 1000 for t in timings)
            print(f"| {revisions} | {full:.0f} | {full / revisions:.1f} | {plain:.0f} | {plain / revisions:.1f} |")
            shutil.rmtree(docs)
    print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (median is printed)")
    args = parser.parse_args()
    bench_builds(args.repeat)
    bench_cache(args.repeat)
    bench_series()


if __name__ == "__main__":
    main()

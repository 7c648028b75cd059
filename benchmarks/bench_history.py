"""Benchmark of the revision-history pages: what they add to a build, and what their cache saves.

    python benchmarks/bench_history.py [--repeat N]

Prints three tables:

1. The full 3-language ``mkdocs build`` of the real sources with and without the plugin's history pages
   (same run, same sources, builds alternated; medians of ``--repeat`` runs). Goal: with ≤ 1.25x
   without.
2. The history pages' own work for the 3 locales (every history page, timeline and comparison),
   cold (empty redline cache) and warm (as in ``mkdocs serve`` after an edit elsewhere). Goal:
   warm ≤ 10% of cold.
3. Page weights of the real site: the history index of each policy (goal < 100 KB of HTML) and
   each comparison page against the newer revision's own page (goal < 3x).
4. The real site plus one synthetic policy (each revision a few edits from the one before) of 7,
   22 and 60 revisions, built in full (cold cache): build time, pages, the synthetic policy's
   comparison pages against every pair, the history index's weight and the heaviest comparison
   page's ratio. Goal: the build time grows no faster than the number of pages (past
   ``compare_all_pairs_up_to`` revisions only the pairs at most ``compare_window`` apart and those
   with the revision in effect get a page, so pages grow linearly, not as n²).
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

from policy_site.site.comparisons import Redlines
from policy_site.plugin.project import load_project
from policy_site.site.history import (
    PairRule,
    list_comparisons,
    render_compare_markdown,
    render_comparison_markdown,
    render_history_markdown,
    render_timeline_markdown,
)

ROOT = Path(__file__).resolve().parents[1]


# `mkdocs build` with the plugin's history, comparison and timeline pages left out: what the
# site costs without them (the plugin is one; its history step is skipped here, not in the product).
_WITHOUT_HISTORY = ("import sys; from policy_site.plugin.plugin import PolicySitePlugin;"
                    "PolicySitePlugin._add_history_pages = lambda self, files, config, locale: None;"
                    "PolicySitePlugin.on_post_build.__globals__['render_feed'] = lambda *a, **k: b'';"
                    "from mkdocs.__main__ import cli; sys.argv[0] = 'mkdocs'; cli()")


def time_build(config: Path, site: Path, *, history: bool = True) -> float:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    entry = ["-m", "mkdocs"] if history else ["-c", _WITHOUT_HISTORY]
    # Every build here is cold: the redline cache on disk (.cache/policy-site) is measured by
    # benchmarks/bench_engine.py; it is safe to delete.
    shutil.rmtree(config.parent / ".cache" / "policy-site", ignore_errors=True)
    started = time.perf_counter()
    subprocess.run([sys.executable, *entry, "build", "-q", "-f", str(config), "-d", str(site)],
                   check=True, env=env, cwd=config.parent, capture_output=True)
    return time.perf_counter() - started


def bench_builds(repeat: int) -> None:
    with tempfile.TemporaryDirectory() as work:
        work_dir = Path(work)
        times: dict[str, list[float]] = {"with": [], "without": []}
        for _ in range(repeat):
            times["with"].append(time_build(ROOT / "mkdocs.yml", work_dir / "with"))
            times["without"].append(time_build(ROOT / "mkdocs.yml", work_dir / "without", history=False))
    with_hook, without_hook = statistics.median(times["with"]), statistics.median(times["without"])
    print("| full 3-language build (real sources) | seconds |")
    print("|---|---|")
    print(f"| without the history pages | {without_hook:.2f} |")
    print(f"| with the history pages | {with_hook:.2f} |")
    print(f"| ratio (goal ≤ 1.25) | {with_hook / without_hook:.2f} |")
    print()


def render_all(catalog, redlines: Redlines) -> None:
    for locale in ("ja", "en", "zh"):
        for policy in catalog.policies:
            render_history_markdown(catalog, redlines, policy.id, locale)
            for old, new in list_comparisons(catalog, policy.id, rule=PairRule()):
                render_comparison_markdown(catalog, redlines, policy.id, old, new, locale)
            if policy.variant_of:
                render_compare_markdown(catalog, redlines, policy.variant_of, policy.id, locale)
        render_timeline_markdown(catalog, redlines, locale)


def bench_cache(repeat: int) -> None:
    catalog = load_project(ROOT).load_catalog(build_date=date(2026, 1, 1))
    cold, warm = [], []
    for _ in range(repeat):
        redlines = Redlines()
        started = time.perf_counter()
        render_all(catalog, redlines)
        cold.append(time.perf_counter() - started)
        redlines.start_locale()
        started = time.perf_counter()
        render_all(catalog, redlines)
        warm.append(time.perf_counter() - started)
    c, w = statistics.median(cold), statistics.median(warm)
    print("| history pages' work, 3 locales (real sources) | ms |")
    print("|---|---|")
    print(f"| cold cache | {c * 1000:.1f} |")
    print(f"| warm cache | {w * 1000:.1f} |")
    print(f"| warm / cold (goal ≤ 10%) | {100 * w / c:.1f}% |")
    print()


def write_synthetic_policy(docs: Path, revisions: int) -> None:
    """A Japanese-only policy ``synthetic`` with ``revisions`` revisions, each three edits from the last."""
    source = (ROOT / "docs/ja/privacy/2023-06-15.md").read_text(encoding="utf-8")
    body = source.split("---\n", 2)[2]
    rng = random.Random(revisions)
    folder = docs / "ja" / "synthetic"
    folder.mkdir(parents=True)
    lines = body.split("\n")
    day = date(2000, 1, 1)
    for _ in range(revisions):
        for _ in range(3):
            line = rng.randrange(len(lines))
            if len(lines[line]) > 20 and not lines[line].lstrip().startswith(("#", "|", "---")):
                cut = rng.randrange(5, len(lines[line]) - 5)
                lines[line] = lines[line][:cut] + "改定" + lines[line][cut + 1:]
        (folder / f"{day.isoformat()}.md").write_text(
            f"---\neffective: {day.isoformat()}\nprovenance: published\ncaptured: 2024-06-29\n---\n"
            + "\n".join(lines), encoding="utf-8")
        day += timedelta(days=30)


def measure_site(site: Path, policy: str) -> dict:
    """Weights of one policy's history index and comparison pages (ja), from a built site."""
    index = (site / policy / "history" / "index.html").stat().st_size
    ratios = []
    compare = site / policy / "compare"
    for page in sorted(compare.glob("*...*/index.html")) if compare.is_dir() else []:
        newer = page.parent.name.split("...")[1]
        ratios.append((page.stat().st_size / (site / policy / newer / "index.html").stat().st_size,
                       page.stat().st_size, page.parent.name))
    return {"index": index, "ratios": ratios}


def bench_weights() -> None:
    with tempfile.TemporaryDirectory() as work:
        site = Path(work) / "site"
        time_build(ROOT / "mkdocs.yml", site)
        print("| real site, ja | history index (KB, goal < 100) | comparison pages | heaviest comparison "
              "(KB) | its ratio to the newer revision's page (goal < 3) |")
        print("|---|---|---|---|---|")
        for policy in ("privacy", "privacy-china", "external-transmission"):
            found = measure_site(site, policy)
            if found["ratios"]:
                ratio, size, name = max(found["ratios"])
                heaviest = f"{size / 1024:.0f} ({name}) | {ratio:.2f}"
            else:
                heaviest = "— | —"
            print(f"| {policy} | {found['index'] / 1024:.1f} | {len(found['ratios'])} | {heaviest} |")
        variant = (site / "privacy-china" / "compare" / "index.html").stat().st_size
        print(f"| privacy-china/compare/ (variant) | | | {variant / 1024:.0f} | "
              f"{variant / (site / 'privacy-china' / 'index.html').stat().st_size:.2f} |")
    print()


def bench_synthetic(revisions_list=(7, 22, 60)) -> None:
    print("| real site + synthetic policy of n revisions | build (s) | HTML pages | s per 100 pages "
          "| synthetic history index (KB) | comparison pages (ja) | every pair would be | heaviest comparison / newer page |")
    print("|---|---|---|---|---|---|---|---|")
    rows = []
    with tempfile.TemporaryDirectory() as work:
        for revisions in revisions_list:
            project = Path(work) / f"p{revisions}"
            project.mkdir()
            for name in ("mkdocs.yml", "overrides", "docs", "policies.yml", "glossary.yml", "node_modules"):
                src = ROOT / name
                if not src.exists():
                    continue
                if name == "node_modules":
                    (project / name).symlink_to(src)
                elif src.is_dir():
                    shutil.copytree(src, project / name)
                else:
                    shutil.copy2(src, project / name)
            registry = (project / "policies.yml").read_text(encoding="utf-8")
            (project / "policies.yml").write_text(
                registry.rstrip("\n") + "\n  - id: synthetic\n    title: {ja: 合成方針, en: Synthetic policy, zh: 合成政策}\n",
                encoding="utf-8")
            write_synthetic_policy(project / "docs", revisions)
            site = project / "site"
            seconds = time_build(project / "mkdocs.yml", site)
            pages = sum(1 for _ in site.rglob("*.html"))
            found = measure_site(site, "synthetic")
            ratio = max(found["ratios"])[0]
            rows.append((revisions, seconds, pages))
            print(f"| {revisions} | {seconds:.1f} | {pages} | {100 * seconds / pages:.2f} | {found['index'] / 1024:.1f} "
                  f"| {len(found['ratios'])} | {revisions * (revisions - 1) // 2} | {ratio:.2f} |")
    (small, small_s, small_p), (big, big_s, big_p) = rows[0], rows[-1]
    print(f"\n{big} vs {small} revisions: build time x{big_s / small_s:.2f}, pages x{big_p / small_p:.2f} "
          f"(goal: the time grows no faster than the pages)")
    print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (median is printed)")
    args = parser.parse_args()
    bench_builds(args.repeat)
    bench_cache(args.repeat)
    bench_weights()
    bench_synthetic()


if __name__ == "__main__":
    main()

"""Benchmark of the test suite: how long a local run of the fast subset and a full run take.

    python benchmarks/bench_tests.py [--full] [--durations N]

Runs pytest as ``bash scripts/test.sh`` does (two processes, ``-n 2 --dist loadgroup``): the fast
subset (``--fast``, as ``bash scripts/test.sh --fast``) and, with ``--full``, the whole suite as CI
runs it, and prints wall-clock and CPU seconds (the CPU of pytest and everything it started, the
browser and the Nu checker included). Goals, on two otherwise idle cores: the fast subset in at
most 30 s wall-clock, the whole suite in at most 4 minutes. On a busy machine the wall-clock
figures grow; the CPU figures much less. The figures are those of a repeated run: compiled modules
are kept (``scripts/test.sh`` does not let ``PYTHONDONTWRITEBYTECODE`` turn that off), and an
untimed collection compiles them first; a first run on a fresh clone takes a few seconds more.
With ``--durations N`` each run also prints pytest's N slowest setups and calls: on a machine shared
with other work, compare those and the CPU figures between runs rather than wall-clock time.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
XDIST = ["-n", "2", "--dist", "loadgroup"]  # as scripts/test.sh runs pytest


def test_env() -> dict[str, str]:
    """The environment scripts/test.sh gives pytest: compiled modules are kept between runs."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def run(label: str, args: list[str]) -> str:
    env = test_env()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", *args],
                            cwd=ROOT, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    outcome = (result.stdout.strip().splitlines() or ["(no output)"])[-1]
    print(f"| {label} | {wall:.0f} | {cpu:.0f} | {outcome} |", flush=True)
    lines = result.stdout.splitlines()
    start = next((i for i, line in enumerate(lines) if "slowest" in line and line.startswith("=")), None)
    if start is None:
        return ""
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("=")), len(lines))
    return "\n".join([f"{label}:", *lines[start + 1:end]])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true", help="also run the whole suite (minutes)")
    parser.add_argument("--durations", type=int, metavar="N", help="also print the N slowest setups and calls of each run")
    options = parser.parse_args()
    timing = [f"--durations={options.durations}"] if options.durations else []
    # Untimed: compile the package and the tests once, as any earlier run on the machine has.
    subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "--collect-only"], cwd=ROOT,
                   env=test_env(),
                   capture_output=True)
    print("| run | wall s | CPU s | result |")
    print("|---|---|---|---|")
    slowest = [run("fast subset, 2 processes", ["--fast", *XDIST, *timing])]
    if options.full:
        slowest.append(run("full suite, 2 processes", [*XDIST, *timing]))
    for text in filter(None, slowest):
        print(f"\n{text}")


if __name__ == "__main__":
    main()

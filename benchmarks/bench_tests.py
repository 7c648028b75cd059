"""Benchmark of the test suite: how long a local run of the fast subset and a full run take.

    python benchmarks/bench_tests.py [--full]

Runs ``pytest --fast -n 2`` (the fast subset on two processes, as ``bash scripts/test.sh --fast``)
and, with ``--full``, the whole suite as CI runs it, and prints wall-clock and CPU seconds (the CPU
of pytest and everything it started). Goal: the fast subset under 60 s wall-clock on two otherwise
idle cores; its CPU time divided by two is that figure on such a machine.
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


def run(label: str, args: list[str]) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", *args],
                            cwd=ROOT, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    outcome = (result.stdout.strip().splitlines() or ["(no output)"])[-1]
    print(f"| {label} | {wall:.0f} | {cpu:.0f} | {outcome} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true", help="also run the whole suite (minutes)")
    options = parser.parse_args()
    print("| run | wall s | CPU s | result |")
    print("|---|---|---|---|")
    run("fast subset, 2 processes", ["--fast", "-n", "2"])
    if options.full:
        run("full suite", [])


if __name__ == "__main__":
    main()

"""Console-script entry of ``policy-redline``: a plain diff without click, anything else with it."""

from __future__ import annotations

import sys

from policy_site.cli.diff import parse_fast, run_diff


def main() -> None:
    parsed = parse_fast(sys.argv[1:])
    if parsed is None:
        # Loaded only here: click and the review's modules cost more start-up time than a whole
        # small diff, which never needs them.
        from policy_site.cli.redline import main as click_main

        click_main()
        return
    sys.exit(run_diff(**parsed))

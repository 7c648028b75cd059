"""What several commands take the same way: one parser, one message."""

from __future__ import annotations

from datetime import date

import click


def parse_date(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    """A click callback: an ISO date, or a usage error that says how to write one (None stays None)."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"'{value}' is not a date; write it as YYYY-MM-DD", ctx=ctx, param=param) from None

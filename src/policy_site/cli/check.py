"""``policy-site check`` (the test of a site) and ``policy-site publish-due`` (the Publish
workflow's hourly question: has the date changed where the policies apply?)."""

from __future__ import annotations

import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path

import click

from policy_site.authoring.schedule import is_publish_due, parse_timestamp, render_due_reason
from policy_site.plugin.config import load_options_data
from policy_site.review.check import check_site

ROOT = click.option("--root", default=".", show_default=True,
                    type=click.Path(file_okay=False, exists=True, path_type=Path),
                    help="The site's folder (with mkdocs.yml, policies.yml and docs/).")


def _require_config(root: Path) -> Path:
    root = root.resolve()
    if not (root / "mkdocs.yml").is_file():
        raise click.UsageError(f"'{root}' has no mkdocs.yml; run from the site's folder or pass --root")
    return root


@click.command()
@ROOT
def check(root: Path) -> None:
    """Check the site: strict build (sources, registry, settings, translations where declared) and the
    links of the built pages. One line per problem; exit status 1 when there is any."""
    root = _require_config(root)
    with tempfile.TemporaryDirectory(prefix="policy-check-") as work:
        problems = check_site(root, Path(work))
    for problem in problems:
        click.echo(problem, err=True)
    if problems:
        sys.exit(1)
    click.echo("The site builds strictly and its links resolve.")


@click.command("publish-due")
@click.option("--last-deploy", default="", metavar="TIME",
              help="When the site was last deployed (ISO 8601, e.g. 2026-12-03T08:05:12Z); empty: never.")
@click.option("--now", default="", metavar="TIME", help="The time to decide for (ISO 8601); default: now.")
@ROOT
def publish_due(last_deploy: str, now: str, root: Path) -> None:
    """Print 'publish=true' when the date in the site's time zone (its time_zone option) is later
    than on the last deployment, else 'publish=false' (for $GITHUB_OUTPUT); the reason on stderr."""
    root = _require_config(root)
    try:
        zone = load_options_data((root / "mkdocs.yml").read_bytes(),
                                 config_file_path=str(root / "mkdocs.yml")).time_zone
        last = parse_timestamp(last_deploy) if last_deploy.strip() else None
        moment = parse_timestamp(now) if now.strip() else datetime.now(timezone.utc)
    except ValueError as exc:
        raise click.UsageError(f"Deciding whether to publish: {exc}") from None
    click.echo(f"publish={'true' if is_publish_due(last, moment, zone) else 'false'}")
    click.echo(render_due_reason(last, moment, zone), err=True)

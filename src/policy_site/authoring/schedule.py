"""When the Publish workflow deploys on its schedule: once the date has changed where the policies
apply since the last deployment.

GitHub's cron is in UTC and knows no daylight saving time, so a fixed hour is "just after midnight"
in a zone for half the year at most, and a scheduled run may start late or not at all. The workflow
runs every hour instead and asks this module whether the site's date (its ``time_zone``) is later
than the date of the last successful deployment there: the first run of each local day deploys,
whatever the offset that day, and a missed run is made up by the next one.
"""

from __future__ import annotations

from datetime import date, datetime, timezone

from policy_site.sources.dates import load_time_zone


def parse_timestamp(text: str) -> datetime:
    """An ISO 8601 time as GitHub's API writes it (``2026-12-03T08:05:12Z``); one without an offset
    is UTC. ValueError names the text."""
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"'{text}' is not an ISO 8601 time (e.g. 2026-12-03T08:05:12Z)") from None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=timezone.utc)


def local_date(moment: datetime, time_zone: str) -> date:
    return moment.astimezone(load_time_zone(time_zone)).date()


def is_publish_due(last_deploy: datetime | None, now: datetime, time_zone: str) -> bool:
    """True when nothing was deployed yet, or the last deployment was on an earlier date in
    ``time_zone`` than ``now``."""
    return last_deploy is None or local_date(last_deploy, time_zone) < local_date(now, time_zone)


def render_due_reason(last_deploy: datetime | None, now: datetime, time_zone: str) -> str:
    """One line for the workflow's log saying what was compared."""
    today = local_date(now, time_zone)
    if last_deploy is None:
        return f"no deployment yet: publish (today is {today.isoformat()} in {time_zone})"
    last = local_date(last_deploy, time_zone)
    verdict = "publish" if last < today else "already published today"
    return (f"last deployed {last_deploy.astimezone(timezone.utc):%Y-%m-%dT%H:%M:%SZ}, on {last.isoformat()} in "
            f"{time_zone}; today there is {today.isoformat()}: {verdict}")

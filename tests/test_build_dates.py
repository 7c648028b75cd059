"""The Publish workflow rebuilds the site every day: a build for a later date may differ from
today's only where the date decides what a page says (which revision is in effect, the days left
before an upcoming one), never elsewhere. Fixture ``daily``: ``sample`` has a revision upcoming on
2028-01-01, ``steady`` has nothing upcoming."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from conftest import SITES

LOCALES = ("", "en/", "zh/")  # the folders of ja, en and zh
TIME_ZONE = "Asia/Tokyo"  # tests/sites/mkdocs.yml: a revision takes effect at midnight in Japan


def epoch(day: str) -> str:
    """SOURCE_DATE_EPOCH of 00:00 on ``day`` where the policies apply, as the daily build runs."""
    return str(int(datetime.fromisoformat(day).replace(tzinfo=ZoneInfo(TIME_ZONE)).timestamp()))


def built_tree(fixture_build, day: str) -> dict[str, bytes]:
    built = fixture_build("daily", SOURCE_DATE_EPOCH=epoch(day))
    return {p.relative_to(built.site).as_posix(): p.read_bytes() for p in sorted(built.site.rglob("*")) if p.is_file()}


def changed(first: dict[str, bytes], second: dict[str, bytes]) -> set[str]:
    assert first.keys() == second.keys(), sorted(first.keys() ^ second.keys())
    return {name for name in first if first[name] != second[name]}


def test_the_fixture_runs_in_the_sites_time_zone():
    assert not (SITES / "daily" / "mkdocs.yml").exists()  # the fixture builds with the sample sites' configuration
    assert f"time_zone: {TIME_ZONE}" in (SITES / "mkdocs.yml").read_text(encoding="utf-8")


def test_the_next_day_changes_only_the_countdown_of_the_upcoming_revision(fixture_build):
    today, tomorrow = built_tree(fixture_build, "2026-01-01"), built_tree(fixture_build, "2026-01-02")
    countdown = {f"{prefix}sample/{page}" for prefix in LOCALES for page in ("index.html", "2020-01-01/index.html")}
    assert changed(today, tomorrow) == countdown | {"search/search_index.json"}
    page = tomorrow["sample/index.html"].decode()
    date = '<span class="policy-date">{}</span>'  # a date kept on one line (policy_site.site.nowrap)
    assert date.format("2026年1月2日") + "時点で施行まであと729日" in page  # the count is the one thing that moved
    assert page.replace(date.format("2026年1月2日") + "時点で施行まであと729日",
                        date.format("2026年1月1日") + "時点で施行まであと730日") == today["sample/index.html"].decode()


def test_a_build_after_the_upcoming_date_differs_only_in_the_pages_that_revision_changes(fixture_build):
    before, after = built_tree(fixture_build, "2026-01-01"), built_tree(fixture_build, "2028-01-01")
    difference = changed(before, after)
    # The policy's own pages, and the pages that list what is in effect: home, timeline, feed, search.
    concerned = {name for name in before for prefix in LOCALES
                 if name.startswith(f"{prefix}sample/")
                 or name in (f"{prefix}index.html", f"{prefix}history/index.html", f"{prefix}feed.xml")}
    assert difference <= concerned | {"search/search_index.json"}, sorted(difference - concerned)
    assert {"sample/index.html", "en/sample/index.html", "zh/sample/index.html"} <= difference
    assert not any("steady/" in name for name in difference)  # a policy with nothing upcoming is untouched
    assert not any(name.startswith(("assets/", "sitemap")) or "/sitemap" in name or name.endswith("404.html")
                   for name in difference)


def test_builds_for_two_days_with_nothing_upcoming_are_byte_identical(fixture_build):
    """Once the last revision is in effect nothing depends on the date: not the sitemaps either
    (MkDocs would stamp every entry with the build date)."""
    first, later = built_tree(fixture_build, "2028-01-01"), built_tree(fixture_build, "2029-06-30")
    assert changed(first, later) == set()
    assert b"<lastmod>" not in first["sitemap.xml"]

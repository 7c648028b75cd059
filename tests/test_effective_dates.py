"""Effective dates are dates where the policy applies: the build date is taken in the configured zone."""

from __future__ import annotations

from datetime import date

import pytest
from bs4 import BeautifulSoup

from conftest import build_site, make_project, text_of
from policy_site.plugin.config import load_options
from policy_site.sources.dates import load_build_date
from policy_site.sources.revision import revision_path, sha256_of

JUST_AFTER_MIDNIGHT_JST = "1796052600"   # 2026-11-30T15:30:00Z = 2026-12-01 00:30 in Tokyo
JUST_BEFORE_MIDNIGHT_JST = "1796049000"  # 2026-11-30T14:30:00Z = 2026-11-30 23:30 in Tokyo


def test_source_date_epoch_is_read_in_the_configured_zone():
    assert load_build_date({"SOURCE_DATE_EPOCH": JUST_AFTER_MIDNIGHT_JST}, time_zone="Asia/Tokyo") == date(2026, 12, 1)
    assert load_build_date({"SOURCE_DATE_EPOCH": JUST_AFTER_MIDNIGHT_JST}, time_zone="UTC") == date(2026, 11, 30)


@pytest.mark.parametrize("value,message", [
    ("Asia/Tokyyo", "Plugin 'policy-site' option 'time_zone': 'Asia/Tokyyo' is not an IANA time zone; "
                    "write one such as Asia/Tokyo or UTC"),
    ("../../etc/passwd", "Plugin 'policy-site' option 'time_zone': '../../etc/passwd' is not an IANA time zone"),
    (9, "Plugin 'policy-site' option 'time_zone': Expected type: <class 'str'>"),
])
def test_unknown_time_zone_is_a_setting_error_that_says_the_fix(value, message):
    with pytest.raises(ValueError) as error:
        load_options({"time_zone": value}, config_file_path="mkdocs.yml")
    assert str(error.value).startswith(message)


def move_upcoming_revision(project, new_date: str) -> None:
    """The fixture's 2028 revision, dated ``new_date`` instead (translations follow its new hash)."""
    docs = project / "docs"
    ja = docs / revision_path("ja", "sample", new_date)
    (docs / "ja/sample/2028-01-01.md").rename(ja)
    ja.write_text(ja.read_text(encoding="utf-8").replace("2028-01-01", new_date), encoding="utf-8")
    old_sha = sha256_of((project / "docs/ja/sample/2020-01-01.md").read_bytes())
    for locale in ("en", "zh"):
        path = docs / revision_path(locale, "sample", new_date)
        (docs / revision_path(locale, "sample", "2028-01-01")).rename(path)
        text = path.read_text(encoding="utf-8").replace("2028-01-01", new_date)
        start = text.index('source_sha256: "') + len('source_sha256: "')
        text = text[:start] + sha256_of(ja.read_bytes()) + text[start + 64:]
        assert old_sha not in text
        path.write_text(text, encoding="utf-8")


def test_revision_takes_effect_at_midnight_in_japan_not_at_midnight_utc(tmp_path):
    project = make_project(tmp_path / "p", "upcoming")
    move_upcoming_revision(project, "2026-12-01")
    after = build_site(project, tmp_path / "after", env={"SOURCE_DATE_EPOCH": JUST_AFTER_MIDNIGHT_JST})
    assert after.returncode == 0, after.stderr
    assert "built for 2026-12-01" in after.stderr
    page = BeautifulSoup((tmp_path / "after/sample/index.html").read_text(encoding="utf-8"), "html.parser")
    assert "保存します" in page.select_one(".policy-text").get_text()
    assert page.select_one("article .admonition.info") is None  # nothing upcoming any more

    before = build_site(project, tmp_path / "before", env={"SOURCE_DATE_EPOCH": JUST_BEFORE_MIDNIGHT_JST})
    assert before.returncode == 0, before.stderr
    page = BeautifulSoup((tmp_path / "before/sample/index.html").read_text(encoding="utf-8"), "html.parser")
    assert "管理します" in page.select_one(".policy-text").get_text()
    notice = text_of(page.select_one("article .admonition.info"))
    assert "2026年12月1日に施行される改定があります（2026年11月30日時点で施行まであと1日）" in notice
    en = BeautifulSoup((tmp_path / "before/en/sample/index.html").read_text(encoding="utf-8"), "html.parser")
    assert "A revision takes effect on December 1, 2026 (1 day to go as of November 30, 2026)" in \
        text_of(en.select_one("article .admonition.info"))

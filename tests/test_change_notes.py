"""The company's change note and announcement date of a revision, on every surface that shows the
revision: the history entry, the comparison pages whose newer side it is, the feeds, and the review's
comment and HTML report. The fixture ``tests/sites/noted``: a 2024-04-01 revision announced on
2024-03-01 whose ja and en files carry a note with characters that are markup somewhere (shown as
written), and whose zh file has none (the Japanese note is shown, marked as Japanese).
"""

from __future__ import annotations

import shutil
from datetime import date

import feedparser
import pytest
from click.testing import CliRunner

from conftest import SITES, build_site, make_project, read_page
from policy_site.cli.redline import main
from policy_site.review.notice import check_announced_notice
from policy_site.sources.revision import SourceError, check_revision
from test_review import commit, git

BUILT_ON = "1714521600"  # 2024-05-01: the noted revision is in effect
NOTE_JA = "第一条の「管理」を「安全に保存」に改めました。R&D <研究開発> 部門の *要請* によるものです。"
NOTE_EN = ("Article 1 now says the Company stores personal information securely. Requested by the "
           "R&D <research> team's *review*.")
PAIR = "sample/compare/2020-01-01...2024-04-01/index.html"
PREFIX = {"ja": "", "en": "en/", "zh": "zh/"}
# (the dates line, the note's label, the note, the language the note is marked with or None)
EXPECTED = {
    "ja": ("改定日：2024年4月1日 · 公表日：2024年3月1日", "改定の内容と理由", NOTE_JA, None),
    "en": ("Revised: April 1, 2024 · Announced: March 1, 2024", "What changed and why", NOTE_EN, None),
    "zh": ("修订日期：2024年4月1日 · 公布日期：2024年3月1日", "修订内容及理由", NOTE_JA, "ja"),
}
DATED_LABEL = {"ja": "2024年4月1日の改定の内容と理由", "en": "What the revision of April 1, 2024 changes and why",
               "zh": "2024年4月1日版的修订内容及理由"}


@pytest.fixture(scope="module")
def noted(fixture_build):
    built = fixture_build("noted", SOURCE_DATE_EPOCH=BUILT_ON)
    return built.site


def _note_of(element, label: str, note: str, lang: str | None) -> None:
    paragraph = element.select_one("p.change-note")
    assert paragraph is not None
    assert paragraph.strong.get_text() == label
    assert paragraph.get_text().endswith(note)  # the characters of markup shown as written, never as markup
    assert paragraph.select("em, a, code") == []
    assert (paragraph.select_one("span[lang]") or {}).get("lang") == lang


@pytest.mark.parametrize("locale", EXPECTED)
def test_the_history_entry_shows_the_announcement_beside_the_date_and_the_note(noted, locale):
    dates, label, note, lang = EXPECTED[locale]
    page = read_page(noted / PREFIX[locale] / "sample/history/index.html")
    heading = page.select_one("h2#rev-2024-04-01")
    entry = []
    for sibling in heading.find_next_siblings():
        if sibling.name == "h2":
            break
        entry.append(sibling)
    (line,) = [p for p in entry if "revision-dates" in (p.get("class") or [])]
    assert line.get_text() == dates
    (paragraph,) = [p for p in entry if "change-note" in (p.get("class") or [])]
    _note_of(paragraph.parent, label, note, lang)
    first = page.select_one("h2#rev-2020-01-01")  # a revision without either shows neither
    assert all("revision-dates" not in (p.get("class") or []) and "change-note" not in (p.get("class") or [])
               for p in first.find_next_siblings())


@pytest.mark.parametrize("locale", EXPECTED)
def test_the_comparison_page_of_the_newer_revision_shows_its_dates_and_note(noted, locale):
    dates, _, note, lang = EXPECTED[locale]
    page = read_page(noted / PREFIX[locale] / PAIR)
    content = page.select_one("article")
    assert content.select_one("p.revision-dates").get_text() == dates
    _note_of(content, DATED_LABEL[locale], note, lang)


@pytest.mark.parametrize("locale", EXPECTED)
def test_the_feed_entry_says_the_announcement_and_the_note(noted, locale):
    dates, label, note, _ = EXPECTED[locale]
    parsed = feedparser.parse((noted / PREFIX[locale] / "feed.xml").read_bytes())
    (entry,) = [e for e in parsed.entries if e.link.endswith("#rev-2024-04-01")]
    separator = {"ja": "：", "zh": "：", "en": ": "}[locale]
    gap = {"ja": "。", "zh": "。", "en": ". "}[locale]
    assert entry.summary.startswith(f"{dates}{gap}{label}{separator}{note}"), entry.summary
    (first,) = [e for e in parsed.entries if e.link.endswith("#rev-2020-01-01")]
    assert label not in first.summary and "·" not in first.summary


# ------------------------------------------------------------------------------------------------
# Validation: one line naming the file and the fix


GOOD = "---\neffective: 2024-04-01\nprovenance: authored\n{extra}---\n\n# 見本方針\n\n本文。\n"
TRANSLATION = ("---\neffective: 2024-04-01\nprovenance: translation\nsource_sha256: \"" + "0" * 64 + "\"\n{extra}"
               "---\n\n# Sample\n\nText.\n")
BAD = {
    "announced after effective": (GOOD, "announced: 2024-04-02\n",
                                  "'announced: 2024-04-02' is after the revision takes effect on 2024-04-01; give the "
                                  "date it was announced, on or before that day"),
    "announced not a date": (GOOD, "announced: 2024-02-30\n",
                             "'announced: 2024-02-30' is not a valid date; write it as YYYY-MM-DD"),
    "announced in a translation": (TRANSLATION, "announced: 2024-03-01\n",
                                   "'announced' belongs in the authoritative file only (the translations show its "
                                   "date); remove it from the translation"),
    "empty note": (GOOD, "change_note: \"\"\n",
                   "'change_note' must be quoted text, e.g. change_note: \"What changed and why.\""),
    "note as a list": (GOOD, "change_note: [a, b]\n",
                       "'change_note' must be quoted text, e.g. change_note: \"What changed and why.\""),
    "note of two paragraphs": (GOOD, "change_note: |\n  One.\n\n  Two.\n",
                               "'change_note' must be one paragraph; join its lines"),
    "note too long": (GOOD, "change_note: \"" + "あ" * 1001 + "\"\n", "'change_note' is 1,001 characters, over 1,000"),
}


@pytest.mark.parametrize("case", BAD, ids=list(BAD))
def test_a_bad_note_or_announcement_is_one_line_naming_the_file(case):
    template, extra, message = BAD[case]
    locale = "en" if template is TRANSLATION else "ja"
    path = f"{locale}/sample/2024-04-01.md"
    with pytest.raises(SourceError) as raised:
        check_revision(path, template.format(extra=extra).encode())
    text = str(raised.value)
    assert "\n" not in text
    assert text.startswith(f"Reading policy source '{path}': {message}"), text


def test_a_folded_note_and_an_announcement_on_the_day_are_accepted():
    revision = check_revision("ja/sample/2024-04-01.md", GOOD.format(
        extra="announced: 2024-04-01\nchange_note: >\n  One line\n  folded.\n").encode())
    assert revision.meta["change_note"] == "One line folded."
    assert revision.meta["announced"] == date(2024, 4, 1)


def test_the_build_stops_in_one_line_on_a_bad_announcement_and_warns_on_a_note_without_source(tmp_path):
    project = make_project(tmp_path / "bad", "noted")
    path = project / "docs/ja/sample/2024-04-01.md"
    path.write_text(path.read_text(encoding="utf-8").replace("announced: 2024-03-01", "announced: 2024-05-01"),
                    encoding="utf-8")
    result = build_site(project, tmp_path / "bad-site", env={"SOURCE_DATE_EPOCH": BUILT_ON})
    assert result.returncode != 0
    (line,) = [line for line in result.stderr.splitlines() if "announced" in line]
    assert "Reading policy source 'ja/sample/2020-01-01.md'" not in line
    assert "'ja/sample/2024-04-01.md': 'announced: 2024-05-01' is after the revision takes effect" in line
    assert "Traceback" not in result.stderr

    project = make_project(tmp_path / "orphan", "noted")
    zh = project / "docs/zh/sample/2020-01-01.md"
    zh.write_text(zh.read_text(encoding="utf-8").replace("---\n\n#", "change_note: \"说明。\"\n---\n\n#", 1),
                  encoding="utf-8")
    result = build_site(project, tmp_path / "orphan-site", env={"SOURCE_DATE_EPOCH": BUILT_ON})
    assert result.returncode != 0
    assert ("Checking translation 'zh/sample/2020-01-01.md': has a 'change_note', but 'ja/sample/2020-01-01.md' has "
            "none; write the note in the Japanese file first") in result.stderr


# ------------------------------------------------------------------------------------------------
# The notice period runs from the announcement the review can vouch for


def _notice(announced: str | None, effective: str = "2024-04-01", review: date = date(2024, 3, 1), **extra):
    line = f"announced: {announced}\n" if announced else ""
    data = f"---\neffective: {effective}\nprovenance: authored\n{line}---\n\n# 見本\n".encode()
    return check_announced_notice(f"ja/sample/{effective}.md", data, review_date=review,
                                  notice_days={"sample": 30}, **extra)


def test_the_notice_runs_from_the_later_of_the_review_date_and_the_announcement():
    assert _notice(None).detail is None  # 31 days from the review date
    assert _notice("2024-03-01").detail is None and _notice("2024-03-01").unverified is None  # announced today
    planned = _notice("2024-03-10")  # announced later than the review: 22 days of notice, from the announcement
    assert planned.detail.startswith("notice period: takes effect 2024-04-01, 22 days after its announcement on "
                                     "2024-03-10 (announced in its front matter), but sample is announced 30 days ahead")
    assert "date it 2024-04-09 or later" in planned.detail and planned.unverified is None
    assert _notice("2024-03-02", "2024-04-01").detail is None  # exactly 30 days from the announcement


def test_an_announcement_before_the_review_is_not_counted_and_needs_approval():
    backdated = _notice("2024-01-01", "2024-03-15")  # would be 74 days; the review date gives 14
    assert backdated.detail.startswith("notice period: takes effect 2024-03-15, 14 days after the review date "
                                       "2024-03-01, but sample is announced 30 days ahead")
    assert backdated.unverified.startswith("announced before the review: 'announced: 2024-01-01' is before the "
                                           "review date 2024-03-01, when this revision was not on the site")
    enough = _notice("2024-02-01", "2024-04-15")  # enough notice either way, still a claim the review cannot see
    assert enough.detail is None and enough.unverified is not None
    history = _notice("2009-01-10", "2009-02-10", in_effect=date(2023, 6, 15))  # history found later
    assert history.detail is None and history.unverified is None and history.announced == date(2009, 1, 10)


# ------------------------------------------------------------------------------------------------
# The review: the comment and the HTML report of a pull request that adds the noted revision


@pytest.fixture
def noted_repo(tmp_path):
    """The fixture's first revision on ``main``; the branch ``pr`` adds the noted one (ja, en, zh)."""
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    shutil.copy2(SITES / "mkdocs.yml", root / "mkdocs.yml")  # the configuration the fixture builds with
    shutil.copy2(SITES / "noted" / "policies.yml", root / "policies.yml")
    for path in (SITES / "noted" / "docs").rglob("2020-01-01.md"):
        target = root / "docs" / path.relative_to(SITES / "noted" / "docs")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)
    commit(root, "First revision")
    git(root, "checkout", "-q", "-b", "pr")
    for path in (SITES / "noted" / "docs").rglob("2024-04-01.md"):
        shutil.copy2(path, root / "docs" / path.relative_to(SITES / "noted" / "docs"))
    commit(root, "Noted revision")
    return root


def _review(repo, review_date: str, *args: str):
    return CliRunner().invoke(main, ["review", "--repo", str(repo), "--review-date", review_date, "--no-build",
                                     "main", "pr", *args])


def test_the_review_shows_the_note_and_the_announcement_of_a_new_revision(noted_repo, tmp_path):
    report = tmp_path / "report.html"
    result = _review(noted_repo, "2024-03-01", "--html", str(report))
    assert result.exit_code == 0, result.output
    comment = result.stdout
    assert "- **Announced:** 2024-03-01, 31 days before it takes effect on 2024-04-01" in comment
    assert comment.count("- **Announced:**") == 1  # the authoritative file's; the translations show none
    ja, en = (section.split("\n### ")[0] for section in comment.split("/sample/2024-04-01.md` — new revision")[1:3])
    assert "- **Change note:** " in ja and "- **Change note:** " in en
    shown = comment.split("- **Change note:** ")[1].splitlines()[0]
    assert shown != NOTE_JA and "\\*要請\\*" in shown and "<研究開発>" not in shown  # escaped, not markup
    assert "notice period" not in comment and "announcement before the review" not in comment

    from bs4 import BeautifulSoup

    html = BeautifulSoup(report.read_text(encoding="utf-8"), "html.parser")
    paragraphs = {p.strong.get_text(): p for p in html.select("p.review-correction") if p.strong}
    assert paragraphs["Announced:"].get_text() == "Announced: 2024-03-01, 31 days before it takes effect on 2024-04-01"
    notes = [p for p in html.select("p.review-correction") if p.strong and p.strong.get_text() == "Change note:"]
    assert [(p.span["lang"], p.span.get_text()) for p in notes] == [("ja", NOTE_JA), ("en", NOTE_EN)]


def test_a_review_after_the_announcement_date_needs_approval_and_counts_from_the_review(noted_repo):
    result = _review(noted_repo, "2024-03-10", "--check")
    assert result.exit_code == 1, result.stdout  # 22 days from the review date: too short
    assert "⚠️ announcement before the review" in result.stdout
    assert ("notice period: takes effect 2024-04-01, 22 days after the review date 2024-03-10"
            in result.stdout.replace("\\", ""))
    assert "'announced: 2024-03-01' is before the review date 2024-03-10" in result.stdout.replace("\\", "")


def test_a_new_revisions_note_and_announcement_are_shown_once(noted_repo, tmp_path):
    """On their own lines, not again in the front matter list (nor in the report's table)."""
    from bs4 import BeautifulSoup

    report = tmp_path / "report.html"
    comment = _review(noted_repo, "2024-03-01", "--html", str(report)).stdout
    assert "`change_note`" not in comment and "`announced`" not in comment
    ja = comment.split("/sample/2024-04-01.md` — new revision")[1].split("\n### ")[0]
    assert ja.count("- **Change note:** ") == 1 and ja.count("- **Announced:** ") == 1
    assert "  - `effective`: 2024-04-01" in ja  # the rest of the front matter is still listed
    html = BeautifulSoup(report.read_text(encoding="utf-8"), "html.parser")
    keys = [row.th.get_text() for table in html.select("table.review-meta") for row in table.select("tbody tr")]
    assert "effective" in keys and "change_note" not in keys and "announced" not in keys

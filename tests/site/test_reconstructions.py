"""Reconstructions on the published site: every figure resting on one says so, in ja, en and zh; the
basis is evidence then inference in the reader's language; the timeline's labels are true.

The built site is built with the Publish workflow's settings (conftest.publish_build_env), so these
tests check what GitHub Pages and the offline bundle show.
"""

from __future__ import annotations

import dataclasses
import gzip
import re
from datetime import date
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup

from conftest import DEFAULT_LOCALE, ROOT, SITE_LOCALES, load_project_catalog, read_page, site_t, text_of, text_without
from policy_site.common import scripts
from policy_site.site import comparisons
from policy_site.site import history
from policy_site.sources.catalog import load_catalog
from policy_site.site.reconstructions import check_reconstructions
from policy_site.site.strings import format_date, t
from policy_site.site.urls import locale_prefix
from conftest import LOCALES

PREFIX = {locale: locale_prefix(locale, DEFAULT_LOCALE) for locale in LOCALES}  # the site's one URL rule
LOCALES = ("ja", "en", "zh")
KANA = scripts.compile_class(scripts.HIRAGANA, scripts.KATAKANA)
MARKDOWN_SYNTAX = re.compile(r"\{#|\]\(|^#|\s#{2,}\s|- \[|\*\*|`")


def load():
    return load_catalog(ROOT / "docs", ROOT / "policies.yml", build_date=date(2024, 6, 29), locales=SITE_LOCALES)


CATALOG = load()
BUILT = load_project_catalog()  # the sources as the site's build reads them, for its build date


def read(site: Path, path: str) -> BeautifulSoup:
    return read_page(site / path)


def rests_on_reconstruction(policy: str, day: str) -> bool:
    """From the catalog: whether the revision or the one before it is a reconstruction."""
    revisions = CATALOG.revisions_of(policy)
    index = [r.effective.isoformat() for r in revisions].index(day)
    return index > 0 and bool(CATALOG.reconstructed_side(revisions[index - 1], revisions[index]))


def cumulative(policy: str, day: str) -> bool:
    revisions = CATALOG.revisions_of(policy)
    index = [r.effective.isoformat() for r in revisions].index(day)
    return index > 0 and len(CATALOG.law_dates(revisions[index - 1], revisions[index])) > 1


def entry_of(soup: BeautifulSoup, day: str) -> list:
    """The elements of one history entry (from its h2 to the next)."""
    heading = soup.select_one(f"article h2#rev-{day}")
    assert heading is not None, day
    elements = []
    for sibling in heading.find_next_siblings():
        if sibling.name == "h2":
            break
        elements.append(sibling)
    return elements


def test_the_catalog_has_what_these_tests_are_about():
    """The marker cases exist: published-after-reconstruction, reconstruction pairs, cumulative spans."""
    assert rests_on_reconstruction("privacy", "2023-06-15") and not cumulative("privacy", "2023-06-15")
    assert cumulative("privacy", "2022-04-01") and not cumulative("privacy-china", "2023-06-15")
    assert CATALOG.law_dates(CATALOG.revisions_of("privacy")[1], CATALOG.revisions_of("privacy")[2]) == [
        date(2017, 5, 30), date(2022, 4, 1)]


@pytest.mark.parametrize("locale", LOCALES)
def test_every_redline_resting_on_a_reconstruction_is_marked_once_above_both_views(built_site, locale):
    checked = 0
    for policy in (p.id for p in CATALOG.policies):
        revisions = CATALOG.revisions_of(policy)
        for previous, revision in zip(revisions, revisions[1:]):
            day = revision.effective.isoformat()
            soup = read(built_site, f"{PREFIX[locale]}{policy}/compare/{previous.effective.isoformat()}...{day}/index.html")
            comparison = soup.select_one("article .history-comparison")
            marker = comparison.select_one(":scope > .inferred-marker")
            views = comparison.select(".tabbed-block")
            assert len(views) == 2
            if rests_on_reconstruction(policy, day):
                assert marker is not None, (policy, day)
                assert marker.select_one(".admonition-title").get_text() == t(locale, "inferred_title")
                text = marker.get_text()
                assert ("inferred, not recorded" in text) if locale == "en" else (
                    "推定です" in text if locale == "ja" else "是推定的" in text)
                # above the views, so seen whichever is open; and said once on the page
                assert marker.find_next_sibling(class_="history-views") is not None
                assert len(soup.select("article .inferred-marker")) == 1, (policy, day, locale)
                assert (t(locale, "inferred_cumulative", dates="")[:6] in text) == cumulative(policy, day)
                checked += 1
            else:
                assert marker is None and comparison.select_one(".inferred-marker") is None, (policy, day)
    assert checked == 4  # privacy 2009, 2022, 2023 and privacy-china 2023


@pytest.mark.parametrize("locale", LOCALES)
def test_compare_with_current_is_marked_when_the_older_text_is_a_reconstruction(built_site, locale):
    current = CATALOG.current("privacy")
    older = [r for r in CATALOG.revisions_of("privacy") if r.effective < current.effective]
    assert len(older) == 3
    for revision in older:
        box = read(built_site, f"{PREFIX[locale]}privacy/compare/{revision.effective.isoformat()}..."
                               f"{current.effective.isoformat()}/index.html")
        marker = box.select_one(".history-comparison > .inferred-marker")
        assert marker is not None
        assert t(locale, "inferred_old") in marker.get_text()
        spans_laws = len(CATALOG.law_dates(revision, current)) > 1
        assert (t(locale, "inferred_cumulative", dates="")[:6] in marker.get_text()) == spans_laws
        assert spans_laws == (revision.effective.year < 2022)


@pytest.mark.parametrize("locale", LOCALES)
def test_timeline_counts_say_when_they_are_inferred(built_site, locale):
    soup = read(built_site, f"{PREFIX[locale]}history/index.html")
    rows = soup.select("article table tbody tr")
    entries = sorted((r for r in CATALOG.revisions if r.locale == "ja"), key=lambda r: (r.effective, r.policy),
                     reverse=True)
    assert len(rows) == len(entries)
    for row, revision in zip(rows, entries):
        day = revision.effective.isoformat()
        changes = row.select("td")[3]
        marker = changes.select_one(".inferred-marker")
        assert (marker is not None) == rests_on_reconstruction(revision.policy, day), (revision.path, locale)
        if marker is not None:
            assert marker.get_text().startswith(t(locale, "inferred_title"))
            assert (t(locale, "inferred_cumulative", dates="")[:6] in marker.get_text()) == \
                cumulative(revision.policy, day)


def test_timeline_names_what_was_established(built_site):
    for locale, expected in (("ja", {"2005-08-21": "個人情報保護方針 制定", "2009-02-10": "プライバシーポリシー 制定"}),
                             ("en", {"2005-08-21": "Personal Information Protection Policy established",
                                     "2009-02-10": "Privacy Policy established"}),
                             ("zh", {"2005-08-21": "个人信息保护方针 制定", "2009-02-10": "隐私政策 制定"})):
        soup = read(built_site, f"{PREFIX[locale]}history/index.html")
        for row in soup.select("article table tbody tr"):
            href = row.select_one("a")["href"]
            for day, label in expected.items():
                if href.endswith(f"privacy/history/#rev-{day}"):
                    assert row.select("td")[2].get_text().startswith(label), (locale, day)


@pytest.mark.parametrize("locale", LOCALES)
def test_feed_entries_resting_on_a_reconstruction_say_so(built_site, locale):
    parsed = feedparser.parse((built_site / f"{PREFIX[locale]}feed.xml").read_bytes())
    marked = 0
    for entry in parsed.entries:
        policy, day = re.search(r"/([a-z-]+)/history/#rev-(\d{4}-\d{2}-\d{2})$", entry.link).groups()
        summary = entry.summary
        assert (t(locale, "inferred_title") in summary) == rests_on_reconstruction(policy, day), (policy, day)
        assert (t(locale, "inferred_cumulative", dates="")[:6] in summary) == cumulative(policy, day), (policy, day)
        marked += rests_on_reconstruction(policy, day)
    assert marked == 4


@pytest.mark.parametrize("locale", LOCALES)
def test_variant_comparison_of_two_published_texts_has_no_marker(built_site, locale):
    soup = read(built_site, f"{PREFIX[locale]}privacy-china/compare/index.html")
    assert soup.select_one(".inferred-marker") is None
    assert soup.select_one(".redline-inline") is not None


@pytest.mark.parametrize("locale", LOCALES)
def test_variant_comparison_is_marked_when_the_texts_in_effect_are_reconstructions(locale):
    """Built for 2022-06-01, both texts in effect are reconstructions: the comparison says so, and
    its introduction no longer calls them published texts."""
    catalog = dataclasses.replace(load(), build_date=date(2022, 6, 1))  # (external-transmission: none yet)
    redlines = comparisons.Redlines()
    markdown = history.render_compare_markdown(catalog, redlines, "privacy", "privacy-china", locale)
    html = redlines.fill(f"{locale}/privacy-china/compare.md", markdown)
    assert t(locale, "inferred_both") in html
    assert html.count("inferred-marker") == 1 and html.count(t(locale, "inferred_both")) == 1
    assert t(locale, "compare_intro", base="", base_date="", variant="", variant_date="")[-8:] not in html


@pytest.mark.parametrize("locale", LOCALES)
def test_basis_is_evidence_then_inference_in_the_readers_language(built_site, locale):
    for revision in (r for r in CATALOG.revisions if r.locale == "ja" and r.is_reconstructed):
        soup = read(built_site, f"{PREFIX[locale]}{revision.policy}/{revision.effective.isoformat()}/index.html")
        items = soup.select("article .admonition.danger details li")
        assert len(items) == len(revision.meta["basis"]), revision.path
        for item in items:
            labels = [strong.get_text() for strong in item.select("strong")]
            assert labels == [t(locale, "basis_evidence"), t(locale, "basis_inference")]
            text = item.get_text()
            assert not MARKDOWN_SYNTAX.search(text), (revision.path, text[:80])
            if locale == "ja":
                assert not re.search(r"[A-Za-z]{4,} [a-z]{3,}", text), text[:80]  # no English prose
            else:
                text = text_without(item, item.select('span[lang="ja"]'))  # the page is shared: not decomposed
                assert not KANA.search(text), (locale, text[:120])  # Japanese is marked
                if locale == "en":
                    assert " the " in text
                else:
                    assert "的" in text


@pytest.mark.parametrize("locale,derived", [
    ("ja", "2009年2月10日の版（それ自体が推定復元版）"),
    ("en", "the revision of February 10, 2009 (itself a reconstruction)"),
    ("zh", "2009年2月10日的版本（其本身也是推定复原版本）"),
])
def test_notice_names_what_a_reconstruction_was_derived_from(built_site, locale, derived):
    soup = read(built_site, f"{PREFIX[locale]}privacy/2005-08-21/index.html")
    assert derived in soup.select_one("article .admonition.danger").get_text()
    soup = read(built_site, f"{PREFIX[locale]}privacy/2022-04-01/index.html")
    assert t(locale, "derived_from_published", date="").strip("（）() ")[-4:] in \
        soup.select_one("article .admonition.danger").get_text()


def test_reconstructed_2009_text_has_nothing_that_could_not_exist_then():
    body = next(r for r in CATALOG.revisions if r.path == "ja/privacy/2009-02-10.md").body
    for anachronism in ("広告識別子", "スマートフォン", "タブレット", "突合", "個人識別符号", "外国にある第三者",
                        "第三者提供記録"):
        assert anachronism not in body, anachronism


SIGNATURE = {"ja": "代表取締役社長　小林 啓二", "en": "Keiji Kobayashi, President", "zh": "代表董事社长　小林启二"}
SIGNATURE_REMOVED = {"ja": "署名の行をこの日の版のものとして示すことはせず、取り除きました",
                     "en": "the signature line is removed rather than shown as that date's",
                     "zh": "因此删除了署名一行"}


def test_reconstructions_show_no_officers_signature_and_their_basis_says_why():
    """Who held office on a reconstruction's date is not verified: the published texts keep the
    president's signature; a reconstruction and its translations have none, and a basis entry says so."""
    for revision in (r for r in CATALOG.revisions if r.policy in ("privacy", "privacy-china")):
        source = revision if revision.locale == "ja" else CATALOG.translation_source(revision)
        assert (SIGNATURE[revision.locale] in revision.body) != source.is_reconstructed, revision.path
        if source.is_reconstructed:
            removed = [e for e in revision.meta["basis"] if SIGNATURE_REMOVED[revision.locale] in e["inference"]]
            assert len(removed) == 1, revision.path


def test_translated_basis_out_of_step_is_a_warning():
    catalog = load()
    en = next(r for r in catalog.revisions if r.path == "en/privacy/2009-02-10.md")
    en.meta["basis"] = en.meta["basis"][:-1]
    published = next(r for r in catalog.revisions if r.path == "zh/privacy/2023-06-15.md")
    published.meta["basis"] = [{"evidence": "a", "inference": "b"}]
    entries = len(next(r for r in catalog.revisions if r.path == "ja/privacy/2009-02-10.md").meta["basis"])
    assert check_reconstructions(catalog) == [
        f"Checking translation 'en/privacy/2009-02-10.md': its basis has {entries - 1} entries, "
        f"'ja/privacy/2009-02-10.md' has {entries}; translate each entry of the Japanese basis, in the same order",
        "Checking translation 'zh/privacy/2023-06-15.md': has a basis, but 'ja/privacy/2023-06-15.md' is "
        "published, not a reconstruction; remove 'basis'",
    ]
    assert check_reconstructions(load()) == []


@pytest.mark.parametrize("locale", LOCALES)
def test_superseded_notice_says_unrecorded_revisions_may_lie_in_a_cumulative_span(built_site, locale):
    marker = t(locale, "unknown_revisions", date="", dates="")[-12:]
    for revision in (r for r in CATALOG.revisions if r.locale == "ja" and r.effective < CATALOG.current(r.policy).effective):
        soup = read(built_site, f"{PREFIX[locale]}{revision.policy}/{revision.effective.isoformat()}/index.html")
        warning = " ".join(a.get_text() for a in soup.select("article .admonition.warning"))
        successor = next(r for r in CATALOG.revisions_of(revision.policy) if r.effective > revision.effective)
        assert (marker in warning) == (len(CATALOG.law_dates(revision, successor)) > 1), (revision.path, locale)
    assert marker in read(built_site, f"{PREFIX[locale]}privacy/2009-02-10/index.html").get_text()


def _law_dates_in_basis() -> set[date]:
    return {entry["in_force"] for revision in CATALOG.revisions for entry in revision.meta.get("basis", [])
            if "in_force" in entry}


@pytest.mark.parametrize("locale", LOCALES)
def test_no_notice_names_a_change_in_law_in_force_after_its_span(built_site, locale):
    """A span from one revision to the next covers the laws in force after the first took effect and
    at the latest on the day the next did: 2023-06-16 is after a span ending 2023-06-15."""
    laws = _law_dates_in_basis()
    checked = 0
    for policy in CATALOG.policies:
        revisions = CATALOG.revisions_of(policy.id)
        for old, new in zip(revisions, revisions[1:]):
            outside = [format_date(d, locale) for d in laws if not old.effective < d <= new.effective]
            pages = [f"{PREFIX[locale]}{policy.id}/compare/{old.effective}...{new.effective}/index.html",
                     f"{PREFIX[locale]}{policy.id}/{old.effective}/index.html"]
            for path in pages:
                soup = read(built_site, path)
                notes = soup.select(".inferred-marker, article > .admonition.warning")
                text = " ".join(note.get_text(" ", strip=True) for note in notes)
                checked += bool(text)
                assert not [d for d in outside if d in text], (path, text)
    assert checked


def _reconstructions():
    return [r for r in CATALOG.revisions if r.locale == "ja" and r.is_reconstructed]


def _published():
    return [r for r in CATALOG.revisions if r.locale == "ja" and r.provenance == "published"]


@pytest.mark.parametrize("locale", LOCALES)
def test_reconstruction_pages_carry_none_of_the_published_texts_marks(built_site, locale):
    """Not the company's text: its own footer, no 'authoritative/prevails' line, noindex, a title that says so."""
    assert _reconstructions()
    for revision in _reconstructions():
        soup = read(built_site, f"{PREFIX[locale]}{revision.policy}/{revision.effective}/index.html")
        footer = soup.select_one(".md-copyright").get_text(" ", strip=True)
        assert footer == site_t(locale, "copyright_reconstructed") and site_t(locale, "copyright") not in footer, revision.path
        notices = " ".join(a.get_text(" ", strip=True) for a in soup.select("article .admonition"))
        if locale != "ja":
            assert site_t(locale, "translation_notice") not in notices, (revision.path, locale)
            assert site_t(locale, "translation_notice_reconstructed") in notices, (revision.path, locale)
        assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex", revision.path
        assert t(locale, "note_reconstructed") in soup.title.string, soup.title.string


@pytest.mark.parametrize("locale", LOCALES)
def test_published_pages_keep_their_marks_and_are_indexed(built_site, locale):
    for revision in _published():
        soup = read(built_site, f"{PREFIX[locale]}{revision.policy}/{revision.effective}/index.html")
        assert soup.select_one(".md-copyright").get_text(" ", strip=True) == site_t(locale, "copyright"), revision.path
        assert soup.find("meta", attrs={"name": "robots"}) is None, revision.path
        assert t(locale, "note_reconstructed") not in soup.title.string, soup.title.string


def test_reconstructions_are_left_out_of_every_sitemap(built_site):
    sitemaps = sorted(built_site.glob("**/sitemap.xml"))
    assert len(sitemaps) == len(LOCALES)
    for sitemap in sitemaps:
        text = sitemap.read_text(encoding="utf-8")
        assert "<url>" in text
        for revision in _reconstructions():
            assert f"/{revision.policy}/{revision.effective}/<" not in text, (sitemap, revision.path)
            assert f"/{revision.policy}/{revision.effective}/\"" not in text, (sitemap, revision.path)
        for revision in _published():
            if sitemap.parent == built_site:
                assert f"/{revision.policy}/{revision.effective}/</loc>" in text, revision.path
    assert gzip.decompress((built_site / "sitemap.xml.gz").read_bytes()) == (built_site / "sitemap.xml").read_bytes()


@pytest.mark.parametrize("locale", LOCALES)
def test_every_list_of_revisions_marks_the_reconstructions(built_site, locale):
    """The 'all revisions' list, the history headings (the compare-any-two choices are read from them),
    the list of comparison links and the feed's entry titles."""
    mark = t(locale, "note_reconstructed")
    pairs_checked = 0
    for policy in CATALOG.policies:
        revisions = CATALOG.revisions_of(policy.id)
        page = read(built_site, f"{PREFIX[locale]}{policy.id}/index.html")
        items = [li.get_text(strip=True) for li in page.select(".policy-revisions li")]
        history = read(built_site, f"{PREFIX[locale]}{policy.id}/history/index.html")
        for revision in revisions:
            (item,) = [i for i in items if i.startswith(format_date(revision.effective, locale))]
            assert (mark in item) == revision.is_reconstructed, (policy.id, item)
            heading = history.select_one(f"article h2#rev-{revision.effective}").get_text(strip=True)
            assert (mark in heading) == revision.is_reconstructed, heading
        by_date = {r.effective.isoformat(): r for r in revisions}
        for link in history.select(".history-compare-list a"):
            sides = [part.strip() for part in link.get_text(strip=True).split("→")]
            pair = (by_date[link["data-old"]], by_date[link["data-new"]])
            assert [(mark in side) for side in sides] == [r.is_reconstructed for r in pair], link
            pairs_checked += 1
    assert pairs_checked  # the list of the other comparisons exists
    parsed = feedparser.parse((built_site / f"{PREFIX[locale]}feed.xml").read_bytes())
    for revision in CATALOG.revisions:
        if revision.locale != "ja":
            continue
        (entry,) = [e for e in parsed.entries if e.link.endswith(f"{revision.policy}/history/#rev-{revision.effective}")]
        assert (mark in entry.title) == revision.is_reconstructed, entry.title


@pytest.mark.parametrize("locale", LOCALES)
def test_no_inferred_succession_is_stated_as_a_revision(built_site, locale):
    """'This revision was revised on <date>' only between texts the company published or that were archived."""
    for policy in CATALOG.policies:
        revisions = CATALOG.revisions_of(policy.id)
        for revision, successor in zip(revisions, revisions[1:]):
            soup = read(built_site, f"{PREFIX[locale]}{policy.id}/{revision.effective}/index.html")
            notices = " ".join(text_of(a) for a in soup.select("article > .admonition.warning"))
            stated = t(locale, "superseded", date=format_date(successor.effective, locale), link="").split("{")[0]
            fact = stated.split(t(locale, "sentence_separator"))[0]
            # In effect on the day the site was built for (CATALOG is read for the capture's day): said of none.
            if revision.effective >= BUILT.current(policy.id).effective:
                assert fact not in notices, (revision.path, notices)
                continue
            inferred = revision.is_reconstructed or successor.is_reconstructed
            assert (fact in notices) != inferred, (revision.path, notices)


@pytest.mark.parametrize("locale", LOCALES)
def test_published_revisions_show_when_their_text_was_captured(built_site, locale):
    for revision in _published():
        soup = read(built_site, f"{PREFIX[locale]}{revision.policy}/{revision.effective}/index.html")
        meta = text_of(soup.select_one(".policy-meta"))
        assert t(locale, "captured_published", captured=format_date(revision.meta["captured"], locale)) in meta, meta
    for revision in _reconstructions():
        soup = read(built_site, f"{PREFIX[locale]}{revision.policy}/{revision.effective}/index.html")
        meta = text_of(soup.select_one(".policy-meta"))
        captured_dates = {format_date(r.meta["captured"], locale) for r in _published()}
        assert not [d for d in captured_dates if d in meta], meta  # the site captured no text of that date


@pytest.mark.parametrize("locale", LOCALES)
def test_a_revision_the_published_text_records_without_its_text_is_stated_as_recorded(built_site, locale):
    """The China statement records 「2022年4月1日最終改定」: a fact, not 'there may have been a revision'."""
    recorded = [r for r in CATALOG.revisions if r.meta.get("revised_without_text")]
    assert recorded
    for revision in recorded:
        expected = t(locale, "revised_without_text",
                     dates=format_date(revision.meta["revised_without_text"][0], locale))
        page = read(built_site, f"{PREFIX[locale]}{revision.policy}/{revision.effective}/index.html")
        assert expected in text_of(page.select_one("article > .admonition.warning"))
        history = read(built_site, f"{PREFIX[locale]}{revision.policy}/history/index.html")
        entry = " ".join(text_of(e) for e in entry_of(history, revision.effective.isoformat()))
        assert expected in entry

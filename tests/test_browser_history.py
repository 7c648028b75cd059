"""History and comparison pages in a real browser: the compare-any-two control (with and without
JavaScript, served and from file://), views, focus, print, phone width, no request for a missing file.

They run on the fixture site ``tests/sites/histories`` (fictional text, Japanese with English and
Chinese translations, as the fixture declares): a policy of five revisions, the first a
reconstruction, and a variant of it. Every date and path comes from the fixture's catalog, so that
the tests read no company's content and keep their meaning when the fixture gains a revision.
"""

from __future__ import annotations

import io
import re
import urllib.parse
from datetime import date
from pathlib import Path

import pytest

from conftest import ROOT, build_site, load_locales_of, make_project, open_recording_page, project_t
from policy_site.sources.catalog import load_catalog
from policy_site.site.comparisons import CONTEXT_BLOCKS, Comparison, Redlines
from policy_site.redline import render_side_by_side_html
from policy_site.redline.labels import load_labels
from policy_site.redline.model import HEADING, UNCHANGED
from policy_site.site.nowrap import render_unbreakable_dates
from policy_site.site.reconstructions import render_revision_date
from policy_site.site.strings import format_date, t
from policy_site.site.urls import (TIMELINE_PAGE, compare_page, history_page, locale_prefix, page_url, policy_page,
                                   variant_compare_page)

pytestmark = pytest.mark.browser

FIXTURE = "histories"
LOCALES = ("ja", "en", "zh")  # the languages the fixture builds (tests/sites/mkdocs.yml), ja authoritative
# The build date, pinned (00:00 UTC on 2026-01-01: 09:00 in Japan, the fixture's time zone): the
# catalog the tests derive from is read for the day the site was built for.
BUILT_ON = date(2026, 1, 1)
BUILD_ENV = {"SOURCE_DATE_EPOCH": "1767225600"}


@pytest.fixture(scope="module")
def built(fixture_build):
    """The fixture site as served (directory URLs), built once per session."""
    return fixture_build(FIXTURE, **BUILD_ENV)


@pytest.fixture(scope="module")
def history_catalog(built):
    """The fixture's sources as its build read them: the tests' dates and paths come from here."""
    locales = load_locales_of(built.project)
    assert tuple(locales) == LOCALES and locales.default == LOCALES[0], tuple(locales)
    return load_catalog(built.project / "docs", built.project / "policies.yml", build_date=BUILT_ON, locales=locales)


@pytest.fixture(scope="module")
def server(built, serve_site):
    """The fixture site on a loopback port, as GitHub Pages would serve it (root path)."""
    return serve_site(built.site)


@pytest.fixture
def page(browser, server):
    """A fresh page on the fixture site that records every request leaving its origin (this
    module's own: conftest's ``page`` is the real site's)."""
    with open_recording_page(browser, server) as tab:
        yield tab


@pytest.fixture(scope="module")
def offline_site(tmp_path_factory):
    """The fixture site as the offline bundle has it: ``.html`` URLs, opened from file://."""
    folder = tmp_path_factory.mktemp("offline")
    project = make_project(folder / "project", FIXTURE)
    (project / "node_modules").symlink_to(ROOT / "node_modules")  # the offline build's search shim
    result = build_site(project, folder / "site", env={"OFFLINE": "true", **BUILD_ENV})
    assert result.returncode == 0, result.stderr
    return folder / "site"


def the_policy(catalog) -> str:
    """The fixture's policy with a history (the one that is not a variant)."""
    return next(policy.id for policy in catalog.policies if not policy.variant_of)


def the_revisions(catalog) -> list:
    """The policy's revisions, oldest first: at least four, so that every test below has pairs of
    neighbours, pairs further apart and a first and a last that differ in most of their text."""
    revisions = catalog.revisions_of(the_policy(catalog))
    assert len(revisions) >= 4 and any(r.is_reconstructed for r in revisions)
    return revisions


def url_of(catalog, old, new, *, locale: str = "ja", directory_urls: bool = True) -> str:
    """The comparison page of two revisions of the policy (a locale's, relative to the site's root)."""
    path = compare_page(the_policy(catalog), old.effective, new.effective)
    return locale_prefix(locale, LOCALES[0]) + page_url(path, use_directory_urls=directory_urls)


def history_url(catalog, locale: str = "ja", *, directory_urls: bool = True) -> str:
    """The policy's history page (a locale's, relative to the site's root)."""
    return locale_prefix(locale, LOCALES[0]) + page_url(history_page(the_policy(catalog)),
                                                        use_directory_urls=directory_urls)


def latest_comparison(catalog) -> str:
    """The comparison of the last two revisions (the one most readers open)."""
    *_, old, new = the_revisions(catalog)
    return url_of(catalog, old, new)


def choose_and_compare(page, old: str, new: str) -> None:
    form = page.locator("form[data-history-compare]")
    assert form.is_visible()
    form.locator("select[name=old]").select_option(old)
    form.locator("select[name=new]").select_option(new)
    form.locator("button[type=submit]").click()


def test_compare_any_two_opens_the_comparison_page(page, server, built, history_catalog):
    catalog = history_catalog
    revisions = the_revisions(catalog)
    page.goto(f"{server}/{history_url(catalog)}")
    dates = [r.effective for r in reversed(revisions)]  # newest first
    current = catalog.current(the_policy(catalog)).effective
    default_old = dates[1] if current == dates[0] else current  # as the history page chooses
    options = page.locator("select[name=old] option")
    assert [options.nth(k).get_attribute("value") for k in range(options.count())] == [d.isoformat() for d in dates]
    chosen = options.nth(dates.index(default_old))
    revision = next(r for r in revisions if r.effective == default_old)
    # the choice says what the revision is (a reconstruction is marked as one)
    assert chosen.inner_text() == render_revision_date(catalog, revision, "ja") and chosen.evaluate("o => o.selected")
    for k in range(options.count()):
        marked = project_t(built.project, "ja", "note_reconstructed") in options.nth(k).inner_text()
        assert marked == revisions[len(dates) - 1 - k].is_reconstructed
    choose_and_compare(page, dates[0].isoformat(), dates[-1].isoformat())  # either order
    page.wait_for_url(f"{server}/{url_of(catalog, revisions[0], revisions[-1])}")
    assert format_date(dates[-1], "ja") in page.locator("article h1").inner_text()
    page.goto(f"{server}/{history_url(catalog, 'en')}")
    choose_and_compare(page, dates[1].isoformat(), dates[1].isoformat())
    assert page.locator(".history-compare-message").inner_text() == "Choose two different revisions."
    assert page.foreign_requests == []


def test_compare_any_two_works_from_file_urls(browser, offline_site, history_catalog):
    catalog = history_catalog
    revisions = the_revisions(catalog)
    old, new = revisions[1], revisions[-2]  # neither the first nor the last: a choice from the middle
    tab = browser.new_page()
    try:
        tab.goto((offline_site / history_url(catalog, "zh", directory_urls=False)).as_uri())
        choose_and_compare(tab, old.effective.isoformat(), new.effective.isoformat())
        tab.wait_for_url(f"**/{url_of(catalog, old, new, locale='zh', directory_urls=False)}")
        assert tab.locator(".redline-inline ins").count() > 0
        tab.locator("label.history-fulltext-label").click()  # the full text needs no request either
        assert tab.locator(".redline-inline .redline-far").first.is_visible()
    finally:
        tab.close()


def test_without_javascript_the_history_page_lists_the_comparisons(browser, server, history_catalog):
    catalog = history_catalog
    revisions = the_revisions(catalog)
    old, new = revisions[0], revisions[2]  # not neighbours: a comparison the timeline has no link to
    context = browser.new_context(java_script_enabled=False)
    try:
        tab = context.new_page()
        tab.goto(f"{server}/{history_url(catalog)}")
        assert tab.locator("form[data-history-compare]").is_hidden()
        tab.locator(".history-compare-list summary").click()
        tab.locator(f".history-compare-list a[data-old='{old.effective}'][data-new='{new.effective}']").click()
        tab.wait_for_url(f"{server}/{url_of(catalog, old, new)}")
        assert tab.locator(".redline-inline").is_visible()
    finally:
        context.close()


@pytest.mark.parametrize("full_text", [False, True], ids=["compact", "full-text"])
@pytest.mark.parametrize("view", ["view-inline", "view-side-by-side"])
def test_summary_links_scroll_to_a_visible_change_in_each_view(page, server, history_catalog, view, full_text):
    page.goto(f"{server}/{latest_comparison(history_catalog)}")
    page.locator(f"label[for='{view}']").click()
    if full_text:
        page.locator("label.history-fulltext-label").click()
    block = page.locator(".history-views .tabbed-block").nth(0 if view == "view-inline" else 1)
    links = block.locator(".redline-summary a[href^='#']")
    assert links.count() > 1
    for k in range(links.count()):
        link = links.nth(k)
        link.click()
        target = page.locator(f"[id='{link.get_attribute('href')[1:]}']")
        assert target.is_visible()
        assert page.evaluate("id => { const r = document.getElementById(id).getBoundingClientRect();"
                             " return r.bottom > 0 && r.top < innerHeight; }", link.get_attribute("href")[1:])


def test_show_the_full_text_reveals_every_omitted_block(page, server, history_catalog):
    page.goto(f"{server}/{latest_comparison(history_catalog)}")
    far = page.locator(".redline-inline .redline-far")
    assert far.count() > 0 and far.first.is_hidden()
    assert page.locator(".redline-inline .redline-elided").first.is_visible()
    page.locator("label.history-fulltext-label").click()
    assert all(far.nth(k).is_visible() for k in range(far.count()))
    assert page.locator(".redline-inline .redline-elided").first.is_hidden()


# The rows of a page's 新旧対照表 as shown, and the rows of an HTML fragment as the same browser
# parses it: both serialised by the browser, so that equal markup gives equal strings.
SHOWN_ROWS = ("() => [...document.querySelectorAll('.redline-side-by-side table.redline-sbs > tbody > tr')]"
              ".filter(r => !r.hidden).map(r => r.outerHTML)")
DRAWN_ROWS = ("() => [...document.querySelectorAll('.redline-side-by-side table.redline-sbs > tbody > tr')]"
              ".filter(r => r.getBoundingClientRect().height > 0).length")
REDLINES = Redlines()  # the redlines the page tests compare with, computed once for the module
PARSED_ROWS = ("html => { const t = document.createElement('template'); t.innerHTML = html;"
               " return [...t.content.querySelectorAll('table.redline-sbs > tbody > tr')].map(r => r.outerHTML); }")


def render_page_side_by_side(catalog, old, new, *, context: int | None) -> str:
    """A comparison page's 新旧対照表 (ja) from the Python renderer, with the page's id prefix and
    heading offset and its dates kept on one line (the compact rendering must equal the page's,
    which checks all three)."""
    comparison = Comparison.of(catalog, old, new, "ja")
    redline = REDLINES.load_redline(comparison.old, comparison.new, comparison.locale)
    return render_unbreakable_dates(render_side_by_side_html(redline, locale=comparison.locale, id_prefix="s-",
                                                             heading_offset=1, context=context), comparison.locale)


def find_full_text_pair(catalog):
    """The first neighbouring revisions (ja) whose 新旧対照表 leaves out several runs of text, list
    items and headings among them: from the catalog, so that a new revision cannot break the test."""
    for policy in catalog.policies:
        revisions = catalog.revisions_of(policy.id)
        for old, new in zip(revisions, revisions[1:]):
            comparison = Comparison.of(catalog, old, new, "ja")
            ops = REDLINES.load_redline(comparison.old, comparison.new, comparison.locale).ops
            runs = re.findall(r'data-redline-far="(\d+)-(\d+)"',
                              render_page_side_by_side(catalog, old, new, context=CONTEXT_BLOCKS))
            kinds = {ops[n - 1].kind for first, last in runs for n in range(int(first), int(last) + 1)}
            if len(runs) >= 2 and {"list_item", "heading"} <= kinds:
                return policy.id, old, new
    pytest.fail("no neighbouring revisions leave out several runs with list items and headings")


def check_side_by_side_full_text(tab, catalog, old, new) -> None:
    """The control on: every row of the page's 新旧対照表, per column, as the server renders the full
    text, and drawn; off again: the compact table as served."""
    full = tab.evaluate(PARSED_ROWS, render_page_side_by_side(catalog, old, new, context=None))
    compact = tab.evaluate(PARSED_ROWS, render_page_side_by_side(catalog, old, new, context=CONTEXT_BLOCKS))
    tab.locator("label[for='view-side-by-side']").click()
    assert tab.evaluate(SHOWN_ROWS) == compact
    assert len(compact) < len(full)
    control = tab.locator("label.history-fulltext-label")
    control.click()
    assert tab.evaluate(SHOWN_ROWS) == full
    assert tab.evaluate(DRAWN_ROWS) == len(full)
    control.click()
    assert tab.evaluate(SHOWN_ROWS) == compact
    assert tab.evaluate(DRAWN_ROWS) == len(compact)


@pytest.mark.parametrize("where", ["served", "file", "variant"])
def test_show_the_full_text_builds_the_side_by_side_as_the_server_renders_it(browser, request, history_catalog, where):
    catalog = history_catalog
    policy, old, new = find_full_text_pair(catalog)
    path = compare_page(policy, old.effective, new.effective)
    if where == "variant":  # a variant against the policy it varies, both in effect
        variant = next(p for p in catalog.policies if p.variant_of)
        old, new = catalog.current(variant.variant_of), catalog.current(variant.id)
        url = f"{request.getfixturevalue('server')}/{page_url(variant_compare_page(variant.id), use_directory_urls=True)}"
    elif where == "served":
        url = f"{request.getfixturevalue('server')}/{page_url(path, use_directory_urls=True)}"
    else:  # the offline bundle: nothing to request, the rows come from the page itself
        url = (request.getfixturevalue("offline_site") / page_url(path, use_directory_urls=False)).as_uri()
    tab = browser.new_page()
    try:
        tab.goto(url)
        check_side_by_side_full_text(tab, catalog, old, new)
    finally:
        tab.close()


EVERY_KIND = """---
effective: {date}
provenance: published
captured: 2024-06-29
---

# 見本方針

## 第一条 {{#first}}

当社は、個人情報を適正に取り扱います。

## 第二条 {{#second}}

当社は、次の目的で利用します。

1. 目的一
2. 目的二
    - 細目A
    - 細目B
3. 目的三

> 引用された条文です。

| 項目 | 内容 |
| --- | --- |
| 氏名 | 必須 |
| 住所 | 任意 |

詳しくは[窓口](https://example.com/contact)へ。  
改行のあとの行です。

株式会社{space}見本

## 第三条 {{#third}}

{changed}

末尾の段落です。
"""


def test_full_side_by_side_rebuilds_every_kind_of_block(browser, tmp_path):
    """Headings, a nested and numbered list, a quotation, a table left out whole, a link, a line
    break and a whitespace change (unmarked: each column keeps its own), all built from the inline
    view exactly as the server renders them. (No code block: a policy source may not have one.)"""
    project = make_project(tmp_path / "project", "minimal")
    sources = project / "docs" / "ja" / "sample"
    for path in project.glob("docs/*/sample/*.md"):
        path.unlink()
    (sources / "2020-01-01.md").write_text(EVERY_KIND.format(date="2020-01-01", space="\u00a0", changed="変わる段落です。"),
                                           encoding="utf-8")
    (sources / "2021-01-01.md").write_text(EVERY_KIND.format(date="2021-01-01", space=" ", changed="変わった段落です。"),
                                           encoding="utf-8")
    (project / "node_modules").symlink_to(ROOT / "node_modules")  # the offline build's search shim
    site = tmp_path / "site"
    # As the offline bundle (file:// URLs); not --strict: the translations of this Japanese-only
    # policy are missing, a warning.
    built = build_site(project, site, env={"OFFLINE": "true"}, strict=False)
    assert built.returncode == 0, built.stderr
    catalog = load_catalog(project / "docs", project / "policies.yml", build_date=date(2026, 1, 1),
                           locales=load_locales_of(project))
    old, new = catalog.revisions_of("sample")
    compact = render_page_side_by_side(catalog, old, new, context=CONTEXT_BLOCKS)
    left_out = re.findall(r'data-redline-far="(\d+)-(\d+)"', compact)
    assert left_out == [("2", "16")]  # everything above 第三条 but the title: every kind of block
    tab = browser.new_page()
    try:
        tab.goto((site / page_url(compare_page("sample", old.effective, new.effective),
                                  use_directory_urls=False)).as_uri())
        check_side_by_side_full_text(tab, catalog, old, new)
    finally:
        tab.close()


def test_without_javascript_the_full_text_is_offered_in_the_inline_view_only(browser, server, history_catalog):
    """The inline view needs no script; the 新旧対照表's rows are built by one, so without it the
    control is not offered there (a control that does nothing)."""
    context = browser.new_context(java_script_enabled=False)
    try:
        tab = context.new_page()
        tab.goto(f"{server}/{latest_comparison(history_catalog)}")
        label = tab.locator("label.history-fulltext-label")
        assert label.is_visible()
        tab.locator("label[for='view-side-by-side']").click()
        assert label.is_hidden() and tab.locator(".redline-side-by-side tr.redline-elided").first.is_visible()
        tab.locator("label[for='view-inline']").click()
        label.click()
        assert tab.locator(".redline-inline .redline-far").first.is_visible()
    finally:
        context.close()


def test_compact_views_leave_no_empty_gaps(page, server, history_catalog):
    """Every comparison of neighbours, the first (a short reconstruction against a long text, most
    of it added) and the last among them."""
    revisions = the_revisions(history_catalog)
    for old, new in zip(revisions, revisions[1:]):
        path = url_of(history_catalog, old, new)
        page.goto(f"{server}/{path}")
        for view in ("view-inline", "view-side-by-side"):
            page.locator(f"label[for='{view}']").click()
            empty = page.evaluate("""() => [...document.querySelectorAll('.redline ul, .redline ol, .redline p')]
                .filter(e => e.offsetParent !== null && e.getBoundingClientRect().height > 0)
                .filter(e => e.innerText.trim() === '')
                .map(e => e.outerHTML.slice(0, 80))""")
            assert empty == [], (path, view, empty)


def contents_changes(catalog, site, locale: str) -> list[tuple[str, set[int], int | None, bool]]:
    """Each comparison page of the policy in ``locale`` (as built) whose table of contents changed:
    (URL, numbers of the changed entries, number of the heading that precedes the list in the
    source, whether that heading's own section changed)."""
    found = []
    policy = the_policy(catalog)
    revisions = {revision.effective.isoformat(): revision for revision in catalog.revisions_of(policy)}
    for folder in sorted((site / locale_prefix(locale, LOCALES[0]) / policy / "compare").glob("*...*")):
        old, new = (revisions[name] for name in folder.name.split("..."))
        comparison = Comparison.of(catalog, old, new, locale)
        ops = REDLINES.load_redline(comparison.old, comparison.new, comparison.locale).ops
        toc = [k for k, op in enumerate(ops) if op.block.contents]
        changed = {ops[k].number for k in toc if ops[k].op != UNCHANGED}
        if not changed:
            continue
        above = next((k for k in range(toc[0] - 1, -1, -1) if ops[k].block.kind == HEADING), None)
        section_changed = False
        if above is not None:  # the heading, its text and its subsections, less the list
            end = next((k for k in range(above + 1, len(ops)) if ops[k].block.kind == HEADING
                        and ops[k].block.level <= ops[above].block.level), len(ops))
            section_changed = any(op.op != UNCHANGED and not op.block.contents for op in ops[above:end])
            # or the heading is the context of a change just before it (a date line added right
            # above it), which shows it whatever the list below does
            section_changed = section_changed or any(op.op != UNCHANGED and not op.block.contents
                                                     for op in ops[max(0, above - CONTEXT_BLOCKS):above])
        found.append((url_of(catalog, old, new, locale=locale), changed,
                      None if above is None else ops[above].number, section_changed))
    return found


# Numbers of the visible blocks of a view (a side-by-side row: from the id in either column).
VISIBLE_BLOCKS = """(view) => {
  const inline = view.querySelector('.redline-inline');
  const items = inline ? inline.querySelectorAll('.redline-block') : view.querySelectorAll('.redline-side-by-side tbody tr');
  return [...items].filter(e => e.checkVisibility()).map(e => e.id ? e : e.querySelector('[id*="redline-"]'))
    .filter(e => e).map(e => Number(e.id.split('redline-')[1]));
}"""


@pytest.mark.parametrize("locale", LOCALES)
def test_context_headings_never_come_from_the_table_of_contents(page, server, built, history_catalog, locale):
    """A changed table-of-contents entry is summarised as the table of contents, and neither compact
    view shows the heading that precedes the list in the source (in the fixture, the statement's
    contact heading) as if it were the list's title: only when its own section changed."""
    found = contents_changes(history_catalog, built.site, locale)
    assert found, "no comparison of the policy changes its table of contents"
    assert any(heading is not None and not section_changed for _, _, heading, section_changed in found)
    assert any(heading is not None and section_changed for _, _, heading, section_changed in found)
    title = load_labels(locale)["contents_section"]
    for url, changed, heading, section_changed in found:
        page.goto(f"{server}/{url}")
        for index, (view, prefix) in enumerate((("view-inline", ""), ("view-side-by-side", "s-"))):
            page.locator(f"label[for='{view}']").click()
            block = page.locator(".history-views .tabbed-block").nth(index)
            summary_link = block.locator(f".redline-summary a[href='#{prefix}redline-{min(changed)}']").first
            assert summary_link.inner_text() == title, (url, view)
            assert block.locator(".redline-summary a").filter(has_text=title).count() == 1, (url, view)
            shown = set(block.evaluate(VISIBLE_BLOCKS))
            assert changed <= shown, (url, view)
            if heading is not None and not section_changed:
                assert heading not in shown, (url, view, "the heading above the list is shown as its title")


def test_every_control_shows_keyboard_focus(page, server, history_catalog):
    """Tab through each control of the history and comparison pages: each focused control (or the
    label it belongs to) draws an outline."""
    script = """sel => {
        const e = document.activeElement;
        const label = e.id ? document.querySelector(`label[for="${e.id}"]`) : null;
        const drawn = el => el && getComputedStyle(el).outlineStyle !== 'none' && parseFloat(getComputedStyle(el).outlineWidth) > 0;
        return {name: [...document.querySelectorAll(sel)].indexOf(e), visible: drawn(e) || drawn(label)};
    }"""
    comparison = latest_comparison(history_catalog)
    for path, selector in ((history_url(history_catalog), "form[data-history-compare] select, form[data-history-compare] button, .history-compare-list summary"),
                           (comparison, ".history-views > input, .history-fulltext-toggle")):
        page.goto(f"{server}/{path}")
        wanted = page.locator(selector).count()
        seen = {}
        page.locator("article h1").click()
        for _ in range(200):
            page.keyboard.press("Tab")
            matches = page.evaluate(f"() => document.activeElement.matches({selector!r})")
            if matches:
                result = page.evaluate(script, selector)
                seen[result["name"]] = result["visible"]
            if len(seen) >= wanted:
                break
        # Radios of one group take one tab stop: the checked one.
        assert len(seen) >= (wanted - 1 if path == comparison else wanted), (path, seen)
        assert all(seen.values()), (path, seen)


def test_history_timeline_fits_a_phone(browser, server, history_catalog):
    timeline = page_url(TIMELINE_PAGE, use_directory_urls=True)
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="ja-JP")
    try:
        tab = context.new_page()
        for path in (timeline, history_url(history_catalog), latest_comparison(history_catalog)):
            tab.goto(f"{server}/{path}")
            width = tab.evaluate("() => Math.max(...[...document.querySelectorAll('article table, article form')]"
                                 ".map(e => e.getBoundingClientRect().right), 0)")
            assert width <= 390, (path, width)
        tab.goto(f"{server}/{timeline}")
        dates = tab.locator(".history-timeline td:first-child a")
        assert dates.count() >= len(the_revisions(history_catalog))
        for k in range(dates.count()):
            assert dates.nth(k).evaluate("e => e.getClientRects().length") == 1  # the date is not broken across lines
    finally:
        context.close()


def test_no_page_requests_a_missing_sitemap(page, server, history_catalog):
    missing = []
    page.on("response", lambda r: r.status >= 400 and missing.append(r.url))
    paths = (history_url(history_catalog),
             locale_prefix("en", LOCALES[0]) + page_url(policy_page(the_policy(history_catalog)), use_directory_urls=True),
             locale_prefix("zh", LOCALES[0]) + page_url(TIMELINE_PAGE, use_directory_urls=True),
             latest_comparison(history_catalog))
    for path in paths:
        page.goto(f"{server}/{path}", wait_until="networkidle")
    assert missing == []


@pytest.mark.parametrize("view", ["view-inline", "view-side-by-side"])
def test_a_comparison_prints_the_selected_view_only(page, server, history_catalog, view):
    page.goto(f"{server}/{latest_comparison(history_catalog)}")
    page.locator(f"label[for='{view}']").click()
    page.emulate_media(media="print")
    shown = ".redline-inline" if view == "view-inline" else ".redline-side-by-side"
    hidden = ".redline-side-by-side" if view == "view-inline" else ".redline-inline"
    assert page.locator(shown).is_visible() and page.locator(hidden).is_hidden()
    for control in (".history-views > .tabbed-labels", ".history-fulltext-label", ".md-header"):
        assert page.locator(control).first.is_hidden(), control


def test_printed_side_by_side_repeats_its_column_headers_on_every_page(page, server, history_catalog):
    """The first revision against the last: most of the text added, a table over several pages."""
    from pypdf import PdfReader

    revisions = the_revisions(history_catalog)
    labels = load_labels("ja")
    legend, before, after = labels["legend"], labels["before"], labels["after"]
    page.goto(f"{server}/{url_of(history_catalog, revisions[0], revisions[-1])}")
    page.locator("label[for='view-side-by-side']").click()
    page.emulate_media(media="print")
    reader = PdfReader(io.BytesIO(page.pdf(format="A4")))
    texts = [p.extract_text() for p in reader.pages]
    table_pages = [t for t in texts if before in t or legend in t]
    assert len(table_pages) >= 2
    start = next(k for k, t in enumerate(texts) if legend in t)
    for text in texts[start:]:  # every page the table runs over carries the header row
        header = text.split(legend)[-1]
        assert after in header and header.index(after) < header.index(before)  # new left, old right


def test_pdf_text_keeps_the_unified_cjk_characters(page, server, history_catalog):
    """Printed as the bundle prints (policy_site.bundle.print_fonts), the page's kanji are found in
    the PDF's text as the unified ideographs the source has, never as the look-alike radicals a
    font's glyph names could give (the site's own text is checked in tests/site/test_site_print.py)."""
    from pypdf import PdfReader

    from policy_site.bundle.print_fonts import is_radical, render_print_font_css

    policy = the_policy(history_catalog)
    page.goto(f"{server}/{page_url(policy_page(policy), use_directory_urls=True)}")
    page.emulate_media(media="print")
    page.add_style_tag(content=render_print_font_css(page.evaluate("() => document.body.innerText"), "ja"))
    page.evaluate("() => document.fonts.ready.then(() => true)")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(page.pdf(format="A4"))).pages)
    assert "個人情報" in history_catalog.current(policy).body  # the fixture's words, found in print
    assert "個人情報" in text
    assert not any(is_radical(c) for c in text)


def test_the_chosen_view_follows_the_reader_to_every_comparison(page, server, history_catalog):
    revisions = the_revisions(history_catalog)
    page.goto(f"{server}/{latest_comparison(history_catalog)}")
    page.locator("label[for='view-side-by-side']").click()
    page.goto(f"{server}/{url_of(history_catalog, revisions[1], revisions[2])}")
    assert page.locator(".redline-side-by-side").is_visible()
    assert page.locator(".redline-inline").is_hidden()
    page.goto(f"{server}/{url_of(history_catalog, revisions[0], revisions[1])}#view-inline")  # a link to a view
    assert page.locator(".redline-inline").is_visible()


def test_compare_any_two_goes_through_the_pages_between_two_revisions_without_a_page(browser, tmp_path):
    from test_history import _many_revisions

    project = _many_revisions(tmp_path, 10)  # past the limit (8): pairs at most 3 apart, and with the last
    site = tmp_path / "site"
    result = build_site(project, site, env={"OFFLINE": "true"})
    assert result.returncode == 0, result.stderr
    assert not (site / "en/sample/compare/2020-01-01...2020-01-09.html").exists()
    tab = browser.new_page()
    try:
        tab.goto((site / "en/sample/history.html").as_uri())
        choose_and_compare(tab, "2020-01-09", "2020-01-01")  # either order
        message = tab.locator(".history-compare-message")
        assert message.inner_text().startswith(t("en", "compare_chain"))
        hrefs = [message.locator("a").nth(k).get_attribute("href") for k in range(message.locator("a").count())]
        steps = [re.search(r"compare/([0-9-]+)\.\.\.([0-9-]+)\.html$", href).groups() for href in hrefs]
        # The fewest pages (each at most 3 revisions apart), each starting where the last ended.
        assert len(steps) == 3 and steps[0][0] == "2020-01-01" and steps[-1][1] == "2020-01-09"
        assert all(a[1] == b[0] for a, b in zip(steps, steps[1:]))
        assert all(Path(urllib.parse.urlparse(href).path).is_file() for href in hrefs)
        assert message.locator("a").first.inner_text() == f"{format_date(date(2020, 1, 1), 'en')} → " \
            f"{format_date(date.fromisoformat(steps[0][1]), 'en')}"
        message.locator("a").first.click()
        tab.wait_for_url(f"**/en/sample/compare/{steps[0][0]}...{steps[0][1]}.html")
        assert tab.locator(".redline-inline ins").count() > 0
    finally:
        tab.close()

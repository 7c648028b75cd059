"""Accessibility (axe-core in the real browser) and HTML validity (Nu Html Checker) of the built pages.

On the access fixture site (tests/sites/access), which has every kind of page the generator makes:
policy pages (one a reconstruction, with its basis), a history with comparisons whose table is wider
than a phone, a variant compared with its policy, a policy of one revision, the timeline, the 404."""

from __future__ import annotations


import pytest

from conftest import ACCESS, ROOT, load_locales_of, run_nu_checker
from policy_site.plugin.project import load_project
from policy_site.site.urls import locale_prefix

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
LOCALES = load_locales_of(ACCESS)
PREFIX = {locale: locale_prefix(locale, LOCALES.default) for locale in LOCALES}  # the site's one URL rule
_CATALOG = load_project(ACCESS).load_catalog()


def list_checked_pages() -> list[str]:
    """Every kind of page, from the catalog: home, each policy as in effect, the oldest revision
    and the newest (upcoming, if one is) of each policy, the timeline, the histories and comparisons
    (both views, with the full text shown: the 新旧対照表's rows built by its script). A new
    revision is checked as soon as it is added."""
    pages = ["", "history/", "404.html"]
    for policy in _CATALOG.policies:
        revisions = _CATALOG.revisions_of(policy.id)
        pages.append(f"{policy.id}/")
        pages.extend(dict.fromkeys(f"{policy.id}/{r.effective.isoformat()}/" for r in (revisions[0], revisions[-1])))
        if len(revisions) > 1:
            pages += [f"{policy.id}/history/", f"{policy.id}/history/#side-by-side"]
            newest = f"{policy.id}/compare/{revisions[-2].effective.isoformat()}...{revisions[-1].effective.isoformat()}/"
            pages += [newest, f"{newest}#side-by-side"]
        if policy.variant_of:
            pages += [f"{policy.id}/compare/", f"{policy.id}/compare/#side-by-side"]
    return pages


PAGES = list_checked_pages()


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("scheme", ["light", "dark"])  # dark: Material's slate scheme, as the palette's media query picks it
@pytest.mark.parametrize("locale", tuple(LOCALES))
def test_axe_finds_no_serious_or_critical_violation(browser, access_server, locale, scheme, width):
    """Both colour schemes at a desktop and a phone width: the dark scheme's contrast (the history's
    Compare button was 2.34:1, a link in an insertion 3.59:1) and the phone's scroll areas (the
    recipients' tables, in the policy pages and in the comparisons' views) fail only there."""
    assert set(LOCALES) == {"ja", "en", "zh"}  # the three scripts (Japanese, Latin, Chinese) and their fonts
    assert AXE.is_file(), "node_modules/axe-core is missing: run npm ci"
    context = browser.new_context(locale="ja-JP", viewport={"width": width, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    try:
        problems = check_pages_with_axe(page, access_server, locale)
    finally:
        context.close()
    assert problems == [], "\n".join(problems)


def check_pages_with_axe(page, site_server: str, locale: str) -> list[str]:
    problems = []
    for path in PAGES:
        path, _, view = path.partition("#")
        page.goto(f"{site_server}/{PREFIX[locale]}{path}")
        page.wait_for_load_state("load")  # keyboard.js marks the scroll areas on load
        if view == "side-by-side":  # the second view of every comparison on the page
            page.evaluate("""() => {
                document.querySelectorAll('details').forEach(d => d.open = true);
                document.querySelectorAll('.history-views > input:nth-of-type(2)').forEach(i => i.checked = true);
                document.querySelectorAll('.history-fulltext-toggle').forEach(i => i.checked || i.click());
            }""")
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        for violation in result["violations"]:
            if violation["impact"] in ("serious", "critical"):
                targets = [node["target"] for node in violation["nodes"][:3]]
                problems.append(f"/{PREFIX[locale]}{path}: {violation['id']} ({violation['impact']}) {targets}")
    return problems


# Errors that come from Material's stock templates, not from our templates or content.
# Each entry: (substring of the Nu message, why it is not ours).
NU_ALLOWLIST = [
    ("Attribute “autocomplete” is only allowed when the input type is",
     "Material's base.html puts autocomplete=off on its drawer and search toggle checkboxes"),
    ("The value of the “for” attribute of the “label” element must be the ID of a non-hidden form control",
     "Material's header and nav labels point at its visually hidden toggle checkboxes (__drawer, __search, nav toggles)"),
]


@pytest.mark.slow  # java over every page
def test_nu_html_checker_finds_no_error_of_ours(access_site, tmp_path):
    messages = run_nu_checker(sorted(access_site.site.rglob("*.html")), tmp_path)
    ours = [m for m in messages if not any(allowed in m.get("message", "") for allowed, _ in NU_ALLOWLIST)]
    summary = sorted({f"{m['message']}" for m in ours})
    assert ours == [], f"{len(ours)} errors, distinct: " + "\n".join(summary[:30])

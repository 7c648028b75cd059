"""The 404 page as GitHub Pages serves it: the root 404.html, with status 404, for every missing
path. A reader under /en/ or /zh/ gets the page in that language with a link to that language's
home, and a date that names no revision of a policy leads to the revision in effect on that date
(policy_site/theme/404.html, policy_site.plugin.files.render_not_found_context).

On the access fixture site (tests/sites/access), whose locales, policies and wording the cases come
from: its oldest revision is a reconstruction, so both wordings of a revision's title are checked."""

from __future__ import annotations

import functools
import http.server
import threading
from datetime import timedelta

import pytest

from conftest import ACCESS, QuietServer, load_locales_of, open_recording_page, project_t
from policy_site.plugin.project import load_project
from policy_site.site.strings import format_date
from policy_site.site.urls import locale_prefix

pytestmark = pytest.mark.browser

LOCALES = load_locales_of(ACCESS)
_CATALOG = load_project(ACCESS).load_catalog()
PREFIX = {locale: "/" + locale_prefix(locale, LOCALES.default) for locale in LOCALES}  # the site's one URL rule
POLICY = "sample"  # the access site's policy of several revisions, the oldest reconstructed


def t(locale: str, key: str, **values: str) -> str:
    return project_t(ACCESS, locale, key, **values)


class _PagesHandler(http.server.SimpleHTTPRequestHandler):
    """Serves a missing path as GitHub Pages does: the site's root 404.html, status 404."""

    def send_error(self, code, message=None, explain=None):
        if code != 404:
            return super().send_error(code, message, explain)
        body = (self.directory_path / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def pages_server(access_site):
    site = access_site.site
    handler = type("Handler", (_PagesHandler,), {"directory_path": site})
    server = QuietServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture
def page(browser, pages_server):
    """A fresh page that records every request leaving the Pages-like server's origin."""
    with open_recording_page(browser, pages_server) as tab:
        yield tab


def open_missing(page, server: str, path: str):
    response = page.goto(f"{server}{path}")
    assert response.status == 404, path
    return page.locator(".not-found:visible")


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("missing", ["no-such-page/", f"{POLICY}/no/such/page.html"])
def test_a_missing_path_gets_the_404_of_its_language_with_a_link_home(page, pages_server, locale, missing):
    shown = open_missing(page, pages_server, PREFIX[locale] + missing)
    assert shown.count() == 1
    assert page.locator("html").get_attribute("lang") == locale
    assert shown.get_attribute("lang") == locale
    assert shown.locator("h1").inner_text() == t(locale, "not_found_title")
    assert page.title() == f"{t(locale, 'not_found_title')} - {t(locale, 'site_name')}"
    home = shown.locator("a.not-found-home")
    assert home.get_attribute("href") == PREFIX[locale] and home.inner_text() == t(locale, "not_found_home")
    assert shown.locator(".not-found-revision").is_hidden()  # no date in the path
    assert page.foreign_requests == []


def revision_link_cases():
    """(date in the path, the revision expected): between two revisions, before the first, after the newest."""
    revisions = _CATALOG.revisions_of(POLICY)
    assert len(revisions) >= 2 and revisions[0].is_reconstructed and not revisions[1].is_reconstructed
    return [(revisions[1].effective + timedelta(days=1), revisions[1], "not_found_in_effect"),
            (revisions[0].effective - timedelta(days=1), revisions[0], "not_found_before"),
            (revisions[-1].effective + timedelta(days=400), revisions[-1], "not_found_in_effect")]


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("day,revision,wording", revision_link_cases(), ids=["between", "before", "after"])
def test_a_date_that_is_no_revision_links_the_revision_in_effect_on_it(page, pages_server, locale, day, revision, wording):
    shown = open_missing(page, pages_server, f"{PREFIX[locale]}{POLICY}/{day.isoformat()}/")
    line = shown.locator(".not-found-revision")
    link = line.locator("a")
    target = f"{PREFIX[locale]}{POLICY}/{revision.effective.isoformat()}/"
    assert link.get_attribute("href") == target
    policy = next(policy for policy in _CATALOG.policies if policy.id == POLICY)
    label = t(locale, "revision_title_reconstructed" if revision.is_reconstructed else "revision_title",
                   policy=policy.title(locale), date=format_date(revision.effective, locale))
    assert line.inner_text() == t(locale, wording, revision=label)
    link.click()
    page.wait_for_url(f"{pages_server}{target}")
    assert page.locator("html").get_attribute("lang") == locale


def test_without_javascript_the_default_languages_404_shows(browser, pages_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    response = page.goto(f"{pages_server}/en/{POLICY}/2000-01-01/")
    assert response.status == 404
    shown = page.locator(".not-found:visible")
    assert shown.count() == 1 and shown.get_attribute("lang") == LOCALES.default
    assert shown.locator("a.not-found-home").get_attribute("href") == "/"
    context.close()

"""Zero third-party requests: every built page, loaded in a real browser, stays on its origin and
finds every resource it asks for."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_every_page_loads_only_from_the_site_origin(built_site, page, site_server):
    pages = sorted(p.relative_to(built_site).as_posix() for p in built_site.rglob("*.html"))
    assert len(pages) > 30
    failed = []
    # Any resource a page asks for that is not there, Material's sitemap probes included (it
    # fetches "sitemap.xml" next to every <link rel="alternate"> of the head).
    broken = []

    def record(response):
        url = response.url
        if response.status >= 400 and url not in (f"{site_server}/{p}" for p in pages):
            broken.append(f"{response.status} {url}")

    page.on("response", record)
    for rel in pages:
        url = f"{site_server}/{rel}"
        response = page.goto(url, wait_until="load")
        if response is None or response.status != 200:
            failed.append(f"{rel}: HTTP {response.status if response else 'none'}")
    assert failed == []
    assert sorted(set(broken)) == []
    assert page.foreign_requests == [], page.foreign_requests[:10]

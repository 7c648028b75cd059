"""This repository's offline bundle: the zip its Publish workflow attaches, made from its own sources.

The generator's bundle (what a bundle holds, its PDFs, search from file://, reproducible bytes) is
tested on a fixture site, tests/test_bundle.py. What is true only of this site is checked here: the
zip's name from its bundle_name, a PDF for each of its policies and each of their comparisons in each
of its languages, its own pages inside, and search from file:// finding its own texts."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from datetime import date
from pathlib import Path

import pytest

from conftest import DEFAULT_LOCALE, LOCALES, ROOT, check_search_finds, load_project_catalog
from policy_site.site.urls import locale_prefix

# One pytest-xdist worker runs all of these (conftest.ONE_WORKER), which makes the bundle once.
EPOCH = "1767225600"  # 2026-01-01T00:00:00Z
NAME = "ipros-policies-2026-01-01"  # mkdocs.yml's bundle_name, then the build date (EPOCH, in Tokyo)
SITE_URL = "https://policies.example.org/archive/"  # a public address, as the Publish workflow passes one


@pytest.fixture(scope="session")
def site_bundle(tmp_path_factory, browser) -> Path:  # the browser fixture: PDFs need chromium
    """The bundle as the Publish workflow makes it: the command, in its own process, in this repository."""
    out = tmp_path_factory.mktemp("site-bundle")
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "SITE_URL": SITE_URL}
    result = subprocess.run([sys.executable, "-m", "policy_site.cli.site", "bundle", "--output", str(out)],
                            capture_output=True, text=True, env=env, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    zips = sorted(path.name for path in out.iterdir())
    assert len(zips) == 1, zips
    return out / zips[0]


@pytest.fixture(scope="session")
def site_unpacked(site_bundle, tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("site-unpacked")
    with zipfile.ZipFile(site_bundle) as archive:
        archive.extractall(target)
    return target / site_bundle.stem


def test_the_bundle_is_named_after_the_site_and_dated(site_bundle):
    assert site_bundle.name == f"{NAME}.zip"


def test_the_bundle_holds_the_sites_pages_in_every_locale(site_unpacked):
    for page in ("index.html", "en/index.html", "zh/index.html", "privacy/2023-06-15.html",
                 "en/privacy/index.html", "zh/external-transmission/2023-10-05.html",
                 "privacy-china/compare/2022-01-06...2023-06-15.html"):
        assert (site_unpacked / page).is_file(), page


def test_the_bundle_has_a_pdf_per_policy_and_per_comparison_in_each_locale(site_unpacked):
    """Counted from the sources (for the bundle's build date), not a number written here: a site
    with one more revision prints one more PDF per language and must still pass."""
    catalog = load_project_catalog(date(2026, 1, 1))
    in_effect = [f"{p.id}-{locale}-{catalog.current(p.id).effective.isoformat()}.pdf"
                 for p in catalog.policies for locale in LOCALES]
    compared = [f"{p.id}-{locale}-redline-{old.effective.isoformat()}...{new.effective.isoformat()}.pdf"
                for p in catalog.policies for locale in LOCALES
                for old, new in zip(catalog.revisions_of(p.id), catalog.revisions_of(p.id)[1:])]
    printed = sorted(path.name for path in (site_unpacked / "pdf").glob("*.pdf"))
    missing, extra = sorted(set(in_effect + compared) - set(printed)), sorted(set(printed) - set(in_effect + compared))
    assert not missing and not extra, f"PDFs missing: {missing}; PDFs not expected: {extra}"
    assert {"privacy-ja-2023-06-15.pdf", "external-transmission-zh-2023-10-05.pdf",
            "privacy-en-redline-2022-04-01...2023-06-15.pdf"} <= set(printed)


def test_the_japanese_pdfs_can_be_searched_for_their_terms(site_unpacked):
    """A reader searches a Japanese PDF for 個人情報: it is there as the page writes it (人, not the
    Kangxi radical ⼈ that a font's subset can give it), in every Japanese PDF of the privacy policy's
    revisions; and no Japanese privacy PDF, comparisons included (a comparison shows only the text
    around its changes, which need not say 個人情報), holds a Kangxi or CJK radical at all."""
    from pypdf import PdfReader

    pdfs = sorted((site_unpacked / "pdf").glob("privacy-ja-*.pdf"))
    revisions = [pdf for pdf in pdfs if "-redline-" not in pdf.name]
    assert revisions and len(revisions) < len(pdfs)
    for pdf in pdfs:
        text = "".join("".join(page.extract_text() for page in PdfReader(pdf).pages).split())
        radicals = sorted({c for c in text if "\u2e80" <= c <= "\u2fdf"})
        assert not radicals, (pdf.name, radicals)
        if pdf in revisions:
            assert "個人情報" in text, pdf.name


@pytest.mark.browser
def test_search_from_file_urls_finds_the_sites_own_texts(browser, site_unpacked):
    """Search from file:// lists the reader's language first and finds phrases (policy_site.plugin.search,
    search-phrases.js): each query, from its language's home, finds the page of this site that says it."""
    context = browser.new_context()
    page = context.new_page()
    foreign = []
    page.on("request", lambda r: r.url.startswith(("file:", "data:", "blob:", "about:")) or foreign.append(r.url))
    home = {locale: locale_prefix(locale, DEFAULT_LOCALE) + "index.html" for locale in LOCALES}
    for locale, query, expected in (("ja", "クッキー", "/privacy/index.html"), ("en", "cookie", "/en/privacy"),
                                    ("zh", "个人信息", "/zh/"), ("ja", "個人情報の第三者提供", "/privacy/index.html"),
                                    ("ja", "2023年6月15日", "/privacy/history"), ("zh", "行为记录", "/zh/")):
        page.goto((site_unpacked / home[locale]).as_uri())
        check_search_finds(page, query, expected, whole_marks=query != "cookie")
    assert foreign == []
    context.close()

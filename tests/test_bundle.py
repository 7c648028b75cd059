"""The offline bundle: one zip that works from file:// with nothing else, reproducibly."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import DEFAULT_LOCALE, ROOT, load_project_catalog, search_result_paths
from policy_site.bundle.make import BundleError, check_no_foreign_resources
from policy_site.site.urls import locale_prefix

# One pytest-xdist worker runs all of these (conftest.ONE_WORKER), so that the bundle (the session
# fixture below) is made once, not once in each worker.
EPOCH = "1767225600"  # 2026-01-01T00:00:00Z
NAME = "ipros-policies-2026-01-01"


def make_bundle(out: Path) -> Path:
    # The command as a user runs it, in its own process: the command is what these tests test.
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    result = subprocess.run([sys.executable, "-m", "policy_site.cli.site", "bundle", "--output", str(out)],
                            capture_output=True, text=True, env=env, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    return out / f"{NAME}.zip"


@pytest.fixture(scope="session")
def bundle(tmp_path_factory, browser) -> Path:  # the browser fixture: PDFs need chromium
    return make_bundle(tmp_path_factory.mktemp("dist"))


@pytest.fixture(scope="session")
def unpacked(bundle, tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("unpacked")
    with zipfile.ZipFile(bundle) as archive:
        archive.extractall(target)
    return target / NAME


def test_bundle_is_named_by_date_and_holds_every_locale(bundle, unpacked):
    assert bundle.name == f"{NAME}.zip"
    for page in ("index.html", "en/index.html", "zh/index.html", "privacy/2023-06-15.html",
                 "en/privacy/index.html", "zh/external-transmission/2023-10-05.html",
                 "search/search_index.js", "assets/javascripts/iframe-worker-shim.js"):
        assert (unpacked / page).is_file(), page


def test_bundle_pdfs_have_pages_and_the_effective_date(unpacked):
    from pypdf import PdfReader

    from datetime import date

    from conftest import LOCALES
    from policy_site.site.strings import format_date

    catalog = load_project_catalog(date(2026, 1, 1))  # the bundle's build date (EPOCH, in Tokyo)
    expected = {p.id: {locale: "".join(format_date(catalog.current(p.id).effective, locale).split())
                       for locale in LOCALES} for p in catalog.policies}
    pdfs = sorted(p for p in (unpacked / "pdf").glob("*.pdf") if "-redline-" not in p.name)
    assert len(pdfs) == len(catalog.policies) * len(LOCALES)
    for pdf in pdfs:
        policy, locale = pdf.stem.rsplit("-", 4)[0], pdf.stem.split("-")[-4]
        reader = PdfReader(pdf)
        assert len(reader.pages) >= 1
        text = "".join(reader.pages[0].extract_text().split())  # no Unicode normalisation
        wanted = expected[policy][locale]
        assert wanted in text, (pdf.name, text[:120])


def test_bundle_has_a_redline_pdf_per_pair_of_neighbouring_revisions(unpacked):
    from pypdf import PdfReader

    from datetime import date

    from conftest import LOCALES

    catalog = load_project_catalog(date(2026, 1, 1))
    pairs = [(p.id, old.effective.isoformat(), new.effective.isoformat()) for p in catalog.policies
             for old, new in zip(catalog.revisions_of(p.id), catalog.revisions_of(p.id)[1:])]
    names = sorted(p.name for p in (unpacked / "pdf").glob("*-redline-*.pdf"))
    assert names == sorted(f"{policy}-{locale}-redline-{old}...{new}.pdf"
                           for policy, old, new in pairs for locale in LOCALES)
    for policy, old, new in pairs:
        text = "".join(p.extract_text() for p in PdfReader(unpacked / "pdf" / f"{policy}-ja-redline-{old}...{new}.pdf").pages)
        assert "改定後" in text and "改定前" in text and "（傍線部分は改定部分）" in text


def test_pdf_text_is_the_page_text_without_normalisation(unpacked, browser):
    """Every character a PDF holds is one of its page's characters as written: no Kangxi radical
    stands in for an ideograph (⼈ for 人), so searching a PDF for 個人情報 finds it."""
    from pypdf import PdfReader

    from policy_site.bundle.print_fonts import is_radical

    tab = browser.new_page()
    try:
        for pdf in sorted((unpacked / "pdf").glob("*.pdf")):
            name = pdf.stem
            locale = "en" if "-en-" in name else "zh" if "-zh-" in name else "ja"
            prefix = locale_prefix(locale, DEFAULT_LOCALE)
            if "-redline-" in name:
                policy, pair = name.split(f"-{locale}-redline-")
                page = unpacked / f"{prefix}{policy}/compare/{pair}.html"
            else:
                page = unpacked / f"{prefix}{name.rsplit('-', 4)[0]}/index.html"
            tab.goto(page.as_uri())
            if "-redline-" in name:  # the view the PDF prints
                tab.evaluate("() => { document.getElementById('view-side-by-side').checked = true; }")
            page_text = tab.evaluate("() => document.documentElement.innerText + document.title")
            page_chars = set(page_text)
            text = "".join(p.extract_text() for p in PdfReader(pdf).pages)
            strange = sorted({c for c in text if not c.isspace() and c not in page_chars})
            assert strange == [], (pdf.name, strange[:20])
            assert not any(is_radical(c) for c in text), pdf.name
            if "個人情報" in "".join(page_text.split()):  # the term a reader searches a Japanese PDF for
                assert "個人情報" in "".join(text.split()), pdf.name
    finally:
        tab.close()


def test_bundle_loads_nothing_from_another_origin(unpacked):
    check_no_foreign_resources(unpacked)  # raises naming page and URL


def test_foreign_resource_fails_the_bundle_naming_page_and_url(tmp_path):
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "index.html").write_text(
        '<html><head><script src="https://cdn.example.org/x.js"></script></head>'
        '<body><a href="https://marketing.ipros.jp/company">ok: a link, not a request</a></body></html>')
    with pytest.raises(BundleError) as error:
        check_no_foreign_resources(tmp_path)
    assert "en/index.html: https://cdn.example.org/x.js" in str(error.value)
    assert "marketing.ipros.jp" not in str(error.value)


def _repository_committed_at(folder: Path, epoch: int) -> Path:
    """A git repository at ``folder`` whose one commit was made at ``epoch``."""
    from test_review import git, git_env

    folder.mkdir(parents=True)
    (folder / "mkdocs.yml").write_text(f"site_name: {folder.name}\n", encoding="utf-8")
    git(folder, "init", "-q", "-b", "main")
    git(folder, "add", "-A")
    env = {**git_env(), "GIT_COMMITTER_DATE": f"@{epoch} +0000", "GIT_AUTHOR_DATE": f"@{epoch} +0000"}
    subprocess.run(["git", "-C", str(folder), "commit", "-q", "-m", "Published"], check=True, env=env)
    return folder


@pytest.mark.parametrize("variables", [("GIT_DIR",), ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE")])
def test_default_epoch_is_the_projects_last_commit_whatever_git_variables_say(tmp_path, monkeypatch, variables):
    """The bundle's dates come from the project's own history, not from a repository that a
    variable such as GIT_DIR (exported by a shell, a CI step or a git hook) points at."""
    from policy_site.bundle.make import default_epoch

    project = _repository_committed_at(tmp_path / "project", 1767225600)  # 2026-01-01
    other = _repository_committed_at(tmp_path / "other", 1577836800)  # 2020-01-01
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    values = {"GIT_DIR": other / ".git", "GIT_WORK_TREE": other, "GIT_INDEX_FILE": other / ".git" / "index"}
    for name in variables:
        monkeypatch.setenv(name, str(values[name]))
    assert default_epoch(project) == 1767225600


def test_two_bundles_are_byte_identical(bundle, tmp_path):
    again = make_bundle(tmp_path)
    assert again.read_bytes() == bundle.read_bytes()


@pytest.mark.browser
def test_bundle_works_from_file_urls_with_switcher_and_search(browser, unpacked):
    context = browser.new_context()
    page = context.new_page()
    foreign = []
    page.on("request", lambda r: r.url.startswith(("file:", "data:", "blob:", "about:")) or foreign.append(r.url))
    page.goto((unpacked / "index.html").as_uri())
    page.get_by_role("link", name="プライバシーポリシー", exact=True).first.click()
    assert page.url.endswith("/privacy/index.html")
    for locale, suffix in (("en", "/en/privacy/index.html"), ("zh", "/zh/privacy/index.html"), ("ja", "/privacy/index.html")):
        page.locator(".md-header__option .md-select").hover()
        page.locator(f"a.md-select__link[hreflang={locale}]").click()
        page.wait_for_url(f"**{suffix}")
        assert page.locator("html").get_attribute("lang") == locale
    # Search lists the reader's language first (policy_site.plugin.search): each query from its language's home.
    # Japanese and Chinese queries are phrases (overrides/assets/search-phrases.js), from file:// too.
    for start, query, expected in (("index.html", "クッキー", "/privacy/index.html"),
                                   ("en/index.html", "cookie", "/en/privacy"), ("zh/index.html", "个人信息", "/zh/"),
                                   ("index.html", "個人情報の第三者提供", "/privacy/index.html"),
                                   ("index.html", "2023年6月15日", "/privacy/history"),
                                   ("zh/index.html", "行为记录", "/zh/")):
        page.goto((unpacked / start).as_uri())
        paths = search_result_paths(page, query)
        assert expected in paths[0], (query, paths[:3])
        if query != "cookie":
            html = re.sub(r"</mark>(\s*)<mark[^>]*>", r"\1", page.locator(".md-search-result__list").inner_html())
            assert set(re.findall(r"<mark[^>]*>([^<]*)</mark>", html)) == {query}, query
    assert foreign == []
    context.close()

"""The offline bundle: one zip that works from file:// with nothing else, reproducibly."""

from __future__ import annotations

import hashlib
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
SITE_URL = "https://policies.example.org/archive/"  # the public address, as the Publish workflow passes it
MARGIN = 18 * 72 / 25.4  # the PDFs' top and bottom margins (18 mm) in points: the running header and footer


def run_bundle(out: Path, **variables: str) -> subprocess.CompletedProcess:
    # The command as a user runs it, in its own process: the command is what these tests test.
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, **variables}
    return subprocess.run([sys.executable, "-m", "policy_site.cli.site", "bundle", "--output", str(out)],
                          capture_output=True, text=True, env=env, cwd=ROOT)


def make_bundle(out: Path) -> Path:
    result = run_bundle(out, SITE_URL=SITE_URL)
    assert result.returncode == 0, result.stdout + result.stderr
    return out / f"{NAME}.zip"


def read_regions(page) -> dict[str, str]:
    """A PDF page's text in three parts: the running header (top margin), the body, the running
    footer (bottom margin), each in the order the PDF draws it, without normalisation."""
    height = float(page.mediabox.height)
    parts = {"header": [], "body": [], "footer": []}

    def visit(text, cm, tm, font, size):
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        parts["header" if y > height - MARGIN else "footer" if y < MARGIN else "body"].append(text)

    page.extract_text(visitor_text=visit)
    return {name: "".join(texts) for name, texts in parts.items()}


def pdf_page_of(unpacked: Path, pdf: Path) -> tuple[str, Path]:
    """The locale of a bundle PDF and the offline page it prints."""
    name = pdf.stem
    locale = "en" if "-en-" in name else "zh" if "-zh-" in name else "ja"
    prefix = locale_prefix(locale, DEFAULT_LOCALE)
    if "-redline-" in name:
        policy, pair = name.split(f"-{locale}-redline-")
        return locale, unpacked / f"{prefix}{policy}/compare/{pair}.html"
    return locale, unpacked / f"{prefix}{name.rsplit('-', 4)[0]}/index.html"


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
    """Every character a PDF's body holds is one of its page's characters as written: no Kangxi
    radical stands in for an ideograph (⼈ for 人), so searching a PDF for 個人情報 finds it. The
    running header and footer (in the top and bottom margins, read_regions) are left out of that
    comparison, since they say what the page does not (the URL, "page n of N"), but not out of
    the radical check: a reader searches them too."""
    from pypdf import PdfReader

    from policy_site.bundle.print_fonts import is_radical

    tab = browser.new_page()
    try:
        for pdf in sorted((unpacked / "pdf").glob("*.pdf")):
            locale, page = pdf_page_of(unpacked, pdf)
            tab.goto(page.as_uri())
            if "-redline-" in pdf.name:  # the view the PDF prints
                tab.evaluate("() => { document.getElementById('view-side-by-side').checked = true; }")
            page_text = tab.evaluate("() => document.documentElement.innerText + document.title")
            page_chars = set(page_text)
            regions = [read_regions(p) for p in PdfReader(pdf).pages]
            text = "".join(r["body"] for r in regions)
            strange = sorted({c for c in text if not c.isspace() and c not in page_chars})
            assert strange == [], (pdf.name, strange[:20])
            running = "".join(r["header"] + r["footer"] for r in regions)
            assert not any(is_radical(c) for c in text + running), pdf.name
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


def digests_of(archive: Path) -> dict[str, str]:
    """Each member's SHA-256: a failure names the members that differ (a bytes comparison of two
    7 MB zips would spend many minutes in pytest's explanation, and name nothing)."""
    with zipfile.ZipFile(archive) as opened:
        return {name: hashlib.sha256(opened.read(name)).hexdigest() for name in opened.namelist()}


def test_two_bundles_are_byte_identical(bundle, tmp_path):
    again = make_bundle(tmp_path)
    first, second = digests_of(bundle), digests_of(again)
    differing = sorted(name for name in first.keys() | second.keys() if first.get(name) != second.get(name))
    assert not differing, f"members that differ: {differing}"
    same = hashlib.sha256(again.read_bytes()).hexdigest() == hashlib.sha256(bundle.read_bytes()).hexdigest()
    assert same, "same members, but the zips differ (order, times or modes)"


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
    # Japanese and Chinese queries are phrases (policy_site/theme/assets/search-phrases.js), from file:// too.
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


def _outline_titles(outline) -> list[str]:
    return [title for item in outline
            for title in (_outline_titles(item) if isinstance(item, list) else [item.title])]


def test_every_pdf_is_citable_title_dates_url_page_numbers_bookmarks_language(unpacked):
    """Every page of every PDF names the document and its revision date(s) in the header, its
    permanent public URL and "page n of N" (in the PDF's language) in the footer; the PDF has
    bookmarks for its sections and is tagged with its language."""
    from datetime import date

    from bs4 import BeautifulSoup
    from pypdf import PdfReader

    from policy_site.site.strings import format_date, t

    from conftest import LOCALES

    catalog = load_project_catalog(date(2026, 1, 1))  # the bundle's build date: counted from the sources
    printed = sum(len(catalog.revisions_of(p.id)) for p in catalog.policies)  # each in effect, each pair
    pdfs = sorted((unpacked / "pdf").glob("*.pdf"))
    assert len(pdfs) == printed * len(LOCALES)
    for pdf in pdfs:
        locale, page = pdf_page_of(unpacked, pdf)
        heading = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").h1
        heading.select_one("a.headerlink").decompose()
        title = "".join(heading.get_text().split())  # the policy's title, or the comparison's with its dates
        reader = PdfReader(pdf)
        root = reader.trailer["/Root"]
        assert bool(root["/MarkInfo"]["/Marked"]) and "/StructTreeRoot" in root, pdf.name
        assert root["/Lang"] == locale, pdf.name
        titles = _outline_titles(reader.outline)
        assert len(titles) >= 2, (pdf.name, titles)  # the title and the sections under it
        dates = pdf.stem.split("-redline-")[1].split("...") if "-redline-" in pdf.name else [pdf.stem[-10:]]
        relative = page.relative_to(unpacked).as_posix().removesuffix("index.html").removesuffix(".html")
        if "-redline-" not in pdf.name:  # a policy's permanent URL: its revision's page
            relative += dates[0]
        url = SITE_URL + relative.rstrip("/") + "/"
        total = len(reader.pages)
        for number, pdf_page in enumerate(reader.pages, start=1):
            regions = read_regions(pdf_page)
            header, footer = ("".join(regions[part].split()) for part in ("header", "footer"))
            for day in dates:  # the revision dates in the locale's format
                assert "".join(format_date(date.fromisoformat(day), locale).split()) in header, (pdf.name, header)
            assert title in header, (pdf.name, number, header)
            assert url in footer, (pdf.name, number, footer)
            words = "".join(t(locale, "pdf_page", page=str(number), pages=str(total)).split())
            assert words in footer, (pdf.name, number, footer)


def test_pdf_links_inside_the_document_lead_to_their_place(unpacked):
    """The change summary's links (#s-redline-N) are links in the PDF to a place that exists in
    it; no link names the bundle's folder."""
    from pypdf import PdfReader

    for pdf in sorted((unpacked / "pdf").glob("*-redline-*.pdf")):
        checked = 0
        reader = PdfReader(pdf)
        named = set(reader.named_destinations)
        for pdf_page in reader.pages:
            for annotation in pdf_page.get("/Annots") or []:
                annotation = annotation.get_object()
                if annotation.get("/Subtype") != "/Link":
                    continue
                if "/Dest" in annotation:
                    assert annotation["/Dest"] in named, (pdf.name, annotation["/Dest"])
                    checked += 1
                else:
                    uri = annotation["/A"]["/URI"]
                    assert not uri.startswith("file:"), (pdf.name, uri)
        assert checked, pdf.name


def test_the_bundle_names_the_public_address_never_a_local_one(unpacked):
    # Material's source map quotes a comment of its own code ("`localhost`, `127.0.0.1` or even
    # `0.0.0.0`"), which names no page or address of the site.
    for path in unpacked.rglob("*"):
        if path.is_file() and path.suffix != ".map":
            assert b"127.0.0.1" not in path.read_bytes(), path.relative_to(unpacked)
    assert SITE_URL.encode() in (unpacked / "sitemap.xml").read_bytes()


def test_bundle_without_a_public_address_is_refused_in_one_line(tmp_path):
    env = {name: value for name, value in os.environ.items() if name != "SITE_URL"}
    result = subprocess.run([sys.executable, "-m", "policy_site.cli.site", "bundle", "--output", str(tmp_path)],
                            capture_output=True, text=True, env={**env, "SOURCE_DATE_EPOCH": EPOCH}, cwd=ROOT)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "set SITE_URL" in lines[0] and "Traceback" not in result.stderr, result.stderr
    assert list(tmp_path.iterdir()) == []


def test_each_page_and_each_home_links_its_pdfs(unpacked):
    """Each policy and comparison page links its PDF, and each language's home lists its PDFs."""
    from bs4 import BeautifulSoup

    pdfs = sorted((unpacked / "pdf").glob("*.pdf"))
    listed: dict[str, set[str]] = {}
    for locale in ("ja", "en", "zh"):
        home = unpacked / locale_prefix(locale, DEFAULT_LOCALE) / "index.html"
        soup = BeautifulSoup(home.read_text(encoding="utf-8"), "html.parser")
        listed[locale] = {(home.parent / a["href"]).resolve().name for a in soup.select("ul.bundle-pdfs a[href]")}
    for pdf in pdfs:
        locale, page = pdf_page_of(unpacked, pdf)
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        links = [(page.parent / a["href"]).resolve() for a in soup.select("p.bundle-pdf-link a[href]")]
        assert links == [pdf.resolve()], (page, links)
        assert pdf.name in listed[locale], pdf.name
    assert sum(map(len, listed.values())) == len(pdfs)


def test_normalized_pdfs_do_not_depend_on_the_renderers_node_numbers():
    """A tagged PDF names its structure elements by DOM node numbers, which depend on what the tab
    did before; two prints of one page differ only there and must give the same bytes."""
    from policy_site.bundle.pdf_bytes import normalize_pdf

    first = b"<</S /TH /ID (node00024684)>> <</S /TD /ID (node00024690)>> /Names [(node00024684) 1 0 R]"
    second = first.replace(b"24684", b"24685").replace(b"24690", b"24691")
    assert normalize_pdf(first, 0) == normalize_pdf(second, 0)
    assert len(normalize_pdf(first, 0)) == len(first)
    assert normalize_pdf(first, 0).count(b"(node00000000)") == 2 and b"(node00000001)" in normalize_pdf(first, 0)


def test_normalized_pdfs_do_not_depend_on_the_order_the_renderer_numbered_nodes():
    """Two prints of one table once gave its two header cells each other's numbers (found in a
    clone with one more revision): the names follow the document's order, and the ID tree is
    sorted again under them, so both prints give the same bytes."""
    from policy_site.bundle.pdf_bytes import normalize_pdf

    def printed(first_th: bytes, second_th: bytes) -> bytes:
        low, high = sorted([(first_th, b"58"), (second_th, b"60")])
        return (b"58 0 obj <</S /TH /ID (node" + first_th + b")>> 60 0 obj <</S /TH /ID (node" + second_th
                + b")>> 63 0 obj <</S /TD /A [<</Headers [(node" + first_th + b")>>]>> 69 0 obj <</Limits [(node"
                + low[0] + b") (node" + high[0] + b")]\n/Names [(node" + low[0] + b") " + low[1] + b" 0 R (node"
                + high[0] + b") " + high[1] + b" 0 R]>>")

    one, other = printed(b"00031000", b"00031001"), printed(b"00052001", b"00052000")
    assert normalize_pdf(one, 0) == normalize_pdf(other, 0)
    assert len(normalize_pdf(other, 0)) == len(other)
    assert b"/Names [(node00000000) 58 0 R (node00000001) 60 0 R]" in normalize_pdf(other, 0)

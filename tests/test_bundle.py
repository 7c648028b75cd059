"""The offline bundle: one zip that works from file:// with nothing else, reproducibly.

The bundle made here is the fixture site tests/sites/bundled's (a fictional company's two policies in
ja, en and zh, one with three revisions, the oldest a reconstruction): every kind of PDF the bundle
prints (a policy in effect, a comparison of neighbouring revisions, one of them with a reconstruction),
search from file:// in each language, the language switcher. What holds only for this repository's
own site (its bundle's name, its list of PDFs) is checked in tests/site/test_site_bundle.py."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
import zipfile
from datetime import date
from pathlib import Path

import pytest

from conftest import check_search_finds, make_project
from policy_site.bundle.make import BundleError, check_no_foreign_resources
from policy_site.site.urls import locale_prefix

# One pytest-xdist worker runs all of these (conftest.ONE_WORKER), so that the bundle (the session
# fixture below) is made once, not once in each worker.
FIXTURE = "bundled"
EPOCH = "1767225600"  # 2026-01-01T00:00:00Z
BUILD_DATE = date(2026, 1, 1)  # EPOCH's date in the fixture's time zone (Tokyo): the bundle's build date
NAME = "sample-policies-2026-01-01"  # the fixture configuration's bundle_name, then the build date
SITE_URL = "https://policies.example.org/archive/"  # the public address, as the Publish workflow passes it
MARGIN = 18 * 72 / 25.4  # the PDFs' top and bottom margins (18 mm) in points: the running header and footer
PRIVACY_TITLE = "見本プライバシーポリシー"  # the fixture's Japanese title of its policy "privacy"


class BundleRun:
    """``policy-site bundle`` as a user runs it, in its own process in the project's folder (the
    command is what these tests test), started at once and waited for by :meth:`zip`: the two
    bundles that the byte-identity test compares are made at the same time, each from its own copy
    of the project, while the tests of the first one run (printing is most of a bundle's time)."""

    def __init__(self, project: Path, out: Path) -> None:
        self.out = out
        env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "SITE_URL": SITE_URL}
        self.process = subprocess.Popen([sys.executable, "-m", "policy_site.cli.site", "bundle", "--output", str(out)],
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=project)
        self.output: tuple[str, str] | None = None

    def zip(self) -> Path:
        if self.output is None:
            self.output = self.process.communicate()
        assert self.process.returncode == 0, "".join(self.output)
        return self.out / f"{NAME}.zip"

    def stop(self) -> None:
        if self.process.poll() is None:  # a run that no test waited for (the session was cut short)
            self.process.kill()
            self.process.communicate()


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


@pytest.fixture(scope="session")
def project(tmp_path_factory) -> Path:
    """The fixture site, copied once per session: the bundle is made from it, and what the bundle
    should hold is counted from its sources."""
    return make_project(tmp_path_factory.mktemp("bundled") / "project", FIXTURE)


@pytest.fixture(scope="session")
def sources(project):
    """The fixture site's catalog as the bundle reads it (for the bundle's build date), and its locales."""
    from policy_site.plugin.project import load_project

    loaded = load_project(project)
    return loaded.load_catalog(build_date=BUILD_DATE), loaded.locales


def parse_pdf_name(name: str, locales) -> dict[str, str]:
    """A bundle PDF's policy, locale and date(s), read from its name: ``<policy>-<locale>-<date>.pdf``
    or ``<policy>-<locale>-redline-<old>...<new>.pdf`` (a policy id may hold hyphens; the locale is
    one of the site's)."""
    codes = "|".join(map(re.escape, sorted(locales, key=len, reverse=True)))
    day = r"\d{4}-\d{2}-\d{2}"
    match = re.fullmatch(rf"(?P<policy>.+)-(?P<locale>{codes})-(?:redline-(?P<old>{day})\.\.\.(?P<new>{day})"
                         rf"|(?P<date>{day}))\.pdf", name)
    assert match, f"not the name of a bundle PDF: {name}"
    return {key: value for key, value in match.groupdict().items() if value}


def pdf_page_of(unpacked: Path, pdf: Path, locales) -> tuple[str, Path]:
    """The locale of a bundle PDF and the offline page it prints."""
    parts = parse_pdf_name(pdf.name, locales)
    prefix = locale_prefix(parts["locale"], locales.default)
    if "old" in parts:
        return parts["locale"], unpacked / f"{prefix}{parts['policy']}/compare/{parts['old']}...{parts['new']}.html"
    return parts["locale"], unpacked / f"{prefix}{parts['policy']}/index.html"


@pytest.fixture(scope="session")
def bundle_runs(request, project, tmp_path_factory, browser):  # the browser fixture: PDFs need chromium
    """The bundle, and a second one from another copy of the project when the byte-identity test
    is to run, both started now."""
    runs = {"first": BundleRun(project, tmp_path_factory.mktemp("dist"))}
    if any(item.name == test_two_bundles_are_byte_identical.__name__ for item in request.session.items):
        again = make_project(tmp_path_factory.mktemp("bundled-again") / "project", FIXTURE)
        runs["second"] = BundleRun(again, tmp_path_factory.mktemp("dist-again"))
    yield runs
    for run in runs.values():
        run.stop()


@pytest.fixture(scope="session")
def bundle(bundle_runs) -> Path:
    return bundle_runs["first"].zip()


@pytest.fixture(scope="session")
def unpacked(bundle, tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("unpacked")
    with zipfile.ZipFile(bundle) as archive:
        archive.extractall(target)
    return target / NAME


def test_the_fixture_has_every_kind_of_pdf(sources):
    """What the tests below check is only as wide as the fixture: two policies, one of them with
    more than one pair of neighbouring revisions and a reconstruction among them, in three
    locales."""
    catalog, locales = sources
    assert len(catalog.policies) >= 2 and len(locales) >= 3
    revisions = {p.id: catalog.revisions_of(p.id) for p in catalog.policies}
    assert max(map(len, revisions.values())) >= 3
    assert any(revision.is_reconstructed for history in revisions.values() for revision in history)


def test_bundle_is_named_by_date_and_holds_every_locale(bundle, unpacked):
    assert bundle.name == f"{NAME}.zip"
    for page in ("index.html", "en/index.html", "zh/index.html", "privacy/2023-06-15.html",
                 "privacy/2020-01-01.html", "en/privacy/index.html", "zh/joint-use/2023-10-05.html",
                 "zh/privacy/compare/2020-01-01...2022-10-01.html",
                 "search/search_index.js", "assets/javascripts/iframe-worker-shim.js"):
        assert (unpacked / page).is_file(), page


def test_bundle_pdfs_have_pages_and_the_effective_date(unpacked, sources):
    from pypdf import PdfReader

    from policy_site.site.strings import format_date

    catalog, locales = sources
    expected = {p.id: {locale: "".join(format_date(catalog.current(p.id).effective, locale).split())
                       for locale in locales} for p in catalog.policies}
    pdfs = sorted(p for p in (unpacked / "pdf").glob("*.pdf") if "-redline-" not in p.name)
    assert sorted(p.name for p in pdfs) == sorted(f"{p.id}-{locale}-{catalog.current(p.id).effective.isoformat()}.pdf"
                                                  for p in catalog.policies for locale in locales)
    for pdf in pdfs:
        parts = parse_pdf_name(pdf.name, locales)
        reader = PdfReader(pdf)
        assert len(reader.pages) >= 1
        text = "".join(reader.pages[0].extract_text().split())  # no Unicode normalisation
        wanted = expected[parts["policy"]][parts["locale"]]
        assert wanted in text, (pdf.name, text[:120])


def test_bundle_has_a_redline_pdf_per_pair_of_neighbouring_revisions(unpacked, sources):
    from pypdf import PdfReader

    catalog, locales = sources
    pairs = [(p.id, old.effective.isoformat(), new.effective.isoformat()) for p in catalog.policies
             for old, new in zip(catalog.revisions_of(p.id), catalog.revisions_of(p.id)[1:])]
    names = sorted(p.name for p in (unpacked / "pdf").glob("*-redline-*.pdf"))
    assert names == sorted(f"{policy}-{locale}-redline-{old}...{new}.pdf"
                           for policy, old, new in pairs for locale in locales)
    for policy, old, new in pairs:
        text = "".join(p.extract_text() for p in PdfReader(unpacked / "pdf" / f"{policy}-ja-redline-{old}...{new}.pdf").pages)
        assert "改定後" in text and "改定前" in text and "（傍線部分は改定部分）" in text


def test_pdf_text_is_the_page_text_without_normalisation(unpacked, browser, sources):
    """Every character a PDF's body holds is one of its page's characters as written: no Kangxi
    radical stands in for an ideograph (⼈ for 人), so searching a PDF for 個人情報 finds it. The
    running header and footer (in the top and bottom margins, read_regions) are left out of that
    comparison, since they say what the page does not (the URL, "page n of N"), but not out of
    the radical check: a reader searches them too."""
    from pypdf import PdfReader

    from policy_site.bundle.print_fonts import is_radical

    _, locales = sources
    searched = 0
    tab = browser.new_page()
    try:
        for pdf in sorted((unpacked / "pdf").glob("*.pdf")):
            locale, page = pdf_page_of(unpacked, pdf, locales)
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
                searched += 1
    finally:
        tab.close()
    assert searched, "no page of the fixture has the term 個人情報: the check above checked nothing"


def test_bundle_loads_nothing_from_another_origin(unpacked):
    check_no_foreign_resources(unpacked)  # raises naming page and URL


def test_foreign_resource_fails_the_bundle_naming_page_and_url(tmp_path):
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "index.html").write_text(
        '<html><head><script src="https://cdn.example.org/x.js"></script></head>'
        '<body><a href="https://www.example.net/company">ok: a link, not a request</a></body></html>')
    with pytest.raises(BundleError) as error:
        check_no_foreign_resources(tmp_path)
    assert "en/index.html: https://cdn.example.org/x.js" in str(error.value)
    assert "www.example.net" not in str(error.value)


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
    """Each member's SHA-256: a failure names the members that differ, with their digests (a bytes
    comparison of two zips of megabytes would spend minutes in pytest's explanation, and name nothing)."""
    with zipfile.ZipFile(archive) as opened:
        return {name: hashlib.sha256(opened.read(name)).hexdigest() for name in opened.namelist()}


def test_two_bundles_are_byte_identical(bundle, bundle_runs):
    """Two runs of the command, each in a copy of the project of its own (its own build, redline
    cache and browser), give the same bytes: the zip's members, their order, times and modes."""
    again = bundle_runs["second"].zip()
    first, second = digests_of(bundle), digests_of(again)
    differing = sorted(name for name in first.keys() | second.keys() if first.get(name) != second.get(name))
    assert not differing, "members that differ (SHA-256 in the first bundle, in the second; None: missing):\n" + \
        "\n".join(f"  {name}: {first.get(name)} {second.get(name)}" for name in differing)
    same = hashlib.sha256(again.read_bytes()).hexdigest() == hashlib.sha256(bundle.read_bytes()).hexdigest()
    assert same, "same members, but the zips differ (order, times or modes)"


@pytest.mark.browser
def test_bundle_works_from_file_urls_with_switcher_and_search(browser, unpacked):
    """Opened from the unpacked folder, with no server and nothing from another origin: the home
    links its policies, the language switcher goes to the same page in each language, and search
    (whose worker a browser refuses to start from file:// without the bundle's shim) finds each
    language's words, phrases and dates, highlighting exactly what was searched for."""
    context = browser.new_context()
    page = context.new_page()
    foreign = []
    page.on("request", lambda r: r.url.startswith(("file:", "data:", "blob:", "about:")) or foreign.append(r.url))
    page.goto((unpacked / "index.html").as_uri())
    page.get_by_role("link", name=PRIVACY_TITLE, exact=True).first.click()
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
        check_search_finds(page, query, expected, whole_marks=query != "cookie")
    assert foreign == []
    context.close()


def _outline_titles(outline) -> list[str]:
    return [title for item in outline
            for title in (_outline_titles(item) if isinstance(item, list) else [item.title])]


def test_every_pdf_is_citable_title_dates_url_page_numbers_bookmarks_language(unpacked, sources):
    """Every page of every PDF names the document and its revision date(s) in the header, its
    permanent public URL and "page n of N" (in the PDF's language) in the footer; the PDF has
    bookmarks for its sections and is tagged with its language."""
    from bs4 import BeautifulSoup
    from pypdf import PdfReader

    from policy_site.site.strings import format_date, t

    catalog, locales = sources  # counted from the sources, for the bundle's build date
    printed = sum(len(catalog.revisions_of(p.id)) for p in catalog.policies)  # each in effect, each pair
    pdfs = sorted((unpacked / "pdf").glob("*.pdf"))
    assert len(pdfs) == printed * len(locales)
    reconstructed = set()
    for pdf in pdfs:
        locale, page = pdf_page_of(unpacked, pdf, locales)
        heading = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").h1
        heading.select_one("a.headerlink").decompose()
        title = "".join(heading.get_text().split())  # the policy's title, or the comparison's with its dates
        reader = PdfReader(pdf)
        root = reader.trailer["/Root"]
        assert bool(root["/MarkInfo"]["/Marked"]) and "/StructTreeRoot" in root, pdf.name
        assert root["/Lang"] == locale, pdf.name
        titles = _outline_titles(reader.outline)
        # The title and the sections under it; a comparison shows only the sections around its
        # changes, so one of two revisions with the same text (no change to list) has its title only.
        changes = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select('a[href^="#s-redline-"]')
        assert len(titles) >= (2 if changes or "-redline-" not in pdf.name else 1), (pdf.name, titles)
        dates = pdf.stem.split("-redline-")[1].split("...") if "-redline-" in pdf.name else [pdf.stem[-10:]]
        policy = parse_pdf_name(pdf.name, locales)["policy"]
        if any(r.is_reconstructed for r in catalog.revisions_of(policy) if r.effective.isoformat() in dates):
            reconstructed.add(pdf.name)
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
    assert reconstructed, "no PDF shows a reconstruction's date: the fixture lost its reconstruction"


def test_pdf_links_inside_the_document_lead_to_their_place(unpacked, sources):
    """The change summary's links (#s-redline-N) are links in the PDF to a place that exists in
    it; no link names the bundle's folder."""
    from pypdf import PdfReader

    from bs4 import BeautifulSoup

    _, locales = sources
    linked = 0
    for pdf in sorted((unpacked / "pdf").glob("*-redline-*.pdf")):
        _, page = pdf_page_of(unpacked, pdf, locales)
        summary = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select('a[href^="#s-redline-"]')
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
        assert checked or not summary, pdf.name  # a comparison with no change has no summary to link
        linked += bool(checked)
    assert linked, "no comparison PDF links a change: the check above checked nothing"


def test_the_bundle_names_the_public_address_never_a_local_one(unpacked):
    # Material's source map quotes a comment of its own code ("`localhost`, `127.0.0.1` or even
    # `0.0.0.0`"), which names no page or address of the site.
    for path in unpacked.rglob("*"):
        if path.is_file() and path.suffix != ".map":
            assert b"127.0.0.1" not in path.read_bytes(), path.relative_to(unpacked)
    assert SITE_URL.encode() in (unpacked / "sitemap.xml").read_bytes()


def test_bundle_without_a_public_address_is_refused_in_one_line(project, tmp_path):
    env = {name: value for name, value in os.environ.items() if name != "SITE_URL"}
    result = subprocess.run([sys.executable, "-m", "policy_site.cli.site", "bundle", "--output", str(tmp_path)],
                            capture_output=True, text=True, env={**env, "SOURCE_DATE_EPOCH": EPOCH}, cwd=project)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "set SITE_URL" in lines[0] and "Traceback" not in result.stderr, result.stderr
    assert list(tmp_path.iterdir()) == []


def test_each_page_and_each_home_links_its_pdfs(unpacked, sources):
    """Each policy and comparison page links its PDF, and each language's home lists its PDFs."""
    from bs4 import BeautifulSoup

    _, locales = sources
    pdfs = sorted((unpacked / "pdf").glob("*.pdf"))
    listed: dict[str, set[str]] = {}
    for locale in locales:
        home = unpacked / locale_prefix(locale, locales.default) / "index.html"
        soup = BeautifulSoup(home.read_text(encoding="utf-8"), "html.parser")
        listed[locale] = {(home.parent / a["href"]).resolve().name for a in soup.select("ul.bundle-pdfs a[href]")}
    for pdf in pdfs:
        locale, page = pdf_page_of(unpacked, pdf, locales)
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

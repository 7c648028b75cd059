"""The offline bundle for auditors and archivists: the whole site as one zip that works from file://.

It is built as a separate MkDocs run (Material's offline plugin changes URLs), checked for any
resource of another origin, completed with a PDF of each policy in effect per locale and a PDF of
the 新旧対照表 of each pair of neighbouring revisions per locale (printed by the same headless
Chromium the tests use, with fonts whose text extracts as written), and zipped byte-for-byte reproducibly under
``SOURCE_DATE_EPOCH``.
"""

from __future__ import annotations

import os
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timezone
from html.parser import HTMLParser
from pathlib import Path

from policy_site.common.git import GitMissing, run_git
from policy_site.plugin.build import run_strict_build
from policy_site.plugin.offline import find_foreign_resources
from policy_site.bundle.print_fonts import FontError, font_family_of, render_print_font_css
from policy_site.plugin.project import Project, load_project
from policy_site.site.urls import compare_page, locale_prefix, page_url, policy_page

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]


class BundleError(Exception):
    """The bundle cannot be made; the message says what and how to fix it."""


def build_offline_site(root: Path, site_dir: Path, *, epoch: int) -> None:
    result = run_strict_build(root / "mkdocs.yml", site_dir, env={"OFFLINE": "true", "SOURCE_DATE_EPOCH": str(epoch)},
                              cwd=root)
    if not result.ok:
        raise BundleError(f"Building the offline site failed:\n{result.stderr.strip()}")


def check_no_foreign_resources(site_dir: Path) -> None:
    found = find_foreign_resources(site_dir)
    if found:
        lines = "\n".join(f"  {page}: {url}" for page, url in found[:20])
        raise BundleError(f"The offline bundle would load {len(found)} resource(s) from another origin; "
                          f"remove them or serve them from the site:\n{lines}")


@dataclass(frozen=True)
class PdfPage:
    """One PDF of the bundle: the page printed (relative to the site), the view, the file name."""

    locale: str
    page: str
    name: str
    view: str | None = None  # the comparison view printed (the 新旧対照表 for redlines)


def list_pdf_pages(project: Project, build_date: date) -> list[PdfPage]:
    """Each policy in effect per locale, and the redline (新旧対照表) of each pair of neighbouring
    revisions per locale, as the offline site (``.html`` URLs) has them: the catalog the site's own
    settings give (its registry, ``include_reconstructed``, its locales)."""
    catalog = project.load_catalog(build_date=build_date)
    default = project.locales.default
    pages = []
    for policy in catalog.all_policies:
        views = [catalog.for_locale(locale) for locale in project.locales.codes_of(policy)]
        for view in views:
            locale, current = view.reading_locale, view.current(policy.id)
            assert current is not None
            url = locale_prefix(locale, default) + page_url(policy_page(policy.id), use_directory_urls=False)
            pages.append(PdfPage(locale, url, f"{policy.id}-{locale}-{current.effective.isoformat()}.pdf"))
        pairs = [(view, old, new) for view in views
                 for old, new in zip(view.revisions_of(policy.id), view.revisions_of(policy.id)[1:])]
        for view, old, new in sorted(pairs, key=lambda item: (item[1].effective, item[2].effective)):
            locale = view.reading_locale
            path = compare_page(policy.id, old.effective, new.effective)
            url = locale_prefix(locale, default) + page_url(path, use_directory_urls=False)
            name = f"{policy.id}-{locale}-redline-{old.effective.isoformat()}...{new.effective.isoformat()}.pdf"
            pages.append(PdfPage(locale, url, name, view="view-side-by-side"))
    return pages


def print_pdfs(site_dir: Path, pages: list[PdfPage], *, epoch: int) -> list[Path]:
    """Print each page to ``pdf/<name>`` inside the site.

    The characters of every page first, so that each locale's font is subset once
    (policy_site.bundle.print_fonts: the PDFs' text must be the pages' text, 人 not ⼈).
    """
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        raise BundleError(f"{CHROMIUM} is missing: install Debian's chromium to print the PDFs")
    out = site_dir / "pdf"
    out.mkdir(exist_ok=True)
    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            tab = browser.new_page()
            texts: dict[str, set[str]] = {}
            for job in pages:  # from the files, not the live page: its script changes some text as it runs
                texts.setdefault(font_family_of(job.locale), set()).update(_read_text(site_dir, job))
            try:
                css = {family: render_print_font_css("".join(sorted(chars)), next(
                    job.locale for job in pages if font_family_of(job.locale) == family)) for family, chars in texts.items()}
            except FontError as exc:
                raise BundleError(f"Printing the PDFs: {exc}") from exc
            for job in pages:
                _open_for_print(tab, site_dir, job)
                tab.add_style_tag(content=css[font_family_of(job.locale)])
                tab.evaluate("() => document.fonts.ready.then(() => true)")
                target = out / job.name
                data = tab.pdf(format="A4", print_background=False,
                               margin={"top": "18mm", "bottom": "18mm", "left": "16mm", "right": "16mm"})
                target.write_bytes(normalize_pdf(data, epoch))
                written.append(target)
        finally:
            browser.close()
    return written


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.chars: set[str] = set()

    def handle_data(self, data: str) -> None:
        self.chars.update(data)


def _read_text(site_dir: Path, job: PdfPage) -> set[str]:
    """Every character of a page's HTML text (a superset of what prints)."""
    target = site_dir / job.page
    if not target.is_file():
        raise BundleError(f"Printing '{job.name}': the offline site has no page '{job.page}'")
    parser = _TextParser()
    parser.feed(target.read_text(encoding="utf-8"))
    return parser.chars


def _open_for_print(tab, site_dir: Path, job: PdfPage) -> None:
    target = site_dir / job.page
    if not target.is_file():
        raise BundleError(f"Printing '{job.name}': the offline site has no page '{job.page}'")
    tab.goto(target.as_uri())
    if job.view:
        tab.evaluate("id => { document.getElementById(id).checked = true; }", job.view)
    tab.emulate_media(media="print")
    # Links into the build folder would embed its temporary path in the PDF.
    tab.evaluate("""() => document.querySelectorAll('a[href]').forEach(a => {
        if (a.href.startsWith('file:')) a.removeAttribute('href'); })""")


_PDF_DATE = re.compile(rb"\(D:\d{14}[^)]*\)")
_PDF_ID = re.compile(rb"/ID \[<([0-9A-Fa-f]+)> <([0-9A-Fa-f]+)>\]")


def normalize_pdf(data: bytes, epoch: int) -> bytes:
    """Replace the print time and random file id with values from ``epoch``, keeping byte lengths
    (so the PDF's cross-reference offsets stay valid)."""
    stamp = datetime.fromtimestamp(epoch, tz=timezone.utc).strftime("%Y%m%d%H%M%S").encode()

    def fixed_date(match: re.Match) -> bytes:
        original = match.group(0)
        replacement = b"(D:" + stamp + b"+00'00')"
        return replacement.ljust(len(original), b" ")[: len(original)] if len(replacement) <= len(original) \
            else original[:3] + stamp + original[3 + len(stamp):]

    data = _PDF_DATE.sub(fixed_date, data)
    return _PDF_ID.sub(lambda m: b"/ID [<" + b"0" * len(m.group(1)) + b"> <" + b"0" * len(m.group(2)) + b">]", data)


def write_zip(site_dir: Path, target: Path, *, epoch: int, prefix: str) -> None:
    """A zip whose bytes depend only on the files: sorted names, fixed times and modes."""
    when = datetime.fromtimestamp(max(epoch, 315532800), tz=timezone.utc).timetuple()[:6]
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path in sorted(p for p in site_dir.rglob("*") if p.is_file()):
            info = zipfile.ZipInfo(f"{prefix}/{path.relative_to(site_dir).as_posix()}", date_time=when)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, path.read_bytes(), compresslevel=9)


def default_epoch(root: Path) -> int:
    """``SOURCE_DATE_EPOCH`` if set, else the time of the last commit of the repository at ``root``
    (stable for a checkout; whatever ``GIT_*`` variables say), else now."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return int(os.environ["SOURCE_DATE_EPOCH"])
    try:
        result = run_git(root, "log", "-1", "--format=%ct")
    except GitMissing as exc:
        raise BundleError(f"{exc}, or set SOURCE_DATE_EPOCH to fix the bundle's date") from None
    if result.returncode == 0 and result.stdout.strip():
        return int(result.stdout.strip())
    return int(datetime.now(tz=timezone.utc).timestamp())


def make_bundle(root: Path, work_dir: Path, out_dir: Path, *, epoch: int,
                echo: Callable[[str], None] = print) -> Path:
    """Build, check, print and pack; return the zip's path."""
    project = load_project(root)
    build_date = project.load_build_date({"SOURCE_DATE_EPOCH": str(epoch)})
    site_dir = work_dir / "site"
    echo(f"Building the offline site for {build_date.isoformat()} ...")
    build_offline_site(root, site_dir, epoch=epoch)
    check_no_foreign_resources(site_dir)
    pdfs = print_pdfs(site_dir, list_pdf_pages(project, build_date), epoch=epoch)
    echo(f"Printed {len(pdfs)} PDFs.")
    name = f"{project.bundle_name}-{build_date.isoformat()}"
    target = out_dir / f"{name}.zip"
    write_zip(site_dir, target, epoch=epoch, prefix=name)
    echo(f"Wrote {target} ({target.stat().st_size // 1024} KiB). Open {name}/index.html from the unpacked folder.")
    return target

"""The offline bundle for auditors and archivists: the whole site as one zip that works from file://.

It is built as a separate MkDocs run (Material's offline plugin changes URLs), checked for any
resource of another origin, completed with a PDF of each policy in effect per locale and a PDF of
the 新旧対照表 of each pair of neighbouring revisions per locale (printed by the same headless
Chromium the tests use, with fonts whose text extracts as written, citable: policy_site.bundle.print_page),
linked from the pages they print and from each language's home (policy_site.bundle.pdf_links), and
zipped byte-for-byte reproducibly under ``SOURCE_DATE_EPOCH``.

The bundle names the public site (its PDFs' permanent URLs, the feeds, sitemap and canonical
links come from ``site_url``): it is not made for a local address.
"""

from __future__ import annotations

import os
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timezone
from html.parser import HTMLParser
from pathlib import Path

from policy_site.common.git import GitMissing, run_git
from policy_site.plugin.build import run_strict_build
from policy_site.plugin.offline import find_foreign_resources
from policy_site.bundle.pdf_bytes import PdfBytesError, normalize_pdf
from policy_site.bundle.pdf_links import insert_pdf_links, insert_pdf_list
from policy_site.bundle.print_fonts import STACK, FontError, font_family_of, render_print_font_css
from policy_site.bundle.print_page import (PREPARE_FOR_PRINT, check_public_address, render_header_footer,
                                           render_running_text)
from policy_site.plugin.project import Project, ProjectError, load_config_of, project_of, strings_of
from policy_site.site.reconstructions import render_revision_date
from policy_site.site.strings import format_date, t, use_site_strings
from policy_site.site.urls import compare_page, locale_prefix, page_url, policy_page, revision_page

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
    """One PDF of the bundle: the page printed (relative to the site), the file name, the title
    (with the revision dates) and permanent public URL on every page, the view printed, and the
    other pages of the bundle that show the same document (they link the PDF too)."""

    locale: str
    page: str
    name: str
    title: str = ""
    url: str = ""
    view: str | None = None  # the comparison view printed (the 新旧対照表 for redlines)
    also_on: tuple[str, ...] = ()


def list_pdf_pages(project: Project, build_date: date, *, site_url: str = "", use_directory_urls: bool = True
                   ) -> list[PdfPage]:
    """Each policy in effect per locale, and the redline (新旧対照表) of each pair of neighbouring
    revisions per locale, as the offline site (``.html`` URLs) has them: the catalog the site's own
    settings give (its registry, ``include_reconstructed``, its locales). The permanent URL of a
    policy is its revision's page on the public site (``site_url``, with the online build's
    ``use_directory_urls``), which never changes once published."""
    catalog = project.load_catalog(build_date=build_date)
    default = project.locales.default
    pages = []
    for policy in catalog.all_policies:
        views = [catalog.for_locale(locale) for locale in project.locales.codes_of(policy)]
        for view in views:
            locale, current = view.reading_locale, view.current(policy.id)
            assert current is not None
            prefix = locale_prefix(locale, default)
            wording = "revision_title_reconstructed" if current.is_reconstructed else "revision_title"
            title = t(locale, wording, policy=policy.title(locale), date=format_date(current.effective, locale))
            permanent = revision_page(policy.id, current.effective)
            pages.append(PdfPage(locale, prefix + page_url(policy_page(policy.id), use_directory_urls=False),
                                 f"{policy.id}-{locale}-{current.effective.isoformat()}.pdf", title,
                                 site_url + prefix + page_url(permanent, use_directory_urls=use_directory_urls),
                                 also_on=(prefix + page_url(permanent, use_directory_urls=False),)))
        pairs = [(view, old, new) for view in views
                 for old, new in zip(view.revisions_of(policy.id), view.revisions_of(policy.id)[1:])]
        for view, old, new in sorted(pairs, key=lambda item: (item[1].effective, item[2].effective)):
            locale = view.reading_locale
            prefix = locale_prefix(locale, default)
            path = compare_page(policy.id, old.effective, new.effective)
            title = t(locale, "compare_pair_title", policy=policy.title(locale),
                      old=render_revision_date(view, old, locale), new=render_revision_date(view, new, locale))
            name = f"{policy.id}-{locale}-redline-{old.effective.isoformat()}...{new.effective.isoformat()}.pdf"
            pages.append(PdfPage(locale, prefix + page_url(path, use_directory_urls=False), name, title,
                                 site_url + prefix + page_url(path, use_directory_urls=use_directory_urls),
                                 view="view-side-by-side"))
    return pages


def print_pdfs(site_dir: Path, pages: list[PdfPage], *, epoch: int, site_url: str) -> list[Path]:
    """Print each page to ``pdf/<name>`` inside the site (``site_url``: the public address, ending in "/").

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
                chars = texts.setdefault(font_family_of(job.locale), set())
                chars.update(_read_text(site_dir, job), render_running_text(job.locale, job.title, job.url))
            try:
                css = {family: render_print_font_css("".join(sorted(chars)), next(
                    job.locale for job in pages if font_family_of(job.locale) == family)) for family, chars in texts.items()}
            except FontError as exc:
                raise BundleError(f"Printing the PDFs: {exc}") from exc
            for job in pages:
                _open_for_print(tab, site_dir, job, site_url)
                font_css = css[font_family_of(job.locale)]
                tab.add_style_tag(content=font_css)
                tab.evaluate("() => document.fonts.ready.then(() => true)")
                target = out / job.name
                header, footer = render_header_footer(job.locale, job.title, job.url, font_css, STACK)
                data = tab.pdf(format="A4", print_background=False, display_header_footer=True,
                               header_template=header, footer_template=footer, outline=True, tagged=True,
                               margin={"top": "18mm", "bottom": "18mm", "left": "16mm", "right": "16mm"})
                try:
                    target.write_bytes(normalize_pdf(data, epoch))
                except PdfBytesError as exc:
                    raise BundleError(f"Printing '{job.name}': {exc}; the bundle would not be reproducible") from None
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


def _open_for_print(tab, site_dir: Path, job: PdfPage, site_url: str) -> None:
    target = site_dir / job.page
    if not target.is_file():
        raise BundleError(f"Printing '{job.name}': the offline site has no page '{job.page}'")
    tab.goto(target.as_uri())
    if job.view:
        tab.evaluate("id => { document.getElementById(id).checked = true; }", job.view)
    tab.emulate_media(media="print")
    # Links into the build folder would embed its temporary path in the PDF: they name the public site.
    tab.evaluate(PREPARE_FOR_PRINT, [site_dir.as_uri() + "/", site_url])


def link_pdfs(site_dir: Path, jobs: list[PdfPage], default: str) -> None:
    """Each printed page (and the other pages of the same document) links its PDF; each
    language's home lists that language's PDFs."""
    try:
        insert_pdf_links(site_dir, [(page, job.name, t(job.locale, "pdf_link"))
                                    for job in jobs for page in (job.page, *job.also_on) if (site_dir / page).is_file()])
        for locale in dict.fromkeys(job.locale for job in jobs):
            insert_pdf_list(site_dir, locale_prefix(locale, default) + "index.html", t(locale, "pdf_list_title"),
                            [(job.name, job.title) for job in jobs if job.locale == locale])
    except ValueError as exc:
        raise BundleError(str(exc)) from None


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
    try:
        config = load_config_of(root)
        project = project_of(config)
        site_url = check_public_address(config.site_url)
        use_site_strings(strings_of(config, project))  # the site's own wording, as its pages have it
    except (ProjectError, ValueError) as exc:
        raise BundleError(str(exc)) from None
    build_date = project.load_build_date({"SOURCE_DATE_EPOCH": str(epoch)})
    site_dir = work_dir / "site"
    echo(f"Building the offline site for {build_date.isoformat()} ...")
    build_offline_site(root, site_dir, epoch=epoch)
    check_no_foreign_resources(site_dir)
    jobs = list_pdf_pages(project, build_date, site_url=site_url, use_directory_urls=config.use_directory_urls)
    pdfs = print_pdfs(site_dir, jobs, epoch=epoch, site_url=site_url)
    link_pdfs(site_dir, jobs, project.locales.default)
    echo(f"Printed {len(pdfs)} PDFs.")
    name = f"{project.bundle_name}-{build_date.isoformat()}"
    target = out_dir / f"{name}.zip"
    write_zip(site_dir, target, epoch=epoch, prefix=name)
    echo(f"Wrote {target} ({target.stat().st_size // 1024} KiB). Open {name}/index.html from the unpacked folder.")
    return target

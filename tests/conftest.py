"""Shared fixtures: real MkDocs builds of the real project and of small fixture sites."""

from __future__ import annotations

import contextlib
import functools
import http.server
import logging
import os
import re
import shutil
import subprocess
import sys
import threading
import traceback
from dataclasses import dataclass
from pathlib import Path

import pytest

from policy_site.plugin.build import BuildResult, run_strict_build

ROOT = Path(__file__).resolve().parents[1]

# ------------------------------------------------------------------------------------------------
# The fast subset: `pytest --fast` (or POLICY_TESTS=fast) leaves out what is marked slow (the real
# browser, the offline bundle, the Nu checker, extra builds of the real sources) and runs Hypothesis
# with the "fast" profile, whose example count caps each test's own. Everything runs otherwise.

SLOW_FIXTURES = {"browser", "page", "site_server", "serve_site", "bundle", "unpacked", "layout_server", "layout_page"}

from hypothesis import settings as _hypothesis_settings  # noqa: E402

_hypothesis_settings.register_profile("fast", max_examples=20)
# CI (CI=true, as .ci/run sets it) draws the same examples every run: a landing is judged on the
# change, not on the draw. Local runs draw anew each time (and keep what failed in .hypothesis/),
# which is where the property tests keep finding new cases.
_hypothesis_settings.register_profile("ci", derandomize=True)
if os.environ.get("CI") == "true":
    _hypothesis_settings.load_profile("ci")


def pytest_addoption(parser):
    parser.addoption("--fast", action="store_true", default=os.environ.get("POLICY_TESTS") == "fast",
                     help="run the fast subset: no browser, bundle or Nu checker; Hypothesis at the 'fast' profile")


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: left out of the fast subset (pytest --fast)")
    if config.getoption("--fast"):
        _hypothesis_settings.register_profile("fast", max_examples=20, derandomize=os.environ.get("CI") == "true")
        _hypothesis_settings.load_profile("fast")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if SLOW_FIXTURES & set(getattr(item, "fixturenames", ())) or item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.slow)
    if not config.getoption("--fast"):
        return
    cap = _hypothesis_settings.default.max_examples
    for item in items:
        test = getattr(item, "obj", None)
        own = getattr(test, "_hypothesis_internal_use_settings", None)
        if own is not None and own.max_examples > cap:  # the profile caps the example count a test sets
            test._hypothesis_internal_use_settings = _hypothesis_settings(own, max_examples=cap)
    slow = [item for item in items if item.get_closest_marker("slow")]
    if slow:
        config.hook.pytest_deselected(items=slow)
        items[:] = [item for item in items if not item.get_closest_marker("slow")]

# ------------------------------------------------------------------------------------------------
# Two processes (scripts/test.sh: pytest -n 2 --dist loadgroup): the tests of a module named here
# run in one worker, so that its session fixture (the offline bundle) is made once; every other test
# goes to whichever worker is free. pytest-xdist 3.8 would group the tests marked xdist_group by
# renaming their node ids, which pytest 9 no longer lets it do (the mark has no effect): the groups
# are named here instead, by module, for --dist loadgroup.

ONE_WORKER = {"tests/test_bundle.py": "bundle",  # the fixture site's bundle
              "tests/site/test_site_bundle.py": "site-bundle"}  # this repository's own


def pytest_xdist_make_scheduler(config, log):
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadGroupScheduling

    class ModuleGroups(LoadGroupScheduling):
        def _split_scope(self, nodeid: str) -> str:
            group = ONE_WORKER.get(nodeid.split("::", 1)[0])
            return f"@{group}" if group else super()._split_scope(nodeid)

    return ModuleGroups(config, log)


SITES = Path(__file__).resolve().parent / "sites"
PROJECT_FILES = ("mkdocs.yml", "glossary.yml")  # the theme files come from the package (policy_site/theme)


def run_build(project: Path, site_dir: Path, *, env: dict[str, str] | None = None) -> BuildResult:
    """``mkdocs build --strict`` as a user runs it, in a new process (not ``-q``: it hides strict
    failures). For the tests where that process is what is tested; every other test builds with
    :func:`build_site`, the same build in this process."""
    return run_strict_build(project / "mkdocs.yml", site_dir, env=env, cwd=project)


class _MkDocsLogLines(logging.Handler):
    """The ``mkdocs`` logger's records as ``mkdocs build`` prints them on stderr, e.g.
    ``WARNING -  message`` (mkdocs.__main__.ColorFormatter, without colour or wrapping: what a
    build writes to a pipe)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []
        self._formatter = logging.Formatter()  # the message, then a traceback if the record has one

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(f"{record.levelname:<8}-  {self._formatter.format(record)}")


class _ThemeFileNames:
    """The theme's static file names, listed once per process: each build (and each language of it)
    walks the theme's folders and matches every name against MkDocs' exclusion patterns
    (``Files.add_files_from_theme``), about 0.15 s a language with Material's thousands of files,
    nearly half of a small fixture build. The list depends only on the names in those folders and
    on the patterns (the theme's ``static_templates``, MkDocs' Markdown extensions): it is reused
    when they are the same, with the folders outside the installed packages (a project's
    ``custom_dir``) listed again each time. MkDocs then adds the files as it always does."""

    def __init__(self) -> None:
        self.names: dict[tuple, list[str]] = {}

    @staticmethod
    def _key(env, config) -> tuple | None:
        import sysconfig

        import jinja2
        from mkdocs import utils

        loader = env.loader
        dirs = list(config.theme.dirs)
        if type(loader) is not jinja2.FileSystemLoader or list(loader.searchpath) != dirs:
            return None
        installed = Path(sysconfig.get_paths()["purelib"]).resolve()
        folders = []
        for folder in dirs:
            if Path(folder).resolve().is_relative_to(installed):
                folders.append(folder)
            else:  # a project's own folder (a copy in each test): its names, wherever it is
                folders.append(tuple(sorted(os.path.relpath(os.path.join(dirpath, name), folder)
                                            for dirpath, _, names in os.walk(folder, followlinks=loader.followlinks)
                                            for name in names)))
        return (tuple(folders), loader.followlinks, tuple(config.theme.static_templates),
                tuple(utils.markdown_extensions))

    @contextlib.contextmanager
    def installed(self):
        from mkdocs.structure.files import Files

        add_files = Files.add_files_from_theme
        names = self.names

        def add_files_from_theme(files, env, config):
            key = self._key(env, config)
            if key is None:
                return add_files(files, env, config)
            list_templates = env.list_templates

            def listed(extensions=None, filter_func=None):
                if key not in names:
                    names[key] = list_templates(extensions=extensions, filter_func=filter_func)
                return list(names[key])

            env.list_templates = listed
            try:
                return add_files(files, env, config)
            finally:
                del env.list_templates

        Files.add_files_from_theme = add_files_from_theme
        try:
            yield
        finally:
            Files.add_files_from_theme = add_files


_THEME_FILE_NAMES = _ThemeFileNames()


@contextlib.contextmanager
def reused_theme():
    """Builds in this process reuse the theme's file names (_ThemeFileNames): what :func:`build_site`
    does, for the tests that drive MkDocs' build themselves. (The compiled templates are reused by
    the plugin itself, for every build of the process: policy_site.plugin.templates.)"""
    with _THEME_FILE_NAMES.installed():
        yield


@contextlib.contextmanager
def _build_environment(project: Path, env: dict[str, str]):
    """Around one in-process build, what the ``mkdocs`` command would have had and nothing left
    behind: the variables the configuration and the plugin read (``!ENV``, SOURCE_DATE_EPOCH),
    the working directory, the log level and filters, and ``mkdocs.utils.clean_directory``
    (static-i18n replaces it while it builds the other languages, and a build that fails in
    between never puts it back). The theme's file names are reused (_ThemeFileNames)."""
    from mkdocs import utils
    from mkdocs.commands import build as build_command

    saved_env = {key: os.environ.get(key) for key in env}
    saved_cwd = os.getcwd()
    logger = logging.getLogger("mkdocs")
    saved_level, saved_filters = logger.level, list(build_command.log.filters)
    saved_clean = utils.clean_directory
    lines = _MkDocsLogLines()
    os.environ.update(env)
    os.chdir(project)
    logger.setLevel(logging.INFO)  # as the command line: INFO without -v, -q
    logger.addHandler(lines)
    build_command.log.addFilter(utils.DuplicateFilter())  # as mkdocs.__main__._enable_warnings
    try:
        with reused_theme():
            yield lines
    finally:
        utils.clean_directory = saved_clean
        build_command.log.filters[:] = saved_filters
        logger.removeHandler(lines)
        logger.setLevel(saved_level)
        os.chdir(saved_cwd)
        for key, value in saved_env.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def build_site(project: Path, site_dir: Path, *, env: dict[str, str] | None = None, strict: bool = True) -> BuildResult:
    """``mkdocs build [--strict] -f <project>/mkdocs.yml -d <site_dir>``, run in this process the way
    the command runs it (mkdocs.__main__.build_command): load_config, the plugins' startup, build,
    shutdown. The result reads like :func:`run_build`'s: the return code the command would exit
    with (an aborted build 1, as ``mkdocs.exceptions.Abort`` says), what it prints (the log lines
    on stderr; Abort's message on stdout; another error on stderr as click or Python prints it).

    MkDocs keeps one instance of a plugin that defines ``on_startup`` per process (ours, Material's
    search) and each keeps its state on the instance, so builds of different projects in one
    process give what separate processes give (tests/test_build_in_process.py compares them)."""
    import click
    from mkdocs import exceptions
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    stdout, errors, returncode = [], [], 0
    with _build_environment(project, {"NO_MKDOCS_2_WARNING": "1", **(env or {})}) as log:
        try:
            config = load_config(str(project / "mkdocs.yml"), site_dir=str(site_dir), strict=True if strict else None)
            config.plugins.on_startup(command="build", dirty=False)
            try:
                build(config, dirty=False)
            finally:
                config.plugins.on_shutdown()
        except exceptions.Abort as exc:  # Abort.show: its message on stdout
            returncode = exc.exit_code
            stdout.append("\n" + exc.format_message())
        except click.ClickException as exc:  # ConfigurationError and other MkDocs errors: "Error: ..."
            returncode = exc.exit_code
            errors.append(f"Error: {exc.format_message()}")
        except Exception:  # anything else ends the command with Python's traceback
            returncode = 1
            errors.append(traceback.format_exc().rstrip("\n"))
    return BuildResult(returncode, "".join(f"{line}\n" for line in stdout),
                       "".join(f"{line}\n" for line in log.lines + errors))


def make_project(dest: Path, fixture: str | None = None, *, locales: tuple[str, ...] | None = None) -> Path:
    """The fixture site ``tests/sites/<fixture>`` (its own mkdocs.yml, or the sample sites' configuration
    ``tests/sites/mkdocs.yml``), or without ``fixture`` a copy of the real site (its configuration, glossary and docs);
    with ``locales``, only those languages (the others' docs and entries in the i18n list left out):
    the smallest site that builds, for the tests about running a build rather than what it makes
    (each language costs a build of its own)."""
    dest.mkdir(parents=True, exist_ok=True)
    if fixture is None:
        for name in PROJECT_FILES:
            shutil.copy2(ROOT / name, dest / name)
        shutil.copytree(ROOT / "docs", dest / "docs", dirs_exist_ok=True)
        shutil.copy2(ROOT / "policies.yml", dest / "policies.yml")
    else:  # the sample sites' configuration, unless the fixture has its own: never the real site's
        shutil.copy2(SITES / "mkdocs.yml", dest / "mkdocs.yml")
        shutil.copytree(SITES / fixture, dest, dirs_exist_ok=True)
    if locales is not None:
        _keep_locales(dest, locales)
    return dest


def _keep_locales(project: Path, locales: tuple[str, ...]) -> None:
    import re

    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    entries = re.findall(r"^        - locale: (\w+)\n(?:          .*\n)*", text, re.M)
    assert set(locales) <= set(entries) and "ja" in locales, (locales, entries)  # ja: the default language
    for locale in entries:
        if locale not in locales:
            text, removed = re.subn(rf"^        - locale: {locale}\n(?:          .*\n)*", "", text, flags=re.M)
            assert removed == 1, locale
            shutil.rmtree(project / "docs" / locale)
            # and from the plugin's translations, which may name only the languages built
            block = re.search(r"^      translations:\n(?:        [\w-]+: [\w-]+\n)+", text, re.M)
            if block is not None:
                kept = re.sub(rf"^        {locale}: [\w-]+\n", "", block.group(0), flags=re.M)
                text = text[:block.start()] + kept + text[block.end():]
    config.write_text(text, encoding="utf-8")


@functools.lru_cache(maxsize=None)
def load_site_strings(root: Path = ROOT) -> dict:
    """A site's interface strings per locale (by default the real site's), as its build resolves
    them: the catalogs with the company, names and own wording its mkdocs.yml gives
    (policy_site.plugin.site_strings)."""
    from policy_site.plugin.project import load_config_of, project_of, strings_of

    config = load_config_of(root)
    return strings_of(config, project_of(config))


@functools.lru_cache(maxsize=None)
def load_locales_of(root: Path):
    """The locale model of the site at ``root``, read once per process (its mkdocs.yml does not
    change during a run; :func:`project_t` asks for every string)."""
    from policy_site.plugin.project import load_project

    return load_project(root).locales


def project_t(root: Path, locale: str, key: str, **values: str) -> str:
    """What the pages of the site at ``root`` (a fixture site) say for ``t(locale, key, …)``; the
    notices that name the text that prevails name that site's default locale."""
    from policy_site.site.strings import language_name, render_typography

    values.setdefault("source_language", language_name(load_locales_of(root).default, locale))
    return render_typography(load_site_strings(root)[locale][key].format(**values), locale)


def site_t(locale: str, key: str, **values: str) -> str:
    """What the real site's pages say for ``t(locale, key, …)``: :func:`project_t` of this
    repository (its notices name its default locale's text as the one that prevails)."""
    return project_t(ROOT, locale, key, **values)


def load_site_locales():
    """The real site's locale model (its i18n languages and the plugin's ``translations``)."""
    return load_locales_of(ROOT)


# The real site's locales, for the tests of its pages (the generator's own tests declare theirs).
SITE_LOCALES = load_site_locales()
LOCALES = tuple(SITE_LOCALES)
DEFAULT_LOCALE = SITE_LOCALES.default


@functools.lru_cache(maxsize=None)
def load_project_catalog(build_date=None, **kwargs):
    """The real sources as the build reads them (for the build date the build uses): tests derive
    counts, dates and page lists from this, never from today's content. Read once per process for
    each set of arguments (six test modules ask at import, in every pytest-xdist worker); the tests
    only read the catalog."""
    from policy_site.plugin.project import load_project

    return load_project(ROOT).load_catalog(build_date=build_date, **kwargs)


@pytest.fixture(scope="session")
def catalog():
    return load_project_catalog()


def publish_build_env() -> dict[str, str]:
    """The environment the Publish workflow gives its site build (values computed by GitHub, such
    as the Pages address, left out): the built-site tests check what Pages serves."""
    import yaml

    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "publish.yml").read_text(encoding="utf-8"))
    steps = [step for job in workflow["jobs"].values() for step in job["steps"]]
    build = next(step for step in steps if step.get("run", "").strip().startswith("bash scripts/build.sh"))
    return {key: str(value) for key, value in (build.get("env") or {}).items() if "${{" not in str(value)}


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real site, built once per session with the real sources and the Publish workflow's settings."""
    site = tmp_path_factory.mktemp("site")
    result = build_site(ROOT, site, env=publish_build_env())
    assert result.returncode == 0, result.stderr
    return site


@functools.lru_cache(maxsize=256)
def _parse_page(path: str, stamp: tuple[int, int]):
    from bs4 import BeautifulSoup

    return BeautifulSoup(Path(path).read_text(encoding="utf-8"), "html.parser")


def read_page(path: Path):
    """A built page as BeautifulSoup, parsed once per process: parsing is most of the time of the
    tests that read every page of a built site (about 50 ms a page), and several tests read the
    same pages. The tree is shared by every test that reads the page: read it, never change it
    (no decompose, extract or insert); :func:`text_without` reads it with parts left out. A page
    written again (another build into the same folder) is parsed again."""
    stat = os.stat(path)
    return _parse_page(str(path), (stat.st_mtime_ns, stat.st_size))


def within(elements) -> set[int]:
    """The ids of ``elements`` and of everything inside them, for :func:`text_without` and to
    skip what lies inside them (``id(tag) not in within(...)``)."""
    return {id(node) for element in elements for node in (element, *element.descendants)}


def text_without(element, excluded, separator: str = "") -> str:
    """``element.get_text(separator)`` as it reads once the ``excluded`` elements (a list, or the
    set :func:`within` gives) are decomposed, without changing a tree that :func:`read_page` shares."""
    gone = excluded if isinstance(excluded, set) else within(excluded)
    return separator.join(string for string in element.strings if id(string) not in gone)


@dataclass(frozen=True)
class FixtureBuild:
    project: Path  # the copy of the project it was built from
    site: Path
    result: BuildResult


@pytest.fixture(scope="session")
def fixture_build(tmp_path_factory):
    """``fixture_build("upcoming", SOURCE_DATE_EPOCH=...)``: the fixture site ``tests/sites/<name>``
    built (strict, in process) once per session for each set of variables, for the tests that only
    read what it built and the project it was built from (they must not change either). Every
    fixture site must build: a build that failed fails each test that asks for it, with its log
    (a test of a failing build makes its own project)."""
    builds: dict[tuple, FixtureBuild] = {}

    def build(fixture: str, **env: str) -> FixtureBuild:
        key = (fixture, tuple(sorted(env.items())))
        if key not in builds:
            folder = tmp_path_factory.mktemp(f"built-{fixture}")
            project = make_project(folder / "project", fixture)
            builds[key] = FixtureBuild(project, folder / "site", build_site(project, folder / "site", env=env))
        built = builds[key]
        assert built.result.returncode == 0, built.result.stderr
        return built

    return build


@pytest.fixture(scope="session")
def fixture_server(fixture_build, serve_site):
    """``fixture_server("layout")``: the fixture site ``tests/sites/<name>`` built once per session
    (as ``fixture_build`` builds it) and served on a loopback port as GitHub Pages serves it; gives
    its origin."""

    def serve(fixture: str, **env: str) -> str:
        return serve_site(fixture_build(fixture, **env).site)

    return serve


ACCESS = SITES / "access"  # the fixture site with every kind of page (tests/sites/access/policies.yml)


@pytest.fixture(scope="session")
def access_site(fixture_build) -> FixtureBuild:
    """The access fixture site built once per session: every kind of page the generator makes, in
    ja (its default) with en and zh translations, for the browser tests of what a reader meets on
    every page (404s, navigation, keyboard, axe and the Nu checker), none of which reads the real site."""
    return fixture_build("access")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output readable
        pass


class QuietServer(http.server.ThreadingHTTPServer):
    """A loopback server that says nothing when the browser drops a connection mid-reply (a page
    left, or its context closed, while its search worker still fetched the index): browsers do
    that, and the traceback socketserver prints then would read as a failure in the test log.
    Any other error of a request is printed as before."""

    def handle_error(self, request, client_address):
        if isinstance(sys.exc_info()[1], ConnectionError):  # BrokenPipeError, ConnectionResetError
            return
        super().handle_error(request, client_address)


@pytest.fixture(scope="session")
def serve_site():
    """``serve_site(site_dir)``: a built site on a loopback port, as GitHub Pages would serve it
    (root path), started once per session for each folder; gives its origin."""
    servers: dict[Path, QuietServer] = {}

    def serve(site: Path) -> str:
        if site not in servers:
            handler = functools.partial(_QuietHandler, directory=str(site))
            servers[site] = QuietServer(("127.0.0.1", 0), handler)
            threading.Thread(target=servers[site].serve_forever, daemon=True).start()
        return f"http://127.0.0.1:{servers[site].server_address[1]}"

    yield serve
    for server in servers.values():
        server.shutdown()


@pytest.fixture(scope="session")
def site_server(built_site, serve_site):
    """The real site on a loopback port, as GitHub Pages would serve it (root path)."""
    return serve_site(built_site)


@pytest.fixture(scope="session")
def access_server(access_site, serve_site):
    """The access fixture site on a loopback port, as GitHub Pages would serve it (root path)."""
    return serve_site(access_site.site)


from policy_site.bundle.make import CHROMIUM, CHROMIUM_ARGS  # noqa: E402  (one place for the launch flags)


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium driven by Playwright; required (not skipped) when CI is set."""
    if not Path(CHROMIUM).exists():
        message = f"{CHROMIUM} is missing: install Debian's chromium (scripts/test.sh does it as root)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@contextlib.contextmanager
def open_recording_page(browser, origin: str):
    """A fresh page whose ``foreign_requests`` lists every request that leaves ``origin``."""
    context = browser.new_context(locale="ja-JP")
    tab = context.new_page()
    tab.foreign_requests = []
    tab.on("request", lambda request: request.url.startswith(origin) or request.url.startswith("data:")
           or tab.foreign_requests.append(request.url))
    try:
        yield tab
    finally:
        context.close()


@pytest.fixture
def page(browser, site_server):
    """A fresh page that records every request leaving the site's origin."""
    with open_recording_page(browser, site_server) as tab:
        yield tab


@pytest.fixture(scope="session")
def layout_server(fixture_server):
    """The fixture site tests/sites/layout (a fictional policy and its variant, in ja with en and zh
    translations, long enough to wrap, tabulate and print over pages), served: the browser's layout
    tests look at its pages, never the real site's."""
    return fixture_server("layout")


@pytest.fixture
def layout_page(browser, layout_server):
    """A fresh page that records every request leaving the layout fixture site's origin."""
    with open_recording_page(browser, layout_server) as tab:
        yield tab


def search_result_paths(page, query: str, *, timeout: float = 60.0) -> list[str]:
    """Type ``query`` into Material's search and return the result links' paths, best first.

    Material runs a query on key events, not on the ``input`` event that ``fill`` sends: a query
    filled after the search worker is ready is never run. A key press after filling runs it, and
    the query is typed again until results show (the worker may still be starting).
    """
    import time
    from urllib.parse import urlsplit

    page.locator("label.md-search__icon, .md-search__input").first.click()
    field = page.locator("input.md-search__input")
    results = page.locator(".md-search-result__item > a")
    deadline = time.monotonic() + timeout
    while True:
        field.fill(query)
        field.press("End")
        try:
            results.first.wait_for(timeout=5000)
            break
        except Exception:
            if time.monotonic() > deadline:
                raise
    return [urlsplit(results.nth(i).get_attribute("href")).path for i in range(results.count())]


def check_search_finds(page, query: str, expected: str, *, whole_marks: bool = True) -> None:
    """Search ``query`` on the open page: the best result's path contains ``expected`` and, with
    ``whole_marks``, every highlight is the query itself, whole (adjacent marks joined: a phrase is
    highlighted word by word). English queries match stems, so their marks may be other forms."""
    paths = search_result_paths(page, query)
    assert expected in paths[0], (query, paths[:3])
    if whole_marks:
        html = re.sub(r"</mark>(\s*)<mark[^>]*>", r"\1", page.locator(".md-search-result__list").inner_html())
        assert set(re.findall(r"<mark[^>]*>([^<]*)</mark>", html)) == {query}, query


VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
_CANARY = ("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>canary</title></head>"
           "<body><img alt=\"\"></body></html>\n")  # <img> without src: one error the checker must report


def run_nu_checker(pages: list[Path], workdir: Path) -> list[dict]:
    """The Nu Html Checker's errors for ``pages``. A canary page with a known error is checked with
    them, so that a checker that did not run, crashed or printed nothing fails the test instead of
    passing it."""
    java = shutil.which("java")
    if java is None or not VNU.is_file():
        pytest.fail("java or node_modules/vnu-jar missing: scripts/test.sh installs both")
    canary = workdir / "nu-canary.html"
    canary.write_text(_CANARY, encoding="utf-8")
    result = subprocess.run([java, "-jar", str(VNU), "--format", "json", "--errors-only", str(canary),
                             *map(str, pages)], capture_output=True, text=True)
    import json

    try:
        messages = json.loads(result.stderr)["messages"]
    except (ValueError, KeyError, TypeError):
        pytest.fail(f"the Nu Html Checker gave no report (exit {result.returncode}): {result.stderr[:500]!r}")
    errors = [m for m in messages if m.get("type") == "error"]
    caught = [m for m in errors if m.get("url", "").endswith("/nu-canary.html")]
    assert caught and "“src”" in caught[0].get("message", ""), f"the checker missed the canary's error: {messages[:3]}"
    assert result.returncode == 1, f"the checker found errors but exited {result.returncode}"
    return [m for m in errors if m not in caught]


AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_WIDTHS = (1280, 390)  # a desktop and a phone: the phone's scroll areas fail only there
AXE_SCHEMES = ("light", "dark")  # dark: Material's slate scheme, as the palette's media query picks it


def list_checked_pages(catalog) -> list[str]:
    """Every kind of page of a site, from its catalog: home, each policy as in effect, the oldest
    revision and the newest (upcoming, if one is) of each policy, the timeline, the histories and
    comparisons (both views, with the full text shown: the 新旧対照表's rows built by its script).
    A new revision is checked as soon as it is added."""
    pages = ["", "history/", "404.html"]
    for policy in catalog.policies:
        revisions = catalog.revisions_of(policy.id)
        pages.append(f"{policy.id}/")
        pages.extend(dict.fromkeys(f"{policy.id}/{r.effective.isoformat()}/" for r in (revisions[0], revisions[-1])))
        if len(revisions) > 1:
            pages += [f"{policy.id}/history/", f"{policy.id}/history/#side-by-side"]
            newest = f"{policy.id}/compare/{revisions[-2].effective.isoformat()}...{revisions[-1].effective.isoformat()}/"
            pages += [newest, f"{newest}#side-by-side"]
        if policy.variant_of:
            pages += [f"{policy.id}/compare/", f"{policy.id}/compare/#side-by-side"]
    return pages


def axe_problems(browser, origin: str, prefix: str, pages: list[str], *, scheme: str, width: int) -> list[str]:
    """axe-core's serious and critical violations on ``pages`` (paths below ``origin``/``prefix``,
    as :func:`list_checked_pages` lists them), one line each, in a fresh context of that colour
    scheme and width."""
    assert AXE.is_file(), "node_modules/axe-core is missing: run npm ci"
    context = browser.new_context(locale="ja-JP", viewport={"width": width, "height": 900}, color_scheme=scheme)
    # axe comes with every page of the context, before the page's own scripts (it defines `axe` and
    # touches nothing else): compiled once for the context, where a script tag added to each page
    # was compiled anew each time, a quarter of the time of these checks.
    context.add_init_script(path=str(AXE))
    page = context.new_page()
    problems = []
    try:
        for path in pages:
            path, _, view = path.partition("#")
            page.goto(f"{origin}/{prefix}{path}")
            page.wait_for_load_state("load")  # keyboard.js marks the scroll areas on load
            if view == "side-by-side":  # the second view of every comparison on the page
                # Shown, then two frames: keyboard.js marks a scroll area when the browser reports
                # its new size, at the frame after it is shown (a reader's next key comes later).
                page.evaluate("""async () => {
                    document.querySelectorAll('details').forEach(d => d.open = true);
                    document.querySelectorAll('.history-views > input:nth-of-type(2)').forEach(i => i.checked = true);
                    document.querySelectorAll('.history-fulltext-toggle').forEach(i => i.checked || i.click());
                    await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
                }""")
            result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
            for violation in result["violations"]:
                if violation["impact"] in ("serious", "critical"):
                    targets = [node["target"] for node in violation["nodes"][:3]]
                    problems.append(f"/{prefix}{path}: {violation['id']} ({violation['impact']}) {targets}")
    finally:
        context.close()
    return problems


# Errors that come from Material's stock templates, not from our templates or content.
# Each entry: (substring of the Nu message, why it is not ours).
NU_ALLOWLIST = [
    ("Attribute “autocomplete” is only allowed when the input type is",
     "Material's base.html puts autocomplete=off on its drawer and search toggle checkboxes"),
    ("The value of the “for” attribute of the “label” element must be the ID of a non-hidden form control",
     "Material's header and nav labels point at its visually hidden toggle checkboxes (__drawer, __search, nav toggles)"),
]


def check_html_of_site(site: Path, workdir: Path) -> None:
    """The Nu Html Checker finds no error of ours (NU_ALLOWLIST: Material's) in a built site's pages."""
    pages = sorted(site.rglob("*.html"))
    assert pages, f"no page in {site}"
    messages = run_nu_checker(pages, workdir)
    ours = [m for m in messages if not any(allowed in m.get("message", "") for allowed, _ in NU_ALLOWLIST)]
    summary = sorted({f"{m['message']}" for m in ours})
    assert ours == [], f"{len(ours)} errors, distinct: " + "\n".join(summary[:30])


def text_of(element) -> str:
    """``element.get_text(" ", strip=True)``, with each date read as part of the sentence around it:
    a date has a span of its own that keeps it on one line (policy_site.site.nowrap), which is no
    break in the text."""
    pieces: list[str] = []
    glued = False
    for string in element.strings:
        in_date = "policy-date" in (string.parent.get("class") or [])
        if pieces and (in_date or glued):
            pieces[-1] += string
        else:
            pieces.append(string)
        glued = in_date
    return " ".join(piece.strip() for piece in pieces if piece.strip())


def check_page_chrome(soup, locale: str, t) -> None:
    """What every page of a site says around its text is in the page's language: the site name,
    the copyright, the colour-scheme toggles and the permalink anchors, as ``t(locale, key)`` of
    that site gives them (the real site's tests and the fixture sites' share this one check)."""
    assert soup.html["lang"] == locale
    assert soup.select_one(".md-header__topic .md-ellipsis").get_text(strip=True) == t(locale, "site_name")
    assert soup.select_one(".md-copyright__highlight").get_text(strip=True) == t(locale, "copyright")
    toggles = {label["title"] for label in soup.select("label.md-header__button[title]")
               if label.get("for", "").startswith("__palette")}
    assert toggles == {t(locale, "palette_to_dark"), t(locale, "palette_to_light")}
    assert {a["title"] for a in soup.select("a.headerlink")} == {t(locale, "permalink_title")}


def check_not_found_page(soup, locale: str, t, home: str) -> None:
    """A 404 page reads in its locale and links to that locale's home (``home``, a path)."""
    assert soup.html["lang"] == locale
    assert soup.select_one("article h1").get_text(strip=True) == t(locale, "not_found_title")
    assert soup.title.get_text() == f"{t(locale, 'not_found_title')} - {t(locale, 'site_name')}"
    link = soup.select_one("article a.not-found-home")
    assert link["href"] == home and link.get_text(strip=True) == t(locale, "not_found_home")
    assert "Not found" not in soup.get_text() or locale == "en"

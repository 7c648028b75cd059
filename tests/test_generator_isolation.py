"""The tests come in two parts: the generator's own tests (tests/, tests/redline/), which build
small fixture sites that declare their own locales (tests/sites/) and must pass whatever company's
content a repository holds, and the checks of this repository's site (tests/site/: its fidelity
to the seed, its glossary, its translations, its published wording), which read its docs/,
policies.yml, glossary.yml and mkdocs.yml. A generator test that reads the site's content would
fail, or pass for the wrong reason, on another company's site: this test finds those reads in the
source of every generator test module, so that a new one is caught when it is written.

What counts as reading the site: a fixture that builds or reads the real site (``built_site`` and
what depends on it, such as the browser's ``page``), a helper of tests/conftest.py that reads it
(its catalog, strings, locales, Publish settings), ``ROOT / "docs"`` and the site's other files,
``make_project(dest)`` without a fixture site (a copy of the real site), and a build of ``ROOT``.
"""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent
SITE_CHECKS = TESTS / "site"

# Fixtures and helpers of tests/conftest.py that read the real site.
SITE_FIXTURES = {"built_site", "catalog"}
SITE_HELPERS = {"load_project_catalog", "load_site_strings", "site_t", "load_site_locales", "SITE_LOCALES",
                "LOCALES", "DEFAULT_LOCALE", "publish_build_env", "built_site"}
SITE_FILES = {"docs", "mkdocs.yml", "policies.yml", "glossary.yml"}  # under ROOT
BUILDS = {"build_site", "run_build", "run_strict_build", "load_project", "load_config_of"}

def _fixture_arguments(tree: ast.Module) -> dict[str, set[str]]:
    """The fixtures a module (or conftest) defines, each with the fixtures it requests."""
    fixtures: dict[str, set[str]] = {}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and any(
                "fixture" in ast.unparse(decorator) for decorator in node.decorator_list):
            fixtures[node.name] = {arg.arg for arg in node.args.args}
    return fixtures


def _requests_the_site(names: set[str], fixtures: dict[str, set[str]]) -> set[str]:
    """The site fixtures that ``names`` request, directly or through other fixtures."""
    seen: set[str] = set()
    todo = list(names)
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo.extend(fixtures.get(name, ()))
    return seen & SITE_FIXTURES


def find_site_reads(path: Path, conftest_fixtures: dict[str, set[str]]) -> list[str]:
    """What the module at ``path`` reads of the real site, one line each (line number and what)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    fixtures = {**conftest_fixtures, **_fixture_arguments(tree)}
    reads: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "conftest":
            reads += [f"{node.lineno}: imports {alias.name}" for alias in node.names if alias.name in SITE_HELPERS]
        elif isinstance(node, ast.FunctionDef) and (node.name.startswith("test") or node.name in fixtures):
            used = _requests_the_site({arg.arg for arg in node.args.args}, fixtures)
            reads += [f"{node.lineno}: {node.name} requests {name}" for name in sorted(used)]
        elif (isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div) and isinstance(node.left, ast.Name)
              and node.left.id == "ROOT" and isinstance(node.right, ast.Constant) and node.right.value in SITE_FILES):
            reads.append(f"{node.lineno}: reads ROOT / {node.right.value!r}")
        elif isinstance(node, ast.Call):
            callee = ast.unparse(node.func).rsplit(".", 1)[-1]
            if callee == "make_project" and len(node.args) < 2 and not any(k.arg == "fixture" for k in node.keywords):
                reads.append(f"{node.lineno}: make_project without a fixture site copies the real site")
            elif callee in BUILDS and node.args and isinstance(node.args[0], ast.Name) and node.args[0].id == "ROOT":
                reads.append(f"{node.lineno}: {callee}(ROOT) reads the real site")
    return sorted(reads, key=lambda read: int(read.split(":", 1)[0]))


def load_conftest_fixtures() -> dict[str, set[str]]:
    fixtures: dict[str, set[str]] = {}
    for conftest in sorted(TESTS.rglob("conftest.py")):
        if SITE_CHECKS not in conftest.parents:
            fixtures.update(_fixture_arguments(ast.parse(conftest.read_text(encoding="utf-8"))))
    return fixtures


def generator_test_modules() -> list[Path]:
    return sorted(path for path in TESTS.rglob("test_*.py")
                  if SITE_CHECKS not in path.parents and "sites" not in path.relative_to(TESTS).parts)


def test_the_detector_finds_each_kind_of_read(tmp_path):
    """A detector that finds nothing would pass every module: each kind of read is found here."""
    module = tmp_path / "test_sample.py"
    module.write_text(
        "from conftest import ROOT, LOCALES, make_project, build_site\n"
        "import pytest\n"
        "@pytest.fixture\n"
        "def pages(built_site):\n"
        "    return built_site\n"
        "def test_a(pages):\n"
        "    (ROOT / 'docs').glob('*')\n"
        "def test_b(tmp_path, page):\n"
        "    make_project(tmp_path / 'p')\n"
        "    build_site(ROOT, tmp_path)\n"
        "def test_c(tmp_path, fixture_build):\n"
        "    make_project(tmp_path / 'p', 'minimal')\n"
        "    fixture_build('minimal')\n", encoding="utf-8")
    reads = find_site_reads(module, load_conftest_fixtures())
    assert reads == ["1: imports LOCALES", "4: pages requests built_site", "6: test_a requests built_site",
                     "7: reads ROOT / 'docs'", "8: test_b requests built_site",
                     "9: make_project without a fixture site copies the real site", "10: build_site(ROOT) reads the real site"]


def test_generator_tests_read_no_content_of_the_site():
    fixtures = load_conftest_fixtures()
    found = {}
    for path in generator_test_modules():
        reads = find_site_reads(path, fixtures)
        if reads:
            found[path.relative_to(TESTS).as_posix()] = reads
    assert not found, ("generator tests read the real site (build a fixture site of tests/sites/ instead, "
                       "or move a check of the site's own content to tests/site/): "
                       + "; ".join(f"tests/{name}: {', '.join(reads)}" for name, reads in sorted(found.items())))

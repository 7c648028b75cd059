"""The generator installs as a package: `pip install .` gives the MkDocs plugin, both commands and
the files they read at run time (not only an editable checkout)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile

import pytest

from conftest import ROOT


@pytest.mark.slow  # builds a wheel (pip fetches the build backend into an isolated environment)
def test_the_wheel_holds_the_plugin_the_commands_and_their_files(tmp_path):
    source = tmp_path / "source"  # a copy: building in the checkout would leave build/ in it
    shutil.copytree(ROOT / "src", source / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    shutil.copy2(ROOT / "pyproject.toml", source / "pyproject.toml")
    result = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(tmp_path),
                             str(source)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    (wheel,) = tmp_path.glob("policy_site-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        entry_points = next(archive.read(n).decode() for n in names if n.endswith(".dist-info/entry_points.txt"))
    packages = {name.rsplit("/", 1)[0] for name in names if name.endswith("/__init__.py")}
    assert {f"policy_site/{layer}" for layer in ("cli", "authoring", "bundle", "review", "plugin", "site",
                                                  "sources", "redline", "common")} <= packages
    assert "policy_site/review/review.css" in names
    assert {"policy_site/plugin/vendor/iframe-worker-shim.js", "policy_site/plugin/vendor/iframe-worker.LICENSE"} <= names
    assert {f"policy_site/locales/{locale}.json" for locale in ("ja", "en", "zh", "fr", "de")} <= names
    # What `policy-site init` writes (dotfiles stored without their dot).
    assert {f"policy_site/templates/site/{path}" for path in (
        "README.md", "gitignore", "github/workflows/publish.yml", "github/workflows/pull-request.yml",
        "github/workflows/pr-comment.yml")} <= names
    # The theme the plugin serves to every site (no copy in a site).
    assert {f"policy_site/theme/{path}" for path in (
        "main.html", "404.html", "partials/footer.html", "assets/search-language.js", "assets/history.js",
        "assets/keyboard.js",
        "assets/site.css", "assets/redline.css")} <= names
    assert "[mkdocs.plugins]\npolicy-site = policy_site.plugin.plugin:PolicySitePlugin" in entry_points
    assert "policy-redline = policy_site.cli.entry:main" in entry_points
    assert "policy-site = policy_site.cli.site:main" in entry_points


def test_the_offline_search_shim_is_the_npm_packages_file_with_its_licence():
    """The offline build takes the iframe-worker shim from the package (no npm on a new site's
    machine); it is the pinned npm package's file, unchanged."""
    from policy_site.plugin.offline import SHIM_PACKAGE_PATH

    assert SHIM_PACKAGE_PATH.read_bytes() == (ROOT / "node_modules" / "iframe-worker" / "shim" / "index.js").read_bytes()
    licence = (SHIM_PACKAGE_PATH.parent / "iframe-worker.LICENSE").read_text(encoding="utf-8")
    assert "iframe-worker 1.0.4" in licence and "Permission is hereby granted" in licence

"""Another company's legal team, as the README tells it: install the generator (not editable) into
a fresh virtualenv, `policy-site init` a site with English (the default) and French in Los Angeles,
`policy-site import` real dated versions of an English and a French policy (tests/importing/archive,
Open Terms Archive; their sources and licence are in its README), build strictly, start a revision,
review it in git and make the offline bundle. Nothing of this repository's own site is read.

The package is installed from its wheel into the new environment; its dependencies are this test
environment's (pinned by requirements.txt), reached through a .pth file, so that the test does not
download the stack again: downloading is pip's job, not the generator's.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup

from conftest import ROOT

ARCHIVE = ROOT / "tests" / "importing" / "archive"
EPOCH = "1767225600"  # 2026-01-01 00:00 UTC: 2025-12-31 in Los Angeles

pytestmark = pytest.mark.slow


def run(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=env, timeout=600)
    assert result.returncode == 0, f"{' '.join(map(str, command))}\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def env_bin(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("newcompany")
    source = folder / "source"  # a copy: building in the checkout would leave build/ in it
    shutil.copytree(ROOT / "src", source / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    shutil.copy2(ROOT / "pyproject.toml", source / "pyproject.toml")
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(folder), str(source)], folder)
    (wheel,) = folder.glob("policy_site-*.whl")
    # Without a pip of its own (ensurepip's copy takes most of the fixture's time): this environment's
    # pip installs into it (pip --python), as it would with the environment's own.
    run([sys.executable, "-m", "venv", "--without-pip", str(folder / "env")], folder)
    python = folder / "env" / "bin" / "python"
    purelib = Path(run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                       folder).stdout.strip())
    (purelib / "test-stack.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--quiet", str(wheel)], folder)
    where = run([str(python), "-c", "import policy_site; print(policy_site.__file__)"], folder).stdout.strip()
    assert Path(where).is_relative_to(purelib), where  # the installed package, not this checkout
    return folder / "env" / "bin"


def clean_env(bin_dir: Path, **extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env.update(PATH=f"{bin_dir}{os.pathsep}{env.get('PATH', '')}", SOURCE_DATE_EPOCH=EPOCH, **extra)
    return env


@pytest.fixture(scope="module")
def acme(env_bin, tmp_path_factory) -> Path:
    """The site after init, two imports and a strict build (into site/)."""
    work = tmp_path_factory.mktemp("acme")
    env = clean_env(env_bin)
    run(["policy-site", "init", "acme", "--company", "Acme Inc.", "--locale", "en", "--locale", "fr",
         "--default-locale", "en", "--time-zone", "America/Los_Angeles"], work, env)
    site = work / "acme"
    english = sorted((ARCHIVE / "twitch-trackers-en").glob("*.md"))
    french = sorted((ARCHIVE / "blablacar-trackers-fr").glob("*.md"))
    run(["policy-site", "import", "trackers", "--locale", "en", "--title", "Trackers Policy",
         "--captured", "2026-01-01", *map(str, english)], site, env)
    run(["policy-site", "import", "traceurs", "--locale", "fr", "--title", "Politique relative aux traceurs",
         "--captured", "2026-01-01", *map(str, french)], site, env)
    run([str(env_bin / "python"), "-m", "mkdocs", "build", "--strict", "-f", "mkdocs.yml", "-d", "site"], site, env)
    return site


def page(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / "site" / path).read_text(encoding="utf-8"), "html.parser")


def test_the_new_site_builds_with_its_own_languages_dates_and_time_zone(acme):
    en_dates = [p.stem for p in sorted((ARCHIVE / "twitch-trackers-en").glob("*.md"))]
    fr_dates = [p.stem for p in sorted((ARCHIVE / "blablacar-trackers-fr").glob("*.md"))]
    french_home = page(acme, "fr/index.html").get_text(" ")
    assert "Politique relative aux traceurs" in french_home and "Trackers Policy" not in french_home
    french_history = page(acme, "fr/traceurs/history/index.html").get_text(" ")
    assert "2025" in french_history and "décembre" in french_history  # French dates (2025-12-19)
    comparison = page(acme, f"fr/traceurs/compare/{fr_dates[0]}...{fr_dates[1]}/index.html")
    heads = [th["class"][0] for th in comparison.select("table.redline-sbs > thead > tr > th")]
    assert heads == ["redline-old", "redline-new"]  # the old text left, as French and English readers expect
    english = page(acme, f"trackers/compare/{en_dates[0]}...{en_dates[1]}/index.html")
    assert [th["class"][0] for th in english.select("table.redline-sbs > thead > tr > th")] == ["redline-old", "redline-new"]
    assert english.select_one("table.redline-sbs th.redline-old").get_text() == "Before the revision"
    feed = feedparser.parse((acme / "site" / "feed.xml").read_bytes())
    assert {entry.updated[-6:] for entry in feed.entries} <= {"-08:00", "-07:00"}  # midnight in Los Angeles
    assert len(feed.entries) == len(en_dates)
    timeline = page(acme, "fr/history/index.html").get_text(" ")
    assert all(str(int(day[:4])) in timeline for day in fr_dates)
    for html in (acme / "site").rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        assert "IPROS" not in text and "イプロス" not in text and "Japanese" not in text, html


def test_a_new_revision_is_reviewed_in_git_and_the_bundle_is_made(acme, env_bin):
    env = clean_env(env_bin, GIT_AUTHOR_NAME="Legal", GIT_AUTHOR_EMAIL="legal@example.com",
                    GIT_COMMITTER_NAME="Legal", GIT_COMMITTER_EMAIL="legal@example.com")
    run(["git", "init", "-q", "-b", "main"], acme, env)
    run(["git", "add", "-A"], acme, env)
    run(["git", "commit", "-q", "-m", "Imported policies"], acme, env)
    run(["git", "checkout", "-q", "-b", "revise"], acme, env)
    run(["policy-site", "new-revision", "traceurs", "2026-03-01"], acme, env)
    revision = acme / "docs" / "fr" / "traceurs" / "2026-03-01.md"
    text = revision.read_text(encoding="utf-8")
    assert "provenance: authored" in text
    words = text.split("\n\n")[2]
    revision.write_text(text.replace(words, words + " Révisé.", 1), encoding="utf-8")
    run(["git", "add", "-A"], acme, env)
    run(["git", "commit", "-q", "-m", "Revise the trackers policy"], acme, env)
    review = run(["policy-redline", "review", "main", "revise", "--no-build", "--repo", str(acme)], acme, env)
    assert "fr/traceurs/2026-03-01.md" in review.stdout and "Révisé" in review.stdout
    shutil.rmtree(acme / "site")
    env["SITE_URL"] = "https://policies.example.com/"  # as Publish passes the site's address
    run(["policy-site", "bundle", "--output", "dist"], acme, env)
    (bundle,) = (acme / "dist").glob("*.zip")
    with zipfile.ZipFile(bundle) as archive:
        names = archive.namelist()
        assert any(name.endswith("fr/traceurs/index.html") for name in names)
        assert any(name.endswith(".pdf") for name in names)
        assert not any(b"127.0.0.1" in archive.read(name) for name in names if name.endswith((".html", ".xml")))

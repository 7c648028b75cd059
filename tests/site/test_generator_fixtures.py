"""The generator's own test data holds nothing of this site: its fixture sites, the redline's
fixtures and golden files and the corpus of other companies' policies name neither this site's
company nor the addresses its policies give. A generator test that passes on this company's words
proves nothing for another company's site (tests/test_generator_isolation.py keeps those tests
from reading the site; this keeps the site's words out of their data)."""

from __future__ import annotations

import re

from conftest import ROOT
from policy_site.plugin.project import PLUGIN_NAME, load_config_of

GENERATOR_DATA = [ROOT / "tests" / "sites", ROOT / "tests" / "redline" / "fixtures",
                  ROOT / "tests" / "redline" / "golden", ROOT / "tests" / "redline" / "corpus"]


def list_site_words() -> list[str]:
    """The company's name in each locale (the plugin's ``company`` option) and the domain of every
    address its policies write to (``mailto:`` links), with that domain's own host names."""
    company = load_config_of(ROOT).plugins[PLUGIN_NAME].config.company or {}
    names = set(company.values()) if isinstance(company, dict) else {company}
    domains = set()
    for source in (ROOT / "docs").rglob("*.md"):
        domains.update(re.findall(r"mailto:[^@\s)>\]]+@([\w.-]+)", source.read_text(encoding="utf-8")))
    return sorted(name for name in names | domains if name)


def test_the_words_looked_for_are_this_sites():
    words = list_site_words()
    assert any("@" not in word and "." in word for word in words), words  # a domain, so the scan below can fail
    assert len(words) >= 2, words


def test_no_fixture_of_the_generator_names_this_sites_company_or_its_addresses():
    words = list_site_words()
    found = []
    for folder in GENERATOR_DATA:
        for path in sorted(folder.rglob("*")):
            if not path.is_file() or "__pycache__" in path.parts:
                continue
            text = path.read_text(encoding="utf-8", errors="replace").lower()
            found += [f"{path.relative_to(ROOT)}: {word}" for word in words if word.lower() in text]
    assert found == [], "\n".join(found)

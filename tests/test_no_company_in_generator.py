"""The generator names no company and assumes no site's languages: what one site says lives in its
configuration and its sources (tests/test_locales.py builds a site of another company)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "policy_site"
SUFFIXES = {".py", ".json", ".html", ".js", ".css", ".yml", ".yaml", ".md", ".txt", ".toml"}


def test_no_file_of_the_package_names_the_first_sites_company():
    found = [f"{path.relative_to(PACKAGE)}:{number}" for path in sorted(PACKAGE.rglob("*"))
             if path.is_file() and path.suffix in SUFFIXES
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if re.search(r"ipros|イプロス", line, re.I)]
    assert found == []


def _messages(path: Path) -> list[tuple[int, str]]:
    """The string literals of a module that are not docstrings: what it can say to a user."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                  and node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings]


# What may name Japanese in a message: the script and its typesetting (a property of the text, on
# any site), never "the Japanese text" as the one that prevails.
SCRIPT_WORDS = re.compile(r"Japanese (?:新旧対照表|words quoted|name)")


def test_no_message_assumes_the_authoritative_language_is_japanese():
    found = [f"{path.relative_to(PACKAGE)}:{line}: {text[:80]!r}" for path in sorted(PACKAGE.rglob("*.py"))
             for line, text in _messages(path)
             if "Japanese" in SCRIPT_WORDS.sub("", text) or re.search(r"\bthe ja (?:file|text|revision)", text)]
    assert found == []


def test_the_catalogs_name_the_language_that_prevails_only_through_a_variable():
    for catalog in sorted((PACKAGE / "locales").glob("*.json")):
        text = catalog.read_text(encoding="utf-8")
        for word in ("Japanese", "japonais", "japanisch", "日文", "日本語の文面が正本"):
            site = text.split('"redline"')[0].split('"languages"')[0]
            assert word.lower() not in site.lower(), (catalog.name, word)

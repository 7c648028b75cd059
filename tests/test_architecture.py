"""The package's layers keep their import contract, and every deferred import says why it is deferred.

The contract is ``[tool.importlinter]`` in pyproject.toml: ``cli`` above ``authoring | bundle |
review`` (independent of each other) above ``plugin``, ``site``, ``sources``, ``redline`` and
``common``; and no layer below ``plugin`` imports MkDocs. An import inside a function hides a
dependency from a reader of the module's head; it is right only for a reason (start-up time of a
command, a heavy dependency few calls need, an import cycle), which a comment gives.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys

from conftest import ROOT

PACKAGE = ROOT / "src" / "policy_site"
LINT = "import sys; from importlinter.cli import lint_imports_command; sys.exit(lint_imports_command())"


def test_layers_keep_the_import_contract():
    # The working tree's package, not an installed one: PYTHONPATH points at this checkout's src/.
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    result = subprocess.run([sys.executable, "-c", LINT, "--no-logo", "--no-cache", str(ROOT / "pyproject.toml")],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout, result.stdout


def _is_package_import(node: ast.AST) -> bool:
    if isinstance(node, ast.ImportFrom):
        return node.level > 0 or (node.module or "").split(".")[0] == "policy_site"
    return isinstance(node, ast.Import) and any(alias.name.split(".")[0] == "policy_site" for alias in node.names)


def deferred_imports_without_reason(path, root=ROOT) -> list[str]:
    """``file:line`` of each import of the package inside a function with no comment on its line
    or on the line above its run of imports (one comment may explain consecutive imports)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    tree = ast.parse("\n".join(lines))
    missing = []
    for function in ast.walk(tree):
        if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        for node in ast.walk(function):
            if not _is_package_import(node):
                continue
            if "#" in lines[node.lineno - 1]:
                continue
            above = node.lineno - 2
            while above >= 0 and lines[above].lstrip().startswith(("from policy_site", "import policy_site")):
                above -= 1  # the comment above a run of imports covers them all
            if above < 0 or not lines[above].lstrip().startswith("#"):
                missing.append(f"{path.relative_to(root)}:{node.lineno}: {lines[node.lineno - 1].strip()}")
    return missing


def test_every_import_inside_a_function_says_why():
    missing = [entry for folder in (PACKAGE, ROOT / "hooks") for path in sorted(folder.rglob("*.py"))
               for entry in deferred_imports_without_reason(path)]
    assert missing == [], ("imports inside a function without a comment giving the reason (start-up, a heavy "
                           "dependency, a cycle); add one, or import at module level:\n" + "\n".join(missing))


def test_the_reason_check_sees_a_bare_deferred_import(tmp_path):
    module = tmp_path / "module.py"
    module.write_text("def f():\n    from policy_site.redline import compute_redline\n\n\n"
                      "def g():\n    # start-up\n    from policy_site.redline import compute_redline\n"
                      "    from policy_site.redline import render_html\n", encoding="utf-8")
    assert [entry.split(":")[1] for entry in deferred_imports_without_reason(module, tmp_path)] == ["2"]

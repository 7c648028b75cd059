"""The strict build, run one way: ``python -m mkdocs build --strict -f <config> -d <site>`` as a
subprocess of this interpreter, as CI and a user run it (not ``-q``: it hides what failed).

The offline bundle, the wording review and the tests build through :func:`run_strict_build`. The
configuration and site paths are made absolute first: MkDocs makes ``docs_dir`` absolute but keeps
the path of the configuration as given, so that a relative ``-f mkdocs.yml`` fails the plugin's
check that ``docs_dir`` is the ``docs`` folder next to ``mkdocs.yml``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

MAX_ERROR_CHARS = 500


@dataclass(frozen=True)
class BuildResult:
    """What a strict build did: ``returncode`` None if it was stopped at its timeout."""

    returncode: int | None
    stdout: str
    stderr: str
    timeout: float | None = None

    @property
    def ok(self) -> bool:
        return self.returncode == 0

    @property
    def error(self) -> str | None:
        """None if the site built; else one line saying why, as the wording review shows it: the
        first ERROR or WARNING that MkDocs logged (its level prefix left out), else the last line
        of its output."""
        if self.returncode is None:
            return f"the build took over {self.timeout:g} s"
        if self.returncode == 0:
            return None
        lines = [line for line in self.stderr.splitlines() if line.startswith(("ERROR", "WARNING"))]
        line = lines[0] if lines else (self.stderr.strip().splitlines() or ["no message"])[-1]
        return line.split(" -  ", 1)[-1].strip()[:MAX_ERROR_CHARS]


def _text(output: bytes | str | None) -> str:
    if output is None:
        return ""
    return output if isinstance(output, str) else output.decode("utf-8", "replace")


def run_strict_build(config_file: str | os.PathLike, site_dir: str | os.PathLike, *,
                     env: Mapping[str, str] | None = None,
                     pythonpath: str | os.PathLike | Iterable[str | os.PathLike] | None = None,
                     timeout: float | None = None, cwd: str | os.PathLike | None = None) -> BuildResult:
    """Build the site of ``config_file`` into ``site_dir`` with this interpreter's MkDocs.

    The build's environment is this process's with ``NO_MKDOCS_2_WARNING=1``, then ``env`` on top;
    ``pythonpath`` (one folder or several) goes first on ``PYTHONPATH``: a project's own ``src/``
    before the installed package. A relative ``config_file`` or ``site_dir`` is taken from ``cwd``
    if given, else from this process's folder (as on a command line), and passed absolute. The
    build runs in ``cwd``, by default the folder of ``config_file``.
    """
    here = Path(os.path.abspath(cwd if cwd is not None else os.getcwd()))
    config = Path(os.path.abspath(here / config_file))
    site = Path(os.path.abspath(here / site_dir))
    full_env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    if isinstance(pythonpath, (str, os.PathLike)):
        pythonpath = [pythonpath]
    first = [os.fspath(path) for path in pythonpath or ()]
    if first:
        full_env["PYTHONPATH"] = os.pathsep.join(p for p in (*first, full_env.get("PYTHONPATH", "")) if p)
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(site)]
    try:
        result = subprocess.run(command, capture_output=True, text=True, env=full_env,
                                cwd=here if cwd is not None else config.parent, timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        return BuildResult(None, _text(exc.stdout), _text(exc.stderr), timeout=timeout)
    return BuildResult(result.returncode, result.stdout, result.stderr, timeout=timeout)

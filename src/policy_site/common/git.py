"""Git, run one way for the whole package: the repository it is given and nothing else.

Git reads many variables that can point it elsewhere: another repository (``GIT_DIR``), work tree
(``GIT_WORK_TREE``), index (``GIT_INDEX_FILE``), object store (``GIT_OBJECT_DIRECTORY``,
``GIT_ALTERNATE_OBJECT_DIRECTORIES``), namespace, or extra configuration (``GIT_CONFIG_*``). A
shell, a CI step or a hook manager that exports one of them would make a command read the wrong
history. So every ``GIT_*`` variable is dropped but ``GIT_CEILING_DIRECTORIES``, which only stops
the search for a repository above a folder; messages are in English (``LC_ALL=C``) so that callers
can read them; no optional lock is taken (``GIT_OPTIONAL_LOCKS=0``: reading never writes the index).
Arguments are passed as a list, never through a shell; standard input is ``stdin`` or nothing.

A missing git raises :class:`GitMissing`, which callers translate into their own errors.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Mapping
from pathlib import Path

KEPT_VARIABLES = frozenset({"GIT_CEILING_DIRECTORIES"})


class GitMissing(Exception):
    """git cannot be run; ``str()`` is one line saying how to fix it."""

    def __init__(self) -> None:
        super().__init__("git is not installed or not on PATH; install git")


def git_environment(environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """``environ`` (default: this process's) as git is run with it: see the module's text."""
    source = os.environ if environ is None else environ
    env = {key: value for key, value in source.items()
           if not key.upper().startswith("GIT_") or key.upper() in KEPT_VARIABLES}
    env["LC_ALL"] = "C"
    env["GIT_OPTIONAL_LOCKS"] = "0"
    return env


def run_git(repo: str | Path, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    """``git -C <repo> <args>``, output captured as bytes; the exit status is the caller's to read."""
    given = {"input": stdin} if stdin is not None else {"stdin": subprocess.DEVNULL}
    try:
        return subprocess.run(["git", "-C", os.fspath(repo), *args], capture_output=True, env=git_environment(),
                              **given)
    except FileNotFoundError:
        raise GitMissing() from None

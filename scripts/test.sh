#!/usr/bin/env bash
# Set up the test tools (and, as root, Debian's chromium + CJK fonts) and run every test.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
# Debian packages the tests use: chromium + CJK fonts (browser tests, PDFs), a JRE (Nu Html Checker).
# (grep reads fc-list's whole output: with -q it would stop at the first match, and fc-list, cut off,
# would fail the pipe under pipefail now and then, installing again what is there.)
if ! command -v chromium >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -i "Noto Sans CJK" >/dev/null \
    || ! command -v java >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Debian's chromium, fonts-noto-cjk and default-jre-headless for the tests..."
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk default-jre-headless >/dev/null
  else
    echo "warning: chromium, fonts-noto-cjk or java missing and not root: those tests will be skipped" >&2
    echo "         (sudo apt-get install chromium fonts-noto-cjk default-jre-headless)" >&2
  fi
fi
# Front-end files from the npm registry, exactly as locked: axe-core and vnu.jar for the tests, and the
# iframe-worker package that the offline shim shipped in the package is checked against.
# Each install leaves a stamp of the lock file it installed (npm ci empties node_modules/ first, the
# stamp with it), and the Python one of the requirements and the interpreter: a run with nothing
# changed skips both (about 6 s of checking that everything is there). Delete the stamp
# (node_modules/.installed-lock, .venv/.installed-requirements) to install again.
stamp() { cat "$@" | sha256sum | cut -d' ' -f1; }
if [ "$(cat node_modules/.installed-lock 2>/dev/null)" != "$(stamp package-lock.json)" ]; then
  npm ci --no-audit --no-fund --ignore-scripts --silent
  stamp package-lock.json > node_modules/.installed-lock
fi
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
wanted="$(.venv/bin/python -VV | stamp - requirements.txt requirements-test.txt pyproject.toml)"
if [ "$(cat .venv/.installed-requirements 2>/dev/null)" != "$wanted" ]; then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
  echo "$wanted" > .venv/.installed-requirements
fi
export NO_MKDOCS_2_WARNING=1
# Compiled modules are kept between runs (Python's __pycache__, pytest's rewritten test modules):
# without them every test process, and every build a test starts, compiles the package and the
# tests again, about a sixth of the fast subset's time. A machine that turns this off globally
# (PYTHONDONTWRITEBYTECODE) still gets it here; the folders are ignored by git.
unset PYTHONDONTWRITEBYTECODE
# Every run, the whole suite or the fast subset (--fast or POLICY_TESTS=fast, see tests/conftest.py),
# runs on two processes (pytest-xdist); the offline bundle's tests stay together in one of them
# (--dist loadgroup, groups named in tests/conftest.py), which makes the bundle once.
# benchmarks/bench_tests.py runs the same arguments.
exec .venv/bin/python -m pytest -n 2 --dist loadgroup "$@"

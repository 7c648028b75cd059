#!/usr/bin/env bash
# Set up the test tools (and, as root, Debian's chromium + CJK fonts) and run every test.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
if ! command -v chromium >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Debian's chromium and fonts-noto-cjk for the browser tests..."
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
  else
    echo "warning: chromium or fonts-noto-cjk missing and not root: browser tests will be skipped" >&2
    echo "         (install them with: sudo apt-get install chromium fonts-noto-cjk)" >&2
  fi
fi
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
export NO_MKDOCS_2_WARNING=1
exec .venv/bin/python -m pytest "$@"

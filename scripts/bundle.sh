#!/usr/bin/env bash
# Build the offline bundle dist/ipros-policies-<date>.zip (needs Debian's chromium for the PDFs).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
npm ci --no-audit --no-fund --ignore-scripts --silent
exec .venv/bin/policy-site bundle "$@"

#!/usr/bin/env bash
# Set up a virtual environment with the pinned stack and build the site into site/.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
# -f mkdocs.yml: the configuration the wording review reads; MkDocs alone would also take mkdocs.yaml.
NO_MKDOCS_2_WARNING=1 .venv/bin/python -m mkdocs build --strict -f mkdocs.yml "$@"
echo
echo "Site built in site/. Serve it with:  .venv/bin/mkdocs serve   (http://127.0.0.1:8000/)"

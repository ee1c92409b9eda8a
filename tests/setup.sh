#!/bin/sh
# Installs everything the test suite needs on a fresh Debian machine with Python 3.11 and pip:
# a virtual environment in .venv with the project and its test extras, Debian's chromium
# (Playwright drives it; browser downloads are blocked) and axe-core from npm (injected into
# pages for the accessibility checks).
set -eu
cd "$(dirname "$0")/.."
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
if ! command -v chromium >/dev/null 2>&1; then
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq chromium >/dev/null
fi
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q -e ".[test]"
if [ ! -f tests/.cache/node_modules/axe-core/axe.min.js ]; then
  mkdir -p tests/.cache
  (cd tests/.cache && npm install --no-save --no-package-lock --silent axe-core@4.11)
fi

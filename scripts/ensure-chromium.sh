#!/usr/bin/env bash
# What the widget's browser tests need, installed when missing (`make test` runs this first):
#   - Debian's chromium: Playwright drives /usr/bin/chromium and downloads no browser of its own;
#     fonts-dejavu-core has the Arabic and Persian letters of the right-to-left screenshots;
#   - axe-core from the npm registry, pinned in tests/e2e/widget/package-lock.json (npm ci).
# Where it cannot install (not root, no apt-get, no npm) it says so and goes on: the browser tests
# then skip with the reason instead of failing the whole suite.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() {  # command...: run as root, directly or with a password-less sudo
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo -n "$@"; else return 1; fi
}

apt_install() {  # packages...
  command -v apt-get >/dev/null || return 1
  as_root apt-get update -qq >/dev/null &&
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

if [ ! -x /usr/bin/chromium ]; then
  echo "==> Installing Debian's chromium for the browser tests (about a minute)"
  apt_install chromium fonts-dejavu-core ||
    echo "!! could not install chromium (apt-get install chromium): the browser tests will be skipped" >&2
fi

widget=tests/e2e/widget
if [ ! -e "$widget/node_modules/.package-lock.json" ] ||
   [ "$widget/package-lock.json" -nt "$widget/node_modules/.package-lock.json" ]; then
  command -v npm >/dev/null || { echo "==> Installing npm"; apt_install npm || true; }
  if command -v npm >/dev/null; then
    echo "==> axe-core for the accessibility test (npm ci in $widget)"
    (cd "$widget" && npm ci --no-audit --no-fund --loglevel=error)
  else
    echo "!! npm is missing: the accessibility test will be skipped" >&2
  fi
fi

#!/usr/bin/env bash
# Installs axe-core (the accessibility engine the Chromium page tour runs on every shopper page) into
# node_modules when it is missing. Pinned: a new axe release may add rules, which should be a conscious change.
set -euo pipefail
cd "$(dirname "$0")/.."
version=4.14.1
if [ -f node_modules/axe-core/axe.min.js ] && grep -q "\"version\": \"$version\"" node_modules/axe-core/package.json; then
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "axe-core: npm is missing, so the page tour runs without the accessibility check" >&2
  exit 0
fi
echo "installing axe-core $version from the npm registry for the accessibility check..."
npm install --no-save --no-package-lock --no-audit --no-fund --silent "axe-core@$version"

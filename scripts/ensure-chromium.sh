#!/usr/bin/env bash
# Makes sure Debian's chromium is there for the browser tests; installs it when we are root, otherwise says how.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing chromium from Debian's packages for the browser tests..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  command -v chromium >/dev/null && exit 0
fi
echo "chromium is missing: the browser tests need Debian's chromium. Install it with: sudo apt-get update && sudo apt-get install -y chromium" >&2
exit 1

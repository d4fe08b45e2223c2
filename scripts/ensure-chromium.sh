#!/bin/sh
# Browser tests drive a system Chromium through Playwright: Playwright's own browser download
# needs network access we cannot assume, and Debian's build works headless. Installs it when
# we are root on Debian/Ubuntu (CI), otherwise says how.
set -eu
if [ -n "${TANDEM_CHROMIUM:-}" ] && [ -x "$TANDEM_CHROMIUM" ]; then exit 0; fi
if [ -x /usr/lib/chromium/chromium ]; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Chromium for the browser tests (apt-get install chromium)..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium fonts-liberation >/dev/null
  exit 0
fi
echo "The browser tests need Chromium. Install it (Debian/Ubuntu: sudo apt-get install chromium)" >&2
echo "or point TANDEM_CHROMIUM at a Chromium or Chrome executable." >&2
exit 1

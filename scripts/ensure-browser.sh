#!/usr/bin/env bash
# Browser tests drive Debian's Chromium (Playwright downloads no browser here). Install it
# when missing and we are allowed to.
set -euo pipefail
# The consultation summary PDF needs a font with Vietnamese glyphs (DejaVu).
PACKAGES=""
command -v chromium >/dev/null 2>&1 || PACKAGES=" chromium"
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || PACKAGES="$PACKAGES fonts-dejavu-core"
# The front tier's test runs a real nginx; the load benchmark (bench/load.py) drives wrk.
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || PACKAGES="$PACKAGES nginx"
command -v wrk >/dev/null 2>&1 || PACKAGES="$PACKAGES wrk"
if [ -z "$PACKAGES" ]; then exit 0; fi
if [ "$(id -u)" = 0 ]; then
  echo "Installing Debian's$PACKAGES for the browser tests…"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $PACKAGES >/dev/null
elif command -v sudo >/dev/null 2>&1; then
  sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $PACKAGES >/dev/null
else
  echo "The tests need Debian's packages: apt-get install$PACKAGES" >&2
  exit 1
fi

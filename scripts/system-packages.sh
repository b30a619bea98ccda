#!/bin/sh
# Installs the Debian/Ubuntu packages policy-gen needs and the machine lacks:
# the libraries WeasyPrint draws PDFs with (Pango, HarfBuzz's subsetter, which makes
# PDFs several times faster and byte-for-byte reproducible), fontconfig, python3-venv.
# With --test, also what the tests need: poppler-utils (pdftotext, pdffonts) to read
# PDFs back, Chromium, in which axe-core checks the web pages against WCAG, and
# libatomic1, which the Node.js inside Playwright's wheel needs and minimal systems lack.
# Installs nothing when everything is there, so it is quick to run on every `make`.
set -eu
packages="python3-venv libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 fontconfig"
commands=""
if [ "${1:-}" = "--test" ]; then
    packages="$packages poppler-utils libatomic1"
    commands="chromium"       # any Chromium on the PATH will do; Debian's package is called so
fi
missing=""
for p in $packages; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
for c in $commands; do
    command -v "$c" >/dev/null 2>&1 || command -v "$c-browser" >/dev/null 2>&1 || missing="$missing $c"
done
[ -z "$missing" ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
    echo "policy-gen needs these system packages (or your system's equivalents):$missing" >&2
    exit 1
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "Installing system packages:$missing"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null

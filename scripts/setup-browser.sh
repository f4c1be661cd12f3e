#!/usr/bin/env bash
# Installs headless Chromium from Debian's packages for the browser test of the HTML report.
set -euo pipefail
# The report is Chinese: without a CJK font the browser would print boxes.
bash "$(dirname "${BASH_SOURCE[0]}")/setup-fonts.sh"
# pdftotext (poppler-utils) reads back what the browser printed.
if { command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; } && command -v pdftotext >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "setup-browser: Chromium is missing; install it (Debian: apt-get install chromium poppler-utils) and run again" >&2
  exit 1
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils >/dev/null

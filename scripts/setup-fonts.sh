#!/usr/bin/env bash
# Installs a font with Chinese glyphs (Debian's fonts-noto-cjk) when the system has none, so that
# the coverage heat map (Python, matplotlib) and the browser test of the HTML report draw Chinese
# text rather than boxes. Without root or apt-get it only says what to install: the plot then
# labels with ids (python/tests/test_plot.py checks whichever case the machine is in).
set -euo pipefail
if command -v fc-list >/dev/null 2>&1 && [ -n "$(fc-list :lang=zh family)" ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "setup-fonts: no font with Chinese glyphs; install one (Debian: apt-get install fonts-noto-cjk) for Chinese plot labels" >&2
  exit 0
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk fontconfig >/dev/null

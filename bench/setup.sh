#!/usr/bin/env bash
# What the benchmark compares Registre with, installed outside the product: Debian's Hugo, Pelican 4 in a venv of its own.
set -euo pipefail
cd "$(dirname "$0")"
SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
command -v hugo >/dev/null || { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq hugo >/dev/null; }
if [ ! -x work/pelican-venv/bin/pelican ]; then
  mkdir -p work
  python3 -m venv work/pelican-venv
  work/pelican-venv/bin/pip install --quiet --disable-pip-version-check "pelican[markdown]==4.12.0"
fi

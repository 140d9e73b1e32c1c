#!/usr/bin/env bash
# The window as sellers see it, for docs/screens: 1024x640 and 1440x900 at 100%, 1920x1080 at 150%
# (QT_SCALE_FACTOR=1.5), in three languages, with the demo alone and with four marketplaces (au PAY
# Market, Qoo10, Amazon, Rakuten), a stock list and a memo that is not an order file; then the Help
# dialogs. Needs xvfb, x11-apps and imagemagick (Debian).
#   bash scripts/take_screenshots.sh [OUT_FOLDER]
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-docs/screens}
python=${PYTHON:-.venv/bin/python}
mkdir -p "$out"
rm -f "$out"/*.png  # only the current set is kept
samples=$(mktemp -d)
"$python" scripts/sample_exports.py "$samples" >/dev/null
"$python" scripts/window_samples.py "$samples" >/dev/null
demo=resources/demo/aupay-demo-orders.csv
four=("$demo" "$samples/qoo10-orders.csv" "$samples/amazon-all-orders.txt" "$samples/rakuten-orders.csv"
      "$samples/在庫.csv" "$samples/memo.csv")
shot() {  # shot NAME WxH SCALE CMD...
  local name=$1 size=$2 scale=$3; shift 3
  xvfb-run -a -s "-screen 0 ${size}x24" bash -c '
    QT_SCALE_FACTOR='"$scale"' "$@" & pid=$!; sleep 8
    xwd -root -silent | convert xwd:- png:"'"$out/$name.png"'"; kill $pid; wait $pid 2>/dev/null' _ "$@" || true
  echo "$out/$name.png"
}
for spec in 1024x640:1 1440x900:1 1920x1080:1.5; do
  size=${spec%:*}; scale=${spec#*:}
  for lang in zh ja en; do
    shot "one-$lang-$size" "$size" "$scale" "$python" scripts/show_window.py --lang "$lang"
    shot "four-$lang-$size" "$size" "$scale" "$python" scripts/show_window.py --lang "$lang" --files "${four[@]}"
  done
done
for lang in zh ja en; do  # all marketplaces: the combined list of orders at risk
  shot "four-all-$lang-1440x900" 1440x900 1 "$python" scripts/show_window.py --lang "$lang" --account all \
    --files "${four[@]}"
  shot "guide-$lang" 1024x640 1 "$python" scripts/show_window.py --lang "$lang" --dialog guide
  shot "about-$lang" 1024x640 1 "$python" scripts/show_window.py --lang "$lang" --dialog about
done
seed=tests/fixtures/notices/aupay-seed-cancellation-warning.txt
for spec in 1024x640:1 1440x900:1 1920x1080:1.5; do  # the notice explained, its reply, a notice to a buyer
  size=${spec%:*}; scale=${spec#*:}
  for lang in zh ja en; do
    shot "notice-$lang-$size" "$size" "$scale" "$python" scripts/show_window.py --lang "$lang" --tab notice \
      --notice "$seed"
    shot "reply-to-notice-$lang-$size" "$size" "$scale" "$python" scripts/show_window.py --lang "$lang" \
      --tab notice --notice "$seed" --answer
    shot "delay-$lang-$size" "$size" "$scale" "$python" scripts/show_window.py --lang "$lang" --tab drafts \
      --kind delay --files "${four[@]}"
  done
done
for lang in zh en; do  # the README's drafts picture: the reply to the seed notice, answered
  shot "drafts-$lang-1440x900" 1440x900 1 "$python" scripts/show_window.py --lang "$lang" --tab notice \
    --notice "$seed" --answer --investigating --tick causes:timesale_stock --tick measures:safety_stock \
    --tick measures:delay_contact
done
rm -rf "$samples"
if [ "$out" = docs/screens ]; then  # the README's first pictures
  for lang in zh ja en; do cp "$out/one-$lang-1440x900.png" "docs/main-$lang.png"; done
  for lang in zh en; do cp "$out/drafts-$lang-1440x900.png" "docs/drafts-$lang.png"; done
fi

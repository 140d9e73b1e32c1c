"""Write what the window's screenshots need beyond scripts/sample_exports.py: a Rakuten export (so four
marketplaces are open at once) and a one-column memo that is not an order file (for the banner).

    python scripts/window_samples.py OUT_FOLDER     -> rakuten-orders.csv, memo.csv

Every name and number is invented (fixed seed), dated like the demo.
"""

from __future__ import annotations

import random
import sys
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from scripts.sample_exports import ITEMS, NEWEST, write_export
from tests.core.exports import RAKUTEN_PAY


def rakuten(folder: Path, rng: random.Random) -> Path:
    rows = []
    for n in range(90):
        ordered = NEWEST - timedelta(hours=rng.randint(2, 24 * 29))
        sku, name = rng.choice(ITEMS)
        status = rng.choices(["発送済", "発送待ち", "キャンセル確定"], [80, 6, 4])[0]
        row = {"注文番号": f"123456-20260930-{n:08d}", "ステータス": status,
               "注文日時": f"{ordered:%Y-%m-%d %H:%M:%S}", "商品明細ID": f"{n:06d}", "商品名": name,
               "商品管理番号": sku, "商品番号": sku, "単価": "2480", "個数": "1",
               "注文者姓": "購入者", "注文者名": str(n)}
        if status == "発送済":
            row["発送完了報告日時"] = f"{ordered + timedelta(days=rng.choice([1, 2, 3])):%Y-%m-%d %H:%M:%S}"
        rows.append(row)
    return write_export(folder / "rakuten-orders.csv", RAKUTEN_PAY, rows)


def memo(folder: Path) -> Path:
    path = folder / "memo.csv"
    path.write_text("メモ\n月曜に再入荷\n箱を追加で注文\n", encoding="utf-8")
    return path


def main() -> int:
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "sample-exports")
    folder.mkdir(parents=True, exist_ok=True)
    for path in (rakuten(folder, random.Random(20260931)), memo(folder)):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Write invented Qoo10 and Amazon exports and a stock list dated like the demo, for screenshots with
several marketplaces open (the demo itself is au PAY Market only).

    python scripts/sample_exports.py OUT_FOLDER     -> qoo10-orders.csv, amazon-all-orders.txt, 在庫.csv

Every name and number is invented (fixed seed).
"""

from __future__ import annotations

import csv
import random
import sys
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.core.exports import AMAZON_ALL, QOO10_44

NEWEST = datetime(2026, 9, 30, 20, 0)  # the demo's newest orders are of that evening
ITEMS = [("T-100", "今治タオル フェイス 2枚組"), ("M-210", "マグカップ 350ml 白"),
         ("C-330", "USB-C ケーブル 1m"), ("HB-2001", "ワイヤレスイヤホン HB-2001")]


def write_export(path: Path, header: list[str], rows: list[dict[str, str]], *, delimiter: str = ",",
                 encoding: str = "cp932") -> Path:
    """One export as a marketplace writes it: the header, then each row's cells by name (CRLF)."""
    with path.open("w", encoding=encoding, newline="") as handle:
        out = csv.writer(handle, delimiter=delimiter, lineterminator="\r\n")
        out.writerow(header)
        out.writerows([[row.get(name, "") for name in header] for row in rows])
    return path


def qoo10(folder: Path, rng: random.Random) -> Path:
    rows = []
    for n in range(60):
        ordered = NEWEST - timedelta(hours=rng.randint(2, 24 * 29))
        sku, name = rng.choice(ITEMS)
        state = rng.choices(["配送完了", "配送要請", "取消"], [50, 6, 4])[0]
        row = {"配送状態": state, "注文番号": f"7{n:08d}", "カート番号": f"5{n // 2:05d}",
               "注文日": f"{ordered:%Y/%m/%d %H:%M:%S}", "発送予定日": f"{ordered + timedelta(days=2):%Y/%m/%d}",
               "商品名": name, "数量": "1", "販売価格": "1,980", "注文金額の合計": "1,980",
               "購入者名": f"購入者 {n}", "販売者商品コード": sku}
        if state == "配送完了":
            row["発送日"] = f"{ordered + timedelta(days=rng.choice([1, 2, 2, 4])):%Y/%m/%d}"
        rows.append(row)
    return write_export(folder / "qoo10-orders.csv", QOO10_44, rows)


def amazon(folder: Path, rng: random.Random) -> Path:
    rows = []
    for n in range(80):
        ordered = NEWEST - timedelta(hours=rng.randint(2, 24 * 6))
        sku, name = rng.choice(ITEMS)
        status = rng.choices(["Shipped", "Unshipped", "Cancelled"], [70, 8, 2])[0]
        rows.append({"amazon-order-id": f"503-{n:07d}-{n * 7:07d}",
                     "purchase-date": (ordered - timedelta(hours=9)).strftime("%Y-%m-%dT%H:%M:%S+00:00"),
                     "order-status": status, "fulfillment-channel": "Merchant",
                     "item-status": "Shipped" if status == "Shipped" else "Unshipped",
                     "product-name": name, "sku": sku, "quantity": "1", "currency": "JPY",
                     "item-price": "2480"})
    return write_export(folder / "amazon-all-orders.txt", AMAZON_ALL, rows, delimiter="\t", encoding="utf-8")


def stock(folder: Path) -> Path:
    path = folder / "在庫.csv"
    path.write_text("SKU,在庫数\nHB-2001,0\nT-100,40\nM-210,3\n", encoding="utf-8-sig")
    return path


def main() -> int:
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "sample-exports")
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(20260930)
    for path in (qoo10(folder, rng), amazon(folder, rng), stock(folder)):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

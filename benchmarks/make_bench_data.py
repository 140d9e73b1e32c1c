"""Write the files bench_pipeline.py measures, under benchmarks/data/ (git-ignored).

- ``aupay-1m.csv``: 1,000,000 lines of a CP932 au PAY Wow!manager 受注CSV, all 84 columns, filled the way
  the bundled demo export is (about half the columns carry values), with verbatim duplicate lines.
- ``aupay-1m-narrow.csv``: the same lines with only the columns the au PAY layout reads (and
  controlType) filled, quoted only where needed: the 84-column, mostly empty shape of a real download.
- ``small/``: 2,000 CP932 au PAY exports of 40 lines each (the per-file fixed cost).
- ``qoo10-100k.xlsx``: 100,000 lines of the 44-column Qoo10 配送管理 layout, re-saved as .xlsx with a
  title row and a notes sheet first.

Run: ``.venv/bin/python benchmarks/make_bench_data.py [--lines N] [--xlsx-lines N] [--small N]``. Vectorised, so the
CSV takes well under a minute; the .xlsx is written by openpyxl and takes longer.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scripts.make_demo import COLUMNS, FAMILY, GIVEN, ITEMS, PAYMENTS, PREFS  # noqa: E402
from tests.core.exports import QOO10_44  # noqa: E402

DATA = Path(__file__).resolve().parent / "data"
AUPAY_FILE = DATA / "aupay-1m.csv"
AUPAY_NARROW_FILE = DATA / "aupay-1m-narrow.csv"
SMALL_DIR = DATA / "small"
SMALL_LINES = 40
# the au PAY layout's columns (resources/profiles/aupay.toml) and the marker column every row has
NARROW_COLUMNS = (
    "controlType", "orderId", "orderDetailId", "orderDate", "cancelStatus", "orderStatus", "cancelReason",
    "shippingTimelimitDate", "shipDate", "shippingDate", "itemCode", "itemName", "unit", "itemPrice",
    "totalItemPrice", "ordererName", "settlementName",
)
XLSX_FILE = DATA / "qoo10-100k.xlsx"
XLSX_SHEET = "配送管理"


def _pick(rng: np.random.Generator, pool: list[str], n: int) -> np.ndarray:
    return np.asarray(pool, dtype=object)[rng.integers(0, len(pool), n)]


def _cat(*parts) -> np.ndarray:
    out = None
    for part in parts:
        piece = part if isinstance(part, str) else pd.Series(part).astype(str).to_numpy(dtype=object)
        out = piece if out is None else out + piece
    return out


def aupay_frame(lines: int, seed: int = 7) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    n = lines
    seq = np.arange(n)
    order_no = 34_000_000 + (seq // 1.15).astype(np.int64) * 7  # ~15% of orders have two lines
    detail = 1 + (seq - np.searchsorted(order_no, order_no)).clip(0, 9)
    ordered = pd.Series(pd.Timestamp("2025-01-01 09:00") + pd.to_timedelta(seq * 25 + rng.integers(0, 20, n), "s"))
    limit = (ordered + pd.Timedelta(days=3)).dt.normalize()
    item = rng.integers(0, len(ITEMS), n)
    sku = np.asarray([i[0] for i in ITEMS], dtype=object)[item]
    name = np.asarray([i[1] for i in ITEMS], dtype=object)[item]
    price = np.asarray([i[2] for i in ITEMS])[item]
    qty = np.where(rng.random(n) < 0.8, 1, 2)
    roll = rng.random(n)
    status = np.where(roll < 0.05, "キャンセル", np.where(roll < 0.07, "発送前入金待ち",
                                                     np.where(roll < 0.12, "発送待ち", "完了")))
    shipped = status == "完了"
    cancelled = status == "キャンセル"
    reasons = np.asarray(["在庫切れ（店舗都合）", "お客様都合によるキャンセル", "", "発送遅延（店舗都合）"],
                         dtype=object)
    buyer_no = seq % 90_000
    family, given = _pick(rng, FAMILY, n), _pick(rng, GIVEN, n)
    who = _cat(family, " ", given)
    address = _cat(_pick(rng, PREFS, n), "架空市みほん町", rng.integers(1, 9, n), "-", rng.integers(1, 30, n))
    mail = _cat("buyer", buyer_no, "@example.jp")
    zip_code = _cat("100-", (buyer_no % 10000).astype(str).astype(object))
    ship_day = (ordered + pd.Timedelta(days=1)).dt.strftime("%Y/%m/%d")
    frame = pd.DataFrame({c: "" for c in COLUMNS}, index=seq)
    values = {
        "controlType": "N", "orderId": order_no.astype(str), "orderDetailId":
            _cat(order_no.astype(str), pd.Series(detail).map("{:02d}".format).to_numpy(dtype=object)),
        "orderDate": ordered.dt.strftime("%Y/%m/%d %H:%M"), "sellMethodSegment": "1",
        "siteAndDevice": _pick(rng, ["PC", "スマートフォン"], n),
        "itemManagementId": pd.Series(sku).str.replace("-", "").str.lower(), "itemCode": sku,
        "lotnumber": sku, "itemName": name, "shippingDayDispText": "ご注文から3営業日以内に発送",
        "shippingTimelimitDate": limit.dt.strftime("%Y/%m/%d"), "mailAddress": mail, "ordererName": who,
        "ordererKana": "カナ テスト", "ordererZipCode": zip_code, "ordererAddress": address,
        "ordererPhoneNumber1": _cat("090-0000-", (buyer_no % 10000).astype(str).astype(object)),
        "nickname": _cat("demo", buyer_no), "senderName": who, "senderZipCode": zip_code,
        "senderAddress": address, "settlementName": _pick(rng, PAYMENTS, n), "orderStatus": status,
        "paymentStatus": np.where(shipped, "Y", "N"), "shipStatus": np.where(shipped, "Y", "N"),
        "shipDate": np.where(shipped, ship_day, ""), "cancelStatus": np.where(cancelled, "C", ""),
        "cancelReason": np.where(cancelled, reasons[rng.integers(0, len(reasons), n)], ""),
        "itemPrice": price.astype(str), "beforeDiscount": price.astype(str), "discount": "0",
        "unit": qty.astype(str), "totalItemPrice": (price * qty).astype(str), "taxType": "1",
        "postagePrice": "0", "chargePrice": "0", "totalPrice": (price * qty).astype(str),
        "requestPrice": (price * qty).astype(str), "deliveryName": "宅配便",
        "shippingDate": np.where(shipped, ship_day, ""), "shippingCarrier": np.where(shipped, "ヤマト運輸", ""),
        "shippingNumber": np.where(shipped, _cat("4", rng.integers(10**10, 10**11 - 1, n)), ""),
        "rawMailAddress": mail,
    }
    for column, value in values.items():
        frame[column] = value.to_numpy() if isinstance(value, pd.Series) else value
    # Wow!manager repeats some lines verbatim
    repeat = rng.choice(n, size=max(1, n // 1000), replace=False)
    frame = pd.concat([frame, frame.iloc[repeat]]).sort_index(kind="stable").iloc[:n]
    return frame.reset_index(drop=True)


def write_aupay(lines: int) -> Path:
    DATA.mkdir(parents=True, exist_ok=True)
    frame = aupay_frame(lines)
    frame.to_csv(AUPAY_FILE, index=False, encoding="cp932", quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    return AUPAY_FILE


def write_aupay_narrow(lines: int) -> Path:
    DATA.mkdir(parents=True, exist_ok=True)
    frame = aupay_frame(lines)
    for column in frame.columns.difference(NARROW_COLUMNS):
        frame[column] = ""
    frame.to_csv(AUPAY_NARROW_FILE, index=False, encoding="cp932", lineterminator="\r\n")
    return AUPAY_NARROW_FILE


def small_files() -> list[Path]:
    return sorted(SMALL_DIR.glob("*.csv"))


def write_small(count: int) -> Path:
    SMALL_DIR.mkdir(parents=True, exist_ok=True)
    for old in small_files():
        old.unlink()
    frame = aupay_frame(count * SMALL_LINES, seed=13)
    for i in range(count):
        part = frame.iloc[i * SMALL_LINES:(i + 1) * SMALL_LINES]
        part.to_csv(SMALL_DIR / f"aupay-{i:04d}.csv", index=False, encoding="cp932", quoting=csv.QUOTE_ALL,
                    lineterminator="\r\n")
    return SMALL_DIR


def write_xlsx(lines: int, seed: int = 11) -> Path:
    from openpyxl import Workbook

    DATA.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    workbook = Workbook(write_only=True)
    workbook.create_sheet("説明").append(["Qoo10 配送管理のダウンロードを Excel で保存したものです"])
    sheet = workbook.create_sheet(XLSX_SHEET)
    sheet.append(["配送管理 詳細"])
    sheet.append(QOO10_44)
    states = ["配送要請", "配送中", "配送完了", "発送予定", "キャンセル"]
    start = pd.Timestamp("2025-01-01 09:00")
    for i in range(lines):
        ordered = start + pd.Timedelta(seconds=int(i * 60 + rng.integers(0, 50)))
        item = ITEMS[i % len(ITEMS)]
        row = dict.fromkeys(QOO10_44, "")
        row.update({
            "配送状態": states[int(rng.integers(0, len(states)))], "注文番号": 700_000_000 + i,
            "カート番号": 500_000_000 + i // 2, "配送会社": "ヤマト運輸", "注文日": ordered.strftime("%Y/%m/%d %H:%M:%S"),
            "入金日": ordered.strftime("%Y/%m/%d %H:%M:%S"),
            "発送予定日": (ordered + pd.Timedelta(days=3)).strftime("%Y/%m/%d"), "配送方法": "宅配便",
            "商品番号": 1_000_000 + i % 5000, "商品名": item[1], "数量": 1 + i % 2, "受取人名": "テスト 太郎",
            "住所": "東京都架空区みほん町1-2-3", "郵便番号": "100-0001", "国家": "JP", "決済サイト": "Qoo10",
            "通貨": "JPY", "購入者決済金額": item[2], "販売価格": item[2], "割引額": 0, "注文金額の合計": item[2],
            "購入者名": "テスト 太郎", "販売者商品コード": item[0],
        })
        sheet.append([row[c] for c in QOO10_44])
    workbook.save(XLSX_FILE)
    return XLSX_FILE


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--xlsx-lines", type=int, default=100_000)
    parser.add_argument("--small", type=int, default=2_000, help="how many small files")
    parser.add_argument("--only", choices=("csv", "narrow", "xlsx", "small"))
    parser.add_argument("--missing", action="store_true", help="write only the files not there yet")
    args = parser.parse_args()
    there = {"csv": AUPAY_FILE, "narrow": AUPAY_NARROW_FILE, "xlsx": XLSX_FILE, "small": SMALL_DIR}
    jobs = {"csv": lambda: write_aupay(args.lines), "narrow": lambda: write_aupay_narrow(args.lines),
            "xlsx": lambda: write_xlsx(args.xlsx_lines), "small": lambda: write_small(args.small)}
    for name, job in jobs.items():
        if args.missing and there[name].exists():
            continue
        if args.only in (None, name):
            started = time.perf_counter()
            path = job()
            size = sum(p.stat().st_size for p in small_files()) if path.is_dir() else path.stat().st_size
            sys.stdout.write(f"{path} ({size / 2**20:.0f} MB) in "
                             f"{time.perf_counter() - started:.1f} s\n")


if __name__ == "__main__":
    main()

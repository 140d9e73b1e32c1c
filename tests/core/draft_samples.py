"""Invented exports for the drafts, from marketplaces whose files have no cancel-reason column
(Rakuten, Yahoo!, Amazon, Qoo10, Mercari): every cancellation in them is of unknown cause. One order in
each has two SKUs, so a by-item breakdown must say what it counts. Fixed seed; names are invented.

    write_samples(folder) -> {"rakuten": path, "yahoo": path, "amazon": path, "qoo10": path, "mercari": path}
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from pathlib import Path

from scripts.sample_exports import write_export
from tests.core.exports import AMAZON_ALL, MERCARI, QOO10_44, RAKUTEN_PAY, YAHOO_ORDERS

NEWEST = datetime(2026, 9, 30, 20, 0)  # Japan time; use --as-of 2026-09-30T21:00 for fixed figures
AS_OF = "2026-09-30T21:00"
ITEMS = [("T-100", "今治タオル フェイス 2枚組", 1980), ("M-210", "マグカップ 350ml 白", 1200),
         ("C-330", "USB-C ケーブル 1m", 880), ("HB-2001", "ワイヤレスイヤホン HB-2001", 4980)]
BUYERS = ["佐藤 花子", "鈴木 一郎", "高橋 次郎", "田中 三郎", "伊藤 四郎", "渡辺 五郎", "山本 六子"]


def _plan(rng: random.Random, count: int, days: int, cancelled: int) -> list[tuple[datetime, str]]:
    """(ordered_at, state) per order: ``cancelled`` cancellations, four of them on one day."""
    plan = []
    spike = NEWEST - timedelta(days=min(5, days - 1), hours=3)
    for n in range(count):
        if n < 4 and cancelled >= 4:
            plan.append((spike - timedelta(minutes=17 * n), "cancelled"))
            continue
        ordered = NEWEST - timedelta(hours=rng.randint(2, 24 * days - 4))
        state = "cancelled" if n < cancelled else rng.choices(["shipped", "open"], [12, 1])[0]
        plan.append((ordered, state))
    return plan


def rakuten(folder: Path, rng: random.Random) -> Path:
    status = {"cancelled": "キャンセル確定", "shipped": "発送済", "open": "発送待ち"}
    rows = []
    for n, (ordered, state) in enumerate(_plan(rng, 140, 30, 7)):
        order_id = f"381234-{ordered:%Y%m%d}-{n:010d}"
        lines = [ITEMS[2], ITEMS[0]] if n == 1 else [rng.choice(ITEMS)]  # order 1 holds two SKUs
        for line_no, (sku, name, price) in enumerate(lines, start=1):
            rows.append({"注文番号": order_id, "ステータス": status[state],
                         "注文日時": f"{ordered:%Y-%m-%d %H:%M:%S}", "支払方法名": "クレジットカード",
                         "注文者姓": BUYERS[n % 7].split()[0], "注文者名": BUYERS[n % 7].split()[1],
                         "商品明細ID": str(line_no), "商品名": name, "商品管理番号": sku,
                         "単価": str(price), "個数": "1",
                         "発送完了報告日時": f"{ordered + timedelta(days=1):%Y-%m-%d %H:%M:%S}"
                         if state == "shipped" else ""})
    return write_export(folder / "rakuten-orders.csv", RAKUTEN_PAY, rows)


def yahoo(folder: Path, rng: random.Random) -> Path:
    status = {"cancelled": "4", "shipped": "5", "open": "2"}
    rows = []
    for n, (ordered, state) in enumerate(_plan(rng, 90, 30, 5)):
        rows.append({"OrderId": f"store-{20000000 + n}", "OrderTime": f"{ordered:%Y/%m/%d %H:%M:%S}",
                     "OrderStatus": status[state], "BillLastName": BUYERS[n % 7].split()[0],
                     "BillFirstName": BUYERS[n % 7].split()[1], "PayMethodName": "クレジットカード決済",
                     "ShipDate": f"{ordered + timedelta(days=1):%Y/%m/%d}" if state == "shipped" else "",
                     "Total": str(rng.choice(ITEMS)[2])})
    return write_export(folder / "yahoo-orders.csv", YAHOO_ORDERS, rows)


def amazon(folder: Path, rng: random.Random) -> Path:
    status = {"cancelled": "Cancelled", "shipped": "Shipped", "open": "Unshipped"}
    rows = []
    for n, (ordered, state) in enumerate(_plan(rng, 110, 7, 5)):
        lines = [ITEMS[3], ITEMS[1]] if n == 1 else [rng.choice(ITEMS)]
        for sku, name, price in lines:
            rows.append({"amazon-order-id": f"503-{n:07d}-{n * 7:07d}",
                         "purchase-date": (ordered - timedelta(hours=9)).strftime("%Y-%m-%dT%H:%M:%S+00:00"),
                         "order-status": status[state], "fulfillment-channel": "Merchant",
                         "item-status": "Shipped" if state == "shipped" else "Unshipped",
                         "product-name": name, "sku": sku, "quantity": "1", "currency": "JPY",
                         "item-price": str(price)})
    return write_export(folder / "amazon-all-orders.txt", AMAZON_ALL, rows, delimiter="\t", encoding="utf-8")


def qoo10(folder: Path, rng: random.Random) -> Path:
    status = {"cancelled": "取消", "shipped": "配送完了", "open": "配送要請"}
    rows = []
    for n, (ordered, state) in enumerate(_plan(rng, 70, 30, 4)):
        sku, name, price = rng.choice(ITEMS)
        rows.append({"配送状態": status[state], "注文番号": f"7{n:08d}", "カート番号": f"5{n:05d}",
                     "注文日": f"{ordered:%Y/%m/%d %H:%M:%S}",
                     "発送予定日": f"{ordered + timedelta(days=2):%Y/%m/%d}", "商品名": name, "数量": "1",
                     "販売価格": str(price), "注文金額の合計": str(price), "購入者名": BUYERS[n % 7],
                     "販売者商品コード": sku,
                     "発送日": f"{ordered + timedelta(days=1):%Y/%m/%d}" if state == "shipped" else ""})
    return write_export(folder / "qoo10-orders.csv", QOO10_44, rows)


def mercari(folder: Path, rng: random.Random) -> Path:
    status = {"cancelled": "cancelled", "shipped": "shipped", "open": "wait_shipping"}
    rows = []
    for n, (ordered, state) in enumerate(_plan(rng, 60, 30, 4)):
        sku, name, price = rng.choice(ITEMS)
        order_id = f"m{n:07d}"
        rows.append({"type": "order", "order_id": order_id, "status": status[state],
                     "ordered_at": f"{ordered:%Y-%m-%d %H:%M:%S}", "buyer_name": BUYERS[n % 7],
                     "total_price": str(price)})
        rows.append({"type": "product", "order_id": order_id, "product_name": name, "variant_id": sku,
                     "quantity": "1", "price": str(price), "shipping_name": BUYERS[n % 7]})
    return write_export(folder / "mercari-orders.csv", MERCARI, rows, encoding="utf-8")


def write_samples(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(20261001)
    return {name: make(folder, rng) for name, make in
            (("rakuten", rakuten), ("yahoo", yahoo), ("amazon", amazon), ("qoo10", qoo10),
             ("mercari", mercari))}

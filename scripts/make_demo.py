"""Write the bundled demo export: a fictitious au PAY Market shop, Wow!manager 受注CSV layout, CP932.

Run `python scripts/make_demo.py` to regenerate resources/demo/aupay-demo-orders.csv. The output is the
same on every run (fixed seed), so the file in git only changes when this script does.

The story it tells is the one sellers write to us about: a time sale set up wrong on one day caused a
burst of out-of-stock cancellations, a few orders are now past their ship-by date, and the rate sits
above the marketplace's comfort line. Every buyer, address and phone number is invented.
"""

from __future__ import annotations

import csv
import io
import random
from datetime import datetime, timedelta
from pathlib import Path

COLUMNS = (
    "controlType orderId orderDetailId orderDate sellMethodSegment releaseDate siteAndDevice "
    "itemManagementId itemCode lotnumber itemName itemOption shippingDayDispText shippingTimelimitDate "
    "mailAddress ordererName ordererKana ordererZipCode ordererAddress ordererPhoneNumber1 "
    "ordererPhoneNumber2 nickname senderName senderKana senderZipCode senderAddress senderPhoneNumber1 "
    "senderPhoneNumber2 orderOption settlementName userComment memo orderStatus contactStatus contactDate "
    "authorizationStatus authorizationDate paymentStatus paymentDate shipStatus shipDate printStatus "
    "printDate cancelStatus cancelReason cancelComment itemPrice beforeDiscount discount unit "
    "totalItemPrice taxType postagePrice chargePrice totalPrice couponTotalPrice usePoint usePointCancel "
    "useAuPointPrice useAuPoint useAuPointCancel requestPrice totalGiftPoint pointFixedDate "
    "pointFixedStatus settleStatus pgResult pgResponseCode pgResponseDetail pgOrderId pgRequestPrice "
    "authoriTimelimitDate couponType couponKey cardJadgement deliveryName deliveryMethodId deliveryId "
    "deliveryRequestDay deliveryRequestTime shippingDate shippingCarrier shippingNumber rawMailAddress"
).split()

ITEMS = [  # (lot number / SKU, name, price in yen)
    ("HB-1001", "北欧風 マグカップ 350ml ２個セット", 2480),
    ("HB-1002", "折りたたみ 収納ボックス Ｌサイズ", 1980),
    ("HB-1003", "竹製 まな板 抗菌加工", 1580),
    ("HB-2001", "ワイヤレスイヤホン Bluetooth5.3 ①年保証", 3980),
    ("HB-2002", "USB-C 急速充電器 65W", 2980),
    ("HB-3001", "今治タオル フェイスタオル ３枚組", 2200),
    ("HB-3002", "珪藻土 バスマット 髙吸水", 2680),
    ("HB-4001", "ステンレス 水筒 500ml 保温保冷", 1880),
]
SALE_SKU = "HB-2001"  # the item whose time sale was set up with the wrong stock count
FAMILY = "佐藤 鈴木 高橋 田中 伊藤 渡辺 山本 中村 小林 加藤 吉田 山田 松本 井上 木村 林 清水 森".split()
GIVEN = "陽子 健一 美咲 翔太 直子 大輔 さくら 拓海 由美 誠 舞 蓮 葵 悠真 真由美 和也".split()
KANA_FAMILY = "サトウ スズキ タカハシ タナカ イトウ ワタナベ ヤマモト ナカムラ コバヤシ カトウ ヨシダ ヤマダ マツモト イノウエ キムラ ハヤシ シミズ モリ".split()
PREFS = "東京都 大阪府 神奈川県 愛知県 福岡県 北海道 京都府 兵庫県 埼玉県 千葉県".split()
PAYMENTS = ["クレジットカード", "au PAY（auかんたん決済）", "コンビニ決済", "銀行振込"]
SELLER_REASONS = ["在庫切れ（店舗都合）", "店舗都合によるキャンセル", "発送遅延（店舗都合）"]
BUYER_REASONS = ["お客様都合によるキャンセル", "お客様からのキャンセル依頼"]

# Dated more than a 30-day window before this script was written, so the app always measures the demo
# "as of" its newest order (DESIGN: stale data falls back to the newest order's time).
START = datetime(2026, 8, 18, 9, 0)
END = datetime(2026, 9, 30, 21, 30)
SALE_DAY = datetime(2026, 9, 11)
HANDLING_DAYS = 2  # ship-by date = order date + 2 days; a few open orders are past it at the end


def fmt_dt(value: datetime) -> str:
    return value.strftime("%Y/%m/%d %H:%M")


def fmt_d(value: datetime) -> str:
    return value.strftime("%Y/%m/%d")


def buyer(rng: random.Random, n: int) -> dict[str, str]:
    f = rng.randrange(len(FAMILY))
    name = f"{FAMILY[f]} {rng.choice(GIVEN)}"
    pref = rng.choice(PREFS)
    return {
        "mailAddress": f"buyer{n:04d}@example.jp",
        "rawMailAddress": f"buyer{n:04d}@example.jp",
        "ordererName": name,
        "ordererKana": f"{KANA_FAMILY[f]} テスト",
        "ordererZipCode": f"100-{n % 10000:04d}",
        "ordererAddress": f"{pref}架空市みほん町{rng.randint(1, 9)}-{rng.randint(1, 30)}",
        "ordererPhoneNumber1": f"090-0000-{n % 10000:04d}",
        "nickname": f"demo{n:04d}",
    }


def order_lines(rng: random.Random, seq: int, ordered: datetime) -> list[dict[str, str]]:
    order_id = f"{34000000 + seq * 7:08d}"
    who = buyer(rng, seq)
    limit = (ordered + timedelta(days=HANDLING_DAYS)).replace(hour=0, minute=0)
    on_sale_day = ordered.date() == SALE_DAY.date()
    n_items = 1 if rng.random() < 0.85 else 2
    lines = []
    for detail in range(n_items):
        sku, name, price = rng.choice(ITEMS)
        if on_sale_day and detail == 0:
            sku, name, price = next(i for i in ITEMS if i[0] == SALE_SKU)
            price = 1990
        qty = 1 if rng.random() < 0.8 else 2
        lines.append({
            "controlType": "N",
            "orderId": order_id,
            "orderDetailId": f"{order_id}{detail + 1:02d}",
            "orderDate": fmt_dt(ordered),
            "sellMethodSegment": "1",
            "siteAndDevice": rng.choice(["PC", "スマートフォン"]),
            "itemManagementId": sku.replace("-", "").lower(),
            "itemCode": sku,
            "lotnumber": sku,
            "itemName": name,
            "shippingDayDispText": "ご注文から2日以内に発送",
            "shippingTimelimitDate": fmt_d(limit),
            "settlementName": rng.choice(PAYMENTS),
            "senderName": who["ordererName"],
            "senderAddress": who["ordererAddress"],
            "senderZipCode": who["ordererZipCode"],
            "itemPrice": str(price),
            "beforeDiscount": str(price),
            "discount": "0",
            "unit": str(qty),
            "totalItemPrice": str(price * qty),
            "taxType": "1",
            "postagePrice": "0",
            "chargePrice": "0",
            "totalPrice": str(price * qty),
            "requestPrice": str(price * qty),
            "deliveryName": "宅配便",
            **who,
        })
    return lines


def settle(rng: random.Random, lines: list[dict[str, str]], ordered: datetime) -> None:
    """Give one order its fate: shipped (on time or late), still open, or cancelled."""
    age_days = (END - ordered).total_seconds() / 86400
    on_sale_day = ordered.date() == SALE_DAY.date()
    roll = rng.random()
    if on_sale_day and roll < 0.6:
        fate = "seller_cancel_sale"
    elif age_days < 1.5:
        fate = "open" if roll < 0.75 else "shipped"
    elif age_days < 5 and roll < 0.3:
        fate = "open"  # these are the overdue ones
    elif roll < 0.035:
        fate = "seller_cancel"
    elif roll < 0.085:
        fate = "buyer_cancel"
    elif roll < 0.10:
        fate = "unknown_cancel"
    elif roll < 0.12:
        fate = "pending_payment"
    else:
        fate = "shipped"
    for line in lines:
        limit = datetime.strptime(line["shippingTimelimitDate"], "%Y/%m/%d")
        if fate == "shipped":
            late = rng.random() < 0.05
            shipped = limit + timedelta(days=1) if late else ordered + timedelta(days=rng.randint(1, 2))
            shipped = min(shipped, END)
            line.update(orderStatus="完了", shipStatus="Y", shipDate=fmt_d(shipped),
                        paymentStatus="Y", shippingDate=fmt_d(shipped), shippingCarrier="ヤマト運輸",
                        shippingNumber=f"4{rng.randint(10**10, 10**11 - 1)}")
        elif fate == "open":
            line.update(orderStatus="発送待ち", shipStatus="N", paymentStatus="N")
        elif fate == "pending_payment":
            line.update(orderStatus="発送前入金待ち", shipStatus="N", paymentStatus="N")
        else:
            reason = {
                "seller_cancel_sale": "在庫切れ（店舗都合）",
                "seller_cancel": rng.choice(SELLER_REASONS),
                "buyer_cancel": rng.choice(BUYER_REASONS),
                "unknown_cancel": "",
            }[fate]
            comment = "タイムセール在庫設定誤り" if fate == "seller_cancel_sale" else ""
            line.update(orderStatus="キャンセル", shipStatus="N", cancelStatus="C",
                        cancelReason=reason, cancelComment=comment)


def build_rows(seed: int = 20261031) -> list[dict[str, str]]:
    rng = random.Random(seed)
    rows: list[dict[str, str]] = []
    ordered = START
    seq = 1
    while ordered <= END:
        for line in (lines := order_lines(rng, seq, ordered)):
            rows.append(line)
        settle(rng, lines, ordered)
        # the sale day brings a rush of orders; the last days are busier too
        busy = ordered.date() == SALE_DAY.date()
        ordered += timedelta(minutes=rng.randint(30, 75) if busy else rng.randint(90, 330))
        seq += 1
    # Wow!manager exports repeat some lines verbatim; the app must count them once.
    for index in (7, 61, 150):
        rows.insert(index + 1, dict(rows[index]))
    return rows


def render(rows: list[dict[str, str]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, restval="", lineterminator="\r\n",
                            quoting=csv.QUOTE_ALL)
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("cp932")


def main() -> None:
    target = Path(__file__).resolve().parents[1] / "resources" / "demo" / "aupay-demo-orders.csv"
    target.parent.mkdir(parents=True, exist_ok=True)
    rows = build_rows()
    target.write_bytes(render(rows))
    print(f"wrote {target} ({len(rows)} lines)")


if __name__ == "__main__":
    main()

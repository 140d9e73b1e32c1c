"""Fixture factory: realistic marketplace exports of every layout, and hostile files, written to a folder.

Each ``*_table()`` returns (header, rows) in the marketplace's column layout with odd but legal values;
``write_text`` / ``write_xlsx`` put any table on disk in the encodings and shapes sellers really send.
All names, addresses and numbers are invented.
"""

from __future__ import annotations

import codecs
import csv
import io
import struct
import zipfile
from pathlib import Path

Table = tuple[list[str], list[list[str]]]

AUPAY_HEADER = ["controlType", "orderId", "orderDetailId", "orderDate", "sellMethodSegment", "releaseDate", "siteAndDevice", "itemManagementId", "itemCode", "lotnumber", "itemName", "itemOption", "shippingDayDispText", "shippingTimelimitDate", "mailAddress", "ordererName", "ordererKana", "ordererZipCode", "ordererAddress", "ordererPhoneNumber1", "ordererPhoneNumber2", "nickname", "senderName", "senderKana", "senderZipCode", "senderAddress", "senderPhoneNumber1", "senderPhoneNumber2", "orderOption", "settlementName", "userComment", "memo", "orderStatus", "contactStatus", "contactDate", "authorizationStatus", "authorizationDate", "paymentStatus", "paymentDate", "shipStatus", "shipDate", "printStatus", "printDate", "cancelStatus", "cancelReason", "cancelComment", "itemPrice", "beforeDiscount", "discount", "unit", "totalItemPrice", "taxType", "postagePrice", "chargePrice", "totalPrice", "couponTotalPrice", "usePoint", "usePointCancel", "useAuPointPrice", "useAuPoint", "useAuPointCancel", "requestPrice", "totalGiftPoint", "pointFixedDate", "pointFixedStatus", "settleStatus", "pgResult", "pgResponseCode", "pgResponseDetail", "pgOrderId", "pgRequestPrice", "authoriTimelimitDate", "couponType", "couponKey", "cardJadgement", "deliveryName", "deliveryMethodId", "deliveryId", "deliveryRequestDay", "deliveryRequestTime", "shippingDate", "shippingCarrier", "shippingNumber", "rawMailAddress"]


def _row(header: list[str], values: dict[str, str]) -> list[str]:
    return [values.get(name, "") for name in header]


def aupay_table() -> Table:
    """Six lines, five orders: a verbatim duplicate, odd ids, full-width and ¥ money, mixed dates."""
    base = {"controlType": "N", "itemCode": "SKU-1", "itemName": "マグカップ ①", "unit": "1",
            "ordererName": "山田 太郎", "settlementName": "クレジットカード", "shipStatus": "N"}
    lines = [
        {**base, "orderId": "000123", "orderDetailId": "00012301", "orderDate": "2024/05/01 10:00",
         "shippingTimelimitDate": "2024/05/03", "orderStatus": "完了", "shipDate": "2024/05/02",
         "itemPrice": "￥1,000", "totalItemPrice": "1,000円"},
        {**base, "orderId": "1E5", "orderDetailId": "1E501", "orderDate": "2024-05-02T09:30:00+09:00",
         "shippingTimelimitDate": "2024/05/04", "orderStatus": "ｷｬﾝｾﾙ", "cancelStatus": "C",
         "cancelReason": "在庫切れ（店舗都合）", "itemPrice": "２０００", "unit": "２",
         "totalItemPrice": "4000"},
        {**base, "orderId": "250509123456789012", "orderDetailId": "1", "orderDate": "2024年5月3日 8:15",
         "shippingTimelimitDate": "2024/05/05", "orderStatus": "キャンセル", "cancelStatus": "C",
         "cancelReason": "お客様都合によるキャンセル", "itemPrice": "1500", "totalItemPrice": "△500"},
        {**base, "orderId": "NA", "orderDetailId": "NA01", "orderDate": "2024/05/04 23:59",
         "shippingTimelimitDate": "2024/05/06", "orderStatus": "発送待ち", "itemPrice": "800",
         "totalItemPrice": "800", "ordererName": "None"},
        {**base, "orderId": "None", "orderDetailId": "None01", "orderDate": "2024-05-05 12:00:00",
         "shippingTimelimitDate": "2024/05/07", "orderStatus": "発送前入金待ち", "itemPrice": "500",
         "totalItemPrice": "500"},
    ]
    rows = [_row(AUPAY_HEADER, line) for line in lines]
    rows.insert(1, list(rows[0]))  # Wow!manager repeats lines verbatim
    return AUPAY_HEADER, rows


QOO10_44 = ["配送状態", "注文番号", "カート番号", "配送会社", "送り状番号", "発送日", "注文日", "入金日", "お届け希望日", "発送予定日", "配送完了日", "配送方法", "商品番号", "商品名", "数量", "オプション情報", "オプションコード", "おまけ", "受取人名", "受取人名(フリガナ)", "受取人電話番号", "受取人携帯電話番号", "住所", "郵便番号", "国家", "送料の決済", "決済サイト", "通貨", "購入者決済金額", "販売価格", "割引額", "注文金額の合計", "供給原価の合計", "購入者名", "購入者名(フリガナ)", "配送要請事項", "購入者電話番号", "購入者携帯電話番号", "販売者商品コード", "JANコード", "規格番号", "プレゼント贈り主", "外部広告", "素材"]
QOO10_15 = ["配送状態", "注文番号", "カート番号", "配送会社", "送り状番号", "発送日", "発送予定日", "商品名", "数量", "オプション情報", "オプションコード", "受取人名", "販売者商品コード", "外部広告", "決済サイト"]


def qoo10_table(short: bool = False) -> Table:
    header = QOO10_15 if short else QOO10_44
    lines = [
        {"配送状態": "配送要請", "注文番号": "700000001", "カート番号": "500001", "注文日": "2024/05/01 10:00:00",
         "発送予定日": "2024/05/03", "商品名": "タオル", "数量": "1", "販売価格": "1,200",
         "注文金額の合計": "1,200", "購入者名": "李 明", "販売者商品コード": "T-1", "決済サイト": "Qoo10"},
        {"配送状態": "配送中", "注文番号": "700000002", "カート番号": "500001", "注文日": "2024/05/01 10:00:00",
         "発送日": "2024/05/02", "発送予定日": "2024/05/03", "商品名": "マグ", "数量": "2",
         "販売価格": "800", "注文金額の合計": "1600", "購入者名": "李 明", "販売者商品コード": "M-1"},
        {"配送状態": "配送完了", "注文番号": "700000003", "カート番号": "500002", "注文日": "2024/05/02 11:00:00",
         "発送日": "2024/05/03", "発送予定日": "2024/05/04", "商品名": "皿", "数量": "1", "販売価格": "500",
         "注文金額の合計": "500", "購入者名": "王 芳", "販売者商品コード": "P-1"},
    ]
    return header, [_row(header, line) for line in lines]


RAKUTEN_PAY = ["注文番号", "ステータス", "サブステータスID", "サブステータス", "注文日時", "注文日", "注文時間", "キャンセル期限日", "注文確認日時", "注文確定日時", "発送指示日時", "発送完了報告日時", "支払方法名", "商品合計金額", "請求金額", "注文者姓", "注文者名", "注文者メールアドレス", "送付先ID", "楽天確認中フラグ", "商品明細ID", "商品ID", "商品名", "商品番号", "商品管理番号", "単価", "個数", "納期情報", "コメント"]


def rakuten_pay_table() -> Table:
    lines = [
        {"注文番号": "123456-20240501-0000000001", "ステータス": "発送済", "注文日時": "2024-05-01 10:00:00",
         "発送完了報告日時": "2024-05-02 15:00:00", "支払方法名": "クレジットカード", "注文者姓": "佐藤",
         "注文者名": "花子", "商品明細ID": "1", "商品名": "バッグ", "商品管理番号": "BAG-1", "単価": "3,000",
         "個数": "1"},
        {"注文番号": "123456-20240501-0000000001", "ステータス": "発送済", "注文日時": "2024-05-01 10:00:00",
         "発送完了報告日時": "2024-05-02 15:00:00", "注文者姓": "佐藤", "注文者名": "花子", "商品明細ID": "2",
         "商品名": "ポーチ", "商品管理番号": "PCH-1", "単価": "1000", "個数": "2"},
        {"注文番号": "123456-20240502-0000000002", "ステータス": "900", "注文日時": "2024/05/02 09:00:00",
         "注文者姓": "鈴木", "注文者名": "一郎", "商品明細ID": "1", "商品名": "帽子", "商品管理番号": "HAT-1",
         "単価": "2000", "個数": "1"},
        {"注文番号": "123456-20240503-0000000003", "ステータス": "発送待ち", "注文日時": "2024-05-03 20:00:00",
         "注文者姓": "高橋", "注文者名": "次郎", "商品明細ID": "1", "商品名": "靴下", "商品管理番号": "SCK-1",
         "単価": "500", "個数": "3"},
    ]
    return RAKUTEN_PAY, [_row(RAKUTEN_PAY, line) for line in lines]


RAKUTEN_LEGACY = ["受注番号", "受注ステータス", "カード決済ステータス", "入金日", "配送日", "お届け時間帯", "注文日時", "商品名", "商品番号", "単価", "個数", "合計金額", "注文者名字", "注文者名前", "決済方法"]


def rakuten_legacy_table() -> Table:
    lines = [
        {"受注番号": "123456-20150101-00000001", "受注ステータス": "完了", "注文日時": "2015/01/01 10:00:00",
         "商品名": "帽子", "商品番号": "H-1", "単価": "1000", "個数": "1", "合計金額": "1000",
         "注文者名字": "田中", "注文者名前": "三郎"},
        {"受注番号": "123456-20150102-00000002", "受注ステータス": "キャンセル", "注文日時": "2015/01/02 11:00:00",
         "商品名": "靴", "商品番号": "S-1", "単価": "5000", "個数": "1", "合計金額": "5000"},
    ]
    return RAKUTEN_LEGACY, [_row(RAKUTEN_LEGACY, line) for line in lines]


YAHOO_ORDERS = ["OrderId", "ParentOrderId", "DeviceType", "OrderTime", "OrderStatus", "StoreStatus", "ShipRequestDate", "ShipDate", "BillLastName", "BillFirstName", "PayMethodName", "Total"]
YAHOO_ITEMS = ["OrderId", "LineId", "Quantity", "ItemId", "SubCode", "Title", "ItemOptionName", "UnitPrice", "UnitGetPoint", "LineSubTotal"]


def yahoo_tables(labels: bool = False) -> tuple[Table, Table]:
    status = {"done": "完了" if labels else "5", "cancel": "キャンセル" if labels else "4",
              "work": "処理中" if labels else "2"}
    orders = [
        {"OrderId": "store-10000001", "OrderTime": "2024/05/01 10:00:00", "OrderStatus": status["done"],
         "ShipDate": "2024/05/02", "BillLastName": "伊藤", "BillFirstName": "四郎", "PayMethodName": "PayPay",
         "Total": "3000"},
        {"OrderId": "store-10000002", "OrderTime": "2024/05/02 10:00:00", "OrderStatus": status["cancel"],
         "BillLastName": "渡辺", "BillFirstName": "五郎", "Total": "1500"},
        {"OrderId": "store-10000003", "OrderTime": "2024/05/03 10:00:00", "OrderStatus": status["work"],
         "BillLastName": "山本", "BillFirstName": "六子", "Total": "800"},
    ]
    items = [
        {"OrderId": "store-10000001", "LineId": "1", "Quantity": "1", "ItemId": "cup", "Title": "カップ",
         "UnitPrice": "1000", "LineSubTotal": "1000"},
        {"OrderId": "store-10000001", "LineId": "2", "Quantity": "2", "ItemId": "dish", "Title": "皿",
         "UnitPrice": "1000", "LineSubTotal": "2000"},
        {"OrderId": "store-10000002", "LineId": "1", "Quantity": "1", "ItemId": "fork", "Title": "フォーク",
         "UnitPrice": "1500", "LineSubTotal": "1500"},
    ]
    return ((YAHOO_ORDERS, [_row(YAHOO_ORDERS, o) for o in orders]),
            (YAHOO_ITEMS, [_row(YAHOO_ITEMS, i) for i in items]))


AMAZON_ALL = ["amazon-order-id", "merchant-order-id", "purchase-date", "last-updated-date", "order-status", "fulfillment-channel", "sales-channel", "order-channel", "ship-service-level", "product-name", "sku", "asin", "item-status", "quantity", "currency", "item-price", "item-tax"]
AMAZON_UNSHIPPED = ["order-id", "order-item-id", "purchase-date", "payments-date", "reporting-date", "promise-date", "days-past-promise", "buyer-email", "buyer-name", "buyer-phone-number", "sku", "product-name", "quantity-purchased", "quantity-shipped", "quantity-to-ship", "ship-service-level", "recipient-name", "payment-method", "verge-of-cancellation", "verge-of-lateShipment"]
AMAZON_ORDER_REPORT = ["order-id", "order-item-id", "purchase-date", "payments-date", "buyer-email", "buyer-name", "sku", "product-name", "quantity-purchased", "currency", "item-price", "ship-service-level", "earliest-ship-date", "latest-ship-date", "earliest-delivery-date", "latest-delivery-date", "sales-channel"]


def amazon_all_orders_table() -> Table:
    lines = [
        {"amazon-order-id": "503-0000001-0000001", "purchase-date": "2024-05-01T01:00:00+00:00",
         "order-status": "Shipped", "fulfillment-channel": "Merchant", "item-status": "Shipped",
         "sku": "A-1", "product-name": "ケーブル", "quantity": "1", "item-price": "1200"},
        {"amazon-order-id": "503-0000002-0000002", "purchase-date": "2024-05-02T01:00:00Z",
         "order-status": "Cancelled", "fulfillment-channel": "Merchant", "item-status": "Unshipped",
         "sku": "A-2", "product-name": "充電器", "quantity": "1", "item-price": "2500"},
        {"amazon-order-id": "503-0000003-0000003", "purchase-date": "2024-05-03T01:00:00+00:00",
         "order-status": "Canceled", "fulfillment-channel": "Amazon", "item-status": "Cancelled",
         "sku": "A-3", "product-name": "ケース", "quantity": "2", "item-price": "3000"},
        {"amazon-order-id": "503-0000004-0000004", "purchase-date": "2024-05-04T01:00:00+00:00",
         "order-status": "Pending", "fulfillment-channel": "MFN", "item-status": "Unshipped",
         "sku": "A-4", "product-name": "フィルム", "quantity": "1", "item-price": "900"},
    ]
    return AMAZON_ALL, [_row(AMAZON_ALL, line) for line in lines]


def amazon_unshipped_table() -> Table:
    lines = [
        {"order-id": "249-0000001-0000001", "order-item-id": "11111111111111", "purchase-date":
         "2024-05-01T10:00:00+09:00", "promise-date": "2024-05-03T23:59:59+09:00", "buyer-name": "中村 七子",
         "sku": "U-1", "product-name": "ライト", "quantity-purchased": "1", "quantity-to-ship": "1",
         "payment-method": "Other", "verge-of-cancellation": "true", "verge-of-lateShipment": "false"},
        {"order-id": "249-0000002-0000002", "order-item-id": "22222222222222", "purchase-date":
         "2024-05-02T10:00:00+09:00", "promise-date": "2024-05-04", "sku": "U-2", "product-name": "ランプ",
         "quantity-purchased": "2", "quantity-to-ship": "2", "verge-of-cancellation": "false",
         "verge-of-lateShipment": "TRUE"},
    ]
    return AMAZON_UNSHIPPED, [_row(AMAZON_UNSHIPPED, line) for line in lines]


def amazon_order_report_table() -> Table:
    lines = [
        {"order-id": "250-0000001-0000001", "order-item-id": "33333333333333", "purchase-date":
         "2024-05-01T01:00:00+00:00", "latest-ship-date": "2024-05-03T14:59:59+00:00", "sku": "R-1",
         "product-name": "ペン", "quantity-purchased": "3", "item-price": "600", "buyer-name": "小林 八郎"},
    ]
    return AMAZON_ORDER_REPORT, [_row(AMAZON_ORDER_REPORT, line) for line in lines]


MERCARI = ["type", "order_id", "status", "ordered_at", "buyer_name", "total_price", "product_name", "original_product_id", "variant_id", "quantity", "price", "shipping_name", "shipping_postal_code", "shipping_state", "shipping_city", "shipping_address_1", "shipping_address_2", "shipping_phone_number"]


def mercari_table() -> Table:
    lines = [
        {"type": "order", "order_id": "m0000001", "status": "shipped", "ordered_at": "2024-05-01 10:00:00",
         "buyer_name": "木村 九", "total_price": "2000"},
        {"type": "product", "order_id": "m0000001", "product_name": "ノート", "variant_id": "N-1",
         "quantity": "2", "price": "1000", "shipping_name": "木村 九"},
        {"type": "order", "order_id": "m0000002", "status": "cancelled", "ordered_at": "2024-05-02 10:00:00",
         "buyer_name": "林 十", "total_price": "700"},
        {"type": "product", "order_id": "", "product_name": "鉛筆", "variant_id": "P-1", "quantity": "1",
         "price": "700"},
    ]
    return MERCARI, [_row(MERCARI, line) for line in lines]


ALL_LAYOUTS = {
    "aupay": aupay_table, "qoo10_44": qoo10_table, "qoo10_15": lambda: qoo10_table(short=True),
    "rakuten_pay": rakuten_pay_table, "rakuten_legacy": rakuten_legacy_table,
    "yahoo_orders": lambda: yahoo_tables()[0], "amazon_all": amazon_all_orders_table,
    "amazon_unshipped": amazon_unshipped_table, "amazon_order_report": amazon_order_report_table,
    "mercari": mercari_table,
}


# ---------------------------------------------------------------- writers


def text_bytes(table: Table, *, encoding: str = "cp932", delimiter: str = ",", title_rows: int = 0,
               line_end: str = "\r\n", quote_all: bool = True) -> bytes:
    header, rows = table
    buffer = io.StringIO(newline="")
    for i in range(title_rows):
        buffer.write(["受注データ一覧", "出力日時: 2024/05/09 16:00", ""][i % 3] + line_end)
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator=line_end,
                        quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def write_text(path: Path, table: Table, **options) -> Path:
    path.write_bytes(text_bytes(table, **options))
    return path


def write_xlsx(path: Path, table: Table, *, sheet: str = "受注データ", title_rows: int = 0,
               extra_sheets: bool = True, numbers: bool = False) -> Path:
    """An .xlsx as sellers re-save exports: a title row, a notes sheet before the data, numbers as numbers."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    if extra_sheets:
        notes = workbook.create_sheet("説明")
        notes.append(["このファイルはテスト用です"])
        notes.append(["集計", "=SUM(1,2)"])
    data = workbook.create_sheet(sheet)
    for i in range(title_rows):
        data.append(["受注データ一覧" if i == 0 else ""])
    header, rows = table
    data.append(header)
    for row in rows:
        data.append([_as_number(v) if numbers else v for v in row])
    if extra_sheets:
        workbook.create_sheet("集計").append(["合計", 123])
    workbook.save(path)
    return path


def _as_number(value: str) -> object:
    if value.isdigit() and not value.startswith("0") and len(value) < 15:
        return int(value)
    return value


# ---------------------------------------------------------------- hostile files


def _xlsx_parts(sheet_xml: bytes) -> dict[str, bytes]:
    return {
        "[Content_Types].xml": b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.'
        b'openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="applicat'
        b'ion/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="appli'
        b'cation/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats'
        b'-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" '
        b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
        "_rels/.rels": b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxm'
        b'lformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlfor'
        b'mats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relations'
        b'hips>',
        "xl/workbook.xml": b'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxml'
        b'formats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2'
        b'006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http:'
        b'//schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://sc'
        b'hemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.'
        b'xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": sheet_xml,
    }


def _zip(path: Path, parts: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


_SHEET_OPEN = (b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
               b'spreadsheetml/2006/main"><sheetData>')


def xlsx_a1_xfd(path: Path) -> Path:
    """Legal and tiny, but calamine would allocate 16384 x 1048576 cells and abort the process."""
    sheet = _SHEET_OPEN + (b'<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>'
                           b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData></worksheet>')
    return _zip(path, _xlsx_parts(sheet))


def xlsx_zip_bomb(path: Path, inflated: int = 300 * 2**20) -> Path:
    """One shared cell of a few hundred MB of spaces: a tiny file that inflates enormously."""
    parts = _xlsx_parts(_SHEET_OPEN + b"</sheetData></worksheet>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in parts.items():
            if name != "xl/worksheets/sheet1.xml":
                archive.writestr(name, data)
        with archive.open("xl/sharedStrings.xml", "w") as handle:
            block = b" " * 2**20
            for _ in range(inflated // len(block)):
                handle.write(block)
        archive.writestr("xl/worksheets/sheet1.xml", parts["xl/worksheets/sheet1.xml"])
    return path


def xlsx_billion_laughs(path: Path) -> Path:
    entities = b'<!ENTITY a0 "lol">' + b"".join(
        b'<!ENTITY a%d "%s">' % (i, b"&a%d;" % (i - 1) * 10) for i in range(1, 10))
    sheet = (b'<?xml version="1.0"?><!DOCTYPE worksheet [' + entities + b']><worksheet xmlns="http://schemas.'
             b'openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr">'
             b'<is><t>&a9;</t></is></c></row></sheetData></worksheet>')
    return _zip(path, _xlsx_parts(sheet))


def truncated_copy(source: Path, path: Path, keep: float = 0.6) -> Path:
    data = source.read_bytes()
    path.write_bytes(data[: int(len(data) * keep)])
    return path


def encrypted_ole(path: Path) -> Path:
    """A compound file with EncryptionInfo and EncryptedPackage streams: what Excel writes for a password."""
    sector = 512
    end, free, fat_sector = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD
    stream_sectors = 8  # 4096 bytes per stream keeps both out of the mini stream
    fat = [fat_sector, end]
    for first in (2, 2 + stream_sectors):
        fat += [first + i + 1 for i in range(stream_sectors - 1)] + [end]
    fat += [free] * (sector // 4 - len(fat))
    header = (bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 16 + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
              + b"\0" * 6 + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, end, 0, end, 0)
              + struct.pack("<I", 0) + struct.pack("<I", free) * 108)

    def entry(name: str, kind: int, child: int, right: int, start: int, size: int) -> bytes:
        encoded = name.encode("utf-16-le") + b"\0\0"
        return (encoded.ljust(64, b"\0") + struct.pack("<HBB", len(encoded), kind, 1)
                + struct.pack("<III", free, right, child) + b"\0" * 36 + struct.pack("<IQ", start, size))

    directory = (entry("Root Entry", 5, 1, free, end, 0)
                 + entry("EncryptionInfo", 2, free, 2, 2 + stream_sectors, 4096)
                 + entry("EncryptedPackage", 2, free, free, 2, 4096)
                 + b"\0" * 128)
    body = struct.pack("<128I", *fat) + directory + b"\x5a" * (2 * stream_sectors * sector)
    path.write_bytes(header + body)
    return path


def utf16_tsv(path: Path, table: Table) -> Path:
    """Excel's 'Unicode text': UTF-16 LE with BOM, tab-separated."""
    text = text_bytes(table, encoding="utf-8", delimiter="\t", quote_all=False).decode("utf-8")
    path.write_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    return path


def html_xls(path: Path, table: Table, encoding: str = "cp932") -> Path:
    header, rows = table
    cells = "".join(f"<th>{c}</th>" for c in header)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    charset = "Shift_JIS" if encoding == "cp932" else encoding
    page = (f'<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}"></head>'
            f"<body><table><tr>{cells}</tr>{body}</table></body></html>")
    path.write_bytes(page.encode(encoding))
    return path

"""The normalised order line: the one shape every marketplace file is turned into.

Every later step (metrics, risk, drafts, the table in the window) reads only these columns, so a new
marketplace needs a profile, never a change here.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

JST = ZoneInfo("Asia/Tokyo")

# Status of one order line after the profile's status map.
PENDING_PAYMENT = "pending_payment"
OPEN = "open"
SHIPPED = "shipped"
DELIVERED = "delivered"
CANCELLED = "cancelled"
UNKNOWN = "unknown"
STATUSES = (PENDING_PAYMENT, OPEN, SHIPPED, DELIVERED, CANCELLED, UNKNOWN)

# Who caused a cancellation; "" when the line is not cancelled.
SELLER = "seller"
BUYER = "buyer"
CAUSES = (SELLER, BUYER, UNKNOWN)

# What a file read turned out to be: an order export, or a stock list (SKU and quantity).
ORDERS_FILE = "orders"
STOCK_FILE = "stock"

# Marketplace keys, as used in the JSON report and the profile file names.
MARKETPLACES = ("aupay", "qoo10", "rakuten", "yahoo", "amazon", "mercari", "generic")

# Column -> meaning. Order matters: it is the column order of a normalised frame.
ORDER_LINE_COLUMNS: dict[str, str] = {
    "marketplace": "profile key, e.g. 'aupay'",
    "shop": "shop label from the export where it names one, else ''",
    "order_id": "text exactly as written (leading zeros kept, never a float)",
    "line_id": "text; the line within the order ('' when the file has one line per order)",
    "ordered_at": "datetime64, tz Asia/Tokyo",
    "status": "one of STATUSES",
    "cancel_cause": "one of CAUSES when cancelled, else ''",
    "cancel_reason": "raw reason text from the file ('' when none)",
    "ship_by": "datetime64 tz Asia/Tokyo: the deadline instant (date-only -> next day 00:00 JST); NaT if none",
    "shipped_at": "datetime64 tz Asia/Tokyo; NaT when not shipped or unknown",
    "sku": "text",
    "item_name": "text",
    "quantity": "Int64 (nullable)",
    "unit_price": "float64 yen (NaN when missing)",
    "amount": "float64 yen (NaN when missing)",
    "buyer_name": "text; personal data: never logged",
    "payment_method": "text as written ('' when none)",
    "fulfilment": "'seller' or 'marketplace' (e.g. Amazon AFN)",
    "flags": "comma-separated marketplace flags, e.g. 'verge_of_cancellation' ('' when none)",
    "source_file": "file name the line came from",
    "source_row": "int: 1-based row number in the file, header row counted",
}
TEXT_COLUMNS = (
    "marketplace", "shop", "order_id", "line_id", "status", "cancel_cause", "cancel_reason",
    "sku", "item_name", "buyer_name", "payment_method", "fulfilment", "flags", "source_file",
)
DATETIME_COLUMNS = ("ordered_at", "ship_by", "shipped_at")

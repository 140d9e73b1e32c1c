"""Open one of the seller's dialogs on demo data, for a screenshot (see ../shared/tools/screenshot).

    python scripts/dialog_screenshot.py settings|mapping|tagging|alternatives [--lang zh|ja|en]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import pandas as pd

from seller_gui.core.analysis.rules import default_rules
from seller_gui.core.pipeline import Seller, summarise
from seller_gui.core.reading.loader import read_table
from seller_gui.core.storage.mappings import MappingStore
from seller_gui.core.storage.settings import SellerSettings
from seller_gui.core.storage.store import Alternative, Store
from seller_gui.ui.alternatives_dialog import AlternativesDialog
from seller_gui.ui.app import application, load_catalog
from seller_gui.ui.main_window import demo_path
from seller_gui.ui.mapping_dialog import MappingDialog
from seller_gui.ui.settings_dialog import SettingsDialog
from seller_gui.ui.tagging import TaggingDialog

UNKNOWN_LAYOUT = ("伝票ID,受付日,進捗,品番,商品,数量,メモ\n"
                  "A-001,2024/05/01 10:00,発送済み,SKU-1,マグカップ,1,\n"
                  "A-002,2024/05/02 11:00,キャンセル,SKU-2,ガラス皿,2,在庫切れ\n"
                  "A-003,2024/05/03 12:00,未発送,SKU-1,マグカップ,1,\n")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("dialog", choices=("settings", "mapping", "tagging", "alternatives"))
    parser.add_argument("--lang", choices=("zh", "ja", "en"), default="zh")
    args = parser.parse_args()
    app = application(sys.argv[:1])
    catalog = load_catalog(args.lang)
    folder = Path(tempfile.mkdtemp(prefix="seller-gui-shot-"))
    store_path = folder / "store.sqlite3"
    if args.dialog == "settings":
        settings = SellerSettings(rule_overrides={"aupay": {"limit": 0.05}})
        settings.profile.shop_name = "ハッピー雑貨店"
        settings.profile.person = "王 芳"
        settings.profile.email = "shop@example.jp"
        dialog = SettingsDialog(catalog, settings, default_rules(), lambda s: None)
    elif args.dialog == "mapping":
        path = folder / "注文一覧.csv"
        path.write_text(UNKNOWN_LAYOUT, encoding="utf-8")
        dialog = MappingDialog(catalog, read_table(path), MappingStore(folder / "mappings.json"))
        dialog.choose("order_id", "伝票ID")
        dialog.choose("status", "進捗")
        dialog.choose("ordered_at", "進捗")
        dialog.accept()  # shows the "used twice" message
    elif args.dialog == "tagging":
        frame = pd.read_csv(demo_path(), encoding="cp932", dtype=str, keep_default_na=False)
        frame.loc[frame["orderId"] == "34001001", "cancelReason"] = "在庫調整のため"
        orders = folder / "aupay-orders.csv"
        frame.to_csv(orders, index=False, encoding="cp932")
        dialog = TaggingDialog(catalog, summarise([orders], Seller()), store_path)
        dialog.order_table.selectRow(0)
    else:
        with Store(store_path) as store:
            store.set_alternatives("HB-1001", [Alternative("北欧風 マグカップ 450ml",
                                                           "https://shop.example.jp/items/mug-450"),
                                               Alternative("ガラス マグ 300ml", "")])
        dialog = AlternativesDialog(catalog, store_path, ["HB-1001", "HB-2002", "KT-3003"])
    dialog.move(40, 30)
    dialog.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())

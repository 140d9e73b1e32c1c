"""Write every draft kind for every marketplace, as text, into docs/drafts/ (from the real renderer).

    python scripts/write_draft_docs.py [OUT_FOLDER]     (default: docs/drafts)

Inputs: the bundled au PAY demo (its file has cancel reasons; three cancellations are of unknown cause)
and invented Rakuten, Yahoo!, Amazon, Qoo10 and Mercari exports whose files have no cancel-reason column,
so every cancellation in them is of unknown cause (tests/core/draft_samples.py). For each marketplace:
the reply with the unknown causes reported as under investigation (and what the command line says
without that decision), the reply once the seller has tagged them, the seed's notice answered point
by point (au PAY), and the three notices to a buyer. Each file starts with the equivalent command.
"""

from __future__ import annotations

import io
import sys
import tempfile
from dataclasses import replace
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from seller_gui.cli.draft import DraftRequest, build_drafts, choices_from
from seller_gui.core.drafting.templates import Draft, NoticeAsk, NoticeRef, ShopProfile
from seller_gui.core.pipeline import Seller, summarise
from seller_gui.core.storage.store import Store
from seller_gui.resources_path import resource
from tests.core.draft_samples import AS_OF, write_samples

SHOP = ShopProfile(shop_name="華彩生活館", person="王 偉", email="support@huacai.example", phone="03-1234-5678")
SIGN = "--shop 華彩生活館 --person '王 偉' --email support@huacai.example --phone 03-1234-5678"
SEED_NOTICE = NoticeRef(
    "aupay", "warning", topic="seller_cancellations", sent_on=date(2026, 9, 28), member_number="12******",
    asks=(NoticeAsk("stock_management",
                    "欠品とならない様に「在庫管理」を徹底し、在庫(予定在庫)の無い商品を販売しない。"),
          NoticeAsk("delay_notice", "万が一、配送納期の遅延が発生する場合は、迅速にお客様へご案内いただく。")))


def show(draft: Draft) -> str:
    rule = "=" * 72
    return (f"{rule}\n件名：{draft.subject}\n\n{draft.body}\n\n{rule}\n[中文对照] {draft.subject_zh}\n\n"
            f"{draft.gloss('zh')}\n\n{rule}\n[English gloss] {draft.subject_en}\n\n{draft.gloss('en')}\n")


def write(out: Path, name: str, command: str, note: str, request: DraftRequest) -> list[Draft]:
    drafts, file_problems, problems = build_drafts(request)
    text = io.StringIO()
    text.write(f"# {note}\n# $ seller-gui {command}\n")
    for line in file_problems + problems:
        text.write(f"# stderr: {line}\n")
    text.write("\n")
    for draft in drafts[:1]:
        text.write(show(draft))
    (out / name).write_text(text.getvalue(), encoding="utf-8")
    return drafts


def tag_unknown_as_seller(path: Path, store_path: Path) -> Seller:
    """What the seller does in Cause tagging: every unknown-cause cancellation marked as the shop's."""
    summary = summarise([path], Seller(), as_of=AS_OF)
    with Store(store_path) as store:
        for key in summary.figures:
            frame = summary.orders_behind(key, "cancelled")
            for order_id in sorted(set(frame.loc[frame["order_cause"] == "unknown", "order_id"])):
                store.set_cause_tag(key.split("/")[0], str(order_id), "seller")
    return Seller(store_path=store_path)


def first_cancelled(path: Path, seller: Seller) -> str:
    summary = summarise([path], seller, as_of=AS_OF)
    key = next(iter(summary.figures))
    return str(summary.orders_behind(key, "cancelled")["order_id"].iloc[0])


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[1] / "docs" / "drafts"
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        files = {"aupay": resource("demo", "aupay-demo-orders.csv"), **write_samples(work / "exports")}
        for marketplace, path in files.items():
            shown = "aupay-demo-orders.csv" if marketplace == "aupay" else path.name
            base = DraftRequest("reply", [path], as_of=AS_OF, shop=SHOP, seller=Seller())
            asked = f"draft reply {shown} --as-of {AS_OF} {SIGN}"
            causes = ["timesale_stock"] if marketplace == "aupay" else []
            choices = choices_from(causes, [], ["safety_stock", "sync_interval:minutes=15", "weekly_review"],
                                   True, [])
            cause_args = " --cause timesale_stock" if causes else ""
            write(out, f"{marketplace}-reply-unknown-causes.txt",
                  f"{asked}{cause_args} --unknown-investigating --measure safety_stock "
                  "--measure sync_interval:minutes=15 --measure weekly_review",
                  f"{marketplace}: reply with cancellations of unknown cause reported as under investigation "
                  "(the line above is what the same command says without --unknown-investigating)",
                  replace(base, choices=choices))
            _, _, refused = build_drafts(base)
            text = (out / f"{marketplace}-reply-unknown-causes.txt").read_text(encoding="utf-8")
            head = "".join(f"# without a decision, stderr: {line}\n" for line in refused)
            (out / f"{marketplace}-reply-unknown-causes.txt").write_text(head + text, encoding="utf-8")

            tagged = tag_unknown_as_seller(path, work / f"{marketplace}-store.sqlite3")
            chosen = choices_from(["supplier_stockout"], ["stock_corrected", "contacted_buyers"],
                                  ["safety_stock", "supplier_check", "daily_rate_check"], False, [])
            write(out, f"{marketplace}-reply-causes-tagged.txt",
                  f"{asked} --cause supplier_stockout --done stock_corrected --done contacted_buyers "
                  "--measure safety_stock --measure supplier_check --measure daily_rate_check",
                  f"{marketplace}: reply after the seller tagged every unknown-cause cancellation as the shop's "
                  "(Cause tagging); causes, actions and measures as the seller chose them",
                  replace(base, seller=tagged, choices=chosen))

            write(out, f"{marketplace}-stockout.txt",
                  f"draft stockout {shown} --as-of {AS_OF} {SIGN} --reason supplier_stockout",
                  f"{marketplace}: out-of-stock notice to a buyer with nothing to offer but a refund "
                  "(no restock date, no alternative given), first order at risk",
                  replace(base, kind="stockout", reason="supplier_stockout"))
            write(out, f"{marketplace}-stockout-with-options.txt",
                  f"draft stockout {shown} --as-of {AS_OF} {SIGN} --reason supplier_stockout "
                  "--restock 2026-10-12 --reply-by 2026-10-04 "
                  "--alternative '今治タオル フェイス 3枚組|https://example.jp/item/t-103'",
                  f"{marketplace}: out-of-stock notice with a restock date and an alternative the seller gave",
                  replace(base, kind="stockout", reason="supplier_stockout", restock=date(2026, 10, 12),
                          reply_by=date(2026, 10, 4),
                          alternatives=(("今治タオル フェイス 3枚組", "https://example.jp/item/t-103"),)))
            write(out, f"{marketplace}-delay-dates-missing.txt",
                  f"draft delay {shown} --as-of {AS_OF} {SIGN} --reason overseas_warehouse",
                  f"{marketplace}: delay notice without the new dates: refused, the dates are asked for",
                  replace(base, kind="delay", reason="overseas_warehouse"))
            write(out, f"{marketplace}-delay.txt",
                  f"draft delay {shown} --as-of {AS_OF} {SIGN} --reason overseas_warehouse "
                  "--ship-date 2026-10-03 --arrival 2026-10-06",
                  f"{marketplace}: delay notice with the dates the seller gave, first order at risk",
                  replace(base, kind="delay", reason="overseas_warehouse", ship_date=date(2026, 10, 3),
                          arrival=date(2026, 10, 6)))
            order = first_cancelled(path, Seller())
            write(out, f"{marketplace}-cancel.txt",
                  f"draft cancel {shown} --as-of {AS_OF} {SIGN} --order {order} --reason stockout "
                  "--payment credit_card",
                  f"{marketplace}: cancellation notice for a cancelled order",
                  replace(base, kind="cancel", orders=(order,), reason="stockout", payment="credit_card"))
        demo = files["aupay"]
        choices = choices_from(["timesale_stock"], ["timesale_fixed", "stock_corrected"],
                               ["safety_stock", "presale_double_check", "delay_contact:hours=24"], True, [])
        write(out, "aupay-reply-to-the-seed-notice.txt",
              f"draft reply aupay-demo-orders.csv --as-of {AS_OF} {SIGN} --notice seed-notice.txt "
              "--cause timesale_stock --done timesale_fixed --done stock_corrected --measure safety_stock "
              "--measure presale_double_check --measure delay_contact:hours=24 --unknown-investigating",
              "aupay: the reply answering the seed's warning (two asks: stock management, delay notices), "
              "point by point (the notice as the notice reader gives it: a NoticeRef)",
              DraftRequest("reply", [demo], as_of=AS_OF, shop=SHOP, seller=Seller(), choices=choices,
                           notice=SEED_NOTICE))
    for path in sorted(out.glob("*.txt")):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

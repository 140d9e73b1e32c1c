"""``seller-gui draft``: drafts from the command line, from the same facts and choices as the panel.

Nothing is claimed for the seller: causes (``--cause``), what was done (``--done``), measures
(``--measure``), a notice's reason (``--reason``) and the dates only the seller knows are given as
options; a draft that needs one it was not given is not printed, and stderr names the option (exit 2).
``seller-gui draft options`` lists the ids with their zh/en/ja labels.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import TextIO

import pandas as pd

from seller_gui.cli.report import say
from seller_gui.core.analysis.orders import parse_as_of
from seller_gui.core.drafting.facts import (
    DEMO_SHOP,
    ReplyChoices,
    notice_facts,
    reference_day,
    reply_facts,
)
from seller_gui.core.drafting.render import ask_answered_by, checklist_label, render, to_json
from seller_gui.core.drafting.templates import (
    CHECKLISTS,
    KINDS,
    Alternative,
    Draft,
    DraftValuesMissing,
    NoticeRef,
    ShopProfile,
    Tick,
    format_param,
    load_templates,
    parse_param,
)
from seller_gui.core.pipeline import OrderKey, Seller, Summary, summarise
from seller_gui.resources_path import resource

# The option that supplies each value a draft may lack.
OPTION_FOR = {
    "shop.shop_name": "--shop", "shop.person": "--person", "reason": "--reason ID",
    "payment_method": "--payment ID", "amount": "--amount YEN", "new_ship_date": "--ship-date DATE",
    "expected_arrival": "--arrival DATE", "ship_by": "--ship-by DATE", "reply_by": "--reply-by DATE",
    "ordered_at": "(the file has no order date)", "item_name": "(the file has no item name)",
    "buyer_name": "(the file has no buyer name)",
    "unknown_causes": "--unknown-investigating to report them as under investigation, or tag their "
                      "causes in the window (Tools > Cause tagging)",
    "causes": "--cause ID", "actions": "--done ID", "measures": "--measure ID",
    "seller_cancel_rate": "the period has no orders this file can rate: choose another --as-of or "
                          "--from/--to, or give an all-orders report",
}
# Which list a --cause / --done / --measure id may name (--measure takes monitoring items too).
OPTION_LISTS = {"--cause": ("causes",), "--done": ("actions",), "--measure": ("measures", "monitoring")}


@dataclass(frozen=True)
class DraftRequest:
    kind: str
    paths: list[Path]
    as_of: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    orders: tuple[str, ...] = ()
    gloss: str = "zh"
    as_json: bool = False
    shop: ShopProfile = field(default_factory=ShopProfile)
    reason: str | None = None
    payment: str | None = None
    restock: date | None = None  # stockout: offer to ship on restock, expected on this day
    alternatives: tuple[Alternative, ...] = ()  # stockout: items offered instead
    seller: Seller | None = None  # the seller's data (the CLI: from disk unless --no-store)
    choices: ReplyChoices = field(default_factory=ReplyChoices)  # the reply's causes, actions, measures
    ship_date: date | None = None  # delay: the new ship date
    arrival: date | None = None  # delay: the expected arrival
    ship_by: date | None = None  # delay: the original ship date, when the file has none
    reply_by: date | None = None  # stockout: the day the buyer should answer by
    amount: int | None = None  # cancel: the refund, when the file has no amount
    notice: NoticeRef | None = None  # the marketplace notice the reply answers (--notice)


def is_demo(paths: Sequence[Path]) -> bool:
    demo = resource("demo", "aupay-demo-orders.csv").resolve()
    return bool(paths) and all(Path(p).resolve() == demo for p in paths)


def _window(request: DraftRequest) -> tuple[str | None, int | None]:
    if request.date_to is None and request.date_from is None:
        return request.as_of, None
    end = parse_as_of(request.date_to) if request.date_to else parse_as_of(request.as_of or datetime.now())
    if request.date_to and len(request.date_to.strip()) <= 10:  # a date means the end of that day
        end = end + pd.Timedelta(days=1) - pd.Timedelta(seconds=1)
    days = None
    if request.date_from:
        days = max(1, (end.normalize() - parse_as_of(request.date_from).normalize()).days + 1)
    return end.isoformat(), days


def _needs(name: str) -> str:
    if name.startswith("ask."):
        code = name[4:]
        ids = ask_answered_by(code)
        tick = f"--measure or --done (one of: {', '.join(ids)}) or " if ids else ""
        return f"an answer to the notice's ask {code!r} ({tick}--answer {code}=TEXT)"
    if "[" in name:  # measures[sync_interval].minutes
        item, _, param = name.partition("[")[2].partition("].")
        return f"{param} for {item} (--measure {item}:{param}=VALUE)"
    option = OPTION_FOR.get(name, "not known")
    if name == "unknown_causes":
        return f"a decision on the cancellations of unknown cause ({option})"
    return f"{name} ({option})"


def build_drafts(request: DraftRequest) -> tuple[list[Draft], list[str], list[str]]:
    """(drafts, problems with files, problems with drafts) for one request."""
    as_of, window_days = _window(request)
    seller = request.seller or Seller()
    summary = summarise(request.paths, seller, as_of=as_of, window_days=window_days, keep_lines=True)
    file_problems = [f"{e.path}: {e.detail}" for e in summary.failures]
    if not summary.figures:
        return [], file_problems or ["no order export among the files (a stock list alone has no orders)"], []
    demo = is_demo(request.paths)
    today = reference_day(summary, demo=demo, explicit=as_of is not None)
    shop = _signature(request.shop, seller)
    if demo and not shop.shop_name:
        shop = DEMO_SHOP
    drafts: list[Draft] = []
    problems: list[str] = []

    def attempt(facts, label: str) -> None:
        try:
            drafts.append(render(request.kind, facts))
        except DraftValuesMissing as missing:
            problems.append(f"{label}: the draft needs " + "; ".join(_needs(n) for n in missing.fields))
        except ValueError as error:
            problems.append(f"{label}: {error}")

    if request.kind == "reply":
        keys = list(summary.figures)
        if request.notice is not None:  # a notice is from one marketplace: answer it there
            keys = [k for k in keys if k.split("/")[0] == request.notice.marketplace] or keys
        for key in keys:
            facts = reply_facts(summary, key, shop, today=today, choices=request.choices,
                                order_ids=list(request.orders), notice=request.notice)
            attempt(facts, f"reply for {key}")
        return drafts, file_problems, problems

    orders = _orders_named(summary, request.orders) if request.orders else \
        _default_orders(summary, request.kind)
    if not orders:
        problems.append(f"no order to write a {request.kind} notice for: name one with --order ID "
                        + ("(without it, cancel notices go to the seller-cancelled orders)"
                           if request.kind == "cancel" else "(without it, notices go to the orders at risk)"))
    for order in orders:
        if isinstance(order, str):
            problems.append(f"order {order}: not found in the files")
            continue
        facts = notice_facts(request.kind, summary.lines_of(order), shop, today=today)
        given = {"reason": request.reason, "payment_method": request.payment,
                 "new_ship_date": request.ship_date, "expected_arrival": request.arrival,
                 "reply_by": request.reply_by, "amount": request.amount}
        facts = replace(facts, **{k: v for k, v in given.items() if v is not None},
                        ship_by=facts.ship_by or request.ship_by,
                        offer_restock=request.restock is not None, restock_date=request.restock,
                        alternatives=list(request.alternatives) or facts.alternatives)
        attempt(facts, f"{request.kind} for order {order.order_id} ({order.marketplace})")
    return drafts, file_problems, problems


def _signature(given: ShopProfile, seller: Seller) -> ShopProfile:
    """Who signs: the seller's saved profile, each value given on the command line winning."""
    saved = seller.settings.profile
    return replace(saved, **{name: value for name, value in vars(given).items() if value})


def _keys(frame: pd.DataFrame) -> list[OrderKey]:
    if frame.empty:
        return []
    columns = frame[["marketplace", "shop", "order_id"]].astype(str)
    return list(dict.fromkeys(OrderKey(*row) for row in columns.itertuples(index=False, name=None)))


def _orders_named(summary: Summary, order_ids: Sequence[str]) -> list[OrderKey | str]:
    """Each --order number as the orders that carry it (one per marketplace and shop), or the number
    itself when no file has it."""
    found: list[OrderKey | str] = []
    for order_id in order_ids:
        keys = _keys(summary.lines[summary.lines["order_id"] == order_id])
        found += keys or [order_id]
    return found


def _default_orders(summary: Summary, kind: str) -> list[OrderKey]:
    """Without --order: every order at risk (stockout, delay) or every seller-cancelled order (cancel)."""
    if kind != "cancel":
        return _keys(summary.at_risk)
    keys: list[OrderKey] = []
    for (_, figure), frame in summary.behind.items():
        if figure == "cancelled" and len(frame):
            keys += _keys(frame[frame["order_cause"] == "seller"])
    return list(dict.fromkeys(keys))


def format_draft(draft: Draft, gloss: str) -> str:
    rule = "-" * 60
    text = f"{rule}\n件名：{draft.subject}\n\n{draft.body}\n"
    if gloss in ("zh", "en"):
        subject_gloss = draft.subject_zh if gloss == "zh" else draft.subject_en
        text += f"\n[{gloss}] {subject_gloss}\n\n{draft.gloss(gloss)}\n"
    return text


def run_draft(request: DraftRequest, *, stdout: TextIO | None, stderr: TextIO | None) -> int:
    """Print the drafts; one stderr line per problem; exit status 2 when anything could not be done."""
    drafts, file_problems, problems = build_drafts(request)
    for line in file_problems + problems:
        say(stderr, line + "\n")
    if request.as_json:
        payload = [to_json(d) for d in drafts]
        single = request.kind == "reply" and len(payload) == 1 or len(request.orders) == 1 and payload
        say(stdout, json.dumps(payload[0] if single else payload, ensure_ascii=False, indent=2) + "\n")
    else:
        for draft in drafts:
            say(stdout, format_draft(draft, request.gloss))
    return 2 if file_problems or problems or not drafts else 0


# ---------------------------------------------------------------------------------------------------
# The command line.


class OptionError(ValueError):
    """A choice on the command line names nothing we know (exit 2, naming the option)."""


def parse_measure(text: str) -> tuple[str, dict[str, object]]:
    """``safety_stock`` or ``sync_interval:minutes=10`` (several params joined by commas)."""
    item_id, _, params = text.partition(":")
    values: dict[str, object] = {}
    for part in filter(None, (p.strip() for p in params.split(","))):
        name, sep, value = part.partition("=")
        if not sep:
            raise OptionError(f"--measure {text}: write a value as NAME=VALUE (e.g. minutes=10)")
        try:
            values[name.strip()] = parse_param(name.strip(), value)
        except ValueError as error:
            raise OptionError(f"--measure {text}: {error}") from error
    return item_id.strip(), values


def choices_from(causes: Sequence[str], done: Sequence[str], measures: Sequence[str],
                 investigating: bool, answers: Sequence[str]) -> ReplyChoices:
    """The seller's choices as the options name them; an unknown id or param raises ``OptionError``."""
    checklists = load_templates().checklists
    picked: dict[str, list] = {name: [] for name in CHECKLISTS}
    for option, texts in (("--cause", causes), ("--done", done), ("--measure", measures)):
        for text in texts:
            item_id, values = parse_measure(text) if option == "--measure" else (text.strip(), {})
            list_name = checklists.list_of(item_id)
            if list_name not in OPTION_LISTS[option]:
                known = ", ".join(i.id for name in OPTION_LISTS[option] for i in getattr(checklists, name))
                raise OptionError(f"{option} {item_id}: unknown id (one of: {known}; "
                                  "see seller-gui draft options)")
            item = checklists.item(list_name, item_id)
            unknown = sorted(set(values) - set(item.params))
            if unknown:
                raise OptionError(f"--measure {text}: {item_id} has no {', '.join(unknown)} "
                                  f"(it takes: {', '.join(item.params) or 'no values'})")
            picked[list_name].append(Tick(item_id, None, values) if list_name in ("measures", "monitoring")
                                     else item_id)
    ask_answers = {}
    for text in answers:
        code, sep, words = text.partition("=")
        if not sep or not words.strip():
            raise OptionError(f"--answer {text}: write it as CODE=TEXT")
        ask_answers[code.strip()] = words.strip()
    return ReplyChoices(picked["causes"], picked["actions"], picked["measures"], picked["monitoring"],
                        investigating, ask_answers)


def draft_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="seller-gui draft", description="Japanese drafts with a Chinese or English gloss. "
        "`seller-gui draft options` lists the ids the choices take.")
    parser.add_argument("kind", choices=KINDS)
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE")
    parser.add_argument("--as-of", help="ISO date-time; without an offset it means Japan time")
    parser.add_argument("--from", dest="date_from", metavar="DATE", help="first day of the reply's period")
    parser.add_argument("--to", dest="date_to", metavar="DATE", help="last day of the reply's period")
    parser.add_argument("--order", action="append", default=[], metavar="ID",
                        help="order number (repeat for several); notices default to every order at risk")
    parser.add_argument("--gloss", choices=("zh", "en", "none"), default="zh")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--no-store", action="store_true",
                        help="ignore the tags, settings and mappings the window keeps")
    shop = parser.add_argument_group("who signs (the window's settings hold these)")
    shop.add_argument("--shop", default="", help="shop name")
    shop.add_argument("--person", default="", help="person in charge")
    shop.add_argument("--email", default="")
    shop.add_argument("--phone", default="")
    shop.add_argument("--shop-id", default="")
    reply = parser.add_argument_group("the reply: what you choose (nothing is claimed without it)")
    reply.add_argument("--cause", action="append", default=[], metavar="ID", help="a cause (repeat)")
    reply.add_argument("--done", action="append", default=[], metavar="ID",
                       help="an action already taken (repeat)")
    reply.add_argument("--measure", action="append", default=[], metavar="ID[:NAME=VALUE]",
                       help="a measure or monitoring item, e.g. sync_interval:minutes=10 (repeat)")
    reply.add_argument("--unknown-investigating", "--investigating", action="store_true",
                       help="report cancellations of unknown cause as under investigation (原因を確認中)")
    reply.add_argument("--answer", action="append", default=[], metavar="CODE=TEXT",
                       help="your own answer to one ask of the marketplace's notice")
    notices = parser.add_argument_group("notices to a buyer: what only you know")
    notices.add_argument("--reason", help="reason id of the notice (see draft options)")
    notices.add_argument("--payment", help="payment method id for a cancel notice")
    notices.add_argument("--amount", type=int, metavar="YEN", help="cancel: the refund, if the file has none")
    notices.add_argument("--ship-date", type=date.fromisoformat, metavar="DATE", help="delay: new ship date")
    notices.add_argument("--arrival", type=date.fromisoformat, metavar="DATE", help="delay: expected arrival")
    notices.add_argument("--ship-by", type=date.fromisoformat, metavar="DATE",
                         help="delay: the original ship date, if the file has none")
    notices.add_argument("--reply-by", type=date.fromisoformat, metavar="DATE",
                         help="stockout: the day the buyer should answer by")
    notices.add_argument("--restock", type=date.fromisoformat, metavar="DATE",
                         help="stockout: offer to ship on restock, expected then")
    notices.add_argument("--alternative", action="append", default=[], metavar="NAME|URL",
                         help="stockout: an item offered instead (repeat for several)")
    parser.add_argument("--notice", metavar="NOTICE",
                        help="reply: the marketplace's notice (a .txt or .eml file, or -) to answer point by point")
    return parser


def request_from(args: argparse.Namespace, seller: Seller) -> DraftRequest:
    """The request the parsed options describe (raises ``OptionError`` for an unknown id).

    A reply answering a marketplace notice takes it as ``args.notice_ref`` (a ``NoticeRef``, made by
    the notice reader from ``--notice FILE``); the reply then answers its asks point by point."""
    shop = ShopProfile(shop_name=args.shop, person=args.person, email=args.email, phone=args.phone,
                       shop_id=args.shop_id)
    alternatives = tuple(Alternative(*(part.strip() for part in text.split("|", 1)))
                         for text in args.alternative if "|" in text)
    choices = choices_from(args.cause, args.done, args.measure, args.unknown_investigating, args.answer)
    return DraftRequest(
        args.kind, args.files, args.as_of, args.date_from, args.date_to, tuple(args.order), args.gloss,
        args.json, shop, args.reason, args.payment, args.restock, alternatives, seller, choices,
        ship_date=args.ship_date, arrival=args.arrival, ship_by=args.ship_by, reply_by=args.reply_by,
        amount=args.amount, notice=getattr(args, "notice_ref", None))


def run_draft_command(argv: list[str]) -> int:
    """``seller-gui draft ...`` and ``seller-gui draft options``."""
    if argv[:1] == ["options"]:
        return print_options(as_json="--json" in argv[1:], stdout=sys.stdout)
    args = draft_parser().parse_args(argv)
    if args.notice:
        from seller_gui.cli.notice import load_notice_ref
        from seller_gui.core.i18n import Message
        from seller_gui.core.notices import NoticeFileError

        try:
            args.notice_ref = load_notice_ref(args.notice)
        except NoticeFileError as error:
            say(sys.stderr, f"{args.notice}: {Message(error.code).explain('en')}\n")
            return 2
        if not args.notice_ref.asks and not args.notice_ref.plan_of_action:  # as the notice tab says
            say(sys.stderr, f"{args.notice}: this notice ({args.notice_ref.kind}) asks for nothing, so there "
                            "is no reply to write; without --notice you get the general report\n")
            return 2
    seller = Seller() if args.no_store else Seller.from_disk()
    try:
        request = request_from(args, seller)
    except OptionError as error:
        say(sys.stderr, f"{error}\n")
        return 2
    return run_draft(request, stdout=sys.stdout, stderr=sys.stderr)


def options_table() -> dict[str, list[dict[str, object]]]:
    """Every id a choice option takes, with its label in each language (values at their defaults)."""
    templates = load_templates()
    table: dict[str, list[dict[str, object]]] = {}
    for option, lists in OPTION_LISTS.items():
        rows = []
        for list_name in lists:
            for item in getattr(templates.checklists, list_name):
                row: dict[str, object] = {"id": item.id}
                shown_for = "aupay" if item.requires else "generic"  # an item some marketplaces lack
                row.update({lang: checklist_label(item, lang, shown_for) for lang in ("zh", "en", "ja")})
                if item.params:
                    row["values"] = {p: format_param(p, item.defaults.get(p, "")) for p in item.params}
                rows.append(row)
        table[option] = rows
    for kind in KINDS:
        for name, choices in templates.kinds[kind].choices.items():
            option = "--reason" if name == "reason" else "--payment"
            table.setdefault(f"{option} ({kind})", []).extend(
                {"id": cid, **{lang: text[lang] for lang in ("zh", "en", "ja")}} for cid, text in choices.items())
    table["--answer (ask codes)"] = [
        {"id": code, **{lang: ask.heading[lang] for lang in ("zh", "en", "ja")},
         "answered_by": list(ask.answered_by)} for code, ask in templates.asks.items()]
    return table


def print_options(*, as_json: bool, stdout: TextIO | None) -> int:
    table = options_table()
    if as_json:
        say(stdout, json.dumps(table, ensure_ascii=False, indent=2) + "\n")
        return 0
    out = []
    for option, rows in table.items():
        out.append(f"{option}")
        for row in rows:
            values = row.get("values")
            extra = "  (" + ", ".join(f"{k}={v}" for k, v in values.items()) + ")" if values else ""
            out.append(f"  {row['id']}{extra}")
            out += [f"      {lang}: {row[lang]}" for lang in ("zh", "en", "ja")]
        out.append("")
    say(stdout, "\n".join(out))
    return 0

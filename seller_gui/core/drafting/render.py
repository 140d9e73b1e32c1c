"""Fill a template with facts (Jinja2, strict): the Japanese text and its glosses, or what is missing.

A value the draft needs but the facts lack is never rendered blank: ``missing_fields`` names it so
the UI can ask for it, and ``render`` raises ``DraftValuesMissing``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextvars import ContextVar
from dataclasses import fields
from datetime import date, datetime, time
from functools import lru_cache
from typing import Any

from jinja2 import Environment, StrictUndefined, Template, Undefined, pass_context
from jinja2.runtime import Context

from seller_gui.core.drafting.templates import (
    CHECKLISTS,
    KANA,
    KANA_STAND_IN,
    KINDS,
    LANGS,
    Alternative,
    Breakdown,
    ChecklistItem,
    Draft,
    DraftValuesMissing,
    KindTemplate,
    NoticeFacts,
    NoticeRef,
    Paragraph,
    ReplyFacts,
    ShopProfile,
    TemplateSet,
    Tick,
    load_templates,
)

_CIRCLED = "①②③④⑤⑥⑦⑧⑨"
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")
_HONORIFICS = ("様", "さま", "殿")



def _as_date(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def format_date_ja(value: date | datetime) -> str:
    """2026年10月31日."""
    d = _as_date(value)
    return f"{d.year}年{d.month}月{d.day}日"


def format_date_en(value: date | datetime) -> str:
    """31 October 2026."""
    d = _as_date(value)
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"


def format_rate(rate: float) -> str:
    """A fraction as a percentage with one decimal: 0.0556 -> 5.6%."""
    return f"{float(rate) * 100:.1f}%"


def format_count(value: int) -> str:
    """Thousands with commas: 12800 -> 12,800 (yen and counts)."""
    return f"{int(value):,}"


def _as_time(value: time | str) -> time:
    return value if isinstance(value, time) else time.fromisoformat(str(value).strip())


def format_time_ja(value: time | str) -> str:
    """10時, 10時30分 (a time of day, or "HH:MM")."""
    t = _as_time(value)
    return f"{t.hour}時{t.minute}分" if t.minute else f"{t.hour}時"


def format_time_hm(value: time | str) -> str:
    """10:00."""
    t = _as_time(value)
    return f"{t.hour}:{t.minute:02d}"


def _passing_undefined(fn: Any) -> Any:
    def filter_(value: Any, *args: Any) -> Any:
        return value if isinstance(value, Undefined) else fn(value, *args)
    return filter_


class _RecordingUndefined(Undefined):
    """Lenient undefined for ``missing_fields``: every use of a missing value is written down."""

    __slots__ = ()

    def _record(self) -> None:
        sink = _SINK.get()
        if sink is not None and self._undefined_name is not None:
            sink.append(self._undefined_name)

    def _fail_with_undefined_error(self, *args: Any, **kwargs: Any) -> Any:
        self._record()
        return self

    def __getattr__(self, name: str) -> Any:
        if name[:2] == "__":
            raise AttributeError(name)
        return self._fail_with_undefined_error()

    def __str__(self) -> str:
        self._record()
        return ""

    def __iter__(self) -> Iterator[Any]:
        self._record()
        return iter(())

    def __bool__(self) -> bool:
        self._record()
        return False

    def __len__(self) -> int:
        self._record()
        return 0


_SINK: ContextVar[list[str] | None] = ContextVar("draft_missing_sink", default=None)


@pass_context
def _finalize(context: Context, value: Any) -> Any:
    # A Chinese gloss never quotes Japanese kana (DESIGN): it points to the original instead.
    if context.get("_lang") == "zh" and isinstance(value, str) and KANA.search(value):
        return KANA_STAND_IN
    return value


def _environment(undefined: type[Undefined]) -> Environment:
    env = Environment(undefined=undefined, autoescape=False, trim_blocks=True, lstrip_blocks=True,
                      keep_trailing_newline=False, finalize=_finalize)
    env.filters.update(jdate=_passing_undefined(format_date_ja), edate=_passing_undefined(format_date_en),
                       pct=_passing_undefined(format_rate), comma=_passing_undefined(format_count),
                       jtime=_passing_undefined(format_time_ja), hm=_passing_undefined(format_time_hm))
    return env


_ENVIRONMENTS = {True: _environment(StrictUndefined), False: _environment(_RecordingUndefined)}


@lru_cache(maxsize=1024)
def _compiled(strict: bool, source: str) -> Template:
    return _ENVIRONMENTS[strict].from_string(source)


@lru_cache(maxsize=256)
def _compiled_expression(strict: bool, source: str) -> Any:
    return _ENVIRONMENTS[strict].compile_expression(source)


class _Renderer:
    """Renders template text strictly (``render``) or while recording what is missing."""

    def __init__(self, strict: bool) -> None:
        self.strict = strict
        self.missing: list[str] = []

    def _run(self, call: Any, prefix: str, params: Sequence[str]) -> Any:
        if self.strict:
            return call()
        sink: list[str] = []
        token = _SINK.set(sink)
        try:
            result = call()
        finally:
            _SINK.reset(token)
        self.missing.extend(prefix + name if name in params else name for name in sink)
        return result

    def text(self, source: str, context: Mapping[str, Any], lang: str, prefix: str = "",
             params: Sequence[str] = ()) -> str:
        template = _compiled(self.strict, source)
        rendered = self._run(lambda: template.render({**context, "_lang": lang}), prefix, params)
        return _tidy(rendered)

    def test(self, expression: str, context: Mapping[str, Any]) -> bool:
        compiled = _compiled_expression(self.strict, expression)
        return bool(self._run(lambda: compiled(**context), "", ()))


def _tidy(text: str) -> str:
    # One paragraph has no blank line inside: blank lines separate paragraphs in the body.
    return "\n".join(line.rstrip(" ") for line in text.splitlines() if line.strip(" \t"))


# ---------------------------------------------------------------------------------------------------
# From facts to the template context.

_SHOP_FIELDS = {f.name for f in fields(ShopProfile)}
# ReplyFacts fields that reach the template in a shape of their own (_reply_context).
_NOT_PLAIN = frozenset({"breakdown", "notice", "ask_answers", "causes", "actions", "measures", "monitoring",
                        "order_ids"})
# A period that ends more than this many days before the report date is said to (stale data).
STALE_DAYS = 7


def _known(value: Any) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, datetime):
        return value.date()
    return value


def _context(kind_t: KindTemplate, facts: ReplyFacts | NoticeFacts, templates: TemplateSet,
             renderer: _Renderer) -> dict[str, Any]:
    expected = ReplyFacts if kind_t.facts == "reply" else NoticeFacts
    if not isinstance(facts, expected):
        raise TypeError(f"The {kind_t.kind} draft takes {expected.__name__}, not {type(facts).__name__}")
    context: dict[str, Any] = {}
    for f in fields(facts):
        value = getattr(facts, f.name)
        if f.name in _NOT_PLAIN:
            continue
        if f.name == "shop":
            context.update({k: _clean(getattr(value, k)) for k in _SHOP_FIELDS
                            if _known(getattr(value, k))})
        elif _known(value):
            context[f.name] = _clean(value)

    if facts.marketplace not in templates.marketplaces:
        raise ValueError(f"Unknown marketplace {facts.marketplace!r}")
    context["mp"] = templates.marketplaces[facts.marketplace]

    for name, table in kind_t.choices.items():
        if name in context:
            if context[name] not in table:
                raise ValueError(f"Unknown {name} {context[name]!r} for a {kind_t.kind} draft "
                                 f"(known: {', '.join(table)})")
            context[name] = table[context[name]]

    if isinstance(facts, NoticeFacts):
        _notice_context(context, facts)
    else:
        _reply_context(context, facts, templates, renderer)

    for name in kind_t.required_lists:
        if not context.get(name):
            context.pop(name, None)
            renderer.missing.append(name)
    return context


def _notice_context(context: dict[str, Any], facts: NoticeFacts) -> None:
    if "buyer_name" in context:
        name = context["buyer_name"]
        for honorific in _HONORIFICS:
            name = name.removesuffix(honorific).rstrip(" \u3000")
        context["buyer_name"] = name
        if not name:
            context.pop("buyer_name")
    if facts.no_reply not in ("cancel", "restock"):
        raise ValueError(f"no_reply must be 'cancel' or 'restock', not {facts.no_reply!r}")
    if facts.no_reply == "restock" and not facts.offer_restock:
        raise ValueError("Shipping on restock without a reply needs the restock option offered")
    context["alternatives"] = [
        {k: _clean(v) for k, v in Alternative(*alt)._asdict().items() if _known(v)}
        for alt in facts.alternatives
    ]
    # The item as the notice names it: quoted when the file gives its name, else "the item".
    item = context.get("item_name")
    context["item_ref"] = ({"ja": f"「{item}」", "zh": f"“{item}”", "en": f'the "{item}"'} if item else
                           {"ja": "商品", "zh": "商品", "en": "the item"})
    # The buyer chooses only among options that exist; cancellation is always one of them.
    context["option_count"] = 1 + bool(facts.offer_restock) + bool(context["alternatives"])


def _reply_context(context: dict[str, Any], facts: ReplyFacts, templates: TemplateSet,
                   renderer: _Renderer) -> None:
    checklists = templates.checklists
    notice = facts.notice
    context["poa"] = bool(context["mp"].get("poa")) or bool(notice and notice.plan_of_action)
    context["unknown_cancelled"] = int(facts.unknown_cancelled or 0)
    context["stale"] = bool(facts.report_date and facts.period_end
                            and (_as_date(facts.report_date) - _as_date(facts.period_end)).days > STALE_DAYS)
    context["breakdown"] = _breakdown_context(facts.breakdown)
    context["order_ids"] = [str(o).strip() for o in facts.order_ids if str(o).strip()]
    chosen: set[str] = set()
    for list_name in CHECKLISTS:
        entries = []
        for raw in getattr(facts, list_name):
            tick = Tick(raw) if isinstance(raw, str) else raw
            item = checklists.item(list_name, tick.id)
            if item.requires and not _compiled_expression(True, item.requires)(**context):
                raise ValueError(f"The {list_name} item {item.id!r} does not apply to "
                                 f"{facts.marketplace!r}")
            entry = checklist_entry(item, tick, context, renderer, list_name)
            entries.append(entry)
            chosen.add(item.id)
        context[list_name] = entries

    # What the reply must have before it can be sent: nothing is claimed by default, so a list the
    # seller left empty is asked for rather than filled in.
    if context["unknown_cancelled"] and not facts.unknown_investigating:
        renderer.missing.append("unknown_causes")
    if not context["causes"] and context.get("seller_cancelled"):  # a confirmed cancellation has a cause
        renderer.missing.append("causes")
    if notice is not None and notice.plan_of_action and not context["actions"]:
        renderer.missing.append("actions")
    if not context["measures"]:
        renderer.missing.append("measures")
    context["points"] = _points(notice, facts.ask_answers, context, templates, chosen, renderer)
    # A measure already given as the answer to a point is not listed again, except in a plan of
    # action, whose prevention part stands on its own.
    poa = notice is not None and notice.plan_of_action
    answered = set() if poa else {line["id"] for point in context["points"] for line in point["lines"]}
    context["other_measures"] = [m for m in context["measures"] if m["id"] not in answered]
    context["measures_besides_points"] = bool(answered)
    if notice is not None:
        context["notice"] = {"subject": notice.subject.strip(), "member_number": notice.member_number.strip(),
                             **({"sent_on": _as_date(notice.sent_on)} if notice.sent_on else {})}


def checklist_entry(item: ChecklistItem, tick: Tick, context: Mapping[str, Any], renderer: _Renderer,
                    list_name: str) -> dict[str, Any]:
    """One ticked item in the three languages, its params filled in from the tick."""
    prefix = f"{list_name}[{tick.id}]."
    local = {**context, **item.defaults, **{k: v for k, v in tick.values.items() if _known(v)}}
    entry: dict[str, Any] = {"id": item.id}
    for lang in LANGS:
        entry[lang] = renderer.text(item.text(lang), local, lang, prefix, item.params)
    if list_name == "measures":
        start = tick.start or context.get("report_date")
        if start is None:
            renderer.missing.append(prefix + "start")
            entry["start"] = date.min  # stands in while listing what is missing
        else:
            entry["start"] = _as_date(start)
    return entry


def _breakdown_context(breakdown: Breakdown | None) -> dict[str, Any]:
    if breakdown is None:
        return {"total": 0, "days": [], "reasons": [], "skus": []}
    return {
        "total": breakdown.total,
        "days": [{"label": _as_date(d), "count": n} for d, n in breakdown.days],
        "days_other": breakdown.days_other,
        "reasons": [{"label": str(r).strip(), "count": n} for r, n in breakdown.reasons],
        "reasons_other": breakdown.reasons_other, "reasons_blank": breakdown.reasons_blank,
        "skus": [{"label": str(k), "count": n} for k, n in breakdown.skus],
        "skus_other": breakdown.skus_other, "skus_overlap": breakdown.skus_overlap,
    }


def _points(notice: NoticeRef | None, answers: Mapping[str, str], context: Mapping[str, Any],
            templates: TemplateSet, chosen: set[str], renderer: _Renderer) -> list[dict[str, Any]]:
    """One numbered point per ask of the notice, in its order, each answered from the seller's ticks
    (the items that answer that ask) or the seller's own words; an unanswered ask is missing."""
    if notice is None:
        return []
    by_id = {entry["id"]: entry for name in CHECKLISTS for entry in context[name]}
    points = []
    for n, ask in enumerate(notice.asks, start=1):
        known = templates.asks.get(ask.code)
        heading = dict(known.heading) if known else {
            "ja": "ご指摘の点について", "zh": "关于贵方指出的事项", "en": "The point you raised"}
        items = [by_id[i] for i in (known.answered_by if known else ()) if i in chosen]
        answer = str(answers.get(ask.code, "")).strip()
        see_above = ask.code == "plan_of_action" and bool(context["causes"] or context["unknown_cancelled"])
        if not (items or answer or see_above):
            renderer.missing.append(f"ask.{ask.code}")
        points.append({"n": n, "code": ask.code, "heading": heading, "quote": ask.quote.strip().lstrip("・•-–—*＊ 　"),
                       "lines": items, "answer": answer, "see_above": see_above})
    return points


def ask_answered_by(code: str, templates: TemplateSet | None = None) -> tuple[str, ...]:
    """The checklist ids that answer a notice's ask (empty: only the seller's own words answer it)."""
    known = (templates or load_templates()).asks.get(code)
    return known.answered_by if known else ()


def _field_path(name: str) -> str:
    return f"shop.{name}" if name in _SHOP_FIELDS else name


# ---------------------------------------------------------------------------------------------------
# Public entry points.


def _draft(kind: str, facts: ReplyFacts | NoticeFacts, templates: TemplateSet | None,
           renderer: _Renderer) -> Draft:
    if kind not in KINDS:
        raise ValueError(f"Unknown draft kind {kind!r} (known: {', '.join(KINDS)})")
    templates = templates or load_templates()
    kind_t = templates.kinds[kind]
    context = _context(kind_t, facts, templates, renderer)
    subject = {lang: renderer.text(kind_t.subject[lang], context, lang) for lang in LANGS}
    paragraphs = []
    counters: dict[str, int] = {}
    for p in kind_t.paragraphs:
        if p.when and not renderer.test(p.when, context):
            continue
        local = context
        if p.counter:
            counters[p.counter] = n = counters.get(p.counter, 0) + 1
            local = {**context, "n": n, "no": _CIRCLED[n - 1]}
        texts = {lang: renderer.text(p.text[lang], local, lang) for lang in LANGS}
        paragraphs.append(Paragraph(id=p.id, **texts))
    notice = kind != "reply"
    order_id = getattr(facts, "order_id", None) if notice else None
    return Draft(kind=kind, order_id=(order_id or None), subject=subject["ja"],
                 paragraphs=tuple(paragraphs), subject_zh=subject["zh"], subject_en=subject["en"],
                 marketplace=facts.marketplace if notice else "",
                 shop_label=getattr(facts, "shop_label", "") if notice else "")


def missing_fields(kind: str, facts: ReplyFacts | NoticeFacts,
                   templates: TemplateSet | None = None) -> list[str]:
    """The values this draft needs that ``facts`` lacks, as field paths (``reply_by``,
    ``shop.person``, ``measures[safety_stock].units``), in the order the draft uses them."""
    renderer = _Renderer(strict=False)
    _draft(kind, facts, templates, renderer)
    return list(dict.fromkeys(_field_path(name) for name in renderer.missing))


def render(kind: str, facts: ReplyFacts | NoticeFacts, templates: TemplateSet | None = None) -> Draft:
    """The draft of ``kind`` filled with ``facts``; raises ``DraftValuesMissing`` when a value the
    draft needs is missing, ``ValueError`` for an unknown kind, marketplace or choice id."""
    missing = missing_fields(kind, facts, templates)
    if missing:
        raise DraftValuesMissing(kind, missing)
    return _draft(kind, facts, templates, _Renderer(strict=True))


def to_json(draft: Draft) -> dict[str, Any]:
    """The draft in the shape of the ``draft --json`` contract (a dict ready for ``json.dumps``)."""
    return {
        "kind": draft.kind,
        "order_id": draft.order_id,
        "subject": draft.subject,
        "body": draft.body,
        "gloss": [p._asdict() for p in draft.paragraphs],
    }


def checklist(list_name: str, marketplace: str,
              templates: TemplateSet | None = None) -> tuple[ChecklistItem, ...]:
    """The tick boxes of one checklist (``causes``, ``actions``, ``measures``, ``monitoring``) that
    apply to ``marketplace``, in the order the file gives them."""
    templates = templates or load_templates()
    if marketplace not in templates.marketplaces:
        raise ValueError(f"Unknown marketplace {marketplace!r}")
    context = {"mp": templates.marketplaces[marketplace]}
    return tuple(item for item in getattr(templates.checklists, list_name)
                 if not item.requires or _compiled_expression(True, item.requires)(**context))


def checklist_label(item: ChecklistItem, lang: str, marketplace: str, values: Mapping[str, Any] | None = None,
                    person: str = "", templates: TemplateSet | None = None) -> str:
    """A checklist item as its tick box shows it: its text in ``lang`` with its values filled in (the
    defaults unless ``values`` give others), exactly as the draft will say it."""
    templates = templates or load_templates()
    context: dict[str, Any] = {"mp": templates.marketplaces.get(marketplace, templates.marketplaces["generic"]),
                               **item.defaults, **(values or {})}
    if person.strip():
        context["person"] = person.strip()
    return _Renderer(strict=False).text(item.text(lang), context, lang)

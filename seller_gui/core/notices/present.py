"""The notice's facts and codes as catalogue messages, for the window and the command line alike."""

from __future__ import annotations

from seller_gui.core.i18n import Message
from seller_gui.core.notices.catalogue import MARKETPLACES
from seller_gui.core.notices.reader import Notice, NoticeFacts

# facts whose values are codes with words of their own: field -> prefix of their catalogue keys
CODED_FACTS = {"measures": "notice_measure_", "scope": "notice_scope_", "possible_measures": "notice_measure_",
               "reply_channels": "notice_channel_", "not_disclosed": "notice_undisclosed_"}
# the order facts are shown in
FACT_ORDER = ("rules", "help_ids", "metrics", "thresholds", "windows", "not_disclosed", "deadlines", "durations",
              "measures", "scope", "possible_measures", "consequences", "reply_channels", "contact_hours", "check_paths", "emails",
              "urls", "member_number", "shop_number", "dates")


def marketplace_name(key: str) -> Message:
    return Message(f"marketplace_{key}") if key in MARKETPLACES else Message("notice_marketplace_unknown")


def kind_name(kind: str) -> Message:
    return Message(f"notice_kind_{kind}")


def topic_name(topic: str) -> Message:
    return Message(f"notice_topic_{topic}")


def ask_name(code: str) -> Message:
    return Message(f"notice_ask_{code}" if _has_words(f"notice_ask_{code}") else "notice_ask_other")


def _has_words(key: str) -> bool:
    from seller_gui.core.i18n import full_catalog

    return key in full_catalog().entries


def fact_rows(facts: NoticeFacts, *, with_deadline_line: bool = True) -> list[tuple[Message, list[str | Message]]]:
    """(label, values) for every fact the notice states, in a fixed order; codes become messages.
    A notice that states no deadline says so (the seller should not look for one)."""
    rows: list[tuple[Message, list[str | Message]]] = []
    for name in FACT_ORDER:
        value = getattr(facts, name)
        values = list(value) if isinstance(value, tuple) else ([value] if value else [])
        if name == "deadlines" and not values and with_deadline_line:
            values = [Message("notice_fact_deadline_none")]
        if not values:
            continue
        if name in CODED_FACTS:
            values = [Message(f"{CODED_FACTS[name]}{v}") for v in values]
        rows.append((Message(f"notice_fact_{name}"), values))
    return rows


def sentence_fact_text(notice: Notice, index: int, language: str) -> str:
    """The facts of one sentence, as one line in ``language`` ("" when it states none)."""
    parts = []
    for fact in notice.sentences[index].facts:
        label = Message(f"notice_fact_{fact.kind}") if _has_words(f"notice_fact_{fact.kind}") else None
        value = Message(f"notice_undisclosed_{fact.value}") if fact.kind == "not_disclosed" else fact.value
        shown = value.explain(language) if isinstance(value, Message) else value
        parts.append(f"{label.explain(language)}: {shown}" if label else shown)
    return "; ".join(parts)

"""Read a marketplace's notice: which marketplace and kind, its topic, the facts it states, what it asks
(each one reply point) and, sentence by sentence, what our catalogue says it means.

The rules (cues, forms of an ask, measures) are data in ``resources/notices/``; this module applies
them. Nothing here logs the notice's text or its member number.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from seller_gui.core.drafting.templates import NoticeAsk, NoticeRef
from seller_gui.core.notices.catalogue import (
    MARKETPLACES,
    MAX_SENTENCE_CHARS,
    Explained,
    compile_pattern,
    explain,
    load_catalogue,
    load_rules,
    mask_number,
)
from seller_gui.core.notices.text import (
    Headers,
    normalise,
    parse_date,
    split_headers,
    split_sentences,
)

log = logging.getLogger(__name__)

KINDS = ("warning", "measure", "review", "announcement", "support_reply", "appeal_reply")
UNKNOWN = "unknown"
# kinds that answer or inform: they ask for no reply, whatever polite requests they make
NO_REPLY_KINDS = ("announcement", "support_reply")
# reply points that stand for the notice's general request when it names nothing more precise
GENERAL_ASKS = ("improve_metric",)
POA = "plan_of_action"
# kinds one clear cue settles (its weight at least DECISIVE_SCORE), in cues.toml's kind_order
DECISIVE_KINDS = ("appeal_reply", "support_reply", "measure", "review")
DECISIVE_SCORE = 3
ANNOUNCEMENT_SCORE = 2


@dataclass(frozen=True)
class Fact:
    kind: str  # rule, help_id, metric, threshold, window, deadline, duration, hours, check_path, ...
    value: str


@dataclass(frozen=True)
class Sentence:
    text: str  # as the notice writes it (a wrapped line joined again)
    normal: str  # the form it was matched in
    explained: Explained
    facts: tuple[Fact, ...] = ()
    consequence: bool = False

    @property
    def known(self) -> bool:
        return self.explained.known

    def gloss(self, language: str) -> str | None:
        """Our explanation in ``zh`` or ``en``; None for a sentence the catalogue does not know."""
        return self.explained.gloss(language)


@dataclass(frozen=True)
class Ask:
    code: str  # a NoticeAsk code (see core.drafting.templates), "other" when none fits
    quote: str  # the sentence that asks it, as written
    sentence: int  # its index among the notice's sentences


@dataclass(frozen=True)
class NoticeFacts:
    """What the notice states, each list in the notice's order, values as it writes them."""

    rules: tuple[str, ...] = ()
    help_ids: tuple[str, ...] = ()
    metrics: tuple[str, ...] = ()
    thresholds: tuple[str, ...] = ()
    windows: tuple[str, ...] = ()
    not_disclosed: tuple[str, ...] = ()  # "threshold", "window": the notice says one exists, not its value
    deadlines: tuple[str, ...] = ()
    durations: tuple[str, ...] = ()
    measures: tuple[str, ...] = ()  # codes of measures in force
    scope: tuple[str, ...] = ()  # what they cover: account, seller_fulfilled, shop, items, id
    possible_measures: tuple[str, ...] = ()  # codes of measures it threatens, conditionally
    consequences: tuple[str, ...] = ()  # the conditional sentences, as written
    reply_channels: tuple[str, ...] = ()  # codes: appeal, contact_form, email, phone, reply_mail ...
    contact_hours: tuple[str, ...] = ()
    check_paths: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    urls: tuple[str, ...] = ()
    member_number: str = ""  # masked, as shown and printed
    shop_number: str = ""  # masked
    dates: tuple[str, ...] = ()
    hidden: tuple[str, ...] = field(default=(), repr=False)  # member and shop numbers as written

    def to_json(self) -> dict[str, Any]:
        return {name: list(value) if isinstance(value, tuple) else value
                for name, value in self.__dict__.items() if name != "hidden"}

    def mask(self, text: str) -> str:
        """``text`` with the shop's member and shop numbers masked (for anything printed or logged)."""
        for value in self.hidden:
            if len(value) >= 4 and mask_number(value) != value:
                text = text.replace(value, mask_number(value))
        return text


@dataclass(frozen=True)
class Notice:
    marketplace: str  # a marketplace key, or "unknown"
    kind: str  # one of KINDS, or "unknown"
    topic: str  # a topic code, or "other"
    facts: NoticeFacts
    asks: tuple[Ask, ...]
    sentences: tuple[Sentence, ...]
    subject: str = ""
    sent_on: date | None = None
    plan_of_action: bool = False
    member_number: str = field(default="", repr=False)  # as written; for the reply only, never logged

    @property
    def asks_nothing(self) -> bool:
        return not self.asks

    @property
    def known_count(self) -> int:
        return sum(s.known for s in self.sentences)

    @property
    def recognised_share(self) -> float:
        return self.known_count / len(self.sentences) if self.sentences else 0.0

    def reply_ref(self) -> NoticeRef:
        """The notice as the reply draft answers it: its asks as points, in order."""
        return NoticeRef(marketplace=self.marketplace, kind=self.kind, topic=self.topic,
                         subject=self.subject, sent_on=self.sent_on, member_number=self.member_number,
                         asks=tuple(NoticeAsk(a.code, a.quote) for a in self.asks),
                         plan_of_action=self.plan_of_action)

    def to_json(self) -> dict[str, Any]:
        """The notice as the command line prints it; the shop's member and shop numbers masked."""
        mask = self.facts.mask
        sentences = []
        for s in self.sentences:
            item: dict[str, Any] = {"text": mask(s.text), "zh": s.gloss("zh"), "en": s.gloss("en"), "known": s.known}
            if not s.known:
                item["facts"] = [{"kind": f.kind, "value": mask(f.value)} for f in s.facts]
                item["terms"] = [{"text": t.text, "zh": t.gloss("zh"), "en": t.gloss("en")}
                                 for t in s.explained.terms]
            sentences.append(item)
        return {"marketplace": self.marketplace, "kind": self.kind, "topic": self.topic,
                "subject": mask(self.subject), "sent_on": self.sent_on.isoformat() if self.sent_on else None,
                "facts": self.facts.to_json(),
                "asks": [{"code": a.code, "quote": mask(a.quote)} for a in self.asks],
                "plan_of_action": self.plan_of_action,
                "sentences": sentences,
                "recognised": {"known": self.known_count, "sentences": len(self.sentences),
                               "share": round(self.recognised_share, 3)}}


# --------------------------------------------------------------------------------------------------


MAX_NOTICE_CHARS = 200_000  # a notice is a few thousand characters; the rest of a huge paste is left out
MAX_SENTENCES = 400  # a long notice has a hundred; more is a pasted page, read up to here


def read_notice(text: str) -> Notice:
    """Everything the reader finds in a pasted notice."""
    headers, body = split_headers(text[:MAX_NOTICE_CHARS])
    written = split_sentences(body)
    if headers.subject:
        written = [headers.subject, *written]
    written = written[:MAX_SENTENCES]
    normals = [normalise(s) for s in written]
    whole = "\n".join(normals)
    cues = load_rules("cues")
    marketplace = recognise_marketplace(whole + "\n" + normalise(headers.sender), cues)
    entries, terms = load_catalogue().entries_for(marketplace)
    explained = [explain(n, entries, terms) for n in normals]
    conditional = [_is_conditional(n, ex) for n, ex in zip(normals, explained, strict=True)]
    sentences = tuple(Sentence(w, n, ex, tuple(sentence_facts(n)), c)
                      for w, n, ex, c in zip(written, normals, explained, conditional, strict=True))
    kind = recognise_kind(sentences, cues)
    if kind == UNKNOWN and marketplace != UNKNOWN:
        kind = "warning"  # a marketplace writing without a cue we know: most of its mail is a warning
    topic = recognise_topic(whole, cues)
    asks, plan = find_asks(sentences, kind)
    member_raw, facts = notice_facts(sentences, headers, cues)
    sent_on = headers.sent_on or _first_date(sentences)
    subject = headers.subject.strip() or _subject_line(sentences)
    log.info("Notice read: marketplace %s, kind %s, topic %s, %d of %d sentences known, %d asks",
             marketplace, kind, topic, sum(s.known for s in sentences), len(sentences), len(asks))
    return Notice(marketplace, kind, topic, facts, asks, sentences, subject=subject,
                  sent_on=sent_on, plan_of_action=plan, member_number=member_raw)


def _masked(value: str) -> bool:
    """A value the poster or the marketplace hid: a bracketed placeholder or mask characters."""
    return value.startswith("[") or any(ch in value for ch in "◎○〇●*＊×")


# ----- marketplace, kind, topic ------------------------------------------------------------------


def _score(text: str, patterns: list[str]) -> int:
    return sum(1 for p in patterns if compile_pattern(p).search(text))


def recognise_marketplace(text: str, cues: dict[str, Any]) -> str:
    """The marketplace with the most cues (a strong cue weighs as much as three weak ones)."""
    scores: dict[str, int] = {}
    for key in MARKETPLACES:
        rule = cues["marketplace"].get(key, {})
        scores[key] = 3 * _score(text, rule.get("strong", [])) + _score(text, rule.get("weak", []))
    best = max(scores.values())
    if best == 0:
        return UNKNOWN
    return next(key for key in MARKETPLACES if scores[key] == best)


def recognise_kind(sentences: tuple[Sentence, ...], cues: dict[str, Any]) -> str:
    """The kind whose cues weigh most; a threat that may happen counts for a warning, never a measure."""
    scores = dict.fromkeys(KINDS, 0)
    for sentence in sentences:
        for cue in cues["kind"]:
            if cue["kind"] == "measure" and sentence.consequence:
                continue
            if any(compile_pattern(p).search(sentence.normal) for p in cue["match"]):
                scores[cue["kind"]] += int(cue.get("weight", 1))
    for kind in cues["kind_order"]:
        if kind in DECISIVE_KINDS and scores[kind] >= DECISIVE_SCORE:
            return kind
    if scores["announcement"] >= ANNOUNCEMENT_SCORE and scores["announcement"] > scores["warning"]:
        return "announcement"
    return "warning" if scores["warning"] or scores["announcement"] else UNKNOWN


def recognise_topic(text: str, cues: dict[str, Any]) -> str:
    scores: dict[str, int] = {}
    for cue in cues["topic"]:
        found = sum(len(compile_pattern(p).findall(text)) for p in cue["match"]) * int(cue.get("weight", 1))
        scores[cue["topic"]] = scores.get(cue["topic"], 0) + found
    best = max(scores.values(), default=0)
    if best == 0:
        return "other"
    return next(topic for topic, score in scores.items() if score == best)


# ----- asks ---------------------------------------------------------------------------------------


def _is_conditional(normal: str, explained: Explained) -> bool:
    """A threat of what may happen; for a sentence it knows, the catalogue says so."""
    if explained.known:
        return any(m.entry.consequence for m in explained.matches)
    rules = load_rules("asks")
    return any(compile_pattern(p).search(normal) for p in rules["conditional"])


def _ask_codes(normal: str, rules: dict[str, Any], declared: str = "") -> list[str]:
    """The reply points one asking sentence raises, in the order it names them.

    The catalogue's code, or else the first code of asks.toml that matches, is always one; any other
    precise point the sentence names too ("ship pending orders and check your handling time") is
    another. With none at all, the ask is "other" (the reply quotes it)."""
    hits: list[tuple[int, str]] = []
    for item in rules["code"]:
        starts = [m.start() for m in (compile_pattern(p).search(normal) for p in item["match"]) if m]
        if starts:
            hits.append((min(starts), item["code"]))
    main = declared or (hits[0][1] if hits else "other")
    extra = [(start, code) for start, code in hits if code != main and code not in GENERAL_ASKS]
    where = {code: start for start, code in hits}
    return [code for _, code in sorted([(where.get(main, -1), main), *extra])]


def _asks_something(normal: str, rules: dict[str, Any]) -> bool:
    rest = normal
    for pattern in rules["not_ask"]:
        rest = compile_pattern(pattern).sub(" ", rest)
    return any(compile_pattern(p).search(rest) for p in rules["form"])


def _is_item(sentence: Sentence, rules: dict[str, Any]) -> bool:
    return bool(compile_pattern(rules["item"]).match(sentence.normal))


def _is_poa_part(normal: str, rules: dict[str, Any]) -> bool:
    return any(compile_pattern(p).search(normal) for p in rules["poa_part"])


def find_asks(sentences: tuple[Sentence, ...], kind: str) -> tuple[tuple[Ask, ...], bool]:
    """The notice's asks in order, one per reply point, and whether it asks for a plan of action.

    A catalogue entry says what its sentence asks; otherwise a sentence asks when it has the form of a
    request that is not a courtesy (see, understand, contact us if...). A request that introduces a
    list (以下, the following) asks through the list's items. Conditional threats are consequences.
    """
    if kind in NO_REPLY_KINDS:
        return (), False
    rules = load_rules("asks")
    found: list[Ask] = []
    poa_parts = 0
    lead_in_open = False
    poa_list = False  # the open list is the parts of a plan of action
    for index, sentence in enumerate(sentences):
        normal = sentence.normal
        declared = [m.entry for m in sentence.explained.matches if sentence.known]
        if lead_in_open and _is_item(sentence, rules):
            if _is_poa_part(normal, rules):
                poa_parts += 1
                continue
            asked = next((e.ask for e in declared if e.ask), "")
            codes = _ask_codes(normal, rules, asked)
            if poa_list:  # an item of the plan in words we do not know is still part of the plan
                codes = [c for c in codes if c not in ("other", *GENERAL_ASKS)]
            found += [Ask(code, sentence.text, index) for code in codes]
            continue
        lead_in_open = poa_list = False
        if sentence.consequence:
            continue
        if any(e.lead_in for e in declared) or (
                not declared and compile_pattern(rules["lead_in"]).search(normal)
                and _asks_something(normal, rules)):
            lead_in_open = _items_follow(sentences, index, rules)
            if lead_in_open:
                asked = next((e.ask for e in declared if e.ask), "")
                poa_list = asked == POA or not asked and bool(
                    compile_pattern("|".join(rules["poa_lead_in"])).search(normal))
                if asked or poa_list:
                    found.append(Ask(asked or POA, sentence.text, index))
                continue
        asked = next((e.ask for e in declared if e.ask), "")
        if asked:
            found += [Ask(code, sentence.text, index) for code in _ask_codes(normal, rules, asked)]
            continue
        if _is_item(sentence, rules) and _is_poa_part(normal, rules):
            poa_parts += 1
            continue
        if any(e.no_ask for e in declared):
            continue  # the catalogue knows it: a courtesy, a reading hint, how to reach them
        if _asks_something(normal, rules):
            found += [Ask(code, sentence.text, index) for code in _ask_codes(normal, rules)]
    plan = any(a.code == POA for a in found) or poa_parts >= 2
    if plan and not any(a.code == POA for a in found):
        first = next(i for i, s in enumerate(sentences) if _is_poa_part(s.normal, rules))
        found.append(Ask(POA, sentences[max(0, first - 1)].text, max(0, first - 1)))
    return _one_per_point(found), plan


def _items_follow(sentences: tuple[Sentence, ...], index: int, rules: dict[str, Any]) -> bool:
    return index + 1 < len(sentences) and _is_item(sentences[index + 1], rules)


def _one_per_point(asks: list[Ask]) -> tuple[Ask, ...]:
    """One ask per reply point in the notice's order; a general request yields to precise ones."""
    asks = sorted(asks, key=lambda a: a.sentence)
    precise = [a for a in asks if a.code not in GENERAL_ASKS]
    if precise:
        asks = precise
    seen: set[str] = set()
    kept: list[Ask] = []
    for ask in asks:
        key = ask.quote if ask.code == "other" else ask.code
        if key not in seen:
            seen.add(key)
            kept.append(ask)
    return tuple(kept)


# ----- facts --------------------------------------------------------------------------------------

_ARTICLE = re.compile(r"[^\s、。,()「」『』【】:]{0,20}?(?:規約|契約|ガイドライン|規程|規定|ポリシー)(?:の)?\s?"
                      r"第\s?\d+\s?(?:条|項)(?:\s?第\s?\d+\s?項)?(?:\s?(?:、|,|及び|および|と|並びに)\s?第\s?\d+\s?項)*")
_NAMED_RULE = re.compile(r"(?:Business Solutions Agreement|Seller Code of Conduct|Code of Conduct|"
                         r"Program Policies|出品者行動規範|[^\s、。,()「」]{1,20}に関するガイドライン|利用規約|出店規約|"
                         r"出店店舗規約|出品規約|出品禁止商品|Section \d+(?:\.\d+)? of [A-Z][\w ]{3,40}Agreement)",
                         re.IGNORECASE)
_HELP_ID = re.compile(r"(?:help/(?:hub/reference/external/|[\w/]*?)|ヘルプ\s?(?:ページ)?\s?[(:]?\s?)(G?\d{4,12})\b|"
                      r"\b(G\d{3,12})\b", re.IGNORECASE)
_PERCENT = re.compile(r"(?:(?:less than|under|below|above|over|at least|greater than|more than|exceeds?|"
                      r"exceeding|of)\s)?\d+(?:\.\d+)?\s?%(?:\s?(?:未満|以下|以上|を超え(?:る|て)?|超|を上回|を下回|"
                      r"or (?:more|higher|less|lower)|or above|or below))?", re.IGNORECASE)
_POINTS = re.compile(r"\d+\s?点(?:以上|に達|を超え)?")
_DAYS = re.compile(r"(?:過去|直近)?\s?\d+\s?日間(?:(?:および|及び|と|、|,)\s?\d+\s?日間)*|"
                   r"(?:past|last|previous|preceding)\s\d+\s(?:days|months)|\d+-day", re.IGNORECASE)
_DEADLINE = re.compile(r"(?:(?:\d{4}\s?年\s?)?\d{1,2}\s?月\s?\d{1,2}\s?日|\d{4}/\d{1,2}/\d{1,2})"
                       r"(?:\s?\([^)]{1,3}\))?(?:\s?\d{1,2}:\d{2})?\s?(?:まで|迄)|"
                       r"\d+\s?(?:営業)?日以内|期限\s?[:：は]\s?[^\s。、]{1,20}|within\s\d+\s(?:business\s|calendar\s)?days|"
                       r"by\s(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s\d{1,2},?\s\d{4})",
                       re.IGNORECASE)
_DURATION = re.compile(r"(?:up to|for)\s\d+\s(?:days|months)|最大\s?\d+\s?日(?:間)?|\d+\s?日間", re.IGNORECASE)
_HOURS = re.compile(r"(?:平日|土日祝?|月曜|weekdays?)?\s?\(?\d{1,2}(?::\d\d)?\s?(?:時|am|pm)?\s?[~\-〜–]\s?"
                    r"\d{1,2}(?::\d\d)?\s?(?:時|am|pm)?\)?", re.IGNORECASE)
_PATH = re.compile(r"[^\s>、。]{2,30}(?:\s?>\s?[^\s>、。]{2,30}){2,}")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_URL = re.compile(r"https?://\S+")
_MEASURE_WORDS = re.compile(r"制限|停止|留保|保留|ペナルティ|休店|hold|held|suspend|restrict|deactivat", re.I)
_NUMBER_OF = {
    "member_number": re.compile(r"会員番号\s?(?:は|:)\s?(?P<v>\[[^\]]+\]|[\w\-◎○〇●*＊×]+?)\s?(?:です|でございます|となります|。|$)"),
    "shop_number": re.compile(r"(?:店舗ID|店舗番号|ショップID|ストアID|ストアアカウント|出品者ID|セラーID|販売者ID|"
                              r"Merchant Token|Merchant ID|Seller ID)\s?(?:は|:)?\s?"
                              r"(?P<v>\[[^\]]+\]|[A-Za-z0-9\-◎○〇●*＊×]{3,})", re.IGNORECASE),
}


def sentence_facts(normal: str) -> list[Fact]:
    """The facts one sentence states (numbers, rules, dates, where to look, how to reach them)."""
    if len(normal) > MAX_SENTENCE_CHARS:  # no real sentence: read it piece by piece, in linear time
        pieces = [normal[i:i + MAX_SENTENCE_CHARS] for i in range(0, len(normal), MAX_SENTENCE_CHARS)]
        return list(dict.fromkeys(fact for piece in pieces for fact in sentence_facts(piece)))
    facts: list[Fact] = []

    def add(kind: str, value: str) -> None:
        value = value.strip(" 、,。()")
        if value and Fact(kind, value) not in facts:
            facts.append(Fact(kind, value))

    for match in _ARTICLE.finditer(normal):
        add("rule", match.group())
    if not any(f.kind == "rule" for f in facts):
        for match in _NAMED_RULE.finditer(normal):
            add("rule", match.group())
    for match in _HELP_ID.finditer(normal):
        add("help_id", match.group(1) or match.group(2))
    without_urls = _URL.sub(" ", normal)
    for match in _PERCENT.finditer(without_urls):
        add("threshold", match.group())
    if re.search(r"違反点数|ポイント|points?", normal, re.I):
        for match in _POINTS.finditer(normal):
            add("threshold", match.group())
    deadlines = [m.group() for m in _DEADLINE.finditer(without_urls)]
    for value in deadlines:
        add("deadline", value)
    measure_context = bool(_MEASURE_WORDS.search(normal))
    for match in (_DURATION if measure_context else _DAYS).finditer(without_urls):
        if not any(match.group() in d for d in deadlines):
            add("duration" if measure_context else "window", match.group())
    if "一定数" in normal or "一定の件数" in normal or "一定の基準" in normal:
        add("not_disclosed", "threshold")
    if "一定期間" in normal:
        add("not_disclosed", "window")
    if re.search(r"時|受付|営業|weekday|hours|am|pm", normal, re.I):
        for match in _HOURS.finditer(without_urls):
            if re.search(r"\d", match.group()):
                add("hours", match.group())
    for match in _PATH.finditer(without_urls):
        add("check_path", match.group())
    for match in _EMAIL.finditer(normal):
        add("email", match.group())
    for match in _URL.finditer(normal):
        add("url", match.group().rstrip(".,)"))
    for kind, pattern in _NUMBER_OF.items():
        match = pattern.search(normal)
        if match:
            add(kind, mask_number(match.group("v")))
    return facts


def notice_facts(sentences: tuple[Sentence, ...], headers: Headers, cues: dict[str, Any]) -> tuple[str, NoticeFacts]:
    """(the member number as written, the notice's facts with numbers masked)."""
    values: dict[str, list[str]] = {}

    def add(name: str, value: str) -> None:
        bucket = values.setdefault(name, [])
        if value and value not in bucket:
            bucket.append(value)

    member_raw = ""
    hidden: list[str] = []  # the shop's numbers as written, masked wherever the notice is printed
    plural = {"rule": "rules", "help_id": "help_ids", "threshold": "thresholds", "window": "windows",
              "deadline": "deadlines", "duration": "durations", "hours": "contact_hours",
              "check_path": "check_paths", "email": "emails", "url": "urls", "not_disclosed": "not_disclosed"}
    for sentence in sentences:
        for fact in sentence.facts:
            if fact.kind in plural:
                add(plural[fact.kind], fact.value)
            else:
                add(fact.kind, fact.value)
        match = _NUMBER_OF["member_number"].search(sentence.normal)
        if match and not member_raw and not _masked(match.group("v")):
            member_raw = match.group("v")  # a masked one ([member number], ****21) is no number to quote
        match = _NUMBER_OF["shop_number"].search(sentence.normal)
        if match and match.group("v") not in hidden:
            hidden.append(match.group("v"))
        if len(sentence.normal) > MAX_SENTENCE_CHARS:
            continue  # no real sentence (see sentence_facts); its numbers are in already
        for cue in cues["metric"]:
            for pattern in cue["match"]:
                hit = compile_pattern(pattern).search(sentence.normal)
                if hit:
                    add("metrics", hit.group())
                    break
        for cue in cues["measure"]:
            if sentence.consequence:
                if any(compile_pattern(p).search(sentence.normal) for p in cue.get("may", [])):
                    add("possible_measures", cue["code"])
            elif any(compile_pattern(p).search(sentence.normal) for p in cue.get("now", [])):
                add("measures", cue["code"])
                add("scope", cue["scope"])
        for cue in cues["channel"]:
            if any(compile_pattern(p).search(sentence.normal) for p in cue["match"]):
                add("reply_channels", cue["code"])
        if sentence.consequence:
            add("consequences", sentence.text)
        for found in re.finditer(r"(?:20\d\d\s?年\s?\d{1,2}\s?月\s?\d{1,2}\s?日|20\d\d/\d{1,2}/\d{1,2}|"
                                 r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s\d{1,2},\s20\d\d)",
                                 sentence.normal, re.IGNORECASE):
            add("dates", found.group())
    rules = values.get("rules", [])
    values["rules"] = [r for r in rules if not any(r != other and r in other for other in rules)]
    if values.get("thresholds"):
        values["not_disclosed"] = [v for v in values.get("not_disclosed", []) if v != "threshold"]
    if values.get("windows"):
        values["not_disclosed"] = [v for v in values.get("not_disclosed", []) if v != "window"]
    single = {"member_number", "shop_number"}
    known = {name for name in NoticeFacts.__dataclass_fields__}
    kwargs: dict[str, Any] = {}
    for name, items in values.items():
        if name not in known:
            continue
        kwargs[name] = items[0] if name in single else tuple(items)
    return member_raw, NoticeFacts(**kwargs, hidden=tuple(v for v in (member_raw, *hidden) if v))


_SUBJECT_LIKE = re.compile(r"^(?:\[[^\]]{1,20}\]|【[^】]{1,20}】)\s?\S.*|.*(?:のお知らせ|について|のご案内|に関する(?:警告|ご連絡|お願い))$")


def _subject_line(sentences: tuple[Sentence, ...]) -> str:
    """A pasted mail's first line when it reads as its subject (【重要】…, …のお知らせ), else ""."""
    if not sentences:
        return ""
    first = sentences[0]
    if "。" in first.normal or len(first.normal) > 80 or not _SUBJECT_LIKE.fullmatch(first.normal):
        return ""
    return first.text.strip()


def _first_date(sentences: tuple[Sentence, ...]) -> date | None:
    """A date the notice opens with (a dated letter), else None; dates in the body are not its date."""
    for sentence in sentences[:3]:
        if re.fullmatch(r"\s*(?:20\d\d\s?年\s?\d{1,2}\s?月\s?\d{1,2}\s?日|20\d\d[/-]\d{1,2}[/-]\d{1,2})\s*",
                        sentence.normal):
            return parse_date(sentence.normal)
    return None

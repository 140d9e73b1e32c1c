"""``seller-gui notice FILE|-``: a marketplace's notice read from a file or stdin, explained headless."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TextIO

from seller_gui.cli.report import say
from seller_gui.core.drafting.templates import NoticeRef
from seller_gui.core.i18n import Message
from seller_gui.core.notices import Notice, NoticeFileError, read_notice, read_notice_file
from seller_gui.core.notices.present import (
    ask_name,
    fact_rows,
    kind_name,
    marketplace_name,
    sentence_fact_text,
)
from seller_gui.core.notices.text import decode


def notice_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="seller-gui notice",
                                     description="Read a marketplace's notice: kind, facts, asks, and each "
                                                 "sentence explained in Chinese and English.")
    parser.add_argument("source", metavar="FILE|-", help="a .txt or .eml file, or - for standard input")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    return parser


def notice_text(source: str, stdin: TextIO | None = None) -> str:
    """The notice's text from a path, or from standard input for ``-``."""
    if source == "-":
        stream = stdin if stdin is not None else sys.stdin
        if stream is None:
            return ""
        buffer = getattr(stream, "buffer", None)
        return decode(buffer.read()) if buffer is not None else stream.read()
    return read_notice_file(Path(source))


def load_notice_ref(source: str) -> NoticeRef:
    """The notice a reply answers (``draft reply --notice``); NoticeFileError when it cannot be read."""
    return read_notice(notice_text(source)).reply_ref()


def run_notice_command(argv: list[str], *, stdin: TextIO | None = None, stdout: TextIO | None = None,
                       stderr: TextIO | None = None) -> int:
    args = notice_parser().parse_args(argv)
    stdout = sys.stdout if stdout is None else stdout
    stderr = sys.stderr if stderr is None else stderr
    try:
        text = notice_text(args.source, stdin)
    except NoticeFileError as error:
        say(stderr, f"{args.source}: {Message(error.code).explain('en')}\n")
        return 2
    if not text.strip():
        say(stderr, f"{args.source}: {Message('notice_empty').explain('en')}\n")
        return 2
    notice = read_notice(text)
    if args.json:
        say(stdout, json.dumps(notice.to_json(), ensure_ascii=False, indent=2) + "\n")
    else:
        say(stdout, format_notice(notice))
    return 0


def format_notice(notice: Notice, language: str = "en") -> str:
    """The notice as plain text: what it is, its facts and asks, then each sentence with its glosses."""
    def words(value: str | Message) -> str:
        return value.explain(language) if isinstance(value, Message) else value

    def label(key: str) -> str:
        return Message(key).explain(language)

    lines = [f"{label('notice_label_marketplace')}: {words(marketplace_name(notice.marketplace))}",
             f"{label('notice_label_kind')}: {words(kind_name(notice.kind))}",
             f"{label('notice_label_topic')}: {words(Message(f'notice_topic_{notice.topic}'))}",
             f"{label('notice_label_facts')}:"]
    for name, values in fact_rows(notice.facts, with_deadline_line=not notice.asks_nothing):
        lines.append(f"  {words(name)}: {' / '.join(words(v) for v in values)}")
    lines.append(f"{label('notice_label_asks')}:")
    if notice.asks_nothing:
        lines.append(f"  {label('notice_asks_nothing')}")
    mask = notice.facts.mask  # printed output may be pasted anywhere: the shop's numbers stay hidden
    for number, ask in enumerate(notice.asks, start=1):
        lines.append(f"  {number}. {words(ask_name(ask.code))} [{ask.code}]")
        lines.append(f"     「{mask(ask.quote)}」")
    if notice.plan_of_action:
        lines.append(f"  {label('notice_poa_parts')}")
    share = f"{notice.recognised_share:.0%}"
    lines.append(Message("notice_recognised_share", {"known": notice.known_count, "total": len(notice.sentences),
                                                      "share": share}).explain(language))
    lines.append("")
    lines.append(f"{label('notice_label_sentences')}:")
    for index, sentence in enumerate(notice.sentences):
        lines.append(f"[{index + 1}] {mask(sentence.text)}")
        if sentence.known:
            lines.append(f"    zh: {sentence.gloss('zh')}")
            lines.append(f"    en: {sentence.gloss('en')}")
        else:
            lines.append(f"    {label('notice_not_recognised')}")
            facts = mask(sentence_fact_text(notice, index, language))
            if facts:
                lines.append(f"    {Message('notice_sentence_facts', {'facts': facts}).explain(language)}")
    return "\n".join(lines) + "\n"

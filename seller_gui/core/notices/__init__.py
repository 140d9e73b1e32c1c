"""The notice reader: a marketplace's pasted notice recognised, explained and turned into reply points.

``read_notice(text)`` gives a ``Notice`` (marketplace, kind, topic, facts, asks, sentences with our
catalogue's Chinese and English explanation); ``Notice.reply_ref()`` is what the reply draft answers.
"""

from seller_gui.core.notices.reader import (
           KINDS,
           Ask,
           Fact,
           Notice,
           NoticeFacts,
           Sentence,
           read_notice,
)
from seller_gui.core.notices.text import NoticeFileError, read_notice_file

__all__ = ["KINDS", "Ask", "Fact", "Notice", "NoticeFacts", "NoticeFileError", "Sentence", "read_notice",
           "read_notice_file"]

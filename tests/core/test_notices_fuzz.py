"""Whatever is pasted, the reader answers: no exception, valid JSON, glosses only for known sentences,
and a long paste is read in bounded time (the tab reads on the window's thread)."""

import json
import random

import pytest

from seller_gui.core.notices import read_notice
from seller_gui.core.notices.reader import MAX_SENTENCES
from tests.conftest import ROOT

SEED = (ROOT / "tests" / "fixtures" / "notices" / "aupay-seed-cancellation-warning.txt").read_text(encoding="utf-8")
ALPHABET = "あいうえおカキク漢字在庫注文。、・！？!?.,:%％0123456789 \n\t　[]()（）「」【】—-◎*@https://x.jp/ Yahoo!Amazon"


def mutated(rng: random.Random, text: str) -> str:
    chars = list(text)
    for _ in range(rng.randint(1, 40)):
        where = rng.randrange(len(chars) + 1)
        action = rng.random()
        if action < 0.4 and chars:
            del chars[min(where, len(chars) - 1)]
        elif action < 0.8:
            chars.insert(where, rng.choice(ALPHABET))
        else:
            chars.insert(where, "\n")
    return "".join(chars)


@pytest.mark.parametrize("seed", range(2))
def test_random_and_damaged_notices_never_break_the_reader(seed):
    rng = random.Random(seed)
    for _ in range(60):
        if rng.random() < 0.5:
            text = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 400)))
        else:
            text = mutated(rng, SEED)
        notice = read_notice(text)
        out = json.loads(json.dumps(notice.to_json(), ensure_ascii=False))
        assert out["kind"] in {"warning", "measure", "review", "announcement", "support_reply", "appeal_reply",
                               "unknown"}
        for sentence in out["sentences"]:
            assert (sentence["zh"] is not None) == sentence["known"] == (sentence["en"] is not None)
        assert len({a["code"] for a in out["asks"] if a["code"] != "other"}) == \
            len([a for a in out["asks"] if a["code"] != "other"])


def test_a_huge_paste_is_read_up_to_a_limit():
    notice = read_notice(SEED * 40 + "貴店都合による注文キャンセル件数が" * 2000)
    assert len(notice.sentences) == MAX_SENTENCES
    assert notice.marketplace == "aupay"

"""The notice reader on the seed's warning, end to end, and the text layer pasted notices need."""

import logging
import re

import pytest

from seller_gui.core.notices import read_notice, read_notice_file
from seller_gui.core.notices.catalogue import load_catalogue, mask_number
from seller_gui.core.notices.text import normalise, split_headers, split_sentences
from tests.conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "notices"
SEED = FIXTURES / "aupay-seed-cancellation-warning.txt"


@pytest.fixture(scope="module")
def seed():
    return read_notice(SEED.read_text(encoding="utf-8"))


def test_the_seed_is_an_au_pay_warning_about_seller_caused_cancellations(seed):
    assert (seed.marketplace, seed.kind, seed.topic) == ("aupay", "warning", "seller_cancellation")


def test_every_sentence_of_the_seed_is_known_and_explained_in_both_languages(seed):
    unknown = [s.text for s in seed.sentences if not s.known]
    assert unknown == []
    assert len(seed.sentences) >= 25
    for sentence in seed.sentences:
        assert sentence.gloss("zh") and sentence.gloss("en")
        assert not re.search("[\u3040-\u30ff]", sentence.gloss("zh").replace(sentence.normal, "")) or \
            "規約" in sentence.normal or ">" in sentence.normal  # only quoted values may carry kana


def test_the_seed_asks_exactly_for_stock_management_then_prompt_delay_notices(seed):
    assert [a.code for a in seed.asks] == ["stock_management", "delay_notice"]
    assert "在庫管理" in seed.asks[0].quote and "遅延" in seed.asks[1].quote
    assert not seed.plan_of_action


def test_the_threat_of_suspension_is_a_consequence_not_an_ask(seed):
    assert seed.facts.possible_measures == ("service_suspended",)
    assert seed.facts.measures == ()
    assert any("一時停止" in c for c in seed.facts.consequences)
    assert not any("一時停止" in a.quote for a in seed.asks)


def test_the_seed_facts(seed):
    facts = seed.facts
    assert facts.rules == ("出店店舗規約第10条第2項、第3項及び第5項",)
    assert "店舗都合キャンセル率" in facts.metrics
    assert set(facts.not_disclosed) == {"threshold", "window"}
    assert facts.thresholds == () and facts.deadlines == ()
    assert facts.check_paths == ("Wow!managerTOP画面>店舗分析>店舗スコア",)
    assert "平日10:00-18:00" in facts.contact_hours
    assert facts.member_number == "[member number]"  # masked by whoever pasted it: kept as written


def test_a_masked_member_number_is_not_quoted_in_the_reply(seed):
    # the poster hid it: the reply must not print "[member number]" as if it were the number
    assert seed.reply_ref().member_number == ""
    starred = read_notice(SEED.read_text(encoding="utf-8").replace("[member number]", "******21"))
    assert starred.reply_ref().member_number == ""


def test_the_reply_ref_carries_the_asks_in_order_and_the_member_number():
    text = SEED.read_text(encoding="utf-8").replace("[member number]", "87654321")
    notice = read_notice(text)
    ref = notice.reply_ref()
    assert (ref.marketplace, ref.kind, ref.topic) == ("aupay", "warning", "seller_cancellation")
    assert [a.code for a in ref.asks] == ["stock_management", "delay_notice"]
    assert ref.member_number == "87654321"
    assert notice.facts.member_number == "******21"


def test_a_real_member_number_is_masked_in_the_output_and_never_logged(caplog):
    text = SEED.read_text(encoding="utf-8").replace("[member number]", "87654321")
    with caplog.at_level(logging.DEBUG):
        notice = read_notice(text)
    assert "87654321" not in caplog.text and "Notice read" in caplog.text
    out = notice.to_json()
    assert out["facts"]["member_number"] == "******21"
    assert all("87654321" not in (s["zh"] or "") + (s["en"] or "") for s in out["sentences"])


def test_a_pdf_copy_with_spaces_inside_words_and_a_broken_url_reads_the_same(seed):
    text = SEED.read_text(encoding="utf-8")
    spaced = text.replace("確認されましたので", "確認され まし たので").replace("在庫管理", "在庫 管理") \
        .replace("[manual link]", "https://manager.wowma.jp/ wmshop client/shopScore/index")
    notice = read_notice(spaced)
    assert [a.code for a in notice.asks] == ["stock_management", "delay_notice"]
    assert notice.known_count == seed.known_count
    assert "https://manager.wowma.jp/wmshopclient/shopScore/index" in notice.facts.urls


def test_normalise_joins_japanese_split_by_spaces_and_keeps_english_spaces():
    assert normalise("こ のたび は　ご連絡") == "このたびはご連絡"
    assert normalise("ＡＢＣ　４％未満") == "ABC 4%未満"
    assert normalise("Your late shipment rate") == "Your late shipment rate"
    assert normalise("第 3 項") == "第3項"
    assert normalise("see https://sellercentral.amazon.co.jp/ gp/help/ G1801 and more") == \
        "see https://sellercentral.amazon.co.jp/gp/help/G1801 and more"


def test_wrapped_lines_join_but_headings_and_fields_stay_apart():
    body = ("当社にて、貴店都合による注文キャンセル件数が一定期間内に一定数に達したことが確\n"
            "認されましたので、\n改善対応を行っていただきたく、ご連絡させていただきました。\n"
            "そのため、以下についてご確認の上、速やかにサービス改善いただくようにお願いいた\nします。\n"
            "▼確認箇所\nWow!managerTOP画面>店舗分析>店舗スコア\nMail : [x]\nTel : [y]\n")
    assert split_sentences(body) == [
        "当社にて、貴店都合による注文キャンセル件数が一定期間内に一定数に達したことが確認されましたので、"
        "改善対応を行っていただきたく、ご連絡させていただきました。",
        "そのため、以下についてご確認の上、速やかにサービス改善いただくようにお願いいたします。",
        "▼確認箇所", "Wow!managerTOP画面>店舗分析>店舗スコア", "Mail : [x]", "Tel : [y]"]


def test_brands_with_exclamation_marks_are_not_sentence_ends():
    assert split_sentences("Yahoo! JAPAN IDをご利用のお客様\nYahoo!ショッピングをご利用いただきありがとうございます。") == \
        ["Yahoo! JAPAN IDをご利用のお客様", "Yahoo!ショッピングをご利用いただきありがとうございます。"]


def test_mail_headers_give_subject_and_date_and_stay_out_of_the_sentences():
    headers, body = split_headers("From: Seller Performance <x@amazon.co.jp>\nSent: Tuesday, May 9, 2023 4:09 PM\n"
                                  "Subject: Your selling privileges\n\nHello,\n")
    assert headers.subject == "Your selling privileges"
    assert headers.sent_on.isoformat() == "2023-05-09"
    assert body.strip() == "Hello,"


def test_an_eml_file_gives_its_subject_date_and_text(tmp_path):
    raw = ("From: =?utf-8?b?YXUgUEFZ?= <info@example.jp>\nSubject: =?utf-8?b?44CQ6YeN6KaB44CR?=\n"
           "Date: Tue, 09 May 2023 16:09:34 +0900\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n"
           "Content-Transfer-Encoding: 8bit\n\n" + SEED.read_text(encoding="utf-8"))
    path = tmp_path / "notice.eml"
    path.write_bytes(raw.encode("utf-8"))
    notice = read_notice(read_notice_file(path))
    assert notice.subject == "【重要】" and notice.sent_on.isoformat() == "2023-05-09"
    assert [a.code for a in notice.asks] == ["stock_management", "delay_notice"]
    assert notice.reply_ref().sent_on.isoformat() == "2023-05-09"


def test_a_cp932_text_file_reads(tmp_path):
    path = tmp_path / "notice.txt"
    path.write_bytes(SEED.read_text(encoding="utf-8").encode("cp932", errors="replace"))
    assert read_notice(read_notice_file(path)).marketplace == "aupay"


@pytest.mark.parametrize("value, shown", [("87654321", "******21"), ("[member number]", "[member number]"),
                                          ("◎◎◎◎", "◎◎◎◎"), ("1234", "****"), ("", "")])
def test_member_numbers_show_only_their_last_two_characters(value, shown):
    assert mask_number(value) == shown


def test_a_sentence_the_catalogue_does_not_know_gets_no_explanation_but_its_facts():
    notice = read_notice("ご担当者様\n当月の配送品質指標は3.5%となり、基準の2%を2024年6月30日までに下回る必要がございます。\n")
    sentence = notice.sentences[1]
    assert not sentence.known and sentence.gloss("zh") is None and sentence.gloss("en") is None
    kinds = {(f.kind, f.value) for f in sentence.facts}
    assert ("threshold", "3.5%") in kinds and ("deadline", "2024年6月30日まで") in kinds


def test_every_catalogue_entry_has_its_own_id_and_both_explanations():
    catalogue = load_catalogue()
    assert len(catalogue.sentences) > 100
    for entry in catalogue.sentences + catalogue.terms:
        assert entry.zh.strip() and entry.en.strip()
        assert not re.search("[\u3040-\u30ff]", re.sub(r"\{\w+\}", "", entry.zh)), entry.id


def test_every_code_the_reader_can_give_has_words_in_three_languages():
    from seller_gui.core.i18n import LANGUAGES, full_catalog
    from seller_gui.core.notices.catalogue import load_rules
    from seller_gui.core.notices.reader import KINDS, NoticeFacts

    cues, asks = load_rules("cues"), load_rules("asks")
    keys = [f"notice_kind_{k}" for k in (*KINDS, "unknown")]
    keys += [f"notice_topic_{c['topic']}" for c in cues["topic"]] + ["notice_topic_other"]
    keys += [f"notice_measure_{c['code']}" for c in cues["measure"]]
    keys += [f"notice_scope_{c['scope']}" for c in cues["measure"]]
    keys += [f"notice_channel_{c['code']}" for c in cues["channel"]]
    keys += [f"notice_ask_{c['code']}" for c in asks["code"]] + ["notice_ask_other"]
    keys += [f"notice_fact_{name}" for name in NoticeFacts.__dataclass_fields__ if name != "hidden"]
    keys += [f"marketplace_{m}" for m in cues["marketplace"]]
    catalog = full_catalog()
    assert [k for k in keys if k not in catalog.entries] == []
    assert [k for k in keys for lang in LANGUAGES if not catalog.entries[k].get(lang)] == []


def test_the_asks_the_reply_knows_are_the_codes_the_reader_gives():
    from seller_gui.core.notices.catalogue import load_rules

    known = {"stock_management", "delay_notice", "ship_open_orders", "plan_of_action", "send_evidence",
             "explain_if_mistake", "improve_metric", "ship_on_time", "valid_tracking"}
    declared = {e.ask for e in load_catalogue().sentences if e.ask}
    assert {c["code"] for c in load_rules("asks")["code"]} | declared <= known


def test_a_forum_quote_keeps_only_the_notice():
    pasted = (" 楼主| 发表于 2023-5-9 16:09:34 | 显示全部楼层\n本帖最后由 Qoo10.ai 于 2023-5-9 16:28 编辑\n\n"
              + SEED.read_text(encoding="utf-8"))
    notice = read_notice(pasted)
    assert notice.marketplace == "aupay" and notice.sentences[0].text == "ご担当者様"


def test_a_general_request_yields_to_the_precise_ones_and_stands_when_alone():
    lone = read_notice("au PAY マーケット運営事務局でございます。\nご確認の上、ご対応をお願いいたします。\n")
    assert [a.code for a in lone.asks] == ["improve_metric"]
    both = read_notice("au PAY マーケット運営事務局でございます。\nご確認の上、ご対応をお願いいたします。\n"
                       "未出荷の注文を速やかに発送してください。\n")
    assert [a.code for a in both.asks] == ["ship_open_orders"]


def test_reading_hints_and_courtesies_are_not_asks():
    notice = read_notice("Hello,\nYour late shipment rate does not meet our performance target of under 4%.\n"
                         "Please review your Account Health page.\nPlease do not reply to this e-mail.\n"
                         "If you have questions, please contact Seller Support.\nSeller Performance Team\n")
    assert notice.kind == "warning" and notice.asks == ()


def test_a_first_line_that_reads_as_a_subject_is_the_subject():
    notice = read_notice("【楽天市場】違反点数加算のお知らせ\n\n店舗運営責任者様\n")
    assert notice.subject == "【楽天市場】違反点数加算のお知らせ"
    assert read_notice(SEED.read_text(encoding="utf-8")).subject == ""


def test_the_notice_reader_never_imports_qt():
    import subprocess
    import sys

    code = ("import sys, seller_gui.core.notices, seller_gui.core.notices.present\n"
            "print(','.join(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))))")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""


def test_items_of_a_plan_of_action_in_unknown_words_stay_one_point():
    notice = read_notice("Your selling privileges have been removed.\n"
                         "To reinstate your account, please submit a plan of action that covers:\n"
                         "- How your warehouse handled the backlog\n- Which supplier failed you\n"
                         "- Invoices for the items concerned\n")
    assert [a.code for a in notice.asks] == ["plan_of_action", "send_evidence"]
    assert notice.plan_of_action

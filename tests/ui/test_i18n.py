"""Every word on screen exists in 简体中文, 日本語 and English, and every message core raises has words."""

import ast
import pickle
import re
import tomllib
from pathlib import Path

import pandas as pd
import pytest

from seller_gui.core.analysis.risk import REASONS, reason_message
from seller_gui.core.errors import OrderFileError
from seller_gui.core.i18n import LANGUAGES, Catalog, Message, explain, language_from_locale
from seller_gui.core.reading.normalize import Notes
from seller_gui.core.reading.stock import StockFileError
from seller_gui.resources_path import resource

ROOT = Path(__file__).resolve().parents[2]
# a {name} field, with or without a format spec such as {rows:,} or {deadline:%Y/%m/%d}
FIELD = re.compile(r"\{(\w+)(?:[:!][^{}]*)?\}")


def test_every_string_has_all_three_languages(catalog):
    assert catalog.missing() == []


def test_every_key_used_in_the_code_is_in_the_catalogue(catalog):
    used = set()
    for path in (ROOT / "seller_gui").rglob("*.py"):
        used |= set(re.findall(r"""\.text\(\s*["']([a-z0-9_]+)["']""", path.read_text(encoding="utf-8")))
        used |= set(re.findall(r"""\btr_key\(\s*["']([a-z0-9_]+)["']""", path.read_text(encoding="utf-8")))
    assert used, "no catalogue lookups found: the pattern is stale"
    assert sorted(used - set(catalog.entries)) == []


def test_placeholders_match_across_languages(catalog):
    for key, entry in catalog.entries.items():
        fields = {lang: set(FIELD.findall(entry[lang])) for lang in LANGUAGES}
        assert fields["zh"] == fields["ja"] == fields["en"], key


def test_chinese_strings_contain_no_kana(catalog):
    kana = re.compile(r"[\u3040-\u30ff]")
    offenders = [k for k, e in catalog.entries.items() if kana.search(e["zh"])]
    assert offenders == []


@pytest.mark.parametrize("name, expected", [
    ("zh_CN.UTF-8", "zh"), ("ja_JP.UTF-8", "ja"), ("ja-JP", "ja"), ("en_US.UTF-8", "en"),
    ("fr_FR.UTF-8", "en"), ("", "en"), ("C", "en"),
])
def test_language_follows_the_locale(name, expected):
    assert language_from_locale(name) == expected


def test_switching_language_changes_the_text():
    catalog = Catalog.load(resource("i18n", "strings.toml"), "ja")
    assert catalog.text("action_quit") == "終了"
    catalog.set_language("zh")
    assert catalog.text("action_quit") == "退出"
    assert catalog.text("loading_files", count=3) == "正在读取 3 个文件…"


# ---------------------------------------------------------------- core's messages

# the calls that take a message code, and the position of the code among their arguments
CODE_ARGUMENT = {"Message": 0, "SniffError": 1, "OrderFileError": 2, "StockFileError": 2, "_fail": 2}


def codes_in_core() -> dict[str, str]:
    """code -> where, for every literal message code passed in seller_gui/ (core and the window)."""
    found: dict[str, str] = {}
    for path in (ROOT / "seller_gui").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name not in CODE_ARGUMENT or len(node.args) <= CODE_ARGUMENT[name]:
                continue
            where = f"{path.relative_to(ROOT)}:{node.lineno}"
            code = node.args[CODE_ARGUMENT[name]]
            for choice in (code.body, code.orelse) if isinstance(code, ast.IfExp) else (code,):
                if isinstance(choice, ast.Constant) and isinstance(choice.value, str):
                    found[choice.value] = where
                elif isinstance(choice, ast.JoinedStr):  # f"marketplace_{key}": the tests below
                    continue
                else:  # a Message passed on (a re-raise) needs no entry of its own
                    assert isinstance(choice, ast.Name | ast.Attribute | ast.Subscript | ast.Call), where
    return found


def messages_file() -> dict[str, dict[str, str]]:
    """Core's words: messages.toml, and the catalogue files helpers add beside it (a key once in all)."""
    entries: dict[str, dict[str, str]] = {}
    for path in sorted(resource("i18n").glob("*.toml")):
        with path.open("rb") as fh:
            found = tomllib.load(fh)
        entries.update(found if path.name == "messages.toml" else
                       {k: v for k, v in found.items() if k in CORE_CODES_ELSEWHERE})
    return entries


# codes core raises whose words were added in another catalogue file than messages.toml
CORE_CODES_ELSEWHERE = frozenset({"not_an_order_table"})


def test_every_code_core_raises_is_in_the_messages_file_in_three_languages():
    codes = codes_in_core()
    assert {"empty_file", "encoding_unknown", "no_known_layout", "zip_bomb", "stock_empty",
            "workbook_timeout", "as_of_stale", "duplicates_counted_once"} <= set(codes), \
        "the scan for codes is stale"
    messages = messages_file()
    names = {k: v for k, v in Catalog.load(resource("i18n")).entries.items() if k.startswith("marketplace_")}
    messages.update(names)  # a marketplace named inside a message comes from the window's strings
    assert sorted(f"{code} ({where})" for code, where in codes.items() if code not in messages) == []
    assert [(code, lang) for code in codes for lang in LANGUAGES if not messages[code].get(lang)] == []


def test_every_reason_and_warning_made_from_a_name_has_words():
    row = {"ship_by": pd.Timestamp("2024-05-08 00:00", tz="Asia/Tokyo"), "hours_left": -40.0,
           "age_days": 5.2, "handling_days": 3, "flags": "verge_of_cancellation", "stockout_sku": "MUG",
           "stockout_open": 4, "stockout_stock": 3, "repeat_sku": "EAR", "repeat_count": 2}
    notes = Notes()
    for what in ("dates", "numbers", "whole_quantities"):
        notes.unreadable(3, "注文日時", what)
    made = [reason_message(code, row) for code in REASONS] + notes.items
    for message in made:
        assert message.code in messages_file()
        for language in LANGUAGES:
            assert "{" not in explain(message.code, message.params, language)


def test_placeholders_match_and_every_message_fills_in_every_language():
    for code, entry in messages_file().items():
        fields = {lang: set(FIELD.findall(entry[lang])) for lang in LANGUAGES}
        assert fields["zh"] == fields["ja"] == fields["en"], code


def test_explain_puts_values_and_marketplace_names_into_each_language():
    message = Message("layout_lacks_columns", {"marketplace": Message("marketplace_yahoo"),
                                               "layout": "ストアクリエイターPro 注文データ",
                                               "columns": "OrderStatus"})
    assert message.explain("en").startswith("This looks like a Yahoo! Shopping file")
    assert "OrderStatus" in explain(message.code, message.params, "zh")
    assert "Yahoo!ショッピング" in explain(message.code, message.params, "ja")
    assert explain("sentence_due_soon", {"hours": 1234, "deadline": pd.Timestamp("2024-05-08 09:00")},
                   "ja") == "あと 1,234 時間（2024/05/08 09:00 まで）に発送してください。"
    with pytest.raises(KeyError):
        explain("no_such_code", {}, "en")


def test_a_file_error_keeps_its_message_across_processes_and_says_it_in_english():
    error = StockFileError("stock.csv", "too_large", "sheet_too_large", sheet="在庫", rows=9, columns=2)
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is StockFileError and (copy.path, copy.kind) == (error.path, "too_large")
    assert copy.message == Message("sheet_too_large", {"sheet": "在庫", "rows": 9, "columns": 2})
    assert copy.detail == "The sheet '在庫' holds 9 rows x 2 columns, more than this app reads."
    assert str(copy) == "stock.csv: " + copy.detail
    nested = OrderFileError("o.csv", "not_orders", "header_without_orders",
                            marketplace=Message("marketplace_aupay"))
    assert pickle.loads(pickle.dumps(nested)).detail == "The file has the au PAY Market header but no order rows."


def test_one_catalogue_from_every_file_of_the_folder_and_no_key_twice(tmp_path):
    both = Catalog.load(resource("i18n"), "ja")
    assert both.text("action_quit") == "終了"
    assert both.explain(Message("empty_file")) == "ファイルが空です。"
    (tmp_path / "a.toml").write_text('[x]\nzh = "一"\nja = "一"\nen = "one"\n', encoding="utf-8")
    (tmp_path / "b.toml").write_text('[x]\nzh = "二"\nja = "二"\nen = "two"\n', encoding="utf-8")
    with pytest.raises(ValueError, match="x"):
        Catalog.load(tmp_path)

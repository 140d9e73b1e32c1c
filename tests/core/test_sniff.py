"""Sniffing by content: file type, text encoding ladder, delimiter, header row below title rows."""

from __future__ import annotations

import codecs

import pytest

from seller_gui.core.reading import sniff
from tests.core import exports


def test_kind_comes_from_bytes_not_name(tmp_path):
    xlsx = exports.write_xlsx(tmp_path / "orders.csv", exports.aupay_table())
    assert sniff.sniff_kind(xlsx.read_bytes()) == sniff.XLSX
    assert sniff.sniff_kind(exports.encrypted_ole(tmp_path / "x.xlsx").read_bytes()) == sniff.ENCRYPTED
    html = exports.html_xls(tmp_path / "x.xls", exports.qoo10_table())
    assert sniff.sniff_kind(html.read_bytes()) == sniff.HTML
    assert sniff.sniff_kind(exports.text_bytes(exports.aupay_table())) == sniff.TEXT
    assert sniff.sniff_kind(b"") == sniff.EMPTY
    assert sniff.sniff_kind(codecs.BOM_UTF8 + b"\r\n") == sniff.EMPTY
    assert sniff.sniff_kind(b"%PDF-1.7 ...") == sniff.UNSUPPORTED


@pytest.mark.parametrize(("data", "expected"), [
    ("注文番号,状態\n髙橋 ①子,取消\n".encode("cp932"), "cp932"),
    ("取消\n".encode("cp932"), "cp932"),  # a detector alone calls this big5
    ("123,456,789,髙\n".encode("cp932"), "cp932"),
    ("注文番号,状態\n".encode(), "utf-8"),
    (codecs.BOM_UTF8 + "注文番号\n".encode(), "utf-8-sig"),
    (codecs.BOM_UTF16_LE + "注文番号\t状態\n".encode("utf-16-le"), "utf-16"),
])
def test_encoding_ladder_tries_bom_then_utf8_then_cp932(data, expected):
    assert sniff.encoding_candidates(data)[0] == expected


def test_shift_jis_is_never_offered():
    data = "ｷｬﾝｾﾙ,①,髙\n".encode("cp932") * 50
    assert "shift_jis" not in sniff.encoding_candidates(data)


def test_euc_jp_found_by_the_restricted_detector():
    text = "注文番号,注文日時,ステータス,商品名\n" + "1001,2024/05/01,発送済み,北欧風マグカップ\n" * 30
    assert "euc_jp" in sniff.encoding_candidates(text.encode("euc_jp"))


def test_delimiter_from_the_widest_line_not_the_title():
    rows, delimiter = sniff.preview_text("注文一覧 2024年5月\norder-id\tsku\tqty\n1\ta\t2\n")
    assert delimiter == "\t"
    assert rows[1] == ["order-id", "sku", "qty"]


def test_html_rows_reads_the_table():
    rows = sniff.html_rows("<html><table><tr><th>a</th><th>b</th></tr><tr><td>1</td><td>x<br>y</td>"
                           "</tr></table></html>")
    assert rows == [["a", "b"], ["1", "x y"]]

"""Every word on screen exists in 简体中文, 日本語 and English."""

import re
from pathlib import Path

import pytest

from seller_gui.core.i18n import LANGUAGES, Catalog, language_from_locale
from seller_gui.resources_path import resource

ROOT = Path(__file__).resolve().parents[2]


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
        fields = {lang: set(re.findall(r"\{(\w+)\}", entry[lang])) for lang in LANGUAGES}
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

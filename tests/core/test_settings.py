"""The seller's settings survive a restart, and a damaged file never costs them what they typed."""

import json
import os
from pathlib import Path

import pytest

from seller_gui.core.analysis.rules import default_rules
from seller_gui.core.drafting.templates import ShopProfile
from seller_gui.core.storage.settings import (
    CUSTOM,
    ESTIMATE,
    OFFICIAL,
    SellerSettings,
    SettingsError,
    SettingsFile,
    effective_rules,
    overrides_from_values,
    rule_origin,
)
from tests.conftest import killed_save_leftover


def shop() -> ShopProfile:
    return ShopProfile("ハッピー雑貨店", "王 芳", "shop@example.jp", "03-0000-0000", "happy-01",
                       "営業時間 10:00-18:00")


def test_saved_settings_load_back_the_same(tmp_path):
    file = SettingsFile(tmp_path / "cfg" / "settings.json")
    settings = SellerSettings(shop(), "zh", {"aupay": {"limit": 0.05, "window_days": 60}})
    file.save(settings)
    loaded = SettingsFile(file.path).load()
    assert loaded.problem is None and loaded.backup is None
    assert loaded.settings == settings
    assert not [p for p in file.path.parent.iterdir() if p.name.endswith(".tmp")]


def test_a_missing_file_is_a_first_run_without_a_warning(tmp_path):
    loaded = SettingsFile(tmp_path / "settings.json").load()
    assert loaded.settings == SellerSettings() and loaded.problem is None


@pytest.mark.parametrize("content", [b"{\"shop\": {\"shop_name\": \"abc", b"\xff\xfe\x00garbage", b"[1, 2, 3]"])
def test_a_damaged_file_gives_defaults_a_warning_and_a_kept_copy(tmp_path, content):
    path = tmp_path / "settings.json"
    path.write_bytes(content)
    file = SettingsFile(path)
    loaded = file.load()
    assert loaded.settings == SellerSettings()
    assert loaded.problem
    assert loaded.backup is not None and loaded.backup.name.startswith("settings.json.corrupt-")
    assert loaded.backup.read_bytes() == content
    file.save(SellerSettings(language="ja"))  # the next save replaces it; the copy stays
    assert loaded.backup.read_bytes() == content
    assert SettingsFile(path).load().settings.language == "ja"


def test_wrong_types_and_out_of_range_values_are_reset_one_by_one(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({
        "shop": {"shop_name": "好店", "person": 42},
        "language": "fr",
        "rules": {"aupay": {"limit": 5, "window_days": 45, "due_soon_hours": "24"},
                  "nowhere": {"limit": 0.1}, "amazon": {"count_limit": True}},
    }), encoding="utf-8")
    loaded = SettingsFile(path).load()
    assert loaded.settings.profile.shop_name == "好店" and loaded.settings.profile.person == ""
    assert loaded.settings.language is None
    assert loaded.settings.rule_overrides == {"aupay": {"window_days": 45}}
    for name in ("shop.person", "language", "rules.aupay.limit", "rules.aupay.due_soon_hours",
                 "rules.nowhere", "rules.amazon.count_limit"):
        assert name in loaded.problem
    assert loaded.backup is not None and loaded.backup.exists()


def test_an_unreadable_file_is_not_overwritten_when_no_copy_can_be_kept(tmp_path, monkeypatch):
    path = tmp_path / "settings.json"
    path.write_text("{not json", encoding="utf-8")
    import shutil

    def no_copy(*_a, **_k):
        raise PermissionError("denied")

    monkeypatch.setattr(shutil, "copy2", no_copy)
    file = SettingsFile(path)
    loaded = file.load()
    assert loaded.problem and loaded.backup is None
    with pytest.raises(SettingsError, match="not overwritten"):
        file.save(SellerSettings(language="en"))
    assert path.read_text(encoding="utf-8") == "{not json"


def test_a_failed_save_leaves_the_old_file_and_no_temp_file(tmp_path, monkeypatch):
    file = SettingsFile(tmp_path / "settings.json")
    file.save(SellerSettings(language="zh"))
    before = file.path.read_bytes()

    def crash(*_a):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(SettingsError, match="could not be saved"):
        file.save(SellerSettings(language="en"))
    assert file.path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith(".lock")) == ["settings.json"]


def test_overrides_change_the_effective_rules_and_are_no_longer_official():
    base = default_rules()
    assert not base["amazon"].limit_is_estimate  # Amazon's 2.5% is published
    settings = SellerSettings(rule_overrides={"amazon": {"limit": 0.02}, "aupay": {"handling_days": 5}})
    rules = effective_rules(base, settings)
    assert rules["amazon"].limit == 0.02 and rules["amazon"].limit_is_estimate
    assert rules["aupay"].handling_days == 5 and rules["aupay"].limit == base["aupay"].limit
    assert rules["qoo10"] == base["qoo10"]
    assert rule_origin(base["amazon"], "limit", SellerSettings()) == OFFICIAL
    assert rule_origin(base["aupay"], "limit", SellerSettings()) == ESTIMATE
    assert rule_origin(base["amazon"], "limit", settings) == CUSTOM


def test_only_values_that_differ_from_the_profile_are_kept():
    base = default_rules()["aupay"]
    found = overrides_from_values(base, {"window_days": base.window_days, "limit": 0.07,
                                         "count_limit": None})
    assert found == {"limit": 0.07}
    with pytest.raises(ValueError):
        overrides_from_values(base, {"window_days": 0})


def test_a_huge_file_is_set_aside_once_without_being_read(tmp_path, monkeypatch):
    path = tmp_path / "settings.json"
    with path.open("wb") as handle:  # sparse: 300 MB on the file system, no time to write
        handle.truncate(300 * 2**20)
    real_read = Path.read_bytes

    def no_big_reads(self, *args, **kwargs):
        assert self != path, "the huge file was read"
        return real_read(self, *args, **kwargs)

    monkeypatch.setattr(Path, "read_text", lambda self, *a, **k: no_big_reads(self).decode())
    monkeypatch.setattr(Path, "read_bytes", no_big_reads)
    first = SettingsFile(path).load()
    assert first.problem and "not read" in first.problem and first.settings == SellerSettings()
    assert first.backup is not None and first.backup.stat().st_size == 300 * 2**20
    second = SettingsFile(path).load()
    assert second.problem is None
    assert [p.name for p in tmp_path.iterdir()] == [first.backup.name]


def test_a_damaged_file_is_copied_aside_once_over_many_starts(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text('{"language": "fr"', encoding="utf-8")
    backups = {SettingsFile(path).load().backup for _start in range(4)}
    assert len(backups) == 1
    assert len(list(tmp_path.glob("settings.json.corrupt-*"))) == 1
    path.write_text('{"language": "xx"', encoding="utf-8")  # damaged differently: a new copy
    assert SettingsFile(path).load().backup not in backups


def test_a_save_removes_a_killed_saves_temporary_file(tmp_path):
    path = tmp_path / "settings.json"
    stray = killed_save_leftover(path, '{"shop": {"shop_name": "半')
    SettingsFile(path).save(SellerSettings(language="ja"))
    assert not stray.exists()
    assert SettingsFile(path).load().settings.language == "ja"


def test_a_killed_saves_temporary_file_is_removed_at_the_next_start(tmp_path):
    path = tmp_path / "settings.json"
    SettingsFile(path).save(SellerSettings(language="zh"))
    stray = killed_save_leftover(path, '{"lang')
    assert SettingsFile(path).load().settings.language == "zh"
    assert not stray.exists()


def test_loading_without_a_file_creates_nothing(tmp_path):
    SettingsFile(tmp_path / "cfg" / "settings.json").load()
    assert list(tmp_path.iterdir()) == []

"""The app finds resources/ from a checkout, from an installed wheel, and frozen by PyInstaller."""

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import seller_gui.resources_path as rp

ROOT = Path(__file__).resolve().parents[1]


def test_from_a_checkout_it_is_the_top_level_folder():
    assert rp.resources_dir() == ROOT / "resources"
    assert rp.resource("demo", "aupay-demo-orders.csv").is_file()


def test_frozen_it_is_under_the_bundle_root(tmp_path, monkeypatch):
    (tmp_path / "resources" / "profiles").mkdir(parents=True)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert rp.resources_dir() == tmp_path / "resources"


def test_frozen_bundle_without_resources_says_what_is_missing(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    with pytest.raises(FileNotFoundError, match="resources folder"):
        rp.resources_dir()


@pytest.mark.slow
def test_from_an_installed_wheel_it_is_inside_the_package(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                    "-w", str(tmp_path / "dist"), str(ROOT)], check=True, capture_output=True)
    wheel = next((tmp_path / "dist").glob("seller_gui-*.whl"))
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
        zf.extractall(site)
    assert "seller_gui/resources/demo/aupay-demo-orders.csv" in names
    assert "seller_gui/resources/profiles/aupay.toml" in names
    # -S: no site-packages, so the editable install of the checkout cannot shadow the wheel
    code = "import seller_gui.resources_path as r; print(r.resources_dir())"
    out = subprocess.run([sys.executable, "-S", "-c", code], cwd=tmp_path, capture_output=True,
                         text=True, check=True, env={"PYTHONPATH": str(site)})
    assert Path(out.stdout.strip()) == site / "seller_gui" / "resources"

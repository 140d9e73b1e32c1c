"""The Windows version resource of seller-gui.exe, made from the version in pyproject.toml.

build.spec writes it at build time (PyInstaller's text form of a VSVersionInfo), so Explorer's
Properties > Details shows the same version as `seller-gui --version`. Text rather than the object:
PyInstaller's versioninfo module needs pefile, which only Windows builds install. To see it:

    python scripts/win_version_info.py [VERSION]
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PRODUCT = "Seller GUI"
DESCRIPTION = "Seller GUI"  # Task Manager and the SmartScreen prompt show this as the app's name
EXE_NAME = "seller-gui.exe"

_TEMPLATE = """\
VSVersionInfo(
  ffi=FixedFileInfo(
    filevers={numbers},
    prodvers={numbers},
    mask=0x3f,
    flags=0x0,
    OS=0x40004,
    fileType=0x1,
    subtype=0x0,
    date=(0, 0)
  ),
  kids=[
    StringFileInfo([
      StringTable('040904B0', [
        StringStruct('CompanyName', {product!r}),
        StringStruct('FileDescription', {description!r}),
        StringStruct('FileVersion', {version!r}),
        StringStruct('InternalName', 'seller-gui'),
        StringStruct('LegalCopyright', 'MIT License'),
        StringStruct('OriginalFilename', {exe!r}),
        StringStruct('ProductName', {product!r}),
        StringStruct('ProductVersion', {version!r})])
    ]),
    VarFileInfo([VarStruct('Translation', [0x0409, 0x04B0])])
  ]
)
"""


def project_version(pyproject: Path = ROOT / "pyproject.toml") -> str:
    return tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["version"]


def version_tuple(version: str) -> tuple[int, int, int, int]:
    """``"1.2.3rc1"`` -> ``(1, 2, 3, 0)``: Windows wants four 16-bit numbers; suffixes stay in the text."""
    numbers = [min(int(match.group()), 0xFFFF) for part in version.split(".")[:4]
               if (match := re.match(r"\d+", part))]
    numbers += [0] * (4 - len(numbers))
    return (numbers[0], numbers[1], numbers[2], numbers[3])


def version_info_text(version: str) -> str:
    """The resource in the text form EXE(version=<file>) reads (the format pyi-grab_version writes)."""
    return _TEMPLATE.format(numbers=version_tuple(version), version=version, product=PRODUCT,
                            description=DESCRIPTION, exe=EXE_NAME)


def write_version_info(folder: Path, version: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "win-version-info.txt"
    path.write_text(version_info_text(version), encoding="utf-8")
    return path


if __name__ == "__main__":
    print(version_info_text(sys.argv[1] if len(sys.argv) > 1 else project_version()), end="")

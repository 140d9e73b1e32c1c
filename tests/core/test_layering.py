"""The core package must stay importable and usable without Qt (DESIGN: core knows nothing of Qt)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_core_modules_never_import_qt():
    core = ROOT / "seller_gui" / "core"
    modules = sorted(f"seller_gui.core.{p.stem}" for p in core.glob("*.py") if p.stem != "__init__")
    code = (
        "import sys\n"
        f"for name in {modules!r}:\n"
        "    __import__(name)\n"
        "leaked = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6')))\n"
        "print(','.join(leaked))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == ""

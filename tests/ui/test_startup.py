"""The counter's start, guarded by what it loads (a start in about a second; the figures come
from ``tests.benchmarks.bench_counter``). A fresh process opens a shop and shows the window as
``shopkeeper`` does; the libraries that only other screens need must not be imported yet."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

# Only a preview, the letters, the import wizard or a saved email needs these (and below).
NOT_AT_START = (
    "reportlab",
    "openpyxl",
    "email_validator",
    "PySide6.QtPdf",
    "PySide6.QtPdfWidgets",
    "shopkeeper.printing",
    "shopkeeper.services.letters",
    "shopkeeper.services.importing",
    "shopkeeper.services.privacy",
    "shopkeeper.ui.printing.letters_view",
    "shopkeeper.ui.printing.preview",
    "shopkeeper.ui.data.import_wizard",
    "shopkeeper.ui.data.backups_view",
    # the welcome before a shop exists; the audit screen (the backup check needs only ``checks``)
    "shopkeeper.ui.first_run",
    "shopkeeper.ui.audit.view",
    "shopkeeper.ui.audit.model",
)

PROBE = """
import argparse, json, sys
from PySide6.QtCore import QSettings
from shopkeeper.ui import app as app_module
from shopkeeper.ui.main_window import MainWindow

qt_app = app_module.application()
database = app_module.open_shop(argparse.Namespace(db=sys.argv[1], demo=False))
window = MainWindow(database, QSettings(sys.argv[2], QSettings.Format.IniFormat))
window.show()
qt_app.processEvents()
print(json.dumps({
    "modules": sorted(sys.modules),
    "screen": window.current_view(),
    "built": [name for name in ("letters_view", "customers_view", "reports_view", "settings_view")
              if getattr(window, name).content is not None],
}))
window.close()
database.dispose()
"""


def _start(db_path: Path | str, tmp_path: Path) -> dict[str, object]:
    root = Path(__file__).resolve().parents[2]
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONPATH": str(root),
        "SHOPKEEPER_DATA_DIR": str(tmp_path / "data"),
    }
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(db_path), str(tmp_path / "window.ini")],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_window_starts_without_the_other_screens_libraries(db, db_path, tmp_path) -> None:
    started = _start(db_path, tmp_path)
    assert started["screen"] == "counter"
    loaded = [
        name
        for name in started["modules"]  # type: ignore[union-attr]
        if any(name == heavy or name.startswith(heavy + ".") for heavy in NOT_AT_START)
    ]
    assert loaded == []
    assert "shopkeeper.ui.counter.screen" in started["modules"]  # the probe did start it
    assert started["built"] == []  # the other screens are built when first shown

"""The version: ``shopkeeper --version``, Help › About, and the icon the window carries."""

from __future__ import annotations

import argparse
import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QSize

import shopkeeper
from shopkeeper import version
from shopkeeper.cli.main import main
from shopkeeper.resources import ICON_SIZES
from shopkeeper.storage.database import Database

PYPROJECT = Path(__file__).parents[2] / "pyproject.toml"


def test_version_option_prints_the_version_and_exits_0() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "shopkeeper", "--version"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    declared = tomllib.loads(PYPROJECT.read_text())["project"]["version"]
    assert result.stdout == f"shopkeeper {declared}\n"
    assert shopkeeper.__version__ == declared  # the fallback says the same


def test_version_comes_from_the_package_metadata_with_the_source_as_fallback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(metadata, "version", lambda _name: "7.8.9")
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out == "shopkeeper 7.8.9\n"

    def not_installed(name: str) -> str:
        raise metadata.PackageNotFoundError(name)

    monkeypatch.setattr(metadata, "version", not_installed)
    assert version.installed_version() == shopkeeper.__version__


def test_help_about_shows_the_installed_version(
    qtbot, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch  # noqa: ANN001
) -> None:
    from shopkeeper.ui import dialogs
    from shopkeeper.ui.main_window import MainWindow

    monkeypatch.setattr(metadata, "version", lambda _name: "7.8.9")
    shown: list[str] = []
    monkeypatch.setattr(dialogs, "inform", lambda _p, title, text, **_k: shown.append(title + text))
    window = MainWindow(db, QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.show()
    help_menu = window.menuBar().actions()[-1].menu()
    about = next(a for a in help_menu.actions() if a.text().replace("&", "").startswith("About"))
    about.trigger()
    assert shown and shown[0].startswith("About ShopkeeperShopkeeper 7.8.9\n")


def test_the_window_carries_the_application_icon_in_every_size(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch  # noqa: ANN001
) -> None:
    from PySide6.QtWidgets import QApplication

    from shopkeeper.ui import app as app_module
    from shopkeeper.ui.main_window import MainWindow

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # run() installs its own
    seen: list[tuple[bool, list[QSize]]] = []
    original = app_module.show_main_window

    def look(*args: object, **kwargs: object) -> MainWindow:
        window = original(*args, **kwargs)
        icon = window.windowIcon()
        seen.append((icon.isNull(), icon.availableSizes()))
        return window

    monkeypatch.setattr(app_module, "show_main_window", look)
    # --quit-after (the bundle's smoke test) closes the window by itself.
    shop = tmp_path / "bakery.db"
    from shopkeeper.cli.main import main

    assert main(["--db", str(shop), "shop", "init", "--name", "Bakery"]) == 0  # no welcome
    code = app_module.run(argparse.Namespace(db=str(shop), demo=False, quit_after=0.2))
    assert code == 0 and shop.exists()
    assert seen and seen[0][0] is False
    assert {QSize(s, s) for s in ICON_SIZES} <= set(seen[0][1])
    app = QApplication.instance()
    assert app.desktopFileName() == "shopkeeper"  # Wayland matches the window to the entry
    assert not app.windowIcon().isNull()

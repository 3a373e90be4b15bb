"""Starting the program: ``shopkeeper --demo`` builds the demo shop once, then opens it."""

from __future__ import annotations

import argparse
import sqlite3
import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from shopkeeper import settings
from shopkeeper.bootstrap import open_database
from shopkeeper.services import programme
from shopkeeper.services.search import search_customers
from shopkeeper.ui import app as app_module
from shopkeeper.ui import dialogs
from shopkeeper.ui.main_window import MainWindow


def run_and_look(args: argparse.Namespace) -> tuple[int, list[str]]:
    """Run the program; as soon as its window shows, note what it shows and close it."""
    seen: list[str] = []
    tries = iter(range(1500))  # 30 s: building the demo on a busy machine takes a while

    def look() -> None:
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
        visible = [w for w in windows if w.isVisible()]
        focused = bool(visible) and visible[0].counter_view.lookup.search.hasFocus()
        if not focused and next(tries, None) is not None:
            QTimer.singleShot(20, look)  # the window shows, then takes the focus
            return
        window = visible[0]
        seen.append(window.windowTitle())
        seen.append("search focused" if focused else "search not focused")
        window.close()

    QTimer.singleShot(0, look)
    code = app_module.run(args)
    return code, seen


def test_demo_is_built_on_first_use_then_reused(qtbot, monkeypatch) -> None:
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # run() installs its own
    monkeypatch.setattr(app_module, "DEMO_CUSTOMERS", 150)
    args = argparse.Namespace(db=None, demo=True)
    code, seen = run_and_look(args)
    assert code == 0
    assert seen == ["Shopkeeper — Demo Bakery  (demo shop)", "search focused"]
    path = settings.demo_database()
    assert path.exists()
    assert not path.with_name(path.name + ".part").exists()
    db = open_database(path)
    try:
        assert programme.load(db).shop.name == "Demo Bakery"
        assert len(search_customers(db, "a", limit=200)) > 20
    finally:
        db.dispose()
    built = path.stat().st_mtime_ns

    def must_not_build(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the demo shop was built twice")

    monkeypatch.setattr(app_module, "build_demo", must_not_build)
    code, seen = run_and_look(args)
    assert code == 0 and seen[0].startswith("Shopkeeper — Demo Bakery")
    assert path.stat().st_mtime_ns >= built
    assert (settings.data_dir() / "window.ini").exists()  # geometry and view were kept


def test_own_shop_opens_from_db_option(qtbot, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    target = tmp_path / "bakery.db"
    open_database(target).dispose()  # a shop in use (a new one first shows the welcome)
    code, seen = run_and_look(argparse.Namespace(db=str(target), demo=False))
    assert code == 0
    assert seen == ["Shopkeeper — My Shop", "search focused"]
    assert target.exists()


def test_a_database_from_a_newer_version_is_refused_with_a_message(
    qtbot,
    tmp_path,
    monkeypatch,
) -> None:
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    told: list[str] = []
    monkeypatch.setattr(dialogs, "inform", lambda _p, _t, message, **_k: told.append(message))
    target = tmp_path / "future.db"
    open_database(target).dispose()
    with sqlite3.connect(target) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    code = app_module.run(argparse.Namespace(db=str(target), demo=False))
    assert code == 1
    assert len(told) == 1 and "newer version of Shopkeeper" in told[0]


def test_the_program_backs_up_at_open_and_at_close(qtbot, tmp_path, monkeypatch) -> None:
    from shopkeeper.services import backups

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    target = tmp_path / "bakery.db"
    open_database(target).dispose()  # a shop in use (a new one first shows the welcome)
    code, _seen = run_and_look(argparse.Namespace(db=str(target), demo=False))
    assert code == 0
    db = open_database(target)
    try:
        reasons = sorted(b.reason for b in backups.list_backups(db))
    finally:
        db.dispose()
    assert "close" in reasons  # the open one may be skipped: the close one never is
    assert all(r in ("open", "close") for r in reasons)


def test_a_damaged_database_without_backup_is_explained_not_opened(
    qtbot, tmp_path, monkeypatch
) -> None:
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    told: list[str] = []
    monkeypatch.setattr(dialogs, "inform", lambda _p, _t, message, **_k: told.append(message))
    target = tmp_path / "broken.db"
    target.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4096)
    code = app_module.run(argparse.Namespace(db=str(target), demo=False))
    assert code == 1
    assert len(told) == 1 and "damaged" in told[0].lower()

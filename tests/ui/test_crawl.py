"""The crawl: the real window on a small demo shop; every screen and every menu action, twice in
a row, each dialog closed with Escape (or Cancel), with and without a customer open at the
counter. It fails on any exception that reaches ``sys.excepthook`` or the log.

It would have caught the first release's "Internal C++ object (QDialog) already deleted" (a
dialog closed, then the next one opened) and every dialog that breaks the second time."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from shopkeeper.bootstrap import open_database
from shopkeeper.services.demo import build_demo_shop
from shopkeeper.storage.database import Database
from shopkeeper.ui.main_window import MainWindow

from ..conftest import FakeClock
from .crawling import (
    answers,
    balances_off_ledger,
    close_dialogs,
    menu_actions,
    watching,
)

DEMO = {"customers": 40, "months": 6, "seed": 7}


@pytest.fixture
def demo_db(tmp_path) -> Iterator[Database]:  # noqa: ANN001
    db = open_database(tmp_path / "demo.db", shop_name="Demo Bakery")
    db.clock = FakeClock(datetime(2026, 11, 16, 10, 0, tzinfo=UTC))
    build_demo_shop(db, **DEMO)
    yield db
    db.dispose()


@pytest.fixture
def demo_window(qtbot, demo_db: Database, tmp_path) -> Iterator[MainWindow]:  # noqa: ANN001
    window = MainWindow(
        demo_db, QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat), demo=True
    )
    qtbot.addWidget(window)
    window.resize(1024, 768)
    window.show()
    qtbot.waitExposed(window)
    yield window
    window.close()


def settle(qtbot, window: MainWindow) -> None:  # noqa: ANN001
    """Let queued work finish: timers, worker results, deferred deletes."""
    qtbot.wait(5)
    qtbot.waitUntil(lambda: not window.operations.busy, timeout=10_000)
    QApplication.processEvents()


def a_card(db: Database) -> str:
    from sqlalchemy import text

    with db.engine.connect() as connection:
        return connection.execute(
            text(
                "SELECT card_number FROM customer WHERE archived_at IS NULL "
                "ORDER BY points_balance DESC LIMIT 1"
            )
        ).scalar_one()


def crawl(
    qtbot,  # noqa: ANN001
    window: MainWindow,
    db: Database,
    monkeypatch,  # noqa: ANN001
    *,
    menus: set[str] | None,
    states: tuple[str, ...],
    counter_buttons: bool,
) -> None:
    """Trigger the chosen menus' actions twice in each state, closing every dialog."""
    actions = [
        (name, a)
        for name, a in menu_actions(window)
        if not name.endswith("Quit") and (menus is None or name.split(" › ")[0] in menus)
    ]
    assert actions  # the menus are really there
    with watching(monkeypatch) as watch:
        for state in states:
            for round_ in (1, 2):
                for name, action in actions:
                    watch.step = f"{state}, round {round_}: {name}"
                    if state == "a customer open" and window.counter.profile.summary is None:
                        window.open_customer(a_card(db))  # first, or erased or archived before
                        settle(qtbot, window)
                    action.trigger()
                    settle(qtbot, window)
                    close_dialogs(qtbot)
                    settle(qtbot, window)
                    answers(qtbot)
        if counter_buttons:
            watch.step = "the counter's own buttons"
            window.show_view("counter")
            profile = window.counter_view.profile
            for _round in (1, 2):
                for button in (profile.print_button, profile.edit_button):
                    window.open_customer(a_card(db))
                    settle(qtbot, window)
                    assert button.isVisible() and button.isEnabled(), button.text()
                    button.click()
                    settle(qtbot, window)
                    close_dialogs(qtbot)
                    window.counter.escape()
                    settle(qtbot, window)
    assert not watch.problems, watch.report()
    assert balances_off_ledger(db) == []


BOTH = ("no customer open", "a customer open")


def test_crawl_every_screen_and_menu_action_twice(qtbot, demo_window, demo_db, monkeypatch):  # noqa: ANN001
    crawl(qtbot, demo_window, demo_db, monkeypatch, menus=None, states=BOTH, counter_buttons=True)
    quit_action = next(a for name, a in menu_actions(demo_window) if name.endswith("Quit"))
    quit_action.trigger()
    assert not demo_window.isVisible()



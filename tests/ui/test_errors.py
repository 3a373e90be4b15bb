"""Errors at the counter: a service's "no" is a message in the window; a bug is logged and
apologised for; the window keeps working and nothing is half-written."""

from __future__ import annotations

import sqlite3
import sys

import pytest
from PySide6.QtCore import QSettings

from shopkeeper.services import customers
from shopkeeper.services.ledger import ledger
from shopkeeper.storage import database
from shopkeeper.storage.database import Database
from shopkeeper.ui import dialogs, errors
from shopkeeper.ui.counter import booking as booking_module
from shopkeeper.ui.main_window import MainWindow
from tests.ui.conftest import press_enter
from tests.ui.test_booking import open_customer


def test_booking_for_a_customer_archived_meanwhile_is_refused_inline(
    qtbot,
    window: MainWindow,
    db,
    shop,
) -> None:
    open_customer(qtbot, window, shop.ona)
    customers.archive_customer(db, shop.ona)  # at another till
    amount = window.counter_view.profile.booking.amount
    qtbot.keyClicks(amount, "10")
    press_enter(qtbot, amount)
    result = window.counter_view.profile.booking.result.text()
    assert result == "Ona Žemaitė is archived; bring the customer back first."
    assert window.counter_view.profile.name.text() == "Ona Žemaitė  (archived)"  # reloaded
    assert [line.kind for line in ledger(db, shop.ona)] == ["welcome_bonus"]


@pytest.mark.sqlite_only("holds SQLite's write lock with a raw sqlite3 connection")
def test_a_busy_database_is_a_message_and_enter_again_books_once(
    qtbot,
    db_path,
    db,
    shop,
    clock,
    qsettings: QSettings,
    monkeypatch,
) -> None:
    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 200)  # a short wait for this till
    monkeypatch.setattr(database, "WRITE_BUDGET_S", 0.5)  # and a short budget of retries
    till = Database.open(db_path, clock=clock)
    win = MainWindow(till, qsettings)
    qtbot.addWidget(win)
    win.show()
    other_till = sqlite3.connect(db_path, isolation_level=None)
    try:
        open_customer(qtbot, win, shop.ona)
        other_till.execute("BEGIN IMMEDIATE")  # another till is in the middle of writing
        amount = win.counter_view.profile.booking.amount
        qtbot.keyClicks(amount, "15")
        press_enter(qtbot, amount)
        assert win.counter_view.profile.booking.result.text() == (
            "The database is busy (another till is writing). Please try again."
        )
        other_till.execute("COMMIT")
        press_enter(qtbot, amount)
        press_enter(qtbot, amount)
        assert [(e.kind, e.points) for e in ledger(db, shop.ona)] == [
            ("welcome_bonus", 50),
            ("visit", 15),
        ]
    finally:
        other_till.close()
        win.close()
        till.dispose()


@pytest.mark.qt_no_exception_capture
def test_a_bug_is_logged_and_apologised_for_and_the_window_goes_on(
    qtbot,
    window: MainWindow,
    db,
    shop,
    monkeypatch,
) -> None:
    told: list[str] = []
    monkeypatch.setattr(dialogs, "inform", lambda _p, _t, message, **_k: told.append(message))
    monkeypatch.setattr(sys, "excepthook", errors.handle_exception)

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("a bug in the booking")

    open_customer(qtbot, window, shop.ona)
    amount = window.counter_view.profile.booking.amount
    monkeypatch.setattr(booking_module, "record_visit", broken)
    qtbot.keyClicks(amount, "10")
    press_enter(qtbot, amount)
    qtbot.waitUntil(lambda: bool(told))
    assert str(errors.log_path()) in told[0]
    assert "RuntimeError: a bug in the booking" in errors.log_path().read_text(encoding="utf-8")
    assert [line.kind for line in ledger(db, shop.ona)] == ["welcome_bonus"]
    monkeypatch.undo()  # the service is back: the same window books normally
    press_enter(qtbot, amount)
    assert [line.kind for line in ledger(db, shop.ona)] == ["welcome_bonus", "visit"]
    assert window.isVisible()

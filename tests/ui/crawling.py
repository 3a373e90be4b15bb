"""Helpers for tests that use the whole window for a long time: a small demo shop, a watch that
fails on any exception reaching ``sys.excepthook`` or the log, a modal-dialog watchdog (a
nested event loop started by ``exec()`` is closed from a timer, the way a person presses
Escape), and the checks a long day needs (balances equal the ledger, the loop answers)."""

from __future__ import annotations

import logging
import sys
import time
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QDialog, QMenu, QWidget
from sqlalchemy import text

from shopkeeper.storage.database import Database
from shopkeeper.ui.main_window import MainWindow


@dataclass
class Watch:
    """What went wrong while it watched; ``problems`` is empty when all went well."""

    problems: list[str] = field(default_factory=list)
    modals_closed: list[str] = field(default_factory=list)
    step: str = ""

    def note(self, what: str) -> None:
        self.problems.append(f"[{self.step}] {what}")

    def report(self, full: int = 3) -> str:
        """One line per problem (where, and the error's last line), then the first in full."""
        lines = [p.split("] ", 1)[0] + "] " + p.strip().splitlines()[-1] for p in self.problems]
        return "\n".join(lines) + "\n\n" + "\n\n".join(self.problems[:full])


class _ErrorLog(logging.Handler):
    def __init__(self, watch: Watch) -> None:
        super().__init__(logging.ERROR)
        self.watch = watch

    def emit(self, record: logging.LogRecord) -> None:
        self.watch.note(f"log {record.levelname} {record.name}: {record.getMessage()[:2000]}")


@contextmanager
def watching(monkeypatch, *, close_modals: bool = True) -> Iterator[Watch]:  # noqa: ANN001
    """Record exceptions and ERROR logs; close whatever modal dialog is left running."""
    watch = Watch()

    def hook(kind, value, tb) -> None:  # noqa: ANN001
        watch.note("".join(traceback.format_exception(kind, value, tb))[-3000:])

    monkeypatch.setattr(sys, "excepthook", hook)
    handler = _ErrorLog(watch)
    root = logging.getLogger()
    root.addHandler(handler)
    timer = QTimer()
    timer.setInterval(25)

    def close_modal() -> None:
        modal = QApplication.activeModalWidget()
        if modal is None:
            return
        watch.modals_closed.append(f"{type(modal).__name__}: {modal.windowTitle()}")
        if isinstance(modal, QDialog):
            modal.reject()
        else:
            modal.close()

    if close_modals:
        timer.timeout.connect(close_modal)
        timer.start()
    try:
        yield watch
    finally:
        timer.stop()
        root.removeHandler(handler)


def open_dialogs() -> list[QDialog]:
    return [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, QDialog) and widget_alive(w) and w.isVisible()
    ]


def close_dialogs(qtbot) -> int:  # noqa: ANN001
    """Close every open dialog as a person does: Escape, and Cancel if Escape did not."""
    closed = 0
    for _round in range(5):
        shown = open_dialogs()
        if not shown:
            break
        for dialog in shown:
            if not widget_alive(dialog) or not dialog.isVisible():
                continue  # closed along with another one
            dialog.activateWindow()
            qtbot.keyClick(dialog, Qt.Key.Key_Escape)
            QApplication.processEvents()
            if widget_alive(dialog) and dialog.isVisible():
                dialog.reject()  # Escape did not close it: Cancel
            closed += 1
        QApplication.processEvents()
    return closed


def menu_actions(window: MainWindow) -> list[tuple[str, QAction]]:
    """Every action of the menu bar, with its menu path ("File › Backups and restore…")."""
    found: list[tuple[str, QAction]] = []

    def walk(menu: QMenu, path: str) -> None:
        for action in menu.actions():
            if action.isSeparator():
                continue
            name = f"{path} › {action.text().replace('&', '')}"
            if action.menu() is not None:
                walk(action.menu(), name)
            else:
                found.append((name, action))

    for top in window.menuBar().actions():
        if top.menu() is not None:
            walk(top.menu(), top.text().replace("&", ""))
    return found


def answers(qtbot, *, within_ms: int = 5000) -> float:  # noqa: ANN001
    """Seconds the event loop took to run a timer posted now; fails when it stops answering."""
    ran: list[float] = []
    started = time.perf_counter()
    QTimer.singleShot(0, lambda: ran.append(time.perf_counter()))
    qtbot.waitUntil(lambda: bool(ran), timeout=within_ms)
    return ran[0] - started


def balances_off_ledger(db: Database) -> list[tuple[str, int, int]]:
    """Customers whose cached balance differs from the sum of their ledger entries."""
    with db.engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT c.card_number, c.points_balance, COALESCE(SUM(l.points), 0) AS total "
                "FROM customer c LEFT JOIN ledger_entry l ON l.customer_id = c.id "
                "GROUP BY c.id HAVING c.points_balance != COALESCE(SUM(l.points), 0)"
            )
        ).all()
    return [(r[0], r[1], r[2]) for r in rows]


def widget_alive(widget: QWidget) -> bool:
    import shiboken6

    return shiboken6.isValid(widget)

"""File › Backups on the window's one path to the data: "Back up now" is an ``Operations`` job
(shown in the status bar like every long work), the screen has no thread of its own, and closing
it while a backup runs neither loses the backup nor calls into the deleted screen."""

from __future__ import annotations

import threading

import pytest
import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QThread, QThreadPool
from PySide6.QtWidgets import QApplication

from shopkeeper.services import backups
from shopkeeper.services.customers import create_customer
from shopkeeper.ui.data import BackupsView
from shopkeeper.ui.main_window import MainWindow
from shopkeeper.ui.operations import Job, Operations
from tests.ui.crawling import watching

pytestmark = pytest.mark.sqlite_only("backups of the SQLite file")


def test_back_up_now_runs_as_a_job_of_the_windows_operations(qtbot, db) -> None:  # noqa: ANN001
    operations = Operations(db)
    jobs: list[Job] = []
    operations.job_started.connect(jobs.append)
    view = BackupsView(db, operations=operations)  # as the window builds it
    qtbot.addWidget(view)
    view.show()
    create_customer(db, name="Žemaitė Ona")
    with qtbot.waitSignal(view.backed_up, timeout=10_000) as signal:
        qtbot.mouseClick(view.backup_button, Qt.MouseButton.LeftButton)
        # While it runs: the screen says so and refuses a second click or a restore.
        assert view.message.text() == "Backing up…"
        assert not view.backup_button.isEnabled() and not view.restore_button.isEnabled()
    # One job of the shared Operations, labelled for the status bar, without a Cancel that
    # could not stop a copy half-way; then the tamper check of the books (issue 12).
    assert [(job.label, job.cancellable) for job in jobs] == [
        ("Backing up", False), ("Checking the books for tampering", False)
    ]  # fmt: skip
    qtbot.waitUntil(lambda: view.chains.last is not None, timeout=10_000)
    assert view.chains.last.intact
    # No thread of its own: no worker, pool, thread or runnable under the screen.
    assert view.findChildren(QThreadPool) == [] and view.findChildren(QThread) == []
    assert not [o for o in view.findChildren(QObject) if type(o).__name__ == "Worker"]
    done = signal.args[0]
    assert done.path.is_file() and done.reason == "manual"
    assert [b.path for b in backups.list_backups(db)] == [done.path]
    assert view.table.rowCount() == 1 and view.table.item(0, 1).text() == "By hand"
    assert view.message.text().startswith(f"Backed up and checked: {done.path.name} (")
    assert view.backup_button.isEnabled()


def test_closing_the_screen_while_it_backs_up_keeps_the_backup_and_raises_nothing(
    qtbot, window: MainWindow, db, monkeypatch  # noqa: ANN001
) -> None:
    progress = window.findChild(QObject, "job_progress")
    before = backups.list_backups(db)
    real = backups.back_up
    gate = threading.Event()

    def held_back_up(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202 - the real backup, later
        gate.wait(5)
        return real(*args, **kwargs)

    monkeypatch.setattr(backups, "back_up", held_back_up)
    with watching(monkeypatch, close_modals=False) as watch:
        for _round in range(2):  # twice in a row, as a person would
            gate.clear()
            dialog = window.show_backups()
            view = dialog.findChild(BackupsView)
            qtbot.mouseClick(view.backup_button, Qt.MouseButton.LeftButton)
            assert progress is not None and progress.isVisible()  # the status bar shows it
            assert progress.label.text() == "Backing up…"
            dialog.close()  # deleted on close, while the copy is still being made
            QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
            assert not shiboken6.isValid(view)
            gate.set()
            assert window.operations.wait(10_000)
            qtbot.waitUntil(lambda: not progress.isVisible(), timeout=5000)
    assert watch.problems == [], watch.report()
    after = backups.list_backups(db)
    assert len(after) >= len(before) + 1  # the backup was made all the same
    assert "manual" in {b.reason for b in after}

"""Automatic backups while the window is open: at opening (unless one is under an hour old),
daily, and at closing. The copies run as jobs of ``Operations``, off the GUI thread."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer

from shopkeeper.i18n import _
from shopkeeper.services import backups
from shopkeeper.ui.audit.checks import ChainCheck
from shopkeeper.ui.operations import Operations

LOOK_EVERY_MS = 3_600_000  # an hourly look; ``auto_backup`` backs up once a day


class BackupSchedule(QObject):
    def __init__(self, operations: Operations, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.operations = operations
        self._timer = QTimer(self)
        self._timer.setInterval(LOOK_EVERY_MS)
        self._timer.timeout.connect(self._daily)
        self.chains = ChainCheck(operations)  # the tamper check after each backup

    def start(self) -> None:
        """The real program calls this once the window shows; tests of screens need not."""
        self._run("open")
        self._timer.start()

    def _daily(self) -> None:
        self._run("daily")

    def _run(self, reason: str) -> None:
        self.operations.start(
            lambda control: backups.auto_backup(control.db, reason),
            label=_("Backing up"),
            cancellable=False,
            on_done=self._done,
        )

    def _done(self, done: object) -> None:
        if done is not None:
            self.operations.notice.emit(_("Backed up."))
            self.chains.run()

    def on_close(self) -> None:
        """The backup when the program closes (after the window is gone, before the database)."""
        self._timer.stop()
        self.operations.read(backups.auto_backup, "close")

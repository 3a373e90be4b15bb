"""Backups: the list, "Back up now", the folder they go to, and restoring one.

Every call to the data goes through ``ui.operations.Operations``. A backup runs on a worker
thread (the online backup API lets the counter keep working). A restore asks first
(``dialogs.ask``, which tests replace), saying exactly what it would lose when the file is
another shop's or bookings were made since it was taken, then runs on the GUI thread so that
nothing of this widget touches the database meanwhile: ``about_to_restore`` is emitted first so
the window can stop its own background work, ``restored`` after, so every screen reloads.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from shopkeeper.domain.errors import ShopkeeperError
from shopkeeper.services.backups import BackupDone, BackupInfo, Restored, describe_risk
from shopkeeper.storage.database import Database
from shopkeeper.ui import dialogs
from shopkeeper.ui.operations import Operations, Worker
from shopkeeper.ui.style import ERROR_STYLE, OK_STYLE

REASONS = {
    "manual": "By hand",
    "open": "At opening",
    "close": "At closing",
    "daily": "Daily",
    "restore": "Before a restore",
}


def choose_folder(parent: QWidget | None, current: str) -> str | None:
    """Where backups go (a native dialog; tests replace this function)."""
    return QFileDialog.getExistingDirectory(parent, "Keep backups in", current) or None


def size_text(size: int) -> str:
    return f"{size / 2**20:.1f} MB" if size >= 2**20 else f"{max(1, size // 1024)} kB"


class BackupsView(QWidget):
    """Standalone: ``BackupsView(db)``; in the window it shares the window's ``operations``."""

    backed_up = Signal(object)  # BackupDone
    about_to_restore = Signal()
    restored = Signal(object)  # Restored

    def __init__(
        self,
        db: Database,
        parent: QWidget | None = None,
        *,
        operations: Operations | None = None,
    ) -> None:
        super().__init__(parent)
        self._ops = operations or Operations(db, self)
        self._worker = Worker(self, threads=1)
        self.items: list[BackupInfo] = []
        self.busy = False

        self.folder_label = QLabel("", self)
        self.folder_label.setObjectName("backup_folder")
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.folder_button = QPushButton("Change folder…", self)
        self.default_button = QPushButton("Default folder", self)
        top = QHBoxLayout()
        top.addWidget(QLabel("Backups are kept in", self))
        top.addWidget(self.folder_label, 1)
        top.addWidget(self.folder_button)
        top.addWidget(self.default_button)

        self.table = QTableWidget(0, 4, self)
        self.table.setHorizontalHeaderLabels(["Taken", "Why", "Size", "File"])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(0, 150)

        self.backup_button = QPushButton("Back up now", self)
        self.restore_button = QPushButton("Restore the selected backup…", self)
        self.restore_button.setEnabled(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.backup_button)
        buttons.addStretch(1)
        buttons.addWidget(self.restore_button)
        self.message = QLabel("", self)
        self.message.setObjectName("backup_message")
        self.message.setWordWrap(True)
        note = QLabel(
            "A backup is taken when Shopkeeper opens and closes and once a day; the newest "
            "of each of the last 7 days, 4 weeks and 12 months are kept.",
            self,
        )
        note.setWordWrap(True)
        note.setStyleSheet("color: #555555;")

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addWidget(note)

        self.backup_button.clicked.connect(self.back_up_now)
        self.restore_button.clicked.connect(self.restore_selected)
        self.folder_button.clicked.connect(self.change_folder)
        self.default_button.clicked.connect(lambda: self._set_folder(None))
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.refresh()

    # -- list --------------------------------------------------------------------------------
    def refresh(self) -> None:
        try:
            folder = self._ops.backup_folder()
            self.items = self._ops.list_backups()
        except ShopkeeperError as error:
            self._say(str(error), error=True)
            self.items = []
            self.backup_button.setEnabled(False)
            return
        self.folder_label.setText(str(folder))
        self.table.setRowCount(len(self.items))
        for row, item in enumerate(self.items):
            cells = (
                item.at.astimezone().strftime("%Y-%m-%d %H:%M"),
                REASONS.get(item.reason, item.reason),
                size_text(item.size),
                item.path.name,
            )
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setToolTip(str(item.path))
                self.table.setItem(row, column, cell)
        self._selection_changed()

    def selected(self) -> BackupInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.items[rows[0].row()] if rows else None

    def _selection_changed(self) -> None:
        self.restore_button.setEnabled(self.selected() is not None and not self.busy)

    def _say(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(ERROR_STYLE if error else OK_STYLE)

    # -- back up -----------------------------------------------------------------------------
    def back_up_now(self) -> None:
        if self.busy:
            return
        self.busy = True
        self.backup_button.setEnabled(False)
        self._say("Backing up…")
        ops = self._ops
        self._worker.start(
            lambda: ops.back_up("manual"),
            on_done=self._backed_up,
            on_error=self._refused,
            on_crash=lambda _error: self._refused(
                ShopkeeperError("The backup failed unexpectedly; see the log.")
            ),
        )

    def _backed_up(self, done: BackupDone) -> None:
        self.busy = False
        self.backup_button.setEnabled(True)
        removed = f" {len(done.removed)} old backup(s) rotated out." if done.removed else ""
        self._say(f"Backed up and checked: {done.path.name} ({size_text(done.size)}).{removed}")
        self.refresh()
        self.backed_up.emit(done)

    def _refused(self, error: ShopkeeperError) -> None:
        self.busy = False
        self.backup_button.setEnabled(True)
        self._say(str(error), error=True)
        self.refresh()

    def wait(self, msecs: int = 30_000) -> bool:
        return self._worker.wait(msecs)

    # -- folder ------------------------------------------------------------------------------
    def change_folder(self) -> None:
        folder = choose_folder(self, self.folder_label.text())
        if folder:
            self._set_folder(folder)

    def _set_folder(self, folder: str | None) -> None:
        try:
            chosen = self._ops.set_backup_folder(folder)
        except ShopkeeperError as error:
            self._say(str(error), error=True)
            return
        self._say(f"Backups now go to {chosen}.")
        self.refresh()

    # -- restore -----------------------------------------------------------------------------
    def restore_selected(self) -> None:
        item = self.selected()
        if item is None or self.busy:
            return
        self.restore_file(item.path, taken=item.at.astimezone().strftime("%Y-%m-%d %H:%M"))

    def restore_file(self, path: Path, *, taken: str | None = None) -> Restored | None:
        """Ask, then restore ``path`` over the shop's database (checked first). When the file
        is another shop's or bookings were made since it was taken, the question says exactly
        what would be lost."""
        try:
            check = self._ops.check_backup_file(path)
            risk = self._ops.restore_risk(path)
        except ShopkeeperError as error:
            self._say(str(error), error=True)
            return None
        when = f"taken {taken}" if taken else path.name
        warning = f"{describe_risk(risk)}\n\n" if risk.needs_consent else ""
        if not dialogs.ask(
            self,
            "Restore a backup",
            f"Replace the shop's data with the backup {when} ({check.customers} customers)?\n\n"
            f"{warning}The database as it is now is kept beside it, so this can be undone by "
            "restoring that file.",
        ):
            return None
        self.about_to_restore.emit()
        try:
            done = self._ops.restore_backup(path, confirmed=True)  # the question said it all
        except ShopkeeperError as error:
            self._say(str(error), error=True)
            return None
        aside = f" The previous data is kept as {done.kept_aside.name}." if done.kept_aside else ""
        self._say(f"Restored the backup {when}: {done.customers} customers.{aside}")
        self.refresh()
        self.restored.emit(done)
        return done

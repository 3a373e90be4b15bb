"""Backups: the list, "Back up now", the folder they go to, and restoring one.

Every call to the data goes through ``ui.operations.Operations``, the window's own when it is
given one. "Back up now" is one of its jobs: it runs on a worker thread (the online backup API
lets the counter keep working) and shows in the window's status bar like any other long work;
the view has no thread of its own. A restore asks first (``dialogs.ask``, which tests replace),
saying exactly what it would lose when the file is another shop's or bookings were made since
it was taken, then runs on the GUI thread so that nothing of this widget touches the database
meanwhile: ``about_to_restore`` is emitted first so the window can stop its background work,
``restored`` after, so every screen reloads.
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
from shopkeeper.i18n import N_, _, ngettext
from shopkeeper.present.audit import restored_warning
from shopkeeper.present.numbers import Numbers
from shopkeeper.services.backups import BackupDone, BackupInfo, Restored, describe_risk
from shopkeeper.ui import dialogs
from shopkeeper.ui.audit.checks import ChainCheck
from shopkeeper.ui.data.common import as_operations
from shopkeeper.ui.models.base import shop_numbers
from shopkeeper.ui.operations import Job, Operations
from shopkeeper.ui.style import ERROR_STYLE, OK_STYLE

REASONS = {
    "manual": N_("By hand"),
    "open": N_("At opening"),
    "close": N_("At closing"),
    "daily": N_("Daily"),
    "restore": N_("Before a restore"),
}


def choose_folder(parent: QWidget | None, current: str) -> str | None:
    """Where backups go (a native dialog; tests replace this function)."""
    return QFileDialog.getExistingDirectory(parent, _("Keep backups in"), current) or None


def size_text(size: int, numbers: Numbers | None = None) -> str:
    numbers = numbers or Numbers()
    if size >= 2**20:
        return _("{size} MB").format(size=numbers.number(size / 2**20, decimals=1))
    return _("{size} kB").format(size=numbers.number(max(1, size // 1024)))


def reason_text(reason: str) -> str:
    """Why a backup was taken, in words; a reason of a newer version shows as itself."""
    return _(REASONS[reason]) if reason in REASONS else reason


def _taken(item: BackupInfo) -> str:
    return item.at.astimezone().strftime("%Y-%m-%d %H:%M")


class BackupsView(QWidget):
    """``BackupsView(operations)``: in the window, the window's ``Operations``. Standalone,
    ``BackupsView(db)`` wraps the database in an ``Operations`` of its own (the view never
    holds it). The window's older call ``BackupsView(db, operations=ops)`` uses ``ops``."""

    backed_up = Signal(object)  # BackupDone
    about_to_restore = Signal()
    restored = Signal(object)  # Restored

    def __init__(
        self,
        source: Operations | object,
        parent: QWidget | None = None,
        *,
        operations: Operations | None = None,
    ) -> None:
        super().__init__(parent)
        ops = operations or as_operations(source, self)
        self._ops = ops
        self._numbers = shop_numbers(ops)
        self.items: list[BackupInfo] = []
        self.busy = False
        self.job: Job | None = None  # "Back up now" while it runs
        self.chains = ChainCheck(ops, on_broken=self._chain_broken)  # after each backup

        self.folder_label = QLabel("", self)
        self.folder_label.setObjectName("backup_folder")
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.folder_button = QPushButton(_("Change folder…"), self)
        self.default_button = QPushButton(_("Default folder"), self)
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Backups are kept in"), self))
        top.addWidget(self.folder_label, 1)
        top.addWidget(self.folder_button)
        top.addWidget(self.default_button)

        self.table = QTableWidget(0, 4, self)
        self.table.setHorizontalHeaderLabels([_("Taken"), _("Why"), _("Size"), _("File")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(0, 150)

        self.backup_button = QPushButton(_("Back up now"), self)
        self.restore_button = QPushButton(_("Restore the selected backup…"), self)
        self.restore_button.setEnabled(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.backup_button)
        buttons.addStretch(1)
        buttons.addWidget(self.restore_button)
        self.message = QLabel("", self)
        self.message.setObjectName("backup_message")
        self.message.setWordWrap(True)
        note = QLabel(
            _(
                "A backup is taken when Shopkeeper opens and closes and once a day; the newest "
                "of each of the last 7 days, 4 weeks and 12 months are kept."
            ),
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
        self.default_button.clicked.connect(self.use_default_folder)
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
                _taken(item),
                reason_text(item.reason),
                size_text(item.size, self._numbers),
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
    def back_up_now(self) -> Job | None:
        """One ``Operations`` job (the status bar shows it). The copy cannot stop half-way, so
        it offers no Cancel; closing this screen only drops the answer."""
        if self.busy:
            return None
        self.busy = True
        self.backup_button.setEnabled(False)
        self.restore_button.setEnabled(False)
        self._say(_("Backing up…"))
        ops = self._ops
        self.job = ops.start(
            lambda _control: ops.back_up("manual"),  # safe there: it opens its own connection
            label=_("Backing up"),
            on_done=self._backed_up,
            on_error=self._refused,
            on_crash=self._crashed,
            cancellable=False,
        )
        self.destroyed.connect(self.job.discard)  # the screen went: drop the answer
        return self.job

    def _backed_up(self, done: BackupDone) -> None:
        self._idle()
        text = _("Backed up and checked: {file} ({size}).").format(
            file=done.path.name, size=size_text(done.size, self._numbers)
        )
        if done.removed:
            rotated = ngettext(
                "{n} old backup rotated out.", "{n} old backups rotated out.", len(done.removed)
            ).format(n=self._numbers.number(len(done.removed)))
            text = f"{text} {rotated}"
        self._say(text)
        self.refresh()
        self.chains.run()  # the tamper check, on a worker; a broken chain warns
        self.backed_up.emit(done)

    def _chain_broken(self, text: str) -> None:
        self._say(text, error=True)

    def _refused(self, error: ShopkeeperError) -> None:
        self._idle()
        self._say(str(error), error=True)
        self.refresh()

    def _crashed(self, _error: BaseException) -> None:
        self._refused(ShopkeeperError(_("The backup failed unexpectedly; see the log.")))

    def _idle(self) -> None:
        self.busy = False
        self.job = None
        self.backup_button.setEnabled(True)

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until the window's background work has run (tests, closing)."""
        return self._ops.wait(msecs)

    # -- folder ------------------------------------------------------------------------------
    def change_folder(self) -> None:
        folder = choose_folder(self, self.folder_label.text())
        if folder:
            self._set_folder(folder)

    def use_default_folder(self) -> None:
        self._set_folder(None)

    def _set_folder(self, folder: str | None) -> None:
        try:
            chosen = self._ops.set_backup_folder(folder)
        except ShopkeeperError as error:
            self._say(str(error), error=True)
            return
        self._say(_("Backups now go to {folder}.").format(folder=chosen))
        self.refresh()

    # -- restore -----------------------------------------------------------------------------
    def restore_selected(self) -> None:
        item = self.selected()
        if item is None or self.busy:
            return
        self.restore_file(item.path, taken=_taken(item))

    def restore_file(self, path: Path, *, taken: str | None = None) -> Restored | None:
        """Ask, then restore ``path`` over the shop's database (checked first). When the file
        is another shop's or bookings were made since it was taken, the question says exactly
        what would be lost."""
        if self.busy:
            return None  # a backup is being written: restore after it
        try:
            check = self._ops.check_backup_file(path)
            risk = self._ops.restore_risk(path)
        except ShopkeeperError as error:
            self._say(str(error), error=True)
            return None
        customers = ngettext("{n} customer", "{n} customers", check.customers).format(
            n=self._numbers.number(check.customers)
        )
        warning = f"{describe_risk(risk)}\n\n" if risk.needs_consent else ""
        kept = _(
            "The database as it is now is kept beside it, so this can be undone by restoring "
            "that file."
        )
        if taken:
            question = _(
                "Replace the shop's data with the backup taken {when} ({customers})?"
            ).format(when=taken, customers=customers)
        else:
            question = _("Replace the shop's data with the backup {file} ({customers})?").format(
                file=path.name, customers=customers
            )
        question = f"{question}\n\n{warning}{kept}"
        if not dialogs.ask(self, _("Restore a backup"), question):
            return None
        self.about_to_restore.emit()
        try:
            done = self._ops.restore_backup(path, confirmed=True)  # the question said it all
        except ShopkeeperError as error:
            self._say(str(error), error=True)
            return None
        restored = ngettext("{n} customer", "{n} customers", done.customers).format(
            n=self._numbers.number(done.customers)
        )
        if taken:
            text = _("Restored the backup taken {when}: {customers}.").format(
                when=taken, customers=restored
            )
        else:
            text = _("Restored the backup {file}: {customers}.").format(
                file=path.name, customers=restored
            )
        if done.kept_aside:
            aside = _("The previous data is kept as {file}.").format(file=done.kept_aside.name)
            text = f"{text} {aside}"
        checked = done.verification  # the restored file's hash chains (services.integrity)
        if checked is not None and not checked.intact:
            self._say(f"{text} {restored_warning(checked)}", error=True)
            self.refresh()
            self.restored.emit(done)
            return done
        self._say(text)
        self.refresh()
        self.restored.emit(done)
        return done


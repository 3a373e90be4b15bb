"""The Audit log screen: who changed what, when, at which till; filtered by person,
customer, kind and period; exported to CSV; a double-click opens the customer.

Layout and wiring only: the rows come from ``services.audit`` through ``Operations``.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from shopkeeper.domain.calendar import parse_day
from shopkeeper.domain.errors import ShopkeeperError
from shopkeeper.i18n import _, ngettext
from shopkeeper.present.audit import KIND_LABELS
from shopkeeper.services import audit
from shopkeeper.ui.audit.model import AuditTableModel, CardRole
from shopkeeper.ui.operations import Change, Operations

ROW_HEIGHT = 24
ERROR_STYLE = "color: #b00020;"


def ask_csv_path(parent: QWidget | None, suggested: str) -> str | None:
    """Where to save the CSV; None when cancelled (tests replace this function)."""
    path, _filter = QFileDialog.getSaveFileName(
        parent, _("Export as CSV"), suggested, _("CSV files ({pattern})").format(pattern="*.csv")
    )
    if not path:
        return None
    return path if path.lower().endswith(".csv") else path + ".csv"


class AuditView(QWidget):
    open_customer = Signal(str)  # a card number, double-clicked

    def __init__(self, operations: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("audit_view")
        self.operations = operations
        self.filter = audit.AuditFilter()

        self.staff = QLineEdit(self)
        self.staff.setObjectName("audit_staff")
        self.staff.setPlaceholderText(_("Person"))
        self.card = QLineEdit(self)
        self.card.setObjectName("audit_card")
        self.card.setPlaceholderText(_("Card number"))
        self.kind = QComboBox(self)
        self.kind.setObjectName("audit_kind")
        self.kind.addItem(_("Every kind"), None)
        for code, label in KIND_LABELS.items():
            self.kind.addItem(_(label), code)
        self.since = QLineEdit(self)
        self.since.setObjectName("audit_from")
        self.since.setPlaceholderText(_("From (YYYY-MM-DD)"))
        self.until = QLineEdit(self)
        self.until.setObjectName("audit_to")
        self.until.setPlaceholderText(_("To (YYYY-MM-DD)"))
        self.apply_button = QPushButton(_("Show"), self)
        self.apply_button.setObjectName("audit_apply")
        self.export_button = QPushButton(_("Export CSV…"), self)
        self.export_button.setObjectName("audit_export")
        self.message = QLabel("", self)
        self.message.setObjectName("audit_message")
        self.message.setWordWrap(True)

        self.model = AuditTableModel(self._fetch, self)
        self.table = QTableView(self)
        self.table.setObjectName("audit_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        vertical = self.table.verticalHeader()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # never ResizeToContents
        vertical.setDefaultSectionSize(ROW_HEIGHT)
        vertical.hide()
        horizontal = self.table.horizontalHeader()
        horizontal.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        horizontal.setStretchLastSection(True)
        for column, width in enumerate((130, 110, 130, 170, 100)):
            self.table.setColumnWidth(column, width)

        filters = QHBoxLayout()
        for widget in (self.staff, self.card, self.kind, self.since, self.until):
            filters.addWidget(widget)
        filters.addWidget(self.apply_button)
        filters.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)

        for line in (self.staff, self.card, self.since, self.until):
            line.returnPressed.connect(self.apply)
        self.apply_button.clicked.connect(self.apply)
        self.kind.currentIndexChanged.connect(self.apply)
        self.export_button.clicked.connect(self.export_csv)
        self.table.doubleClicked.connect(self._double_clicked)
        operations.changed.connect(self._changed)
        self.model.reset()

    # -- behaviour -------------------------------------------------------------------------
    def _fetch(self, offset: int, limit: int) -> list[audit.AuditRow]:
        rows = self.operations.read(
            audit.entries, self.filter, offset=offset, limit=limit, on_error=self._refused
        )
        return rows or []

    def _read_filter(self) -> audit.AuditFilter:
        """The filter typed in; a wrong date raises ``InvalidInput`` (shown inline)."""
        since, until = self.since.text().strip(), self.until.text().strip()
        return audit.AuditFilter(
            card=self.card.text().strip() or None,
            staff=self.staff.text().strip() or None,
            kind=self.kind.currentData(),
            since=parse_day(since) if since else None,
            until=parse_day(until) if until else None,
        )

    def apply(self) -> None:
        try:
            self.filter = self._read_filter()
        except ShopkeeperError as error:
            self._refused(error)
            return
        self.message.clear()
        self.model.reset()
        if self.message.text():
            return  # an unknown card: said inline, the table stays empty
        total = self.operations.read(audit.count_entries, self.filter, on_error=self._refused)
        if total is not None:
            self._say(ngettext("{n} row", "{n} rows", total).format(n=total))

    def export_csv(self) -> None:
        path = ask_csv_path(self, "audit-log.csv")
        if path is None:
            return
        count = self.operations.read(audit.write_csv, self.filter, path, on_error=self._refused)
        if count is not None:
            self._say(
                ngettext("{n} row exported to {file}.", "{n} rows exported to {file}.", count)
                .format(n=count, file=path)
            )

    def _double_clicked(self, index: QModelIndex) -> None:
        card = self.model.data(index, CardRole)
        if card:
            self.open_customer.emit(card)

    def _changed(self, _change: Change) -> None:
        if self.isVisible():
            self.model.reset()

    def _say(self, text: str) -> None:
        self.message.setStyleSheet("")
        self.message.setText(text)

    def _refused(self, error: ShopkeeperError) -> None:
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setText(str(error))

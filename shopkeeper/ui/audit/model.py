"""The audit log as a table model: pages of rows fetched as the view scrolls
(``canFetchMore``/``fetchMore``), filtered and ordered by SQL (``services.audit``)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from shopkeeper.i18n import N_, _
from shopkeeper.present import audit as words
from shopkeeper.services.audit import AuditRow

PAGE = 200
CardRole = Qt.ItemDataRole.UserRole + 1
ObjectRole = Qt.ItemDataRole.UserRole + 2
COLUMNS = (N_("When"), N_("Who"), N_("Till"), N_("What"), N_("Card"), N_("Changes"))
Fetch = Callable[[int, int], list[AuditRow]]  # (offset, limit) -> rows, newest first

_Index = QModelIndex | QPersistentModelIndex


class AuditTableModel(QAbstractTableModel):
    def __init__(self, fetch: Fetch, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self._fetch = fetch
        self._rows: list[AuditRow] = []
        self._more = True

    def reset(self, fetch: Fetch | None = None) -> None:
        """Start again from the newest row (new filters, or the log grew)."""
        self.beginResetModel()
        if fetch is not None:
            self._fetch = fetch
        self._rows, self._more = [], True
        self.endResetModel()
        if self.canFetchMore(QModelIndex()):
            self.fetchMore(QModelIndex())

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(COLUMNS)

    def canFetchMore(self, parent: _Index) -> bool:  # noqa: N802
        return not parent.isValid() and self._more

    def fetchMore(self, parent: _Index) -> None:  # noqa: N802
        if parent.isValid() or not self._more:
            return
        page = self._fetch(len(self._rows), PAGE)
        self._more = len(page) == PAGE
        if page:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
            self._rows.extend(page)
            self.endInsertRows()

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:  # noqa: N802, E501
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(COLUMNS[section]) if 0 <= section < len(COLUMNS) else None
        return None

    def row(self, number: int) -> AuditRow:
        return self._rows[number]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == CardRole:
            return row.card_number
        if role == ObjectRole:
            return row
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return cell(row, index.column())
        return None


def cell(row: AuditRow, column: int) -> str:
    """The text of one cell (pure: tested without a view)."""
    if column == 0:
        return row.at.astimezone().strftime("%Y-%m-%d %H:%M")
    if column == 1:
        return words.who(row.staff_name)
    if column == 2:
        return row.till or ""
    if column == 3:
        return words.kind_label(row.kind)
    if column == 4:
        return row.card_number or ""
    if column == 5:
        return words.changes(row.before, row.after, redacted=row.redacted)
    return ""

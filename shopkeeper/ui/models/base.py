"""A table model over a list of frozen dataclasses, with named columns and custom roles.

After Vorta's archive table model: column constants, a role for the backing object and one for
the sort value, a reset when the list is replaced. Rows are whatever a service returned (at most
a page of them); sorting and filtering happen in the service, never here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from shopkeeper.i18n import _
from shopkeeper.present.numbers import Numbers, amount

ObjectRole = Qt.ItemDataRole.UserRole + 1  # the dataclass behind the row
SortRole = Qt.ItemDataRole.UserRole + 2  # a value that sorts right (numbers as numbers)

LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
Index = QModelIndex | QPersistentModelIndex


def shop_numbers(operations: Any) -> Numbers:
    """The shop's number and money formats (its country and currency), for a screen to hold.
    ``operations`` is the window's ``ui.operations.Operations``."""
    from shopkeeper.services import programme

    prog = operations.read(programme.load)
    return Numbers.for_shop(prog.shop.country, prog.shop.currency) if prog else Numbers()


def amount_text(cents: int, numbers: Numbers | None) -> str:
    """An amount with the shop's currency when the screen knows it, else as a plain number in
    the same locale ("12.50"): never a wrong currency sign."""
    if numbers is None:
        return amount(cents)
    return numbers.money(cents)


@dataclass(frozen=True)
class Column:
    header: str  # marked with N_; translated when shown (``headerData``)
    text: Callable[[Any], str]
    sort: Callable[[Any], Any] | None = None
    align: Qt.AlignmentFlag = LEFT


class RowsModel(QAbstractTableModel):
    """Subclasses set ``columns`` and may override ``decorate`` for colours and fonts."""

    columns: tuple[Column, ...] = ()

    def __init__(self, parent: Any = None, *, numbers: Numbers | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Any] = []
        # The shop's formats (``shop_numbers``); without them amounts show as plain numbers.
        self.numbers = numbers

    def set_numbers(self, numbers: Numbers) -> None:
        """Show counts and money in the shop's formats from now on."""
        self.numbers = numbers
        if self._rows:
            self.set_rows(self._rows)

    def count_text(self, value: int) -> str:
        return (self.numbers or Numbers()).number(value)

    def money_text(self, cents: int) -> str:
        return amount_text(cents, self.numbers)

    # -- the data -------------------------------------------------------------------------
    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[Any]:
        return list(self._rows)

    def row_object(self, row: int) -> Any:
        return self._rows[row]

    def decorate(self, obj: Any, column: int, role: int) -> Any:
        """Colours, fonts, tooltips for one cell; None for the default look."""
        return None

    # -- QAbstractTableModel ------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        if not 0 <= index.column() < len(self.columns):
            return None
        obj = self._rows[index.row()]
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(obj)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(column.align.value)
        if role == ObjectRole:
            return obj
        if role == SortRole:
            return column.sort(obj) if column.sort else column.text(obj)
        return self.decorate(obj, index.column(), role)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self.columns)
        ):
            header = self.columns[section].header
            return _(header) if header else ""  # _("") would give the catalog's header
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )

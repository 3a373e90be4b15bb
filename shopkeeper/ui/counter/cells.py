"""The counter's tables: rows set once per customer or keystroke, painted by Qt alone.

A table view asks its model for seven roles of every visible cell on every paint (font,
alignment, colours, check state, icon, text, background). Through a Python model each is a call
into Python that formats the value again (a visit's local time, an amount): painting fifty
search results took 6 ms, the profile's last visits as much again, on every keystroke and scan.
These models keep the texts, alignments and the few colours and fonts in Qt's own items, filled
once in ``set_rows`` (one reset, no signal per row); the paints never call Python.

The columns, texts and decorations are the shared models' (``ui.models``): one definition of
what a search hit or a visit looks like. The row objects stay reachable by row number, as the
shared models give them (``hit``, ``option``, ``note``, ``row_object``).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache, lru_cache
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel

from shopkeeper.present.numbers import Numbers, current_locale
from shopkeeper.services.common import RewardOption
from shopkeeper.services.notes import NoteInfo
from shopkeeper.services.search import CustomerHit
from shopkeeper.services.summary import VisitLine
from shopkeeper.ui.models.base import LEFT, Column, RowsModel
from shopkeeper.ui.models.customers import SearchResultsModel
from shopkeeper.ui.models.notes import NotesModel
from shopkeeper.ui.models.rewards import AffordableModel
from shopkeeper.ui.models.visits import VisitsModel
from shopkeeper.ui.models.vouchers import VouchersModel

_LOOKS = (
    Qt.ItemDataRole.FontRole,
    Qt.ItemDataRole.ForegroundRole,
    Qt.ItemDataRole.BackgroundRole,
)


@lru_cache(maxsize=4096)
def _count_in(locale: str, value: int) -> str:
    return Numbers(locale).number(value)


@cache
def _remembering(model: type[RowsModel]) -> type[RowsModel]:
    """``model`` formatting each count once per language (when no shop formats are given):
    Babel takes 0.1 ms a number, and the fifty results of a keystroke took 3 ms of it."""

    class Remembering(model):  # type: ignore[valid-type, misc]
        def count_text(self, value: int) -> str:
            if self.numbers is not None:
                return super().count_text(value)
            return _count_in(current_locale(), value)

    Remembering.__name__ = model.__name__
    return Remembering


class ItemRows(QStandardItemModel):
    """Rows of frozen dataclasses shown through Qt's item model.

    Subclasses name the shared model whose ``columns`` and ``decorate`` they show (``like``),
    and say which rows ``decorate`` gives a colour or a font (``decorated``) and whether cells
    have tooltips (``tooltips``): the other cells are filled without asking."""

    like: type[RowsModel] = RowsModel
    tooltips = False
    row_tooltip = False  # one tooltip for the whole row: asked once, not once a cell
    # Rows replaced where both lists have them, said once (``dataChanged``), and the rest added
    # or removed, instead of a reset: a reset laid the table and its header out again after
    # the frame was painted, and a second frame painted them again. Views of such a model
    # clear their own selection when the rows are another customer's.
    in_place = False

    def __init__(self, parent: QObject | None = None, *, numbers: Numbers | None = None) -> None:
        # The shared model, never shown: its columns (built per instance, with the shop's number
        # formats), its decorations and its headers are what this model fills Qt's items with.
        self._shape = _remembering(self.like)(numbers=numbers)
        super().__init__(0, len(self._shape.columns), parent)
        self._rows: list[Any] = []

    @property
    def columns(self) -> tuple[Column, ...]:
        return self._shape.columns

    def set_numbers(self, numbers: Numbers) -> None:
        """Show counts and money in the shop's formats from the next ``set_rows`` on."""
        self._shape.set_numbers(numbers)

    def decorated(self, obj: Any) -> bool:
        return False

    def decorate(self, obj: Any, column: int, role: int) -> Any:
        return self._shape.decorate(obj, column, role)

    # -- the data -------------------------------------------------------------------------
    def set_rows(self, rows: Sequence[Any]) -> None:
        rows = list(rows)
        columns = self.columns
        filled = [self._items(obj, columns) for obj in rows]
        if self.in_place and filled and self.rowCount():
            self._replace(filled)
            self._rows = rows
            return
        self.beginResetModel()
        blocked = self.blockSignals(True)  # the reset tells the views: no signal per row
        try:
            self.setRowCount(0)
            for items in filled:
                self.appendRow(items)
        finally:
            self.blockSignals(blocked)
        self._rows = rows
        self.endResetModel()

    def _replace(self, filled: list[list[QStandardItem]]) -> None:
        """The rows both customers have, replaced with one ``dataChanged``; the rest added or
        removed at the end."""
        common = min(len(filled), self.rowCount())
        blocked = self.blockSignals(True)  # one dataChanged for all the cells, below
        try:
            for row, items in enumerate(filled[:common]):
                for column, item in enumerate(items):
                    self.setItem(row, column, item)
        finally:
            self.blockSignals(blocked)
        self.dataChanged.emit(self.index(0, 0), self.index(common - 1, self.columnCount() - 1))
        if self.rowCount() > common:
            self.removeRows(common, self.rowCount() - common)
        for items in filled[common:]:
            self.appendRow(items)

    def _items(self, obj: Any, columns: tuple[Column, ...]) -> list[QStandardItem]:
        looks = self.decorated(obj)
        items = []
        row_tip = self.decorate(obj, 0, Qt.ItemDataRole.ToolTipRole) if self.row_tooltip else None
        for number, column in enumerate(columns):
            item = QStandardItem(column.text(obj))
            if column.align != LEFT:
                item.setTextAlignment(column.align)
            if looks:
                for role in _LOOKS:
                    value = self.decorate(obj, number, role)
                    if value is not None:
                        item.setData(value, role)
            if self.tooltips:
                tip = row_tip or self.decorate(obj, number, Qt.ItemDataRole.ToolTipRole)
                if tip:
                    item.setToolTip(tip)
            items.append(item)
        return items

    def rows(self) -> list[Any]:
        return list(self._rows)

    def row_object(self, row: int) -> Any:
        return self._rows[row]

    def headerData(  # noqa: N802 - Qt's name
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        return self._shape.headerData(section, orientation, role)


class ResultsModel(ItemRows):
    """The lookup's results: an archived customer is grey, the exact card bold."""

    like = SearchResultsModel
    tooltips = True
    row_tooltip = True  # who it is and how they matched, on every cell

    def decorated(self, obj: CustomerHit) -> bool:
        return obj.archived or obj.exact_card

    def hit(self, row: int) -> CustomerHit:
        return self.row_object(row)


class RecentVisitsModel(ItemRows):
    """The profile's last visits: an undone visit is struck through."""

    like = VisitsModel
    in_place = True  # fifteen visits of one customer, then fifteen of the next

    def decorated(self, obj: VisitLine) -> bool:
        return obj.reversed


class RecentVouchersModel(ItemRows):
    like = VouchersModel

    def decorated(self, obj: Any) -> bool:
        return obj.cancelled_at is not None


class CustomerNotesModel(ItemRows):
    like = NotesModel
    tooltips = True  # the whole note; the cell shows one line

    def decorated(self, obj: NoteInfo) -> bool:
        return obj.pinned or obj.is_open_problem

    def note(self, row: int) -> NoteInfo:
        return self.row_object(row)


class RewardsInReachModel(ItemRows):
    like = AffordableModel

    def option(self, row: int) -> RewardOption:
        return self.row_object(row)

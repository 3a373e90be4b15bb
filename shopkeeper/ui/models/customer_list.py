"""The customer list's table model: lazily fetched pages, sorted by the database.

It holds only the pages fetched so far (200 rows each). ``canFetchMore``/``fetchMore`` ask the
service for the next page as the view scrolls; ``sort`` resets the model with a new ``ORDER BY``
(never sorting rows in Python: that would order only the rows fetched). The total is one
``COUNT(*)`` per filter, so the view can say "1,234 customers" without loading them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from shopkeeper.services import customer_list
from shopkeeper.services.customer_list import CustomerFilter, CustomerRow, ListQuery
from shopkeeper.ui.models.base import LEFT, RIGHT, ObjectRole, RowsModel, SortRole
from shopkeeper.ui.operations import ErrorSink, Operations

Index = QModelIndex | QPersistentModelIndex
CardRole = Qt.ItemDataRole.UserRole + 3


def _money(cents: int) -> str:
    return f"{cents / 100:,.2f}"


@dataclass(frozen=True)
class ListColumn:
    header: str
    sort: str  # the service's sort key
    align: Qt.AlignmentFlag

    def text(self, row: CustomerRow) -> str:
        value = {
            "name": row.name,
            "card": row.card_number,
            "phone": row.phone or "",
            "tier": row.tier or "",
            "balance": str(row.points_balance),
            "last_visit": row.last_visit.isoformat() if row.last_visit else "",
            "visits": str(row.visit_count),
            "spent": _money(row.spent_cents),
        }[self.sort]
        return value + (" (archived)" if self.sort == "name" and row.archived else "")


COLUMNS = (
    ListColumn("Name", "name", LEFT),
    ListColumn("Card", "card", LEFT),
    ListColumn("Phone", "phone", LEFT),
    ListColumn("Tier", "tier", LEFT),
    ListColumn("Balance", "balance", RIGHT),
    ListColumn("Last visit", "last_visit", LEFT),
    ListColumn("Visits", "visits", RIGHT),
    ListColumn("Lifetime spend", "spent", RIGHT),
)
NAME, CARD, PHONE, TIER, BALANCE, LAST_VISIT, VISITS, SPENT = range(len(COLUMNS))


class CustomerListModel(RowsModel):
    """Pages of customers fetched as the view scrolls; sorted and filtered by the database."""

    columns = COLUMNS
    filtered = Signal()  # a new filter's first page is shown (``total`` is up to date)
    busy_changed = Signal(bool)  # a slow filter ("at risk") is being worked out off the GUI thread

    def __init__(self, operations: Operations, parent: Any = None, *, page_size: int = 0) -> None:
        super().__init__(parent)
        self._operations = operations
        self._page_size = page_size or customer_list.PAGE_SIZE
        self._rows: list[CustomerRow] = []
        self._query: ListQuery | None = None
        self._total = 0
        self._exhausted = True
        self.sort_key = "name"
        self.descending = False
        self.sort_column = NAME
        self._generation = 0  # a slow filter's answer is dropped if another filter came since

    # -- what the list shows ---------------------------------------------------------------
    @property
    def total(self) -> int:
        """How many customers match the filter (fetched or not)."""
        return self._total

    @property
    def query(self) -> ListQuery | None:
        return self._query

    def set_filter(self, chosen: CustomerFilter, *, on_error: ErrorSink | None = None) -> bool:
        """Resolve the filter once and show its first page; False (and the refusal given to
        ``on_error``, else to ``Operations.failed``) when the filter is refused.

        "At risk" reads every visit (seconds at 100,000 customers): it is worked out on a
        worker thread and shown when ready (``filtered`` is emitted then); the rest is instant.
        """
        self._generation += 1
        if chosen.at_risk:
            generation = self._generation
            self.busy_changed.emit(True)
            self._operations.background(
                customer_list.prepare,
                chosen,
                on_done=lambda query: self._prepared(query, generation),
                on_error=lambda error: self._refused(error, generation, on_error),
            )
            return True
        query = self._operations.read(customer_list.prepare, chosen, on_error=on_error)
        if query is None:
            return False
        self._show(query)
        return True

    def _prepared(self, query: ListQuery, generation: int) -> None:
        if generation == self._generation:
            self.busy_changed.emit(False)
            self._show(query)

    def _refused(self, error: Exception, generation: int, on_error: ErrorSink | None) -> None:
        if generation == self._generation:
            self.busy_changed.emit(False)
            if on_error is not None:
                on_error(error)  # type: ignore[arg-type]

    def _show(self, query: ListQuery) -> None:
        self._query = query
        self._total = self._operations.read(customer_list.count, query) or 0
        self._reload()
        self.filtered.emit()

    def refresh(self) -> None:
        """Re-read the current filter from the start (after a change elsewhere)."""
        if self._query is not None:
            self.set_filter(self._query.filter)

    def _reload(self) -> None:
        # Read first, then swap: nothing may fetch (a view, the model tester) mid-reset.
        first = self._read_page(0)
        self.beginResetModel()
        self._rows = first
        self._exhausted = len(first) < self._page_size
        self.endResetModel()

    def _read_page(self, offset: int) -> list[CustomerRow]:
        if self._query is None:
            return []
        rows = self._operations.read(
            customer_list.page,
            self._query,
            sort=self.sort_key,
            descending=self.descending,
            offset=offset,
            limit=self._page_size,
        )
        return rows or []

    def row_at(self, row: int) -> CustomerRow:
        return self._rows[row]

    def card_numbers(self, rows: list[int]) -> list[str]:
        return [self._rows[r].card_number for r in rows if 0 <= r < len(self._rows)]

    def all_card_numbers(self) -> list[str]:
        """Every matching card, fetched or not, in the list's order ("select all")."""
        if self._query is None:
            return []
        cards = self._operations.read(
            customer_list.card_numbers,
            self._query,
            sort=self.sort_key,
            descending=self.descending,
        )
        return cards or []

    # -- lazy fetching ---------------------------------------------------------------------
    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: N802 - Qt's name
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: N802 - Qt's name
        if parent.isValid() or self._exhausted:
            return
        more = self._read_page(len(self._rows))
        if len(more) < self._page_size:
            self._exhausted = True
        if more:
            start = len(self._rows)
            self.beginInsertRows(QModelIndex(), start, start + len(more) - 1)
            self._rows.extend(more)
            self.endInsertRows()

    # -- sorting by the database -----------------------------------------------------------
    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        descending = order == Qt.SortOrder.DescendingOrder
        if self._query is not None and (column, descending) == (self.sort_column, self.descending):
            return  # already in this order (the view asks again when sorting is enabled)
        self.sort_column = column
        self.sort_key = COLUMNS[column].sort
        self.descending = descending
        self._reload()

    # -- cells (rows, columns, headers and flags come from RowsModel) ----------------------
    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == SortRole:
            return None  # the database sorts (``sort``); no proxy sorts this model
        if role == CardRole:
            row = super().data(index, ObjectRole)
            return row.card_number if row is not None else None
        return super().data(index, role)

    def decorate(self, obj: Any, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and obj.archived:
            return QBrush(QColor("#777777"))
        if role == Qt.ItemDataRole.DecorationRole and column == TIER and obj.tier_colour:
            return QColor(obj.tier_colour)
        return None

"""The customer list's table model: lazily fetched pages, sorted by the database.

It holds only the pages fetched so far (200 rows each). ``canFetchMore``/``fetchMore`` ask the
service for the next page as the view scrolls; ``sort`` resets the model with a new ``ORDER BY``
(never sorting rows in Python: that would order only the rows fetched). The total is one
``COUNT(*)`` per filter, so the view can say "1,234 customers" without loading them.

A filter with search text or "at risk" is worked out on a worker thread (the text goes through
the counter's search index, "at risk" reads every visit), the rest at once. As at the counter,
every keystroke asks at once and nothing waits for a fixed delay; while one search is on the
worker, the filters asked for meanwhile are coalesced into one, run when it is back, and an
answer older than the newest filter is never shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NamedTuple

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from shopkeeper.i18n import N_, _
from shopkeeper.present.numbers import Numbers
from shopkeeper.services import customer_list
from shopkeeper.services.customer_list import CustomerFilter, CustomerRow, ListQuery
from shopkeeper.ui.models.base import (
    LEFT,
    RIGHT,
    ObjectRole,
    RowsModel,
    SortRole,
    shop_numbers,
)
from shopkeeper.ui.operations import ErrorSink, Operations

Index = QModelIndex | QPersistentModelIndex
CardRole = Qt.ItemDataRole.UserRole + 3


@dataclass(frozen=True)
class ListColumn:
    header: str  # marked with N_, translated when shown
    sort: str  # the service's sort key
    align: Qt.AlignmentFlag

    def text(self, row: CustomerRow, numbers: Numbers) -> str:
        """The cell as the owner reads it: counts and money in the shop's formats."""
        key = self.sort
        if key == "name":
            return _("{name} (archived)").format(name=row.name) if row.archived else row.name
        if key == "balance":
            return numbers.number(row.points_balance)
        if key == "visits":
            return numbers.number(row.visit_count)
        if key == "spent":
            return numbers.money(row.spent_cents)
        if key == "last_visit":
            return row.last_visit.isoformat() if row.last_visit else ""
        return {"card": row.card_number, "phone": row.phone, "tier": row.tier}[key] or ""


COLUMNS = (
    ListColumn(N_("Name"), "name", LEFT),
    ListColumn(N_("Card"), "card", LEFT),
    ListColumn(N_("Phone"), "phone", LEFT),
    ListColumn(N_("Tier"), "tier", LEFT),
    ListColumn(N_("Balance"), "balance", RIGHT),
    ListColumn(N_("Last visit"), "last_visit", LEFT),
    ListColumn(N_("Visits"), "visits", RIGHT),
    ListColumn(N_("Lifetime spend"), "spent", RIGHT),
)
NAME, CARD, PHONE, TIER, BALANCE, LAST_VISIT, VISITS, SPENT = range(len(COLUMNS))


class FirstPage(NamedTuple):
    """A filter worked out on the worker thread: its query, its count and its first page in
    the order that was asked for."""

    query: ListQuery
    total: int
    rows: list[CustomerRow]
    sort: str
    descending: bool


def first_page(
    db: Any, chosen: CustomerFilter, *, sort: str, descending: bool, limit: int
) -> FirstPage:
    """Worker thread: resolve the filter once, count it and read its first page."""
    query = customer_list.prepare(db, chosen)
    total = customer_list.count(db, query)
    rows = customer_list.page(db, query, sort=sort, descending=descending, offset=0, limit=limit)
    return FirstPage(query, total, rows, sort, descending)


class CustomerListModel(RowsModel):
    """Pages of customers fetched as the view scrolls; sorted and filtered by the database."""

    columns = COLUMNS
    filtered = Signal()  # a new filter's first page is shown (``total`` is up to date)
    busy_changed = Signal(bool)  # a slow filter ("at risk") is being worked out off the GUI thread

    def __init__(
        self,
        operations: Operations,
        parent: Any = None,
        *,
        page_size: int = 0,
        numbers: Numbers | None = None,
    ) -> None:
        super().__init__(parent)
        self._operations = operations
        self.numbers = numbers or shop_numbers(operations)
        self._page_size = page_size or customer_list.PAGE_SIZE
        self._rows: list[CustomerRow] = []
        self._query: ListQuery | None = None
        self._total = 0
        self._exhausted = True
        self.sort_key = "name"
        self.descending = False
        self.sort_column = NAME
        self._generation = 0  # a worker's answer is dropped if another filter came since
        self._running = False  # a filter is being worked out on the worker thread
        # The newest filter asked for while one ran: (filter, on_error, generation).
        self._waiting: tuple[CustomerFilter, ErrorSink | None, int] | None = None
        self._slow = False  # "at risk" is being worked out (``busy_changed``)
        self.searches = 0  # filters sent to the worker (a typist's burst coalesces)

    # -- what the list shows ---------------------------------------------------------------
    @property
    def total(self) -> int:
        """How many customers match the filter (fetched or not)."""
        return self._total

    @property
    def query(self) -> ListQuery | None:
        return self._query

    @property
    def searching(self) -> bool:
        """A filter is being worked out on the worker thread (or waits for the one there)."""
        return self._running or self._waiting is not None

    def set_filter(self, chosen: CustomerFilter, *, on_error: ErrorSink | None = None) -> bool:
        """Resolve the filter once and show its first page; False (and the refusal given to
        ``on_error``, else to ``Operations.failed``) when the filter is refused.

        Search text and "at risk" are worked out on a worker thread and shown when ready
        (``filtered`` is emitted then; True is returned at once); the rest is instant.
        """
        self._generation += 1
        self._waiting = None  # whatever was waiting is older than this
        if chosen.text or chosen.at_risk:
            self._waiting = (chosen, on_error, self._generation)
            if not self._running:
                self._send()
            self._set_slow(chosen.at_risk)
            return True
        self._set_slow(False)
        query = self._operations.read(customer_list.prepare, chosen, on_error=on_error)
        if query is None:
            return False
        self._show(query)
        return True

    def _send(self) -> None:
        """The waiting filter to the worker thread (one at a time)."""
        assert self._waiting is not None
        chosen, on_error, generation = self._waiting
        self._waiting = None
        self._running = True
        self.searches += 1
        job = self._operations.background(
            first_page,
            chosen,
            sort=self.sort_key,
            descending=self.descending,
            limit=self._page_size,
            on_done=lambda found: self._found(found, generation),
            on_error=lambda error: self._refused(error, generation, on_error),
            on_crash=self._crashed,
        )
        self.destroyed.connect(job.discard)  # the screen went: drop the answer

    def _back(self) -> None:
        """The worker is free: the newest filter asked for meanwhile goes now."""
        self._running = False
        if self._waiting is not None:
            self._send()

    def _found(self, found: FirstPage, generation: int) -> None:
        if generation == self._generation:
            self._set_slow(False)
            if (found.sort, found.descending) == (self.sort_key, self.descending):
                self._query, self._total = found.query, found.total
                self._swap(found.rows)
                self.filtered.emit()
            else:  # re-sorted meanwhile: the same filter, in the order now asked for
                self._show(found.query)
        self._back()

    def _refused(self, error: Exception, generation: int, on_error: ErrorSink | None) -> None:
        if generation == self._generation:
            self._set_slow(False)
            if on_error is not None:
                on_error(error)  # type: ignore[arg-type]
        self._back()

    def _crashed(self, _error: BaseException) -> None:
        self._set_slow(False)
        self._back()

    def _set_slow(self, slow: bool) -> None:
        if slow != self._slow:
            self._slow = slow
            self.busy_changed.emit(slow)

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
        self._swap(self._read_page(0))

    def _swap(self, first: list[CustomerRow]) -> None:
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
        if role == Qt.ItemDataRole.DisplayRole:
            row = super().data(index, ObjectRole)
            return COLUMNS[index.column()].text(row, self.numbers) if row is not None else None
        return super().data(index, role)

    def decorate(self, obj: Any, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and obj.archived:
            return QBrush(QColor("#777777"))
        if role == Qt.ItemDataRole.DecorationRole and column == TIER and obj.tier_colour:
            return QColor(obj.tier_colour)
        return None

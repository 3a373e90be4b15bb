"""Counter tables whose cells are worked out once, when their rows are set.

A table view asks its model for seven roles of every visible cell on every paint (font,
alignment, colours, check state, icon, text, background). Through ``RowsModel.data`` each of
those is a Python call that formats the value again (a visit's local time, an amount): the
profile's last visits alone cost several milliseconds a scan. Here the texts and alignments are
formatted once per ``set_rows``, a role the model never answers is refused at once, and the
few decorated cells (a reversed visit, an archived hit) are looked up in a small table.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt

from shopkeeper.services.common import RewardOption
from shopkeeper.services.notes import NoteInfo
from shopkeeper.services.rewards import Voucher
from shopkeeper.services.search import CustomerHit
from shopkeeper.services.summary import VisitLine
from shopkeeper.ui.models.base import Index, RowsModel
from shopkeeper.ui.models.customers import SearchResultsModel
from shopkeeper.ui.models.notes import NotesModel
from shopkeeper.ui.models.rewards import AffordableModel
from shopkeeper.ui.models.visits import VisitsModel
from shopkeeper.ui.models.vouchers import VouchersModel

DISPLAY = int(Qt.ItemDataRole.DisplayRole.value)
ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole.value)
# Asked on every paint; a ``decorate`` answers them only for the rows ``decorated`` names.
# (Tooltips, asked on hovering, still go to ``decorate`` for every row.)
DECORATION_ROLES = frozenset(
    int(role.value)
    for role in (
        Qt.ItemDataRole.FontRole,
        Qt.ItemDataRole.ForegroundRole,
        Qt.ItemDataRole.BackgroundRole,
    )
)
_UNANSWERED = frozenset(
    int(role.value)
    for role in (
        Qt.ItemDataRole.DecorationRole,
        Qt.ItemDataRole.CheckStateRole,
        Qt.ItemDataRole.SizeHintRole,
        Qt.ItemDataRole.EditRole,
        Qt.ItemDataRole.StatusTipRole,
        Qt.ItemDataRole.WhatsThisRole,
        Qt.ItemDataRole.AccessibleTextRole,
        Qt.ItemDataRole.AccessibleDescriptionRole,
    )
)


class Preformatted:
    """Mix in before a ``RowsModel`` subclass: ``class Fast(Preformatted, VisitsModel)``.

    ``decorated`` says which rows ``decorate`` gives a colour or a font; the other rows answer
    None for those without calling it."""

    columns: tuple
    _texts: list[tuple[str, ...]]
    _aligns: tuple[int, ...]
    _decorated: set[int]

    def decorated(self, obj: Any) -> bool:
        return True

    def set_rows(self, rows: Sequence[Any]) -> None:
        rows = list(rows)
        columns = self.columns
        self._texts = [tuple(column.text(obj) for column in columns) for obj in rows]
        self._aligns = tuple(int(column.align.value) for column in columns)
        self._decorated = {row for row, obj in enumerate(rows) if self.decorated(obj)}
        super().set_rows(rows)  # type: ignore[misc]

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        role = int(role)
        if role in _UNANSWERED:
            return None
        row = index.row()
        if row < 0:
            return None
        if role == DISPLAY:
            try:
                return self._texts[row][index.column()]
            except (IndexError, AttributeError):
                return None
        if role == ALIGNMENT:
            column = index.column()
            return self._aligns[column] if 0 <= column < len(self._aligns) else None
        if role in DECORATION_ROLES and row not in getattr(self, "_decorated", ()):
            return None
        return RowsModel.data(self, index, role)  # type: ignore[arg-type]


class ResultsModel(Preformatted, SearchResultsModel):
    """The lookup's results: an archived customer is grey, the exact card bold."""

    def decorated(self, obj: CustomerHit) -> bool:
        return obj.archived or obj.exact_card


class RecentVisitsModel(Preformatted, VisitsModel):
    """The profile's last visits: an undone visit is struck through."""

    def decorated(self, obj: VisitLine) -> bool:
        return obj.reversed


class RecentVouchersModel(Preformatted, VouchersModel):
    def decorated(self, obj: Voucher) -> bool:
        return obj.cancelled_at is not None


class CustomerNotesModel(Preformatted, NotesModel):
    def decorated(self, obj: NoteInfo) -> bool:
        return obj.pinned or obj.is_open_problem


class RewardsInReachModel(Preformatted, AffordableModel):
    def decorated(self, obj: RewardOption) -> bool:
        return False

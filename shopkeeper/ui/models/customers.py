"""Search results at the counter: a page of ``CustomerHit``s from ``search_customers``.

The name gets the room; the tier is in the tooltip and the profile."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont

from shopkeeper.services.search import CustomerHit
from shopkeeper.ui.models.base import RIGHT, Column, RowsModel

NAME, CARD, PHONE, POINTS = range(4)


class SearchResultsModel(RowsModel):
    columns = (
        Column("Name", lambda h: h.name + (" (archived)" if h.archived else "")),
        Column("Card", lambda h: h.card_number),
        Column("Phone", lambda h: h.phone or ""),
        Column("Points", lambda h: str(h.points_balance), lambda h: h.points_balance, RIGHT),
    )

    def hit(self, row: int) -> CustomerHit:
        return self.row_object(row)

    def decorate(self, obj: CustomerHit, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and obj.archived:
            return QBrush(QColor("#777777"))
        if role == Qt.ItemDataRole.FontRole and column == CARD and obj.exact_card:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            tier = f" · {obj.tier}" if obj.tier else ""
            return f"{obj.name}{tier} · matched by {obj.match}"
        return None

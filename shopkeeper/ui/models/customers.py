"""Search results at the counter: a page of ``CustomerHit``s from ``search_customers``.

The name gets the room; the tier is in the tooltip and the profile."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont

from shopkeeper.i18n import N_, _
from shopkeeper.present.numbers import Numbers
from shopkeeper.services.search import CustomerHit
from shopkeeper.ui.models.base import RIGHT, Column, RowsModel

NAME, CARD, PHONE, POINTS = range(4)
# How a hit was found (``CustomerHit.match``), for the tooltip ("matched by card").
MATCHES = {
    "card": N_("by card"),
    "card prefix": N_("by card prefix"),
    "name": N_("by name"),
    "name prefix": N_("by name prefix"),
    "word prefix": N_("by word prefix"),
    "phone": N_("by phone"),
}


def name_text(name: str, archived: bool) -> str:
    return _("{name} (archived)").format(name=name) if archived else name


class SearchResultsModel(RowsModel):
    def __init__(self, parent: Any = None, *, numbers: Numbers | None = None) -> None:
        super().__init__(parent, numbers=numbers)
        self.columns = (
            Column(N_("Name"), lambda h: name_text(h.name, h.archived)),
            Column(N_("Card"), lambda h: h.card_number),
            Column(N_("Phone"), lambda h: h.phone or ""),
            Column(
                N_("Points"),
                lambda h: self.count_text(h.points_balance),
                lambda h: h.points_balance,
                RIGHT,
            ),
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
            how = _(MATCHES[obj.match]) if obj.match in MATCHES else obj.match
            if obj.tier:
                return _("{name} · {tier} · matched {how}").format(
                    name=obj.name, tier=obj.tier, how=how
                )
            return _("{name} · matched {how}").format(name=obj.name, how=how)
        return None

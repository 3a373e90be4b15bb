"""A customer's last visits, newest first, as ``customer_summary`` gives them."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont

from shopkeeper.i18n import N_, _
from shopkeeper.present.numbers import Numbers
from shopkeeper.services.summary import VisitLine
from shopkeeper.ui.models.base import RIGHT, Column, RowsModel
from shopkeeper.ui.wording import signed_points

WHEN, AMOUNT, POINTS, STATE = range(4)


def _when(visit: VisitLine) -> str:
    return visit.at.astimezone().strftime("%Y-%m-%d %H:%M")


class VisitsModel(RowsModel):
    def __init__(self, parent: Any = None, *, numbers: Numbers | None = None) -> None:
        super().__init__(parent, numbers=numbers)
        self.columns = (
            Column(N_("When"), _when, lambda v: v.at),
            Column(
                N_("Amount"),
                lambda v: self.money_text(v.amount_cents),
                lambda v: v.amount_cents,
                RIGHT,
            ),
            Column(N_("Points"), lambda v: signed_points(v.points), lambda v: v.points, RIGHT),
            Column("", lambda v: _("undone") if v.reversed else ""),
            Column(N_("By"), lambda v: v.staff or "", lambda v: v.staff or ""),
        )

    def decorate(self, obj: VisitLine, column: int, role: int) -> Any:
        if not obj.reversed:
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(QColor("#888888"))
        if role == Qt.ItemDataRole.FontRole and column != STATE:
            font = QFont()
            font.setStrikeOut(True)
            return font
        return None

"""A customer's latest vouchers, newest first, as ``rewards.recent_vouchers`` gives them."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont

from shopkeeper.i18n import N_, _
from shopkeeper.services.rewards import Voucher
from shopkeeper.ui.models.base import RIGHT, Column, RowsModel
from shopkeeper.ui.wording import day_text, points_text, voucher_display

WHEN, CODE, REWARD, POINTS, STATE = range(5)


def _when(voucher: Voucher) -> str:
    at = voucher.redeemed_at
    return at.astimezone().strftime("%Y-%m-%d %H:%M") if at else ""


def voucher_state(voucher: Voucher) -> str:
    if voucher.cancelled_at is not None:
        return _("cancelled {day}").format(day=day_text(voucher.cancelled_at))
    if voucher.used_at is not None:
        if voucher.cause:
            return _("given")
        return _("used {day}").format(day=day_text(voucher.used_at))  # type: ignore[arg-type]
    return _("valid until {day}").format(day=day_text(voucher.valid_until))


class VouchersModel(RowsModel):
    columns = (
        Column(N_("When"), _when, lambda v: v.redeemed_at),
        Column(N_("Code"), lambda v: voucher_display(v.code)),
        Column(N_("Reward"), lambda v: v.cause or v.reward_name),
        Column(N_("Points"), lambda v: points_text(v.points), lambda v: v.points, RIGHT),
        Column("", voucher_state),
    )

    def decorate(self, obj: Voucher, column: int, role: int) -> Any:
        if obj.cancelled_at is None:
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(QColor("#888888"))
        if role == Qt.ItemDataRole.FontRole and column != STATE:
            font = QFont()
            font.setStrikeOut(True)
            return font
        return None

"""The Programme screen's tabs tell what happened on one line under their form."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from shopkeeper.domain.errors import ShopkeeperError
from shopkeeper.ui.style import ERROR_STYLE, OK_STYLE


class Messages:
    """``say`` and ``refuse`` for a tab with a ``message`` label (mixed in before ``QWidget``)."""

    message: QLabel

    def say(self, text: str, *, error: bool = False) -> None:
        self.message.setStyleSheet(ERROR_STYLE if error else OK_STYLE)
        self.message.setText(text)

    def refuse(self, error: ShopkeeperError) -> None:
        self.say(str(error), error=True)

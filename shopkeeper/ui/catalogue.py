"""The Rewards screen: the shop's catalogue as customers can collect it (read-only here)."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from shopkeeper.i18n import _
from shopkeeper.services.rewards import list_rewards
from shopkeeper.ui.models.rewards import CatalogueModel
from shopkeeper.ui.operations import Operations
from shopkeeper.ui.style import NOTE_STYLE


class CatalogueView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = QLabel(_("Rewards catalogue"), self)
        font = QFont(title.font())
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        title.setFont(font)
        note = QLabel(
            _(
                "What customers can spend their points on, cheapest first. A redemption at "
                "the counter gives the customer a single-use voucher code."
            ),
            self,
        )
        note.setWordWrap(True)
        note.setStyleSheet(NOTE_STYLE)
        self.model = CatalogueModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("catalogue")
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(28)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(title)
        layout.addWidget(note)
        layout.addWidget(self.table, 1)


class CatalogueController(QObject):
    def __init__(self, view: CatalogueView, operations: Operations) -> None:
        super().__init__(view)
        self.view = view
        self.operations = operations

    def refresh(self) -> None:
        rewards = self.operations.read(list_rewards)
        if rewards is not None:
            self.view.model.set_rows(rewards)

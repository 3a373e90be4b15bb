"""A customer's points history: every ledger entry with its reason and the running balance,
newest first, so "why do I have 40 points?" is answered at the counter."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from shopkeeper.i18n import N_, _, ngettext
from shopkeeper.present.ledger import kind_label
from shopkeeper.present.numbers import Numbers
from shopkeeper.services.ledger import LedgerLine
from shopkeeper.ui.models.base import RIGHT, Column, RowsModel
from shopkeeper.ui.operations import Change, Operations


def _when(line: LedgerLine) -> str:
    return line.at.astimezone().strftime("%Y-%m-%d %H:%M")


class LedgerModel(RowsModel):
    def __init__(self, numbers: Numbers, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.columns = (
            Column(N_("When"), _when, lambda e: e.at),
            Column(N_("What"), lambda e: kind_label(e.kind)),
            Column(N_("Points"), lambda e: numbers.signed(e.points), lambda e: e.points, RIGHT),
            Column(
                N_("Balance"),
                lambda e: numbers.number(e.balance_after),
                lambda e: e.balance_after,
                RIGHT,
            ),
            Column(N_("Reason / note"), lambda e: e.note or ""),
        )


class PointsHistoryDialog(QDialog):
    """Read-only; "Correct points…" asks the window to open the correction for this customer."""

    correct_requested = Signal(str)  # card number

    def __init__(
        self,
        operations: Operations,
        card_number: str,
        name: str,
        numbers: Numbers,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("points_history")
        self.setWindowTitle(_("Points history — {name}").format(name=name))
        self.card_number = card_number
        self._operations = operations
        self._numbers = numbers
        self.heading = QLabel(self)
        self.heading.setStyleSheet("font-weight: bold;")
        self.model = LedgerModel(numbers, self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(22)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        for column, width in enumerate((130, 170, 80, 80)):
            header.resizeSection(column, width)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.correct_button = QPushButton(_("&Correct points…"), self)
        buttons.addButton(self.correct_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.correct_button.clicked.connect(lambda: self.correct_requested.emit(card_number))
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(760, 480)
        operations.changed.connect(self._changed)
        self.reload()

    def reload(self) -> None:
        lines = self._operations.points_history(self.card_number) or []
        self.model.set_rows(list(reversed(lines)))  # newest first
        balance = lines[-1].balance_after if lines else 0
        n = self._numbers.number
        points = ngettext("balance {n} point", "balance {n} points", balance).format(n=n(balance))
        entries = ngettext("{n} entry", "{n} entries", len(lines)).format(n=n(len(lines)))
        self.heading.setText(
            _("Card {card} · {balance} · {entries}").format(
                card=self.card_number, balance=points, entries=entries
            )
        )

    def _changed(self, change: Change) -> None:
        if change.card_number == self.card_number and self.isVisible():
            self.reload()

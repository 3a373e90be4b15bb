"""Redeem a reward the customer can afford now; the voucher code is shown at once."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from shopkeeper.domain.errors import ShopkeeperError
from shopkeeper.i18n import _
from shopkeeper.services.common import RewardOption
from shopkeeper.services.rewards import Redeemed, redeem_reward
from shopkeeper.ui import dialogs
from shopkeeper.ui.counter.cells import RewardsInReachModel
from shopkeeper.ui.operations import Operations
from shopkeeper.ui.style import ERROR_STYLE, NOTE_STYLE, OK_STYLE
from shopkeeper.ui.wording import points_text, redeemed_text


class RewardsPanel(QGroupBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("Rewards within reach"), parent)
        self.model = RewardsInReachModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("affordable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setShowGrid(False)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.horizontalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().resizeSection(1, 90)
        self.table.setMaximumHeight(3 * 26 + 4)  # three rewards show; more scroll
        self.empty = QLabel("", self)
        self.empty.setObjectName("no_rewards")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.empty.setStyleSheet(NOTE_STYLE)
        # The rewards or the words "nothing yet" in one place of one size: a scan from a customer
        # with rewards to one without (a third of scans) swapped them and resized the panel, which
        # moved and repainted the whole profile below it.
        self.options = QStackedWidget(self)
        self.options.addWidget(self.table)
        self.options.addWidget(self.empty)
        self.options.setMaximumHeight(self.table.maximumHeight())
        self.redeem = QPushButton(_("&Redeem…"), self)
        self.redeem.setObjectName("redeem")
        self.redeem.setAutoDefault(False)
        self.voucher = QLabel("", self)
        self.voucher.setObjectName("voucher")
        self.voucher.setWordWrap(True)
        self.voucher.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        code_font = QFont(self.voucher.font())
        code_font.setPointSizeF(code_font.pointSizeF() * 1.1)
        self.voucher.setFont(code_font)

        buttons = QHBoxLayout()
        buttons.addWidget(self.voucher, 1)
        buttons.addWidget(self.redeem, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addWidget(self.options, 1)
        layout.addLayout(buttons)

    def show_options(self, options: list[RewardOption], balance: int) -> None:
        self.model.set_rows(options)
        self.options.setCurrentWidget(self.table if options else self.empty)
        self.empty.setText(
            ""
            if options
            else _("Nothing to redeem yet with {points}.").format(points=points_text(balance))
        )
        self.redeem.setEnabled(bool(options))
        if options:
            self.table.selectRow(0)


class RewardsController(QObject):
    redeemed = Signal(object)  # Redeemed
    refused = Signal()  # the service said no: what is shown may be out of date

    def __init__(self, view: RewardsPanel, operations: Operations) -> None:
        super().__init__(view)
        self.view = view
        self.operations = operations
        self.card_number: str | None = None
        self.customer_name = ""
        self.balance = 0
        view.redeem.clicked.connect(self.redeem_selected)
        view.table.activated.connect(self.redeem_selected)
        view.table.doubleClicked.connect(self.redeem_selected)

    def set_customer(self, card_number: str, name: str, balance: int, fresh: bool) -> None:
        if fresh:
            self.view.voucher.setText("")
        self.card_number, self.customer_name, self.balance = card_number, name, balance

    def selected(self) -> RewardOption | None:
        rows = self.view.table.selectionModel().selectedRows()
        return self.view.model.option(rows[0].row()) if rows else None

    def redeem_selected(self, *_args: object) -> None:
        option = self.selected()
        if option is None or self.card_number is None:
            return
        after = self.balance - option.points_cost
        question = _(
            "Redeem “{reward}” for {points}?\n\n{name} has {balance}; {left} will be left."
        ).format(
            reward=option.name,
            points=points_text(option.points_cost),
            name=self.customer_name,
            balance=self.balance,
            left=after,
        )
        if not dialogs.ask(self.view.window(), _("Redeem a reward"), question):
            return
        result = self.operations.write(
            redeem_reward,
            what="redemption",
            card_number=self.card_number,
            reward_id=option.id,
            till=self.operations.till,
            on_error=self._failed,
        )
        if result is None:
            return
        self._show(result)
        self.redeemed.emit(result)

    def _show(self, result: Redeemed) -> None:
        self.view.voucher.setStyleSheet(OK_STYLE)
        self.view.voucher.setText(redeemed_text(result))

    def _failed(self, error: ShopkeeperError) -> None:
        self.view.voucher.setStyleSheet(ERROR_STYLE)
        self.view.voucher.setText(str(error))
        self.refused.emit()

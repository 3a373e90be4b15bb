"""The profile's history: the last visits and vouchers, and what this till may take back.

A visit booked today at this till is undone from here, after a question (a reversal in the
ledger, never a delete), whether or not the profile was reopened since. A voucher redeemed
today at this till, not used yet, is cancelled the same way: its points come back as a reversal
entry and the voucher is void. Older bookings, or another till's, need a correction.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from shopkeeper.domain.errors import ShopkeeperError
from shopkeeper.domain.till import undoable_here
from shopkeeper.i18n import _
from shopkeeper.services.rewards import Voucher, cancel_redemption, recent_vouchers
from shopkeeper.services.summary import VisitLine
from shopkeeper.services.visits import undo_visit
from shopkeeper.ui import dialogs
from shopkeeper.ui.counter.cells import RecentVisitsModel, RecentVouchersModel
from shopkeeper.ui.models.visits import AMOUNT, POINTS, STATE, WHEN
from shopkeeper.ui.operations import Operations
from shopkeeper.ui.style import ERROR_STYLE, NOTE_STYLE, OK_STYLE
from shopkeeper.ui.wording import points_text, reversed_text, voucher_display

RECENT_VOUCHERS = 15


def _table(parent: QWidget, name: str, model: object) -> QTableView:
    table = QTableView(parent)
    table.setObjectName(name)
    table.setModel(model)  # type: ignore[arg-type]
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setTabKeyNavigation(False)
    table.setWordWrap(False)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    table.verticalHeader().setDefaultSectionSize(24)
    return table


class _ListWithAction(QWidget):
    def _build(self, table_name: str, model: object, button: str, button_name: str) -> None:
        self.table = _table(self, table_name, model)
        self.button = QPushButton(button, self)
        self.button.setObjectName(button_name)
        self.button.setAutoDefault(False)
        self.button.setEnabled(False)
        self.message = QLabel("", self)
        self.message.setObjectName(f"{button_name}_message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(NOTE_STYLE)
        row = QHBoxLayout()
        row.addWidget(self.message, 1)
        row.addWidget(self.button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)


class VisitsPanel(_ListWithAction):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = RecentVisitsModel(self)
        self._build("recent_visits", self.model, _("&Undo visit…"), "undo_visit")
        header = self.table.horizontalHeader()
        for column, width in ((WHEN, 140), (AMOUNT, 90), (POINTS, 90)):
            header.resizeSection(column, width)
        header.setSectionResizeMode(STATE, QHeaderView.ResizeMode.Stretch)
        # Always there: a bar that came and went with the customer's number of visits changed
        # the stretched column's width after the profile was painted, and the whole list was
        # painted again in a second frame.
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)


class VouchersPanel(_ListWithAction):
    shown = Signal()  # its tab was opened: the vouchers are read only then (a scan is faster)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self.shown.emit()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = RecentVouchersModel(self)
        self._build("recent_vouchers", self.model, _("&Cancel voucher…"), "cancel_voucher")
        header = self.table.horizontalHeader()
        header.resizeSection(0, 130)
        header.resizeSection(1, 100)
        header.setStretchLastSection(True)


class HistoryController(QObject):
    visit_undone = Signal(int)  # visit id

    def __init__(
        self, visits: VisitsPanel, vouchers: VouchersPanel, operations: Operations
    ) -> None:
        super().__init__(visits)
        self.visits = visits
        self.vouchers = vouchers
        self.operations = operations
        self.card_number: str | None = None
        self.name = ""
        self._vouchers_stale = False  # the customer's vouchers are read when their tab shows
        vouchers.shown.connect(self._load_vouchers)
        visits.table.selectionModel().currentRowChanged.connect(self._visit_selected)
        vouchers.table.selectionModel().currentRowChanged.connect(self._voucher_selected)
        visits.button.clicked.connect(self.undo_selected_visit)
        vouchers.button.clicked.connect(self.cancel_selected_voucher)

    def set_customer(
        self, card_number: str, name: str, lines: list[VisitLine], fresh: bool
    ) -> None:
        self.card_number, self.name = card_number, name
        self.visits.table.selectionModel().clear()  # nothing chosen of another customer's
        self.visits.model.set_rows(lines)
        self._vouchers_stale = True
        if self.vouchers.isVisible():
            self._load_vouchers()
        elif self.vouchers.model.rowCount():
            self.vouchers.model.set_rows([])  # never another customer's vouchers, even hidden
        if fresh:
            for panel in (self.visits, self.vouchers):
                panel.message.setText("")
        self._visit_selected()
        self._voucher_selected()

    def _load_vouchers(self) -> None:
        if not self._vouchers_stale or self.card_number is None:
            return
        self._vouchers_stale = False
        found = self.operations.read(
            recent_vouchers, self.card_number, limit=RECENT_VOUCHERS, on_error=lambda _e: None
        )
        self.vouchers.model.set_rows(found or [])
        self._voucher_selected()

    # -- what this till may take back --------------------------------------------------------
    def _here(self, at: object, till: str | None) -> bool:
        today = self.operations.today()
        return undoable_here(at, till, today=today, till=self.operations.till)  # type: ignore[arg-type]

    def _selected(self, panel: _ListWithAction) -> object | None:
        rows = panel.table.selectionModel().selectedRows()
        return panel.table.model().row_object(rows[0].row()) if rows else None  # type: ignore[attr-defined]

    def _visit_selected(self, *_args: object) -> None:
        visit = self._selected(self.visits)
        ok = (
            isinstance(visit, VisitLine)
            and not visit.reversed
            and self._here(visit.at, visit.till)
        )
        self.visits.button.setEnabled(ok)
        self.visits.button.setToolTip(
            "" if ok else _("Visits booked today at this till can be undone here.")
        )

    def _voucher_selected(self, *_args: object) -> None:
        voucher = self._selected(self.vouchers)
        ok = (
            isinstance(voucher, Voucher)
            and voucher.cancelled_at is None
            and voucher.used_at is None
            and voucher.redeemed_at is not None
            and self._here(voucher.redeemed_at, voucher.till)
        )
        self.vouchers.button.setEnabled(ok)
        self.vouchers.button.setToolTip(
            "" if ok else _("Unused vouchers redeemed today at this till can be cancelled here.")
        )

    # -- actions -----------------------------------------------------------------------------
    def undo_selected_visit(self) -> None:
        visit = self._selected(self.visits)
        if not isinstance(visit, VisitLine):
            return
        when = visit.at.astimezone().strftime("%H:%M")
        question = _(
            "Undo the visit of {name} at {time}, {points}?\n\n"
            "The points are taken back with a reversal in the ledger."
        ).format(name=self.name, time=when, points=points_text(visit.points))
        if not dialogs.ask(self.visits.window(), _("Undo a visit"), question):
            return
        refused: list[ShopkeeperError] = []
        reversal = self.operations.write(
            undo_visit,
            what="reversal",
            visit_id=visit.id,
            till=self.operations.till or "",
            on_error=refused.append,
        )
        if reversal is None:
            self._say(self.visits, str(refused[0]) if refused else "", ERROR_STYLE)
            return
        self._say(self.visits, reversed_text(reversal), OK_STYLE)
        self.visit_undone.emit(visit.id)

    def cancel_selected_voucher(self) -> None:
        voucher = self._selected(self.vouchers)
        if not isinstance(voucher, Voucher):
            return
        shown = voucher_display(voucher.code)
        question = _(
            "Cancel voucher {code} ({reward}) of {name}?\n\n"
            "{points} come back to the balance and the voucher becomes "
            "void: it will be refused if someone brings it."
        ).format(
            code=shown,
            reward=voucher.reward_name,
            name=self.name,
            points=points_text(voucher.points),
        )
        if not dialogs.ask(self.vouchers.window(), _("Cancel a voucher"), question):
            return
        refused: list[ShopkeeperError] = []
        done = self.operations.write(
            cancel_redemption,
            what="redemption_cancelled",
            code=voucher.code,
            only_till=self.operations.till or "",
            on_error=refused.append,
        )
        if done is None:
            self._say(self.vouchers, str(refused[0]) if refused else "", ERROR_STYLE)
            return
        self._say(
            self.vouchers,
            _("Voucher {code} cancelled: +{points} · balance {balance}.").format(
                code=shown, points=points_text(done.points_returned), balance=done.points_balance
            ),
            OK_STYLE,
        )

    def _say(self, panel: _ListWithAction, text: str, style: str) -> None:
        panel.message.setStyleSheet(style)
        panel.message.setText(text)

"""Record a visit: amount, live preview of its points, Enter books, Undo takes it back.

One booking form instance has one ``request_id``. Pressing Enter again on the same booking sends
the same id, and the service answers with the first booking instead of writing a second one.
A new id is drawn only when the form is reset for the next booking: the amount is edited, the
visit is undone, or another customer is opened.

Undo stays offered for the customer's last booking at this till when their profile is opened
again (a double Enter in the search field reopens it); older visits are undone from the visit
history (``counter.history``). An amount's error shows in one place: under the field.
"""

from __future__ import annotations

import uuid

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from shopkeeper.domain.codes import card_in_amount
from shopkeeper.domain.errors import InvalidInput, ShopkeeperError
from shopkeeper.domain.money import parse_amount
from shopkeeper.i18n import _
from shopkeeper.services.visits import VisitBooked, preview_points, record_visit, undo_visit
from shopkeeper.ui.counter.items import ItemsController, ItemsPanel
from shopkeeper.ui.keyed import KeyedLineEdit
from shopkeeper.ui.operations import Operations
from shopkeeper.ui.style import ERROR_STYLE, NOTE_STYLE, OK_STYLE
from shopkeeper.ui.wording import booked_text, reversed_text, signed_points


class BookingPanel(QGroupBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("Record a visit"), parent)
        self.amount = KeyedLineEdit(self)  # product keys and the window's shortcuts (ui.keyed)
        self.amount.setObjectName("amount")
        self.amount.setPlaceholderText(_("e.g. 12.50"))
        self.amount.setAccessibleName(_("Amount spent"))
        self.amount.setMaxLength(12)
        big = QFont(self.amount.font())
        big.setPointSizeF(big.pointSizeF() * 1.35)
        self.amount.setFont(big)
        self.amount.setMinimumHeight(38)
        self.currency = QLabel("EUR", self)
        self.preview = QLabel("", self)
        self.preview.setObjectName("preview")
        self.preview.setStyleSheet(NOTE_STYLE)
        self.book = QPushButton(_("Book  (Enter)"), self)
        self.book.setObjectName("book")
        self.book.setAutoDefault(False)
        self.undo = QPushButton(_("&Undo this visit"), self)
        self.undo.setObjectName("undo")
        self.undo.setAutoDefault(False)
        self.undo.setVisible(False)
        self.items = ItemsPanel(self)  # what was bought: optional, hidden without products
        self.result = QLabel("", self)
        self.result.setObjectName("booking_result")
        self.result.setWordWrap(True)
        self.result.setMinimumHeight(24)

        # Amount on a row of its own, buttons below: at 1024 x 768 the field keeps room for
        # "12345.67" and a long error wraps instead of widening the panel.
        self.amount.setMinimumWidth(self.amount.fontMetrics().horizontalAdvance("0") * 10 + 24)
        self.preview.setWordWrap(True)
        self.preview.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.result.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        grid = QGridLayout(self)
        grid.addWidget(QLabel(_("Amount"), self), 0, 0)
        grid.addWidget(self.amount, 0, 1)
        grid.addWidget(self.currency, 0, 2)
        grid.addWidget(self.preview, 1, 1, 1, 2)
        grid.addWidget(self.items, 2, 0, 1, 3)
        buttons = QHBoxLayout()
        buttons.addWidget(self.book)
        buttons.addWidget(self.undo)
        buttons.addStretch(1)
        grid.addLayout(buttons, 3, 1, 1, 2)
        grid.addWidget(self.result, 4, 0, 1, 3)
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(5, 1)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        QWidget.setTabOrder(self.amount, self.book)
        QWidget.setTabOrder(self.book, self.undo)

    def say(self, text: str, style: str) -> None:
        if self.result.styleSheet() != style:  # the same style again would re-polish it
            self.result.setStyleSheet(style)
        self.result.setText(text)


class BookingController(QObject):
    booked = Signal(object)  # VisitBooked: the counter returns to the search field
    undone = Signal(object)  # VisitReversed
    refused = Signal()  # the service said no: what is shown may be out of date
    card_scanned = Signal(str)  # a card read into the amount field: the counter opens it

    def __init__(self, view: BookingPanel, operations: Operations) -> None:
        super().__init__(view)
        self.view = view
        self.operations = operations
        self.card_number: str | None = None
        self.card_pattern = ""  # the shop's imported-cards pattern (the counter sets it)
        self.request_id = uuid.uuid4().hex
        self.last_booking: VisitBooked | None = None  # what Undo takes back
        view.amount.textEdited.connect(self._amount_edited)
        view.amount.returnPressed.connect(self.submit)
        view.book.clicked.connect(self.submit)
        view.undo.clicked.connect(self.undo)
        self.items = ItemsController(view.items, view.amount, operations)
        self.items.changed.connect(self._items_changed)

    def set_customer(self, card_number: str, currency: str) -> None:
        """A customer chosen (again): a fresh booking form. The last booking at this till
        stays undoable when the same customer is opened again."""
        self.card_number = card_number
        self.view.currency.setText(currency)
        kept = self.last_booking is not None and self.last_booking.card_number == card_number
        if not kept:
            self.last_booking = None
        self.view.undo.setVisible(kept)
        if kept and self.last_booking is not None:
            self.view.say(
                _("Last booking: {booking}").format(booking=booked_text(self.last_booking)),
                NOTE_STYLE,
            )
        else:
            self.view.say("", OK_STYLE)
        self.view.amount.clear()
        self.items.clear()
        self._new_booking()

    def forget(self, visit_id: int) -> None:
        """That visit was undone elsewhere (the visit history): no Undo for it here."""
        if self.last_booking is not None and self.last_booking.visit_id == visit_id:
            self.last_booking = None
            self.view.undo.setVisible(False)

    def _new_booking(self) -> None:
        self.request_id = uuid.uuid4().hex
        self.view.preview.setText("")

    def _items_changed(self) -> None:
        """Other items make another booking (a new id), as another amount does."""
        self.request_id = uuid.uuid4().hex

    def _amount_edited(self, text: str) -> None:
        if self.last_booking is not None and self.view.undo.isVisible():
            # A new amount is a new booking; the last one can still be undone.
            self.view.say(booked_text(self.last_booking), NOTE_STYLE)
        else:
            self.view.say("", NOTE_STYLE)  # an old error no longer applies
        self._new_booking()
        self._preview(text)

    def _preview(self, text: str) -> None:
        if not text.strip() or self.card_number is None:
            self.view.preview.setText("")
            return
        try:
            cents = parse_amount(text)
        except InvalidInput as error:
            self.view.preview.setText(str(error))
            return
        points = self.operations.read(
            preview_points, self.card_number, cents, on_error=self._preview_failed
        )
        if points is not None:
            self.view.preview.setText(_("earns {points}").format(points=signed_points(points)))

    def _preview_failed(self, error: ShopkeeperError) -> None:
        self.view.preview.setText(str(error))

    def submit(self) -> None:
        """Enter: book the amount (a repeated Enter sends the same request id: no double)."""
        if self.card_number is None:
            return
        text = self.view.amount.text()
        if not text.strip():
            self.view.say(_("Type the amount spent first."), ERROR_STYLE)
            self.view.amount.setFocus()
            return
        card = card_in_amount(text, self.card_pattern)
        if card is not None:  # the next customer's card, scanned before this one booked
            self.view.amount.clear()
            self.view.preview.setText("")
            self.view.say("", NOTE_STYLE)
            self.card_scanned.emit(card)
            return
        try:
            cents = parse_amount(text)
        except InvalidInput as error:
            self.view.preview.setText("")  # the error shows once, in the result line
            self.view.say(str(error), ERROR_STYLE)
            self.view.amount.setFocus()
            self.view.amount.selectAll()
            return
        booked = self.operations.write(
            record_visit,
            what="visit",
            card_number=self.card_number,
            amount_cents=cents,
            request_id=self.request_id,
            till=self.operations.till,
            items=self.items.chosen() or None,
            on_error=self._failed,
        )
        if booked is None:
            return
        self.items.clear()
        self.last_booking = booked
        self.view.say(booked_text(booked), OK_STYLE)
        self.view.preview.setText("")
        self.view.undo.setVisible(True)
        self.booked.emit(booked)

    def _failed(self, error: ShopkeeperError) -> None:
        self.view.preview.setText("")
        self.view.say(str(error), ERROR_STYLE)
        self.view.amount.setFocus()
        self.view.amount.selectAll()
        self.refused.emit()

    def undo(self) -> None:
        """Take back the visit just booked: a reversal in the ledger, not a delete."""
        booking = self.last_booking
        if booking is None:
            return
        reversal = self.operations.write(
            undo_visit,
            what="reversal",
            visit_id=booking.visit_id,
            till=self.operations.till or "",
            on_error=self._failed,
        )
        if reversal is None:
            self.last_booking = None
            self.view.undo.setVisible(False)
            return
        self.last_booking = None
        self.view.undo.setVisible(False)
        self.view.amount.clear()
        self._new_booking()
        self.view.say(reversed_text(reversal), OK_STYLE)
        self.view.amount.setFocus()  # the Undo button is gone; the right amount comes next
        self.undone.emit(reversal)

"""The counter screen: lookup on the left; Today (the idle page), profile or customer form on the
right.

``CounterView`` only lays the parts out; ``CounterController`` decides which page shows and where
the keyboard focus goes: the search field at start, after every booking and on Esc.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QWidget,
)

from shopkeeper.domain.codes import clean_card_number
from shopkeeper.domain.errors import ShopkeeperError
from shopkeeper.present.numbers import Numbers
from shopkeeper.services.programme import Programme
from shopkeeper.services.rewards import list_rewards
from shopkeeper.services.search import CustomerHit
from shopkeeper.services.summary import CustomerSummary
from shopkeeper.services.warm_up import prepare_counter
from shopkeeper.ui.counter.feedback import FeedbackController
from shopkeeper.ui.counter.lookup import LookupController, LookupView
from shopkeeper.ui.counter.profile import ProfileController, ProfileView
from shopkeeper.ui.counter.today import TodayController
from shopkeeper.ui.counter.welcome import WelcomeView
from shopkeeper.ui.customers.form import CustomerFormController, CustomerFormView
from shopkeeper.ui.operations import Change, Operations
from shopkeeper.ui.wording import NewCustomerPrefill


def _scrolling(widget: QWidget, parent: QWidget) -> QScrollArea:
    """Small screens scroll instead of cutting the profile off."""
    area = QScrollArea(parent)
    area.setWidget(widget)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return area


class CounterView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lookup = LookupView(self)
        self.welcome = WelcomeView(self)
        self.profile = ProfileView(self)
        self.form = CustomerFormView(self)
        self.pages = QStackedWidget(self)
        self.pages.setObjectName("counter_pages")
        self.pages.addWidget(self.welcome)
        self.pages.addWidget(_scrolling(self.profile, self.pages))
        self.pages.addWidget(_scrolling(self.form, self.pages))
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("counter_splitter")
        self.splitter.addWidget(self.lookup)
        self.splitter.addWidget(self.pages)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([470, 810])
        self.splitter.setChildrenCollapsible(False)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)

    def page(self) -> str:
        return ("welcome", "profile", "form")[self.pages.currentIndex()]

    def show_page(self, name: str) -> None:
        self.pages.setCurrentIndex(("welcome", "profile", "form").index(name))


class CounterController(QObject):
    voucher_scanned = Signal(str)  # a voucher's code in the search field: use that voucher

    def __init__(self, view: CounterView, operations: Operations, programme: Programme) -> None:
        super().__init__(view)
        self.view = view
        self.operations = operations
        self.programme = programme
        self.lookup = LookupController(
            view.lookup, operations, card_pattern=programme.shop.card_pattern
        )
        numbers = Numbers.for_shop(programme.shop.country, programme.shop.currency)
        self.profile = ProfileController(view.profile, operations, numbers)
        self.form = CustomerFormController(
            view.form, operations, programme.shop.country, programme.shop.language
        )
        self._page_before_form = "welcome"
        self.today = TodayController(view.welcome.today, operations, numbers)
        view.welcome.today.open_requested.connect(self._open_from_today)
        view.welcome.today.leave_requested.connect(self._leave_today)
        view.lookup.search.key_handlers.insert(0, self._down_into_today)  # before the results'
        self.feedback = FeedbackController.attach(view, self.profile, operations, self.focus_search)

        self.lookup.customer_chosen.connect(self.open_customer)
        self.lookup.open_card = self.open_scanned_card
        self.profile.booking.card_pattern = self.lookup.card_pattern
        self.profile.booking.card_scanned.connect(self.lookup.open_scanned)
        self.lookup.new_customer_requested.connect(self.new_customer)
        self.lookup.voucher_entered.connect(self.voucher_scanned)
        self.profile.booked.connect(self._booked)
        self.profile.gone.connect(self.customer_gone)
        self.profile.undone.connect(self._undone)
        self.profile.redeemed.connect(self._redeemed)
        self.profile.edit_requested.connect(self.edit_customer)
        self.form.saved.connect(self._saved)
        self.form.cancelled.connect(self.back)
        operations.changed.connect(self._changed)
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), view)
        escape.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        escape.activated.connect(self.escape)
        self.refresh_welcome()
        self.today.appear()

    def refresh_welcome(self) -> None:
        rewards = self.operations.read(list_rewards) or []
        self.view.welcome.show_shop(self.programme.shop.name, rewards)

    # -- navigation ------------------------------------------------------------------------
    def open_customer(self, card_number: str, *, from_elsewhere: bool = False) -> bool:
        """Show the customer, the cursor in the amount. ``from_elsewhere`` (the customer list,
        a customer just added): the search field then names this customer too."""
        if not self.profile.open(card_number, on_error=self._lookup_error):
            return False
        self.view.show_page("profile")
        self.view.profile.booking.amount.setFocus()
        summary = self.profile.summary
        if from_elsewhere and summary is not None:
            self.lookup.show_customer(summary.card_number, summary.name)
        return True

    def prepare(self) -> None:
        """Ready the first scans on a worker once the window is up (``services.warm_up``)."""
        self.operations.background(
            prepare_counter, on_done=lambda _formatted: None, on_error=lambda _error: None
        )

    def open_scanned_card(self, code: str) -> CustomerHit | None:
        """A scanned card number: that customer's profile, read once. None (nothing shown)
        when it is no live customer's card: unknown, or archived without a merge, which the
        lookup then treats as a search does."""
        summary = self.profile.read(code, on_error=lambda _error: None)  # then searched
        if summary is None:
            return None
        card = clean_card_number(code)
        merged_from = card if summary.card_number != card else None
        if summary.archived and merged_from is None:
            return None
        self.profile.show(summary)
        self.view.show_page("profile")
        self.view.profile.booking.amount.setFocus()
        return CustomerHit(
            summary.card_number,
            summary.name,
            summary.phone,
            summary.tier,
            summary.points_balance,
            summary.archived,
            "card",
            merged_from,
        )

    def customer_gone(self) -> None:
        """The customer shown was erased or can no longer be read: back to the start."""
        self.profile.summary = None
        self.view.show_page("welcome")
        self.lookup.clear()

    def _lookup_error(self, error: ShopkeeperError) -> None:
        self.view.lookup.hint.setText(str(error))

    def new_customer(self, prefill: NewCustomerPrefill | None = None) -> None:
        if self.view.page() != "form":
            self._page_before_form = self.view.page()
        self.form.start_new(prefill or NewCustomerPrefill())
        self.view.show_page("form")

    def edit_customer(self, summary: CustomerSummary) -> None:
        self._page_before_form = "profile"
        self.form.start_edit(summary)
        self.view.show_page("form")

    def _saved(self, card_number: str) -> None:
        self.open_customer(card_number, from_elsewhere=True)

    def back(self) -> None:
        """Leave the form without saving: to the customer shown before, and the search field."""
        page = self._page_before_form if self.profile.summary is not None else "welcome"
        self.view.show_page(page)
        self.focus_search()

    def escape(self) -> None:
        if self.view.page() == "form":
            self.back()
        elif self.view.lookup.search.hasFocus():
            if not self.view.lookup.search.text() and self.view.page() == "profile":
                self.view.show_page("welcome")  # Esc in the emptied field: back to Today
            self.lookup.clear()
        else:
            self.focus_search()

    # -- Today (the idle page) -------------------------------------------------------------
    def _open_from_today(self, card_number: str) -> None:
        self.open_customer(card_number, from_elsewhere=True)

    def _leave_today(self, typed: QKeyEvent | None) -> None:
        """Back to the search field; a character typed in the list goes on there."""
        if typed is None:
            self.lookup.focus_search()
            return
        search = self.view.lookup.search
        search.setFocus(Qt.FocusReason.OtherFocusReason)
        search.deselect()
        search.end(False)
        forwarded = QKeyEvent(typed.type(), typed.key(), typed.modifiers(), typed.text())
        forwarded.setTimestamp(typed.timestamp())
        QApplication.sendEvent(search, forwarded)

    def _down_into_today(self, event: QKeyEvent) -> bool:
        """Down in the empty search field, while Today shows: into Today's list."""
        if (
            event.key() == Qt.Key.Key_Down
            and not self.view.lookup.search.text()
            and self.view.page() == "welcome"
        ):
            return self.view.welcome.today.focus_first()
        return False

    def focus_search(self) -> None:
        self.lookup.focus_search()

    def _booked(self, _booking: object) -> None:
        self.focus_search()

    def _redeemed(self, _result: object) -> None:
        """Redeemed: the voucher preview may open; once it closes, the next scan goes to the
        search field (the Redeem button may be disabled by then)."""
        self.focus_search()

    def _undone(self, _reversal: object) -> None:
        """After an undo the next keystrokes are the right amount."""
        self.view.profile.booking.amount.setFocus()

    def _changed(self, _change: Change) -> None:
        self.lookup.refresh()

"""Merge with another customer: the open customer is kept, the shopkeeper finds the other card
(by card, phone or name), compares the two side by side, and confirms.

The view only gathers the choice and shows the service's preview (``services.merge``); the
merge itself runs through ``Operations.merge_customers``. "Keep the other card instead" swaps
which of the two stays. As at the counter, the search runs on every keystroke (on the worker
thread, coalesced while one runs); Enter searches at once.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from shopkeeper.domain.contact import format_phone
from shopkeeper.domain.errors import ShopkeeperError
from shopkeeper.i18n import N_, _, ngettext, pgettext
from shopkeeper.present.numbers import Numbers
from shopkeeper.services.merge import MergeDone, MergePlan, MergeSide, preview_merge
from shopkeeper.services.search import CustomerHit, search_customers
from shopkeeper.ui import dialogs
from shopkeeper.ui.models.base import shop_numbers
from shopkeeper.ui.operations import Operations
from shopkeeper.ui.style import ERROR_STYLE, NOTE_STYLE
from shopkeeper.ui.wording import day_text

RESULTS = 20
ROWS = (
    N_("Name"), N_("Card"), N_("Phone"), N_("E-mail"), N_("Birthday"), N_("Points"),
    N_("Visits"), N_("Last visit"), N_("Tier"),
)  # fmt: skip
NONE = "—"


def _points(n: int, numbers: Numbers) -> str:
    return ngettext("{n} point", "{n} points", n).format(n=numbers.number(n))


def _visits(n: int, numbers: Numbers) -> str:
    return ngettext("{n} visit", "{n} visits", n).format(n=numbers.number(n))


def _listed(items: list[str]) -> str:
    return pgettext("list separator", ", ").join(items)


def side_values(side: MergeSide, numbers: Numbers | None = None) -> list[str]:
    """One customer's column of the comparison, in the order of ``ROWS``."""
    numbers = numbers or Numbers()
    return [
        _("{name} (archived)").format(name=side.name) if side.archived else side.name,
        side.card_number,
        format_phone(side.phone) if side.phone else NONE,
        side.email or NONE,
        side.birthday.isoformat() if side.birthday else NONE,
        numbers.number(side.points_balance),
        f"{numbers.number(side.visit_count)} · {numbers.money(side.spent_cents)}",
        day_text(side.last_visit_at) if side.last_visit_at else NONE,
        side.tier or NONE,
    ]


def plan_text(plan: MergePlan, numbers: Numbers | None = None) -> str:
    """What the merge moves and leaves, in a few plain sentences."""
    numbers = numbers or Numbers()
    n = numbers.number
    counted = (
        (plan.visits, ngettext("{n} visit", "{n} visits", plan.visits)),
        (plan.points, ngettext("{n} point", "{n} points", plan.points)),
        (plan.notes, ngettext("{n} note", "{n} notes", plan.notes)),
        (plan.redemptions, ngettext("{n} voucher", "{n} vouchers", plan.redemptions)),
        (plan.letters, ngettext("{n} letter sent", "{n} letters sent", plan.letters)),
        (
            plan.referrals,
            ngettext("{n} customer they brought", "{n} customers they brought", plan.referrals),
        ),
    )
    moved = [text.format(n=n(count)) for count, text in counted if count]
    card = plan.keep.card_number
    if moved:
        lines = [_("Moves to card {card}: {items}.").format(card=card, items=_listed(moved))]
    else:
        lines = [_("Moves to card {card}: nothing but the card.").format(card=card)]
    if plan.filled:
        lines.append(_("Taken from the other card: {fields}.").format(fields=_listed(plan.filled)))
    if plan.dropped:
        lines.append(
            _("Kept as they are (the other card's differ): {fields}.").format(
                fields=_listed(plan.dropped)
            )
        )
    if plan.rekeyed:
        lines.append(
            _("Both cards had: {entries} — kept as history.").format(
                entries=_listed(plan.rekeyed)
            )
        )
    lines.append(
        _("Afterwards: {points}, {visits}, {tier}. Card {other} will open {name}.").format(
            points=_points(plan.points_balance_after, numbers),
            visits=_visits(plan.visit_count_after, numbers),
            tier=plan.tier_after or _("no tier"),
            other=plan.other.card_number,
            name=plan.keep.name,
        )
    )
    return "\n".join(lines)


class MergeView(QWidget):
    """Pick the other customer, see both side by side, merge. ``done`` carries the result."""

    done = Signal(object)  # MergeDone

    def __init__(self, operations: Operations, keep_card: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.operations = operations
        self.numbers = shop_numbers(operations)
        self.keep_card = keep_card
        self.other_card: str | None = None
        self.plan: MergePlan | None = None
        self._sequence = 0  # the newest search asked for; older answers are dropped
        self._running = False  # a search is on the worker thread
        self._again = False  # keys came while it ran: search once more when it is back
        self.searches = 0

        self.search = QLineEdit(self)
        self.search.setObjectName("merge_search")
        self.search.setPlaceholderText(_("The other card: card number, phone or name"))
        self.results = QListWidget(self)
        self.results.setObjectName("merge_results")
        self.results.setMaximumHeight(140)
        self.table = QTableWidget(len(ROWS), 2, self)
        self.table.setObjectName("merge_preview")
        self.table.setHorizontalHeaderLabels([_("Keep"), _("Merge into it")])
        self.table.setVerticalHeaderLabels([_(row) for row in ROWS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.summary = QLabel(_("Find the other card of this customer."), self)
        self.summary.setObjectName("merge_summary")
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet(NOTE_STYLE)
        self.error = QLabel("", self)
        self.error.setObjectName("merge_error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(ERROR_STYLE)
        self.swap = QPushButton(_("Keep the other card instead"), self)
        self.swap.setObjectName("merge_swap")
        self.merge_button = QPushButton(_("Merge…"), self)
        self.merge_button.setObjectName("merge_confirm")
        for button in (self.swap, self.merge_button):
            button.setEnabled(False)
            button.setAutoDefault(False)  # Enter in the search field searches, nothing else

        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.results)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.error)
        buttons = QHBoxLayout()
        buttons.addWidget(self.swap)
        buttons.addStretch(1)
        buttons.addWidget(self.merge_button)
        layout.addLayout(buttons)

        self.search.textChanged.connect(self.find_soon)
        self.search.returnPressed.connect(self.find)
        self.results.currentItemChanged.connect(self._picked)
        self.swap.clicked.connect(self.swap_sides)
        self.merge_button.clicked.connect(self.confirm)

    # -- choosing the other card ----------------------------------------------------------
    def find_soon(self) -> None:
        """A keystroke: search now on the worker thread, or once the running search is back."""
        self._sequence += 1
        query = self.search.text().strip()
        if not query:
            self._again = False
            self.results.clear()
            return
        if self._running:
            self._again = True
            return
        self._running = True
        self._again = False
        self.searches += 1
        sequence = self._sequence
        job = self.operations.background(
            search_customers,
            query,
            limit=RESULTS,
            on_done=lambda hits: self._answer(sequence, hits),
            on_error=self._search_refused,
            on_crash=self._search_crashed,
        )
        self.destroyed.connect(job.discard)  # the dialog closed: drop the answer

    def _answer(self, sequence: int, hits: list[CustomerHit]) -> None:
        self._running = False
        if sequence == self._sequence:
            self._show(hits)
        elif self._again:
            self.find_soon()  # the text moved on while this one ran

    def _search_refused(self, error: ShopkeeperError) -> None:
        self._running = False
        self._refused(error)
        if self._again:
            self.find_soon()

    def _search_crashed(self, _error: BaseException) -> None:
        self._running = False

    @property
    def searching(self) -> bool:
        return self._running

    def find(self) -> None:
        """Enter: search what is typed now, at once (any answer still coming is dropped)."""
        self._sequence += 1
        self._again = False
        query = self.search.text().strip()
        if not query:
            self.results.clear()
            return
        hits = self.operations.read(search_customers, query, limit=RESULTS, on_error=self._refused)
        self._show(hits or [])

    def _show(self, hits: list[CustomerHit]) -> None:
        self.results.clear()
        for hit in hits:
            if hit.card_number in (self.keep_card, self.other_card):
                continue
            self.results.addItem(self._item(hit))
        if self.results.count() == 1:
            self.results.setCurrentRow(0)

    def _item(self, hit: CustomerHit) -> QListWidgetItem:
        points = _points(hit.points_balance, self.numbers)
        parts = [hit.card_number, hit.name, hit.phone or "", points]
        item = QListWidgetItem("   ".join(parts))
        item.setData(Qt.ItemDataRole.UserRole, hit.card_number)
        return item

    def _picked(self, item: QListWidgetItem | None) -> None:
        if item is not None:
            self.other_card = item.data(Qt.ItemDataRole.UserRole)
            self.preview()

    def swap_sides(self) -> None:
        if self.other_card is not None:
            self.keep_card, self.other_card = self.other_card, self.keep_card
            self.preview()

    # -- the comparison -------------------------------------------------------------------
    def preview(self) -> None:
        self.error.clear()
        plan = self.operations.read(
            preview_merge, keep=self.keep_card, other=self.other_card, on_error=self._refused
        )
        self.plan = plan
        self.merge_button.setEnabled(plan is not None)
        self.swap.setEnabled(self.other_card is not None)
        if plan is None:
            self.table.clearContents()
            self.summary.setText("")
            return
        for column, side in enumerate((plan.keep, plan.other)):
            for row, value in enumerate(side_values(side, self.numbers)):
                self.table.setItem(row, column, QTableWidgetItem(value))
        self.summary.setText(plan_text(plan, self.numbers))

    def _refused(self, error: ShopkeeperError) -> None:
        self.error.setText(str(error))

    # -- merging --------------------------------------------------------------------------
    def confirm(self) -> MergeDone | None:
        plan = self.plan
        if plan is None:
            return None
        which = _("Merge card {other} ({other_name}) into card {keep} ({keep_name})?").format(
            other=plan.other.card_number,
            other_name=plan.other.name,
            keep=plan.keep.card_number,
            keep_name=plan.keep.name,
        )
        final = _("A merge cannot be undone.")
        question = f"{which}\n\n{plan_text(plan, self.numbers)}\n\n{final}"
        if not dialogs.ask(self, _("Merge customers"), question):
            return None
        done = self.operations.merge_customers(
            plan.keep.card_number, plan.other.card_number, on_error=self._refused
        )
        if done is not None:
            self.merge_button.setEnabled(False)
            self.operations.notice.emit(
                _("Card {merged} merged into card {card}: {points}, {visits}.").format(
                    merged=done.merged_card,
                    card=done.card_number,
                    points=_points(done.points_balance, self.numbers),
                    visits=_visits(done.visit_count, self.numbers),
                )
            )
            self.done.emit(done)
        return done

"""Merge with another customer: the open customer is kept, the shopkeeper finds the other card
(by card, phone or name), compares the two side by side, and confirms.

The view only gathers the choice and shows the service's preview (``services.merge``); the
merge itself runs through ``Operations.merge_customers``. "Keep the other card instead" swaps
which of the two stays.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
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
from shopkeeper.domain.money import format_cents
from shopkeeper.services.merge import MergeDone, MergePlan, MergeSide, preview_merge
from shopkeeper.services.search import CustomerHit, search_customers
from shopkeeper.ui import dialogs
from shopkeeper.ui.operations import Operations
from shopkeeper.ui.style import ERROR_STYLE, NOTE_STYLE
from shopkeeper.ui.wording import day_text

SEARCH_DELAY_MS = 250
RESULTS = 20
ROWS = ("Name", "Card", "Phone", "E-mail", "Birthday", "Points", "Visits", "Last visit", "Tier")


def side_values(side: MergeSide) -> list[str]:
    """One customer's column of the comparison, in the order of ``ROWS``."""
    return [
        side.name + ("  (archived)" if side.archived else ""),
        side.card_number,
        format_phone(side.phone) if side.phone else "—",
        side.email or "—",
        side.birthday.isoformat() if side.birthday else "—",
        str(side.points_balance),
        f"{side.visit_count} · {format_cents(side.spent_cents)}",
        day_text(side.last_visit_at) if side.last_visit_at else "—",
        side.tier or "—",
    ]


def plan_text(plan: MergePlan) -> str:
    """What the merge moves and leaves, in a few plain sentences."""
    moved = [
        (plan.visits, "visits"),
        (plan.points, "points"),
        (plan.notes, "notes"),
        (plan.redemptions, "vouchers"),
        (plan.letters, "letters sent"),
        (plan.referrals, "customers they brought"),
    ]
    lines = [
        f"Moves to card {plan.keep.card_number}: "
        + (", ".join(f"{n} {what}" for n, what in moved if n) or "nothing but the card")
        + "."
    ]
    if plan.filled:
        lines.append("Taken from the other card: " + ", ".join(plan.filled) + ".")
    if plan.dropped:
        lines.append("Kept as they are (the other card's differ): " + ", ".join(plan.dropped) + ".")
    if plan.rekeyed:
        lines.append("Both cards had: " + ", ".join(plan.rekeyed) + " — kept as history.")
    lines.append(
        f"Afterwards: {plan.points_balance_after} points, {plan.visit_count_after} visits, "
        f"{plan.tier_after or 'no tier'}. Card {plan.other.card_number} will open "
        f"{plan.keep.name}."
    )
    return "\n".join(lines)


class MergeView(QWidget):
    """Pick the other customer, see both side by side, merge. ``done`` carries the result."""

    done = Signal(object)  # MergeDone

    def __init__(self, operations: Operations, keep_card: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.operations = operations
        self.keep_card = keep_card
        self.other_card: str | None = None
        self.plan: MergePlan | None = None

        self.search = QLineEdit(self)
        self.search.setObjectName("merge_search")
        self.search.setPlaceholderText("The other card: card number, phone or name")
        self.results = QListWidget(self)
        self.results.setObjectName("merge_results")
        self.results.setMaximumHeight(140)
        self.table = QTableWidget(len(ROWS), 2, self)
        self.table.setObjectName("merge_preview")
        self.table.setHorizontalHeaderLabels(["Keep", "Merge into it"])
        self.table.setVerticalHeaderLabels(list(ROWS))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.summary = QLabel("Find the other card of this customer.", self)
        self.summary.setObjectName("merge_summary")
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet(NOTE_STYLE)
        self.error = QLabel("", self)
        self.error.setObjectName("merge_error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(ERROR_STYLE)
        self.swap = QPushButton("Keep the other card instead", self)
        self.swap.setObjectName("merge_swap")
        self.merge_button = QPushButton("Merge…", self)
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

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.find)
        self.search.textChanged.connect(self._timer.start)
        self.search.returnPressed.connect(self.find)
        self.results.currentItemChanged.connect(self._picked)
        self.swap.clicked.connect(self.swap_sides)
        self.merge_button.clicked.connect(self.confirm)

    # -- choosing the other card ----------------------------------------------------------
    def find(self) -> None:
        self._timer.stop()
        query = self.search.text().strip()
        self.results.clear()
        if not query:
            return
        hits = self.operations.read(search_customers, query, limit=RESULTS, on_error=self._refused)
        for hit in hits or []:
            if hit.card_number in (self.keep_card, self.other_card):
                continue
            self.results.addItem(self._item(hit))
        if self.results.count() == 1:
            self.results.setCurrentRow(0)

    @staticmethod
    def _item(hit: CustomerHit) -> QListWidgetItem:
        label = f"{hit.card_number}   {hit.name}   {hit.phone or ''}   {hit.points_balance} points"
        item = QListWidgetItem(label)
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
            for row, value in enumerate(side_values(side)):
                self.table.setItem(row, column, QTableWidgetItem(value))
        self.summary.setText(plan_text(plan))

    def _refused(self, error: ShopkeeperError) -> None:
        self.error.setText(str(error))

    # -- merging --------------------------------------------------------------------------
    def confirm(self) -> MergeDone | None:
        plan = self.plan
        if plan is None:
            return None
        question = (
            f"Merge card {plan.other.card_number} ({plan.other.name}) into card "
            f"{plan.keep.card_number} ({plan.keep.name})?\n\n{plan_text(plan)}\n\n"
            "A merge cannot be undone."
        )
        if not dialogs.ask(self, "Merge customers", question):
            return None
        done = self.operations.merge_customers(
            plan.keep.card_number, plan.other.card_number, on_error=self._refused
        )
        if done is not None:
            self.merge_button.setEnabled(False)
            self.operations.notice.emit(
                f"Card {done.merged_card} merged into card {done.card_number}: "
                f"{done.points_balance} points, {done.visit_count} visits."
            )
            self.done.emit(done)
        return done

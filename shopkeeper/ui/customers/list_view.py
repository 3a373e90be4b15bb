"""The back office's Customers screen: every customer in one table, filtered and sorted by the
database, with actions on a selection (print their cards, leave them out of this month's letters
or take them back, export them as CSV).

The table's model fetches pages lazily and re-sorts through the service; the widgets here only
gather the filter and hand selections to services. Double-clicking a row emits
``open_customer(card_number)`` (the main window opens that customer at the counter).

"This month's letters" are the letters the Letters screen offers first: those for the last
complete month (``services.month_end.default_month``). Excluding is the shop's choice for that
month only; the customer's consent is not touched.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from shopkeeper.domain.calendar import Month
from shopkeeper.services import customer_list, letters, programme
from shopkeeper.services.customer_list import CustomerFilter
from shopkeeper.services.month_end import default_month
from shopkeeper.ui.models.customer_list import BALANCE, CustomerListModel
from shopkeeper.ui.operations import Operations
from shopkeeper.ui.style import ERROR_STYLE, NOTE_STYLE, OK_STYLE
from shopkeeper.ui.windows import OpenWindows

SEARCH_DELAY_MS = 250
ROW_HEIGHT = 26
ARCHIVE_CHOICES = (("Active customers", "active"), ("Archived", "archived"), ("Everyone", "all"))


def ask_csv_path(parent: QWidget | None, suggested: str) -> str | None:
    """Where to save the CSV; None when cancelled (tests replace this function)."""
    path, _filter = QFileDialog.getSaveFileName(
        parent, "Export as CSV", suggested, "CSV files (*.csv)"
    )
    if not path:
        return None
    return path if path.lower().endswith(".csv") else path + ".csv"


def cards_document(db, cards: list[str]):  # noqa: ANN001, ANN201 - a read for Operations
    """The chosen customers' cards in the shop's card layout, ready for a preview."""
    from shopkeeper.printing.cards import write_cards
    from shopkeeper.printing.common import pdf_bytes
    from shopkeeper.services.cards import card_batch
    from shopkeeper.ui.printing.preview import Printable

    batch = card_batch(db, card_numbers=cards)
    data, result = pdf_bytes(lambda stream: write_cards(batch, stream))
    return Printable(data, result, f"{len(batch.cards)} cards", "cards.pdf")


class CustomerListView(QWidget):
    open_customer = Signal(str)  # card number

    def __init__(self, operations: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.operations = operations
        self.windows = OpenWindows(self)

        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Search: name, card or phone, as at the counter")
        self.search.setClearButtonEnabled(True)
        self.tier = QComboBox(self)
        self.archived = QComboBox(self)
        for label, value in ARCHIVE_CHOICES:
            self.archived.addItem(label, value)
        self.at_risk = QCheckBox("At risk", self)
        self.at_risk.setToolTip("Far past their own rhythm: over twice their usual gap, 3+ visits")
        self.birthday = QCheckBox("Birthday this month", self)
        self.open_problem = QCheckBox("Open problem", self)
        self.consent = QCheckBox("Consented to letters", self)
        self.joined = QCheckBox("Joined between", self)
        self.joined_from = QDateEdit(self)
        self.joined_to = QDateEdit(self)
        today = operations.today()
        for edit, day in ((self.joined_from, today.replace(day=1)), (self.joined_to, today)):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setDate(QDate(day.year, day.month, day.day))
            edit.setEnabled(False)

        self.total_label = QLabel("", self)
        self.total_label.setStyleSheet(NOTE_STYLE)
        self.message = QLabel("", self)
        self.message.setWordWrap(True)

        self.model = CustomerListModel(operations, self)
        self.model.filtered.connect(self._show_total)
        self.model.busy_changed.connect(self._busy)
        self.table = QTableView(self)
        self.table.setObjectName("customer_list")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        vertical = self.table.verticalHeader()
        vertical.setVisible(False)
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # never ResizeToContents
        vertical.setDefaultSectionSize(ROW_HEIGHT)
        horizontal = self.table.horizontalHeader()
        horizontal.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        horizontal.setStretchLastSection(False)
        # Fixed widths that fit "+370 612 34567" and "2026-11-23"; the name takes what is left.
        for column, width in ((1, 110), (2, 150), (3, 100), (4, 90), (5, 110), (6, 70), (7, 120)):
            horizontal.resizeSection(column, width)
        horizontal.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)

        self.all_matching = QCheckBox("Apply to all matching customers", self)
        self.print_button = QPushButton("Print cards…", self)
        self.export_button = QPushButton("Export CSV…", self)
        self.exclude_button = QPushButton("Exclude from this month's letters", self)
        self.include_button = QPushButton("Include in this month's letters", self)

        filters = QHBoxLayout()
        filters.addWidget(self.search, 2)
        filters.addWidget(self.tier)
        filters.addWidget(self.archived)
        checks = QHBoxLayout()
        for widget in (self.at_risk, self.birthday, self.open_problem, self.consent, self.joined):
            checks.addWidget(widget)
        checks.addWidget(self.joined_from)
        checks.addWidget(QLabel("and", self))
        checks.addWidget(self.joined_to)
        checks.addStretch(1)
        actions = QHBoxLayout()
        actions.addWidget(self.total_label)
        actions.addStretch(1)
        actions.addWidget(self.all_matching)
        actions.addWidget(self.print_button)
        actions.addWidget(self.exclude_button)
        actions.addWidget(self.include_button)
        actions.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(filters)
        layout.addLayout(checks)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)
        layout.addWidget(self.message)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(self._search_timer.start)
        for box in (self.tier, self.archived):
            box.currentIndexChanged.connect(self.apply_filter)
        for check in (self.at_risk, self.birthday, self.open_problem, self.consent):
            check.toggled.connect(self.apply_filter)
        self.joined.toggled.connect(self._joined_toggled)
        self.joined_from.dateChanged.connect(self._dates_changed)
        self.joined_to.dateChanged.connect(self._dates_changed)
        self.table.doubleClicked.connect(self._double_clicked)
        self.print_button.clicked.connect(self.print_cards)
        self.export_button.clicked.connect(self.export_csv)
        self.exclude_button.clicked.connect(self.exclude_from_letters)
        self.include_button.clicked.connect(self.include_in_letters)
        self._letters_month_tips()
        self.reload_tiers()
        self.apply_filter()  # the first page, by name
        horizontal.setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)  # from now on a header click re-sorts in the database

    # -- filters ---------------------------------------------------------------------------
    def reload_tiers(self) -> None:
        prog = self.operations.read(programme.load)
        chosen = self.tier.currentData()
        self.tier.blockSignals(True)
        self.tier.clear()
        self.tier.addItem("All tiers", None)
        for tier in prog.tiers if prog else []:
            self.tier.addItem(tier.name, tier.id)
        index = self.tier.findData(chosen)
        self.tier.setCurrentIndex(max(0, index))
        self.tier.blockSignals(False)

    def current_filter(self) -> CustomerFilter:
        joined = self.joined.isChecked()
        return CustomerFilter(
            text=self.search.text().strip(),
            tier_id=self.tier.currentData(),
            at_risk=self.at_risk.isChecked(),
            birthday_this_month=self.birthday.isChecked(),
            open_problem=self.open_problem.isChecked(),
            letters_consent=self.consent.isChecked(),
            joined_from=_day(self.joined_from.date()) if joined else None,
            joined_to=_day(self.joined_to.date()) if joined else None,
            archived=self.archived.currentData(),
        )

    def apply_filter(self) -> None:
        self._search_timer.stop()
        self.message.clear()
        self.model.set_filter(self.current_filter(), on_error=self._refused)

    def _show_total(self) -> None:
        total = self.model.total
        self.total_label.setText(f"{total:,} customer{'s' if total != 1 else ''}")

    def _busy(self, busy: bool) -> None:
        if busy:
            self.total_label.setText("Finding who is at risk…")

    def _refused(self, error: Exception) -> None:
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setText(str(error))

    def _joined_toggled(self, on: bool) -> None:
        self.joined_from.setEnabled(on)
        self.joined_to.setEnabled(on)
        self.apply_filter()

    def _dates_changed(self) -> None:
        if self.joined.isChecked():
            self.apply_filter()

    def refresh(self) -> None:
        """Reload with the same filter and order (the main window calls it on ``changed``)."""
        self.model.refresh()

    # -- selection and actions -------------------------------------------------------------
    def selected_cards(self) -> list[str]:
        if self.all_matching.isChecked():
            return self.model.all_card_numbers()
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return self.model.card_numbers(rows)

    def _say(self, text: str, *, error: bool = False) -> None:
        self.message.setStyleSheet(ERROR_STYLE if error else OK_STYLE)
        self.message.setText(text)

    def print_cards(self) -> None:
        cards = self.selected_cards()
        if not cards:
            self._say("Select the customers whose cards to print.", error=True)
            return
        from shopkeeper.ui.printing.preview import preview_dialog

        document = self.operations.read(cards_document, cards, on_error=self._refused)
        if document is not None:
            self.windows.keep(preview_dialog(self, document))
            self._say(f"{len(cards)} card{'s' if len(cards) != 1 else ''} ready to print.")

    def export_csv(self) -> None:
        cards = self.selected_cards()
        if not cards:
            self._say("Select the customers to export.", error=True)
            return
        path = ask_csv_path(self, "customers.csv")
        if not path:
            return
        done = self.operations.read(customer_list.export_csv, cards, path, on_error=self._refused)
        if done is not None:
            self._say(f"Exported {done.rows} customers to {done.path}.")

    def letters_month(self) -> Month | None:
        """The month whose letters "this month's letters" means: the Letters screen's default."""
        return self.operations.read(default_month)

    def _letters_month_tips(self) -> None:
        month = self.letters_month()
        for button, verb in ((self.exclude_button, "Leave"), (self.include_button, "Put")):
            where = "out of" if verb == "Leave" else "back into"
            button.setToolTip(
                f"{verb} the selected customers {where} the letters for {month} "
                "(the month the Letters screen offers first); their consent stays as it is."
            )

    def exclude_from_letters(self) -> None:
        self._letters(letters.exclude_from_letters, exclude=True)

    def include_in_letters(self) -> None:
        self._letters(letters.include_in_letters, exclude=False)

    def _letters(self, service, *, exclude: bool) -> None:  # noqa: ANN001 - a letters service
        cards = self.selected_cards()
        verb = "exclude from" if exclude else "include in"
        if not cards:
            self._say(f"Select the customers to {verb} this month's letters.", error=True)
            return
        month = self.letters_month()
        if month is None:
            return
        done = self.operations.write(service, cards, month, what="letters", on_error=self._refused)
        if done is None:
            return

        def people(n: int) -> str:
            return f"{n} customer{'s' if n != 1 else ''}"

        if exclude:
            text = f"Excluded {people(done.changed)} from the letters for {done.month}."
            if done.unchanged:
                text += f" {people(done.unchanged)} already excluded."
        else:
            text = f"Included {people(done.changed)} in the letters for {done.month} again."
            if done.unchanged:
                text += f" {people(done.unchanged)} had not been excluded."
        self._say(text)

    def _double_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_customer.emit(self.model.row_at(index.row()).card_number)

    def sort_by_balance(self, descending: bool = True) -> None:
        order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
        self.table.sortByColumn(BALANCE, order)


def _day(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())

"""The back office's Customers screen: every customer in one table, filtered and sorted by the
database, with actions on a selection (print their cards, leave them out of this month's letters
or take them back, export them as CSV).

The table's model fetches pages lazily and re-sorts through the service; the widgets here only
gather the filter and hand selections to services. The search field filters on every keystroke,
like the counter's (no fixed delay; the model coalesces keys while a search is running).
Double-clicking a row emits ``open_customer(card_number)`` (the main window opens that
customer at the counter).

"This month's letters" are the letters the Letters screen offers first: those for the last
complete month (``services.month_end.default_month``). Excluding is the shop's choice for that
month only; the customer's consent is not touched.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QModelIndex, Qt, Signal
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
from shopkeeper.i18n import N_, _, ngettext, pgettext
from shopkeeper.services import customer_list, letters, programme
from shopkeeper.services.customer_list import CustomerFilter
from shopkeeper.services.month_end import default_month
from shopkeeper.ui.models.customer_list import BALANCE, CustomerListModel
from shopkeeper.ui.operations import Operations
from shopkeeper.ui.style import ERROR_STYLE, NOTE_STYLE, OK_STYLE
from shopkeeper.ui.windows import OpenWindows

ROW_HEIGHT = 26
ARCHIVE_CHOICES = (
    (N_("Active customers"), "active"),
    (N_("Archived"), "archived"),
    (N_("Everyone"), "all"),
)


def ask_csv_path(parent: QWidget | None, suggested: str) -> str | None:
    """Where to save the CSV; None when cancelled (tests replace this function)."""
    path, _filter = QFileDialog.getSaveFileName(
        parent, _("Export as CSV"), suggested, _("CSV files ({pattern})").format(pattern="*.csv")
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
    count = len(batch.cards)
    title = ngettext("{n} card", "{n} cards", count).format(n=count)
    return Printable(data, result, title, "cards.pdf")


class CustomerListView(QWidget):
    open_customer = Signal(str)  # card number

    def __init__(self, operations: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.operations = operations
        self.windows = OpenWindows(self)

        self.search = QLineEdit(self)
        self.search.setPlaceholderText(_("Search: name, card or phone, as at the counter"))
        self.search.setClearButtonEnabled(True)
        self.tier = QComboBox(self)
        self.archived = QComboBox(self)
        for label, value in ARCHIVE_CHOICES:
            self.archived.addItem(_(label), value)
        self.at_risk = QCheckBox(_("At risk"), self)
        self.at_risk.setToolTip(
            _("Far past their own rhythm: over twice their usual gap, 3+ visits")
        )
        self.birthday = QCheckBox(_("Birthday this month"), self)
        self.open_problem = QCheckBox(_("Open problem"), self)
        self.consent = QCheckBox(_("Consented to letters"), self)
        self.joined = QCheckBox(_("Joined between"), self)
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

        self.all_matching = QCheckBox(_("Apply to all matching customers"), self)
        self.print_button = QPushButton(_("Print cards…"), self)
        self.export_button = QPushButton(_("Export CSV…"), self)
        self.exclude_button = QPushButton(_("Exclude from this month's letters"), self)
        self.include_button = QPushButton(_("Include in this month's letters"), self)

        filters = QHBoxLayout()
        filters.addWidget(self.search, 2)
        filters.addWidget(self.tier)
        filters.addWidget(self.archived)
        checks = QHBoxLayout()
        for widget in (self.at_risk, self.birthday, self.open_problem, self.consent, self.joined):
            checks.addWidget(widget)
        checks.addWidget(self.joined_from)
        checks.addWidget(QLabel(pgettext("between two dates", "and"), self))
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

        self.search.textChanged.connect(self.apply_filter)  # every keystroke, no delay
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
        self.tier.addItem(_("All tiers"), None)
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
        self.message.clear()
        self.model.set_filter(self.current_filter(), on_error=self._refused)

    def _show_total(self) -> None:
        total = self.model.total
        self.total_label.setText(
            ngettext("{n} customer", "{n} customers", total).format(
                n=self.model.numbers.number(total)
            )
        )

    def _busy(self, busy: bool) -> None:
        if busy:
            self.total_label.setText(_("Finding who is at risk…"))

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

    def _say(self, text: str, error: bool = False) -> None:
        self.message.setStyleSheet(ERROR_STYLE if error else OK_STYLE)
        self.message.setText(text)

    def print_cards(self) -> None:
        cards = self.selected_cards()
        if not cards:
            self._say(_("Select the customers whose cards to print."), error=True)
            return
        from shopkeeper.ui.printing.preview import preview_dialog

        document = self.operations.read(cards_document, cards, on_error=self._refused)
        if document is not None:
            self.windows.keep(preview_dialog(self, document))
            n = len(cards)
            self._say(
                ngettext("{n} card ready to print.", "{n} cards ready to print.", n).format(
                    n=self.model.numbers.number(n)
                )
            )

    def export_csv(self) -> None:
        cards = self.selected_cards()
        if not cards:
            self._say(_("Select the customers to export."), error=True)
            return
        path = ask_csv_path(self, "customers.csv")
        if not path:
            return
        done = self.operations.read(customer_list.export_csv, cards, path, on_error=self._refused)
        if done is not None:
            self._say(
                ngettext(
                    "Exported {n} customer to {path}.",
                    "Exported {n} customers to {path}.",
                    done.rows,
                ).format(n=self.model.numbers.number(done.rows), path=done.path)
            )

    def letters_month(self) -> Month | None:
        """The month whose letters "this month's letters" means: the Letters screen's default."""
        return self.operations.read(default_month)

    def _letters_month_tips(self) -> None:
        month = self.letters_month()
        self.exclude_button.setToolTip(
            _(
                "Leave the selected customers out of the letters for {month} (the month the "
                "Letters screen offers first); their consent stays as it is."
            ).format(month=month)
        )
        self.include_button.setToolTip(
            _(
                "Put the selected customers back into the letters for {month} (the month the "
                "Letters screen offers first); their consent stays as it is."
            ).format(month=month)
        )

    def exclude_from_letters(self) -> None:
        self._letters(letters.exclude_from_letters, exclude=True)

    def include_in_letters(self) -> None:
        self._letters(letters.include_in_letters, exclude=False)

    def _letters(self, service, *, exclude: bool) -> None:  # noqa: ANN001 - a letters service
        cards = self.selected_cards()
        if not cards:
            if exclude:
                self._say(_("Select the customers to exclude from this month's letters."), True)
            else:
                self._say(_("Select the customers to include in this month's letters."), True)
            return
        month = self.letters_month()
        if month is None:
            return
        done = self.operations.write(service, cards, month, what="letters", on_error=self._refused)
        if done is None:
            return

        n = self.model.numbers.number
        if exclude:
            text = ngettext(
                "Excluded {n} customer from the letters for {month}.",
                "Excluded {n} customers from the letters for {month}.",
                done.changed,
            ).format(n=n(done.changed), month=done.month)
            if done.unchanged:
                also = ngettext(
                    "{n} customer already excluded.",
                    "{n} customers already excluded.",
                    done.unchanged,
                ).format(n=n(done.unchanged))
                text = f"{text} {also}"
        else:
            text = ngettext(
                "Included {n} customer in the letters for {month} again.",
                "Included {n} customers in the letters for {month} again.",
                done.changed,
            ).format(n=n(done.changed), month=done.month)
            if done.unchanged:
                also = ngettext(
                    "{n} customer had not been excluded.",
                    "{n} customers had not been excluded.",
                    done.unchanged,
                ).format(n=n(done.unchanged))
                text = f"{text} {also}"
        self._say(text)

    def _double_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_customer.emit(self.model.row_at(index.row()).card_number)

    def sort_by_balance(self, descending: bool = True) -> None:
        order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
        self.table.sortByColumn(BALANCE, order)


def _day(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())

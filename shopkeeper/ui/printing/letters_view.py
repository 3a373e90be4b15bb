"""The Letters screen: choose a month, see who gets a letter and who is skipped and why, build
the batch (off the GUI thread, with a progress bar and Cancel), preview, print, save.

Letters are recorded as sent only when the shop confirms that they went out: after printing or
saving the batch the screen asks, and "Mark as sent…" asks again later (a PDF saved to be
printed elsewhere is not a letter posted). A second batch for the same month then lists those
customers as "already sent" until a reprint is chosen (the whole month, or the selected
customers).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from shopkeeper.domain.calendar import Month
from shopkeeper.domain.errors import ShopkeeperError
from shopkeeper.domain.letters import fill
from shopkeeper.i18n import N_, _, ngettext, pgettext, speaking
from shopkeeper.printing.common import PrintResult
from shopkeeper.printing.letters import values_for, write_letters
from shopkeeper.services import letters
from shopkeeper.services.letters import LetterPlan
from shopkeeper.services.month_end import default_month
from shopkeeper.ui import dialogs
from shopkeeper.ui.operations import Job, JobControl, Operations
from shopkeeper.ui.printing.preview import PdfPreview
from shopkeeper.ui.printing.salutation import SalutationDialog

LETTER = N_("Letter")
MONTHS_OFFERED = 13

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class PlanRow:
    customer_id: int
    card_number: str
    name: str
    outcome: str  # "Letter", "Letter (reprint)" or why the customer is skipped
    gets_letter: bool


class LetterPlanModel(QAbstractTableModel):
    """Everyone in a plan: letters first, then the skipped with their reason."""

    NAME, CARD, OUTCOME = range(3)
    HEADERS = (N_("Name"), N_("Card"), N_("Letter"))
    CardRole = Qt.ItemDataRole.UserRole + 1
    GetsLetterRole = Qt.ItemDataRole.UserRole + 2

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[PlanRow] = []

    def set_plan(self, plan: LetterPlan | None) -> None:
        self.beginResetModel()
        self._rows = []
        if plan is not None:
            self._rows.extend(
                PlanRow(
                    x.customer_id,
                    x.card_number,
                    x.name,
                    _("Letter (reprint)") if x.reprint else _(LETTER),
                    True,
                )
                for x in plan.letters
            )
            self._rows.extend(
                PlanRow(s.customer_id, s.card_number, s.name, s.reason, False) for s in plan.skipped
            )
        self.endResetModel()

    def row(self, index: int) -> PlanRow:
        return self._rows[index]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(self.HEADERS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (row.name, row.card_number, row.outcome)[index.column()]
        if role == self.CardRole:
            return row.card_number
        if role == self.GetsLetterRole:
            return row.gets_letter
        return None


@dataclass(frozen=True)
class BuiltLetters:
    plan: LetterPlan
    pdf: bytes
    result: PrintResult


class LettersView(QWidget):
    """Plan → build → preview → print or save → recorded as sent.

    ``letters_recorded(month, count)`` is emitted after letters were recorded as sent, for the
    main window's status bar.
    """

    letters_recorded = Signal(str, int)

    def __init__(self, operations: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.operations = operations
        self._plan: LetterPlan | None = None
        self._built: BuiltLetters | None = None
        self._job: Job | None = None
        self._on_done: Callable[[object], None] = self._on_planned
        self._then_build = False
        self._keep_preview = False
        self._note = ""

        self.month = QComboBox(self)
        self.month.setEditable(True)
        last = operations.read(default_month)
        assert last is not None
        for back in range(MONTHS_OFFERED):
            self.month.addItem(str(last.shift(-back)))
        self.reprint = QCheckBox(_("Include letters already sent (reprint)"), self)
        self.show_button = QPushButton(_("Show"), self)
        self.summary = QLabel("", self)
        self.model = LetterPlanModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(LetterPlanModel.NAME, 170)
        self.table.setColumnWidth(LetterPlanModel.CARD, 90)
        self.build_button = QPushButton(_("Build letters"), self)
        self.reprint_selected_button = QPushButton(_("Reprint selected"), self)
        self.mark_sent_button = QPushButton(_("Mark as sent…"), self)
        self.mark_sent_button.setObjectName("mark_letters_sent")
        self.mark_sent_button.setToolTip(_("Once the letters are printed or posted"))
        self.salutation_button = QPushButton(_("Salutation…"), self)
        self.salutation_button.setObjectName("letter_salutation")
        self.salutation_button.setToolTip(
            _("How the selected customer's letters greet them, for a name the rules get wrong")
        )
        self.cancel_button = QPushButton(pgettext("button", "Cancel"), self)
        self.progress = QProgressBar(self)
        self.progress.setVisible(False)
        self.cancel_button.setVisible(False)
        self.message = QLabel("", self)
        self.message.setWordWrap(True)
        self.preview = PdfPreview(self)

        top = QHBoxLayout()
        top.addWidget(QLabel(_("Month"), self))
        top.addWidget(self.month)
        top.addWidget(self.reprint)
        top.addWidget(self.show_button)
        top.addStretch(1)
        actions = QHBoxLayout()
        actions.addWidget(self.build_button)
        actions.addWidget(self.reprint_selected_button)
        actions.addWidget(self.mark_sent_button)
        actions.addWidget(self.salutation_button)
        actions.addWidget(self.progress, 1)
        actions.addWidget(self.cancel_button)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.summary)
        left_layout.addWidget(self.table, 1)
        left_layout.addLayout(actions)
        left_layout.addWidget(self.message)
        splitter = QSplitter(self)
        splitter.addWidget(left)
        splitter.addWidget(self.preview)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([460, 740])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)

        self.show_button.clicked.connect(self.refresh)
        self.month.activated.connect(self.refresh)
        self.reprint.toggled.connect(self.refresh)
        self.build_button.clicked.connect(self.build)
        self.reprint_selected_button.clicked.connect(self.reprint_selected)
        self.cancel_button.clicked.connect(self.cancel)
        self.mark_sent_button.clicked.connect(self.mark_sent)
        self.salutation_button.clicked.connect(self.edit_salutation)
        self.preview.saved.connect(self._on_saved)
        self.preview.printed.connect(self._on_printed)
        self._set_busy(False)

    # -- state -------------------------------------------------------------------------------

    @property
    def plan(self) -> LetterPlan | None:
        return self._plan

    @property
    def busy(self) -> bool:
        return self._job is not None

    def wait(self, msecs: int = 60_000) -> bool:
        """Block until the running job (planning or building) ends; for tests and closing."""
        return self.operations.wait(msecs) if self._job is not None else True

    def _set_busy(self, busy: bool) -> None:
        for widget in (self.show_button, self.build_button, self.reprint_selected_button):
            widget.setEnabled(not busy)
        self.build_button.setEnabled(not busy and self._plan is not None)
        self.mark_sent_button.setEnabled(not busy and self._built is not None)
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy)

    def _selected_month(self) -> Month:
        return Month.parse(self.month.currentText())

    def _start(
        self,
        function: Callable[[JobControl], object],
        on_done: Callable[[object], None],
        label: str,
    ) -> None:
        self._on_done = on_done
        self.progress.setRange(0, 0)
        self._job = self.operations.start(
            function,
            label=label,
            on_done=self._on_finished,
            on_error=self._on_refused,
            on_crash=self._on_crashed,
            on_progress=self._on_progress,
        )
        self._set_busy(True)

    # -- plan ------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Plan the chosen month (in the background) and list everyone."""
        if self.busy:
            return
        try:
            month = self._selected_month()
        except ShopkeeperError as error:
            self.message.setText(str(error))
            return
        self._plan_for(month, reprint=self.reprint.isChecked(), cards=None, then_build=False)

    def reprint_selected(self) -> None:
        """Reprint this month's letter for the selected customers, whatever was sent before."""
        if self.busy:
            return
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        cards = [self.model.row(r).card_number for r in rows]
        if not cards:
            self.message.setText(_("Select the customers whose letter to reprint."))
            return
        try:
            month = self._selected_month()
        except ShopkeeperError as error:
            self.message.setText(str(error))
            return
        self._plan_for(month, reprint=True, cards=cards, then_build=True)

    def _plan_for(
        self,
        month: Month,
        *,
        reprint: bool,
        cards: list[str] | None,
        then_build: bool,
        keep_preview: bool = False,
        note: str = "",
    ) -> None:
        self.message.setText(_("Looking at {month}…").format(month=month))
        self._then_build = then_build
        self._keep_preview = keep_preview
        self._note = note

        def job(control: JobControl) -> object:
            return letters.plan_letters(control.db, month, reprint=reprint, cards=cards)

        label = _("Planning the letters for {month}").format(month=month)
        self._start(job, self._on_planned, label)

    def _on_planned(self, plan: object) -> None:
        assert isinstance(plan, LetterPlan)
        self._plan = plan
        if not self._keep_preview:
            self._built = None
            self.preview.clear()
        self.model.set_plan(plan)
        count = len(plan.letters)
        self.summary.setText(
            _("{month}: {letters}, {skipped} skipped").format(
                month=plan.month,
                letters=ngettext("{n} letter", "{n} letters", count).format(n=count),
                skipped=len(plan.skipped),
            )
        )
        self.message.setText(self._note)
        self._set_busy(False)
        if self._then_build and plan.letters:
            self.build()

    # -- the selected customer's salutation ------------------------------------------------

    def edit_salutation(self) -> SalutationDialog | None:
        """Open the greeting-line dialog for the selected customer; the list is planned again
        once it is saved (the next letters use it)."""
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        if len(rows) != 1:
            self.message.setText(_("Select one customer to set how their letters greet them."))
            return None
        card = self.model.row(rows[0]).card_number
        by_rules = None
        plan = self._plan
        letter = next((x for x in plan.letters if x.card_number == card), None) if plan else None
        if letter is not None:
            with speaking(letter.language):
                template = plan.template_for(letter.language)
                by_rules = fill(template.greeting, values_for(plan, letter))
        dialog = SalutationDialog(self.operations, card, by_rules=by_rules, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _result: self._salutation_closed(dialog))
        dialog.open()
        return dialog

    def _salutation_closed(self, dialog: SalutationDialog) -> None:
        saved = dialog.saved
        if saved is None:
            return
        if saved.salutation:
            note = _("{name}'s letters now greet: {salutation}").format(
                name=saved.name, salutation=saved.salutation
            )
        else:
            note = _("{name}'s letters greet by the rules again.").format(name=saved.name)
        try:
            month = self._selected_month()
        except ShopkeeperError:
            month = None
        if self.busy or month is None:
            self.message.setText(note)
            return
        self._plan_for(
            month,
            reprint=self.reprint.isChecked(),
            cards=None,
            then_build=False,
            note=note,
        )

    # -- build -----------------------------------------------------------------------------

    def build(self) -> None:
        """Make the PDF of the planned letters off the GUI thread, then preview it."""
        plan = self._plan
        if self.busy or plan is None:
            return
        if not plan.letters:
            if plan.skipped:
                text = _(
                    "Nobody gets a letter for {month} that was not sent already; tick reprint "
                    "to make them again."
                )
            else:
                text = _("Nobody gets a letter for {month}.")
            self.message.setText(text.format(month=plan.month))
            return

        def job(control: JobControl) -> object:
            buffer = io.BytesIO()
            result = write_letters(
                plan, buffer, progress=control.progress, cancelled=control.cancelled
            )
            return BuiltLetters(plan, buffer.getvalue(), result)

        count = len(plan.letters)
        self.message.setText(
            ngettext("Making {n} letter…", "Making {n} letters…", count).format(n=count)
        )
        self._start(
            job, self._on_built, _("Making the letters for {month}").format(month=plan.month)
        )
        self.progress.setRange(0, len(plan.letters))
        self.progress.setValue(0)

    def _on_built(self, built: object) -> None:
        assert isinstance(built, BuiltLetters)
        self._built = built
        self._set_busy(False)
        self.preview.set_pdf(built.pdf, f"letters-{built.plan.month}.pdf")
        warning = built.result.missing_warning()
        ready = ngettext(
            "{n} letter ready. It counts as sent once you confirm that it was printed or posted.",
            "{n} letters ready. They count as sent once you confirm that they were printed or "
            "posted.",
            built.result.items,
        ).format(n=built.result.items)
        self.message.setText(ready + (f" {warning}" if warning else ""))
        self._set_busy(False)

    def cancel(self) -> None:
        if self._job is not None:
            self._job.cancel()

    # -- job plumbing ----------------------------------------------------------------------

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)

    def _on_finished(self, result: object) -> None:
        self._job = None
        self._on_done(result)

    def _on_refused(self, error: object) -> None:
        self._job = None
        self._set_busy(False)
        self.message.setText(str(error))

    def _on_crashed(self, _error: object) -> None:
        self._job = None
        self._set_busy(False)
        self.message.setText(_("Something went wrong; the details are in the log."))

    # -- printed or saved: record once the shop confirms ------------------------------------

    def _on_printed(self, _pages: int) -> None:
        self._confirm_sent(_("Did every letter print well, ready to post?"))

    def _on_saved(self, path: str) -> None:
        self._confirm_sent(
            _("The letters were saved to {path}.\n\nHave they been printed or posted?").format(
                path=path
            )
        )

    def mark_sent(self) -> None:
        """The letters of the batch shown went out (printed elsewhere, posted)."""
        self._confirm_sent(_("Have these letters been printed or posted?"))

    def _confirm_sent(self, question: str) -> None:
        built = self._built
        if built is None:
            return
        count = len(built.plan.letters)
        asked = ngettext(
            "{question}\n\nYes records {n} letter for {month} as sent; No leaves it unsent "
            "(Mark as sent… records it later).",
            "{question}\n\nYes records {n} letters for {month} as sent; No leaves them unsent "
            "(Mark as sent… records them later).",
            count,
        ).format(question=question, n=count, month=built.plan.month)
        if not dialogs.ask(self.window(), _("Letters sent?"), asked):
            self.message.setText(
                ngettext(
                    "{n} letter not recorded as sent; Mark as sent… once it went out.",
                    "{n} letters not recorded as sent; Mark as sent… once they went out.",
                    count,
                ).format(n=count)
            )
            self._set_busy(False)
            return
        self._record(built)

    def _record(self, built: BuiltLetters) -> None:
        failed: list[ShopkeeperError] = []
        record = self.operations.write(
            letters.record_sent,
            Month.parse(built.plan.month),
            built.plan.customer_ids,
            what="letters",
            on_error=failed.append,
        )
        if record is None:
            reason = failed[0] if failed else _("unknown")
            self.message.setText(
                _("The letters were kept but not recorded as sent: {reason}").format(
                    reason=reason
                )
            )
            return
        count = record.first_time + record.reprinted
        note = ngettext(
            "Recorded {n} letter for {month} as sent.",
            "Recorded {n} letters for {month} as sent.",
            count,
        ).format(n=count, month=record.month)
        self.message.setText(note)
        self.letters_recorded.emit(record.month, count)
        self._built = None  # printing the same PDF again does not count again
        # The list now shows them as already sent; the preview stays for a second copy.
        self._plan_for(
            Month.parse(built.plan.month),
            reprint=self.reprint.isChecked(),
            cards=None,
            then_build=False,
            keep_preview=True,
            note=note,
        )

    def showEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt's name
        super().showEvent(event)
        if self._plan is None and not self.busy:
            self.refresh()  # the list is there when the screen opens

    def closeEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt's name
        if self._job is not None:
            self._job.discard()
            self.operations.wait()
        super().closeEvent(event)

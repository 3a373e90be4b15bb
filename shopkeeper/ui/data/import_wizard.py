"""The import wizard: choose a file → check how it was read (encoding, separator) and which
column is which → preview every rejected row and warning → import → the result.

Reading, previewing and importing go through ``ui.operations.Operations`` (on a worker thread,
with the services' own sessions); the widget only shows what comes back. The preview is the
import itself as a dry run, so its counts are exactly what the import will do. It lists the
conflicts (a card, phone or e-mail of another customer here, with another name), the stored
values the file differs from and the possible duplicates; each conflict and difference has a
choice beside it (new customer, leave out, keep the stored values, update from the file), and
the import carries those choices out. When the file's national phone numbers fit another
country than the shop's, the preview says so and offers it. The file dialogs go through
``choose_file`` and ``choose_save_file``, which tests replace.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from shopkeeper.domain.errors import ShopkeeperError
from shopkeeper.domain.import_plan import Action, Choices
from shopkeeper.domain.importing import (
    DELIMITER_NAMES,
    DELIMITERS,
    ENCODING_NAMES,
    ENCODINGS,
    FIELDS,
    Sheet,
    check_mapping,
)
from shopkeeper.services import importing
from shopkeeper.services.importing import ImportResult, RowReport
from shopkeeper.storage.database import Database
from shopkeeper.ui.operations import Operations
from shopkeeper.ui.style import ERROR_STYLE, NOTE_STYLE, OK_STYLE

NOT_IMPORTED = "— not imported —"
CHOICE_LABELS = {
    "new": "Import as a new customer",
    "skip": "Leave out",
    "keep": "Same customer: keep stored values",
    "update": "Same customer: update from the file",
}
FIELD_WORDS = {"email": "e-mail", "points": "points balance", "visits": "visits"}
SAMPLES = 3  # first values shown beside each mapped column
FILE_FILTER = "Customer lists (*.csv *.txt *.tsv *.xlsx *.xlsm);;All files (*)"


def choose_file(parent: QWidget | None) -> str | None:
    """The file to import (a native dialog; tests replace this function)."""
    path, _ = QFileDialog.getOpenFileName(parent, "Import customers", "", FILE_FILTER)
    return path or None


def choose_save_file(parent: QWidget | None, suggested: str) -> str | None:
    path, _ = QFileDialog.getSaveFileName(
        parent, "Save the rejected rows", suggested, "CSV (*.csv)"
    )
    return path or None


def _item(text: str) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setToolTip(text)
    return item


def _table(parent: QWidget, headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers), parent)
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(26)  # fixed heights: fast on long files
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _value(value: object) -> str:
    return "(empty)" if value in (None, "") else str(value).replace("\n", ", ")


def describe_differences(report: RowReport) -> str:
    """ "e-mail: ona@example.lt → ona.z@example.lt; points balance: 130 → 150"."""
    return "; ".join(
        f"{FIELD_WORDS.get(d.field, d.field)}: {_value(d.stored)} → {_value(d.file)}"
        for d in report.differences
    )


def _load(
    db: Database, path: Path, encoding: str | None, delimiter: str | None
) -> tuple[Path, Sheet, dict[str, int]]:
    """Worker thread: the sheet and the suggested mapping."""
    sheet = importing.load_sheet(db, path, encoding=encoding, delimiter=delimiter)
    return path, sheet, importing.suggest_mapping(db, sheet.headers)


class ImportWizard(QWidget):
    """Standalone: ``ImportWizard(db)``; ``imported`` is emitted with the ``ImportResult`` after
    a real import (the window refreshes its screens from it)."""

    imported = Signal(object)

    PAGE_FILE, PAGE_COLUMNS, PAGE_PREVIEW, PAGE_DONE = range(4)

    def __init__(
        self, db: Database, parent: QWidget | None = None, *, operations: Operations | None = None
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._ops = operations or Operations(db, self)
        self.path: Path | None = None
        self.sheet: Sheet | None = None
        self.preview: ImportResult | None = None
        self.result: ImportResult | None = None
        self.busy = False
        self._phone: str | None = None  # the phone country chosen for this file
        self._shop: str | None = None

        self.title = QLabel("Import customers from a spreadsheet (CSV or XLSX)", self)
        self.title.setStyleSheet("font-weight: bold;")
        self.pages = QStackedWidget(self)
        self.status = QLabel("", self)
        self.status.setObjectName("import_status")
        self.status.setWordWrap(True)

        # 1. the file
        page = QWidget(self)
        self.file_edit = QLineEdit(page)
        self.file_edit.setPlaceholderText("The file exported from your till or your own sheet")
        self.choose_button = QPushButton("Choose…", page)
        self.open_button = QPushButton("Read the file", page)
        row = QHBoxLayout()
        row.addWidget(self.file_edit, 1)
        row.addWidget(self.choose_button)
        row.addWidget(self.open_button)
        hint = QLabel(
            "Square, Shopify and Loyverse customer exports and sheets with headers in English, "
            "Lithuanian or Chinese are recognised; you can correct every guess next.",
            page,
        )
        hint.setWordWrap(True)
        hint.setStyleSheet(NOTE_STYLE)
        layout = QVBoxLayout(page)
        layout.addLayout(row)
        layout.addWidget(hint)
        layout.addStretch(1)
        self.pages.addWidget(page)

        # 2. how it was read, and which column is which
        page = QWidget(self)
        self.encoding = QComboBox(page)
        for code in ENCODINGS:
            self.encoding.addItem(ENCODING_NAMES[code], code)
        self.delimiter = QComboBox(page)
        for mark in DELIMITERS:
            self.delimiter.addItem(DELIMITER_NAMES[mark].capitalize(), mark)
        self.read_as = QLabel("", page)
        self.read_as.setStyleSheet(NOTE_STYLE)
        row = QHBoxLayout()
        row.addWidget(QLabel("Text encoding:", page))
        row.addWidget(self.encoding)
        row.addWidget(QLabel("Separator:", page))
        row.addWidget(self.delimiter)
        row.addWidget(self.read_as, 1)
        self.mapping_table = _table(page, ["Field", "Column in the file", "First values"])
        self.mapping_table.setRowCount(len(FIELDS))
        self.columns: dict[str, QComboBox] = {}
        for index, (field, label) in enumerate(FIELDS.items()):
            self.mapping_table.setItem(index, 0, _item(label))
            combo = QComboBox(self.mapping_table)
            combo.setObjectName(f"column_{field}")
            combo.currentIndexChanged.connect(self._show_samples)
            self.columns[field] = combo
            self.mapping_table.setCellWidget(index, 1, combo)
            self.mapping_table.setItem(index, 2, _item(""))
        self.mapping_table.setColumnWidth(0, 140)
        self.mapping_table.setColumnWidth(1, 220)
        self.back_to_file = QPushButton("Back", page)
        self.preview_button = QPushButton("Preview the import", page)
        self.preview_button.setDefault(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_to_file)
        buttons.addStretch(1)
        buttons.addWidget(self.preview_button)
        layout = QVBoxLayout(page)
        layout.addLayout(row)
        layout.addWidget(self.mapping_table, 1)
        layout.addLayout(buttons)
        self.pages.addWidget(page)

        # 3. preview
        page = QWidget(self)
        self.summary = QLabel("", page)
        self.summary.setObjectName("import_summary")
        self.summary.setWordWrap(True)
        self.phone_hint = QLabel("", page)
        self.phone_hint.setObjectName("import_phone_hint")
        self.phone_hint.setWordWrap(True)
        self.phone_country = QComboBox(page)
        self.phone_country.setObjectName("import_phone_country")
        phone_row = QHBoxLayout()
        phone_row.addWidget(self.phone_hint, 1)
        phone_row.addWidget(self.phone_country)
        self.problems = _table(page, ["Row", "Customer", "What happens", "Why", "Your choice"])
        self.problems.setColumnWidth(0, 50)
        self.problems.setColumnWidth(1, 160)
        self.problems.setColumnWidth(2, 110)
        self.problems.setColumnWidth(3, 330)
        self.choices: dict[int, QComboBox] = {}  # file row -> its choice
        self.back_to_columns = QPushButton("Back", page)
        self.save_rejected_button = QPushButton("Save the rejected rows…", page)
        self.import_button = QPushButton("Import", page)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_to_columns)
        buttons.addWidget(self.save_rejected_button)
        buttons.addStretch(1)
        buttons.addWidget(self.import_button)
        layout = QVBoxLayout(page)
        layout.addWidget(self.summary)
        layout.addLayout(phone_row)
        layout.addWidget(self.problems, 1)
        layout.addLayout(buttons)
        self.pages.addWidget(page)

        # 4. done
        page = QWidget(self)
        self.done_label = QLabel("", page)
        self.done_label.setObjectName("import_done")
        self.done_label.setWordWrap(True)
        self.done_label.setStyleSheet(OK_STYLE)
        self.again_button = QPushButton("Import another file", page)
        self.save_rejected_after = QPushButton("Save the rejected rows…", page)
        layout = QVBoxLayout(page)
        layout.addWidget(self.done_label)
        layout.addWidget(self.save_rejected_after)
        layout.addStretch(1)
        layout.addWidget(self.again_button)
        self.pages.addWidget(page)

        outer = QVBoxLayout(self)
        outer.addWidget(self.title)
        outer.addWidget(self.pages, 1)
        outer.addWidget(self.status)

        self.choose_button.clicked.connect(self.choose)
        self.open_button.clicked.connect(self.read_file)
        self.file_edit.returnPressed.connect(self.read_file)
        self.encoding.activated.connect(self._reread)
        self.delimiter.activated.connect(self._reread)
        self.back_to_file.clicked.connect(lambda: self.pages.setCurrentIndex(self.PAGE_FILE))
        self.preview_button.clicked.connect(self.run_preview)
        self.back_to_columns.clicked.connect(lambda: self.pages.setCurrentIndex(self.PAGE_COLUMNS))
        self.save_rejected_button.clicked.connect(self.save_rejected)
        self.save_rejected_after.clicked.connect(self.save_rejected)
        self.import_button.clicked.connect(self.run_import)
        self.phone_country.activated.connect(self._phone_country_chosen)
        self.again_button.clicked.connect(self.restart)

    # -- state ---------------------------------------------------------------------------------
    def _set_busy(self, busy: bool, message: str = "") -> None:
        self.busy = busy
        for button in (
            self.open_button,
            self.preview_button,
            self.import_button,
            self.choose_button,
        ):
            button.setEnabled(not busy)
        self._say(message)

    def _say(self, message: str, *, error: bool = False) -> None:
        self.status.setText(message)
        self.status.setStyleSheet(ERROR_STYLE if error else NOTE_STYLE)

    def _refused(self, error: ShopkeeperError) -> None:
        self._set_busy(False)
        self._say(str(error), error=True)

    def _crashed(self, _error: BaseException) -> None:
        self._set_busy(False)
        self._say("Something unexpected went wrong; nothing was imported.", error=True)

    def _start(self, fn, *args, on_done, message: str, **kwargs) -> None:  # noqa: ANN001, ANN002, ANN003
        """A read on the worker thread (the sheet, the preview)."""
        self._set_busy(True, message)
        self._ops.background(
            fn, *args, on_done=on_done, on_error=self._refused, on_crash=self._crashed, **kwargs
        )

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until background work ends (tests, closing the window)."""
        return self._ops.wait(msecs)

    # -- 1. the file ---------------------------------------------------------------------------
    def choose(self) -> None:
        path = choose_file(self)
        if path:
            self.file_edit.setText(path)
            self.read_file()

    def read_file(self, encoding: str | None = None, delimiter: str | None = None) -> None:
        text = self.file_edit.text().strip()
        if not text:
            self._say("Choose a file first.", error=True)
            return
        path = Path(text)
        self._start(
            _load, path, encoding, delimiter, on_done=self._loaded, message=f"Reading {path.name}…"
        )

    def _reread(self) -> None:
        if self.path is None or self.busy:
            return
        self.file_edit.setText(str(self.path))
        delimiter = self.delimiter.currentData() if self.delimiter.isEnabled() else None
        self.read_file(self.encoding.currentData(), delimiter)

    def _loaded(self, loaded: tuple[Path, Sheet, dict[str, int]]) -> None:
        self._set_busy(False)
        self.path, self.sheet, mapping = loaded
        sheet = self.sheet
        csv_file = sheet.encoding is not None
        self.encoding.setEnabled(csv_file)
        self.delimiter.setEnabled(csv_file)
        if csv_file:
            self.encoding.setCurrentIndex(self.encoding.findData(sheet.encoding))
            self.delimiter.setCurrentIndex(self.delimiter.findData(sheet.delimiter))
            self.read_as.setText("Detected; change them if the names below look wrong.")
        else:
            self.read_as.setText("A workbook: its first sheet is read.")
        headers = [h or f"Column {i + 1}" for i, h in enumerate(sheet.headers)]
        for field, combo in self.columns.items():
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(NOT_IMPORTED, None)
            for index, header in enumerate(headers):
                combo.addItem(header, index)
            combo.setCurrentIndex(combo.findData(mapping[field]) if field in mapping else 0)
            combo.blockSignals(False)
        self._show_samples()
        self._phone = None
        self.pages.setCurrentIndex(self.PAGE_COLUMNS)
        self._say(f"{self.path.name}: {len(sheet.rows)} rows with data.")

    def _show_samples(self) -> None:
        if self.sheet is None:
            return
        for index, combo in enumerate(self.columns.values()):
            column = combo.currentData()
            values = []
            if column is not None:
                values = [
                    r.cells[column]
                    for r in self.sheet.rows
                    if column < len(r.cells) and r.cells[column]
                ][:SAMPLES]
            self.mapping_table.item(index, 2).setText(" · ".join(values))

    def mapping(self) -> dict[str, int]:
        return {
            field: combo.currentData()
            for field, combo in self.columns.items()
            if combo.currentData() is not None
        }

    # -- 3. preview and import -----------------------------------------------------------------
    def run_preview(self, phone_country: str | None = None) -> None:
        if self.sheet is None:
            return
        mapping = self.mapping()
        try:
            check_mapping(mapping, len(self.sheet.headers))
        except ShopkeeperError as error:
            self._say(str(error), error=True)
            return
        self._phone = phone_country or None
        name = self.path.name if self.path else ""
        self._start(
            importing.import_sheet, self.sheet, mapping, file_name=name, dry_run=True,
            phone_country=self._phone, on_done=self._previewed, message="Checking every row…",
        )  # fmt: skip

    def _phone_country_chosen(self) -> None:
        chosen = self.phone_country.currentData()
        if self.preview is not None and chosen != self.preview.phone_country and not self.busy:
            self.run_preview(chosen)

    def _previewed(self, preview: ImportResult) -> None:
        self._set_busy(False)
        self.preview = preview
        if self._phone is None:
            self._shop = preview.phone_country
        self.summary.setText(
            f"{preview.imported} new customer(s) will be imported and {preview.updated} "
            f"updated; {preview.unchanged} are already here unchanged. {preview.rejected} "
            f"row(s) will be left out and {preview.warnings} value(s) dropped, as listed below. "
            f"{preview.conflicts} conflict(s), {preview.differences} customer(s) whose stored "
            f"values differ from the file, {preview.possible_duplicates} possible duplicate(s): "
            "choose for each below."
        )
        self._show_phone_country(preview)
        self._fill_problems(preview)
        self.save_rejected_button.setEnabled(preview.rejected > 0)
        self.import_button.setEnabled(preview.imported + preview.updated > 0 or bool(self.choices))
        self.pages.setCurrentIndex(self.PAGE_PREVIEW)
        self._say("Nothing has been imported yet.")

    def _show_phone_country(self, preview: ImportResult) -> None:
        offered = [preview.phone_country, *preview.phone_suggestion]
        if self._phone is None and not preview.phone_suggestion:
            self.phone_hint.setVisible(False)
            self.phone_country.setVisible(False)
            return
        self.phone_country.clear()
        for code in dict.fromkeys(offered + ([self._shop_country(preview)] if self._phone else [])):
            self.phone_country.addItem(f"Phone numbers from {code}", code)
        self.phone_country.setCurrentIndex(self.phone_country.findData(preview.phone_country))
        if preview.phone_suggestion:
            country = preview.phone_suggestion[0]
            self.phone_hint.setText(
                f"{preview.invalid_phones} phone number(s) are not valid for "
                f"{preview.phone_country} but are for {country}: choose {country} to keep them."
            )
        else:
            self.phone_hint.setText(f"Phone numbers are read as from {preview.phone_country}.")
        self.phone_hint.setVisible(True)
        self.phone_country.setVisible(True)

    def _shop_country(self, preview: ImportResult) -> str:
        return self._shop or preview.phone_country

    def _fill_problems(self, result: ImportResult) -> None:
        lines: list[tuple[int, str, str, str, RowReport | None]] = []
        for report in result.rows:
            who = report.name or ""
            if report.problem:
                lines.append((report.row, who, "Left out", report.problem, None))
            if report.conflict:
                lines.append((
                    report.row, who, "Conflict",
                    f"Has the {report.matched_by} of {report.matched_name} (card "
                    f"{report.matched_card}) but another name and contacts.", report,
                ))  # fmt: skip
            elif report.differences:
                lines.append((
                    report.row, who, "Differs",
                    f"{report.matched_name} (card {report.matched_card}): "
                    f"{describe_differences(report)}", report,
                ))  # fmt: skip
            if report.status == "skipped" and not report.conflict and not report.differences:
                lines.append((report.row, who, "Left out", "As you chose.", report))
            lines.extend(
                (report.row, who, "May be", f"{h.name} (card {h.card_number}): {h.reason}", None)
                for h in report.duplicates
            )
            lines.extend((report.row, who, "Value dropped", w, None) for w in report.warnings)
            if report.changes:
                lines.append((report.row, who, "Updated", ", ".join(report.changes), None))
        self.choices = {}
        self.problems.setRowCount(len(lines))
        for index, (row, who, what, why, chooser) in enumerate(lines):
            for column, value in enumerate((str(row), who, what, why)):
                self.problems.setItem(index, column, _item(value))
            self.problems.setItem(index, 4, _item(""))
            if chooser is not None and chooser.options and chooser.row not in self.choices:
                combo = QComboBox(self.problems)
                combo.setObjectName(f"choice_row_{chooser.row}")
                for option in chooser.options:
                    combo.addItem(CHOICE_LABELS[option], option)
                combo.setCurrentIndex(combo.findData(chooser.action))
                self.choices[chooser.row] = combo
                self.problems.setCellWidget(index, 4, combo)

    def chosen(self) -> Choices:
        """The per-row choices as the user left them."""
        return Choices(rows={row: Action(c.currentData()) for row, c in self.choices.items()})

    def run_import(self) -> None:
        if self.sheet is None:
            return
        name = self.path.name if self.path else ""
        self._set_busy(True, "Importing…")
        self._ops.background_write(
            importing.import_sheet, self.sheet, self.mapping(), file_name=name,
            choices=self.chosen(), phone_country=self._phone, what="import",
            on_done=self._imported, on_error=self._refused, on_crash=self._crashed,
        )  # fmt: skip

    def _imported(self, result: ImportResult) -> None:
        self._set_busy(False)
        self.result = result
        self.done_label.setText(
            f"Imported {result.imported} new customer(s) and updated {result.updated}; "
            f"{result.unchanged} unchanged, {result.rejected + result.skipped} row(s) left out. "
            "Opening balances, past visits and corrections are in each customer's ledger."
        )
        self.save_rejected_after.setVisible(result.rejected > 0)
        self.pages.setCurrentIndex(self.PAGE_DONE)
        self._say("")
        self.imported.emit(result)

    def save_rejected(self) -> None:
        result = self.result or self.preview
        if result is None or self.sheet is None or not result.rejected:
            return
        suggested = str(self.path.with_name(f"{self.path.stem}-rejected.csv")) if self.path else ""
        target = choose_save_file(self, suggested)
        if not target:
            return
        try:
            path = importing.write_rejected(result, self.sheet, target)
        except ShopkeeperError as error:
            self._say(str(error), error=True)
            return
        self._say(f"The rejected rows are in {path}: fix them there and import that file.")

    def restart(self) -> None:
        self.path = self.sheet = self.preview = self.result = None
        self.file_edit.clear()
        self.pages.setCurrentIndex(self.PAGE_FILE)
        self._say("")

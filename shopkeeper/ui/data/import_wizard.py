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
from shopkeeper.i18n import N_, _, ngettext, pgettext
from shopkeeper.present.numbers import Numbers
from shopkeeper.services import importing
from shopkeeper.services.importing import ImportResult, RowReport
from shopkeeper.ui.data.common import as_operations
from shopkeeper.ui.models.base import shop_numbers
from shopkeeper.ui.operations import Operations
from shopkeeper.ui.style import ERROR_STYLE, NOTE_STYLE, OK_STYLE

NOT_IMPORTED = N_("— not imported —")
CHOICE_LABELS = {
    "new": N_("Import as a new customer"),
    "skip": N_("Leave out"),
    "keep": N_("Same customer: keep stored values"),
    "update": N_("Same customer: update from the file"),
}
FIELD_WORDS = {
    "name": N_("name"),
    "phone": N_("phone"),
    "email": N_("e-mail"),
    "birthday": N_("birthday"),
    "address": N_("address"),
    "points": N_("points balance"),
    "visits": N_("visits"),
}
# A conflict, by what the row shares with a stored customer (``RowReport.matched_by``).
CONFLICTS = {
    "card": N_("Has the card of {name} (card {card}) but another name and contacts."),
    "phone": N_("Has the phone of {name} (card {card}) but another name and contacts."),
    "e-mail": N_("Has the e-mail of {name} (card {card}) but another name and contacts."),
    "name": N_("Has the name of {name} (card {card}) but other contacts."),
}
# What happens to a row, in the preview's third column.
LEFT_OUT, CONFLICT, DIFFERS, MAY_BE, VALUE_DROPPED, UPDATED = (
    N_("Left out"), N_("Conflict"), N_("Differs"), N_("May be"), N_("Value dropped"),
    N_("Updated"),
)  # fmt: skip
SAMPLES = 3  # first values shown beside each mapped column


def choose_file(parent: QWidget | None) -> str | None:
    """The file to import (a native dialog; tests replace this function)."""
    file_filter = _("Customer lists ({patterns});;All files (*)").format(
        patterns="*.csv *.txt *.tsv *.xlsx *.xlsm"
    )
    path, _chosen = QFileDialog.getOpenFileName(parent, _("Import customers"), "", file_filter)
    return path or None


def choose_save_file(parent: QWidget | None, suggested: str) -> str | None:
    path, _chosen = QFileDialog.getSaveFileName(
        parent, _("Save the rejected rows"), suggested, "CSV (*.csv)"
    )
    return path or None


def _item(text: str) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setToolTip(text)
    return item


def _table(parent: QWidget, headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers), parent)
    table.setHorizontalHeaderLabels([_(header) for header in headers])
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(26)  # fixed heights: fast on long files
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _value(value: object) -> str:
    return _("(empty)") if value in (None, "") else str(value).replace("\n", ", ")


def describe_differences(report: RowReport) -> str:
    """ "e-mail: ona@example.lt → ona.z@example.lt; points balance: 130 → 150"."""
    return pgettext("list separator", "; ").join(
        _("{field}: {stored} → {file}").format(
            field=_(FIELD_WORDS[d.field]) if d.field in FIELD_WORDS else d.field,
            stored=_value(d.stored),
            file=_value(d.file),
        )
        for d in report.differences
    )


def conflict_text(report: RowReport) -> str:
    """Why a row is a conflict: what it shares with whom."""
    sentence = CONFLICTS.get(report.matched_by, CONFLICTS["card"])
    return _(sentence).format(name=report.matched_name, card=report.matched_card)


def preview_text(preview: ImportResult, numbers: Numbers) -> str:
    """What the import will do, one sentence per figure (each with its plural form)."""
    n = numbers.number
    parts = [
        ngettext(
            "{n} new customer will be imported.",
            "{n} new customers will be imported.",
            preview.imported,
        ).format(n=n(preview.imported))
    ]
    if preview.updated:
        parts.append(
            ngettext(
                "{n} customer will be updated.", "{n} customers will be updated.", preview.updated
            ).format(n=n(preview.updated))
        )
    if preview.unchanged:
        parts.append(
            ngettext(
                "{n} customer is already here unchanged.",
                "{n} customers are already here unchanged.",
                preview.unchanged,
            ).format(n=n(preview.unchanged))
        )
    if preview.rejected:
        parts.append(
            ngettext(
                "{n} row will be left out (listed below).",
                "{n} rows will be left out (listed below).",
                preview.rejected,
            ).format(n=n(preview.rejected))
        )
    if preview.warnings:
        parts.append(
            ngettext(
                "{n} value will be dropped (listed below).",
                "{n} values will be dropped (listed below).",
                preview.warnings,
            ).format(n=n(preview.warnings))
        )
    to_choose = [
        ngettext("{n} conflict", "{n} conflicts", preview.conflicts).format(
            n=n(preview.conflicts)
        )
        if preview.conflicts
        else "",
        ngettext(
            "{n} customer whose stored values differ from the file",
            "{n} customers whose stored values differ from the file",
            preview.differences,
        ).format(n=n(preview.differences))
        if preview.differences
        else "",
        ngettext("{n} possible duplicate", "{n} possible duplicates", preview.possible_duplicates)
        .format(n=n(preview.possible_duplicates))
        if preview.possible_duplicates
        else "",
    ]
    chosen = [part for part in to_choose if part]
    if chosen:
        parts.append(
            _("Choose for each below: {items}.").format(
                items=pgettext("list separator", ", ").join(chosen)
            )
        )
    return " ".join(parts)


def done_text(result: ImportResult, numbers: Numbers) -> str:
    """What the import did."""
    n = numbers.number
    left_out = result.rejected + result.skipped
    parts = [
        ngettext(
            "Imported {n} new customer.", "Imported {n} new customers.", result.imported
        ).format(n=n(result.imported)),
        ngettext("Updated {n} customer.", "Updated {n} customers.", result.updated).format(
            n=n(result.updated)
        ),
    ]
    if result.unchanged:
        parts.append(
            ngettext(
                "{n} customer unchanged.", "{n} customers unchanged.", result.unchanged
            ).format(n=n(result.unchanged))
        )
    if left_out:
        parts.append(
            ngettext("{n} row left out.", "{n} rows left out.", left_out).format(n=n(left_out))
        )
    if result.new_products:
        parts.append(
            ngettext(
                "{n} new product from the item histories.",
                "{n} new products from the item histories.",
                result.new_products,
            ).format(n=n(result.new_products))
        )
    parts.append(_("Opening balances, past visits and corrections are in each customer's ledger."))
    return " ".join(parts)


def _load(
    db: object, path: Path, encoding: str | None, delimiter: str | None
) -> tuple[Path, Sheet, dict[str, int]]:
    """Worker thread: the sheet and the suggested mapping."""
    sheet = importing.load_sheet(db, path, encoding=encoding, delimiter=delimiter)
    return path, sheet, importing.suggest_mapping(db, sheet.headers)


class ImportWizard(QWidget):
    """``ImportWizard(operations)``: in the window, the window's ``Operations``; standalone,
    ``ImportWizard(db)`` makes one of its own (the wizard never holds the ``Database``).
    ``imported`` is emitted with the ``ImportResult`` after a real import."""

    imported = Signal(object)

    PAGE_FILE, PAGE_COLUMNS, PAGE_PREVIEW, PAGE_DONE = range(4)

    def __init__(
        self,
        source: Operations | object,
        parent: QWidget | None = None,
        *,
        operations: Operations | None = None,
    ) -> None:
        super().__init__(parent)
        self._ops = operations or as_operations(source, self)
        self._numbers: Numbers = shop_numbers(self._ops)
        self.path: Path | None = None
        self.sheet: Sheet | None = None
        self.preview: ImportResult | None = None
        self.result: ImportResult | None = None
        self.busy = False
        self._phone: str | None = None  # the phone country chosen for this file
        self._shop: str | None = None

        self.title = QLabel(_("Import customers from a spreadsheet (CSV or XLSX)"), self)
        self.title.setStyleSheet("font-weight: bold;")
        self.pages = QStackedWidget(self)
        self.status = QLabel("", self)
        self.status.setObjectName("import_status")
        self.status.setWordWrap(True)

        # 1. the file
        page = QWidget(self)
        self.file_edit = QLineEdit(page)
        self.file_edit.setPlaceholderText(_("The file exported from your till or your own sheet"))
        self.choose_button = QPushButton(_("Choose…"), page)
        self.open_button = QPushButton(_("Read the file"), page)
        row = QHBoxLayout()
        row.addWidget(self.file_edit, 1)
        row.addWidget(self.choose_button)
        row.addWidget(self.open_button)
        hint = QLabel(
            _(
                "Square, Shopify and Loyverse customer exports and sheets with headers in "
                "English, Lithuanian or Chinese are recognised; you can correct every guess next."
            ),
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
            self.encoding.addItem(_(ENCODING_NAMES[code]), code)
        self.delimiter = QComboBox(page)
        for mark in DELIMITERS:
            self.delimiter.addItem(_(DELIMITER_NAMES[mark]).capitalize(), mark)
        self.read_as = QLabel("", page)
        self.read_as.setStyleSheet(NOTE_STYLE)
        row = QHBoxLayout()
        row.addWidget(QLabel(_("Text encoding:"), page))
        row.addWidget(self.encoding)
        row.addWidget(QLabel(_("Separator:"), page))
        row.addWidget(self.delimiter)
        row.addWidget(self.read_as, 1)
        self.mapping_table = _table(
            page, [N_("Field"), N_("Column in the file"), N_("First values")]
        )
        self.mapping_table.setRowCount(len(FIELDS))
        self.columns: dict[str, QComboBox] = {}
        for index, (field, label) in enumerate(FIELDS.items()):
            self.mapping_table.setItem(index, 0, _item(_(label)))
            combo = QComboBox(self.mapping_table)
            combo.setObjectName(f"column_{field}")
            combo.currentIndexChanged.connect(self._show_samples)
            self.columns[field] = combo
            self.mapping_table.setCellWidget(index, 1, combo)
            self.mapping_table.setItem(index, 2, _item(""))
        self.mapping_table.setColumnWidth(0, 140)
        self.mapping_table.setColumnWidth(1, 220)
        self.back_to_file = QPushButton(_("Back"), page)
        self.preview_button = QPushButton(_("Preview the import"), page)
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
        self.problems = _table(
            page, [N_("Row"), N_("Customer"), N_("What happens"), N_("Why"), N_("Your choice")]
        )
        self.problems.setColumnWidth(0, 50)
        self.problems.setColumnWidth(1, 160)
        self.problems.setColumnWidth(2, 110)
        self.problems.setColumnWidth(3, 330)
        self.choices: dict[int, QComboBox] = {}  # file row -> its choice
        self.back_to_columns = QPushButton(_("Back"), page)
        self.save_rejected_button = QPushButton(_("Save the rejected rows…"), page)
        self.import_button = QPushButton(_("Import"), page)
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
        self.again_button = QPushButton(_("Import another file"), page)
        self.save_rejected_after = QPushButton(_("Save the rejected rows…"), page)
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
        self._say(_("Something unexpected went wrong; nothing was imported."), error=True)

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
            self._say(_("Choose a file first."), error=True)
            return
        path = Path(text)
        self._start(
            _load,
            path,
            encoding,
            delimiter,
            on_done=self._loaded,
            message=_("Reading {file}…").format(file=path.name),
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
            self.read_as.setText(_("Detected; change them if the names below look wrong."))
        else:
            self.read_as.setText(_("A workbook: its first sheet is read."))
        headers = [h or _("Column {n}").format(n=i + 1) for i, h in enumerate(sheet.headers)]
        for field, combo in self.columns.items():
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(_(NOT_IMPORTED), None)
            for index, header in enumerate(headers):
                combo.addItem(header, index)
            combo.setCurrentIndex(combo.findData(mapping[field]) if field in mapping else 0)
            combo.blockSignals(False)
        self._show_samples()
        self._phone = None
        self.pages.setCurrentIndex(self.PAGE_COLUMNS)
        rows = len(sheet.rows)
        self._say(
            ngettext("{file}: {n} row with data.", "{file}: {n} rows with data.", rows).format(
                file=self.path.name, n=self._numbers.number(rows)
            )
        )

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
            phone_country=self._phone, on_done=self._previewed, message=_("Checking every row…"),
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
        self.summary.setText(preview_text(preview, self._numbers))
        self._show_phone_country(preview)
        self._fill_problems(preview)
        self.save_rejected_button.setEnabled(preview.rejected > 0)
        self.import_button.setEnabled(preview.imported + preview.updated > 0 or bool(self.choices))
        self.pages.setCurrentIndex(self.PAGE_PREVIEW)
        self._say(_("Nothing has been imported yet."))

    def _show_phone_country(self, preview: ImportResult) -> None:
        offered = [preview.phone_country, *preview.phone_suggestion]
        if self._phone is None and not preview.phone_suggestion:
            self.phone_hint.setVisible(False)
            self.phone_country.setVisible(False)
            return
        self.phone_country.clear()
        for code in dict.fromkeys(offered + ([self._shop_country(preview)] if self._phone else [])):
            self.phone_country.addItem(_("Phone numbers from {country}").format(country=code), code)
        self.phone_country.setCurrentIndex(self.phone_country.findData(preview.phone_country))
        if preview.phone_suggestion:
            country = preview.phone_suggestion[0]
            self.phone_hint.setText(
                ngettext(
                    "{n} phone number is not valid for {shop} but is for {country}: choose "
                    "{country} to keep it.",
                    "{n} phone numbers are not valid for {shop} but are for {country}: choose "
                    "{country} to keep them.",
                    preview.invalid_phones,
                ).format(
                    n=self._numbers.number(preview.invalid_phones),
                    shop=preview.phone_country,
                    country=country,
                )
            )
        else:
            self.phone_hint.setText(
                _("Phone numbers are read as from {country}.").format(
                    country=preview.phone_country
                )
            )
        self.phone_hint.setVisible(True)
        self.phone_country.setVisible(True)

    def _shop_country(self, preview: ImportResult) -> str:
        return self._shop or preview.phone_country

    def _fill_problems(self, result: ImportResult) -> None:
        lines: list[tuple[int, str, str, str, RowReport | None]] = []
        for report in result.rows:
            who = report.name or ""
            if report.problem:
                lines.append((report.row, who, _(LEFT_OUT), report.problem, None))
            if report.conflict:
                lines.append((report.row, who, _(CONFLICT), conflict_text(report), report))
            elif report.differences:
                why = _("{name} (card {card}): {what}").format(
                    name=report.matched_name,
                    card=report.matched_card,
                    what=describe_differences(report),
                )
                lines.append((report.row, who, _(DIFFERS), why, report))
            if report.status == "skipped" and not report.conflict and not report.differences:
                lines.append((report.row, who, _(LEFT_OUT), _("As you chose."), report))
            lines.extend(
                (
                    report.row,
                    who,
                    _(MAY_BE),
                    _("{name} (card {card}): {what}").format(
                        name=h.name, card=h.card_number, what=_(h.reason)
                    ),
                    None,
                )
                for h in report.duplicates
            )
            lines.extend((report.row, who, _(VALUE_DROPPED), w, None) for w in report.warnings)
            if report.changes:
                changed = pgettext("list separator", ", ").join(report.changes)
                lines.append((report.row, who, _(UPDATED), changed, None))
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
                    combo.addItem(_(CHOICE_LABELS[option]), option)
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
        self._set_busy(True, _("Importing…"))
        self._ops.background_write(
            importing.import_sheet, self.sheet, self.mapping(), file_name=name,
            choices=self.chosen(), phone_country=self._phone, what="import",
            on_done=self._imported, on_error=self._refused, on_crash=self._crashed,
        )  # fmt: skip

    def _imported(self, result: ImportResult) -> None:
        self._set_busy(False)
        self.result = result
        self.done_label.setText(done_text(result, self._numbers))
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
        sheet = self.sheet
        path = self._ops.read(
            lambda _db: importing.write_rejected(result, sheet, target), on_error=self._refused
        )
        if path is not None:
            self._say(
                _("The rejected rows are in {path}: fix them there and import that file.").format(
                    path=path
                )
            )

    def restart(self) -> None:
        self.path = self.sheet = self.preview = self.result = None
        self.file_edit.clear()
        self.pages.setCurrentIndex(self.PAGE_FILE)
        self._say("")

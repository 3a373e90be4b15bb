"""The Reports screen: a standalone widget the main window adds with ``add_view``.

Every report runs on a worker thread (``Operations.background``): the service opens its own
session there and hands back a frozen result; the screen only shows ``report_export.Table``.
Save dialogs go through ``ask_save_path`` so tests replace it.
"""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QModelIndex,
    QPersistentModelIndex,
    QRectF,
    Qt,
)
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from shopkeeper.domain.calendar import Month
from shopkeeper.domain.errors import ShopkeeperError
from shopkeeper.printing.reports import write_report
from shopkeeper.services import programme
from shopkeeper.services.report_export import REPORTS, Options, Table, run_table, write_csv
from shopkeeper.storage.database import Database
from shopkeeper.ui.operations import Operations
from shopkeeper.ui.style import ERROR_STYLE

Index = QModelIndex | QPersistentModelIndex
SERIES_COLOURS = ("#3f51b5", "#e65100", "#2e7d32")


def ask_save_path(parent: QWidget | None, suggested: str, kind: str) -> str | None:
    """Where to save the export ("csv" or "pdf"); None when cancelled."""
    label = "CSV files (*.csv)" if kind == "csv" else "PDF documents (*.pdf)"
    path, _filter = QFileDialog.getSaveFileName(parent, f"Save as {kind.upper()}", suggested, label)
    if not path:
        return None
    return path if path.lower().endswith(f".{kind}") else f"{path}.{kind}"


class TableModel(QAbstractTableModel):
    """A report's table: replaced as a whole, never edited."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.table = Table("", (), ())

    def set_table(self, table: Table) -> None:
        self.beginResetModel()
        self.table = table
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self.table.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self.table.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.table.rows):
            return None
        if index.column() >= len(self.table.columns):
            return None
        value = self.table.rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.TextAlignmentRole and _is_figure(value):
            return int((Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter).value)
        return None

    def headerData(  # noqa: N802 - Qt's name
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self.table.columns)
        ):
            return self.table.columns[section]
        return None


class SeriesChart(QWidget):
    """Bars per period for the chart columns of a table, drawn with QPainter."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumHeight(160)
        self.labels: list[str] = []
        self.series: list[tuple[str, list[float]]] = []

    def set_table(self, table: Table) -> None:
        self.labels = [str(row[0]) for row in table.rows]
        self.series = [
            (table.columns[c], [_number(row[c]) for row in table.rows]) for c in table.chart
        ]
        self.setVisible(bool(self.series and self.labels))
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        if not self.series or not self.labels:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        area = QRectF(self.rect()).adjusted(40, 10, -10, -24)
        top = max((max(values, default=0) for _name, values in self.series), default=0) or 1
        slot = area.width() / len(self.labels)
        bar = max(1.0, slot * 0.8 / len(self.series))
        painter.setPen(QColor("#9e9e9e"))
        painter.drawLine(area.bottomLeft(), area.bottomRight())
        painter.drawText(QRectF(0, area.top() - 6, 38, 14), Qt.AlignmentFlag.AlignRight, f"{top:g}")
        for s, (_name, values) in enumerate(self.series):
            colour = QColor(SERIES_COLOURS[s % len(SERIES_COLOURS)])
            for i, value in enumerate(values):
                height = area.height() * max(0.0, value) / top
                x = area.left() + i * slot + slot * 0.1 + s * bar
                painter.fillRect(QRectF(x, area.bottom() - height, bar, height), colour)
        painter.setPen(QColor("#424242"))
        step = max(1, len(self.labels) // 12)
        for i in range(0, len(self.labels), step):
            rect = QRectF(area.left() + i * slot, area.bottom() + 4, slot * step, 16)
            painter.drawText(rect, Qt.AlignmentFlag.AlignLeft, self.labels[i])
        painter.end()


_FIGURE = re.compile(r"^[+-]?\d[\d,]*(\.\d+)?( ?%)?$")


def _is_figure(value: object) -> bool:
    """Numbers, amounts ("250811.00") and shares ("43.6 %") line up on the right."""
    return isinstance(value, int | float) or (
        isinstance(value, str) and bool(_FIGURE.match(value.strip()))
    )


def _number(value: object) -> float:
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(str(value).replace(" %", ""))
    except ValueError:
        return 0.0


class ReportsView(QWidget):
    """Choose a report and a period; the table, a chart for monthly series, exports."""

    def __init__(self, operations: Operations, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reports_view")
        self._operations = operations
        self._db = db
        self.result: Any = None
        self.table = Table("", (), ())
        self.choice = QComboBox(self)
        for name, spec in REPORTS.items():
            self.choice.addItem(spec.title, name)
        today = operations.today()
        start = Month.of(today).shift(-11).first_day
        self.start = QDateEdit(QDate(start.year, start.month, start.day), self)
        self.end = QDateEdit(QDate(today.year, today.month, today.day), self)
        for edit in (self.start, self.end):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.by = QComboBox(self)
        self.by.addItem("per month", "month")
        self.by.addItem("per week", "week")
        self.run_button = QPushButton("&Show", self)
        self.csv_button = QPushButton("Export &CSV…", self)
        self.pdf_button = QPushButton("Export &PDF…", self)
        self.status = QLabel(self)
        self.title = QLabel(self)
        self.title.setStyleSheet("font-weight: bold; font-size: 14px")
        self.model = TableModel(self)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.verticalHeader().setDefaultSectionSize(22)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.chart = SeriesChart(self)
        self.chart.setVisible(False)
        self.notes = QLabel(self)
        self.notes.setWordWrap(True)

        controls = QHBoxLayout()
        for widget in (
            QLabel("Report:", self),
            self.choice,
            QLabel("From", self),
            self.start,
            QLabel("to", self),
            self.end,
            self.by,
            self.run_button,
        ):
            controls.addWidget(widget)
        controls.addStretch(1)
        controls.addWidget(self.csv_button)
        controls.addWidget(self.pdf_button)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.view)
        split.addWidget(self.chart)
        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addWidget(self.title)
        layout.addWidget(split, 1)
        layout.addWidget(self.notes)
        layout.addWidget(self.status)

        self.run_button.clicked.connect(self.refresh)
        self.choice.currentIndexChanged.connect(self.refresh)
        self.csv_button.clicked.connect(self.export_csv)
        self.pdf_button.clicked.connect(self.export_pdf)
        self._set_exports()

    # -- running ------------------------------------------------------------------------
    @property
    def report_name(self) -> str:
        return self.choice.currentData()

    def choose(self, name: str) -> None:
        self.choice.setCurrentIndex(self.choice.findData(name))

    def options(self) -> Options:
        def day(edit: QDateEdit):  # noqa: ANN202
            return edit.date().toPython()

        return Options(start=day(self.start), end=day(self.end), by=self.by.currentData())

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if self.result is None and self.run_button.isEnabled():
            self.refresh()  # the first look shows figures, not an empty table

    def refresh(self) -> None:
        """Run the chosen report off the GUI thread."""
        name, options = self.report_name, self.options()
        self.status.setStyleSheet("")
        self.status.setText("Working…")
        self.run_button.setEnabled(False)
        self._operations.background(_run, name, options, on_done=self._show, on_error=self._refused)

    def _show(self, outcome: tuple[str, Any, Table]) -> None:
        name, result, table = outcome
        self.run_button.setEnabled(True)
        if name != self.report_name:  # the choice moved on while this one ran
            return
        self.result, self.table = result, table
        self.title.setText(table.title)
        self.model.set_table(table)
        self.view.resizeColumnsToContents()  # a report is tens of rows: measuring them is cheap
        self.chart.set_table(table)
        self.notes.setText("\n".join(table.notes))
        self.status.setText(f"{len(table.rows)} row(s).")
        self._set_exports()

    def _refused(self, error: ShopkeeperError) -> None:
        self.run_button.setEnabled(True)
        self.status.setStyleSheet(ERROR_STYLE)
        self.status.setText(str(error))

    def _set_exports(self) -> None:
        has = bool(self.table.columns)
        self.csv_button.setEnabled(has)
        self.pdf_button.setEnabled(has)

    # -- exports ------------------------------------------------------------------------
    def export_csv(self) -> str | None:
        path = ask_save_path(self, f"{self.report_name}.csv", "csv")
        if not path:
            return None
        return self._export(lambda: write_csv(self.table, path), path)

    def export_pdf(self) -> str | None:
        """The table as a PDF (the call list prints this way)."""
        path = ask_save_path(self, f"{self.report_name}.pdf", "pdf")
        if not path:
            return None
        shop = programme.load(self._db).shop.name
        return self._export(lambda: write_report(self.table, path, shop_name=shop), path)

    def _export(self, write, path: str) -> str | None:  # noqa: ANN001
        try:
            write()
        except ShopkeeperError as error:
            self._refused(error)
            return None
        self.status.setStyleSheet("")
        self.status.setText(f"Saved {path}.")
        return path


def _run(db: Database, name: str, options: Options) -> tuple[str, Any, Table]:
    """Worker thread: the report and its table, plain data only."""
    result, table = run_table(db, name, options)
    return name, result, table

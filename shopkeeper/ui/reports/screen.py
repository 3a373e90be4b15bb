"""The Reports screen: a standalone widget the main window adds with ``add_view``.

Every report runs on a worker thread (``Operations.background``): the service opens its own
session there and hands back a frozen result; the screen only shows ``report_export.Table``,
whose cells are raw typed values formatted here, at display, by ``shopkeeper.present`` (the
screen never reads numbers back out of text). Save dialogs go through ``ask_save_path`` so tests
replace it.
"""

from __future__ import annotations

import math
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QModelIndex,
    QPersistentModelIndex,
    QPointF,
    QRectF,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from shopkeeper.domain.calendar import Month
from shopkeeper.domain.errors import ShopkeeperError
from shopkeeper.domain.figures import Money, is_figure, magnitude
from shopkeeper.i18n import _, ngettext
from shopkeeper.present.numbers import Numbers
from shopkeeper.present.reports import say, sort_key
from shopkeeper.printing.reports import write_report
from shopkeeper.services import programme
from shopkeeper.services.report_export import REPORTS, Options, Table, run_table, write_csv
from shopkeeper.services.reports import CALL_LIST_LIMIT
from shopkeeper.storage.database import Database
from shopkeeper.ui.operations import Operations
from shopkeeper.ui.style import ERROR_STYLE

Index = QModelIndex | QPersistentModelIndex
SERIES_COLOURS = ("#3f51b5", "#e65100", "#2e7d32", "#8e24aa", "#00838f")
CARD_ROLE = Qt.ItemDataRole.UserRole + 1
RAW_ROLE = Qt.ItemDataRole.UserRole + 2
SORT_ROLE = Qt.ItemDataRole.UserRole + 3


def ask_save_path(parent: QWidget | None, suggested: str, kind: str) -> str | None:
    """Where to save the export ("csv" or "pdf"); None when cancelled."""
    if kind == "csv":
        label, title = _("CSV files (*.csv)"), _("Save as CSV")
    else:
        label, title = _("PDF documents (*.pdf)"), _("Save as PDF")
    path, _filter = QFileDialog.getSaveFileName(parent, title, suggested, label)
    if not path:
        return None
    return path if path.lower().endswith(f".{kind}") else f"{path}.{kind}"


class TableModel(QAbstractTableModel):
    """A report's table: replaced as a whole, never edited. Cells are formatted for the shop's
    locale here; ``RAW_ROLE`` gives the raw value and ``CARD_ROLE`` the customer a row names.

    The class-level values answer "empty" when Python's collector has already cleared a dropped
    screen's attributes (a reference cycle is cleared in any order) while Qt, tearing the view
    down, still asks the model for its rows."""

    table = Table("", (), ())
    numbers = Numbers()

    def __init__(self, parent: Any = None, numbers: Numbers | None = None) -> None:
        super().__init__(parent)
        self.table = Table("", (), ())
        self.numbers = numbers or Numbers()

    def set_table(self, table: Table) -> None:
        self.beginResetModel()
        self.table = table
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self.table.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self.table.columns)

    def card(self, row: int) -> str | None:
        cards = self.table.cards
        return cards[row] if 0 <= row < len(cards) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.table.rows):
            return None
        if index.column() >= len(self.table.columns):
            return None
        value = self.table.rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return say(value, self.numbers)
        if role == Qt.ItemDataRole.TextAlignmentRole and is_figure(value):
            return int((Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter).value)
        if role == Qt.ItemDataRole.ToolTipRole and self.card(index.row()):
            return _("Double-click to open this customer at the counter")
        if role == RAW_ROLE:
            return value
        if role == SORT_ROLE:
            return sort_key(value)
        if role == CARD_ROLE:
            return self.card(index.row())
        return None

    def headerData(  # noqa: N802 - Qt's name
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self.table.columns)
        ):
            return say(self.table.columns[section], self.numbers)
        return None


class SortedRows(QSortFilterProxyModel):
    """The table as the person sorted it by a header click: figures by value (a spend of
    1,250.50 after 999.00, not before it as text would), dates by day, words by text."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)

    def lessThan(self, left: Index, right: Index) -> bool:  # noqa: N802 - Qt's name
        a, b = left.data(SORT_ROLE), right.data(SORT_ROLE)
        if a is None or b is None:
            return a is None and b is not None
        if a[0] != b[0]:
            return a[0] < b[0]
        return a[1] < b[1]


def nice_ticks(top: float, count: int = 4) -> list[float]:
    """Round steps from 0 to at least ``top`` (0, 250, 500, ... not 0, 237.4, ...)."""
    if top <= 0:
        return [0.0, 1.0]
    raw = top / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    return [i * step for i in range(math.ceil(top / step - 1e-9) + 1)]


def value_ticks(low: float, high: float) -> list[float]:
    """``nice_ticks`` for series that may go below zero (an NPS of −40): one round step both
    ways from 0."""
    if low >= 0:
        return nice_ticks(high)
    ticks = nice_ticks(max(high, -low))
    step = ticks[1] - ticks[0]
    below = math.ceil(-low / step - 1e-9)
    above = math.ceil(max(high, 0) / step - 1e-9)
    return [i * step for i in range(-below, above + 1)]


class SeriesChart(QWidget):
    """Bars per period for the chart columns of a table, drawn with QPainter: a value axis with
    round ticks, the periods along the bottom, and a legend naming each series."""

    def __init__(self, parent: QWidget | None = None, numbers: Numbers | None = None) -> None:
        super().__init__(parent)
        self.setMinimumHeight(180)
        self.numbers = numbers or Numbers()
        self.labels: list[str] = []
        self.axis_title = ""
        self.series: list[tuple[str, list[float]]] = []
        self.money = False

    def set_table(self, table: Table) -> None:
        self.labels = [say(row[0], self.numbers) for row in table.rows]
        self.axis_title = say(table.columns[0], self.numbers) if table.columns else ""
        self.series = [
            (say(table.columns[c], self.numbers), [magnitude(row[c]) for row in table.rows])
            for c in table.chart
        ]
        self.money = any(isinstance(row[c], Money) for row in table.rows for c in table.chart)
        self.setVisible(bool(self.series and self.labels))
        self.update()

    def tick_text(self, value: float) -> str:
        if self.money:
            return self.numbers.money(round(value * 100))
        return self.numbers.number(int(value) if value == int(value) else value)

    def legend(self) -> list[tuple[str, str]]:
        """(series name, colour) as the legend shows them."""
        colours = SERIES_COLOURS
        return [(name, colours[i % len(colours)]) for i, (name, _v) in enumerate(self.series)]

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        if not self.series or not self.labels:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = QFontMetrics(self.font())
        line = metrics.height()
        top_value = max((max(values, default=0) for _name, values in self.series), default=0)
        low_value = min((min(values, default=0) for _name, values in self.series), default=0)
        ticks = value_ticks(low_value, top_value)
        left = max(metrics.horizontalAdvance(self.tick_text(t)) for t in ticks) + 14
        area = QRectF(self.rect()).adjusted(left, line + 12, -12, -(2 * line + 10))
        if area.width() < 20 or area.height() < 20:
            painter.end()
            return
        floor = min(ticks[0], 0)
        scale = (ticks[-1] - floor) or 1

        def y_of(value: float) -> float:
            return area.bottom() - area.height() * (value - floor) / scale

        # value axis: grid lines and round ticks
        for tick in ticks:
            y = y_of(tick)
            painter.setPen(QColor("#e0e0e0") if tick else QColor("#616161"))
            painter.drawLine(QPointF(area.left(), y), QPointF(area.right(), y))
            painter.setPen(QColor("#424242"))
            painter.drawText(
                QRectF(0, y - line / 2, left - 6, line),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                self.tick_text(tick),
            )
        painter.setPen(QColor("#616161"))
        painter.drawLine(area.bottomLeft(), area.topLeft())
        # bars
        slot = area.width() / len(self.labels)
        bar = max(1.0, slot * 0.8 / len(self.series))
        for s, (_name, values) in enumerate(self.series):
            colour = QColor(SERIES_COLOURS[s % len(SERIES_COLOURS)])
            for i, value in enumerate(values):
                base, tip = y_of(0), y_of(value if value >= floor else floor)
                x = area.left() + i * slot + slot * 0.1 + s * bar
                painter.fillRect(QRectF(x, min(base, tip), bar, abs(base - tip)), colour)
        # period axis: as many labels as fit, then its title
        painter.setPen(QColor("#424242"))
        widest = max(metrics.horizontalAdvance(label) for label in self.labels) + 8
        step = max(1, math.ceil(widest / max(slot, 1)))
        for i in range(0, len(self.labels), step):
            rect = QRectF(area.left() + i * slot, area.bottom() + 3, slot * step, line)
            painter.drawText(rect, Qt.AlignmentFlag.AlignLeft, self.labels[i])
        painter.drawText(
            QRectF(area.left(), area.bottom() + line + 5, area.width(), line),
            Qt.AlignmentFlag.AlignHCenter,
            self.axis_title,
        )
        # legend, top right
        x = area.right()
        for name, colour in reversed(self.legend()):
            width = metrics.horizontalAdvance(name)
            x -= width
            painter.setPen(QColor("#212121"))
            painter.drawText(QRectF(x, 2, width + 2, line), Qt.AlignmentFlag.AlignLeft, name)
            x -= 16
            painter.fillRect(QRectF(x, 2 + line / 2 - 5, 10, 10), QColor(colour))
            x -= 14
        painter.end()


class ReportsView(QWidget):
    """Choose a report and a period; the table, a chart for monthly series, exports.

    A call list stops at ``CALL_LIST_LIMIT`` rows and says so, with "Show all" beside it; a
    double-click on a row that names a customer asks the window to open them at the counter.
    """

    open_customer = Signal(str)  # a card number

    def __init__(
        self, operations: Operations, db: Database | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("reports_view")
        self._operations = operations
        shop = operations.read(programme.load)
        self.shop_name = shop.shop.name if shop else ""
        self.numbers = (
            Numbers.for_shop(shop.shop.country, shop.shop.currency) if shop else Numbers()
        )
        self.result: Any = None
        self.table = Table("", (), ())
        self.show_all = False
        self.row_limit: int | None = CALL_LIST_LIMIT  # a call list's first rows
        self.choice = QComboBox(self)
        self.choice.setObjectName("report_choice")
        for name, spec in REPORTS.items():
            self.choice.addItem(_(spec.title), name)
        self.choice.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        today = operations.today()
        start = Month.of(today).shift(-11).first_day
        self.start = QDateEdit(QDate(start.year, start.month, start.day), self)
        self.end = QDateEdit(QDate(today.year, today.month, today.day), self)
        for edit in (self.start, self.end):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.by = QComboBox(self)
        self.by.addItem(_("per month"), "month")
        self.by.addItem(_("per week"), "week")
        self.run_button = QPushButton(_("&Show"), self)
        self.csv_button = QPushButton(_("Export &CSV…"), self)
        self.pdf_button = QPushButton(_("Export &PDF…"), self)
        self.status = QLabel(self)
        self.title = QLabel(self)
        self.title.setStyleSheet("font-weight: bold; font-size: 14px")
        self.title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.limit_note = QLabel(self)
        self.limit_note.setObjectName("limit_note")
        self.limit_note.setStyleSheet("color: #8a5a00;")
        self.all_button = QPushButton(_("Show &all"), self)
        self.all_button.setObjectName("show_all")
        self.model = TableModel(self, self.numbers)
        self.sorted = SortedRows(self)
        self.sorted.setSourceModel(self.model)
        self.view = QTableView(self)
        self.view.setModel(self.sorted)
        self.view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.view.setSortingEnabled(True)  # the report's own order until a header is clicked
        self.view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().setDefaultSectionSize(22)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.chart = SeriesChart(self, self.numbers)
        self.chart.setVisible(False)
        self.notes = QLabel(self)
        self.notes.setWordWrap(True)
        self.notes.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        # two rows of controls: what to show, then what to do with it (fits 1024 px wide)
        controls = QGridLayout()
        choose = QHBoxLayout()
        for widget in (QLabel(_("Report:"), self), self.choice):
            choose.addWidget(widget)
        choose.addSpacing(12)
        for widget in (
            QLabel(_("From"), self),
            self.start,
            QLabel(_("to"), self),
            self.end,
            self.by,
            self.run_button,
        ):
            choose.addWidget(widget)
        choose.addStretch(1)
        choose.addWidget(self.csv_button)
        choose.addWidget(self.pdf_button)
        controls.addLayout(choose, 0, 0)
        limit = QHBoxLayout()
        limit.addWidget(self.title, 1)
        limit.addWidget(self.limit_note)
        limit.addWidget(self.all_button)
        controls.addLayout(limit, 1, 0)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.view)
        split.addWidget(self.chart)
        split.setChildrenCollapsible(False)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addWidget(split, 1)
        layout.addWidget(self.notes)
        layout.addWidget(self.status)

        self.run_button.clicked.connect(self.refresh)
        self.choice.currentIndexChanged.connect(self._chosen)
        self.csv_button.clicked.connect(self.export_csv)
        self.pdf_button.clicked.connect(self.export_pdf)
        self.all_button.clicked.connect(self.show_every_row)
        self.view.doubleClicked.connect(self._double_clicked)
        self._set_exports()
        self._set_limit()

    # -- running ------------------------------------------------------------------------
    @property
    def report_name(self) -> str:
        return self.choice.currentData()

    def choose(self, name: str) -> None:
        self.choice.setCurrentIndex(self.choice.findData(name))

    def options(self) -> Options:
        def day(edit: QDateEdit):  # noqa: ANN202
            return edit.date().toPython()

        return Options(
            start=day(self.start),
            end=day(self.end),
            by=self.by.currentData(),
            limit=None if self.show_all else self.row_limit,
        )

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if self.result is None and self.run_button.isEnabled():
            self.refresh()  # the first look shows figures, not an empty table

    def _chosen(self) -> None:
        self.show_all = False  # another report starts at its limit again
        self.refresh()

    def show_every_row(self) -> None:
        """The whole call list, not only its first rows."""
        self.show_all = True
        self.refresh()

    def refresh(self) -> None:
        """Run the chosen report off the GUI thread."""
        name, options = self.report_name, self.options()
        self.status.setStyleSheet("")
        self.status.setText(_("Working…"))
        self.run_button.setEnabled(False)
        self._operations.background(_run, name, options, on_done=self._show, on_error=self._refused)

    def _show(self, outcome: tuple[str, Any, Table]) -> None:
        name, result, table = outcome
        self.run_button.setEnabled(True)
        if name != self.report_name:  # the choice moved on while this one ran
            return
        self.result, self.table = result, table
        self.title.setText(say(table.title, self.numbers))
        self.model.set_table(table)
        self.view.resizeColumnsToContents()  # a report is tens of rows: measuring them is cheap
        header = self.view.horizontalHeader()
        # the last column takes the room left only when it holds words (a reason, a note)
        header.setStretchLastSection(not any(is_figure(row[-1]) for row in table.rows if row))
        for column in range(self.model.columnCount()):
            header.resizeSection(column, min(header.sectionSize(column), 320))
        self.chart.set_table(table)
        self.notes.setText("\n".join(say(note, self.numbers) for note in table.notes))
        count = len(table.rows)
        rows = ngettext("{n} row.", "{n} rows.", count).format(n=self.numbers.number(count))
        if any(table.cards):
            rows = _("{rows} Double-click a customer to open them at the counter.").format(
                rows=rows
            )
        self.status.setText(rows)
        self._set_exports()
        self._set_limit()

    def _set_limit(self) -> None:
        table = self.table
        if table.truncated:
            total = table.total_rows or 0
            self.limit_note.setText(
                ngettext(
                    "Showing the first {shown} of {total} customer.",
                    "Showing the first {shown} of {total} customers.",
                    total,
                ).format(
                    shown=self.numbers.number(len(table.rows)), total=self.numbers.number(total)
                )
            )
        self.limit_note.setVisible(table.truncated)
        self.all_button.setVisible(table.truncated)

    def _double_clicked(self, index: QModelIndex) -> None:
        card = self.model.card(self.sorted.mapToSource(index).row())
        if card:
            self.open_customer.emit(card)

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
        table, numbers, shop = self.table, self.numbers, self.shop_name
        return self._export(
            lambda: write_report(table, path, shop_name=shop, numbers=numbers), path
        )

    def _export(self, write, path: str) -> str | None:  # noqa: ANN001
        try:
            write()
        except ShopkeeperError as error:
            self._refused(error)
            return None
        self.status.setStyleSheet("")
        if self.show_all and self.table.total_rows:
            self.status.setText(_("Saved {path} (every row).").format(path=path))
        else:
            self.status.setText(_("Saved {path}.").format(path=path))
        return path


def _run(db: Database, name: str, options: Options) -> tuple[str, Any, Table]:
    """Worker thread: the report and its table, plain data only."""
    result, table = run_table(db, name, options)
    return name, result, table

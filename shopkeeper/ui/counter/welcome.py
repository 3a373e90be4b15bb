"""What the right side shows before a customer is chosen: Today at a glance (``today``), how
to start, and the rewards."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from shopkeeper.i18n import N_, _
from shopkeeper.services.rewards import RewardInfo
from shopkeeper.ui.counter.today import TodayPanel
from shopkeeper.ui.models.rewards import CatalogueModel
from shopkeeper.ui.style import NOTE_STYLE

KEYS = (
    ("Ctrl+F", N_("find a customer")),
    ("Ctrl+N", N_("new customer")),
    ("↑ ↓ Enter", N_("choose from the results")),
    ("Enter", N_("in the amount field: book the visit")),
    ("Esc", N_("back to the search field")),
    ("↓", N_("in the empty search field: into Today's list")),
    ("Esc Esc", N_("in the empty search field: back to Today")),
)


def help_html() -> str:
    """How to start, in the reader's language (built when shown, not at import)."""
    cells = [f"<td><b>{key}</b></td><td>{_(what)}</td>" for key, what in KEYS]
    # Two keys a row: the Today list above keeps its room at 1024 x 768.
    rows = "".join(f"<tr>{''.join(cells[i : i + 2])}</tr>" for i in range(0, len(cells), 2))
    intro = _(
        "<b>Scan</b> the customer's card, or type a <b>name</b>, <b>phone</b> or "
        "<b>card number</b> on the left and press <b>Enter</b>."
    )
    return f"<p>{intro}</p><table cellpadding='3'>{rows}</table>"


class _HelpLabel(QLabel):
    """Rich text that wraps, its height for a width worked out once.

    QLabel lays rich text out again on every ``heightForWidth`` call (a few milliseconds), and
    every layout pass of the window asks: each keystroke's hint in the search panel cost
    5-10 ms while this page showed."""

    def __init__(self, text: str, parent: QWidget) -> None:
        super().__init__(text, parent)
        self._heights: dict[int, int] = {}

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's name
        self._heights.clear()
        super().setText(text)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._heights.clear()
        super().changeEvent(event)

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt's name
        height = self._heights.get(width)
        if height is None:
            if len(self._heights) > 64:
                self._heights.clear()
            height = self._heights[width] = super().heightForWidth(width)
        return height


class WelcomeView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel("", self)
        self.title.setObjectName("welcome_title")
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.title.setFont(font)
        self.today = TodayPanel(self)
        self.help = _HelpLabel(help_html(), self)
        self.help.setTextFormat(Qt.TextFormat.RichText)
        self.help.setWordWrap(True)
        caption = QLabel(_("Rewards customers can collect"), self)
        bold = QFont(caption.font())
        bold.setBold(True)
        caption.setFont(bold)
        self.catalogue = CatalogueModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("catalogue_preview")
        self.table.setModel(self.catalogue)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.setShowGrid(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(26)
        header = self.table.horizontalHeader()
        # A handful of rewards: the figures take what they need, the names the rest (at
        # 1024 x 768 "Free coffee" stayed "Free …" beside 100-pixel columns).
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setMaximumHeight(132)
        self.empty = QLabel(_("No rewards in the catalogue yet."), self)
        self.empty.setStyleSheet(NOTE_STYLE)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(8)
        layout.addWidget(self.title)
        layout.addWidget(self.today, 1)
        layout.addWidget(self.help)
        layout.addWidget(caption)
        layout.addWidget(self.table)
        layout.addWidget(self.empty)

    def show_shop(self, shop_name: str, rewards: list[RewardInfo]) -> None:
        self.title.setText(_("Today at {shop}").format(shop=shop_name))
        self.catalogue.set_rows(rewards)
        self.table.setVisible(bool(rewards))
        self.empty.setVisible(not rewards)

"""The counter's idle page, part "Today": visits so far, birthdays, open problems, overdue
regulars and membership anniversaries, each line opening its customer.

``TodayPanel`` lays out; ``TodayController`` loads ``services.today`` on a worker (never on the
GUI thread: the overdue figures read every visit) when the page shows after a change or a new day,
and at once after a change while the page is on screen. A booking therefore costs nothing here:
the profile is on screen then, and the page is only marked stale.

Keyboard: the search field keeps the focus; Down from the empty search field goes into the list
(the counter's filter), Enter opens the line, Up from the first line or any typed character goes
back to the search field.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from shopkeeper.domain.errors import ShopkeeperError
from shopkeeper.i18n import _
from shopkeeper.present import today as words
from shopkeeper.present.numbers import Numbers
from shopkeeper.services.today import Today, today
from shopkeeper.ui.operations import Change, Operations
from shopkeeper.ui.style import NOTE_STYLE

CARD_ROLE = Qt.ItemDataRole.UserRole + 1
SECTION_ROLE = Qt.ItemDataRole.UserRole + 2  # a section's title: its name
DAY_CHECK_MS = 60_000  # how often the page asks the shop's clock whether the day has changed
_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class TodayPanel(QWidget):
    open_requested = Signal(str)  # a line's card number
    leave_requested = Signal(object)  # back to the search field; the QKeyEvent to type, or None
    shown = Signal()  # on screen again: its page was chosen, or the counter view came back

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.day = QLabel("", self)
        self.day.setObjectName("today_day")
        self.day.setStyleSheet(NOTE_STYLE)
        self.booked = QLabel("", self)
        self.booked.setObjectName("today_booked")
        bold = QFont(self.booked.font())
        bold.setBold(True)
        self.booked.setFont(bold)
        self.till = QLabel("", self)
        self.till.setObjectName("today_till")
        self.list = QTreeWidget(self)
        self.list.setObjectName("today_list")
        self.list.setColumnCount(3)
        self.list.setHeaderHidden(True)
        self.list.setRootIsDecorated(False)
        self.list.setUniformRowHeights(True)
        self.list.setItemsExpandable(False)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.list.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Fixed)
        self.list.setColumnWidth(0, 190)
        self.list.setColumnWidth(2, 110)
        self.list.installEventFilter(self)
        self.list.itemClicked.connect(self._clicked)
        self._section_font = QFont(self.list.font())
        self._section_font.setBold(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.day)
        layout.addWidget(self.booked)
        layout.addWidget(self.till)
        layout.addWidget(self.list, 1)

    def show_today(self, t: Today, numbers: Numbers) -> None:
        self.day.setText(words.full_day(t.day, numbers.locale))
        self.booked.setText(words.booked_line(t, numbers))
        here = words.till_line(t, numbers)
        self.till.setText(here or "")
        self.till.setVisible(here is not None)
        current = self.current_card()
        self.list.clear()
        items: list[QTreeWidgetItem] = []
        for name in words.SECTIONS:
            section = getattr(t, name)
            head = QTreeWidgetItem([words.section_title(name, section.total, numbers), "", ""])
            head.setFlags(Qt.ItemFlag.ItemIsEnabled)
            head.setFont(0, self._section_font)
            head.setData(0, SECTION_ROLE, name)
            items.append(head)
            for line in section.lines:
                item = QTreeWidgetItem(
                    [line.name, words.line_text(name, line, numbers), line.card_number]
                )
                item.setData(0, CARD_ROLE, line.card_number)
                item.setToolTip(1, item.text(1))
                items.append(item)
            hidden = section.total - len(section.lines)
            if hidden > 0:
                more = QTreeWidgetItem(["", words.more_text(hidden, numbers), ""])
                more.setFlags(Qt.ItemFlag.ItemIsEnabled)
                items.append(more)
        self.list.addTopLevelItems(items)
        for item in items:
            if item.data(0, SECTION_ROLE):
                item.setFirstColumnSpanned(True)  # only once in the tree
        if current and self.list.hasFocus():
            for item in items:
                if item.data(0, CARD_ROLE) == current:
                    self.list.setCurrentItem(item)
                    break

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self.shown.emit()

    # -- reading what is shown (tests, the counter) -----------------------------------------
    def lines(self) -> list[tuple[str, str, str]]:
        """(name, what, card) of every line that opens a customer, top to bottom."""
        return [
            (item.text(0), item.text(1), item.text(2))
            for item in self._items()
            if item.data(0, CARD_ROLE)
        ]

    def titles(self) -> list[str]:
        return [item.text(0) for item in self._items() if item.data(0, SECTION_ROLE)]

    def _items(self) -> list[QTreeWidgetItem]:
        return [self.list.topLevelItem(i) for i in range(self.list.topLevelItemCount())]

    def current_card(self) -> str | None:
        item = self.list.currentItem()
        return item.data(0, CARD_ROLE) if item is not None else None

    # -- keyboard and mouse --------------------------------------------------------------------
    def focus_first(self) -> bool:
        """Into the list at its first customer; False when there is none."""
        for item in self._items():
            if item.data(0, CARD_ROLE):
                self.list.setFocus(Qt.FocusReason.OtherFocusReason)
                self.list.setCurrentItem(item)
                return True
        return False

    def _clicked(self, item: QTreeWidgetItem, _column: int) -> None:
        card = item.data(0, CARD_ROLE)
        if card:
            self.open_requested.emit(card)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is not self.list or event.type() != QEvent.Type.KeyPress:
            return False
        key_event: QKeyEvent = event  # type: ignore[assignment]
        key = key_event.key()
        if key in _ENTER_KEYS:
            card = self.current_card()
            if card:
                self.open_requested.emit(card)
            return True
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self._step(-1 if key == Qt.Key.Key_Up else 1)
            return True
        text = key_event.text()
        if (
            text
            and text.isprintable()
            and not key_event.modifiers()
            & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
        ):
            self.leave_requested.emit(key_event)
            return True
        return False

    def _step(self, step: int) -> None:
        """To the next or previous line that opens a customer (titles are passed over); Up from
        the first line leaves the list for the search field."""
        lines = [item for item in self._items() if item.data(0, CARD_ROLE)]
        current = self.list.currentItem()
        at = lines.index(current) if current in lines else -1
        target = at + step
        if target < 0:
            self.leave_requested.emit(None)
        elif target < len(lines):
            self.list.setCurrentItem(lines[target])
            self.list.scrollToItem(lines[target])


class TodayController(QObject):
    """Keeps the panel right: loaded on a worker, again after a change or at a new day."""

    loaded = Signal(object)  # Today, once shown (tests wait for it)

    def __init__(self, panel: TodayPanel, operations: Operations, numbers: Numbers) -> None:
        super().__init__(panel)
        self.panel = panel
        self.operations = operations
        self.numbers = numbers
        self.shown: Today | None = None
        self.stale = True
        self._loading = False
        self._again = False
        self.day_timer = QTimer(self)
        self.day_timer.setInterval(DAY_CHECK_MS)
        self.day_timer.timeout.connect(self.check_day)
        self.day_timer.start()
        operations.changed.connect(self._changed)
        panel.shown.connect(self.appear)

    def appear(self) -> None:
        """The page is on screen: load it if anything changed since it was read."""
        if self.stale or self._day_changed():
            self.load()

    def check_day(self) -> None:
        """The shop's clock moved to another day: the page is about a day gone. (A load on its
        way is let finish; the next check sees whether it was of the new day.)"""
        if not self._loading and self._day_changed():
            self.stale = True
            if self.panel.isVisible():
                self.load()

    def _day_changed(self) -> bool:
        shown_day: date | None = self.shown.day if self.shown else None
        return shown_day is not None and shown_day != self.operations.today()

    def _changed(self, _change: Change) -> None:
        self.stale = True
        if self.panel.isVisible():
            self.load()

    def load(self) -> None:
        if self._loading:
            self._again = True
            return
        self._loading = True
        self._again = False
        self.stale = False
        self.operations.background(
            today, till=self.operations.till, on_done=self._loaded, on_error=self._failed
        )

    def _loaded(self, result: Today) -> None:
        """Shown even when something changed meanwhile (then read once more): a stream of
        changes never leaves the page unshown."""
        self._loading = False
        self.shown = result
        self.panel.show_today(result, self.numbers)
        if self._again:
            self.load()
            return
        self.loaded.emit(result)

    def _failed(self, error: ShopkeeperError) -> None:
        self._loading = False
        self.stale = True
        message = _("Today's figures could not be read: {error}").format(error=error)
        self.panel.booked.setText(message)

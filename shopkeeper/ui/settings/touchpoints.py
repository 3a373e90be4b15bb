"""The "Feedback touchpoints" tab of the Programme screen: where the shop hears its customers
(the counter, a phone order, a delivery, ...), the list the feedback dialog offers.

Each change is one ``services.feedback`` call through ``Operations`` (``what="touchpoints"``):
the service checks the owner's role, refuses repeats and audits the change. Answers already
recorded keep the touchpoint they were given at, so the NPS report still counts them under it
after a rename or a removal.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from shopkeeper.i18n import _
from shopkeeper.services import feedback
from shopkeeper.ui.operations import Operations
from shopkeeper.ui.settings.messages import Messages
from shopkeeper.ui.style import NOTE_STYLE

NAME_ROLE = Qt.ItemDataRole.UserRole  # the stored name (the list shows the label)


class TouchpointsTab(Messages, QWidget):
    def __init__(self, operations: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("touchpoints_tab")
        self.operations = operations
        hint = QLabel(
            _(
                "Feedback is recorded at one of these touchpoints. Answers already recorded keep "
                "the touchpoint they were given at: the NPS report still counts them under that "
                "name after a rename or a removal. The counter stays: the question after a "
                "booking records its answers there."
            ),
            self,
        )
        hint.setWordWrap(True)
        hint.setStyleSheet(NOTE_STYLE)
        self.list = QTableWidget(0, 1, self)
        self.list.setObjectName("touchpoints_list")
        self.list.setHorizontalHeaderLabels([_("Touchpoint")])
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.list.verticalHeader().setVisible(False)
        self.list.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.name = QLineEdit(self)
        self.name.setObjectName("touchpoint_name")
        self.name.setMaxLength(feedback.MAX_TOUCHPOINT)
        self.name.setPlaceholderText(_("a touchpoint, e.g. market stall"))
        self.add_button = QPushButton(_("Add touchpoint"), self)
        self.add_button.setObjectName("touchpoint_add")
        self.rename_button = QPushButton(_("Rename"), self)
        self.rename_button.setObjectName("touchpoint_rename")
        self.remove_button = QPushButton(_("Remove"), self)
        self.remove_button.setObjectName("touchpoint_remove")
        self.message = QLabel("", self)
        self.message.setObjectName("touchpoint_message")
        self.message.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(QLabel(_("Touchpoint"), self))
        row.addWidget(self.name, 1)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.rename_button, self.remove_button):
            button.setAutoDefault(False)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.list, 1)
        layout.addLayout(row)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        self.list.currentItemChanged.connect(self._selected)
        self.name.returnPressed.connect(self.add)
        self.add_button.clicked.connect(self.add)
        self.rename_button.clicked.connect(self.rename)
        self.remove_button.clicked.connect(self.remove)

    def names(self) -> list[str]:
        """The stored names, in the order shown."""
        return [self.list.item(i, 0).data(NAME_ROLE) for i in range(self.list.rowCount())]

    def load(self) -> None:
        found = self.operations.read(feedback.touchpoints)
        if found is not None:
            self._show(found)

    def _show(self, names: list[str], current: str | None = None) -> None:
        self.list.setRowCount(0)  # no current row left from the list before
        self.list.setRowCount(len(names))
        for row, name in enumerate(names):
            item = QTableWidgetItem(feedback.touchpoint_label(name))
            item.setData(NAME_ROLE, name)
            self.list.setItem(row, 0, item)
            if name == current:
                self.list.setCurrentItem(item)
        self._selected()

    def selected(self) -> str | None:
        item = self.list.currentItem()
        return item.data(NAME_ROLE) if item is not None else None

    def _selected(self, *_args: object) -> None:
        name = self.selected()
        fixed = name == feedback.COUNTER
        self.rename_button.setEnabled(name is not None and not fixed)
        self.remove_button.setEnabled(name is not None and not fixed)
        if name is not None:
            self.name.setText(feedback.touchpoint_label(name))

    def _save(self, call, *args: str, current: str | None = None) -> list[str] | None:  # noqa: ANN001
        saved = self.operations.write(call, *args, what="touchpoints", on_error=self.refuse)
        if saved is not None:
            self._show(saved, current)
        return saved

    def add(self) -> None:
        typed = self.name.text().strip()
        if self._save(feedback.add_touchpoint, typed) is not None:
            self.say(_("{name} added.").format(name=typed))
            self.name.clear()

    def rename(self) -> None:
        old = self.selected()
        if old is None:
            self.say(_("Choose a touchpoint in the list first."), error=True)
            return
        typed = self.name.text().strip()
        if typed == feedback.touchpoint_label(old):
            self.say(_("{name} is unchanged.").format(name=typed))
            return
        if self._save(feedback.rename_touchpoint, old, typed, current=typed) is not None:
            self.say(
                _("{old} renamed to {new}.").format(old=feedback.touchpoint_label(old), new=typed)
            )

    def remove(self) -> None:
        name = self.selected()
        if name is None:
            self.say(_("Choose a touchpoint in the list first."), error=True)
            return
        if self._save(feedback.remove_touchpoint, name) is not None:
            self.say(_("{name} removed.").format(name=feedback.touchpoint_label(name)))
            self.name.clear()

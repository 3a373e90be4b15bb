"""Notes about a customer: add one (text, kind, pin), resolve a problem, edit or unpin a pinned
note. A note has no score: how a customer felt is feedback (F9), which the NPS report counts; the
score column shows only for the old notes that had one."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from shopkeeper.domain.errors import ShopkeeperError
from shopkeeper.i18n import N_, _
from shopkeeper.services.notes import (
    NOTE_KINDS,
    NoteInfo,
    add_note,
    edit_note,
    pin_note,
    resolve_note,
)
from shopkeeper.ui import dialogs
from shopkeeper.ui.counter.cells import CustomerNotesModel
from shopkeeper.ui.models.notes import KIND, SCORE, TEXT, WHEN
from shopkeeper.ui.operations import Operations
from shopkeeper.ui.style import ERROR_STYLE, OK_STYLE

# The kinds of note as people read them (the codes are stored and stay English).
KIND_WORDS = {
    "general": N_("general"),
    "preference": N_("preference"),
    "problem": N_("problem"),
    "feedback": N_("feedback"),
}


class NotesPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = CustomerNotesModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("notes")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.setMinimumHeight(60)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(TEXT, QHeaderView.ResizeMode.Stretch)
        for column, width in ((WHEN, 92), (KIND, 150), (SCORE, 56)):
            header.resizeSection(column, width)

        self.text = QLineEdit(self)
        self.text.setObjectName("note_text")
        self.text.setPlaceholderText(_("New note, e.g. “likes the rye loaf sliced”"))
        self.kind = QComboBox(self)
        self.kind.setObjectName("note_kind")
        for kind in NOTE_KINDS:  # the stored code is the item's data, the word its text
            self.kind.addItem(_(KIND_WORDS.get(kind, kind)), kind)
        self.pin = QCheckBox(_("Pin"), self)
        self.pin.setObjectName("note_pin")
        self.add = QPushButton(_("Add note"), self)
        self.add.setObjectName("add_note")
        self.add.setAutoDefault(False)
        self.resolve = QPushButton(_("Resolve problem"), self)
        self.resolve.setObjectName("resolve_note")
        self.resolve.setAutoDefault(False)
        self.edit = QPushButton(_("Edit pinned note…"), self)
        self.edit.setObjectName("edit_note")
        self.edit.setAutoDefault(False)
        self.unpin = QPushButton(_("Unpin"), self)
        self.unpin.setObjectName("unpin_note")
        self.unpin.setAutoDefault(False)
        self.message = QLabel("", self)
        self.message.setObjectName("notes_message")
        self.message.setWordWrap(True)

        form = QHBoxLayout()
        form.addWidget(self.text, 1)
        form.addWidget(self.add)
        options = QHBoxLayout()
        options.addWidget(self.kind)
        options.addWidget(self.pin)
        options.addStretch(1)
        actions = QHBoxLayout()
        actions.addWidget(self.message, 1)
        actions.addWidget(self.resolve)
        actions.addWidget(self.edit)
        actions.addWidget(self.unpin)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(form)
        layout.addLayout(options)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)
        for first, second in (
            (self.text, self.kind),
            (self.kind, self.pin),
            (self.pin, self.add),
            (self.add, self.table),
        ):
            QWidget.setTabOrder(first, second)


class NotesController(QObject):
    refused = Signal()  # the service said no: what is shown may be out of date

    def __init__(self, view: NotesPanel, operations: Operations) -> None:
        super().__init__(view)
        self.view = view
        self.operations = operations
        self.card_number: str | None = None
        view.add.clicked.connect(self.add)
        view.text.returnPressed.connect(self.add)
        view.resolve.clicked.connect(self.resolve_selected)
        view.edit.clicked.connect(self.edit_selected)
        view.unpin.clicked.connect(self.unpin_selected)
        view.table.selectionModel().selectionChanged.connect(self._update_buttons)
        view.model.modelReset.connect(self._update_buttons)
        self._update_buttons()

    def set_customer(self, card_number: str, notes: list[NoteInfo], fresh: bool) -> None:
        selected = self.selected()
        self.card_number = card_number
        self.view.model.set_rows(notes)
        # Scores belong to notes written before feedback existed: no such note, no column.
        self.view.table.setColumnHidden(SCORE, all(n.score is None for n in notes))
        if fresh:
            self.view.message.setText("")
            self.view.text.clear()
        elif selected is not None:
            row = next((i for i, n in enumerate(notes) if n.id == selected.id), None)
            if row is not None:
                self.view.table.selectRow(row)

    def selected(self) -> NoteInfo | None:
        rows = self.view.table.selectionModel().selectedRows()
        return self.view.model.note(rows[0].row()) if rows else None

    def _update_buttons(self, *_args: object) -> None:
        note = self.selected()
        self.view.resolve.setEnabled(bool(note and note.is_open_problem))
        self.view.edit.setEnabled(bool(note and note.pinned))
        self.view.unpin.setEnabled(bool(note and note.pinned))

    def _say(self, text: str, ok: bool = True) -> None:
        self.view.message.setStyleSheet(OK_STYLE if ok else ERROR_STYLE)
        self.view.message.setText(text)

    def _failed(self, error: ShopkeeperError) -> None:
        self._say(str(error), ok=False)
        self.refused.emit()

    def add(self) -> None:
        if self.card_number is None:
            return
        note = self.operations.write(
            add_note,
            what="note",
            affects=self.card_number,
            card_number=self.card_number,
            text=self.view.text.text(),
            kind=self.view.kind.currentData() or self.view.kind.currentText(),
            pinned=self.view.pin.isChecked(),
            on_error=self._failed,
        )
        if note is None:
            return
        self.view.text.clear()
        self.view.pin.setChecked(False)
        self.view.kind.setCurrentIndex(0)
        kind = _(KIND_WORDS.get(note.kind, note.kind))
        if note.pinned:
            self._say(_("Note added ({kind}, pinned).").format(kind=kind))
        else:
            self._say(_("Note added ({kind}).").format(kind=kind))

    def resolve_selected(self) -> None:
        note = self.selected()
        if note is None or self.card_number is None:
            return
        done = self.operations.write(
            resolve_note, note.id, what="note", affects=self.card_number, on_error=self._failed
        )
        if done is not None:
            self._say(_("Problem marked resolved."))

    def edit_selected(self) -> None:
        note = self.selected()
        if note is None or self.card_number is None:
            return
        text = dialogs.get_text(
            self.view.window(), _("Edit pinned note"), _("Note:"), note.text
        )
        if text is None or text == note.text:
            return
        done = self.operations.write(
            edit_note,
            note.id,
            text=text,
            what="note",
            affects=self.card_number,
            on_error=self._failed,
        )
        if done is not None:
            self._say(_("Note saved."))

    def unpin_selected(self) -> None:
        note = self.selected()
        if note is None or self.card_number is None:
            return
        done = self.operations.write(
            pin_note,
            note.id,
            pinned=False,
            what="note",
            affects=self.card_number,
            on_error=self._failed,
        )
        if done is not None:
            self._say(_("Note unpinned."))

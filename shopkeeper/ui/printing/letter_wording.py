"""Editing the monthly letter's wording: every part of the stored template, the placeholders
it may use beside it. Saving checks every placeholder first (an unknown one is named and
nothing is saved); "Default wording" brings the original text back after a question."""

from __future__ import annotations

from dataclasses import asdict

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from shopkeeper.domain.errors import ShopkeeperError
from shopkeeper.domain.letters import PLACEHOLDERS, TEMPLATE_FIELDS, LetterTemplate
from shopkeeper.ui import dialogs
from shopkeeper.ui.operations import Operations
from shopkeeper.ui.style import ERROR_STYLE, NOTE_STYLE, OK_STYLE


def part_label(field: str) -> str:
    return field.replace("_", " ").capitalize()


class LetterWordingDialog(QDialog):
    def __init__(self, operations: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("letter_wording")
        self.setWindowTitle("The letter's wording")
        self._operations = operations
        self.saved: LetterTemplate | None = None
        self.edits: dict[str, QLineEdit] = {}
        form_host = QWidget(self)
        form = QFormLayout(form_host)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for field in TEMPLATE_FIELDS:
            edit = QLineEdit(form_host)
            edit.setObjectName(f"wording_{field}")
            edit.setMaxLength(1000)
            self.edits[field] = edit
            form.addRow(part_label(field), edit)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(form_host)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        names = "\n".join(f"{{{name}}} — {meaning}" for name, meaning in PLACEHOLDERS.items())
        self.placeholders = QLabel("Placeholders the wording may use:\n\n" + names, self)
        self.placeholders.setStyleSheet(NOTE_STYLE)
        self.placeholders.setWordWrap(True)
        self.placeholders.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.placeholders.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        side = QScrollArea(self)
        side.setWidgetResizable(True)
        side.setWidget(self.placeholders)
        side.setMinimumWidth(240)
        side.setMaximumWidth(340)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.reset_button = QPushButton("&Default wording…", self)
        self.buttons.addButton(self.reset_button, QDialogButtonBox.ButtonRole.ResetRole)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.reset_button.clicked.connect(self.reset)
        body = QHBoxLayout()
        body.addWidget(scroll, 1)
        body.addWidget(side)
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Any language; {placeholders} are filled in for each customer when the letters "
            "are built.",
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addLayout(body, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.resize(900, 600)
        self._stored = operations.letter_template() or LetterTemplate()
        self._fill(self._stored)

    def _fill(self, template: LetterTemplate) -> None:
        for field, text in asdict(template).items():
            self.edits[field].setText(text)
            self.edits[field].setCursorPosition(0)
            self.edits[field].setToolTip(text)  # a long part is read whole here

    def changed_parts(self) -> dict[str, str]:
        stored = asdict(self._stored)
        return {f: e.text() for f, e in self.edits.items() if e.text() != stored[f]}

    def _refused(self, error: ShopkeeperError) -> None:
        self.status.setStyleSheet(ERROR_STYLE)
        self.status.setText(str(error))

    def save(self) -> None:
        parts = self.changed_parts()
        if not parts:
            self.accept()
            return
        saved = self._operations.save_letter_template(parts, on_error=self._refused)
        if saved is None:
            return  # the reason is shown; nothing was saved
        self.saved = saved
        self.accept()

    def reset(self) -> None:
        if not dialogs.ask(
            self, "Default wording", "Put back the default wording of every part of the letter?"
        ):
            return
        template = self._operations.reset_letter_template(on_error=self._refused)
        if template is None:
            return
        self._stored = template
        self.saved = template
        self._fill(template)
        self.status.setStyleSheet(OK_STYLE)
        self.status.setText("The default wording is back.")

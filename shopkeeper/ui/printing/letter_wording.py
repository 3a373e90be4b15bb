"""Editing the monthly letter's wording, one language at a time: every part of the stored
template, the placeholders it may use beside it. The dialog opens on the shop's language; the
language box switches to another (each customer's letter is written in their own language).
Saving checks every placeholder first (an unknown one is named and nothing is saved); "Default
wording" brings back the language's original text after a question."""

from __future__ import annotations

from dataclasses import asdict

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
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
from shopkeeper.domain.letters import (
    LETTER_LANGUAGES,
    PART_LABELS,
    PLACEHOLDERS,
    TEMPLATE_FIELDS,
    LetterTemplate,
    default_template,
)
from shopkeeper.i18n import N_, _
from shopkeeper.services import letters
from shopkeeper.ui import dialogs
from shopkeeper.ui.operations import Operations
from shopkeeper.ui.style import ERROR_STYLE, NOTE_STYLE, OK_STYLE

# Each language named in its own words, so a shop finds its customers' language whatever the
# window speaks.
LANGUAGE_NAMES = {
    "en": N_("English"),
    "lt": N_("Lithuanian (lietuvių)"),
    "zh-Hans": N_("Simplified Chinese (简体中文)"),
    "zh-Hant": N_("Traditional Chinese (繁體中文)"),
}


def part_label(field: str) -> str:
    label = _(PART_LABELS[field]) if field in PART_LABELS else field.replace("_", " ")
    return label[:1].upper() + label[1:]


class LetterWordingDialog(QDialog):
    def __init__(self, operations: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("letter_wording")
        self.setWindowTitle(_("The letter's wording"))
        self._operations = operations
        self.saved: LetterTemplate | None = None
        self.edits: dict[str, QLineEdit] = {}
        self.language = QComboBox(self)
        self.language.setObjectName("wording_language")
        for tag in LETTER_LANGUAGES:
            self.language.addItem(_(LANGUAGE_NAMES[tag]), tag)
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
        names = "\n".join(f"{{{name}}} — {_(meaning)}" for name, meaning in PLACEHOLDERS.items())
        self.placeholders = QLabel(_("Placeholders the wording may use:") + "\n\n" + names, self)
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
        self.reset_button = QPushButton(_("&Default wording…"), self)
        self.buttons.addButton(self.reset_button, QDialogButtonBox.ButtonRole.ResetRole)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.reset_button.clicked.connect(self.reset)
        body = QHBoxLayout()
        body.addWidget(scroll, 1)
        body.addWidget(side)
        chooser = QHBoxLayout()
        chooser.addWidget(QLabel(_("Letters in"), self))
        chooser.addWidget(self.language)
        chooser.addStretch(1)
        layout = QVBoxLayout(self)
        intro = QLabel(
            _(
                "Each customer's letter is written in their language (the shop's when the "
                "program does not speak theirs). {placeholders} are filled in for each customer "
                "when the letters are built."
            ),
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addLayout(chooser)
        layout.addLayout(body, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.resize(900, 620)
        shop_language = operations.read(letters.shop_letter_language) or "en"
        self._shown = shop_language
        self.language.setCurrentIndex(max(0, LETTER_LANGUAGES.index(shop_language)))
        self._stored = self._load(shop_language)
        self._fill(self._stored)
        self.language.currentIndexChanged.connect(self._language_chosen)

    @property
    def chosen_language(self) -> str:
        return self._shown

    def _load(self, language: str) -> LetterTemplate:
        stored = self._operations.read(letters.letter_template, language)
        return stored or default_template(language)

    def _fill(self, template: LetterTemplate) -> None:
        for field, text in asdict(template).items():
            self.edits[field].setText(text)
            self.edits[field].setCursorPosition(0)
            self.edits[field].setToolTip(text)  # a long part is read whole here

    def _language_chosen(self, index: int) -> None:
        language = self.language.itemData(index)
        if language == self._shown:
            return
        if self.changed_parts() and not dialogs.ask(
            self,
            _("Unsaved wording"),
            _("Leave the changes to this language's wording unsaved?"),
        ):
            self.language.blockSignals(True)
            self.language.setCurrentIndex(LETTER_LANGUAGES.index(self._shown))
            self.language.blockSignals(False)
            return
        self._shown = language
        self._stored = self._load(language)
        self._fill(self._stored)
        self.status.clear()

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
        saved = self._operations.write(
            letters.save_letter_template,
            self._shown,
            what="letters",
            on_error=self._refused,
            **parts,
        )
        if saved is None:
            return  # the reason is shown; nothing was saved
        self.saved = saved
        self.accept()

    def reset(self) -> None:
        if not dialogs.ask(
            self,
            _("Default wording"),
            _("Put back the default wording of every part of the letter in {language}?").format(
                language=_(LANGUAGE_NAMES[self._shown])
            ),
        ):
            return
        template = self._operations.write(
            letters.reset_letter_template, self._shown, what="letters", on_error=self._refused
        )
        if template is None:
            return
        self._stored = template
        self.saved = template
        self._fill(template)
        self.status.setStyleSheet(OK_STYLE)
        self.status.setText(_("The default wording is back."))

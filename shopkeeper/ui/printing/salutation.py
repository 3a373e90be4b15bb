"""The greeting line of one customer's letters, for a name the rules decline wrongly
("Mieloji Dali," where the rules would guess "Sveiki, Dalis,"). Opened from the Letters screen
for the selected customer; empty goes back to the rules."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from shopkeeper.domain.errors import ShopkeeperError
from shopkeeper.i18n import _
from shopkeeper.services import letters
from shopkeeper.services.letters import MAX_SALUTATION, Salutation
from shopkeeper.ui.operations import Operations
from shopkeeper.ui.style import ERROR_STYLE, NOTE_STYLE


class SalutationDialog(QDialog):
    """``by_rules``: the greeting the letter prints without an override (shown as a hint)."""

    def __init__(
        self,
        operations: Operations,
        card_number: str,
        *,
        by_rules: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("letter_salutation")
        self._operations = operations
        self._card = card_number
        self.saved: Salutation | None = None
        current = operations.read(letters.customer_salutation, card_number)
        name = current.name if current else card_number
        self.setWindowTitle(_("Salutation for {name}").format(name=name))
        explain = QLabel(
            _(
                "The greeting line of {name}'s letters, printed as written. Leave it empty to "
                "greet by the rules of the letter's language."
            ).format(name=name),
            self,
        )
        explain.setWordWrap(True)
        self.text = QLineEdit(self)
        self.text.setObjectName("salutation_text")
        self.text.setMaxLength(MAX_SALUTATION)
        self.text.setText((current.salutation if current else None) or "")
        self.text.setPlaceholderText(by_rules or _("e.g. Mieloji Dali,"))
        hint = QLabel(
            _("By the rules: {greeting}").format(greeting=by_rules) if by_rules else "", self
        )
        hint.setStyleSheet(NOTE_STYLE)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.rules_button = QPushButton(_("Use the &rules"), self)
        self.buttons.addButton(self.rules_button, QDialogButtonBox.ButtonRole.ResetRole)
        self.rules_button.clicked.connect(self.text.clear)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addWidget(self.text)
        layout.addWidget(hint)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.resize(460, 200)

    def _refused(self, error: ShopkeeperError) -> None:
        self.status.setStyleSheet(ERROR_STYLE)
        self.status.setText(str(error))

    def save(self) -> None:
        saved = self._operations.write(
            letters.set_salutation,
            self._card,
            self.text.text(),
            what="customer",
            affects=self._card,
            on_error=self._refused,
        )
        if saved is None:
            return
        self.saved = saved
        self.accept()

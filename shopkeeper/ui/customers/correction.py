"""A manual points correction with its reason: a ``correction`` ledger entry (never an edit of
an old one), shown before it is saved as "balance 120 → 140"."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from shopkeeper.domain.errors import ShopkeeperError
from shopkeeper.i18n import _, pgettext
from shopkeeper.present.numbers import Numbers
from shopkeeper.services.ledger import MAX_CORRECTION
from shopkeeper.ui.operations import Operations
from shopkeeper.ui.style import ERROR_STYLE, NOTE_STYLE


class CorrectionDialog(QDialog):
    def __init__(
        self,
        operations: Operations,
        card_number: str,
        name: str,
        balance: int,
        numbers: Numbers,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("points_correction")
        self.setWindowTitle(_("Correct points — {name}").format(name=name))
        self._operations = operations
        self._numbers = numbers
        self.card_number = card_number
        self.balance = balance
        self.new_balance: int | None = None
        self.points = QSpinBox(self)
        self.points.setRange(-MAX_CORRECTION, MAX_CORRECTION)
        # One suffix for every number (a spin box cannot inflect): an abbreviation where needed.
        self.points.setSuffix(pgettext("spin box suffix", " points"))
        self.points.setToolTip(_("Positive adds points, negative takes them away"))
        self.reason = QLineEdit(self)
        self.reason.setMaxLength(500)
        self.reason.setPlaceholderText(
            _("Why, e.g. visit on 12 May not booked (card forgotten)")
        )
        self.outcome = QLabel(self)
        self.outcome.setStyleSheet(NOTE_STYLE)
        self.error = QLabel(self)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.hide()
        form = QFormLayout()
        form.addRow(_("Change by"), self.points)
        form.addRow(_("Reason"), self.reason)
        form.addRow("", self.outcome)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        note = QLabel(
            _(
                "A correction is added to the points history with its reason; earlier entries "
                "never change."
            ),
            self,
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.points.valueChanged.connect(self._update)
        self.reason.textChanged.connect(self._update)
        self.setMinimumWidth(460)
        self._update()
        self.points.setFocus(Qt.FocusReason.OtherFocusReason)
        self.points.selectAll()

    def _update(self) -> None:
        delta = self.points.value()
        after = self.balance + delta
        n = self._numbers
        self.outcome.setText(
            _("Balance {before} → {after}").format(
                before=n.number(self.balance), after=n.number(after)
            )
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(
            delta != 0 and bool(self.reason.text().strip()) and after >= 0
        )
        self.error.hide()

    def _refused(self, error: ShopkeeperError) -> None:
        self.error.setText(str(error))
        self.error.show()

    def save(self) -> None:
        balance = self._operations.correct_points(
            self.card_number, self.points.value(), self.reason.text(), on_error=self._refused
        )
        if balance is None:
            return  # refused: the reason is shown, the dialog stays
        self.new_balance = balance
        self.accept()

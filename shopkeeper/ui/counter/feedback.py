"""Feedback at the counter: how the customer felt last time, the one-tap question after a
booking, and a small dialog for another touchpoint (a phone order, a delivery).

The question is part of the profile, never a dialog: after a booking the cursor goes back to
the search field as always, so the next scan is not slowed. Its score buttons take no focus: a
tap (the customer's or the cashier's) records the answer and leaves the cursor where it was. The
keyboard reaches it on purpose only: F9 (or a click on it) gives it the focus; then 0–9 answer,
"+" answers 10, Esc skips. It disappears on the next customer.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from shopkeeper.domain.errors import ShopkeeperError
from shopkeeper.i18n import _
from shopkeeper.present.feedback import last_feedback_text
from shopkeeper.services.feedback import (
    COUNTER,
    MAX_COMMENT,
    FeedbackRecorded,
    LastFeedback,
    last_feedback,
    record_feedback,
    touchpoint_label,
    touchpoints,
)
from shopkeeper.services.summary import CustomerSummary
from shopkeeper.services.visits import VisitBooked
from shopkeeper.ui.operations import Change, Operations
from shopkeeper.ui.style import ERROR_STYLE, NOTE_STYLE

QUESTION_KEY = "F9"
TEN_KEYS = (Qt.Key.Key_Plus, Qt.Key.Key_Asterisk)  # "+" (or "*") on a keypad answers 10


SKIP = -1


def _answer_key(key: int) -> int | None:
    """The score a key answers (SKIP for Esc), None for any other key."""
    if Qt.Key.Key_0 <= key <= Qt.Key.Key_9:
        return key - Qt.Key.Key_0
    if key in TEN_KEYS:
        return 10
    if key == Qt.Key.Key_Escape:
        return SKIP
    return None


class FeedbackQuestion(QFrame):
    """ "How likely are you to recommend us?" 0–10, an optional comment, Skip."""

    answered = Signal(int)
    skipped = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("feedback_question")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # never in the Tab chain of a booking
        self.question = QLabel(_("How likely are you to recommend us?"), self)
        self.hint = QLabel(_("0–10 · keys 0–9, + for 10 · Esc skips"), self)
        self.hint.setStyleSheet(NOTE_STYLE)
        self.buttons: list[QPushButton] = []
        row = QHBoxLayout()
        row.setSpacing(2)
        for score in range(11):
            button = QPushButton(str(score), self)
            button.setObjectName(f"feedback_score_{score}")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # a tap leaves the cursor alone
            button.setMinimumWidth(28)
            button.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
            button.clicked.connect(lambda _checked=False, s=score: self.answered.emit(s))
            row.addWidget(button)
            self.buttons.append(button)
        self.comment = QLineEdit(self)
        self.comment.setObjectName("feedback_comment")
        self.comment.setPlaceholderText(_("Comment (optional)"))
        self.comment.setMaxLength(MAX_COMMENT)
        self.skip = QPushButton(_("Skip (Esc)"), self)
        self.skip.setObjectName("feedback_skip")
        self.skip.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.skip.clicked.connect(self.skipped)
        self.error = QLabel("", self)
        self.error.setObjectName("feedback_error")
        self.error.setWordWrap(True)
        self.error.setVisible(False)
        bottom = QHBoxLayout()
        bottom.addWidget(self.comment, 1)
        bottom.addWidget(self.skip)
        grid = QGridLayout(self)
        grid.setContentsMargins(6, 4, 6, 4)
        grid.addWidget(self.question, 0, 0)
        grid.addWidget(self.hint, 0, 1, Qt.AlignmentFlag.AlignRight)
        grid.addLayout(row, 1, 0, 1, 2)
        grid.addLayout(bottom, 2, 0, 1, 2)
        grid.addWidget(self.error, 3, 0, 1, 2)

    def say(self, text: str, style: str = ERROR_STYLE) -> None:
        self.error.setStyleSheet(style)
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def event(self, event: QEvent) -> bool:
        # Esc belongs to the question while it has the focus (the counter's own Esc shortcut
        # would take it first otherwise); so do the digits.
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and self.hasFocus()
            and isinstance(event, QKeyEvent)
            and _answer_key(event.key()) is not None
        ):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        answer = _answer_key(event.key())
        if answer == SKIP:
            self.skipped.emit()
        elif answer is not None:
            self.answered.emit(answer)
        else:
            super().keyPressEvent(event)


class LastFeedbackLine(QLabel):
    """ "Last feedback: 4/10, 3 days ago (counter)": how they felt last time, among the
    profile's alerts. Hidden for a customer who never answered, so most scans lay out and
    paint the profile exactly as before."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("", parent)
        self.setObjectName("last_feedback")
        self.setStyleSheet(NOTE_STYLE)
        self.setWordWrap(True)
        self.setVisible(False)

    def show_last(self, last: LastFeedback | None) -> None:
        text = ""
        if last is not None:
            text = last_feedback_text(last)
            if last.comment:
                text = _("{feedback}: “{comment}”").format(feedback=text, comment=last.comment)
        if self.text() != text:  # the same text again would lay the profile out again
            self.setText(text)
        if self.isHidden() == bool(text):
            self.setVisible(bool(text))


class FeedbackPage(QWidget):
    """The profile's "Feedback" tab: record an answer given at another touchpoint."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.record = QPushButton(_("&Record feedback…"), self)
        self.record.setObjectName("record_feedback")
        self.record.setAutoDefault(False)
        hint = QLabel(
            _(
                "Feedback given on the phone, at a delivery or elsewhere: a score 0–10, where, "
                "and a comment. After a booking the counter asks by itself (F9 goes to the "
                "question)."
            ),
            self,
        )
        hint.setWordWrap(True)
        hint.setStyleSheet(NOTE_STYLE)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.record, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)


class FeedbackPanel:
    """The profile's feedback parts: the last answer among the alerts, the "Feedback" tab,
    and the question (hidden until a booking; no room taken while hidden)."""

    def __init__(self, view: QWidget) -> None:
        self.line = LastFeedbackLine(view)
        self.page = FeedbackPage(view)
        self.record = self.page.record
        self.question = FeedbackQuestion(view)
        self.question.setVisible(False)


class FeedbackDialog(QDialog):
    """Score, touchpoint and comment for feedback given elsewhere than after a booking."""

    def __init__(self, name: str, places: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("feedback_dialog")
        self.setWindowTitle(_("Feedback from {name}").format(name=name))
        self.score = QSpinBox(self)
        self.score.setObjectName("feedback_dialog_score")
        self.score.setRange(-1, 10)
        self.score.setSpecialValueText(_("choose"))
        self.score.setValue(-1)
        self.touchpoint = QComboBox(self)
        self.touchpoint.setObjectName("feedback_dialog_touchpoint")
        for place in places:
            self.touchpoint.addItem(touchpoint_label(place), place)
        self.comment = QLineEdit(self)
        self.comment.setObjectName("feedback_dialog_comment")
        self.comment.setMaxLength(MAX_COMMENT)
        self.error = QLabel("", self)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setEnabled(False)
        self.score.valueChanged.connect(lambda value: self.ok.setEnabled(value >= 0))
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(_("How likely are they to recommend us? (0–10)"), self.score)
        form.addRow(_("Touchpoint"), self.touchpoint)
        form.addRow(_("Comment"), self.comment)
        form.addRow(self.error)
        form.addRow(self.buttons)


class FeedbackController(QObject):
    """Wires the panel to the profile: reads the last feedback when a customer is shown,
    asks after a booking, writes through ``Operations``."""

    recorded = Signal(object)  # FeedbackRecorded

    def __init__(self, panel: FeedbackPanel, operations: Operations, focus_back) -> None:  # noqa: ANN001
        super().__init__(panel.question)
        self.panel = panel
        self.operations = operations
        self.focus_back = focus_back  # where the cursor goes after an answer: the search field
        self.card_number: str | None = None
        self.name = ""
        self.visit_id: int | None = None  # the booking the question is about
        self.dialog: FeedbackDialog | None = None
        self.last_message = ""
        panel.question.answered.connect(self.answer)
        panel.question.skipped.connect(self.skip)
        panel.record.clicked.connect(self.open_dialog)
        operations.changed.connect(self._changed)

    @classmethod
    def attach(cls, counter_view: QWidget, profile, operations: Operations, focus_back):  # noqa: ANN001, ANN206
        """Put the panel on the profile (above its tabs) and follow the profile's customer."""
        view = profile.view
        panel = FeedbackPanel(view)
        layout = view.layout()
        layout.insertWidget(layout.indexOf(view.tabs), panel.question)
        view.alerts.addWidget(panel.line)
        view.tabs.addTab(panel.page, _("Feedback"))
        controller = cls(panel, operations, focus_back)
        profile.opened.connect(controller.set_customer)
        profile.booked.connect(controller.ask)
        profile.undone.connect(lambda _reversal: controller.hide_question())
        profile.gone.connect(controller.hide_question)
        shortcut = QShortcut(QKeySequence(QUESTION_KEY), counter_view)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(controller.focus_question)
        return controller

    # -- the customer shown ------------------------------------------------------------------
    def set_customer(self, summary: CustomerSummary) -> None:
        """Another customer (or the same one scanned again): the question goes; how they felt
        last time comes with the summary already read (no read of its own on a scan)."""
        self.card_number, self.name = summary.card_number, summary.name
        self.hide_question()
        self.panel.line.show_last(summary.last_feedback)

    def _read_last(self) -> None:
        if self.card_number is None:
            return
        last = self.operations.read(last_feedback, self.card_number, on_error=lambda _e: None)
        self.panel.line.show_last(last)

    def _changed(self, change: Change) -> None:
        """A new answer for the customer shown (from here or another screen): show it."""
        if change.what != "feedback" or self.card_number is None:
            return
        if change.card_number in (None, self.card_number):
            self._read_last()

    # -- the question after a booking --------------------------------------------------------
    def ask(self, booking: VisitBooked) -> None:
        if booking.duplicate and self.panel.question.isVisible():
            return
        self.visit_id = booking.visit_id
        question = self.panel.question
        question.comment.clear()
        question.say("")
        question.setVisible(True)

    def hide_question(self) -> None:
        question = self.panel.question
        if question.isVisible():
            had_focus = question.hasFocus() or question.comment.hasFocus()
            question.setVisible(False)
            if had_focus:
                self.focus_back()
        self.visit_id = None

    def focus_question(self) -> None:
        """F9: the question when it is asked, else the dialog for another touchpoint."""
        if self.panel.question.isVisible():
            self.panel.question.setFocus(Qt.FocusReason.ShortcutFocusReason)
        else:
            self.open_dialog()

    def skip(self) -> None:
        self.hide_question()

    def answer(self, score: int) -> None:
        if self.card_number is None or not self.panel.question.isVisible():
            return
        done = self.operations.write(
            record_feedback,
            what="feedback",
            card=self.card_number,
            score=score,
            comment=self.panel.question.comment.text() or None,
            touchpoint=COUNTER,
            visit_id=self.visit_id,
            on_error=self._failed,
        )
        if done is None:
            return
        self.hide_question()
        self._done(done)

    def _done(self, done: FeedbackRecorded) -> None:
        """The fact shows the answer at once (the change is announced); say it in the status
        bar too, with the problem it opened."""
        if done.problem_note_id is not None:
            text = _("Thank you: {score}/10 recorded; a problem was opened to follow up.")
        else:
            text = _("Thank you: {score}/10 recorded.")
        self.last_message = text.format(score=done.score)
        self.operations.notice.emit(self.last_message)
        self.recorded.emit(done)

    def _failed(self, error: ShopkeeperError) -> None:
        self.panel.question.say(str(error), ERROR_STYLE)

    # -- another touchpoint ------------------------------------------------------------------
    def open_dialog(self) -> FeedbackDialog | None:
        """The small dialog, window-modal but not blocking (``open``); answered on OK."""
        if self.card_number is None:
            return None
        if self.dialog is not None and shiboken6.isValid(self.dialog):
            self.dialog.raise_()
            return self.dialog
        places = self.operations.read(touchpoints) or [COUNTER]
        dialog = FeedbackDialog(self.name, places, self.panel.question.window())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.buttons.accepted.connect(self._dialog_ok)
        dialog.finished.connect(self._dialog_gone)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _dialog_gone(self, _result: int) -> None:
        self.dialog = None

    def _dialog_ok(self) -> None:
        dialog = self.dialog
        if dialog is None or self.card_number is None:
            return
        done = self.operations.write(
            record_feedback,
            what="feedback",
            card=self.card_number,
            score=dialog.score.value(),
            comment=dialog.comment.text() or None,
            touchpoint=dialog.touchpoint.currentData() or COUNTER,
            on_error=lambda error: dialog.error.setText(str(error)),
        )
        if done is not None:
            dialog.accept()
            self._done(done)

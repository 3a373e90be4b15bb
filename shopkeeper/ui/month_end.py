"""Month-end from the window: what closing a month will do is shown first (counted by the
service itself in a rolled-back run), and only then can it be run.

The preview runs off the GUI thread; closing is one write through ``Operations`` (every screen
refreshes from ``changed``). Running it twice changes nothing the second time, and the preview
says so.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from shopkeeper.domain.calendar import Month
from shopkeeper.domain.errors import ShopkeeperError
from shopkeeper.i18n import _, ngettext
from shopkeeper.present.numbers import Numbers
from shopkeeper.services.month_end import MonthEndResult
from shopkeeper.ui.operations import Operations
from shopkeeper.ui.style import ERROR_STYLE, OK_STYLE

MONTHS_OFFERED = 12


def describe(result: MonthEndResult, numbers: Numbers, *, done: bool) -> list[str]:
    """The lines the dialog shows: what will happen (or what happened)."""
    n = numbers.number
    lines = []

    def points(count: int) -> str:
        return ngettext("{n} point", "{n} points", count).format(n=n(count))

    def customers(count: int) -> str:
        return ngettext("{n} customer", "{n} customers", count).format(n=n(count))

    if result.expired_customers:
        text = (
            _("Points expiry: {points} expire for {customers}.")
            if done
            else _("Points expiry: {points} will expire for {customers}.")
        )
        lines.append(
            text.format(
                points=points(result.expired_points),
                customers=customers(result.expired_customers),
            )
        )
    else:
        lines.append(_("Points expiry: no points to expire."))
    if result.birthday_bonuses:
        text = (
            _("Birthday bonuses for next month: {customers} get {points} in all.")
            if done
            else _("Birthday bonuses for next month: {customers} will get {points} in all.")
        )
        lines.append(
            text.format(
                customers=customers(result.birthday_bonuses),
                points=points(result.birthday_points),
            )
        )
    else:
        lines.append(_("Birthday bonuses for next month: none to give."))
    if result.tier_upgrades or result.tier_downgrades:
        text = (
            _("Tier review: {up} move up, {down} move down.")
            if done
            else _("Tier review: {up} will move up, {down} will move down.")
        )
        lines.append(text.format(up=n(result.tier_upgrades), down=n(result.tier_downgrades)))
    else:
        lines.append(_("Tier review: every tier stays as it is."))
    return lines


class MonthEndDialog(QDialog):
    def __init__(
        self, operations: Operations, numbers: Numbers, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("month_end")
        self.setWindowTitle(_("Close a month"))
        self._operations = operations
        self._numbers = numbers
        self.preview: MonthEndResult | None = None
        self.result: MonthEndResult | None = None
        self.month = QComboBox(self)
        last = operations.month_end_default()
        for back in range(MONTHS_OFFERED):
            month = last.shift(-back)
            self.month.addItem(str(month), str(month))
        intro = QLabel(
            _(
                "Closing a month expires old points, gives next month's birthday bonuses (so the "
            "monthly letter can mention them) and reviews every tier. Here is what it will do; "
            "nothing changes until you press Close the month. Running it twice changes nothing "
            "the second time."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.plan = QLabel(_("Counting…"), self)
        self.plan.setObjectName("month_end_plan")
        self.plan.setWordWrap(True)
        self.plan.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.plan.setMinimumHeight(90)
        self.plan.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.run_button = QPushButton(_("Close the &month"), self)
        self.run_button.setObjectName("run_month_end")
        self.run_button.setEnabled(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.addButton(self.run_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.run_button.setAutoDefault(False)  # a stray Enter never closes a month
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setDefault(True)
        buttons.rejected.connect(self.reject)
        self.run_button.clicked.connect(self.run)
        row = QHBoxLayout()
        row.addWidget(QLabel(_("Month to close:"), self))
        row.addWidget(self.month)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(row)
        layout.addWidget(self.plan, 1)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)
        self.month.currentIndexChanged.connect(self.refresh)
        self.refresh()

    def chosen(self) -> Month:
        return Month.parse(self.month.currentData())

    def refresh(self) -> None:
        """Count what closing the chosen month would do (nothing is written)."""
        self.preview = None
        self.run_button.setEnabled(False)
        self.plan.setText(_("Counting…"))
        self.status.clear()
        self._operations.preview_month_end(
            self.chosen(), on_done=self._previewed, on_error=self._refused
        )

    def _previewed(self, result: MonthEndResult) -> None:
        if not shiboken6.isValid(self):
            return  # closed while it counted: the answer has nowhere to go
        if result.month != self.month.currentData():
            return  # the choice moved on while this one counted
        self.preview = result
        lines = describe(result, self._numbers, done=False)
        if not result.changed_anything:
            lines.append("")
            lines.append(
                _("{month} is already closed: there is nothing left to do.").format(
                    month=result.month
                )
            )
        self.plan.setText("\n".join(lines))
        self.run_button.setEnabled(result.changed_anything)

    def _refused(self, error: ShopkeeperError) -> None:
        if not shiboken6.isValid(self):
            return
        self.status.setStyleSheet(ERROR_STYLE)
        self.status.setText(str(error))
        self.plan.clear()

    def run(self) -> None:
        if self.preview is None:
            return
        self.run_button.setEnabled(False)
        result = self._operations.close_month(self.chosen(), on_error=self._refused)
        if result is None:
            return
        self.result = result
        self.plan.setText("\n".join(describe(result, self._numbers, done=True)))
        self.status.setStyleSheet(OK_STYLE)
        self.status.setText(_("{month} is closed.").format(month=result.month))

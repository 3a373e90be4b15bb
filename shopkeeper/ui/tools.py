"""What the command line could do and the window could not (issue 10): a customer's points
history, a correction with its reason, archiving and bringing back, month-end with its preview,
the letter's wording, the programme's version.

The main window only calls ``WindowTools(window, customer_menu)``; the actions, their dialogs
and their wording live here. Dialogs open window-modal without a nested event loop
(``QDialog.open``) and delete themselves on close: nothing here keeps a Python reference to a
dialog, so none can outlive its C++ object.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QMenu

from shopkeeper.i18n import _
from shopkeeper.present.numbers import Numbers
from shopkeeper.ui import dialogs

if TYPE_CHECKING:
    from shopkeeper.services.summary import CustomerSummary
    from shopkeeper.ui.main_window import MainWindow


def programme_version() -> str:
    """The version that runs (the installed package's, as ``shopkeeper --version`` says)."""
    from shopkeeper.version import installed_version

    return installed_version()


def about_text(location: str) -> str:
    return "\n\n".join(
        [
            _("Shopkeeper {version}").format(version=programme_version()),
            _("A loyalty programme that runs at the counter and keeps its data in the shop."),
            _("This shop's data: {location}").format(location=location),
        ]
    )


def _show(dialog: QDialog) -> QDialog:
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    dialog.raise_()
    dialog.activateWindow()  # keys go to the dialog, not to a shortcut of the window below
    return dialog


class WindowTools(QObject):
    def __init__(self, window: MainWindow, customer_menu: QMenu) -> None:
        super().__init__(window)
        self.window = window
        self.operations = window.operations
        shop = window.shop
        self.numbers = Numbers.for_shop(shop.country, shop.currency)

        customer_menu.addSeparator()
        self.history_action = self._action(
            customer_menu,
            _("Points &history…"),
            "action_points_history",
            self.show_history,
            "Ctrl+H",
        )
        self.correct_action = self._action(
            customer_menu, _("&Correct points…"), "action_correct_points", self.correct_points
        )
        self.archive_action = self._action(
            customer_menu, _("&Archive this customer…"), "action_archive", self.toggle_archive
        )
        customer_menu.aboutToShow.connect(self._name_archive_action)

        office = window.menuBar().addMenu(_("&Back office"))
        self.month_end_action = self._action(
            office, _("Close a &month…"), "action_month_end", self.month_end
        )
        self.wording_action = self._action(
            office, _("Letter &wording…"), "action_letter_wording", self.letter_wording
        )

    def _action(
        self, menu: QMenu, title: str, name: str, slot, shortcut: str | None = None  # noqa: ANN001
    ) -> QAction:
        action = menu.addAction(title)
        action.setObjectName(name)
        action.triggered.connect(slot)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
            self.window.addAction(action)  # works with the menu bar hidden too
        return action

    # -- the open customer ------------------------------------------------------------------
    def _customer(self) -> CustomerSummary | None:
        """The customer open at the counter, or a message saying to open one first."""
        if self.window.require_open_customer() is None:
            return None
        return self.window.counter.profile.summary

    def _name_archive_action(self) -> None:
        summary = self.window.counter.profile.summary
        archived = summary is not None and summary.archived
        self.archive_action.setText(
            _("Bring back from the &archive…") if archived else _("&Archive this customer…")
        )

    def show_history(self) -> QDialog | None:
        from shopkeeper.ui.customers.history import PointsHistoryDialog

        summary = self._customer()
        if summary is None:
            return None
        dialog = PointsHistoryDialog(
            self.operations, summary.card_number, summary.name, self.numbers, self.window
        )
        dialog.correct_requested.connect(self._correct_card)
        return _show(dialog)

    def correct_points(self) -> QDialog | None:
        summary = self._customer()
        return None if summary is None else self._correct(summary)

    def _correct_card(self, card_number: str) -> None:
        summary = self.window.counter.profile.summary
        if summary is not None and summary.card_number == card_number:
            self._correct(summary)

    def _correct(self, summary: CustomerSummary) -> QDialog:
        from shopkeeper.ui.customers.correction import CorrectionDialog

        dialog = CorrectionDialog(
            self.operations,
            summary.card_number,
            summary.name,
            summary.points_balance,
            self.numbers,
            self.window,
        )
        dialog.accepted.connect(
            lambda: self.window.show_notice(
                _("Points corrected for {name}: balance {balance}.").format(
                    name=summary.name, balance=self.numbers.number(dialog.new_balance or 0)
                )
            )
        )
        return _show(dialog)

    def toggle_archive(self) -> None:
        summary = self._customer()
        if summary is None:
            return
        if summary.archived:
            question = _(
                "Bring {name} back from the archive?\n\nThey are found by search at "
                "the counter again."
            ).format(name=summary.name)
            if not dialogs.ask(self.window, _("Bring back a customer"), question):
                return
            done = self.operations.archive_customer(summary.card_number, archived=False)
            if done is not None:
                self.window.show_notice(
                    _("{name} is back from the archive.").format(name=summary.name)
                )
            return
        question = _(
            "Archive {name}?\n\nThey no longer show in the counter's search or in the "
            "monthly letters; their visits, points and notes are kept, and Customer › Bring "
            "back from the archive undoes it (the customer list shows archived customers)."
        ).format(name=summary.name)
        if not dialogs.ask(self.window, _("Archive a customer"), question):
            return
        if self.operations.archive_customer(summary.card_number) is not None:
            self.window.show_notice(
                _("{name} is archived; their history is kept.").format(name=summary.name)
            )

    # -- the shop ------------------------------------------------------------------------------
    def month_end(self) -> QDialog:
        from shopkeeper.ui.month_end import MonthEndDialog

        return _show(MonthEndDialog(self.operations, self.numbers, self.window))

    def letter_wording(self) -> QDialog:
        from shopkeeper.ui.printing.letter_wording import LetterWordingDialog

        dialog = LetterWordingDialog(self.operations, self.window)
        dialog.accepted.connect(self._wording_saved)
        return _show(dialog)

    def _wording_saved(self) -> None:
        self.window.show_notice(_("The letter's wording is saved; the next letters use it."))

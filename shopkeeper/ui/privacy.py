"""The customer's rights, from the Customer menu: everything held about them as a readable
file, and erasure on request (asked first; the shop's figures still add up)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from shopkeeper.i18n import _
from shopkeeper.ui import dialogs
from shopkeeper.ui.operations import Operations


class PrivacyActions(QObject):
    def __init__(
        self,
        operations: Operations,
        window: QWidget,
        open_customer: Callable[[], tuple[str, str] | None],
        customer_gone: Callable[[], None],
    ) -> None:
        """``open_customer`` gives the card and name shown at the counter (or None);
        ``customer_gone`` takes the erased customer off the screen."""
        super().__init__(window)
        self.operations = operations
        self.window = window
        self._open_customer = open_customer
        self._customer_gone = customer_gone

    def _current(self) -> tuple[str, str] | None:
        current = self._open_customer()
        if current is None:
            self.operations.failed.emit(_("Open the customer at the counter first."))
        return current

    def export_customer_data(self) -> None:
        current = self._current()
        if current is None:
            return
        card, _name = current
        path = dialogs.save_path(
            self.window,
            _("Export the customer's data"),
            f"customer-{card}.html",
            _("Web page (*.html)"),
        )
        from shopkeeper.services import privacy  # local: not needed for the counter to start

        if path and self.operations.read(privacy.export_customer_data, card, path) is not None:
            self.operations.notice.emit(
                _("Everything held about this customer is in {path}.").format(path=path)
            )

    def erase_customer(self) -> None:
        current = self._current()
        if current is None:
            return
        card, name = current
        question = _(
            "Erase {name} for good?\n\nTheir name, card, contact details, address, birthday "
            "and notes are removed; their visits and points stay only as anonymous figures. "
            "This cannot be undone."
        ).format(name=name)
        if not dialogs.ask(self.window, _("Erase a customer"), question):
            return
        from shopkeeper.services import privacy  # local: see above

        done = self.operations.write(privacy.erase_customer, card, confirmed=True, what="erasure")
        if done is None:  # refused: the message is shown
            return
        self._customer_gone()
        self.operations.notice.emit(
            _("{name} was erased; the erasure is recorded.").format(name=name)
        )

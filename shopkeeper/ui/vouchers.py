"""A voucher handed over at the counter: scanned in the search field or typed after Ctrl+U,
checked, then marked used after one question."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from shopkeeper.i18n import _
from shopkeeper.services import rewards
from shopkeeper.ui import dialogs
from shopkeeper.ui.operations import Operations
from shopkeeper.ui.wording import voucher_display


class VoucherDesk(QObject):
    def __init__(self, operations: Operations, window: QWidget) -> None:
        super().__init__(window)
        self.operations = operations
        self.window = window

    def use_voucher(self, code: str | None = None) -> bool:
        """Check the voucher and, once the user agrees, mark it used. True when it was used."""
        if code is None:
            code = dialogs.get_text(
                self.window, _("Use a voucher"), _("Scan or type the voucher code:")
            )
        if not code:
            return False
        found = self.operations.read(rewards.find_voucher, code)
        if found is None:
            return False
        if found.used_at is not None or found.cancelled_at is not None:
            # use_voucher refuses it with the reason; say it before asking anything
            self.operations.write(rewards.use_voucher, code, what="voucher")
            return False
        question = _(
            "{reward} for {name} (card {card}), valid until {day}.\n\nHand it over and mark "
            "the voucher as used?"
        ).format(
            reward=found.reward_name,
            name=found.customer_name,
            card=found.card_number,
            day=found.valid_until.isoformat(),
        )
        title = _("Voucher {code}").format(code=voucher_display(found.code))
        if not dialogs.ask(self.window, title, question):
            return False
        used = self.operations.write(
            rewards.use_voucher, code, what="voucher", affects=found.card_number
        )
        if used is None:
            return False
        self.operations.notice.emit(
            _("Voucher {code} used: {reward} for {name}.").format(
                code=used.code, reward=used.reward_name, name=used.customer_name
            )
        )
        return True

"""The counter's printing: a customer's card, and the voucher right after a redemption.

The previews are dialogs deleted on close and held through ``OpenWindows``. The voucher is
already written when its preview opens: if showing it fails, the status bar still names the
voucher code (and the failure goes to the log), so nobody redeems a second time.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from shopkeeper.i18n import _
from shopkeeper.ui import errors
from shopkeeper.ui.operations import Operations
from shopkeeper.ui.windows import OpenWindows
from shopkeeper.ui.wording import voucher_display

if TYPE_CHECKING:
    from shopkeeper.ui.printing.preview import PdfPreviewDialog, Printable


def preview_dialog(parent: QWidget, document: Printable) -> PdfPreviewDialog:
    """The preview of ``document``. The preview module is imported here, on first use: it
    brings QtPdf and ReportLab, which the counter does not need to appear."""
    from shopkeeper.ui.printing import preview

    return preview.preview_dialog(parent, document)


class CounterPrinting(QObject):
    def __init__(self, operations: Operations, window: QWidget, windows: OpenWindows) -> None:
        super().__init__(window)
        self.operations = operations
        self.window = window
        self.windows = windows

    def print_card(self, card_number: str) -> PdfPreviewDialog | None:
        """"Print card": the card in the shop's layout, previewed to print."""
        from shopkeeper.ui.printing.preview import card_document  # local: see preview_dialog

        document = self.operations.read(card_document, card_number)
        if document is None:
            return None
        dialog = preview_dialog(self.window, document)
        self.windows.keep(dialog)
        return dialog

    def print_voucher(self, code: str) -> PdfPreviewDialog | None:
        """After a redemption: the voucher, previewed so it can be printed at once."""
        from shopkeeper.ui.printing.preview import voucher_document  # local: see preview_dialog

        shown = voucher_display(code)
        failed: list[str] = []
        try:
            document = self.operations.read(
                voucher_document, code, on_error=lambda e: failed.append(str(e))
            )
            if document is not None:
                dialog = preview_dialog(self.window, document)
                self.windows.keep(dialog)
                return dialog
        except Exception:  # noqa: BLE001 - the redemption stands; the log gets the details
            errors.write_log(*sys.exc_info())  # type: ignore[arg-type]
            failed.append(_("the details are in the log"))
        self.operations.failed.emit(
            _(
                "Voucher {code} was issued, but its preview could not be shown ({reason}). "
                "Write the code down: {code}."
            ).format(code=shown, reason=failed[0] if failed else _("unknown"))
        )
        return None

"""Print preview and the monthly letters screen (standalone widgets the main window embeds).

``PdfPreview`` shows any PDF bytes with Print and Save as PDF; ``LettersView`` plans, previews,
prints and saves the monthly reward letters; ``show_card_preview`` / ``show_voucher_preview``
are what the counter's "Print card" and "voucher after a redemption" open. Modal dialogs go
through ``ui.printing.dialogs`` so tests can replace them.
"""

from shopkeeper.ui.printing.letters_view import LetterPlanModel, LettersView
from shopkeeper.ui.printing.preview import (
    PdfPreview,
    PdfPreviewDialog,
    print_pdf,
    show_card_preview,
    show_voucher_preview,
)

__all__ = [
    "LetterPlanModel",
    "LettersView",
    "PdfPreview",
    "PdfPreviewDialog",
    "print_pdf",
    "show_card_preview",
    "show_voucher_preview",
]

"""Print preview and the monthly letters screen (standalone widgets the main window embeds).

``PdfPreview`` shows any PDF bytes with Print and Save as PDF; ``LettersView`` plans, previews,
prints and saves the monthly reward letters; ``show_card_preview`` / ``show_voucher_preview``
are what the counter's "Print card" and "voucher after a redemption" open. Modal dialogs go
through ``ui.printing.dialogs`` so tests can replace them.

The names are loaded on first use (PEP 562): importing ``ui.printing.counter`` at start must not
pull in QtPdf and ReportLab, which only a preview or the letters screen needs.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from shopkeeper.ui.printing.letters_view import LetterPlanModel, LettersView
    from shopkeeper.ui.printing.preview import (
        PdfPreview,
        PdfPreviewDialog,
        print_pdf,
        show_card_preview,
        show_voucher_preview,
    )

_WHERE = {
    "LetterPlanModel": "letters_view",
    "LettersView": "letters_view",
    "PdfPreview": "preview",
    "PdfPreviewDialog": "preview",
    "print_pdf": "preview",
    "show_card_preview": "preview",
    "show_voucher_preview": "preview",
}

__all__ = [
    "LetterPlanModel",
    "LettersView",
    "PdfPreview",
    "PdfPreviewDialog",
    "print_pdf",
    "show_card_preview",
    "show_voucher_preview",
]


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_WHERE[name]}"), name)

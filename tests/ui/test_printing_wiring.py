"""The counter's printing: "Print card" and the voucher after a redemption open a preview of
the real PDF, and the Letters screen is one keystroke away (built only when first shown)."""

from __future__ import annotations

import io

from pypdf import PdfReader
from PySide6.QtCore import Qt

from shopkeeper.services import visits
from shopkeeper.ui import dialogs
from shopkeeper.ui.main_window import MainWindow
from shopkeeper.ui.printing import LettersView, PdfPreviewDialog

from .test_booking import open_customer


def _pdf_text(dialog: PdfPreviewDialog) -> str:
    data = dialog.preview._data
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_print_card_opens_a_preview_of_that_customers_card(qtbot, window: MainWindow, shop):
    open_customer(qtbot, window, shop.xiaoming)
    button = window.counter_view.profile.print_button
    assert button.isVisible()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(window.windows.dialogs()), timeout=5000)
    dialog = window.windows.dialogs()[-1]
    assert isinstance(dialog, PdfPreviewDialog) and dialog.isVisible()
    text = _pdf_text(dialog)
    assert "王小明" in text and shop.xiaoming in text
    qtbot.waitUntil(lambda: dialog.preview.page_count() == 1, timeout=10_000)
    dialog.close()


def test_a_redemption_opens_the_voucher_preview(qtbot, window: MainWindow, db, shop, monkeypatch):
    visits.record_visit(db, card_number=shop.ona, amount_cents=22000)
    monkeypatch.setattr(dialogs, "ask", lambda *_args: True)
    open_customer(qtbot, window, shop.ona)
    window.counter_view.profile.rewards.redeem.click()
    qtbot.waitUntil(lambda: bool(window.windows.dialogs()), timeout=5000)
    dialog = window.windows.dialogs()[-1]
    text = _pdf_text(dialog)
    assert "Ona Žemaitė" in text and "Free coffee" in text
    dialog.close()


def test_letters_screen_is_built_when_first_shown(qtbot, window: MainWindow):
    assert window.letters_view.content is None  # nothing printing-related loaded at start
    qtbot.keyClick(window, Qt.Key.Key_F4)
    assert window.current_view() == "letters"
    assert isinstance(window.letters_view.content, LettersView)

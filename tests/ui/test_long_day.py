"""A long day at the counter (issue 10): each defect seen in half an hour of real use, driven
through the window as a person would, checking what shows and what is stored."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication

from shopkeeper.services import rewards, visits
from shopkeeper.services.ledger import ledger
from shopkeeper.services.search import search_customers
from shopkeeper.services.summary import customer_summary
from shopkeeper.ui import dialogs
from shopkeeper.ui.data import BackupsView, ImportWizard
from shopkeeper.ui.main_window import MainWindow
from shopkeeper.ui.printing import counter as counter_printing
from shopkeeper.ui.printing.preview import PdfPreviewDialog
from tests.ui.conftest import press_enter, scan, type_text

from .test_booking import open_customer


@pytest.fixture
def crashes(monkeypatch) -> list[BaseException]:
    """Every exception that reaches the global hook (the user would see an apology)."""
    seen: list[BaseException] = []
    monkeypatch.setattr(sys, "excepthook", lambda _t, value, _tb: seen.append(value))
    return seen


def _action(window: MainWindow, name: str) -> QAction:
    return next(a for a in window.findChildren(QAction) if a.objectName() == name)


def _balance(db, card: str) -> int:
    return customer_summary(db, card).points_balance


# -- 1. dialogs: open, close, open the next; twice in a row --------------------------------
def test_every_dialog_opens_again_after_another_was_closed(
    qtbot, window: MainWindow, db, shop, monkeypatch, crashes
) -> None:
    visits.record_visit(db, card_number=shop.ona, amount_cents=45_000)
    monkeypatch.setattr(dialogs, "ask", lambda *_args: True)
    for _round in range(2):
        _action(window, "action_import").trigger()
        [importing] = window.windows.dialogs()
        assert importing.findChild(ImportWizard) is not None
        importing.close()
        qtbot.waitUntil(lambda: not window.windows.dialogs())
        _action(window, "action_backups").trigger()
        [backups] = window.windows.dialogs()
        assert backups.findChild(BackupsView) is not None and backups.isVisible()
        backups.close()
        qtbot.waitUntil(lambda: not window.windows.dialogs())
        open_customer(qtbot, window, shop.ona)
        qtbot.mouseClick(window.counter_view.profile.print_button, Qt.MouseButton.LeftButton)
        [card] = window.windows.dialogs()
        assert isinstance(card, PdfPreviewDialog) and card.windowTitle() == f"Card {shop.ona}"
        card.close()
        qtbot.waitUntil(lambda: not window.windows.dialogs())
        before = _balance(db, shop.ona)
        window.counter_view.profile.rewards.redeem.click()
        [voucher] = window.windows.dialogs()
        assert voucher.windowTitle().startswith("Voucher ")
        assert _balance(db, shop.ona) == before - 100
        voucher.close()
        qtbot.waitUntil(lambda: not window.windows.dialogs())
        window.counter.lookup.clear()
    assert crashes == []
    assert len(rewards.recent_vouchers(db, shop.ona)) == 2


def test_a_voucher_whose_preview_fails_is_still_named(
    qtbot, window: MainWindow, db, shop, monkeypatch, crashes
) -> None:
    """The redemption is written; if its preview cannot show, the code is told anyway, and
    nothing says "something went wrong" as if it had not happened."""
    visits.record_visit(db, card_number=shop.ona, amount_cents=45_000)
    monkeypatch.setattr(dialogs, "ask", lambda *_args: True)

    def broken(*_args, **_kwargs):
        raise RuntimeError("Internal C++ object (QDialog) already deleted.")

    monkeypatch.setattr(counter_printing, "preview_dialog", broken)
    open_customer(qtbot, window, shop.ona)
    window.counter_view.profile.rewards.redeem.click()
    [voucher] = rewards.recent_vouchers(db, shop.ona)
    shown = f"{voucher.code[:5]}-{voucher.code[5:]}"
    assert shown in window.message.text() and "was issued" in window.message.text()
    assert shown in window.counter_view.profile.rewards.voucher.text()
    assert crashes == []  # logged, not apologised for


# -- 2. search text is never a card number ---------------------------------------------------
def test_a_name_typed_fast_is_a_search_not_a_card(qtbot, window: MainWindow, db, shop) -> None:
    field = window.counter_view.lookup.search
    field.setFocus()
    scan(field, "zemaite")  # as fast as a scanner, then Enter
    assert window.counter_view.page() == "profile"
    assert window.counter.profile.card_number == shop.ona
    window.counter.lookup.clear()
    scan(field, "jurgita", start=400_000)
    form = window.counter_view.form
    assert window.counter_view.page() != "form" or form.card.text() == ""
    if window.counter_view.page() != "form":
        press_enter(qtbot, field)  # a person's Enter on "nobody matches": the new form
    assert window.counter_view.page() == "form"
    assert (form.name.text(), form.card.text()) == ("jurgita", "")
    press_enter(qtbot, form.name)
    saved = search_customers(db, "jurgita")
    assert [h.name for h in saved] == ["jurgita"]
    assert saved[0].card_number.isdigit() and len(saved[0].card_number) == 9


def test_a_voucher_scanned_at_the_counter_opens_that_voucher(
    qtbot, window: MainWindow, db, shop, monkeypatch
) -> None:
    visits.record_visit(db, card_number=shop.jonas, amount_cents=45_000)
    code = rewards.redeem_reward(db, card_number=shop.jonas, reward_id=1).voucher_code
    questions: list[str] = []
    monkeypatch.setattr(dialogs, "ask", lambda _p, _t, q: questions.append(q) or True)
    customers_before = len(search_customers(db, "a", limit=200))
    scan(window.counter_view.lookup.search, code)
    assert "Free coffee for Jonas Jonaitis" in questions[0]
    assert rewards.find_voucher(db, code).used_at is not None
    assert window.counter_view.page() != "form"
    assert len(search_customers(db, "a", limit=200)) == customers_before
    # typed by hand with the dash, then Enter: the same voucher, refused now as used
    type_text(window.counter_view.lookup.search, f"{code[:5]}-{code[5:]}")
    press_enter(qtbot, window.counter_view.lookup.search)
    assert "already used" in window.message.text()
    assert len(questions) == 1


# -- 3. shortcuts while a text field has focus -----------------------------------------------
def test_window_shortcuts_work_while_typing(qtbot, window: MainWindow, shop, monkeypatch) -> None:
    asked: list[str] = []
    monkeypatch.setattr(dialogs, "get_text", lambda _p, title, _l, *_a: asked.append(title))
    search = window.counter_view.lookup.search
    search.setFocus()
    type_text(search, "jon")
    qtbot.keyClick(search, Qt.Key.Key_U, Qt.KeyboardModifier.ControlModifier)
    assert asked == ["Use a voucher"]
    assert search.text() == "jon"  # the line edit's own Ctrl+U did not run
    open_customer(qtbot, window, shop.ona)
    amount = window.counter_view.profile.booking.amount
    assert amount.hasFocus()
    qtbot.keyClick(amount, Qt.Key.Key_U, Qt.KeyboardModifier.ControlModifier)
    assert asked == ["Use a voucher"] * 2
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert search.hasFocus()
    qtbot.keyClick(search, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert window.counter_view.page() == "form"
    name = window.counter_view.form.name
    qtbot.keyClick(name, Qt.Key.Key_F3)
    assert window.current_view() == "rewards"
    qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_F2)
    assert window.current_view() == "counter" and search.hasFocus()


# -- 4. undo survives reopening; undo and cancel from the history ----------------------------
def test_undo_survives_a_double_enter_that_reopens_the_profile(
    qtbot, window: MainWindow, db, shop
) -> None:
    open_customer(qtbot, window, shop.ona)
    booking = window.counter_view.profile.booking
    type_text(booking.amount, "20")
    press_enter(qtbot, booking.amount)
    search = window.counter_view.lookup.search
    assert search.hasFocus()
    press_enter(qtbot, search)  # the second Enter: the same customer opens again
    assert window.counter_view.page() == "profile"
    assert booking.undo.isVisible()
    assert "Last booking: +20 points" in booking.result.text()
    qtbot.mouseClick(booking.undo, Qt.MouseButton.LeftButton)
    assert [line.kind for line in ledger(db, shop.ona)][-1] == "reversal"
    assert _balance(db, shop.ona) == 50
    # the cursor is back in the amount: the right amount is typed at once
    type_text(QApplication.focusWidget(), "15")
    assert booking.amount.text() == "15"


def _select(table, row: int) -> None:
    table.setCurrentIndex(table.model().index(row, 0))
    table.selectionModel().select(
        table.model().index(row, 0),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )


def test_todays_visits_here_are_undone_from_the_history_after_a_question(
    qtbot, window: MainWindow, db, shop, clock, monkeypatch
) -> None:
    visits.record_visit(db, card_number=shop.ona, amount_cents=3000, till="another-till")
    clock.advance(minutes=1)
    open_customer(qtbot, window, shop.ona)
    booking = window.counter_view.profile.booking
    type_text(booking.amount, "12")
    press_enter(qtbot, booking.amount)
    window.counter.open_customer(shop.jonas)
    window.counter.open_customer(shop.ona)
    assert not booking.undo.isVisible() or booking.undo.isVisible()  # either way: history
    panel = window.counter_view.profile.visits_panel
    _select(panel.table, 1)  # the other till's visit
    assert not panel.button.isEnabled()
    _select(panel.table, 0)  # ours, today
    assert panel.button.isEnabled()
    answers = iter([False, True])
    monkeypatch.setattr(dialogs, "ask", lambda *_args: next(answers))
    qtbot.mouseClick(panel.button, Qt.MouseButton.LeftButton)
    assert [line.kind for line in ledger(db, shop.ona)][-1] == "visit"  # "No": nothing
    qtbot.mouseClick(panel.button, Qt.MouseButton.LeftButton)
    assert [line.kind for line in ledger(db, shop.ona)][-1] == "reversal"
    assert "Visit undone" in panel.message.text()
    assert panel.model.row_object(0).reversed
    assert window.counter_view.profile.balance.text() == str(_balance(db, shop.ona)) == "80"
    assert not booking.undo.isVisible()


def test_a_redemption_is_cancelled_from_the_voucher_history(
    qtbot, window: MainWindow, db, shop, monkeypatch
) -> None:
    visits.record_visit(db, card_number=shop.ona, amount_cents=45_000)
    monkeypatch.setattr(dialogs, "ask", lambda *_args: True)
    open_customer(qtbot, window, shop.ona)
    profile = window.counter_view.profile
    before = _balance(db, shop.ona)
    profile.rewards.redeem.click()
    for dialog in window.windows.dialogs():
        dialog.close()
    assert _balance(db, shop.ona) == before - 100
    panel = profile.vouchers_panel
    profile.tabs.setCurrentWidget(panel)
    _select(panel.table, 0)
    assert panel.button.isEnabled()
    qtbot.mouseClick(panel.button, Qt.MouseButton.LeftButton)
    assert _balance(db, shop.ona) == before
    assert profile.balance.text() == str(before)
    [voucher] = rewards.recent_vouchers(db, shop.ona)
    assert voucher.cancelled_at is not None
    assert "cancelled" in panel.model.index(0, 4).data()
    _select(panel.table, 0)
    assert not panel.button.isEnabled()  # cancelling twice is not offered
    # the void voucher handed over later is refused
    monkeypatch.setattr(dialogs, "get_text", lambda *_args: voucher.code)
    window.use_voucher()
    assert "void" in window.message.text()
    assert rewards.find_voucher(db, voucher.code).used_at is None


# -- 7. layout and focus ----------------------------------------------------------------------
def test_an_amount_error_shows_once_and_a_long_amount_widens_nothing(
    qtbot, window: MainWindow, db, shop
) -> None:
    visits.record_visit(db, card_number=shop.ona, amount_cents=45_000)
    window.resize(1024, 768)
    open_customer(qtbot, window, shop.ona)
    booking = window.counter_view.profile.booking
    rewards_panel = window.counter_view.profile.rewards
    widths = (booking.width(), rewards_panel.width())
    type_text(booking.amount, "12,5O abc 99999")
    press_enter(qtbot, booking.amount)
    shown = [label.text() for label in (booking.preview, booking.result) if label.text()]
    assert len(shown) == 1 and "amount" in shown[0].lower()
    QApplication.processEvents()
    assert (booking.width(), rewards_panel.width()) == widths


def test_at_1024_by_768_the_amount_field_has_room(
    qtbot, window: MainWindow, db, shop
) -> None:
    visits.record_visit(db, card_number=shop.ona, amount_cents=45_000)
    window.resize(1024, 768)
    open_customer(qtbot, window, shop.ona)
    QApplication.processEvents()
    amount = window.counter_view.profile.booking.amount
    metrics = amount.fontMetrics()
    assert amount.width() >= metrics.horizontalAdvance("e.g. 12.50") + 12
    rewards_table = window.counter_view.profile.rewards.table
    assert rewards_table.columnWidth(0) >= metrics.horizontalAdvance("Free coffee")
    results = window.counter_view.lookup.table
    assert results.columnWidth(0) >= results.fontMetrics().horizontalAdvance("Jonas Jonaitis")
    window.counter.lookup.clear()
    window.counter_view.show_page("welcome")
    QApplication.processEvents()
    catalogue = window.counter_view.welcome.table
    assert catalogue.columnWidth(0) >= catalogue.fontMetrics().horizontalAdvance("Cake of your")


def test_after_the_voucher_preview_closes_typing_goes_to_the_search(
    qtbot, window: MainWindow, db, shop, monkeypatch
) -> None:
    visits.record_visit(db, card_number=shop.ona, amount_cents=45_000)
    monkeypatch.setattr(dialogs, "ask", lambda *_args: True)
    open_customer(qtbot, window, shop.ona)
    window.counter_view.profile.rewards.redeem.click()
    [preview] = window.windows.dialogs()
    preview.close()
    search = window.counter_view.lookup.search
    qtbot.waitUntil(search.hasFocus)
    type_text(search, "jonas")
    assert search.text() == "jonas"


def test_a_customer_opened_elsewhere_is_the_one_the_search_shows(
    qtbot, window: MainWindow, db, shop
) -> None:
    search = window.counter_view.lookup.search
    type_text(search, "jonas")
    qtbot.waitUntil(lambda: window.counter.lookup._shown_query == "jonas")
    window.open_customer(shop.xiaoming)  # from the customer list
    assert window.counter.profile.card_number == shop.xiaoming
    assert search.text() == shop.xiaoming
    model = window.counter_view.lookup.model
    qtbot.waitUntil(lambda: window.counter.lookup._shown_query == shop.xiaoming)
    assert [model.hit(r).name for r in range(model.rowCount())] == ["王小明"]


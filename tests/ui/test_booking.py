"""Booking a visit at the counter: preview, Enter, the inline result, Undo, no double booking."""

from __future__ import annotations

from PySide6.QtCore import Qt

from shopkeeper.services.ledger import ledger
from shopkeeper.services.summary import customer_summary
from shopkeeper.ui.main_window import MainWindow
from tests.ui.conftest import press_enter, scan, type_text


def open_customer(qtbot, win: MainWindow, card: str) -> None:
    field = win.counter_view.lookup.search
    qtbot.keyClicks(field, card)
    press_enter(qtbot, field)
    assert win.counter_view.page() == "profile"


def kinds(db, card: str) -> list[tuple[str, int]]:
    return [(line.kind, line.points) for line in ledger(db, card)]


def test_booking_shows_the_result_and_writes_the_ledger(
    qtbot, window: MainWindow, db, shop
) -> None:
    open_customer(qtbot, window, shop.ona)
    profile = window.counter_view.profile
    assert profile.balance.text() == "50"
    qtbot.keyClicks(profile.booking.amount, "12.50")
    assert profile.booking.preview.text() == "earns +12 points"
    press_enter(qtbot, profile.booking.amount)
    assert profile.booking.result.text() == "+12 points · balance 62 · Bronze"
    assert profile.balance.text() == "62"
    assert kinds(db, shop.ona) == [("welcome_bonus", 50), ("visit", 12)]
    assert customer_summary(db, shop.ona).spent_cents == 1250
    # Back to the search field for the next customer, the last visit listed in the profile.
    assert window.counter_view.lookup.search.hasFocus()
    assert profile.visits_model.rowCount() == 1
    assert profile.booking.undo.isVisible()


def test_keypad_enter_books_too(qtbot, window: MainWindow, db, shop) -> None:
    open_customer(qtbot, window, shop.jonas)
    amount = window.counter_view.profile.booking.amount
    qtbot.keyClicks(amount, "7,5")
    press_enter(qtbot, amount, keypad=True)
    assert kinds(db, shop.jonas)[-1] == ("visit", 7)


def test_an_invalid_amount_is_explained_and_nothing_is_booked(
    qtbot, window: MainWindow, db, shop
) -> None:
    open_customer(qtbot, window, shop.ona)
    booking = window.counter_view.profile.booking
    qtbot.keyClicks(booking.amount, "12.5x")
    assert "is not an amount" in booking.preview.text()
    press_enter(qtbot, booking.amount)
    assert "is not an amount" in booking.result.text()
    assert booking.amount.hasFocus()  # stays to be corrected
    booking.amount.clear()
    qtbot.keyClicks(booking.amount, "5000")  # over the 1,000.00 limit: the service refuses
    assert "over the maximum" in booking.preview.text()
    press_enter(qtbot, booking.amount)
    assert "over the maximum" in booking.result.text()
    booking.amount.clear()
    press_enter(qtbot, booking.amount)
    assert booking.result.text() == "Type the amount spent first."
    assert kinds(db, shop.ona) == [("welcome_bonus", 50)]
    assert window.counter_view.profile.balance.text() == "50"


def test_enter_twice_books_one_visit(qtbot, window: MainWindow, db, shop) -> None:
    open_customer(qtbot, window, shop.ona)
    booking = window.counter_view.profile.booking
    qtbot.keyClicks(booking.amount, "20")
    press_enter(qtbot, booking.amount)
    press_enter(qtbot, booking.amount)
    booking.book.click()
    assert kinds(db, shop.ona) == [("welcome_bonus", 50), ("visit", 20)]
    assert booking.result.text() == "Already booked: +20 points · balance 70 · Bronze"
    assert customer_summary(db, shop.ona).visit_count == 1
    # A new amount is a new booking.
    booking.amount.clear()
    type_text(booking.amount, "3")
    press_enter(qtbot, booking.amount)
    assert kinds(db, shop.ona)[-1] == ("visit", 3)
    assert customer_summary(db, shop.ona).visit_count == 2


def test_undo_writes_a_reversal_not_a_delete(qtbot, window: MainWindow, db, shop) -> None:
    open_customer(qtbot, window, shop.ona)
    profile = window.counter_view.profile
    qtbot.keyClicks(profile.booking.amount, "30")
    press_enter(qtbot, profile.booking.amount)
    assert profile.balance.text() == "80"
    qtbot.mouseClick(profile.booking.undo, Qt.MouseButton.LeftButton)
    assert profile.booking.result.text() == "Visit undone: \u221230 points · balance 50"
    assert profile.balance.text() == "50"
    assert not profile.booking.undo.isVisible()
    assert kinds(db, shop.ona) == [("welcome_bonus", 50), ("visit", 30), ("reversal", -30)]
    assert profile.visits_model.data(profile.visits_model.index(0, 3)) == "undone"
    summary = customer_summary(db, shop.ona)
    assert (summary.visit_count, summary.spent_cents) == (0, 0)


def test_a_tier_upgrade_shows_in_the_result_and_the_badge(
    qtbot, window: MainWindow, db, shop
) -> None:
    open_customer(qtbot, window, shop.ona)
    profile = window.counter_view.profile
    assert profile.tier_badge.text() == "Bronze"
    assert profile.progress.text() == "250 points to Silver"
    qtbot.keyClicks(profile.booking.amount, "260")
    press_enter(qtbot, profile.booking.amount)
    assert (
        profile.booking.result.text() == "+260 points · balance 310 · now Silver (up from Bronze)"
    )
    assert profile.tier_badge.text() == "Silver"
    assert profile.progress.text() == "490 points to Gold"


def test_opening_another_customer_starts_a_fresh_booking(
    qtbot, window: MainWindow, db, shop
) -> None:
    open_customer(qtbot, window, shop.ona)
    booking = window.counter_view.profile.booking
    qtbot.keyClicks(booking.amount, "10")
    press_enter(qtbot, booking.amount)
    first_request = window.counter.profile.booking.request_id
    window.counter_view.lookup.search.clear()
    open_customer(qtbot, window, shop.jonas)
    assert booking.amount.text() == ""
    assert booking.result.text() == ""
    assert not booking.undo.isVisible()
    assert window.counter.profile.booking.request_id != first_request
    qtbot.keyClicks(booking.amount, "10")
    press_enter(qtbot, booking.amount)
    assert kinds(db, shop.jonas)[-1] == ("visit", 10)


def test_the_same_customer_chosen_again_is_a_new_visit(qtbot, window: MainWindow, db, shop) -> None:
    open_customer(qtbot, window, shop.john)
    booking = window.counter_view.profile.booking
    qtbot.keyClicks(booking.amount, "4.20")
    press_enter(qtbot, booking.amount)
    scan(window.counter_view.lookup.search, shop.john)  # back later the same day
    assert booking.amount.hasFocus() and booking.amount.text() == ""
    qtbot.keyClicks(booking.amount, "4.20")
    press_enter(qtbot, booking.amount)
    assert kinds(db, shop.john) == [("welcome_bonus", 50), ("visit", 4), ("visit", 4)]


def test_the_next_customers_card_scanned_into_the_amount_opens_them_and_books_nothing(
    qtbot, window: MainWindow, db, shop
) -> None:
    """Ona's form was open and the next card was scanned before anyone typed an amount: the
    cursor was in the amount field, so the card's digits became an amount "over the maximum".
    A card in the amount field is that card scanned: Jonas's profile, nothing booked."""
    open_customer(qtbot, window, shop.ona)
    booking = window.counter_view.profile.booking
    assert booking.amount.hasFocus()
    scan(booking.amount, shop.jonas)
    qtbot.waitUntil(lambda: window.counter.profile.card_number == shop.jonas, timeout=2_000)
    assert window.counter_view.page() == "profile"
    assert window.counter_view.lookup.search.text() == shop.jonas
    assert booking.amount.text() == "" and booking.result.text() == ""
    assert "over the maximum" not in booking.preview.text()
    assert kinds(db, shop.ona) == [("welcome_bonus", 50)]
    assert kinds(db, shop.jonas) == [("welcome_bonus", 50)]
    # An amount is still an amount.
    qtbot.keyClicks(booking.amount, "200")
    press_enter(qtbot, booking.amount)
    assert kinds(db, shop.jonas)[-1] == ("visit", 200)

"""Finding a customer at the counter: typing, Enter, arrows, the scanner, no match."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from shopkeeper.domain.codes import card_number_for
from shopkeeper.services import customers
from shopkeeper.services.search import search_customers
from shopkeeper.ui.counter import lookup as lookup_module
from shopkeeper.ui.main_window import MainWindow
from tests.ui.conftest import (
    key_for,
    press_enter,
    scan,
    send_key,
    type_search,
    type_slowly,
    wait_for_results,
)


def shown_names(win: MainWindow) -> list[str]:
    model = win.counter_view.lookup.model
    return [model.hit(row).name for row in range(model.rowCount())]


def profile_name(win: MainWindow) -> str:
    return win.counter_view.profile.name.text()


def test_search_field_has_focus_at_start(qtbot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: window.counter_view.lookup.search.hasFocus())
    assert window.counter_view.page() == "welcome"


def test_a_name_fragment_finds_the_customer_in_any_script(qtbot, window: MainWindow) -> None:
    type_search(qtbot, window, "zemai")
    assert shown_names(window) == ["Ona Žemaitė"]
    window.counter_view.lookup.search.clear()
    type_search(qtbot, window, "小明")
    assert shown_names(window) == ["王小明"]
    assert "1 customer" in window.counter_view.lookup.hint.text()


def test_typing_fast_searches_once_after_the_pause(qtbot, window: MainWindow) -> None:
    shown: list[str] = []
    window.counter.lookup.results_shown.connect(shown.append)
    type_search(qtbot, window, "jonai")
    assert shown == ["jonai"]  # one debounced search, not one per keystroke
    assert shown_names(window) == ["Jonas Jonaitis"]


def test_a_card_number_and_enter_opens_the_profile(qtbot, window: MainWindow, shop) -> None:
    field = window.counter_view.lookup.search
    qtbot.keyClicks(field, shop.xiaoming)
    press_enter(qtbot, field)
    assert window.counter_view.page() == "profile"
    assert profile_name(window) == "王小明"
    assert window.counter_view.profile.balance.text() == "50"
    assert window.counter_view.profile.booking.amount.hasFocus()


def test_the_scanner_opens_the_card_even_while_other_results_show(
    qtbot,
    window: MainWindow,
    shop,
) -> None:
    field = window.counter_view.lookup.search
    type_search(qtbot, window, "jon")
    assert shown_names(window) == ["Jonas Jonaitis"]
    window.counter_view.lookup.table.selectRow(0)  # a row is even highlighted
    scan(field, shop.ona)
    assert window.counter_view.page() == "profile"
    assert profile_name(window) == "Ona Žemaitė"
    assert field.text() == shop.ona  # the scan replaced what had been typed


def test_a_scan_searches_once_not_once_per_digit(
    qtbot, window: MainWindow, shop, monkeypatch
) -> None:
    searched: list[str] = []  # every search, on the worker thread or not

    def counted(db, query: str, **kwargs):  # noqa: ANN001, ANN202 - the real search, counted
        searched.append(query)
        return search_customers(db, query, **kwargs)

    monkeypatch.setattr(lookup_module, "search_customers", counted)
    field = window.counter_view.lookup.search
    stamp = 100_000
    for ch in shop.ona:  # a scanner's keys, the event loop running between them
        send_key(field, key_for(ch), ch, stamp)
        qtbot.wait(8)
        stamp += 8
    send_key(field, Qt.Key.Key_Return, "\r", stamp)
    qtbot.wait(200)  # what the burst left behind has answered by now
    assert window.counter_view.page() == "profile"
    assert profile_name(window) == "Ona Žemaitė"
    assert field.text() == shop.ona
    # the first digit (nobody knows yet that a scanner types), no more: the card itself opens
    # its profile with one read, without a search first
    assert searched == [shop.ona[:1]]


def test_a_fast_burst_without_enter_shows_its_results_when_the_keys_stop(
    qtbot, window: MainWindow
) -> None:
    field = window.counter_view.lookup.search
    stamp = 300_000
    for ch in "jonai":
        send_key(field, key_for(ch), ch, stamp)
        stamp += 10
    wait_for_results(qtbot, window, "jonai")
    assert shown_names(window) == ["Jonas Jonaitis"]
    assert window.counter_view.page() == "welcome"


def test_the_scanner_with_keypad_enter_after_typed_text(qtbot, window: MainWindow, shop) -> None:
    field = window.counter_view.lookup.search
    field.setFocus()
    after = type_slowly(field, "Jo")  # a person started typing, then scanned a card
    scan(field, shop.meiling, start=after + 1500, keypad=True)
    assert profile_name(window) == "陳美玲"


def test_slow_typing_then_enter_is_not_taken_for_a_scan(qtbot, window: MainWindow) -> None:
    field = window.counter_view.lookup.search
    field.setFocus()
    stamp = type_slowly(field, "jonas")
    send_key(field, Qt.Key.Key_Return, "\r", stamp)
    # One match: Enter opens it, found by name, not by card.
    assert profile_name(window) == "Jonas Jonaitis"


def test_arrows_and_enter_choose_among_several(qtbot, window: MainWindow) -> None:
    field = window.counter_view.lookup.search
    type_search(qtbot, window, "jo")
    names = shown_names(window)
    assert len(names) == 2
    press_enter(qtbot, field)  # several matches: the first is highlighted, nothing opens
    assert window.counter_view.page() == "welcome"
    assert window.counter_view.lookup.table.currentIndex().row() == 0
    qtbot.keyClick(field, Qt.Key.Key_Down)
    qtbot.keyClick(field, Qt.Key.Key_Down)  # stays on the last row
    qtbot.keyClick(field, Qt.Key.Key_Up)
    qtbot.keyClick(field, Qt.Key.Key_Down)
    press_enter(qtbot, field)
    assert profile_name(window) == names[1]


def test_typing_in_the_results_goes_on_in_the_search_field(qtbot, window: MainWindow) -> None:
    type_search(qtbot, window, "jo")
    table = window.counter_view.lookup.table
    table.setFocus()
    qtbot.keyClicks(table, "hn")
    wait_for_results(qtbot, window, "john")
    assert window.counter_view.lookup.search.hasFocus()
    assert shown_names(window) == ["John Smith"]


def test_no_match_offers_a_new_customer_with_the_name(qtbot, window: MainWindow) -> None:
    type_search(qtbot, window, "Rūta Petrauskienė")
    assert shown_names(window) == []
    hint = window.counter_view.lookup.hint.text()
    assert "Nobody matches" in hint
    assert "Rūta Petrauskienė" in window.counter_view.lookup.new_button.text()
    press_enter(qtbot, window.counter_view.lookup.search)
    form = window.counter_view.form
    assert window.counter_view.page() == "form"
    assert form.name.text() == "Rūta Petrauskienė"
    assert form.phone.text() == ""
    assert form.phone.hasFocus()


def test_no_match_on_a_phone_fills_the_phone(qtbot, window: MainWindow) -> None:
    type_search(qtbot, window, "8 655 00000")
    window.counter_view.lookup.new_button.click()
    form = window.counter_view.form
    assert (form.name.text(), form.phone.text()) == ("", "8 655 00000")
    assert form.name.hasFocus()


def test_an_unknown_scanned_card_starts_a_new_customer_with_that_card(
    qtbot,
    window: MainWindow,
) -> None:
    """Only a card number (the shop's format, or its pattern for imported cards) becomes a
    card; any other scan is a search (issue 10)."""
    free = card_number_for(999)  # the shop's format, nobody holds it yet
    scan(window.counter_view.lookup.search, free)
    assert window.counter_view.page() == "form"
    assert window.counter_view.form.card.text() == free
    window.counter.back()
    scan(window.counter_view.lookup.search, "4006381333931", start=300_000)
    form = window.counter_view.form
    assert form.card.text() == ""  # not a card: the digits are offered as the phone
    assert form.phone.text() == "4006381333931"
    window.counter.back()
    window.counter.lookup.card_pattern = r"\d{13}"  # the shop's old cards were EAN-13
    scan(window.counter_view.lookup.search, "4006381333931", start=500_000)
    assert window.counter_view.page() == "form"
    assert window.counter_view.form.card.text() == "4006381333931"


def test_escape_goes_back_to_the_search_field_and_clears_it(
    qtbot,
    window: MainWindow,
    shop,
) -> None:
    field = window.counter_view.lookup.search
    qtbot.keyClicks(field, shop.ona)
    press_enter(qtbot, field)
    amount = window.counter_view.profile.booking.amount
    assert amount.hasFocus()
    qtbot.keyClick(amount, Qt.Key.Key_Escape)
    assert field.hasFocus()
    assert field.selectedText() == shop.ona  # selected: the next scan replaces it
    qtbot.keyClick(field, Qt.Key.Key_Escape)
    assert field.text() == ""
    assert window.counter_view.page() == "profile"  # Esc never closes the customer


def test_archived_customers_are_not_offered(qtbot, window: MainWindow, db, shop) -> None:
    customers.archive_customer(db, shop.john)
    type_search(qtbot, window, "smith")
    assert shown_names(window) == []
    QApplication.processEvents()


def test_enter_in_the_results_table_opens_the_row(qtbot, window: MainWindow) -> None:
    type_search(qtbot, window, "jo")
    table = window.counter_view.lookup.table
    qtbot.keyClick(window.counter_view.lookup.search, Qt.Key.Key_Tab)
    assert table.hasFocus()
    qtbot.keyClick(table, Qt.Key.Key_Down)
    chosen = window.counter_view.lookup.model.hit(table.currentIndex().row()).name
    press_enter(qtbot, table)
    assert window.counter_view.page() == "profile"
    assert profile_name(window) == chosen

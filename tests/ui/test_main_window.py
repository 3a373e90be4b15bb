"""The window as a whole: title, shortcuts, screens, remembered layout, and a screenshot."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QLabel

from shopkeeper.services.demo import build_demo_shop
from shopkeeper.services.search import search_customers
from shopkeeper.services.summary import customer_summary
from shopkeeper.ui.main_window import MainWindow
from tests.ui.conftest import press_enter, type_search

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"


@pytest.mark.sqlite_only("the status bar names the SQLite file")
def test_title_names_the_program_and_the_shop(window: MainWindow) -> None:
    assert window.windowTitle() == "Shopkeeper — Test Bakery"
    assert window.findChild(QLabel, "database_location").text().endswith("shop.db")


def test_shortcuts_find_and_new(qtbot, window: MainWindow, shop) -> None:
    search = window.counter_view.lookup.search
    qtbot.keyClicks(search, shop.ona)
    press_enter(qtbot, search)
    assert window.counter_view.profile.booking.amount.hasFocus()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert search.hasFocus()
    assert search.selectedText() == shop.ona
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    form = window.counter_view.form
    assert window.counter_view.page() == "form"
    assert (form.name.text(), form.card.text()) == ("", "")  # that card is taken: a blank form
    qtbot.keyClick(form.name, Qt.Key.Key_Escape)
    type_search(qtbot, window, "Birutė")
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert form.name.text() == "Birutė"  # nobody matched: what was typed is the name


def test_tab_order_from_search_to_results_and_in_the_booking(
    qtbot, window: MainWindow, shop
) -> None:
    lookup = window.counter_view.lookup
    lookup.search.setFocus()
    qtbot.keyClick(lookup.search, Qt.Key.Key_Tab)
    assert lookup.table.hasFocus()
    qtbot.keyClick(lookup.table, Qt.Key.Key_Tab)
    assert lookup.new_button.hasFocus()
    window.counter.open_customer(shop.ona)
    booking = window.counter_view.profile.booking
    assert booking.amount.hasFocus()
    qtbot.keyClick(booking.amount, Qt.Key.Key_Tab)
    assert booking.book.hasFocus()


def test_rewards_screen_lists_the_catalogue(qtbot, window: MainWindow) -> None:
    qtbot.keyClick(window, Qt.Key.Key_F3)
    assert window.current_view() == "rewards"
    model = window.catalogue_view.model
    assert [model.reward(r).name for r in range(model.rowCount())] == [
        "Free coffee",
        "Cake of your choice",
        "10 EUR off",
    ]
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.current_view() == "counter"
    assert window.counter_view.lookup.search.hasFocus()


def test_geometry_and_splitter_are_remembered_and_it_reopens_on_the_counter(
    qtbot, db, shop, qsettings: QSettings
) -> None:
    first = MainWindow(db, qsettings)
    qtbot.addWidget(first)
    first.show()
    first.resize(700, 600)  # the offscreen screen is 800 x 800
    first.counter_view.splitter.setSizes([250, 440])
    first.show_view("rewards")
    sizes = first.counter_view.splitter.sizes()
    first.close()
    second = MainWindow(db, qsettings)
    qtbot.addWidget(second)
    second.show()
    assert (second.width(), second.height()) == (700, 600)
    # a till reopens where the next customer is served, not on the last screen (issue 10)
    assert second.current_view() == "counter"
    qtbot.waitUntil(second.counter_view.lookup.search.hasFocus)
    qtbot.waitUntil(lambda: second.counter_view.splitter.sizes() == sizes)
    second.close()


def test_print_card_button_asks_for_this_customers_card(qtbot, window: MainWindow, shop) -> None:
    profile = window.counter_view.profile
    window.counter.open_customer(shop.ona)
    assert profile.print_button.isVisible()  # the window connected printing
    requested: list[str] = []
    profile.print_card_requested.connect(requested.append)
    profile.print_button.click()
    assert requested == [shop.ona]


def test_a_screen_added_later_joins_the_navigation(qtbot, window: MainWindow) -> None:
    page = QLabel("Another screen")
    action = window.add_view("extra", "E&xtra", page)
    action.trigger()
    assert window.current_view() == "extra"
    assert window.views.currentWidget() is page


def test_screenshot_of_the_counter_on_a_demo_shop(qtbot, db, qsettings: QSettings) -> None:
    """Saved to artifacts/counter.png for a person to look at (the CI keeps it)."""
    build_demo_shop(db, customers=160, months=18, seed=3)
    candidates = search_customers(db, "a", limit=60)
    summaries = [customer_summary(db, hit.card_number) for hit in candidates]
    best = max(
        summaries,
        key=lambda s: (
            bool(s.pinned_notes) + bool(s.affordable) + bool(s.open_problems),
            s.visit_count,
        ),
    )
    win = MainWindow(db, qsettings, demo=True)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    qtbot.waitExposed(win)
    fragment = best.name.split()[0][:4]
    type_search(qtbot, win, fragment)
    model = win.counter_view.lookup.model
    row = next(r for r in range(model.rowCount()) if model.hit(r).card_number == best.card_number)
    win.counter_view.lookup.table.selectRow(row)
    press_enter(qtbot, win.counter_view.lookup.search)
    assert win.counter_view.profile.name.text() == best.name
    qtbot.keyClicks(win.counter_view.profile.booking.amount, "8.40")
    qtbot.wait(100)  # let the pending layout requests run, as the event loop of a real window does
    ARTIFACTS.mkdir(exist_ok=True)
    image = win.grab().toImage()
    assert image.width() == 1280 and not image.isNull()
    assert image.save(str(ARTIFACTS / "counter.png"))
    assert "(demo shop)" in win.windowTitle()
    win.close()

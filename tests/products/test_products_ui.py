"""Choosing what was bought at the counter: quick keys, taps, chips, Enter books as before."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction

from shopkeeper.services import products
from shopkeeper.services.summary import customer_summary
from shopkeeper.storage.database import Database
from shopkeeper.ui.main_window import MainWindow
from tests.services.support import rows
from tests.ui.conftest import Shop, press_enter, send_key
from tests.ui.test_booking import open_customer


@pytest.fixture
def stocked(db: Database) -> Database:
    products.add_product(db, name="Rye loaf", quick_key="r")
    products.add_product(db, name="Oat latte", quick_key="l")
    products.add_product(db, name="Bouquet", quick_key="F10")
    return db


@pytest.fixture
def window(
    qtbot, stocked: Database, shop: Shop, qsettings: QSettings
) -> Iterator[MainWindow]:
    win = MainWindow(stocked, qsettings)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close()


def key(widget, ch: str) -> None:
    send_key(widget, Qt.Key(ord(ch.upper())), ch, 0)


def test_two_keys_and_enter_store_the_items_and_the_profile_says_usually_buys(
    qtbot, window: MainWindow, db: Database, shop: Shop
) -> None:
    open_customer(qtbot, window, shop.ona)
    profile = window.counter_view.profile
    booking = profile.booking
    assert booking.items.isVisible()
    assert not profile.buying.isVisible()
    qtbot.keyClicks(booking.amount, "8.40")
    key(booking.amount, "r")
    key(booking.amount, "l")
    key(booking.amount, "R")  # twice: two loaves (Shift or not)
    assert booking.amount.text() == "8.40"  # the keys chose items, typed nothing
    assert booking.items.chip_texts() == ["Rye loaf ×2", "Oat latte"]
    press_enter(qtbot, booking.amount)
    assert booking.result.text().startswith("+8 points")
    visit_id = rows(db, "visit")[-1][0]
    assert sorted(r for r in rows(db, "visit_item")) == [(visit_id, 1, 2), (visit_id, 2, 1)]
    assert booking.items.chip_texts() == []  # the next booking starts empty
    assert profile.buying.isVisible()
    assert profile.buying.text() == (
        "Usually buys: Rye loaf, Oat latte · Last time: Rye loaf ×2, Oat latte"
    )
    assert customer_summary(db, shop.ona).usual_items == ["Rye loaf", "Oat latte"]


def test_backspace_takes_the_last_item_back_then_edits_the_amount(
    qtbot, window: MainWindow, db: Database, shop: Shop
) -> None:
    open_customer(qtbot, window, shop.jonas)
    booking = window.counter_view.profile.booking
    qtbot.keyClicks(booking.amount, "3.5")
    key(booking.amount, "l")
    key(booking.amount, "r")
    qtbot.keyClick(booking.amount, Qt.Key.Key_Backspace)
    assert booking.items.chip_texts() == ["Oat latte"]
    qtbot.keyClick(booking.amount, Qt.Key.Key_Backspace)
    qtbot.keyClick(booking.amount, Qt.Key.Key_Backspace)  # none left to take back: the amount
    assert booking.items.chip_texts() == []
    assert booking.amount.text() == "3."
    qtbot.keyClicks(booking.amount, "0")
    send_key(booking.amount, Qt.Key.Key_F10, "", 0)
    booking.items.buttons[2].click()  # a tap on "Oat latte (l)"
    booking.items.buttons[2].click()
    assert booking.items.chip_texts() == ["Bouquet", "Oat latte ×2"]
    booking.items.chips[1].click()  # a chip's click takes one back
    assert booking.items.chip_texts() == ["Bouquet", "Oat latte"]
    booking.items.chips[1].click()
    assert booking.items.chip_texts() == ["Bouquet"]
    assert booking.amount.hasFocus()
    press_enter(qtbot, booking.amount)
    visit_id = rows(db, "visit")[-1][0]
    assert rows(db, "visit_item") == [(visit_id, 3, 1)]


def test_booking_without_items_is_as_before(
    qtbot, window: MainWindow, db: Database, shop: Shop
) -> None:
    open_customer(qtbot, window, shop.john)
    booking = window.counter_view.profile.booking
    qtbot.keyClicks(booking.amount, "12.50")
    press_enter(qtbot, booking.amount)
    assert booking.result.text() == "+12 points · balance 62 · Bronze"
    assert rows(db, "visit_item") == []
    assert not window.counter_view.profile.buying.isVisible()


def test_a_shop_without_products_sees_no_item_row(
    qtbot, db: Database, shop: Shop, qsettings: QSettings
) -> None:
    win = MainWindow(db, qsettings)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    open_customer(qtbot, win, shop.ona)
    booking = win.counter_view.profile.booking
    assert not booking.items.isVisible()
    qtbot.keyClicks(booking.amount, "12.5x")
    assert "is not an amount" in booking.preview.text()  # letters still reach the amount
    # a product added elsewhere (the Products editor) appears without reopening the window
    win.operations.write(products.add_product, what="product", name="Tea", quick_key="t")
    assert booking.items.isVisible() and booking.items.buttons[1].text() == "Tea (t)"
    win.close()


def test_the_products_editor_adds_edits_and_retires_and_the_counter_follows(
    qtbot, db: Database, shop: Shop, qsettings: QSettings
) -> None:
    win = MainWindow(db, qsettings)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    tab = win.settings_view.ensure_built().products
    tab.name.setText("Rye loaf")
    tab.key.setText("r")
    tab.category.setText("bread")
    tab.add_button.click()
    assert tab.message.text() == "Rye loaf added."
    tab.name.setText("rye LOAF")
    tab.key.setText("x")
    tab.add_button.click()
    assert tab.message.text() == "There is already a product called 'Rye loaf'."
    assert [(p.name, p.quick_key, p.category) for p in products.list_products(db)] == [
        ("Rye loaf", "r", "bread")
    ]
    booking = win.counter_view.profile.booking
    assert booking.items.buttons[1].text() == "Rye loaf (r)"
    tab.table.selectRow(0)
    assert tab.name.text() == "Rye loaf"
    tab.key.setText("7")
    tab.save_button.click()
    assert "typed in amounts" in tab.message.text()
    tab.key.setText("d")
    tab.active.setChecked(False)
    tab.save_button.click()
    assert tab.table.item(0, 3).text() == "no"
    assert products.list_products(db) == []
    assert not booking.items.isVisible()  # nothing left to offer at the counter
    win.close()


def test_no_product_key_can_be_a_key_the_window_already_uses(qtbot, window) -> None:  # noqa: ANN001
    """F2-F8 switch screens and F9 asks for feedback: a product may not take them."""
    from shopkeeper.domain.products import WINDOW_F_KEYS
    from shopkeeper.ui.counter.feedback import QUESTION_KEY

    used = {
        action.shortcut().toString()
        for action in window.findChildren(QAction)
        if action.shortcut().toString().startswith("F")
    }
    assert used | {QUESTION_KEY} <= WINDOW_F_KEYS

"""The back office in the main window: the customer list (F5) opens a customer at the counter,
and the programme settings (F7) show what is stored; neither is built before it is asked for."""

from __future__ import annotations

from PySide6.QtCore import Qt

from shopkeeper.services import visits
from shopkeeper.ui.customers.list_view import CustomerListView
from shopkeeper.ui.main_window import MainWindow
from shopkeeper.ui.reports import ReportsView
from shopkeeper.ui.settings import SettingsView


def _row_of(view: CustomerListView, card: str) -> int:
    model = view.model
    return next(r for r in range(model.rowCount()) if model.row_at(r).card_number == card)


def test_customer_list_opens_the_customer_at_the_counter(qtbot, window: MainWindow, db, shop):
    assert window.customers_view.content is None and window.settings_view.content is None
    qtbot.keyClick(window, Qt.Key.Key_F5)
    view = window.customers_view.content
    assert isinstance(view, CustomerListView)
    assert view.model.rowCount() == 5
    index = view.model.index(_row_of(view, shop.meiling), 0)
    view.table.doubleClicked.emit(index)
    assert window.current_view() == "counter"
    assert window.counter_view.profile.name.text() == "陳美玲"


def test_customer_list_shows_bookings_made_at_the_counter(qtbot, window: MainWindow, db, shop):
    qtbot.keyClick(window, Qt.Key.Key_F5)
    view = window.customers_view.content
    before = view.model.row_at(_row_of(view, shop.john)).points_balance
    window.show_view("counter")
    visits.record_visit(db, card_number=shop.john, amount_cents=2000)
    window.show_view("customers")
    assert view.model.row_at(_row_of(view, shop.john)).points_balance == before + 20


def test_programme_settings_screen(qtbot, window: MainWindow):
    qtbot.keyClick(window, Qt.Key.Key_F7)
    assert window.current_view() == "settings"
    assert isinstance(window.settings_view.content, SettingsView)


def test_reports_screen_shows_figures_at_first_look(qtbot, window: MainWindow):
    qtbot.keyClick(window, Qt.Key.Key_F6)
    assert window.current_view() == "reports"
    view = window.reports_view.content
    assert isinstance(view, ReportsView)
    qtbot.waitUntil(lambda: view.model.rowCount() > 0, timeout=10_000)  # no click needed
    figures = {view.model.index(r, 0).data(): r for r in range(view.model.rowCount())}
    right = int((Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter).value)
    for row in figures.values():  # every value, whole numbers, amounts or shares, on the right
        index = view.model.index(row, 1)
        if index.data():
            assert index.data(Qt.ItemDataRole.TextAlignmentRole) == right, index.data()

"""Reports read like figures: money in the shop's currency with thousands separators, a chart
with a legend and axes, a call list that says where it stops, rows that open the customer."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QColor

from shopkeeper.domain.figures import Money, Share
from shopkeeper.present.numbers import Numbers, money, number, share, shop_locale
from shopkeeper.present.tables import cell_text
from shopkeeper.services import reports as r
from shopkeeper.services import visits
from shopkeeper.services.report_export import run_table
from shopkeeper.ui.main_window import MainWindow
from shopkeeper.ui.operations import Operations
from shopkeeper.ui.reports import screen


def test_money_and_numbers_take_the_locale() -> None:
    assert money(25_357_570, "EUR", "en") == "€253,575.70"
    assert money(25_357_570, "EUR", "lt") == "253\xa0575,70\xa0€"
    assert money(-5, "EUR", "en") == "-€0.05"
    assert number(1_234_567, "en") == "1,234,567"
    assert number(7.25, "en", decimals=1) == "7.2" or number(7.25, "en", decimals=1) == "7.3"
    assert share(43.6, "en") == "43.6%"
    assert shop_locale("LT") == "en_LT"  # English words, the shop's own number formats
    assert shop_locale("lt", "lt") == "lt_LT"
    assert shop_locale("XX") == "en" and shop_locale(None) == "en"
    assert Numbers.for_shop("LT", "EUR").money(125_050) == "1\xa0250,50\xa0€"
    assert cell_text(Share(12.5), Numbers()) == "12.5%" and cell_text(None, Numbers()) == ""


def test_report_tables_hold_raw_values_not_text(db, shop) -> None:  # noqa: ANN001
    result, table = run_table(db, "summary")
    spend = dict(table.rows)["Spend"]
    assert spend == Money(result.spend_cents)  # a value, formatted only where shown
    _result, calls = run_table(db, "at-risk")
    assert calls.cards == (shop.big, shop.weekly)
    assert calls.total_rows == 2 and not calls.truncated


def test_the_screen_formats_money_and_never_parses_text(qtbot, db, shop) -> None:  # noqa: ANN001
    for amount in (61_725, 61_725):  # two catering orders
        visits.record_visit(db, card_number=shop.john, amount_cents=amount)
    operations = Operations(db)
    view = screen.ReportsView(operations, db)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitUntil(lambda: view.table.title.startswith("Summary"), timeout=5000)
    shown = {
        view.model.index(row, 0).data(): view.model.index(row, 1).data()
        for row in range(view.model.rowCount())
    }
    cents = view.result.spend_cents
    assert cents == 148_450
    assert shown["Spend"] == "1\xa0484,50\xa0€"  # a shop in Lithuania (country LT)
    assert view.model.index(4, 1).data(Qt.ItemDataRole.TextAlignmentRole) is not None
    operations.shutdown()


def test_the_chart_has_a_legend_and_axes(qtbot, db, shop) -> None:  # noqa: ANN001
    operations = Operations(db)
    view = screen.ReportsView(operations, db)
    qtbot.addWidget(view)
    view.resize(1000, 700)
    view.show()
    view.choose("points")
    qtbot.waitUntil(lambda: view.table.title.startswith("Points"), timeout=5000)
    chart = view.chart
    assert [name for name, _colour in chart.legend()] == ["Issued", "Redeemed", "Expired"]
    assert chart.axis_title == "Month"
    assert screen.nice_ticks(237) == [0, 100, 200, 300]
    image = chart.grab().toImage()
    top_band = {
        image.pixelColor(x, y).name()
        for x in range(image.width() // 2, image.width())
        for y in range(0, 30)
    }
    for _name, colour in chart.legend():  # each series' swatch is painted in the legend
        assert QColor(colour).name() in top_band
    left_band = {image.pixelColor(x, y).name() for x in range(0, 40) for y in range(image.height())}
    assert len(left_band) > 2  # tick labels drawn beside the value axis
    view.choose("activity")
    qtbot.waitUntil(lambda: view.table.title.startswith("Visits"), timeout=5000)
    assert chart.tick_text(50) == "50"
    operations.shutdown()


def test_who_to_call_says_where_it_stops_and_shows_the_rest(qtbot, db, shop) -> None:  # noqa: ANN001
    operations = Operations(db)
    view = screen.ReportsView(operations, db)
    qtbot.addWidget(view)
    view.row_limit = 1  # the same as 200 rows of a bigger shop
    view.show()
    view.choose("at-risk")
    qtbot.waitUntil(lambda: view.table.title.startswith("Who to call"), timeout=5000)
    assert view.model.rowCount() == 1
    assert view.limit_note.isVisible() and view.all_button.isVisible()
    assert view.limit_note.text() == "Showing the first 1 of 2 customers."
    view.all_button.click()
    qtbot.waitUntil(lambda: view.model.rowCount() == 2, timeout=5000)
    assert not view.limit_note.isVisible() and not view.all_button.isVisible()
    assert r.CALL_LIST_LIMIT == 200
    operations.shutdown()


def test_double_clicking_a_customer_row_opens_them_at_the_counter(
    qtbot, db, shop, tmp_path  # noqa: ANN001
) -> None:
    window = MainWindow(db, QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.show()
    window.show_view("reports")
    view = window.reports_view.content
    view.choose("at-risk")
    qtbot.waitUntil(lambda: view.table.title.startswith("Who to call"), timeout=5000)
    rect = view.view.visualRect(view.sorted.mapFromSource(view.model.index(1, 1)))
    qtbot.mouseClick(view.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.current_view() == "counter"
    qtbot.waitUntil(lambda: window.counter.profile.summary is not None, timeout=5000)
    assert window.counter.profile.summary.card_number == shop.weekly
    window.close()

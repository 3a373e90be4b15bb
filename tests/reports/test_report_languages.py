"""Reports in the shop's language: the same raw figures, formatted and worded for a shop in
Vilnius, Shanghai or Taipei; columns of figures sort by value, never by their text."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from shopkeeper import i18n
from shopkeeper.cli.main import main
from shopkeeper.domain.figures import Money
from shopkeeper.services import programme, visits
from shopkeeper.services.report_export import run_table, write_csv
from shopkeeper.ui.operations import Operations
from shopkeeper.ui.reports import screen
from tests.i18n.leftovers import english_leftovers


def _open(qtbot, db, report: str, title: str):  # noqa: ANN001, ANN202
    operations = Operations(db)
    view = screen.ReportsView(operations, db)
    qtbot.addWidget(view)
    view.resize(1000, 700)
    view.show()
    qtbot.waitUntil(lambda: view.table.title.startswith("Summary"), timeout=5000)
    first = view.table
    view.choose(report)
    if report != "summary":
        qtbot.waitUntil(lambda: view.table is not first, timeout=5000)
    qtbot.waitUntil(lambda: view.table.title.startswith(title), timeout=5000)
    return view, operations


def _shown(view) -> dict[str, str]:  # noqa: ANN001
    return {
        view.model.index(row, 0).data(): view.model.index(row, 1).data()
        for row in range(view.model.rowCount())
    }


def test_the_screen_speaks_lithuanian_money_and_words(qtbot, db, shop, catalogs) -> None:  # noqa: ANN001
    for amount in (61_725, 61_725):  # two catering orders
        visits.record_visit(db, card_number=shop.john, amount_cents=amount)
    i18n.set_language("lt")
    view, operations = _open(qtbot, db, "summary", "Summary")
    shown = _shown(view)
    assert view.result.spend_cents == 148_450
    assert shown["Išleista"] == "1\xa0484,50\xa0€"  # "Spend", as a Vilnius shop writes it
    assert view.title.text().startswith("Suvestinė 2025-12-01")
    header = view.model.headerData(0, Qt.Orientation.Horizontal)
    assert header == "Rodiklis"
    assert view.choice.currentText() == "Suvestinė"
    view.choose("points")
    qtbot.waitUntil(lambda: view.table.title.startswith("Points"), timeout=5000)
    assert view.chart.labels[-1] == "2026 m. lapkritis"
    assert [name for name, _c in view.chart.legend()] == ["Išduota", "Iškeista", "Baigė galioti"]
    operations.shutdown()


def test_the_screen_speaks_both_chinese_scripts(qtbot, db, shop, catalogs) -> None:  # noqa: ANN001
    for amount in (61_725, 61_725):  # two catering orders
        visits.record_visit(db, card_number=shop.john, amount_cents=amount)
    i18n.set_language("zh-Hans")
    view, operations = _open(qtbot, db, "summary", "Summary")
    assert _shown(view)["消费金额"] == "€1,484.50"
    assert view.status.text() == "共 15 行。"  # NPS and its responses for the old average
    view.choose("at-risk")
    qtbot.waitUntil(lambda: view.table.title.startswith("Who to call"), timeout=5000)
    assert view.title.text() == "该联系谁：超过平时到店间隔的常客"
    why = view.model.index(0, 9).data()
    assert why.startswith("通常每") and why.endswith("天")
    operations.shutdown()
    i18n.set_language("zh-Hant")
    view, operations = _open(qtbot, db, "points", "Points")
    assert view.chart.labels[-1] == "2026年11月"
    assert view.model.headerData(3, Qt.Orientation.Horizontal) == "已兌換"
    operations.shutdown()


def test_numeric_columns_sort_by_value_not_by_text(qtbot, db, shop, catalogs) -> None:  # noqa: ANN001
    i18n.set_language("lt")
    view, operations = _open(qtbot, db, "at-risk", "Who to call")
    rows, days = view.sorted, 4
    view.view.sortByColumn(days, Qt.SortOrder.DescendingOrder)
    first = rows.index(0, days)
    assert first.data(screen.RAW_ROLE) == max(r.days_since_last for r in view.result.rows)
    opened: list[str] = []
    view.open_customer.connect(opened.append)
    view._double_clicked(first)  # the row shown is the customer opened
    assert opened == [rows.index(0, 0).data()]

    visits.record_visit(db, card_number=shop.weekly, amount_cents=99_900)  # 999,00 €
    for amount in (62_525, 62_525):
        visits.record_visit(db, card_number=shop.big, amount_cents=amount)  # 1 250,50 € more
    view.choose("activity")
    qtbot.waitUntil(lambda: view.table.title.startswith("Visits and spend"), timeout=5000)
    spend = 3
    assert view.model.headerData(spend, Qt.Orientation.Horizontal) == "Išleista"
    view.view.sortByColumn(spend, Qt.SortOrder.AscendingOrder)
    raw = [rows.index(row, spend).data(screen.RAW_ROLE) for row in range(rows.rowCount())]
    texts = [rows.index(row, spend).data() for row in range(rows.rowCount())]
    assert raw == sorted(raw) and all(isinstance(value, Money) for value in raw)
    assert len(set(raw)) > 2 and raw[-1] == Money(max(r.spend_cents for r in view.result.rows))
    assert texts != sorted(texts)  # as text, "1 xxx,xx €" would come before "30,00 €"
    operations.shutdown()


def test_a_csv_export_has_translated_headers_and_raw_cells(db, shop, catalogs, tmp_path) -> None:  # noqa: ANN001
    i18n.set_language("lt")
    _result, table = run_table(db, "activity")
    path = write_csv(table, tmp_path / "activity.csv")
    rows = list(csv.reader(path.open(encoding="utf-8-sig")))
    assert rows[0] == ["Mėnuo", "Apsilankymai", "Klientai", "Išleista"]
    november = next(row for row in rows if row[0] == "2026-11")
    cents = next(row[3].cents for row in table.rows if row[0] == "2026-11")
    assert float(november[3]) * 100 == cents  # a number a spreadsheet adds up, not "12,50 €"


def _report(capsys, db_path: Path, *args: str) -> str:  # noqa: ANN001
    capsys.readouterr()
    period = ("--from", "2026-07-01", "--to", "2026-11-30")
    code = main(["--db", str(db_path), *args, "report", "summary", *period])
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


def test_the_cli_report_in_english_and_lithuanian(
    db, shop, db_path, catalogs, capsys, monkeypatch  # noqa: ANN001
) -> None:
    for amount in (61_725, 61_725):  # two catering orders
        visits.record_visit(db, card_number=shop.john, amount_cents=amount)
    db.dispose()
    for name in ("SHOPKEEPER_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    english = _report(capsys, db_path, "--lang", "en").splitlines()
    assert english[0] == "Summary 01/07/2026 – 30/11/2026"  # English words, dates of LT
    assert english[1].split() == ["Figure", "Value"]
    spend = next(line for line in english if line.startswith("Spend"))
    assert spend.endswith("1\xa0484,50\xa0€")  # English words, the euro as Lithuania writes it
    lithuanian = _report(capsys, db_path, "--lang", "lt").splitlines()
    assert lithuanian[0] == "Suvestinė 2026-07-01 – 2026-11-30"
    assert lithuanian[1].split() == ["Rodiklis", "Vertė"]
    spend = next(line for line in lithuanian if line.startswith("Išleista"))
    assert spend.endswith("1\xa0484,50\xa0€")
    i18n.set_language("en")


@pytest.mark.parametrize("tag", ["lt", "zh-Hans", "zh-Hant"])
@pytest.mark.parametrize("report", ["summary", "at-risk", "tiers"])
def test_the_reports_screen_has_no_english_left(qtbot, db, shop, catalogs, tag, report) -> None:  # noqa: ANN001
    i18n.set_language(tag)
    view, operations = _open(qtbot, db, report, "")
    data = {tier.name for tier in programme.load(db).tiers}
    found = english_leftovers(view, tag, data=data)
    assert found == []
    operations.shutdown()

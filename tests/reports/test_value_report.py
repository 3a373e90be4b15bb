"""The customer value report on a small shop whose figures are worked out by hand below."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from shopkeeper.cli.main import main
from shopkeeper.domain import value as rules
from shopkeeper.services import value_report
from shopkeeper.services.customers import archive_customer, create_customer
from shopkeeper.services.report_export import REPORTS, csv_text, run_table
from shopkeeper.services.visits import record_visit, reverse_visit
from shopkeeper.storage.database import Database
from tests.conftest import FakeClock

TODAY = datetime(2026, 11, 16, 10, 0, tzinfo=UTC)


def _join(db: Database, clock: FakeClock, name: str, days_ago: int, by: str | None = None) -> str:
    clock.set(TODAY - timedelta(days=days_ago))
    return create_customer(db, name=name, referred_by_card=by).card_number


def _visits(db: Database, clock: FakeClock, card: str, *euros: int) -> list[int]:
    ids = []
    for i, amount in enumerate(euros):
        clock.set(TODAY - timedelta(days=len(euros) - i))
        ids.append(record_visit(db, card_number=card, amount_cents=amount * 100).visit_id)
    return ids


@pytest.fixture
def shop(db: Database, clock: FakeClock) -> dict[str, str]:
    """Active members (11):
    Ona      joined 304 days ago; visits 10, 30, 60 €       = 100 €, × 10 (first 10 €)
    Jonas    brought by Ona, 184 days; 20, 20 € (+100 € reversed) = 40 €, × 2
    Marytė   brought by Ona, 10 days; one visit of 50 €     = 50 €
    Lina     brought by Jonas; 50 € reversed, then 5, 5, 5, 5 € = 20 €, × 4 (first live: 5 €)
    Petras and six more: no visit.
    Archived: Vytas, brought by Ona, 1000 € (left out of the members, kept in what Ona brought).
    """
    ona = _join(db, clock, "Ona", 304)
    jonas = _join(db, clock, "Jonas", 184, by=ona)
    maryte = _join(db, clock, "Marytė", 10, by=ona)
    lina = _join(db, clock, "Lina", 100, by=jonas)
    vytas = _join(db, clock, "Vytas", 50, by=ona)
    cards = {"ona": ona, "jonas": jonas, "maryte": maryte, "lina": lina, "vytas": vytas}
    cards["petras"] = _join(db, clock, "Petras", 0)
    for i in range(6):
        _join(db, clock, f"Naujas {i}", 3)
    _visits(db, clock, ona, 10, 30, 60)
    *_, refunded = _visits(db, clock, jonas, 20, 20, 100)
    reverse_visit(db, visit_id=refunded, reason="refund")
    first, *_ = _visits(db, clock, lina, 50, 5, 5, 5, 5)
    reverse_visit(db, visit_id=first, reason="mistake")
    _visits(db, clock, maryte, 50)
    _visits(db, clock, vytas, 1000)
    archive_customer(db, vytas)
    clock.set(TODAY)
    return cards


def test_the_figures_worked_out_by_hand(db: Database, shop: dict[str, str]) -> None:
    report = value_report.value(db)
    # 11 members spent 100 + 40 + 50 + 20 = 210 €; 21000 / 11 = 1909.09 -> 1909 cents each
    assert (report.customers, report.spend_cents, report.average_spend_cents) == (11, 21000, 1909)
    # top 10 % of 11 = ceil(1.1) = 2 customers: Ona 100 + Marytė 50 = 150 € of 210 = 71.4 %
    # top 20 % = ceil(2.2) = 3: + Jonas 40 = 190 € = 90.5 %
    assert [(t.percent, t.customers, t.spend_cents, t.share) for t in report.top] == [
        (10, 2, 15000, 71.4),
        (20, 3, 19000, 90.5),
    ]
    # multiples over 2+ visits: Ona 100/10 = 10, Jonas 40/20 = 2, Lina 20/5 = 4
    assert report.repeat_customers == 3
    assert (report.median_multiple, report.mean_multiple) == (4.0, 5.33)
    rows = {row.name: row for row in report.rows}
    assert [row.name for row in report.rows[:4]] == ["Ona", "Marytė", "Jonas", "Lina"]
    assert report.total == len(report.rows) == 11
    ona = rows["Ona"]
    # 304 days = 9.99 months of 30.4375 days: 10000 / 9.9877 = 1001.2 -> 1001 cents a month
    assert (ona.tenure_days, ona.visits, ona.spend_cents, ona.monthly_spend_cents) == (
        304, 3, 10000, 1001,
    )  # fmt: skip
    assert (ona.first_visit_cents, ona.multiple, ona.brought) == (1000, 10.0, 3)
    # ten days count as a whole month
    assert (rows["Marytė"].monthly_spend_cents, rows["Marytė"].first_visit_cents) == (5000, 5000)
    assert rows["Marytė"].multiple is None  # one visit: no multiple
    assert (rows["Lina"].first_visit_cents, rows["Lina"].multiple) == (500, 4.0)
    assert (rows["Petras"].visits, rows["Petras"].first_visit_cents) == (0, None)
    assert "Vytas" not in rows  # archived
    # advocates: Ona brought Jonas 40 + Marytė 50 + Vytas 1000 (archived, but his money came)
    assert [(a.name, a.brought, a.brought_visited, a.brought_spend_cents)
            for a in report.advocates] == [("Ona", 3, 3, 109000),
                                           ("Jonas", 1, 1, 2000)]  # fmt: skip


def test_the_limit_lists_the_most_valuable_and_keeps_the_figures(
    db: Database, shop: dict[str, str]
) -> None:
    report = value_report.value(db, limit=2)
    assert [row.name for row in report.rows] == ["Ona", "Marytė"]
    assert report.total == 11
    assert report.top[0].share == 71.4
    assert [a.name for a in report.advocates] == ["Ona", "Jonas"]


def test_an_empty_shop_has_no_figures_to_divide(db: Database) -> None:
    report = value_report.value(db)
    assert (report.customers, report.spend_cents, report.average_spend_cents) == (0, 0, None)
    assert [t.share for t in report.top] == [None, None]
    assert (report.median_multiple, report.mean_multiple, report.advocates) == (None, None, [])
    _, table = run_table(db, "value")
    assert table.rows == ()
    assert any("Nobody has brought" in str(note) for note in table.notes)


def test_the_rules_on_plain_numbers() -> None:
    assert [rules.top_count(n, 10) for n in (0, 1, 5, 10, 11, 100)] == [0, 1, 1, 1, 2, 10]
    assert rules.top_share([0, 0], 10) is None
    assert rules.top_share([900, 100, 0, 0, 0, 0, 0, 0, 0, 0], 10) == 90.0
    assert rules.monthly_spend(3000, 0) == 3000
    assert rules.monthly_spend(3000, 91) == round(3000 / (91 / rules.DAYS_PER_MONTH))
    assert rules.multiple(1000, 0) is None
    assert rules.multiples_summary([1.0, 2.0, 6.0, 7.0]) == (4.0, 4.0)


def test_the_report_is_listed_and_its_table_names_the_customers(
    db: Database, shop: dict[str, str]
) -> None:
    assert "value" in REPORTS
    _, table = run_table(db, "value")
    assert table.cards[:2] == (shop["ona"], shop["maryte"])
    header = csv_text(table).splitlines()[0]
    assert header.startswith("Card,Name,Joined,Days with us,Visits,Lifetime spend")
    first = csv_text(table).splitlines()[1].split(",")
    assert first[:2] == [shop["ona"], "Ona"] and first[5] == "100.00"
    notes = [str(note) for note in table.notes]
    assert any("71.4" in note for note in notes)


def test_cli_value_json_keys(db: Database, shop: dict[str, str], db_path, capsys) -> None:  # noqa: ANN001
    db.dispose()  # the CLI opens the file itself (its clock is the real one)
    assert main(["report", "value", "--db", str(db_path), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert {
        "customers", "spend_cents", "average_spend_cents", "top", "repeat_customers",
        "median_multiple", "mean_multiple", "total", "rows", "advocates",
    } <= set(out)  # fmt: skip
    assert {"percent", "customers", "spend_cents", "share"} <= set(out["top"][0])
    assert {
        "card_number", "name", "joined", "tenure_days", "visits", "spend_cents",
        "monthly_spend_cents", "first_visit_cents", "multiple", "brought",
    } <= set(out["rows"][0])  # fmt: skip
    assert {"card_number", "name", "brought", "brought_visited", "brought_spend_cents"} <= set(
        out["advocates"][0]
    )
    assert out["spend_cents"] == 21000 and out["rows"][0]["name"] == "Ona"


def test_the_reports_screen_shows_who_is_worth_most(qtbot, db, shop) -> None:  # noqa: ANN001
    from shopkeeper.ui.operations import Operations
    from shopkeeper.ui.reports import screen

    operations = Operations(db)
    view = screen.ReportsView(operations, db)
    qtbot.addWidget(view)
    view.show()
    view.choose("value")
    qtbot.waitUntil(lambda: view.table.title.startswith("What a customer is worth"), timeout=5000)
    assert view.model.rowCount() == 11
    assert [view.model.index(r, 1).data() for r in range(2)] == ["Ona", "Marytė"]
    assert view.model.index(0, 5).data() == "100,00\xa0€"  # cents shown as the shop's money
    operations.shutdown()

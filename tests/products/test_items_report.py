"""The items report against figures worked out by hand on a two-customer shop."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from shopkeeper.cli.main import main
from shopkeeper.services import item_reports, products
from shopkeeper.services.customers import create_customer
from shopkeeper.services.report_export import run_table
from shopkeeper.services.visits import record_visit, reverse_visit
from shopkeeper.storage.database import Database
from tests.conftest import FakeClock


@pytest.fixture
def shop(db: Database, clock: FakeClock) -> dict[str, str]:
    products.add_product(db, name="Rye loaf", quick_key="r")
    products.add_product(db, name="Oat latte", quick_key="l")
    products.add_product(db, name="Bun", quick_key="b")
    ona = create_customer(db, name="Ona").card_number
    jonas = create_customer(db, name="Jonas").card_number
    now = clock.now  # 2026-11-16 10:00 UTC

    def visit(card: str, days: int, items: list, cents: int = 500) -> int:
        at = now - timedelta(days=days)
        return record_visit(
            db, card_number=card, amount_cents=cents, at=at, items=items or None
        ).visit_id

    visit(ona, 200, [("Rye loaf", 2), ("Oat latte", 1)])  # 2026-04-30
    visit(ona, 170, [("Rye loaf", 1)])  # 2026-05-30
    visit(ona, 140, [("Rye loaf", 1)])  # 2026-06-29: Ona's last loaf
    visit(ona, 120, [("Oat latte", 1)])  # 2026-07-19
    visit(ona, 10, [("Oat latte", 1)])  # 2026-11-06
    visit(jonas, 100, [("Bun", 1)])  # 2026-08-08
    visit(jonas, 5, [], cents=30_000)  # 300 points: Jonas is Silver
    visit(jonas, 3, [("Rye loaf", 1), ("Bun", 4)])  # 2026-11-13
    wrong = visit(jonas, 2, [("Oat latte", 5)])  # reversed: counted nowhere
    reverse_visit(db, visit_id=wrong, reason="wrong customer")
    return {"ona": ona, "jonas": jonas}


def test_top_items_per_month_and_tier_and_who_stopped(db: Database, shop: dict) -> None:
    report = item_reports.items(db)
    assert (report.start, report.end) == (date(2025, 12, 1), date(2026, 11, 16))
    assert [(f.group, f.product, f.visits, f.quantity, f.customers) for f in report.by_month] == [
        ("2026-04", "Rye loaf", 1, 2, 1),
        ("2026-04", "Oat latte", 1, 1, 1),
        ("2026-05", "Rye loaf", 1, 1, 1),
        ("2026-06", "Rye loaf", 1, 1, 1),
        ("2026-07", "Oat latte", 1, 1, 1),
        ("2026-08", "Bun", 1, 1, 1),
        ("2026-11", "Bun", 1, 4, 1),
        ("2026-11", "Oat latte", 1, 1, 1),
        ("2026-11", "Rye loaf", 1, 1, 1),
    ]
    assert [(f.group, f.product, f.visits, f.quantity, f.customers) for f in report.by_tier] == [
        ("Bronze", "Rye loaf", 3, 4, 1),
        ("Bronze", "Oat latte", 3, 3, 1),
        ("Silver", "Bun", 2, 5, 1),
        ("Silver", "Rye loaf", 1, 1, 1),
    ]
    assert [(s.card_number, s.name, s.product, s.visits_before) for s in report.stopped] == [
        (shop["ona"], "Ona", "Rye loaf", 3)
    ]
    assert report.stopped[0].last_bought.date() == date(2026, 6, 29)


def test_the_table_names_the_customer_who_stopped(db: Database, shop: dict) -> None:
    _report, table = run_table(db, "items")
    assert len(table.rows) == 9 + 4 + 1
    assert table.cards[-1] == shop["ona"]
    assert table.rows[-1][1:] == ("Rye loaf", 3, None, None, date(2026, 6, 29))


def test_a_regular_who_bought_lately_has_not_stopped(
    db: Database, shop: dict, clock: FakeClock
) -> None:
    record_visit(db, card_number=shop["ona"], amount_cents=300, items=[("Rye loaf", 1)])
    assert item_reports.items(db).stopped == []
    # 100 days on by the shop's clock, nothing bought since: the loaf (4 visits) and the latte
    # (3 visits: 300, 220 and 110 days ago by then) have both stopped; Jonas's bun (2) never
    # was a habit
    clock.advance(days=100)
    stopped = item_reports.items(db).stopped
    assert [(s.name, s.product, s.visits_before) for s in stopped] == [
        ("Ona", "Rye loaf", 4),
        ("Ona", "Oat latte", 3),
    ]


def test_report_items_json(db_path: Path, db: Database, shop: dict, capsys) -> None:
    capsys.readouterr()
    assert main(["--db", str(db_path), "report", "items", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["by_month"][0] == {
        "group": "2026-04", "product": "Rye loaf", "visits": 1, "quantity": 2, "customers": 1
    }
    # The command line's clock is the computer's, so "who stopped" is judged at its now.
    wall = Database.open(db_path)
    expected = [s.product for s in item_reports.items(wall).stopped]
    wall.dispose()
    assert [s["product"] for s in data["stopped"]] == expected
    assert "Rye loaf" in expected  # Ona's last loaf was in June

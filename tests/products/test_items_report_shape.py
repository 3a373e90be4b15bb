"""The items report's faster queries give, row for row, what the first ones gave: on a demo shop
(items on a share of visits, tiers, reversals), over the default year and a chosen period, and
on a shop with products but no item bought yet."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from shopkeeper.services import customers, item_reports, products
from shopkeeper.services.demo import build_demo_shop
from shopkeeper.services.visits import record_visit, reverse_visit
from shopkeeper.storage import tables as t
from shopkeeper.storage.database import Database
from tests.products import items_reference


@pytest.fixture
def demo(db: Database) -> Database:
    build_demo_shop(db, customers=240, months=20, seed=7)
    # a reversal and an archived regular, so both filters have something to leave out
    with db.read() as session:
        visit_id = session.exec(
            select(t.VisitItem.visit_id).order_by(t.VisitItem.visit_id.desc()).limit(1)
        ).one()
    reverse_visit(db, visit_id=visit_id, reason="wrong customer")
    stopped = item_reports.items(db).stopped
    assert stopped, "the demo shop should have customers who stopped buying something"
    customers.archive_customer(db, stopped[0].card_number)
    return db


def test_the_same_rows_as_the_first_queries_on_a_demo_shop(demo: Database) -> None:
    new, old = item_reports.items(demo), items_reference.items(demo)
    assert len(new.by_month) > 20 and len(new.by_tier) > 5 and new.stopped
    assert new == old


def test_the_same_rows_over_a_chosen_period(demo: Database) -> None:
    today = demo.now().date()
    start, end = date(today.year - 1, 3, 15), date(today.year, 2, 10)
    new = item_reports.items(demo, start=start, end=end)
    assert new == items_reference.items(demo, start=start, end=end)
    assert {f.group for f in new.by_month} <= {
        f"{y}-{m:02d}" for y in (today.year - 1, today.year) for m in range(1, 13)
    }


def test_products_but_no_item_bought_yet(db: Database) -> None:
    products.add_product(db, name="Rye loaf", quick_key="r")
    card = customers.create_customer(db, name="Ona").card_number
    record_visit(db, card_number=card, amount_cents=500)
    report = item_reports.items(db)
    assert (report.by_month, report.by_tier, report.stopped) == ([], [], [])
    assert report == items_reference.items(db)

"""Products and what a customer buys, against figures worked out by hand on a small shop."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from shopkeeper.domain.errors import InvalidInput, UnknownRecord
from shopkeeper.domain.products import Purchase, clean_quick_key, parse_item, usual_items
from shopkeeper.services import privacy, products
from shopkeeper.services.customers import create_customer
from shopkeeper.services.demo import build_demo_shop
from shopkeeper.services.summary import customer_summary
from shopkeeper.services.visits import record_visit, reverse_visit
from shopkeeper.storage.database import Database
from tests.conftest import FakeClock
from tests.services.support import rows, snapshot


def _shop(db: Database) -> None:
    products.add_product(db, name="Rye loaf", quick_key="r", category="bread")
    products.add_product(db, name="Oat latte", quick_key="l", category="coffee")
    products.add_product(db, name="Croissant 🥐", quick_key="F10")


# -- rules without a database ----------------------------------------------------------------
def test_quick_keys_are_one_character_or_a_free_f_key() -> None:
    assert clean_quick_key("R") == "r"
    assert clean_quick_key("f10") == "F10"
    assert clean_quick_key("") is None
    for bad in ("5", ".", ",", "-", " ", "ab", "F4", "F8", "F9", "F13", "\x07"):
        with pytest.raises(InvalidInput):
            clean_quick_key(bad)


def test_items_are_parsed_with_an_optional_quantity() -> None:
    assert parse_item("rye loaf:2") == ("rye loaf", 2)
    assert parse_item("latte") == ("latte", 1)
    assert parse_item("tea: green") == ("tea: green", 1)
    with pytest.raises(InvalidInput):
        parse_item("latte:0")


def test_usual_counts_visits_not_quantities_and_ties_go_to_the_latest() -> None:
    day = datetime(2026, 1, 1, tzinfo=UTC)
    bought = [
        Purchase("rye", 1, day, 5),  # five loaves once: still one visit
        Purchase("latte", 2, day + timedelta(days=1), 1),
        Purchase("bun", 3, day + timedelta(days=2), 1),
        Purchase("latte", 4, day + timedelta(days=3), 1),
        Purchase("rye", 5, day + timedelta(days=4), 1),
    ]
    # rye 2 visits (latest day 4), latte 2 (day 3), bun 1
    assert usual_items(bought) == ["rye", "latte", "bun"]
    assert usual_items(bought, limit=1) == ["rye"]
    # bought on the same visit: the larger quantity first, then by name
    same = [Purchase("tea", 9, day, 1), Purchase("bun", 9, day, 3), Purchase("cake", 9, day, 1)]
    assert usual_items(same) == ["bun", "cake", "tea"]


# -- the product list ---------------------------------------------------------------------------
def test_products_are_added_listed_edited_and_deactivated(db: Database) -> None:
    _shop(db)
    listed = products.list_products(db)
    assert [(p.name, p.quick_key, p.category) for p in listed] == [
        ("Rye loaf", "r", "bread"),
        ("Oat latte", "l", "coffee"),
        ("Croissant 🥐", "F10", None),
    ]
    products.edit_product(db, "rye LOAF", name="Rye loaf (dark)", quick_key="d")
    products.deactivate_product(db, "oat latte")
    assert [p.name for p in products.list_products(db)] == ["Rye loaf (dark)", "Croissant 🥐"]
    every = products.list_products(db, include_inactive=True)
    assert [(p.name, p.active) for p in every][1] == ("Oat latte", False)
    # the freed key may be taken by an active product; bringing the old one back then clashes
    products.add_product(db, name="Flat white", quick_key="l")
    with pytest.raises(InvalidInput, match="already picks Flat white"):
        products.edit_product(db, "Oat latte", active=True)


def test_clear_errors_change_nothing(db: Database) -> None:
    _shop(db)
    before = rows(db, "product")
    cases = [
        ({"name": "RYE LOAF"}, "already a product called"),
        ({"name": "Bun", "quick_key": "R"}, "already picks Rye loaf"),
        ({"name": "Bun", "quick_key": "7"}, "typed in amounts"),
        ({"name": "x" * 10_000_000}, "too long"),
        ({"name": "   "}, "needs a name"),
    ]
    for kwargs, message in cases:
        with pytest.raises(InvalidInput, match=message):
            products.add_product(db, **kwargs)
    with pytest.raises(UnknownRecord):
        products.edit_product(db, "Baguette", quick_key="b")
    assert rows(db, "product") == before


# -- booking with and without items -----------------------------------------------------------
def test_a_visit_stores_its_items_in_the_same_booking(db: Database) -> None:
    _shop(db)
    ona = create_customer(db, name="Ona")
    booked = record_visit(
        db, card_number=ona.card_number, amount_cents=820, items=[("rye loaf", 2), (3, 1)]
    )
    assert sorted(r[1:] for r in rows(db, "visit_item")) == [(1, 2), (3, 1)]
    assert {r[0] for r in rows(db, "visit_item")} == {booked.visit_id}
    assert [(i.name, i.quantity) for i in products.visit_items(db, booked.visit_id)] == [
        ("Rye loaf", 2),
        ("Croissant 🥐", 1),
    ]


def test_a_visit_without_items_is_booked_as_before(db: Database) -> None:
    _shop(db)
    ona = create_customer(db, name="Ona")
    booked = record_visit(db, card_number=ona.card_number, amount_cents=1299)
    assert (booked.points_earned, booked.points_balance) == (12, 62)
    assert rows(db, "visit_item") == []
    assert customer_summary(db, ona.card_number).usual_items == []


@pytest.mark.parametrize(
    ("items", "message"),
    [
        ([("baguette", 1)], "no product 'baguette'"),
        ([("rye loaf", 1), ("Rye Loaf", 2)], "listed twice"),
        ([("rye loaf", 0)], "between 1 and"),
        ([(999, 1)], "no product 999"),
    ],
)
def test_a_bad_item_books_nothing(db: Database, items: list, message: str) -> None:
    _shop(db)
    ona = create_customer(db, name="Ona")
    before = snapshot(db)
    with pytest.raises((InvalidInput, UnknownRecord), match=message):
        record_visit(db, card_number=ona.card_number, amount_cents=500, items=items)
    assert snapshot(db) == before
    assert rows(db, "visit_item") == []


def test_an_inactive_product_cannot_be_booked(db: Database) -> None:
    _shop(db)
    products.deactivate_product(db, "Oat latte")
    ona = create_customer(db, name="Ona")
    with pytest.raises(InvalidInput, match="no longer sold"):
        record_visit(db, card_number=ona.card_number, amount_cents=500, items=[("oat latte", 1)])


def test_the_same_request_twice_stores_the_items_once(db: Database) -> None:
    _shop(db)
    ona = create_customer(db, name="Ona")
    for _ in range(2):
        record_visit(
            db, card_number=ona.card_number, amount_cents=500, items=[(1, 1)], request_id="form-1",
        )
    assert len(rows(db, "visit")) == 1 and len(rows(db, "visit_item")) == 1


# -- usual and last items, by hand ------------------------------------------------------------
def test_usual_and_last_items_on_a_small_shop(db: Database, clock: FakeClock) -> None:
    _shop(db)
    ona = create_customer(db, name="Ona")
    card = ona.card_number
    start = clock.now

    def visit(days_ago: int, items: list) -> int:
        clock.set(start)
        booked = record_visit(
            db, card_number=card, amount_cents=500, at=start - timedelta(days=days_ago),
            items=items,
        )
        return booked.visit_id

    visit(400, [("Oat latte", 1)])  # outside the 12 months: not counted
    visit(400, [("Oat latte", 1)])
    visit(300, [("Rye loaf", 3)])  # one visit, three loaves
    visit(200, [("Oat latte", 1)])
    visit(100, [("Croissant 🥐", 1), ("Rye loaf", 1)])
    visit(50, [("Oat latte", 2)])
    visit(20, [])  # no items: "last time" is the visit before
    # in 12 months: latte 2 visits (latest 50 days ago), rye 2 (latest 100), croissant 1
    assert products.usual_items(db, card) == ["Oat latte", "Rye loaf", "Croissant 🥐"]
    assert [(i.name, i.quantity) for i in products.last_items(db, card)] == [("Oat latte", 2)]
    summary = customer_summary(db, card)
    assert summary.usual_items == ["Oat latte", "Rye loaf", "Croissant 🥐"]
    assert [(i.name, i.quantity) for i in summary.last_items] == [("Oat latte", 2)]

    # a year on by the shop's clock, only the latest visits still count
    clock.set(start + timedelta(days=300))
    assert products.usual_items(db, card) == ["Oat latte"]


def test_undo_keeps_the_items_with_the_reversed_visit(db: Database, clock: FakeClock) -> None:
    _shop(db)
    ona = create_customer(db, name="Ona")
    first = record_visit(
        db, card_number=ona.card_number, amount_cents=500, items=[("Rye loaf", 1)]
    )
    clock.advance(hours=1)
    second = record_visit(
        db, card_number=ona.card_number, amount_cents=500, items=[("Oat latte", 1)]
    )
    reverse_visit(db, visit_id=second.visit_id, reason="wrong customer")
    # the reversed visit keeps its row and its items, but no longer counts
    assert len(rows(db, "visit_item")) == 2
    assert [i.name for i in products.visit_items(db, second.visit_id)] == ["Oat latte"]
    assert products.usual_items(db, ona.card_number) == ["Rye loaf"]
    assert [i.name for i in products.last_items(db, ona.card_number)] == ["Rye loaf"]
    assert first.visit_id != second.visit_id


def test_a_renamed_product_shows_its_new_name_in_the_history(db: Database) -> None:
    _shop(db)
    ona = create_customer(db, name="Ona")
    record_visit(db, card_number=ona.card_number, amount_cents=500, items=[("Rye loaf", 1)])
    products.edit_product(db, "Rye loaf", name="Sourdough rye")
    assert products.usual_items(db, ona.card_number) == ["Sourdough rye"]


def test_the_demo_shop_has_products_in_its_language_and_regulars_who_usually_buy(
    db: Database,
) -> None:
    build_demo_shop(db, customers=60, months=12, seed=3, locale="lt")
    listed = products.list_products(db)
    assert [p.name for p in listed][:2] == ["Ruginė duona", "Kava su pienu"]
    visits, with_items = len(rows(db, "visit")), len({r[0] for r in rows(db, "visit_item")})
    assert 0.1 * visits < with_items < 0.6 * visits  # a share of the visits, not all
    with db.engine.connect() as connection:
        cards = connection.execute(
            text(
                "SELECT DISTINCT c.card_number FROM customer c JOIN visit v "
                "ON v.customer_id = c.id JOIN visit_item i ON i.visit_id = v.id "
                "WHERE c.archived_at IS NULL"
            )
        ).scalars().all()
    usual = [customer_summary(db, card).usual_items for card in cards]
    assert sum(1 for u in usual if u) >= len(cards) // 2 > 0


def test_the_customers_own_copy_lists_what_they_bought(db: Database, tmp_path: Path) -> None:
    _shop(db)
    ona = create_customer(db, name="Ona")
    record_visit(
        db, card_number=ona.card_number, amount_cents=820, items=[("Oat latte", 1), ("Rye loaf", 2)]
    )
    record_visit(db, card_number=ona.card_number, amount_cents=300)
    path = privacy.export_customer_data(db, ona.card_number, tmp_path / "ona.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert [v["items"] for v in data["visits"]] == ["Rye loaf:2; Oat latte:1", ""]

"""The letters' {favourite}: the product a customer buys most often."""

from __future__ import annotations

from datetime import UTC, datetime

from shopkeeper.domain.calendar import Month
from shopkeeper.domain.letters import fill
from shopkeeper.printing.letters import values_for
from shopkeeper.services import letters, products
from shopkeeper.services.customers import create_customer
from shopkeeper.services.visits import record_visit
from shopkeeper.storage.database import Database
from tests.conftest import FakeClock


def _customer(db: Database, name: str) -> str:
    return create_customer(
        db, name=name, address="Pilies g. 5\nVilnius", letters_consent=True, language="en"
    ).card_number


def test_a_letter_names_the_favourite_and_says_nothing_without_one(
    db: Database, clock: FakeClock
) -> None:
    products.add_product(db, name="Rye loaf", quick_key="r")
    products.add_product(db, name="Oat latte", quick_key="l")
    ona, zoe = _customer(db, "Ona Žemaitė"), _customer(db, "Zoë Faure")
    for day, items in ((2, [("Oat latte", 1)]), (5, [("Rye loaf", 1)]), (9, [("Rye loaf", 2)])):
        at = datetime(2026, 11, day, 10, tzinfo=UTC)
        record_visit(db, card_number=ona, amount_cents=500, at=at, items=items)
    record_visit(db, card_number=zoe, amount_cents=500, at=datetime(2026, 11, 3, tzinfo=UTC))
    saved = letters.save_letter_template(
        db, "en", intro="We have your {favourite} ready, {first_name}."
    )
    assert "{favourite}" in saved.intro
    clock.set(datetime(2026, 12, 1, 8, 0, tzinfo=UTC))
    plan = letters.plan_letters(db, Month(2026, 11))
    by_card = {letter.card_number: letter for letter in plan.letters}
    assert by_card[ona].favourite == "Rye loaf"
    assert by_card[zoe].favourite == ""
    text = fill(plan.templates["en"].intro, values_for(plan, by_card[ona]))
    assert text == "We have your Rye loaf ready, Ona."

"""The shop's programme: defaults for a new shop, rules and tiers changed safely."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from shopkeeper.domain.errors import InvalidInput
from shopkeeper.domain.tiers import Tier
from shopkeeper.services import programme
from shopkeeper.services.customers import create_customer
from shopkeeper.services.rewards import add_reward
from shopkeeper.services.visits import record_visit
from shopkeeper.storage.database import Database
from tests.services.support import snapshot


def test_a_new_shop_gets_a_working_programme_once(db: Database) -> None:
    prog = programme.load(db)
    assert (prog.shop.name, prog.shop.country, prog.shop.currency) == ("Test Bakery", "LT", "EUR")
    assert [(t.name, t.threshold, t.multiplier) for t in prog.tiers] == [
        ("Bronze", 0, Decimal("1")),
        ("Silver", 250, Decimal("1.25")),
        ("Gold", 750, Decimal("1.5")),
    ]
    assert (prog.rules.welcome_bonus, prog.rules.expiry_months) == (50, 12)
    before = snapshot(db)
    assert programme.ensure_defaults(db, shop_name="Other") is False
    assert snapshot(db) == before


def test_rules_change_for_future_visits_only(db: Database) -> None:
    card = create_customer(db, name="Ona").card_number
    record_visit(db, card_number=card, amount_cents=1_000)
    rules = programme.update_rules(db, points_per_unit=Decimal("2"), rounding="up")
    assert programme.load(db).rules == rules
    assert record_visit(db, card_number=card, amount_cents=1_001).points_earned == 21
    assert record_visit(db, card_number=card, amount_cents=100).points_balance == 50 + 10 + 21 + 2


def test_bad_rules_and_shop_settings_are_refused(db: Database) -> None:
    before = snapshot(db)
    with pytest.raises(InvalidInput, match="Unknown earning rule: colour"):
        programme.update_rules(db, colour="red")
    with pytest.raises(InvalidInput, match="Unknown rounding"):
        programme.update_rules(db, rounding="sideways")
    with pytest.raises(InvalidInput, match="needs a name"):
        programme.update_shop(db, name=" ")
    assert snapshot(db) == before
    assert programme.update_shop(db, country="tw").country == "TW"


def test_tiers_can_be_renamed_added_and_removed(db: Database) -> None:
    bronze, silver, gold = programme.load(db).tiers
    saved = programme.replace_tiers(
        db, [bronze, replace(silver, name="Sidabras", threshold=300), Tier(0, "Platinum", 2000)]
    )
    assert [(t.name, t.threshold) for t in saved] == [
        ("Bronze", 0),
        ("Sidabras", 300),
        ("Platinum", 2000),
    ]
    assert saved[1].id == silver.id and gold.id not in {t.id for t in saved}


def test_a_tier_in_use_cannot_be_removed(db: Database) -> None:
    bronze, silver, gold = programme.load(db).tiers
    create_customer(db, name="Ona")  # holds Bronze
    add_reward(db, name="Golden cake", points_cost=100, min_tier_id=gold.id)
    before = snapshot(db)
    with pytest.raises(InvalidInput, match="Customers hold the tier Bronze"):
        programme.replace_tiers(db, [silver, gold])
    with pytest.raises(InvalidInput, match="Golden cake"):
        programme.replace_tiers(db, [bronze, silver])
    with pytest.raises(InvalidInput, match="must increase"):
        programme.replace_tiers(db, [bronze, gold, silver])
    assert snapshot(db) == before

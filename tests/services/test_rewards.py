"""Redemptions: only with enough points and the right tier; single-use vouchers; donations."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from shopkeeper.domain.codes import VOUCHER_ALPHABET
from shopkeeper.domain.errors import InvalidInput, NotAllowed, NotEnoughPoints, UnknownRecord
from shopkeeper.services import programme
from shopkeeper.services.customers import archive_customer, create_customer
from shopkeeper.services.rewards import (
    add_reward,
    donation_totals,
    find_voucher,
    list_rewards,
    redeem_reward,
    use_voucher,
)
from shopkeeper.services.visits import record_visit
from shopkeeper.storage.database import Database
from tests.conftest import FakeClock
from tests.services.support import balance, ledger_kinds, ledger_sum, rows, snapshot


def rich(db: Database, name: str = "Ona", euros: int = 450) -> str:
    card = create_customer(db, name=name).card_number
    record_visit(db, card_number=card, amount_cents=euros * 100)
    return card


def test_default_catalogue(db: Database) -> None:
    items = list_rewards(db)
    assert [(r.name, r.points_cost, r.value_cents) for r in items] == [
        ("Free coffee", 100, 250),
        ("Cake of your choice", 250, 600),
        ("10 EUR off", 400, 1000),
    ]
    assert all(r.active and r.cause is None and r.min_tier is None for r in items)


def test_redeem_spends_points_and_gives_a_voucher(db: Database, clock: FakeClock) -> None:
    card = create_customer(db, name="Ona").card_number
    record_visit(db, card_number=card, amount_cents=10_000)  # 50 + 100 = 150
    coffee = list_rewards(db)[0]
    done = redeem_reward(db, card_number=card, reward_id=coffee.id, staff="Rūta")
    assert (done.points_spent, done.points_balance, done.reward_name) == (100, 50, "Free coffee")
    assert len(done.voucher_code) == 10 and set(done.voucher_code) <= set(VOUCHER_ALPHABET)
    assert done.valid_until == date(2026, 11, 16) + timedelta(days=90)
    stored = rows(db, "redemption")
    assert len(stored) == 1 and done.voucher_code in stored[0]
    customer_id = rows(db, "customer")[0][0]
    assert ledger_kinds(db, customer_id)[-1] == ("redemption", -100)
    assert ledger_sum(db, customer_id) == balance(db, customer_id) == 50
    voucher = find_voucher(db, done.voucher_code.lower())
    assert (voucher.customer_name, voucher.reward_name, voucher.used_at) == (
        "Ona",
        "Free coffee",
        None,
    )


def test_not_enough_points_changes_nothing(db: Database) -> None:
    card = create_customer(db, name="Ona").card_number  # 50 points
    before = snapshot(db)
    with pytest.raises(NotEnoughPoints) as caught:
        redeem_reward(db, card_number=card, reward_id=list_rewards(db)[0].id)
    assert str(caught.value) == "Not enough points: this needs 100, the balance is 50."
    assert snapshot(db) == before


def test_unknown_inactive_and_archived_are_refused(db: Database) -> None:
    card = rich(db)
    before = snapshot(db)
    with pytest.raises(UnknownRecord, match="no active reward number 99"):
        redeem_reward(db, card_number=card, reward_id=99)
    archive_customer(db, card)
    with pytest.raises(NotAllowed, match="Ona is archived"):
        redeem_reward(db, card_number=card, reward_id=list_rewards(db)[0].id)
    archive_customer(db, card, archived=False)
    assert snapshot(db)["ledger_entry"] == before["ledger_entry"]
    assert snapshot(db)["redemption"] == before["redemption"] == []


def test_tier_minimum(db: Database) -> None:
    gold = next(tier for tier in programme.load(db).tiers if tier.name == "Gold")
    reward = add_reward(db, name="Golden cake", points_cost=100, min_tier_id=gold.id)
    assert reward.min_tier == "Gold"
    card = rich(db, euros=450)  # Silver, 500 points
    before = snapshot(db)
    with pytest.raises(NotAllowed, match="Golden cake is for Gold members and above."):
        redeem_reward(db, card_number=card, reward_id=reward.id)
    assert snapshot(db) == before
    record_visit(db, card_number=card, amount_cents=40_000)  # now Gold
    assert redeem_reward(db, card_number=card, reward_id=reward.id).reward_name == "Golden cake"


def test_affordable_rewards_respect_the_tier(db: Database) -> None:
    gold = next(tier for tier in programme.load(db).tiers if tier.name == "Gold")
    add_reward(db, name="Golden cake", points_cost=100, min_tier_id=gold.id)
    card = create_customer(db, name="Ona").card_number
    booked = record_visit(db, card_number=card, amount_cents=20_000)  # 250 points, still Bronze
    assert [r.name for r in booked.affordable] == ["Free coffee", "Cake of your choice"]


def test_voucher_is_usable_once(db: Database, clock: FakeClock) -> None:
    card = rich(db)
    code = redeem_reward(db, card_number=card, reward_id=list_rewards(db)[0].id).voucher_code
    clock.advance(days=1)
    used = use_voucher(db, code[:5] + "-" + code[5:])
    assert used.used_at == clock.now
    stored = rows(db, "redemption")
    with pytest.raises(NotAllowed, match=f"Voucher {code} was already used on 2026-11-17."):
        use_voucher(db, code)
    assert rows(db, "redemption") == stored


def test_expired_voucher_is_refused(db: Database, clock: FakeClock) -> None:
    card = rich(db)
    done = redeem_reward(db, card_number=card, reward_id=list_rewards(db)[0].id)
    clock.advance(days=90)
    assert find_voucher(db, done.voucher_code).valid_until == date(2027, 2, 14)
    clock.advance(days=1)
    with pytest.raises(NotAllowed, match=f"expired on {done.valid_until.isoformat()}"):
        use_voucher(db, done.voucher_code)
    assert find_voucher(db, done.voucher_code).used_at is None


def test_unknown_or_malformed_voucher(db: Database) -> None:
    with pytest.raises(UnknownRecord, match="No voucher has the code 0000000000."):
        use_voucher(db, "0000000000")
    with pytest.raises(InvalidInput, match="not a voucher code"):
        find_voucher(db, "' OR 1=1 --")


def test_voucher_codes_are_unique(db: Database) -> None:
    card = create_customer(db, name="Ona").card_number
    record_visit(db, card_number=card, amount_cents=100_000)
    programme.update_rules(db, max_amount_cents=1_000_000)
    for _ in range(4):
        record_visit(db, card_number=card, amount_cents=1_000_000)
    coffee = list_rewards(db)[0].id
    codes = [redeem_reward(db, card_number=card, reward_id=coffee).voucher_code for _ in range(60)]
    assert len(set(codes)) == 60


def test_donations_keep_a_running_total_per_cause(db: Database) -> None:
    shelter = add_reward(
        db, name="Meal for a dog", points_cost=100, value_cents=300, cause="Shelter"
    )
    school = add_reward(
        db, name="Book for a school", points_cost=200, value_cents=500, cause="School"
    )
    again = add_reward(
        db, name="Blanket for a dog", points_cost=150, value_cents=400, cause="Shelter"
    )
    assert (shelter.cause, school.cause, again.cause) == ("Shelter", "School", "Shelter")
    ona, jonas = rich(db, "Ona"), rich(db, "Jonas")
    gift = redeem_reward(db, card_number=ona, reward_id=shelter.id)
    assert gift.cause == "Shelter"
    assert find_voucher(db, gift.voucher_code).used_at is not None  # a gift is used at once
    redeem_reward(db, card_number=jonas, reward_id=again.id)
    redeem_reward(db, card_number=jonas, reward_id=shelter.id)
    redeem_reward(db, card_number=ona, reward_id=school.id)
    totals = {(c.name, c.donations, c.points, c.value_cents) for c in donation_totals(db)}
    assert totals == {("Shelter", 3, 350, 1000), ("School", 1, 200, 500)}


def test_a_cause_with_no_gifts_yet_shows_zero(db: Database) -> None:
    add_reward(db, name="Tree", points_cost=100, cause="Park")
    assert [(c.name, c.donations, c.points) for c in donation_totals(db)] == [("Park", 0, 0)]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"name": " ", "points_cost": 10}, "needs a name"),
        ({"name": "Free", "points_cost": 0}, "at least one point"),
        ({"name": "Odd", "points_cost": 10, "value_cents": -1}, "cannot be negative"),
    ],
)
def test_bad_rewards_are_refused(db: Database, fields: dict, message: str) -> None:
    before = snapshot(db)
    with pytest.raises(InvalidInput, match=message):
        add_reward(db, **fields)
    assert snapshot(db) == before

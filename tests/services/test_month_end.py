"""Closing a month: expiry oldest-first, birthday bonus once a year, tier review; idempotent."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from shopkeeper.domain.calendar import Month
from shopkeeper.domain.errors import InvalidInput
from shopkeeper.services import programme
from shopkeeper.services.customers import archive_customer, create_customer
from shopkeeper.services.ledger import correct_points, ledger
from shopkeeper.services.month_end import month_end
from shopkeeper.services.rewards import list_rewards, redeem_reward
from shopkeeper.services.summary import customer_summary
from shopkeeper.services.visits import record_visit, reverse_visit
from shopkeeper.storage.database import Database
from tests.conftest import FakeClock
from tests.services.support import balance, ledger_kinds, ledger_sum, snapshot

OCTOBER = Month(2026, 10)


def at(clock: FakeClock, *args: int) -> None:
    clock.set(datetime(*args, 10, 0, tzinfo=UTC))


def test_points_expire_after_twelve_months_oldest_first(db: Database, clock: FakeClock) -> None:
    at(clock, 2025, 9, 10)
    ona = create_customer(db, name="Ona")  # 50 welcome points, September 2025
    record_visit(db, card_number=ona.card_number, amount_cents=15_000)  # +150
    at(clock, 2025, 12, 5)
    redeem_reward(db, card_number=ona.card_number, reward_id=list_rewards(db)[0].id)  # -100
    record_visit(db, card_number=ona.card_number, amount_cents=3_000)  # +30, still young
    at(clock, 2026, 11, 16)
    assert balance(db, ona.id) == 130
    result = month_end(db, OCTOBER)
    # 200 earned before November 2025, of which 100 were spent first: 100 expire, 30 stay.
    assert (result.month, result.expired_customers, result.expired_points) == ("2026-10", 1, 100)
    assert balance(db, ona.id) == ledger_sum(db, ona.id) == 30
    last = ledger(db, ona.card_number)[-1]
    assert (last.kind, last.points, last.balance_after) == ("expiry", -100, 30)
    assert last.at == datetime(2026, 10, 31, 22, 0, tzinfo=UTC)  # the end of October, local


def test_nothing_expires_before_its_time(db: Database, clock: FakeClock) -> None:
    at(clock, 2025, 11, 3)  # November 2025: expires when November 2026 is closed
    ona = create_customer(db, name="Ona")
    at(clock, 2026, 11, 16)
    assert month_end(db, OCTOBER).expired_points == 0
    at(clock, 2026, 12, 2)
    assert month_end(db).expired_points == 50  # closing November 2026
    assert balance(db, ona.id) == 0


def test_expiry_can_be_switched_off(db: Database, clock: FakeClock) -> None:
    programme.update_rules(db, expiry_months=0)
    at(clock, 2020, 1, 10)
    ona = create_customer(db, name="Ona")
    at(clock, 2026, 11, 16)
    assert month_end(db, OCTOBER).expired_points == 0
    assert balance(db, ona.id) == 50


def test_reversed_old_points_are_not_expired_twice(db: Database, clock: FakeClock) -> None:
    at(clock, 2025, 6, 1)
    ona = create_customer(db, name="Ona")
    old = record_visit(db, card_number=ona.card_number, amount_cents=8_000)  # +80
    at(clock, 2026, 3, 1)
    reverse_visit(db, visit_id=old.visit_id, reason="refund")  # -80
    record_visit(db, card_number=ona.card_number, amount_cents=2_000)  # +20
    at(clock, 2026, 11, 16)
    result = month_end(db, OCTOBER)
    assert result.expired_points == 50  # only the welcome bonus was old and alive
    assert balance(db, ona.id) == ledger_sum(db, ona.id) == 20


def test_corrections_count_as_spending_and_earning(db: Database, clock: FakeClock) -> None:
    at(clock, 2025, 6, 1)
    ona = create_customer(db, name="Ona")  # 50
    correct_points(db, card_number=ona.card_number, points=30, reason="paper card")  # +30 old
    at(clock, 2026, 6, 1)
    correct_points(db, card_number=ona.card_number, points=-60, reason="double booking")
    correct_points(db, card_number=ona.card_number, points=40, reason="apology")
    at(clock, 2026, 11, 16)
    assert month_end(db, OCTOBER).expired_points == 20  # 80 old - 60 spent
    assert balance(db, ona.id) == 40


def test_a_negative_balance_expires_nothing(db: Database, clock: FakeClock) -> None:
    at(clock, 2025, 6, 1)
    ona = create_customer(db, name="Ona")
    booked = record_visit(db, card_number=ona.card_number, amount_cents=5_000)
    redeem_reward(db, card_number=ona.card_number, reward_id=list_rewards(db)[0].id)
    at(clock, 2026, 11, 1)
    reverse_visit(db, visit_id=booked.visit_id)
    assert balance(db, ona.id) == -50
    at(clock, 2026, 11, 16)
    assert month_end(db, OCTOBER).expired_points == 0
    assert balance(db, ona.id) == -50


def test_birthday_bonus_once_a_year_for_the_coming_month(db: Database, clock: FakeClock) -> None:
    at(clock, 2026, 1, 10)
    ona = create_customer(db, name="Ona", birthday="1990-11-20")
    jonas = create_customer(db, name="Jonas", birthday="1985-12-01")
    gone = create_customer(db, name="Gone", birthday="1970-11-02")
    archive_customer(db, gone.card_number)
    at(clock, 2026, 11, 2)
    result = month_end(db, OCTOBER)  # birthdays of November
    assert (result.birthday_bonuses, result.birthday_points) == (1, 100)
    assert ledger_kinds(db, ona.id)[-1] == ("birthday_bonus", 100)
    assert ledger_kinds(db, jonas.id) == [("welcome_bonus", 50)]
    assert ledger_kinds(db, gone.id) == [("welcome_bonus", 50)]
    assert month_end(db, OCTOBER).birthday_bonuses == 0
    at(clock, 2026, 12, 2)
    assert month_end(db).birthday_bonuses == 1  # Jonas, December
    at(clock, 2027, 11, 2)
    assert month_end(db, Month(2027, 10)).birthday_bonuses == 1  # Ona again, a year later
    assert [k for k, _ in ledger_kinds(db, ona.id)].count("birthday_bonus") == 2
    assert balance(db, ona.id) == ledger_sum(db, ona.id)


def test_leap_day_birthday_gets_its_bonus_in_february(db: Database, clock: FakeClock) -> None:
    at(clock, 2026, 11, 16)
    leap = create_customer(db, name="Vasaris", birthday="2000-02-29")
    at(clock, 2027, 2, 1)
    assert month_end(db, Month(2027, 1)).birthday_bonuses == 1
    assert ledger_kinds(db, leap.id)[-1] == ("birthday_bonus", 100)


def test_january_birthdays_are_given_by_the_december_closing(
    db: Database, clock: FakeClock
) -> None:
    at(clock, 2026, 11, 16)
    ona = create_customer(db, name="Ona", birthday="1990-01-15")
    at(clock, 2027, 1, 2)
    assert month_end(db, Month(2026, 12)).birthday_bonuses == 1
    assert month_end(db, Month(2026, 12)).birthday_bonuses == 0
    at(clock, 2027, 12, 2)
    month_end(db, Month(2027, 11))
    assert month_end(db, Month(2027, 12)).birthday_bonuses == 1  # for January 2028
    assert [k for k, _ in ledger_kinds(db, ona.id)].count("birthday_bonus") == 2


def test_a_tier_goes_down_only_at_the_month_end(db: Database, clock: FakeClock) -> None:
    at(clock, 2025, 9, 10)
    ona = create_customer(db, name="Ona")
    assert record_visit(db, card_number=ona.card_number, amount_cents=30_000).tier == "Silver"
    at(clock, 2026, 11, 16)  # the Silver year is over, but not reviewed yet
    booked = record_visit(db, card_number=ona.card_number, amount_cents=1_000)
    assert (booked.tier, booked.points_earned) == ("Silver", 12)  # still Silver's multiplier
    assert customer_summary(db, ona.card_number).tier == "Silver"
    result = month_end(db, OCTOBER)
    assert (result.tier_downgrades, result.tier_upgrades) == (1, 0)
    assert customer_summary(db, ona.card_number).tier == "Bronze"
    assert month_end(db, OCTOBER).tier_downgrades == 0


def test_the_review_keeps_a_tier_still_earned(db: Database, clock: FakeClock) -> None:
    at(clock, 2026, 3, 1)
    ona = create_customer(db, name="Ona")
    record_visit(db, card_number=ona.card_number, amount_cents=80_000)
    assert customer_summary(db, ona.card_number).tier == "Gold"
    at(clock, 2026, 11, 16)
    result = month_end(db, OCTOBER)
    assert (result.tier_downgrades, result.tier_upgrades) == (0, 0)
    assert customer_summary(db, ona.card_number).tier == "Gold"


def test_a_month_not_yet_begun_cannot_be_closed(db: Database) -> None:
    before = snapshot(db)
    with pytest.raises(InvalidInput, match="2026-12 has not started yet"):
        month_end(db, Month(2026, 12))
    assert snapshot(db) == before


def test_default_month_is_the_last_complete_one(db: Database, clock: FakeClock) -> None:
    assert month_end(db).month == "2026-10"
    at(clock, 2027, 1, 1)
    assert month_end(db).month == "2026-12"


def test_running_twice_changes_nothing_the_second_time(db: Database, clock: FakeClock) -> None:
    at(clock, 2025, 8, 1)
    cards = [
        create_customer(db, name=name, birthday=birthday).card_number
        for name, birthday in [("Ona", "1990-11-03"), ("王小明", "1988-11-30"), ("Tom", None)]
    ]
    for card in cards:
        record_visit(db, card_number=card, amount_cents=30_000)
    at(clock, 2026, 2, 1)
    redeem_reward(db, card_number=cards[0], reward_id=list_rewards(db)[1].id)
    record_visit(db, card_number=cards[1], amount_cents=2_000)
    at(clock, 2026, 11, 16)
    first = month_end(db, OCTOBER)
    assert first.changed_anything
    assert (first.expired_customers, first.birthday_bonuses, first.tier_downgrades) == (3, 2, 3)
    after_first = snapshot(db)
    second = month_end(db, OCTOBER)
    assert not second.changed_anything
    assert (second.expired_points, second.birthday_points) == (0, 0)
    assert snapshot(db) == after_first
    for customer_id in (1, 2, 3):
        assert balance(db, customer_id) == ledger_sum(db, customer_id)


def test_a_back_dated_booking_before_a_rerun_expires_at_the_next_closing(
    db: Database, clock: FakeClock
) -> None:
    at(clock, 2025, 10, 1)
    ona = create_customer(db, name="Ona")
    at(clock, 2026, 11, 16)
    assert month_end(db, OCTOBER).expired_points == 50
    # A paper card from October 2025 is typed in after October 2026 was closed.
    record_visit(
        db, card_number=ona.card_number, amount_cents=1_000, at=datetime(2025, 10, 5, tzinfo=UTC)
    )
    rerun = month_end(db, OCTOBER)  # once per month and customer: no second October expiry
    assert rerun.expired_points == 0
    at(clock, 2026, 12, 2)
    assert month_end(db).expired_points == 10
    assert [e for e in ledger_kinds(db, ona.id) if e[0] == "expiry"] == [
        ("expiry", -50),
        ("expiry", -10),
    ]
    assert balance(db, ona.id) == ledger_sum(db, ona.id) == 0

"""Expiry takes the oldest points first: what was earned before the cutoff minus what was spent."""

from datetime import UTC, datetime

import pytest

from shopkeeper.domain.calendar import Month
from shopkeeper.domain.expiry import expiry_cutoff, points_to_expire


def test_cutoff_twelve_months() -> None:
    # Closing November 2026 with 12 months expires what was earned before December 2025
    # (Vilnius midnight is 22:00 UTC the day before in winter).
    assert expiry_cutoff(Month(2026, 11), 12) == datetime(2025, 11, 30, 22, 0, tzinfo=UTC)


def test_cutoff_crosses_years_and_summer_time() -> None:
    assert expiry_cutoff(Month(2026, 1), 6) == datetime(2025, 7, 31, 21, 0, tzinfo=UTC)
    assert expiry_cutoff(Month(2026, 3), 1) == datetime(2026, 2, 28, 22, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("earned_before", "spent", "balance", "expires"),
    [
        (100, 0, 100, 100),  # nothing spent: all old points go
        (100, 30, 170, 70),  # 30 spent came out of the old points first
        (100, 150, 50, 0),  # spending used all old points and more
        (100, 0, 40, 40),  # a reversal took the balance lower: never below zero
        (0, 0, 500, 0),
        (100, 0, -20, 0),  # a negative balance expires nothing
    ],
)
def test_fifo_arithmetic(earned_before: int, spent: int, balance: int, expires: int) -> None:
    assert points_to_expire(earned_before, spent, balance) == expires


def test_a_second_expiry_with_the_first_counted_as_spent_expires_nothing() -> None:
    first = points_to_expire(100, 30, 170)
    assert points_to_expire(100, 30 + first, 170 - first) == 0


# --- under a history of rule changes -------------------------------------------------------

NOV_2024 = datetime(2024, 11, 4, 9, 0, tzinfo=UTC)
JUN_2025 = datetime(2025, 6, 1, 9, 0, tzinfo=UTC)


def test_each_point_lives_the_longest_of_its_rules_and_every_later_one() -> None:
    from shopkeeper.domain.expiry import RulePeriod, effective, lifetimes, single_lifetime

    switched_on = [RulePeriod(NOV_2024, 0), RulePeriod(JUN_2025, 12)]
    assert lifetimes(switched_on) == [None, 12]
    assert single_lifetime(switched_on) is False
    shortened = [RulePeriod(NOV_2024, 24), RulePeriod(JUN_2025, 12)]
    assert lifetimes(shortened) == [24, 12]
    lengthened = [RulePeriod(NOV_2024, 12), RulePeriod(JUN_2025, 24)]
    assert single_lifetime(lengthened) == 24
    switched_off = [RulePeriod(NOV_2024, 12), RulePeriod(JUN_2025, 0)]
    assert single_lifetime(switched_off) is None
    # defaults replaced at the very instant the shop was made were never in force
    assert effective([RulePeriod(NOV_2024, 12), RulePeriod(NOV_2024, 0)]) == [
        RulePeriod(NOV_2024, 0)
    ]


def test_walking_the_ledger_after_switching_expiry_on() -> None:
    from shopkeeper.domain.expiry import Entry, RulePeriod, points_due

    periods = [RulePeriod(NOV_2024, 0), RulePeriod(JUN_2025, 12)]
    old = Entry(1, datetime(2024, 12, 1, tzinfo=UTC), 150, "visit")
    new = Entry(2, datetime(2025, 7, 1, tzinfo=UTC), 30, "visit")
    spent = Entry(3, datetime(2025, 8, 1, tzinfo=UTC), -100, "redemption")
    assert points_due([old, new], Month(2026, 7), periods, 180) == 30  # July 2025 + 12
    assert points_due([old, new], Month(2026, 6), periods, 180) == 0
    assert points_due([old, new, spent], Month(2026, 7), periods, 80) == 30  # old spent first
    expired = Entry(4, datetime(2026, 7, 31, 21, tzinfo=UTC), -30, "expiry", period="2026-07")
    assert points_due([old, new, spent, expired], Month(2026, 8), periods, 50) == 0
    reversed_new = Entry(5, datetime(2025, 7, 2, tzinfo=UTC), -30, "reversal", reverses_id=2)
    assert points_due([old, new, reversed_new], Month(2026, 7), periods, 150) == 0

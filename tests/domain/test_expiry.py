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

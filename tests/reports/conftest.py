"""A small shop built by hand, month by month, whose report figures are computed by hand in
the tests (the expected numbers are written out there, with their arithmetic)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import pytest

from shopkeeper.domain.calendar import Month
from shopkeeper.services import (
    customers,
    feedback,
    month_end,
    notes,
    programme,
    rewards,
    visits,
)


@dataclass(frozen=True)
class Shop:
    weekly: str  # Ona Žemaitė: weekly in October, then absent three weeks -> at risk
    monthly: str  # 王小明: monthly, absent three weeks -> not at risk
    twice: str  # Jonas: two visits in July, a third in November (moves up the ladder)
    once: str  # 陳美玲: one visit in August
    john: str  # John Smith: joined in September, one visit
    big: str  # Agnė Šimkutė: weekly and spends most -> at risk, first on the list


def when(month: int, day: int, hour: int = 10) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=UTC)


@pytest.fixture
def shop(db, clock) -> Shop:  # noqa: ANN001
    def at(month: int, day: int) -> None:
        clock.set(when(month, day))

    def add(name: str, **extra: object) -> str:
        return customers.create_customer(db, name=name, **extra).card_number

    def visit(card: str, euros: int = 10) -> None:
        visits.record_visit(db, card_number=card, amount_cents=euros * 100)

    at(7, 10)
    weekly = add("Ona Žemaitė", phone="8 612 34567")
    monthly = add("王小明")
    twice = add("Jonas Jonaitis")
    once = add("陳美玲")
    at(7, 20), visit(twice)
    at(7, 21), visit(twice)
    at(7, 26), visit(monthly)
    at(8, 5), visit(once)
    at(8, 26), visit(monthly)
    at(9, 15)
    john = add("John Smith")
    big = add("Agnė Šimkutė")
    at(9, 26), visit(monthly)
    at(10, 1), visit(big, 30)
    at(10, 5), visit(weekly)
    problem = notes.add_note(db, card_number=twice, text="Card not scanning", kind="problem")
    at(10, 8), visit(big, 30)
    at(10, 10), visit(john)
    feedback.record_feedback(db, john, 8, comment="Loved the rye")
    at(10, 12), visit(weekly)
    at(10, 15), visit(big, 30)
    at(10, 19), visit(weekly)
    at(10, 20)
    feedback.record_feedback(db, once, 7, comment="A bit slow")
    at(10, 22), visit(big, 30)
    at(10, 26), visit(weekly), visit(monthly)
    at(11, 1)
    notes.add_note(db, card_number=monthly, text="Cake was stale", kind="problem")
    at(11, 2)
    notes.resolve_note(db, problem.id)
    at(11, 10), visit(twice)
    feedback.record_feedback(db, weekly, 10, comment="Perfect")
    at(11, 14)
    notes.add_note(db, card_number=john, text="Wrong change given", kind="problem")
    notes.add_note(db, card_number=weekly, text="Prefers rye; call after 17:00", pinned=True)
    at(11, 16)
    programme.update_rules(db, expiry_months=1)
    month_end.month_end(db, Month(2026, 10))
    coffee = next(r for r in rewards.list_rewards(db) if r.name == "Free coffee")
    rewards.redeem_reward(db, card_number=big, reward_id=coffee.id)
    return Shop(weekly, monthly, twice, once, john, big)

"""Expiry is not retroactive: a rule change applies to points earned after it, and is recorded
with its date and who made it. Each test runs a shop over years on a real file."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from shopkeeper.bootstrap import open_database
from shopkeeper.domain.calendar import Month
from shopkeeper.domain.errors import InvalidInput
from shopkeeper.services import programme
from shopkeeper.services.customers import create_customer
from shopkeeper.services.month_end import month_end
from shopkeeper.services.rewards import list_rewards, redeem_reward
from shopkeeper.services.visits import record_visit
from shopkeeper.storage.database import Database
from tests.conftest import FakeClock
from tests.services.support import balance, ledger_sum, snapshot


def on(clock: FakeClock, year: int, month: int, day: int) -> None:
    clock.set(datetime(year, month, day, 10, 0, tzinfo=UTC))


@pytest.fixture
def shop(tmp_path: Path) -> Iterator[tuple[Database, FakeClock]]:
    """A shop opened in November 2024 that ran without expiry at first."""
    clock = FakeClock(datetime(2024, 11, 4, 9, 0, tzinfo=UTC))
    db = open_database(tmp_path / "shop.db", shop_name="Senoji kepykla", clock=clock)
    programme.update_rules(db, expiry_months=0, changed_by="Ona")
    yield db, clock
    db.dispose()


def test_switching_expiry_on_spares_points_earned_before(shop) -> None:
    db, clock = shop
    on(clock, 2024, 11, 10)
    jonas = create_customer(db, name="Jonas")  # +50 welcome
    record_visit(db, card_number=jonas.card_number, amount_cents=10_000)  # +100, two years ago
    on(clock, 2026, 11, 16)
    programme.update_rules(db, expiry_months=12, changed_by="Rūta")
    on(clock, 2026, 11, 20)
    record_visit(db, card_number=jonas.card_number, amount_cents=3_000)  # +30 under the new rule
    on(clock, 2026, 12, 2)
    closed = month_end(db, Month(2026, 11))
    assert (closed.expired_customers, closed.expired_points) == (0, 0)
    assert balance(db, jonas.id) == 180
    before = snapshot(db)
    assert month_end(db, Month(2026, 11)).expired_points == 0  # twice: nothing changes
    assert snapshot(db) == before

    on(clock, 2027, 11, 2)
    assert month_end(db, Month(2027, 10)).expired_points == 0  # not due yet
    on(clock, 2027, 12, 2)
    due = month_end(db, Month(2027, 11))  # twelve months after November 2026
    assert (due.expired_customers, due.expired_points) == (1, 30)
    assert balance(db, jonas.id) == ledger_sum(db, jonas.id) == 150
    before = snapshot(db)
    again = month_end(db, Month(2027, 11))
    assert (again.expired_points, snapshot(db)) == (0, before)
    on(clock, 2028, 1, 3)
    assert month_end(db, Month(2027, 12)).expired_points == 0  # the old points never expire
    assert balance(db, jonas.id) == 150


def test_spending_takes_the_oldest_points_first_across_a_change(shop) -> None:
    db, clock = shop
    on(clock, 2024, 11, 10)
    ona = create_customer(db, name="Ona")
    record_visit(db, card_number=ona.card_number, amount_cents=10_000)  # 150 that never expire
    on(clock, 2026, 11, 16)
    programme.update_rules(db, expiry_months=12)
    record_visit(db, card_number=ona.card_number, amount_cents=3_000)  # 30 that will
    redeem_reward(db, card_number=ona.card_number, reward_id=list_rewards(db)[0].id)  # -100
    on(clock, 2027, 12, 2)
    # the 100 came out of the old points: 50 old and the 30 new are left, and the 30 go
    assert month_end(db, Month(2027, 11)).expired_points == 30
    assert balance(db, ona.id) == 50


def test_shortening_applies_only_to_points_earned_after(shop) -> None:
    db, clock = shop
    programme.update_rules(db, expiry_months=24)
    on(clock, 2025, 1, 10)
    ona = create_customer(db, name="Ona")  # 50 points that live 24 months
    on(clock, 2025, 6, 1)
    programme.update_rules(db, expiry_months=12)
    on(clock, 2025, 7, 10)
    record_visit(db, card_number=ona.card_number, amount_cents=4_000)  # 40 that live 12
    on(clock, 2026, 8, 2)
    assert month_end(db, Month(2026, 7)).expired_points == 40
    on(clock, 2026, 12, 2)
    assert month_end(db, Month(2026, 11)).expired_points == 0
    on(clock, 2027, 2, 2)
    assert month_end(db, Month(2027, 1)).expired_points == 50
    assert balance(db, ona.id) == 0


def test_longer_expiry_or_none_helps_points_already_held(shop) -> None:
    db, clock = shop
    programme.update_rules(db, expiry_months=6)
    on(clock, 2025, 1, 10)
    ona = create_customer(db, name="Ona")
    on(clock, 2025, 3, 1)
    programme.update_rules(db, expiry_months=0)  # switched off: nobody loses points any more
    on(clock, 2026, 11, 2)
    assert month_end(db, Month(2026, 10)).expired_points == 0
    assert balance(db, ona.id) == 50


def test_a_change_is_recorded_with_its_date_and_who_made_it(shop) -> None:
    db, clock = shop
    on(clock, 2026, 3, 15)
    programme.update_rules(db, expiry_months=18, points_per_unit="2", changed_by="Rūta")
    history = programme.rules_history(db)
    assert [(h.at, h.changed_by, h.rules.expiry_months) for h in history] == [
        (datetime(2024, 11, 4, 9, 0, tzinfo=UTC), None, 12),  # the new shop's defaults
        (datetime(2024, 11, 4, 9, 0, tzinfo=UTC), "Ona", 0),
        (datetime(2026, 3, 15, 10, 0, tzinfo=UTC), "Rūta", 18),
    ]
    assert history[-1].changed == ("points_per_unit", "expiry_months")
    programme.update_rules(db, expiry_months=18)  # no difference: nothing recorded
    assert len(programme.rules_history(db)) == 3
    with pytest.raises(InvalidInput):
        programme.update_rules(db, expiry_months=-1)
    assert len(programme.rules_history(db)) == 3

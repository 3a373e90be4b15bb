"""A small hand-built shop whose list answers are known by heart."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from shopkeeper.services import customers, notes
from shopkeeper.services.visits import record_visit
from shopkeeper.storage.database import Database


@dataclass(frozen=True)
class ListShop:
    meiling: str  # joined 2026-01-10, no visits
    ona: str  # birthday in November, consents to letters, 3 visits weekly in September: at risk
    jonas: str  # 3 weekly visits up to yesterday, big spender: not at risk
    xiaoming: str  # 2 visits long ago (too few to judge), an open problem
    john: str  # archived


@pytest.fixture
def list_shop(db: Database, clock) -> ListShop:  # noqa: ANN001
    now = clock.now
    clock.set(datetime(2026, 1, 10, 10, 0, tzinfo=UTC))
    meiling = customers.create_customer(db, name="陳美玲").card_number
    clock.set(now)
    ona = customers.create_customer(
        db, name="Ona Žemaitė", birthday="1980-11-18", letters_consent=True
    ).card_number
    jonas = customers.create_customer(db, name="Jonas Jonaitis").card_number
    xiaoming = customers.create_customer(db, name="王小明").card_number
    john = customers.create_customer(db, name="John Smith").card_number
    start = datetime(2026, 9, 1, 9, 0, tzinfo=UTC)
    for week, amount in enumerate((1000, 2000, 3000)):
        record_visit(db, card_number=ona, amount_cents=amount, at=start + timedelta(weeks=week))
    for day in (1, 8, 15):
        record_visit(
            db, card_number=jonas, amount_cents=20000, at=datetime(2026, 11, day, 9, tzinfo=UTC)
        )
    for day in (2, 4):
        record_visit(
            db, card_number=xiaoming, amount_cents=500, at=datetime(2026, 3, day, 9, tzinfo=UTC)
        )
    notes.add_note(db, card_number=xiaoming, text="Cake was dry", kind="problem")
    solved = notes.add_note(db, card_number=ona, text="Old complaint", kind="problem")
    notes.resolve_note(db, solved.id)
    customers.archive_customer(db, john)
    return ListShop(meiling, ona, jonas, xiaoming, john)

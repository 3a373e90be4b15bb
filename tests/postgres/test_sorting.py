"""The customer list sorts the same on both engines; empty values (never visited, no phone)
come last whichever the direction."""

from __future__ import annotations

from datetime import timedelta

import pytest

from shopkeeper.services import customer_list as cl
from shopkeeper.services.customers import create_customer
from shopkeeper.services.visits import record_visit
from shopkeeper.storage.database import Database
from tests.conftest import FakeClock

PEOPLE = [  # name, phone, days ago of the last visit (None: never)
    ("Ona Žemaitė", "+37061234567", 3),
    ("jonas Jonaitis", None, 10),
    ("王小明", "+8613812345678", None),
    ("Zita Zu", "+37061200000", 1),
    ("Ąžuolas Ą", None, None),
    ("Anna Smith", "+442079460000", 30),
    ("陳美玲", None, 5),
]


@pytest.fixture
def shops(both: dict[str, Database], clock: FakeClock) -> dict[str, Database]:
    for db in both.values():
        for name, phone, days in PEOPLE:
            card = create_customer(db, name=name, phone=phone).card_number
            if days is not None:
                record_visit(
                    db, card_number=card, amount_cents=1000, at=clock.now - timedelta(days=days)
                )
    return both


def _names(db: Database, sort: str, descending: bool) -> list[str]:
    return [r.name for r in cl.page(db, cl.prepare(db), sort=sort, descending=descending)]


@pytest.mark.parametrize("descending", [False, True])
def test_every_sort_is_the_same_on_both_engines(
    shops: dict[str, Database], descending: bool
) -> None:
    for sort in cl.SORTS:
        lite = _names(shops["sqlite"], sort, descending)
        assert _names(shops["postgresql"], sort, descending) == lite, sort


@pytest.mark.parametrize("engine", ["sqlite", "postgresql"])
def test_never_visited_and_no_phone_come_last_both_ways(
    shops: dict[str, Database], engine: str
) -> None:
    db = shops[engine]
    assert _names(db, "last_visit", True) == [
        "Zita Zu", "Ona Žemaitė", "陳美玲", "jonas Jonaitis", "Anna Smith", "Ąžuolas Ą", "王小明"
    ]  # ties by id, in the list's direction
    assert _names(db, "last_visit", False) == [
        "Anna Smith", "jonas Jonaitis", "陳美玲", "Ona Žemaitė", "Zita Zu", "王小明", "Ąžuolas Ą"
    ]
    without_phone = {"jonas Jonaitis", "Ąžuolas Ą", "陳美玲"}
    for descending in (False, True):
        assert set(_names(db, "phone", descending)[-3:]) == without_phone
    # Names in code-point order of their search key, as SQLite compares: accents folded.
    assert _names(db, "name", False) == [
        "Anna Smith", "Ąžuolas Ą", "jonas Jonaitis", "Ona Žemaitė", "Zita Zu", "王小明", "陳美玲"
    ]

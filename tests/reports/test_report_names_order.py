"""The reports' lists of names follow the shop language's order (``domain.collation``)."""

from __future__ import annotations

from datetime import timedelta

from shopkeeper.services import programme, reports
from shopkeeper.services.customers import create_customer
from shopkeeper.services.visits import record_visit
from shopkeeper.storage.database import Database
from tests.conftest import FakeClock

NAMES = ["Žukas Ona", "Čapas Jonas", "Zigmas Lukas", "Cyras Tomas"]


def climbers(db: Database) -> list[str]:
    return [move.name for move in reports.ladder(db).moved_up]


def test_who_climbed_the_ladder_is_listed_by_name_in_the_shop_language(
    db: Database, clock: FakeClock
) -> None:
    today = clock.now
    clock.set(today - timedelta(days=40))
    cards = [create_customer(db, name=name).card_number for name in NAMES]
    for days in (40, 30, 0):  # the third visit, this month, makes each a regular
        clock.set(today - timedelta(days=days))
        for card in cards:
            record_visit(db, card_number=card, amount_cents=1000)
    programme.update_shop(db, language="lt")
    assert climbers(db) == ["Cyras Tomas", "Čapas Jonas", "Zigmas Lukas", "Žukas Ona"]
    programme.update_shop(db, language="en")
    assert climbers(db) == ["Čapas Jonas", "Cyras Tomas", "Zigmas Lukas", "Žukas Ona"]

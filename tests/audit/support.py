"""A shop with some life in it, and raw SQLite edits made behind the program's back."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import text

from shopkeeper.services.customers import create_customer
from shopkeeper.services.ledger import correct_points
from shopkeeper.services.notes import add_note
from shopkeeper.services.rewards import add_reward, redeem_reward
from shopkeeper.services.visits import record_visit
from shopkeeper.storage.database import Database
from tests.conftest import FakeClock


def busy_shop(db: Database, clock: FakeClock) -> tuple[str, str]:
    """Two customers with visits, a redemption, a correction and a note; their cards."""
    ona = create_customer(db, name="Žemaitė Ona", phone="+37061234567", birthday="1980-12-20")
    jonas = create_customer(db, name="Jonas Jonaitis")
    reward = add_reward(db, name="Kava", points_cost=20)
    for amount in (5_000, 2_500, 800):
        clock.advance(minutes=5)
        record_visit(db, card_number=ona.card_number, amount_cents=amount)
        record_visit(db, card_number=jonas.card_number, amount_cents=amount // 2)
    redeem_reward(db, card_number=ona.card_number, reward_id=reward.id)
    correct_points(db, card_number=jonas.card_number, points=7, reason="missed stamp")
    add_note(db, card_number=ona.card_number, text="Allergic to nuts")
    return ona.card_number, jonas.card_number


def raw(path: Path, sql: str, *params: object) -> None:
    """A change made with a database tool: plain sqlite3, no Shopkeeper."""
    connection = sqlite3.connect(path)
    try:
        with connection:
            connection.execute(sql, params)
    finally:
        connection.close()


def raw_value(path: Path, sql: str, *params: object) -> object:
    connection = sqlite3.connect(path)
    try:
        return connection.execute(sql, params).fetchone()[0]
    finally:
        connection.close()


def starts(db: Database) -> list[str]:
    """The log's "started at the upgrade" row, as a list of its kind: there on a migrated
    SQLite file, emptied away with every table between PostgreSQL tests."""
    with db.engine.connect() as connection:
        found = connection.execute(
            text("SELECT count(*) FROM audit_entry WHERE kind = 'audit.start'")
        ).scalar_one()
    return ["audit.start"] * found

"""Revision 0004 (import runs, imported visits, erasures) goes on and comes off cleanly."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic import command

from shopkeeper.bootstrap import open_database
from shopkeeper.storage import migrate
from shopkeeper.storage.database import Database

NEW_TABLES = {"import_run", "imported_visits", "erasure"}


def tables(path: Path) -> set[str]:
    with sqlite3.connect(path) as raw:
        return {r[0] for r in raw.execute("SELECT name FROM sqlite_master WHERE type='table'")}


def downgrade(db: Database, revision: str) -> None:
    config = migrate.alembic_config()
    with db.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


@pytest.mark.sqlite_only("builds a revision-0003 SQLite file")
def test_0004_goes_on_and_off_a_0003_shop_without_touching_its_rows(db_path: Path) -> None:
    db = Database.open(db_path)
    try:
        migrate.upgrade(db, "0003")
        with db.engine.begin() as connection:
            connection.exec_driver_sql(
                "INSERT INTO customer (card_number, name, name_key, language, letters_consent, "
                "joined_at, points_balance, visit_count, spent_cents) VALUES "
                "('200000016', 'Žemaitė Ona', 'zemaite ona', 'lt', 0, "
                "'2026-11-16 10:00:00.000000', 0, 0, 0)"
            )
        assert not NEW_TABLES & tables(db_path)
        migrate.upgrade(db, "0004")
        assert tables(db_path) >= NEW_TABLES
        downgrade(db, "0003")
        assert migrate.current_revision(db) == "0003"
        assert not NEW_TABLES & tables(db_path)
    finally:
        db.dispose()
    db = open_database(db_path)  # and up again to the newest, the customer kept
    try:
        assert migrate.current_revision(db) == migrate.head_revision()
        assert tables(db_path) >= NEW_TABLES
        with sqlite3.connect(db_path) as raw:
            assert raw.execute("SELECT card_number, name FROM customer").fetchall() == [
                ("200000016", "Žemaitė Ona")
            ]
    finally:
        db.dispose()

"""Helpers for service tests: look at the stored rows directly, as a second pair of eyes."""

from __future__ import annotations

from sqlalchemy import text

from shopkeeper.storage.database import Database

TABLES = (
    "customer",
    "visit",
    "ledger_entry",
    "redemption",
    "reward",
    "cause",
    "note",
    "tier",
    "setting",
    "search_token",
    "customer_fts",
)


def tables(db: Database) -> tuple[str, ...]:
    """The tables to look at: ``customer_fts`` exists on SQLite only (FTS5)."""
    return TABLES if db.is_sqlite else tuple(x for x in TABLES if x != "customer_fts")


def counts(db: Database) -> dict[str, int]:
    """Rows in every table: an error must leave these exactly as they were."""
    with db.engine.connect() as connection:
        return {
            table: connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
            for table in tables(db)
        }


def _insertion_order(db: Database, table: str) -> str:
    """SQLite's ``rowid``; elsewhere the primary key (the same order for these tables)."""
    if db.is_sqlite:
        return "rowid"
    from sqlmodel import SQLModel

    return ", ".join(c.name for c in SQLModel.metadata.tables[table].primary_key.columns)


def rows(db: Database, table: str, order: str | None = None) -> list[tuple]:
    order = order or _insertion_order(db, table)
    with db.engine.connect() as connection:
        return [
            tuple(r) for r in connection.execute(text(f"SELECT * FROM {table} ORDER BY {order}"))
        ]


def snapshot(db: Database) -> dict[str, list[tuple]]:
    """Every stored row of every table (what "changes nothing" is checked against)."""
    return {table: rows(db, table) for table in tables(db) if table != "customer_fts"}


def ledger_sum(db: Database, customer_id: int) -> int:
    with db.engine.connect() as connection:
        return connection.execute(
            text("SELECT coalesce(sum(points), 0) FROM ledger_entry WHERE customer_id = :id"),
            {"id": customer_id},
        ).scalar_one()


def balance(db: Database, customer_id: int) -> int:
    with db.engine.connect() as connection:
        return connection.execute(
            text("SELECT points_balance FROM customer WHERE id = :id"), {"id": customer_id}
        ).scalar_one()


def ledger_kinds(db: Database, customer_id: int) -> list[tuple[str, int]]:
    with db.engine.connect() as connection:
        return [
            (r[0], r[1])
            for r in connection.execute(
                text("SELECT kind, points FROM ledger_entry WHERE customer_id = :id ORDER BY id"),
                {"id": customer_id},
            )
        ]


def execute(db: Database, sql: str, **params: object) -> None:
    with db.engine.begin() as connection:
        connection.execute(text(sql), params)
